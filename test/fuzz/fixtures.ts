import { challengeIn } from '../factories/challenges';
import { createEvent, createRoom } from '../factories/events';
import { createPilot } from '../factories/pilots';
import { createOrganization, createProposal } from '../factories/proposals';
import { createCast, createUser, TestUser } from '../factories/users';
import type { TestApp } from '../support/test-app';
import type { FuzzContext } from './generators';
import { loadSpec, Operation } from './openapi';
import { badAuthorizations } from './tokens';

/**
 * Real objects in several states, so fuzzed requests get past "not found" to the input checks: a
 * pilot (with its published challenge, accepted proposal, submitted review and an effect goal), a
 * draft challenge, a draft proposal inviting a second organisation, a submitted proposal with an
 * undeclared assignment, a disabled user.
 */
export async function fixtures(t: TestApp): Promise<FuzzContext> {
  const spec = loadSpec();
  const cast = await createCast(t);
  const { admin, department: staff, partner, evaluator } = cast;
  const call = async (method: 'get' | 'post' | 'patch', path: string, who: TestUser, body?: object) => {
    const req = t.http()[method](`/api/v1${path}`).set('Authorization', who.auth);
    const res = body ? await req.send(body) : await req;
    if (res.status >= 300) throw new Error(`fixtures: ${method} ${path}: ${res.status} ${res.text}`);
    return res.body as Record<string, unknown>;
  };
  const pilot = await createPilot(t, { staff, partner, evaluator });
  const goal = await call('post', `/pilots/${pilot.pilotId}/effect-goals`, staff, {
    name: 'Andel som känner sig ensamma',
    unit: '%',
    baseline: 40,
    target: 25,
    direction: 'decrease',
  });
  const published = await challengeIn(t, staff, 'published');
  const draftChallenge = await challengeIn(t, staff, 'draft');
  const otherOwner = await createUser(t, { name: 'Other owner' });
  const otherOrganization = await createOrganization(t, otherOwner);
  const draftProposal = await createProposal(t, partner, published.id, pilot.organizationId, {
    partnerOrganizationIds: [otherOrganization.id],
  });
  // A submitted proposal with an assignment the evaluator has not declared on yet.
  const submittedProposal = await createProposal(t, otherOwner, published.id, otherOrganization.id);
  await call('post', `/proposals/${submittedProposal.id}/submit`, otherOwner);
  await call('post', `/proposals/${submittedProposal.id}/assignments`, staff, { evaluatorId: evaluator.id });
  // An event in a room, published, with the partner registered; and a draft one.
  const room = await createRoom(t, admin);
  const event = await createEvent(t, staff, room.id, { challengeId: published.id });
  const draftEvent = await createEvent(t, staff, null, {}, false);
  const registration = await call('post', `/events/${event.id}/registrations`, partner, {});
  const disabled = await createUser(t, { name: 'Disabled' });
  await call('patch', `/users/${disabled.id}`, admin, { disabled: true });

  const items = async (path: string, who: TestUser) =>
    ((await call('get', path, who)).items as { id: string }[]).map((item) => item.id);
  const notifications = [
    ...(await items('/notifications?limit=100', partner)),
    ...(await items('/notifications?limit=100', otherOwner)),
    ...(await items('/notifications?limit=100', staff)),
  ];
  const assignments = await items('/assignments?mine=true', evaluator);
  const criteria = await Promise.all(
    [pilot.challengeId, published.id, draftChallenge.id].map(async (id) =>
      ((await call('get', `/challenges/${id}`, staff)).criteria as { id: string }[]).map((c) => c.id),
    ),
  );
  const departments = ((await t.http().get('/api/v1/departments')).body as { id: string }[]).map((d) => d.id);

  // A real cursor of every list that has a second page, to truncate.
  const cursors: string[] = [];
  for (const operation of spec.operations.filter((o: Operation) => o.query.some((p) => p.name === 'cursor'))) {
    const res = await t.http().get(`${operation.path}?limit=1`).set('Authorization', admin.auth);
    const next = (res.body as { nextCursor?: unknown }).nextCursor;
    if (typeof next === 'string') cursors.push(next);
  }

  return {
    spec,
    auth: { admin: admin.auth, department: staff.auth, partner: partner.auth, evaluator: evaluator.auth },
    badAuth: await badAuthorizations(t, { adminId: admin.id, partnerToken: partner.token, disabledId: disabled.id }),
    ids: {
      challenges: [pilot.challengeId, published.id, draftChallenge.id],
      proposals: [pilot.proposalId, draftProposal.id, submittedProposal.id],
      pilots: [pilot.pilotId],
      organizations: [pilot.organizationId, otherOrganization.id],
      assignments,
      notifications,
      users: [admin.id, staff.id, partner.id, evaluator.id, cast.director.id, otherOwner.id, disabled.id],
      goals: [String(goal.id)],
      criteria: criteria.flat(),
      departments,
      evaluators: [evaluator.id],
      events: [event.id, draftEvent.id],
      registrations: [String(registration.id)],
      rooms: [room.id],
    },
    cursors,
  };
}
