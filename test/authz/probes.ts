import { randomBytes, randomUUID } from 'node:crypto';
import { challengeBody } from '../factories/challenges';
import { eventBody } from '../factories/events';
import { proposalBody } from '../factories/proposals';
import type { Actor } from './permissions';
import type { World } from './world';

/** One request of the matrix: the concrete path (under /api/v1 unless it starts with /health), query and body. */
export interface RequestSpec {
  path: string;
  query?: Record<string, string | number>;
  body?: object;
  /** Lists: the id whose presence among the items is the outcome. */
  find?: string;
  /** Runs once the answer is in: puts back what the call changed for good (sign-out-everywhere). */
  after?: () => Promise<void>;
}

export interface ProbeContext {
  w: World;
  state: string;
  actor: Actor;
  /** The runner asks for an object of this call's own (see `fresh`). */
  fresh: boolean;
}

/**
 * How each operation of the table is called. Mutating operations must not change the shared
 * world for the cases after them; each probe does one of three things for its allowed calls:
 * - sends a body that changes nothing (PATCH with an empty body is 200 without a write; saving
 *   the same draft review again), or adds something nobody else looks at (a new organisation,
 *   challenge, draft proposal, effect goal, measurement, user, department);
 * - sends a request that the API refuses after authorization, for the object's state or the
 *   input (a member who is already one: 409; the sole owner: 422; a submit while a partner has
 *   not confirmed: 422; an acceptance while an evaluator is still assigned: 422; the wrong gate:
 *   422) — the status is named per state in the table;
 * - or, where only a real success proves it (`fresh`: publish, close, archive, delete, withdraw,
 *   decline, assign, declare, a time-gate go), makes an object of the call's own first.
 * Denied calls always go to the shared object: they must change nothing.
 */
export interface Probe {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** States in which an allowed call changes the object for good: it gets a fresh object. */
  fresh?: readonly string[];
  /** The cases must not run side by side. */
  serial?: true;
  request(c: ProbeContext): RequestSpec | Promise<RequestSpec>;
}

const missing = (): string => randomUUID();
const RATIONALE = 'The matrix needs a decision with a reason.';

function challengeId({ w, state }: ProbeContext): string {
  return state === 'missing' ? missing() : w.challenges[state as keyof World['challenges']];
}

/** The challenge of the state, or (fresh) a new one in that state. */
async function challengeFor(c: ProbeContext): Promise<string> {
  if (c.fresh) return c.w.challenge(c.state as keyof World['challenges']);
  return challengeId(c);
}

async function proposalFor(c: ProbeContext): Promise<string> {
  if (c.state === 'missing') return missing();
  const state = (c.state === 'submitted, org outside consortium' ? 'submitted' : c.state) as keyof World['proposals'];
  // A fresh proposal needs no evaluation: nothing its probe does depends on one.
  if (c.fresh) return (await c.w.proposal(state, 'none')).id;
  return c.w.proposals[state].id;
}

function organizationFor({ w, state }: ProbeContext): { id: string; owner: string; memberEmail: string } {
  if (state === 'missing') return { id: missing(), owner: missing(), memberEmail: w.users.leadMember.email };
  const org = w.orgs[state as keyof World['orgs']];
  return { id: org.id, owner: org.owner.id, memberEmail: org.member.email };
}

function assignmentFor({ w, state }: ProbeContext): { id: string; proposalId: string } {
  if (state === 'missing') return { id: missing(), proposalId: missing() };
  return w.assignments[state as keyof World['assignments']];
}

function pilotFor({ w, state }: ProbeContext): { id: string; version: number; goalId: string } {
  if (state === 'missing') return { id: missing(), version: 1, goalId: missing() };
  const { active, discontinued } = w.pilots;
  if (state.startsWith('discontinued')) return discontinued;
  if (state === 'active, goal of another pilot') return { ...active, goalId: discontinued.goalId };
  return active;
}

function notificationFor({ w, state, actor }: ProbeContext): string {
  if (state === 'missing') return missing();
  if (state === 'own' && actor !== 'anonymous') return w.notifications[actor];
  return w.someoneElsesNotification;
}

/** Whose invitation a case is about: the actor's own, or (otherwise) a setup user's. */
function ownerOf({ state, actor }: ProbeContext): Exclude<Actor, 'anonymous'> | 'someone else' {
  return state === 'own' && actor !== 'anonymous' ? actor : 'someone else';
}

/** The world's invitation of the case (the actor's own, or a setup user's). */
function sharedInvitation(c: ProbeContext): string {
  const owner = ownerOf(c);
  return owner === 'someone else' ? c.w.someoneElsesInvitation : c.w.invitations[owner];
}

/** The invitation of the case; an allowed accept or decline (fresh) gets one of its own. */
async function invitationFor(c: ProbeContext): Promise<string> {
  if (c.state === 'missing') return missing();
  const owner = ownerOf(c);
  return c.fresh && owner !== 'someone else' ? c.w.invitation(c.w.users[owner]) : sharedInvitation(c);
}

function eventFor({ w, state }: ProbeContext): { id: string; registrationId: string } {
  if (state === 'missing') return { id: missing(), registrationId: missing() };
  return w.events[state as keyof World['events']];
}

/** The event of the state, or (fresh) a new one in that state. */
async function freshEventFor(c: ProbeContext): Promise<string> {
  if (c.fresh) return (await c.w.event(c.state as keyof World['events'])).id;
  return eventFor(c).id;
}

/** A new room (made by the admin) for a call that changes it; otherwise a well-formed id of nothing. */
async function roomFor(w: World, fresh: boolean): Promise<string> {
  if (!fresh) return missing();
  return String((await w.call('post', '/rooms', w.users.admin, { name: w.unique('Matrisrum '), capacity: 10 })).id);
}

export const PROBES: Record<string, Probe> = {
  'POST /auth/register': {
    method: 'post',
    request: ({ w }) => ({
      path: '/auth/register',
      body: { email: `${w.unique('registrant')}@example.se` },
    }),
  },
  'POST /auth/register/confirm': {
    method: 'post',
    request: () => ({
      path: '/auth/register/confirm',
      body: { code: randomBytes(32).toString('base64url'), name: 'Matrix', password: 'a-password-long-enough' },
    }),
  },
  'POST /auth/session': {
    method: 'post',
    serial: true,
    request: ({ w }) => ({ path: '/auth/session', body: { email: w.loginUser.email, password: w.loginUser.password } }),
  },
  'DELETE /auth/session': { method: 'delete', request: () => ({ path: '/auth/session' }) },
  'POST /auth/sign-out-everywhere': {
    method: 'post',
    serial: true,
    // A real success revokes the actor's token: the world signs them a new one afterwards.
    request: ({ w, actor }) => ({
      path: '/auth/sign-out-everywhere',
      after: async () => {
        if (actor === 'anonymous' || actor === 'disabled') return;
        w.users[actor].auth = `Bearer ${await w.t.tokenFor(w.users[actor].id)}`;
      },
    }),
  },
  'POST /auth/password': {
    method: 'post',
    request: () => ({ path: '/auth/password', body: { currentPassword: 'irrelevant', newPassword: 'short' } }),
  },
  'POST /auth/email': {
    method: 'post',
    request: () => ({ path: '/auth/email', body: { newEmail: 'not-an-address', currentPassword: 'irrelevant' } }),
  },
  'POST /auth/password/forgot': {
    method: 'post',
    request: ({ w }) => ({ path: '/auth/password/forgot', body: { email: `${w.unique('forgetful')}@example.se` } }),
  },
  'POST /auth/password/reset': {
    method: 'post',
    request: () => ({
      path: '/auth/password/reset',
      body: { code: randomBytes(32).toString('base64url'), newPassword: 'a-password-long-enough' },
    }),
  },
  'POST /auth/email/confirm': {
    method: 'post',
    request: () => ({ path: '/auth/email/confirm', body: { code: randomBytes(32).toString('base64url') } }),
  },
  'POST /auth/login': {
    method: 'post',
    // Attempts in flight count towards the per-email login throttle until they succeed.
    serial: true,
    request: ({ w }) => ({ path: '/auth/login', body: { email: w.loginUser.email, password: w.loginUser.password } }),
  },
  'GET /auth/me': { method: 'get', request: () => ({ path: '/auth/me' }) },

  'GET /users': {
    method: 'get',
    request: ({ state }) => ({ path: '/users', query: state === 'role=evaluator' ? { role: 'evaluator' } : undefined }),
  },
  'POST /users': {
    method: 'post',
    request: ({ w }) => ({
      path: '/users',
      body: {
        email: `${w.unique('user')}@example.se`,
        name: 'Matrix User',
        password: 'a-password-long-enough',
        roles: ['partner'],
      },
    }),
  },
  'PATCH /users/{id}': {
    method: 'patch',
    request: ({ w, state }) => ({ path: `/users/${state === 'missing' ? missing() : w.userTarget.id}`, body: {} }),
  },

  'GET /departments': { method: 'get', request: () => ({ path: '/departments' }) },
  'POST /departments': {
    method: 'post',
    request: ({ w }) => {
      const slug = w.unique('matris-');
      return { path: '/departments', body: { name: `Förvaltning ${slug}`, slug } };
    },
  },
  'PATCH /departments/{id}': {
    method: 'patch',
    // The name it already has: allowed callers change nothing, and the world stays as it was.
    request: ({ w, state }) => ({
      path: `/departments/${state === 'missing' ? missing() : w.otherDepartment}`,
      body: { name: 'Socialförvaltningen' },
    }),
  },
  'GET /welfare-areas': { method: 'get', request: () => ({ path: '/welfare-areas' }) },
  'PATCH /welfare-areas/{code}': {
    method: 'patch',
    request: ({ state }) => ({
      path: `/welfare-areas/${state === 'missing' ? 'matrix_missing' : 'climate'}`,
      body: {},
    }),
  },
  'POST /welfare-areas': {
    method: 'post',
    request: ({ w }) => ({
      path: '/welfare-areas',
      body: { code: w.unique('matrix_'), nameSv: 'Matrisområde', nameEn: 'Matrix area' },
    }),
  },

  'POST /organizations': {
    method: 'post',
    request: ({ w }) => ({ path: '/organizations', body: { name: w.unique('Matrisförening '), kind: 'resident' } }),
  },
  'GET /organizations': { method: 'get', request: () => ({ path: '/organizations' }) },
  'GET /organizations/{id}': { method: 'get', request: (c) => ({ path: `/organizations/${organizationFor(c).id}` }) },
  'PATCH /organizations/{id}': {
    method: 'patch',
    request: (c) => ({ path: `/organizations/${organizationFor(c).id}`, body: {} }),
  },
  'POST /organizations/{id}/members': {
    method: 'post',
    request: (c) => {
      const org = organizationFor(c);
      return { path: `/organizations/${org.id}/members`, body: { email: org.memberEmail, role: 'member' } };
    },
  },
  'DELETE /organizations/{id}/invitations/{invitationId}': {
    method: 'delete',
    fresh: ['partner org', 'unrelated org'],
    request: async (c) => {
      const org = organizationFor(c);
      const invitation = c.fresh
        ? await c.w.invitation({ email: `${c.w.unique('withdrawn')}@example.se` }, org.id)
        : missing();
      return { path: `/organizations/${org.id}/invitations/${invitation}` };
    },
  },
  'PATCH /organizations/{id}/members/{userId}': {
    method: 'patch',
    request: (c) => {
      const org = organizationFor(c);
      return { path: `/organizations/${org.id}/members/${org.owner}`, body: { role: 'member' } };
    },
  },
  'DELETE /organizations/{id}/members/{userId}': {
    method: 'delete',
    request: (c) => {
      const org = organizationFor(c);
      return { path: `/organizations/${org.id}/members/${org.owner}` };
    },
  },

  'POST /challenges': {
    method: 'post',
    request: ({ w }) => ({
      path: '/challenges',
      body: challengeBody({ title: w.unique('Ny utmaning '), departmentId: w.owningDepartment }),
    }),
  },
  'GET /challenges': {
    method: 'get',
    request: (c) => ({
      path: '/challenges',
      query: { departmentId: c.w.owningDepartment, status: c.state, limit: 100 },
      find: challengeId(c),
    }),
  },
  'GET /challenges/{id}': { method: 'get', request: (c) => ({ path: `/challenges/${challengeId(c)}` }) },
  'PATCH /challenges/{id}': { method: 'patch', request: (c) => ({ path: `/challenges/${challengeId(c)}`, body: {} }) },
  'POST /challenges/{id}/publish': {
    method: 'post',
    fresh: ['draft'],
    request: async (c) => ({ path: `/challenges/${await challengeFor(c)}/publish` }),
  },
  'POST /challenges/{id}/close': {
    method: 'post',
    fresh: ['published'],
    request: async (c) => ({ path: `/challenges/${await challengeFor(c)}/close` }),
  },
  'POST /challenges/{id}/archive': {
    method: 'post',
    fresh: ['closed'],
    request: async (c) => ({ path: `/challenges/${await challengeFor(c)}/archive` }),
  },
  'POST /challenges/{id}/proposals': {
    method: 'post',
    request: (c) => ({
      path: `/challenges/${challengeId(c)}/proposals`,
      body: proposalBody(c.w.orgs['lead org'].id, { title: c.w.unique('Matrisförslag ') }),
    }),
  },
  'GET /challenges/{id}/ranking': {
    method: 'get',
    request: (c) => ({ path: `/challenges/${challengeId(c)}/ranking` }),
  },

  'GET /proposals': {
    method: 'get',
    request: async (c) => ({
      path: '/proposals',
      query: { challengeId: c.w.openChallenge.id, status: c.state, limit: 100 },
      find: await proposalFor(c),
    }),
  },
  'GET /proposals/{id}': { method: 'get', request: async (c) => ({ path: `/proposals/${await proposalFor(c)}` }) },
  'GET /proposals/{id}/history': {
    method: 'get',
    request: async (c) => ({ path: `/proposals/${await proposalFor(c)}/history` }),
  },
  'PATCH /proposals/{id}': {
    method: 'patch',
    request: async (c) => ({ path: `/proposals/${await proposalFor(c)}`, body: {} }),
  },
  'DELETE /proposals/{id}': {
    method: 'delete',
    fresh: ['draft'],
    request: async (c) => ({ path: `/proposals/${await proposalFor(c)}` }),
  },
  'POST /proposals/{id}/submit': {
    method: 'post',
    request: async (c) => ({ path: `/proposals/${await proposalFor(c)}/submit` }),
  },
  'POST /proposals/{id}/withdraw': {
    method: 'post',
    fresh: ['submitted'],
    request: async (c) => ({ path: `/proposals/${await proposalFor(c)}/withdraw` }),
  },
  'POST /proposals/{id}/partners/{organizationId}/confirm': {
    method: 'post',
    request: async (c) => ({ path: `/proposals/${await proposalFor(c)}/partners/${invitationOrg(c)}/confirm` }),
  },
  'POST /proposals/{id}/partners/{organizationId}/decline': {
    method: 'post',
    fresh: ['draft'],
    request: async (c) => ({ path: `/proposals/${await proposalFor(c)}/partners/${invitationOrg(c)}/decline` }),
  },
  'POST /proposals/{id}/assignments': {
    method: 'post',
    fresh: ['submitted'],
    request: async (c) => ({
      path: `/proposals/${await proposalFor(c)}/assignments`,
      body: { evaluatorId: c.w.spareEvaluator.id },
    }),
  },
  'GET /proposals/{id}/reviews': {
    method: 'get',
    request: async (c) => ({ path: `/proposals/${await proposalFor(c)}/reviews` }),
  },
  'POST /proposals/{id}/decision': {
    method: 'post',
    request: async (c) => ({
      path: `/proposals/${await proposalFor(c)}/decision`,
      body: { outcome: 'accepted', reason: 'The matrix accepts this proposal.' },
    }),
  },

  'GET /assignments': {
    method: 'get',
    request: (c) => {
      const assignment = assignmentFor(c);
      return { path: '/assignments', query: { proposalId: assignment.proposalId, limit: 100 }, find: assignment.id };
    },
  },
  'POST /assignments/{id}/declaration': {
    method: 'post',
    fresh: ['undeclared'],
    request: async (c) => {
      const assignment = c.fresh ? await c.w.undeclaredAssignment() : assignmentFor(c);
      return { path: `/assignments/${assignment.id}/declaration`, body: { conflict: false } };
    },
  },
  'PUT /assignments/{id}/review': {
    method: 'put',
    request: (c) => ({ path: `/assignments/${assignmentFor(c).id}/review`, body: { scores: [], submit: false } }),
  },

  'GET /pilots': {
    method: 'get',
    request: (c) => ({ path: '/pilots', query: { status: c.state, limit: 100 }, find: pilotFor(c).id }),
  },
  'GET /pilots/{id}': { method: 'get', request: (c) => ({ path: `/pilots/${pilotFor(c).id}` }) },
  'GET /pilots/{id}/history': { method: 'get', request: (c) => ({ path: `/pilots/${pilotFor(c).id}/history` }) },
  'GET /pilots/{id}/measurements': {
    method: 'get',
    request: (c) => ({ path: `/pilots/${pilotFor(c).id}/measurements` }),
  },
  'POST /pilots/{id}/gate-decisions': {
    method: 'post',
    fresh: ['active, time gate'],
    request: async (c) => {
      const pilot = c.fresh ? await c.w.pilot('active') : pilotFor(c);
      const gate = c.state === 'active, money gate' ? 'money' : 'time';
      return {
        path: `/pilots/${pilot.id}/gate-decisions`,
        body: { gate, outcome: 'go', rationale: RATIONALE, version: pilot.version },
      };
    },
  },
  'POST /pilots/{id}/effect-goals': {
    method: 'post',
    request: (c) => ({
      path: `/pilots/${pilotFor(c).id}/effect-goals`,
      body: { name: 'Besök i mötesplatserna', unit: 'besök/vecka', baseline: 10, target: 30, direction: 'increase' },
    }),
  },
  'POST /pilots/{id}/effect-goals/{goalId}/measurements': {
    method: 'post',
    request: (c) => {
      const pilot = pilotFor(c);
      return {
        path: `/pilots/${pilot.id}/effect-goals/${pilot.goalId}/measurements`,
        body: { value: 35, measuredAt: new Date(Date.now() - 86_400_000).toISOString() },
      };
    },
  },

  'GET /pipeline': {
    method: 'get',
    request: ({ w, state }) => ({
      path: '/pipeline',
      query: state === 'departmentId=owning' ? { departmentId: w.owningDepartment } : undefined,
    }),
  },
  'GET /public/pilots': {
    method: 'get',
    request: (c) => ({ path: '/public/pilots', query: { limit: 100 }, find: pilotFor(c).id }),
  },
  'GET /audit': { method: 'get', request: () => ({ path: '/audit' }) },
  'GET /rooms': { method: 'get', request: () => ({ path: '/rooms' }) },
  'POST /rooms': {
    method: 'post',
    request: ({ w }) => ({ path: '/rooms', body: { name: w.unique('Matrisrum '), capacity: 10 } }),
  },
  'PATCH /rooms/{id}': {
    method: 'patch',
    fresh: ['-'],
    request: async ({ w, fresh }) => ({ path: `/rooms/${await roomFor(w, fresh)}`, body: { capacity: 12 } }),
  },
  'DELETE /rooms/{id}': {
    method: 'delete',
    fresh: ['-'],
    request: async ({ w, fresh }) => ({ path: `/rooms/${await roomFor(w, fresh)}` }),
  },
  'POST /events': {
    method: 'post',
    request: ({ w }) => ({ path: '/events', body: eventBody(null, { kind: 'lecture', title: w.unique('Matris ') }) }),
  },
  'GET /events': {
    method: 'get',
    request: (c) => ({
      path: '/events',
      query: { kind: 'demo_day', status: c.state, limit: 100 },
      find: eventFor(c).id,
    }),
  },
  'GET /events/{id}': { method: 'get', request: (c) => ({ path: `/events/${eventFor(c).id}` }) },
  'PATCH /events/{id}': {
    method: 'patch',
    request: (c) => ({ path: `/events/${eventFor(c).id}`, body: { version: 999, title: 'Matrisens ändring' } }),
  },
  'POST /events/{id}/publish': {
    method: 'post',
    fresh: ['draft'],
    request: async (c) => ({ path: `/events/${await freshEventFor(c)}/publish` }),
  },
  'POST /events/{id}/cancel': {
    method: 'post',
    fresh: ['draft', 'published'],
    request: async (c) => ({ path: `/events/${await freshEventFor(c)}/cancel` }),
  },
  'POST /events/{id}/complete': {
    method: 'post',
    request: (c) => ({ path: `/events/${eventFor(c).id}/complete` }),
  },
  'POST /events/{id}/registrations': {
    method: 'post',
    fresh: ['published'],
    request: async (c) => ({ path: `/events/${await freshEventFor(c)}/registrations`, body: {} }),
  },
  'DELETE /events/{id}/registrations/mine': {
    method: 'delete',
    fresh: ['published'],
    request: async (c) => {
      if (!c.fresh || c.actor === 'anonymous') return { path: `/events/${eventFor(c).id}/registrations/mine` };
      const made = await c.w.event('published', c.w.users[c.actor]);
      return { path: `/events/${made.id}/registrations/mine` };
    },
  },
  'GET /events/{id}/registrations': {
    method: 'get',
    request: (c) => ({ path: `/events/${eventFor(c).id}/registrations` }),
  },
  'GET /events/{id}/registrations/export': {
    method: 'get',
    request: (c) => ({ path: `/events/${eventFor(c).id}/registrations/export` }),
  },
  'POST /events/{id}/registrations/{registrationId}/attendance': {
    method: 'post',
    request: (c) => {
      const event = eventFor(c);
      return { path: `/events/${event.id}/registrations/${event.registrationId}/attendance`, body: { attended: true } };
    },
  },
  'GET /events/calendar.ics': { method: 'get', request: () => ({ path: '/events/calendar.ics' }) },
  'GET /events/{id}/calendar.ics': {
    method: 'get',
    request: (c) => ({ path: `/events/${eventFor(c).id}/calendar.ics` }),
  },
  'GET /notifications': {
    method: 'get',
    request: (c) => ({ path: '/notifications', query: { limit: 100 }, find: notificationFor(c) }),
  },
  'GET /notifications/unread-count': { method: 'get', request: () => ({ path: '/notifications/unread-count' }) },
  'POST /notifications/read-all': { method: 'post', request: () => ({ path: '/notifications/read-all' }) },
  'POST /notifications/{id}/read': {
    method: 'post',
    request: (c) => ({ path: `/notifications/${notificationFor(c)}/read` }),
  },

  'GET /invitations': {
    method: 'get',
    request: (c) => ({ path: '/invitations', query: { limit: 100 }, find: sharedInvitation(c) }),
  },
  'POST /invitations/{id}/accept': {
    method: 'post',
    fresh: ['own'],
    request: async (c) => ({ path: `/invitations/${await invitationFor(c)}/accept` }),
  },
  'POST /invitations/{id}/decline': {
    method: 'post',
    fresh: ['own'],
    request: async (c) => ({ path: `/invitations/${await invitationFor(c)}/decline` }),
  },

  'GET /health/live': { method: 'get', request: () => ({ path: '/health/live' }) },
  'GET /health/ready': { method: 'get', request: () => ({ path: '/health/ready' }) },
};

/** The organisation an invitation answer names: partnerMember's own P, or U outside the consortium. */
function invitationOrg({ w, state }: ProbeContext): string {
  return state === 'submitted, org outside consortium' ? w.orgs['unrelated org'].id : w.orgs['partner org'].id;
}
