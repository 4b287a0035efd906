/**
 * The permission model of the Testbed platform, as data: for every operation of
 * openapi/openapi.json, which actor may do it to which object in which state (docs/product.md §1.2 users,
 * §3 rules, §4 conventions, the endpoints of openapi/openapi.json; the existing e2e specs encode the same rules one
 * feature at a time). test/authz-matrix.e2e-spec.ts sends every (operation, state, actor) of this
 * table to the running API and fails on any difference — and when the spec has an operation the
 * table does not name, or the table one the spec no longer has.
 *
 * How an entry is read (`expectedOutcome` below does exactly this, in this order):
 * 1. `auth`: 'required' → anonymous and the disabled user get 401 (PRODUCT §4; "a disabled
 *    user's tokens stop working at once"). 'optional' → anonymous is served as a guest, but a
 *    disabled user's token is still refused (401). 'public' → no token is looked at.
 * 2. `roles`: the actors whose role may call the operation at all. Every other signed-in actor
 *    gets 403 ("signed in but the role may not do this") for every object — also for an id that
 *    does not exist (state 'missing'), so that 403 tells nothing about any object.
 * 3. state 'missing' (a well-formed id of nothing): 404 for everyone still in.
 * 4. `default`, then `rules` in order; a later rule overrides an earlier one.
 *
 * Outcomes:
 * - 'allow': the caller got past authorization. `allow` names the one status that proves it, per
 *   state: the 2xx, or a 409/422 about the object's state or the input, each of which the API
 *   judges only after authorization (the reason is given beside it).
 * - 404: the object stays invisible (PRODUCT §3: "Anyone else gets 404 (never reveal that an
 *   object exists)"), indistinguishable from 'missing'. For a list (`list: true`) 404 means: the
 *   list answers 200, and the object is not among its items.
 * - 403: the caller may see the object (or it is public) but may not do this.
 * - 401: not signed in (no token, or the token of a disabled account).
 */

export const ACTORS = {
  anonymous: 'no token at all',
  otherPartner: 'partner, owner of an organisation that is in no consortium here',
  leadMember: 'partner, plain member (not owner) of the lead organisation of every proposal here',
  partnerMember: 'partner, owner of a consortium partner organisation, who confirmed its place',
  evaluatorNotAssigned: 'evaluator with no assignment here',
  evaluatorAssigned: 'evaluator assigned to every submitted proposal here, who declared no conflict (but on one)',
  evaluatorRecused: 'evaluator assigned to the same proposals, who declared a conflict (recused)',
  departmentOther: 'department staff of Socialförvaltningen, which owns nothing here',
  departmentOwn: 'department staff of Vård- och omsorgsförvaltningen, which owns every challenge and pilot here',
  director: 'innovation director',
  admin: 'admin',
  disabled: 'an admin whose account was disabled (the strongest token, revoked)',
} as const;
export type Actor = keyof typeof ACTORS;
export const ACTOR_NAMES = Object.keys(ACTORS) as Actor[];

export type Outcome = 'allow' | 401 | 403 | 404;

/** The states each kind of object is tried in; 'missing' is a random, well-formed id. */
export const STATES = {
  none: ['-'],
  challenge: ['draft', 'published', 'closed', 'archived', 'missing'],
  proposal: ['draft', 'submitted', 'withdrawn', 'accepted', 'rejected', 'missing'],
  /** For confirm/decline: the proposal's states, plus a submitted one asked about an organisation outside its consortium. */
  invitation: [
    'draft',
    'submitted',
    'withdrawn',
    'accepted',
    'rejected',
    'submitted, org outside consortium',
    'missing',
  ],
  /** Assignments of evaluatorAssigned (the first three) and of evaluatorRecused ('recused'). */
  assignment: ['undeclared', 'review draft', 'review submitted', 'recused', 'missing'],
  pilot: ['active', 'discontinued', 'missing'],
  /** Events of the owning department (departmentOwn organises them). */
  event: ['draft', 'published', 'cancelled', 'missing'],
  gateDecision: ['active, time gate', 'active, money gate', 'discontinued, time gate', 'missing'],
  measurement: ['active', 'discontinued', 'active, goal of another pilot', 'missing'],
  /** leadMember is a plain member of the lead org; partnerMember owns the partner org; otherPartner the unrelated one. */
  organization: ['lead org', 'partner org', 'unrelated org', 'missing'],
  notification: ['own', "someone else's", 'missing'],
  /** An invitation to join an organisation, addressed to the actor's email ('own') or another's. */
  memberInvitation: ['own', "someone else's", 'missing'],
  user: ['another user', 'missing'],
  /** Reference data: a department of the world, or a welfare area of the seed ('climate'). */
  department: ['existing', 'missing'],
  welfareArea: ['existing', 'missing'],
  userQuery: ['role=evaluator', 'every role'],
  pipelineScope: ['whole city', 'departmentId=owning'],
  newChallenge: ['departmentId=owning'],
} as const;
export type ObjectKind = keyof typeof STATES;

export interface Rule {
  who: readonly Actor[];
  /** The states it applies to; every state when absent. */
  on?: readonly string[];
  is: Outcome;
}

export interface Permission {
  auth: 'required' | 'optional' | 'public';
  object: ObjectKind;
  /** The outcome is whether the object is among the list's items (allow) or not (404). */
  list?: true;
  roles?: readonly Actor[];
  default: Outcome;
  rules?: readonly Rule[];
  /** The status that proves an allowed call got past authorization, per state where it differs. */
  allow: number | Readonly<Record<string, number>>;
}

// Actors by role (PRODUCT §2: roles).
const PARTNER_ROLE: readonly Actor[] = ['otherPartner', 'leadMember', 'partnerMember'];
const EVALUATOR_ROLE: readonly Actor[] = ['evaluatorNotAssigned', 'evaluatorAssigned', 'evaluatorRecused'];
const DEPARTMENT_ROLE: readonly Actor[] = ['departmentOther', 'departmentOwn'];
const CITY_ROLES: readonly Actor[] = [...DEPARTMENT_ROLE, 'director', 'admin'];
const SIGNED_IN: readonly Actor[] = [...PARTNER_ROLE, ...EVALUATOR_ROLE, ...CITY_ROLES];

// Actors by their relation to the objects.
/** Members of the lead and of a partner organisation. */
const CONSORTIUM: readonly Actor[] = ['leadMember', 'partnerMember'];
/** "The challenge's department staff, directors and admins" (PRODUCT §3). */
const OWNING_STAFF: readonly Actor[] = ['departmentOwn', 'director', 'admin'];
/** Those who manage a challenge: its department's staff and admins (not directors). */
const CHALLENGE_MANAGERS: readonly Actor[] = ['departmentOwn', 'admin'];

const PUBLIC_CHALLENGE = ['published', 'closed', 'archived'];
/** A proposal is a public record for the city once submitted (PRODUCT §3), whatever came after. */
const SUBMITTED_ONCE = ['submitted', 'withdrawn', 'accepted', 'rejected'];
const OWN_ASSIGNMENTS = ['undeclared', 'review draft', 'review submitted'];

/** Who sees a proposal (PRODUCT §3 Proposals): the consortium always; city staff and the assigned evaluator once submitted. */
const PROPOSAL_READERS: readonly Rule[] = [
  { who: CONSORTIUM, is: 'allow' },
  { who: [...OWNING_STAFF, 'evaluatorAssigned'], on: SUBMITTED_ONCE, is: 'allow' },
];

/** Changes by the lead organisation: whoever sees the proposal but is not a lead member gets 403. */
const LEAD_CHANGES: readonly Rule[] = [
  { who: ['partnerMember'], is: 403 },
  { who: [...OWNING_STAFF, 'evaluatorAssigned'], on: SUBMITTED_ONCE, is: 403 },
  { who: ['leadMember'], is: 'allow' },
];

/** The owners of each organisation (partnerMember owns the partner org, otherPartner the unrelated one; leadMember is a plain member). */
const ORGANIZATION_OWNERS: readonly Rule[] = [
  { who: ['partnerMember'], on: ['partner org'], is: 'allow' },
  { who: ['otherPartner'], on: ['unrelated org'], is: 'allow' },
];

/** Who sees a pilot (PRODUCT §5, README): the department's staff, directors, admins, the lead organisation — not partner organisations, not evaluators. */
const PILOT_READERS: readonly Rule[] = [{ who: [...OWNING_STAFF, 'leadMember'], is: 'allow' }];

/** Who sees an event (issue 21): everyone its published and cancelled ones; drafts its department's staff, directors and admins. */
const EVENT_READERS: readonly Rule[] = [
  { who: ACTOR_NAMES, on: ['published', 'cancelled'], is: 'allow' },
  { who: OWNING_STAFF, is: 'allow' },
];
/**
 * Who organises an event of a department: its staff and admins; directors read everything but
 * organise only the innovation centre's own events. City staff who see one they do not organise get 403.
 */
const EVENT_ORGANISERS: readonly Rule[] = [
  { who: CITY_ROLES, on: ['published', 'cancelled'], is: 403 },
  { who: ['director'], is: 403 },
  { who: ['departmentOwn', 'admin'], is: 'allow' },
];

export const PERMISSIONS: Record<string, Permission> = {
  // ── Accounts (PRODUCT §4) ──────────────────────────────────────────────────────────────────
  // Every valid registration is 202 (a code is mailed); confirming an unknown code is 422.
  'POST /auth/register': { auth: 'public', object: 'none', default: 'allow', allow: 202 },
  'POST /auth/register/confirm': { auth: 'public', object: 'none', default: 'allow', allow: 422 },
  'POST /auth/login': { auth: 'public', object: 'none', default: 'allow', allow: 200 },
  'POST /auth/session': { auth: 'public', object: 'none', default: 'allow', allow: 200 },
  'DELETE /auth/session': { auth: 'public', object: 'none', default: 'allow', allow: 204 },
  'GET /auth/me': { auth: 'required', object: 'none', default: 'allow', allow: 200 },
  // Everyone signed in manages their own account. A password or email change is judged after
  // authorization: the probe's too-short new password or malformed address is that 400.
  'POST /auth/sign-out-everywhere': { auth: 'required', object: 'none', default: 'allow', allow: 204 },
  'POST /auth/password': { auth: 'required', object: 'none', default: 'allow', allow: 400 },
  'POST /auth/email': { auth: 'required', object: 'none', default: 'allow', allow: 400 },
  // Forgotten password and the mailed codes: public; an unknown code is 422.
  'POST /auth/password/forgot': { auth: 'public', object: 'none', default: 'allow', allow: 202 },
  'POST /auth/password/reset': { auth: 'public', object: 'none', default: 'allow', allow: 422 },
  'POST /auth/email/confirm': { auth: 'public', object: 'none', default: 'allow', allow: 422 },

  // ── Users: admins; department staff and directors may list evaluators (§5) ─────────────────
  'GET /users': {
    auth: 'required',
    object: 'userQuery',
    roles: CITY_ROLES,
    default: 403,
    rules: [
      { who: [...DEPARTMENT_ROLE, 'director'], on: ['role=evaluator'], is: 'allow' },
      { who: ['admin'], is: 'allow' },
    ],
    allow: 200,
  },
  'POST /users': { auth: 'required', object: 'none', roles: ['admin'], default: 'allow', allow: 201 },
  // An empty body changes nothing: 200 without a write.
  'PATCH /users/{id}': { auth: 'required', object: 'user', roles: ['admin'], default: 'allow', allow: 200 },

  // ── Reference data: public to read, admins add (§5) ─────────────────────────────────────────
  'GET /departments': { auth: 'public', object: 'none', default: 'allow', allow: 200 },
  'POST /departments': { auth: 'required', object: 'none', roles: ['admin'], default: 'allow', allow: 201 },
  'PATCH /departments/{id}': { auth: 'required', object: 'department', roles: ['admin'], default: 'allow', allow: 200 },
  'GET /welfare-areas': { auth: 'public', object: 'none', default: 'allow', allow: 200 },
  'POST /welfare-areas': { auth: 'required', object: 'none', roles: ['admin'], default: 'allow', allow: 201 },
  'PATCH /welfare-areas/{code}': {
    auth: 'required',
    object: 'welfareArea',
    roles: ['admin'],
    default: 'allow',
    allow: 200,
  },

  // ── Organisations: anyone signed in registers one; owners manage it (§5) ───────────────────
  'POST /organizations': { auth: 'required', object: 'none', default: 'allow', allow: 201 },
  'GET /organizations': { auth: 'required', object: 'none', default: 'allow', allow: 200 },
  // Public fields for anyone (the full view for members and city staff is tested in partners.e2e).
  'GET /organizations/{id}': { auth: 'optional', object: 'organization', default: 'allow', allow: 200 },
  // Organisations are public, so a non-owner sees it and gets 403; a plain member (leadMember)
  // and admins too: "PATCH (owners)". An empty body changes nothing: 200 without a write.
  'PATCH /organizations/{id}': {
    auth: 'required',
    object: 'organization',
    default: 403,
    rules: ORGANIZATION_OWNERS,
    allow: 200,
  },
  // Owners invite (202 for any address); the body here names someone who is already a member:
  // 409, judged after the owner check.
  'POST /organizations/{id}/members': {
    auth: 'required',
    object: 'organization',
    default: 403,
    rules: ORGANIZATION_OWNERS,
    allow: 409,
  },
  // Owners withdraw an invitation: an allowed call withdraws one of its own (200).
  'DELETE /organizations/{id}/invitations/{invitationId}': {
    auth: 'required',
    object: 'organization',
    default: 403,
    rules: ORGANIZATION_OWNERS,
    allow: 200,
  },
  // The path names the organisation's sole owner, the body makes them a plain member: 422 "must
  // keep at least one owner", after the owner check.
  'PATCH /organizations/{id}/members/{userId}': {
    auth: 'required',
    object: 'organization',
    default: 403,
    rules: ORGANIZATION_OWNERS,
    allow: 422,
  },
  // The path names the organisation's sole owner: 422 "must keep at least one owner", after the owner check.
  'DELETE /organizations/{id}/members/{userId}': {
    auth: 'required',
    object: 'organization',
    default: 403,
    rules: ORGANIZATION_OWNERS,
    allow: 422,
  },

  // ── Challenges (§3 Challenges) ──────────────────────────────────────────────────────────────
  // "Created as draft by department staff of that department (or admin)": the body names the owning department.
  'POST /challenges': {
    auth: 'required',
    object: 'newChallenge',
    roles: [...DEPARTMENT_ROLE, 'admin'],
    default: 'allow',
    rules: [{ who: ['departmentOther'], is: 403 }],
    allow: 201,
  },
  // "Anyone, signed in or not, reads published, closed and archived challenges. Drafts are seen
  // only by their department's staff, directors and admins."
  'GET /challenges': {
    auth: 'optional',
    object: 'challenge',
    list: true,
    default: 'allow',
    rules: [
      { who: ['anonymous', ...SIGNED_IN], on: ['draft'], is: 404 },
      { who: OWNING_STAFF, on: ['draft'], is: 'allow' },
    ],
    allow: 200,
  },
  'GET /challenges/{id}': {
    auth: 'optional',
    object: 'challenge',
    default: 'allow',
    rules: [
      { who: ['anonymous', ...SIGNED_IN], on: ['draft'], is: 404 },
      { who: OWNING_STAFF, on: ['draft'], is: 'allow' },
    ],
    allow: 200,
  },
  // Managed by the department's staff and admins. Staff of another department see a public
  // challenge (403) but not a draft (404). An empty body changes nothing, in every state: 200.
  'PATCH /challenges/{id}': {
    auth: 'required',
    object: 'challenge',
    roles: [...DEPARTMENT_ROLE, 'admin'],
    default: 404,
    rules: [
      { who: ['departmentOther'], on: PUBLIC_CHALLENGE, is: 403 },
      { who: CHALLENGE_MANAGERS, is: 'allow' },
    ],
    allow: 200,
  },
  // Lifecycle draft → published → closed → archived; any other transition is 409 (state).
  'POST /challenges/{id}/publish': {
    auth: 'required',
    object: 'challenge',
    roles: [...DEPARTMENT_ROLE, 'admin'],
    default: 404,
    rules: [
      { who: ['departmentOther'], on: PUBLIC_CHALLENGE, is: 403 },
      { who: CHALLENGE_MANAGERS, is: 'allow' },
    ],
    allow: { draft: 200, published: 409, closed: 409, archived: 409 },
  },
  'POST /challenges/{id}/close': {
    auth: 'required',
    object: 'challenge',
    roles: [...DEPARTMENT_ROLE, 'admin'],
    default: 404,
    rules: [
      { who: ['departmentOther'], on: PUBLIC_CHALLENGE, is: 403 },
      { who: CHALLENGE_MANAGERS, is: 'allow' },
    ],
    allow: { draft: 409, published: 200, closed: 409, archived: 409 },
  },
  'POST /challenges/{id}/archive': {
    auth: 'required',
    object: 'challenge',
    roles: [...DEPARTMENT_ROLE, 'admin'],
    default: 404,
    rules: [
      { who: ['departmentOther'], on: PUBLIC_CHALLENGE, is: 403 },
      { who: CHALLENGE_MANAGERS, is: 'allow' },
    ],
    allow: { draft: 409, published: 409, closed: 200, archived: 409 },
  },
  // "Created as draft on a published challenge by a member of the lead organisation": the body
  // names the lead organisation. Whoever sees the challenge but is not a member of it: 403.
  // On a closed or archived challenge the lead member is refused for the state: 422.
  'POST /challenges/{id}/proposals': {
    auth: 'required',
    object: 'challenge',
    default: 403,
    rules: [
      { who: SIGNED_IN, on: ['draft'], is: 404 },
      { who: OWNING_STAFF, on: ['draft'], is: 403 },
      { who: ['leadMember'], on: PUBLIC_CHALLENGE, is: 'allow' },
    ],
    allow: { published: 201, closed: 422, archived: 422 },
  },
  // The ranking is for the challenge's department staff, directors and admins.
  'GET /challenges/{id}/ranking': {
    auth: 'required',
    object: 'challenge',
    roles: CITY_ROLES,
    default: 404,
    rules: [
      { who: ['departmentOther'], on: PUBLIC_CHALLENGE, is: 403 },
      { who: OWNING_STAFF, is: 'allow' },
    ],
    allow: 200,
  },

  // ── Proposals (§3 Proposals) ────────────────────────────────────────────────────────────────
  // The list shows what GET shows, except to evaluators: a list item names the lead
  // organisation, which a blind-review evaluator must never see, so they find their proposals
  // through GET /assignments instead (proposals.service.ts, visibility()).
  'GET /proposals': {
    auth: 'required',
    object: 'proposal',
    list: true,
    default: 404,
    rules: [
      { who: CONSORTIUM, is: 'allow' },
      { who: OWNING_STAFF, on: SUBMITTED_ONCE, is: 'allow' },
    ],
    allow: 200,
  },
  // "Readable by: members of the lead and partner organisations; once submitted also by the
  // challenge's department staff, directors and admins; by an evaluator only when assigned.
  // Anyone else gets 404." A recused evaluator is no longer assigned to review it: 404.
  'GET /proposals/{id}': { auth: 'required', object: 'proposal', default: 404, rules: PROPOSAL_READERS, allow: 200 },
  // The timeline names the consortium's organisations: the consortium and the owning city staff
  // read it; an assigned evaluator sees the proposal but not who is behind it (blind review): 403.
  'GET /proposals/{id}/history': {
    auth: 'required',
    object: 'proposal',
    default: 404,
    rules: [...PROPOSAL_READERS, { who: ['evaluatorAssigned'], on: SUBMITTED_ONCE, is: 403 }],
    allow: 200,
  },
  // "Edited only while draft, only by lead-organisation members": a frozen proposal is 409 (state).
  // An empty body changes nothing: 200 without a write.
  'PATCH /proposals/{id}': {
    auth: 'required',
    object: 'proposal',
    default: 404,
    rules: LEAD_CHANGES,
    allow: { draft: 200, submitted: 409, withdrawn: 409, accepted: 409, rejected: 409 },
  },
  'DELETE /proposals/{id}': {
    auth: 'required',
    object: 'proposal',
    default: 404,
    rules: LEAD_CHANGES,
    allow: { draft: 204, submitted: 409, withdrawn: 409, accepted: 409, rejected: 409 },
  },
  // The draft has a partner organisation that has not confirmed yet: 422 "every partner
  // organisation must confirm first", judged after the lead-member check.
  'POST /proposals/{id}/submit': {
    auth: 'required',
    object: 'proposal',
    default: 404,
    rules: LEAD_CHANGES,
    allow: { draft: 422, submitted: 409, withdrawn: 409, accepted: 409, rejected: 409 },
  },
  // "Withdrawn by lead-organisation members from submitted until a decision is taken."
  'POST /proposals/{id}/withdraw': {
    auth: 'required',
    object: 'proposal',
    default: 404,
    rules: LEAD_CHANGES,
    allow: { draft: 409, submitted: 200, withdrawn: 409, accepted: 409, rejected: 409 },
  },
  // "Each invited, then confirmed by an owner of that organisation": the path names the partner
  // organisation partnerMember owns and has confirmed (409: already confirmed / consortium fixed).
  // Asked about an organisation outside the consortium, the answer must be the same 403 as for a
  // partner organisation to a reader who sees the proposal only as its evaluator: "With
  // blindReview, an evaluator never sees which organisations or people are behind it", and
  // 403-versus-404 would tell them which organisations are. The consortium and the city staff
  // know the consortium: 404 (no such invitation) tells them nothing.
  // Found by this matrix (issue 8): the API answered the evaluator 404 for an outside organisation;
  // answerInvitation now refuses such a reader (403) before looking the invitation up.
  'POST /proposals/{id}/partners/{organizationId}/confirm': {
    auth: 'required',
    object: 'invitation',
    default: 404,
    rules: [
      { who: ['leadMember'], on: SUBMITTED_ONCE.concat('draft'), is: 403 },
      { who: [...OWNING_STAFF, 'evaluatorAssigned'], on: SUBMITTED_ONCE, is: 403 },
      { who: ['partnerMember'], on: SUBMITTED_ONCE.concat('draft'), is: 'allow' },
      { who: ['evaluatorAssigned'], on: ['submitted, org outside consortium'], is: 403 },
    ],
    allow: { draft: 409, submitted: 409, withdrawn: 409, accepted: 409, rejected: 409 },
  },
  'POST /proposals/{id}/partners/{organizationId}/decline': {
    auth: 'required',
    object: 'invitation',
    default: 404,
    rules: [
      { who: ['leadMember'], on: SUBMITTED_ONCE.concat('draft'), is: 403 },
      { who: [...OWNING_STAFF, 'evaluatorAssigned'], on: SUBMITTED_ONCE, is: 403 },
      { who: ['partnerMember'], on: SUBMITTED_ONCE.concat('draft'), is: 'allow' },
      { who: ['evaluatorAssigned'], on: ['submitted, org outside consortium'], is: 403 },
    ],
    allow: { draft: 204, submitted: 409, withdrawn: 409, accepted: 409, rejected: 409 },
  },

  // ── Evaluation (§3 Evaluation) ──────────────────────────────────────────────────────────────
  // "Department staff of the challenge's department (or director, admin) assign evaluators to
  // submitted proposals"; any other state is 409. Staff never see drafts: 404.
  'POST /proposals/{id}/assignments': {
    auth: 'required',
    object: 'proposal',
    roles: CITY_ROLES,
    default: 404,
    rules: [{ who: OWNING_STAFF, on: SUBMITTED_ONCE, is: 'allow' }],
    allow: { submitted: 201, withdrawn: 409, accepted: 409, rejected: 409 },
  },
  // Staff of the department, directors, admins: every submitted review; the assigned evaluator:
  // their own (and the others' once submitted); "partners never" — by role, 403.
  'GET /proposals/{id}/reviews': {
    auth: 'required',
    object: 'proposal',
    roles: [...EVALUATOR_ROLE, ...CITY_ROLES],
    default: 404,
    rules: [{ who: [...OWNING_STAFF, 'evaluatorAssigned'], on: SUBMITTED_ONCE, is: 'allow' }],
    allow: 200,
  },
  // "Decision by the challenge's department staff, a director or an admin". The body accepts;
  // the submitted proposal still has an evaluator 'assigned': 422, judged after authorization.
  // A decided or withdrawn proposal: 409.
  'POST /proposals/{id}/decision': {
    auth: 'required',
    object: 'proposal',
    roles: CITY_ROLES,
    default: 404,
    rules: [{ who: OWNING_STAFF, on: SUBMITTED_ONCE, is: 'allow' }],
    allow: { submitted: 422, withdrawn: 409, accepted: 409, rejected: 409 },
  },
  // An evaluator lists their own assignments; the challenge's department staff, directors and admins all of them.
  'GET /assignments': {
    auth: 'required',
    object: 'assignment',
    list: true,
    default: 404,
    rules: [
      { who: OWNING_STAFF, is: 'allow' },
      { who: ['evaluatorAssigned'], on: OWN_ASSIGNMENTS, is: 'allow' },
      { who: ['evaluatorRecused'], on: ['recused'], is: 'allow' },
    ],
    allow: 200,
  },
  // Only the assigned evaluator declares, once (409 afterwards). Other evaluators never see
  // someone else's assignment: 404. City staff and partners: 403 by role.
  'POST /assignments/{id}/declaration': {
    auth: 'required',
    object: 'assignment',
    roles: EVALUATOR_ROLE,
    default: 404,
    rules: [
      { who: ['evaluatorAssigned'], on: OWN_ASSIGNMENTS, is: 'allow' },
      { who: ['evaluatorRecused'], on: ['recused'], is: 'allow' },
    ],
    allow: { undeclared: 200, 'review draft': 409, 'review submitted': 409, recused: 409 },
  },
  // Only the assigned evaluator reviews: undeclared → 422 (declare first), a draft is saved
  // again (200), a submitted review is immutable (409), a recused evaluator may not review (422).
  'PUT /assignments/{id}/review': {
    auth: 'required',
    object: 'assignment',
    roles: EVALUATOR_ROLE,
    default: 404,
    rules: [
      { who: ['evaluatorAssigned'], on: OWN_ASSIGNMENTS, is: 'allow' },
      { who: ['evaluatorRecused'], on: ['recused'], is: 'allow' },
    ],
    allow: { undeclared: 422, 'review draft': 200, 'review submitted': 409, recused: 422 },
  },

  // ── Pilots (§3 Pilots) ──────────────────────────────────────────────────────────────────────
  'GET /pilots': { auth: 'required', object: 'pilot', list: true, default: 404, rules: PILOT_READERS, allow: 200 },
  'GET /pilots/{id}': { auth: 'required', object: 'pilot', default: 404, rules: PILOT_READERS, allow: 200 },
  'GET /pilots/{id}/history': { auth: 'required', object: 'pilot', default: 404, rules: PILOT_READERS, allow: 200 },
  'GET /pilots/{id}/measurements': {
    auth: 'required',
    object: 'pilot',
    default: 404,
    rules: PILOT_READERS,
    allow: 200,
  },
  // "time — the pilot's department staff or a director; money, scale, implement — directors
  // (admins may do everything)". The pilot is in explore_idea: a money gate is the wrong gate
  // (422) and a finished pilot takes no decision (409), both judged after the authority.
  'POST /pilots/{id}/gate-decisions': {
    auth: 'required',
    object: 'gateDecision',
    roles: CITY_ROLES,
    default: 404,
    rules: [
      { who: OWNING_STAFF, is: 'allow' },
      { who: ['departmentOwn'], on: ['active, money gate'], is: 403 },
    ],
    allow: { 'active, time gate': 201, 'active, money gate': 422, 'discontinued, time gate': 409 },
  },
  // "Effect goals: set by the pilot's department staff or directors" (and admins); a finished pilot's are fixed: 409.
  'POST /pilots/{id}/effect-goals': {
    auth: 'required',
    object: 'pilot',
    roles: CITY_ROLES,
    default: 404,
    rules: [{ who: OWNING_STAFF, is: 'allow' }],
    allow: { active: 201, discontinued: 409 },
  },
  // "measurements also by members of the lead organisation". A goal of another pilot is not
  // found on this one, for everyone.
  'POST /pilots/{id}/effect-goals/{goalId}/measurements': {
    auth: 'required',
    object: 'measurement',
    default: 404,
    rules: [{ who: [...OWNING_STAFF, 'leadMember'], on: ['active', 'discontinued'], is: 'allow' }],
    allow: { active: 201, discontinued: 201 },
  },

  // ── Pipeline, registry, audit, notifications (§3, §5) ──────────────────────────────────────
  // "Directors and admins see the pipeline of the whole city; department staff see their own department's."
  'GET /pipeline': {
    auth: 'required',
    object: 'pipelineScope',
    roles: CITY_ROLES,
    default: 'allow',
    rules: [{ who: ['departmentOther'], on: ['departmentId=owning'], is: 403 }],
    allow: 200,
  },
  // "The public registry lists every pilot" — no sign-in, whoever asks.
  'GET /public/pilots': { auth: 'public', object: 'pilot', list: true, default: 'allow', allow: 200 },
  'GET /audit': { auth: 'required', object: 'none', roles: ['admin', 'director'], default: 'allow', allow: 200 },
  // Own notifications only; someone else's is simply not found.
  'GET /notifications': {
    auth: 'required',
    object: 'notification',
    list: true,
    default: 404,
    rules: [{ who: SIGNED_IN, on: ['own'], is: 'allow' }],
    allow: 200,
  },
  // Counts and marks the caller's own only: there is no object to refuse.
  'GET /notifications/unread-count': { auth: 'required', object: 'none', default: 'allow', allow: 200 },
  'POST /notifications/read-all': { auth: 'required', object: 'none', default: 'allow', allow: 200 },
  'POST /notifications/{id}/read': {
    auth: 'required',
    object: 'notification',
    default: 404,
    rules: [{ who: SIGNED_IN, on: ['own'], is: 'allow' }],
    allow: 200,
  },

  // An invitation is the invited person's alone: anyone else's is simply not found.
  'GET /invitations': {
    auth: 'required',
    object: 'memberInvitation',
    list: true,
    default: 404,
    rules: [{ who: SIGNED_IN, on: ['own'], is: 'allow' }],
    allow: 200,
  },
  'POST /invitations/{id}/accept': {
    auth: 'required',
    object: 'memberInvitation',
    default: 404,
    rules: [{ who: SIGNED_IN, on: ['own'], is: 'allow' }],
    allow: 200,
  },
  'POST /invitations/{id}/decline': {
    auth: 'required',
    object: 'memberInvitation',
    default: 404,
    rules: [{ who: SIGNED_IN, on: ['own'], is: 'allow' }],
    allow: 204,
  },

  // ── The innovation centre: rooms and events (issue 21) ───────────────────────────────────
  'GET /rooms': { auth: 'public', object: 'none', default: 'allow', allow: 200 },
  'POST /rooms': { auth: 'required', object: 'none', roles: ['admin'], default: 'allow', allow: 201 },
  // Admins only: a fresh room of the probe's own (the role is refused before any room is looked up).
  'PATCH /rooms/{id}': { auth: 'required', object: 'none', roles: ['admin'], default: 'allow', allow: 200 },
  'DELETE /rooms/{id}': { auth: 'required', object: 'none', roles: ['admin'], default: 'allow', allow: 204 },
  // Department staff for their department (the probe names none: their own), directors and admins for the centre.
  'POST /events': { auth: 'required', object: 'none', roles: CITY_ROLES, default: 'allow', allow: 201 },
  'GET /events': { auth: 'optional', object: 'event', list: true, default: 404, rules: EVENT_READERS, allow: 200 },
  'GET /events/{id}': { auth: 'optional', object: 'event', default: 404, rules: EVENT_READERS, allow: 200 },
  // The probe sends a stale version: 409 after authorization, and nothing changes.
  'PATCH /events/{id}': {
    auth: 'required',
    object: 'event',
    roles: CITY_ROLES,
    default: 404,
    rules: EVENT_ORGANISERS,
    allow: 409,
  },
  'POST /events/{id}/publish': {
    auth: 'required',
    object: 'event',
    roles: CITY_ROLES,
    default: 404,
    rules: EVENT_ORGANISERS,
    allow: { draft: 200, published: 409, cancelled: 409 },
  },
  'POST /events/{id}/cancel': {
    auth: 'required',
    object: 'event',
    roles: CITY_ROLES,
    default: 404,
    rules: EVENT_ORGANISERS,
    allow: { draft: 200, published: 200, cancelled: 409 },
  },
  // A published event that has not ended cannot be completed yet (422).
  'POST /events/{id}/complete': {
    auth: 'required',
    object: 'event',
    roles: CITY_ROLES,
    default: 404,
    rules: EVENT_ORGANISERS,
    allow: { draft: 409, published: 422, cancelled: 409 },
  },
  // Anyone signed in who sees the event; only a published one takes registrations (409 otherwise).
  'POST /events/{id}/registrations': {
    auth: 'required',
    object: 'event',
    default: 404,
    rules: EVENT_READERS,
    allow: { draft: 409, published: 201, cancelled: 409 },
  },
  'DELETE /events/{id}/registrations/mine': {
    auth: 'required',
    object: 'event',
    default: 404,
    rules: EVENT_READERS,
    allow: { draft: 409, published: 204, cancelled: 409 },
  },
  // Participants' names and needs: the organising department's staff, directors and admins only.
  'GET /events/{id}/registrations': {
    auth: 'required',
    object: 'event',
    roles: CITY_ROLES,
    default: 404,
    rules: [
      { who: ['departmentOther'], on: ['published', 'cancelled'], is: 403 },
      { who: OWNING_STAFF, is: 'allow' },
    ],
    allow: 200,
  },
  'GET /events/{id}/registrations/export': {
    auth: 'required',
    object: 'event',
    roles: CITY_ROLES,
    default: 404,
    rules: [
      { who: ['departmentOther'], on: ['published', 'cancelled'], is: 403 },
      { who: OWNING_STAFF, is: 'allow' },
    ],
    allow: 200,
  },
  // Marking attendance at a published event (leadOwner's registration): the world's event is a week
  // away, outside the attendance window (an hour before the start to seven days after the end), so
  // the organisers get past authorization to the 422 and nothing changes.
  'POST /events/{id}/registrations/{registrationId}/attendance': {
    auth: 'required',
    object: 'event',
    roles: CITY_ROLES,
    default: 404,
    rules: EVENT_ORGANISERS,
    allow: { draft: 409, published: 422, cancelled: 409 },
  },
  // iCalendar: no sign-in, nothing identified; drafts are not found for anyone.
  'GET /events/calendar.ics': { auth: 'public', object: 'none', default: 'allow', allow: 200 },
  'GET /events/{id}/calendar.ics': {
    auth: 'public',
    object: 'event',
    default: 404,
    rules: [{ who: ACTOR_NAMES, on: ['published', 'cancelled'], is: 'allow' }],
    allow: 200,
  },

  // ── Health: probes for the load balancer, outside /api/v1 ──────────────────────────────────
  'GET /health/live': { auth: 'public', object: 'none', default: 'allow', allow: 200 },
  'GET /health/ready': { auth: 'public', object: 'none', default: 'allow', allow: 200 },
};

/** The states an operation is tried in (lists have no 'missing': nothing to look for). */
export function statesOf(permission: Permission): string[] {
  const states: readonly string[] = STATES[permission.object];
  return permission.list ? states.filter((s) => s !== 'missing') : [...states];
}

/** What the table says `actor` gets for `operation` on its object in `state`. */
export function expectedOutcome(permission: Permission, state: string, actor: Actor): Outcome {
  if (permission.auth !== 'public') {
    if (actor === 'disabled') return 401;
    if (actor === 'anonymous' && permission.auth === 'required') return 401;
  }
  if (permission.roles && actor !== 'anonymous' && !permission.roles.includes(actor)) return 403;
  if (state === 'missing') return 404;
  let outcome = permission.default;
  for (const rule of permission.rules ?? []) {
    if (rule.who.includes(actor) && (rule.on === undefined || rule.on.includes(state))) outcome = rule.is;
  }
  return outcome;
}

/** The status that proves an allowed call got past authorization. */
export function allowStatus(permission: Permission, state: string): number {
  if (typeof permission.allow === 'number') return permission.allow;
  const status = permission.allow[state];
  if (status === undefined) throw new Error(`the table names no allow status for state ${state}`);
  return status;
}
