import { createHash, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { challengeIn } from './factories/challenges';
import { createPilot } from './factories/pilots';
import { createOrganization, createProposal } from './factories/proposals';
import { createCast, createUser, TestUser } from './factories/users';
import { auditEvents, expectProblem } from './support/expectations';
import { MAILS_PER_ADDRESS_PER_HOUR } from '../src/mail/mail-outbox';
import { codeIn, mailsTo } from './support/mail';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Issue 8, "Concurrency": fifty identical requests fired at once (Promise.all over supertest,
 * against a pool of five database connections, so most of them queue) must change the state
 * exactly once. The winner gets the success status, every other request the documented
 * conflict (409 problem document), none a 5xx, and the database holds one row and one audit
 * event for the one change.
 */

const API = '/api/v1';
const N = 50;
const RATIONALE = 'The evidence so far supports this decision.';

type Body = Record<string, unknown>;

/** No 5xx, every failure a problem document with the status `conflict` (409 or 422), exactly one `success`. */
function expectOneWinner(responses: Response[], success: number, conflict = 409): Response {
  const statuses = responses.map((r) => r.status);
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
  expect([...statuses].sort()).toEqual([success, ...Array<number>(responses.length - 1).fill(conflict)].sort());
  for (const res of responses.filter((r) => r.status !== success)) {
    expectProblem(res, conflict);
    if (conflict === 409) expect(res.body.type).toBe('urn:problem-type:testbed:conflict');
    expect(res.text).not.toMatch(/\n\s+at |\.ts:\d+|duplicate key|violates|SQLSTATE/i);
  }
  return responses.find((r) => r.status === success)!;
}

describe(`${N} simultaneous identical requests`, () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof createCast>>;

  beforeAll(async () => {
    // Hundreds of requests from one address: the request rate limit is not under test here.
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    cast = await createCast(t);
  });
  afterAll(() => t.close());

  function post(path: string, who: TestUser | undefined, body: object = {}) {
    const req = t.http().post(`${API}${path}`);
    if (who) req.set('Authorization', who.auth);
    return req.send(body);
  }
  const fire = (request: (i: number) => Promise<Response>) =>
    Promise.all(Array.from({ length: N }, (_, i) => request(i)));
  async function count(sql: string, params: unknown[]): Promise<number> {
    const [{ count: n }] = await t.db.query<{ count: number }[]>(sql, params);
    return n;
  }

  it('gate decisions on one pilot with the same version: one 201, 49 × 409, one decision, one audit event', async () => {
    const { pilotId } = await createPilot(t, {
      staff: cast.department,
      partner: cast.partner,
      evaluator: cast.evaluator,
    });
    // The time gate may be decided by the pilot's department staff, a director or an admin.
    const deciders = [cast.director, cast.admin, cast.department];
    const responses = await fire((i) =>
      post(`/pilots/${pilotId}/gate-decisions`, deciders[i % deciders.length], {
        gate: 'time',
        outcome: 'go',
        rationale: `${RATIONALE} #${i}`,
        version: 1,
      }),
    );

    const won = expectOneWinner(responses, 201).body as Body;
    expect(won).toMatchObject({ id: pilotId, stage: 'explore_setup', status: 'active', version: 2 });
    for (const res of responses.filter((r) => r.status === 409)) {
      expect(res.body.detail).toBe('The pilot has changed (version 1 is stale); reload it.');
    }

    const rows = await t.db.query<Body[]>(`SELECT id, rationale FROM gate_decisions WHERE pilot_id = $1`, [pilotId]);
    expect(rows).toHaveLength(1);
    const winning = won.lastGateDecision as Body;
    expect(rows[0]).toEqual({ id: winning.id, rationale: winning.rationale });
    const audit = (await auditEvents(t, 'pilot', pilotId)).filter((e) => e.action === 'pilot.gate-decided');
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toMatchObject({ version: 2, gateDecisionId: winning.id });
    const [pilot] = await t.db.query<Body[]>(`SELECT stage, status, version FROM pilots WHERE id = $1`, [pilotId]);
    expect(pilot).toEqual({ stage: 'explore_setup', status: 'active', version: 2 });
  });

  it('submits of one draft proposal: one 200, 49 × 409, submitted once, one audit event', async () => {
    const challenge = await challengeIn(t, cast.department, 'published');
    const organization = await createOrganization(t, cast.partner);
    const { id } = await createProposal(t, cast.partner, challenge.id, organization.id);

    const responses = await fire(() => post(`/proposals/${id}/submit`, cast.partner));

    const won = expectOneWinner(responses, 200).body as Body;
    expect(won).toMatchObject({ id, status: 'submitted', submittedAt: expect.any(String) });
    const [row] = await t.db.query<{ status: string; submitted_at: Date }[]>(
      `SELECT status, submitted_at FROM proposals WHERE id = $1`,
      [id],
    );
    expect(row.status).toBe('submitted');
    expect(row.submitted_at.toISOString()).toBe(new Date(won.submittedAt as string).toISOString());
    const audit = (await auditEvents(t, 'proposal', id)).filter((e) => e.action === 'proposal.submitted');
    expect(audit).toHaveLength(1);
  });

  it('assignments of the same evaluator to one proposal: one 201, 49 × 409, one row, one audit event', async () => {
    const challenge = await challengeIn(t, cast.department, 'published');
    const organization = await createOrganization(t, cast.partner);
    const { id } = await createProposal(t, cast.partner, challenge.id, organization.id);
    expect((await post(`/proposals/${id}/submit`, cast.partner)).status).toBe(200);
    const evaluator = await createUser(t, { roles: ['evaluator'] });
    // Department staff of the challenge's department, directors and admins may all assign.
    const assigners = [cast.department, cast.director, cast.admin];

    const responses = await fire((i) =>
      post(`/proposals/${id}/assignments`, assigners[i % assigners.length], { evaluatorId: evaluator.id }),
    );

    const won = expectOneWinner(responses, 201).body as Body;
    const rows = await t.db.query<{ id: string; evaluator_id: string }[]>(
      `SELECT id, evaluator_id FROM assignments WHERE proposal_id = $1`,
      [id],
    );
    expect(rows).toEqual([{ id: won.id, evaluator_id: evaluator.id }]);
    expect(
      await count(
        `SELECT count(*)::int AS count FROM audit_events WHERE entity_type = 'assignment' AND entity_id = $1`,
        [won.id],
      ),
    ).toBe(1);
  });

  it('registrations with one email (in varying case): 50 × 202, one pending registration whose code was mailed, no account yet', async () => {
    const email = `race-${randomUUID().slice(0, 8)}@example.se`;
    const spellings = [email, email.toUpperCase(), ` ${email} `, email.replace(/^r/, 'R')];
    const responses = await fire((i) => post('/auth/register', undefined, { email: spellings[i % spellings.length] }));
    expect(responses.map((r) => r.status)).toEqual(Array(N).fill(202));
    expect(await count(`SELECT count(*)::int AS count FROM users WHERE lower(email) = $1`, [email])).toBe(0);
    const pending = await t.db.query<{ code_hash: string }[]>(
      `SELECT code_hash FROM pending_registrations WHERE email = $1`,
      [email],
    );
    expect(pending).toHaveLength(1);

    // The client's hourly share of mails to the address went out (the rest changed nothing); only
    // the code of the last of them to commit holds.
    const codes = (await mailsTo(t, email)).map((m) => codeIn(m.body));
    expect(codes).toHaveLength(MAILS_PER_ADDRESS_PER_HOUR);
    const valid = codes.filter((code) => createHash('sha256').update(code).digest('hex') === pending[0].code_hash);
    expect(valid).toHaveLength(1);

    // …and 50 simultaneous confirmations of that code, each choosing its own name and password:
    // one 201, 49 × 422, exactly one account.
    const confirmations = await fire((i) =>
      post('/auth/register/confirm', undefined, {
        code: valid[0],
        name: `Racer ${i}`,
        password: `racing password number ${i}`,
      }),
    );
    const won = expectOneWinner(confirmations, 201, 422).body as Body;
    expect(won).toMatchObject({ email, roles: ['partner'], name: expect.stringMatching(/^Racer \d+$/) });
    const winner = Number(/^Racer (\d+)$/.exec(won.name as string)![1]);
    const accounts = await t.db.query<{ id: string }[]>(`SELECT id FROM users WHERE lower(email) = $1`, [email]);
    expect(accounts).toEqual([{ id: won.id }]);
    const audit = await auditEvents(t, 'user', won.id as string);
    expect(audit.map((e) => e.action)).toEqual(['user.registered']);

    // The account holds the winner's password, and only theirs.
    const login = (password: string) => t.http().post(`${API}/auth/login`).send({ email, password });
    expect((await login(`racing password number ${winner}`)).status).toBe(200);
    expect((await login(`racing password number ${(winner + 1) % N}`)).status).toBe(401);
  });

  it('acceptances of one invitation, while its owner invites the address again: one 200, the rest 404, one membership', async () => {
    const owner = await createUser(t, { email: `owner-${randomUUID().slice(0, 8)}@example.se` });
    const invitee = await createUser(t, { email: `invitee-${randomUUID().slice(0, 8)}@example.se` });
    const organization = await createOrganization(t, owner, { name: 'Samtidig förening' });
    const invite = () =>
      post(`/organizations/${organization.id}/members`, owner, { email: invitee.email, role: 'member' });
    expect((await invite()).status).toBe(202);
    const [{ id }] = await t.db.query<{ id: string }[]>(
      `SELECT id FROM organization_invitations WHERE organization_id = $1`,
      [organization.id],
    );
    // Re-inviting takes the organisation and the invitation in the same order as accepting: no deadlock.
    const [responses, reinvites] = await Promise.all([
      fire(() => post(`/invitations/${id}/accept`, invitee)),
      Promise.all(Array.from({ length: 5 }, invite)),
    ]);
    expectOneWinner(responses, 200, 404);
    // A re-invitation that came after the acceptance finds a member: 409; before it, 202.
    expect(reinvites.map((r) => r.status).every((s) => s === 202 || s === 409)).toBe(true);
    expect(
      await count(`SELECT count(*)::int AS count FROM memberships WHERE organization_id = $1 AND user_id = $2`, [
        organization.id,
        invitee.id,
      ]),
    ).toBe(1);
    const added = (await auditEvents(t, 'organization', organization.id)).filter(
      (e) => e.action === 'organization.member-added',
    );
    expect(added).toHaveLength(1);
  });
});
