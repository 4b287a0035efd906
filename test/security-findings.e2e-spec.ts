import type { Response } from 'supertest';
import { challengeIn } from './factories/challenges';
import { addMember, createOrganization, createProposal } from './factories/proposals';
import { createCast, createUser, TestUser } from './factories/users';
import { auditEvents, expectProblem } from './support/expectations';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Regression tests of the outside security test's findings (issue 15), by hole number. The
 * conflict-of-interest rule (docs/product.md §3.4.2, förvaltningslagen 16 §) must hold at every step of an
 * evaluation, not only when the evaluator is assigned.
 */
const API = '/api/v1';
const REASON = 'Strong fit with the challenge and a credible plan.';

interface Challenge {
  id: string;
  criteria: { id: string; weight: number }[];
}

describe('issue 15: security findings', () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof createCast>>;

  beforeAll(async () => {
    t = await startTestApp();
    cast = await createCast(t);
  });
  afterAll(() => t.close());

  const ok = (res: Response, status = 200): Record<string, unknown> => {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown>;
  };
  const assign = (proposalId: string, evaluator: TestUser) =>
    t
      .http()
      .post(`${API}/proposals/${proposalId}/assignments`)
      .set('Authorization', cast.department.auth)
      .send({ evaluatorId: evaluator.id });
  const declare = (assignmentId: string, evaluator: TestUser, conflict = false) =>
    t
      .http()
      .post(`${API}/assignments/${assignmentId}/declaration`)
      .set('Authorization', evaluator.auth)
      .send(conflict ? { conflict, reason: 'I know them.' } : { conflict });
  const review = (assignmentId: string, evaluator: TestUser, challenge: Challenge, score: number, submit = true) =>
    t
      .http()
      .put(`${API}/assignments/${assignmentId}/review`)
      .set('Authorization', evaluator.auth)
      .send({
        scores: challenge.criteria.map((c) => ({ criterionId: c.id, score })),
        recommendation: 'yes',
        comment: 'Reviewed.',
        submit,
      });
  const submit = (proposalId: string, by: TestUser) =>
    t.http().post(`${API}/proposals/${proposalId}/submit`).set('Authorization', by.auth);
  const decide = (proposalId: string, outcome: 'accepted' | 'rejected') =>
    t
      .http()
      .post(`${API}/proposals/${proposalId}/decision`)
      .set('Authorization', cast.department.auth)
      .send({ outcome, reason: REASON });
  const assignmentStatus = async (id: string): Promise<string> =>
    (await t.db.query<{ status: string }[]>(`SELECT status FROM assignments WHERE id = $1`, [id]))[0].status;
  const notificationsOf = (user: TestUser, entityId: string) =>
    t.db.query<{ kind: string; message: string }[]>(
      `SELECT kind, message FROM notifications WHERE recipient_id = $1 AND entity_id = $2 ORDER BY created_at`,
      [user.id, entityId],
    );

  /** A published challenge with one submitted proposal led by a fresh organisation. */
  async function arena() {
    const challenge = (await challengeIn(t, cast.department, 'published')) as unknown as Challenge;
    const leadOwner = await createUser(t, { name: 'Lead Owner' });
    const lead = await createOrganization(t, leadOwner, { name: `Lead ${Math.random().toString(36).slice(2, 7)}` });
    const proposal = await createProposal(t, leadOwner, challenge.id, lead.id);
    ok(await submit(proposal.id, leadOwner));
    return { challenge, leadOwner, lead, proposal };
  }

  /** An evaluator assigned to the proposal who has declared no conflict. */
  async function assignedEvaluator(proposalId: string, name: string) {
    const evaluator = await createUser(t, { roles: ['evaluator'], name });
    const assignment = ok(await assign(proposalId, evaluator), 201);
    ok(await declare(assignment.id as string, evaluator));
    return { evaluator, assignmentId: assignment.id as string };
  }

  describe('hole 1: jäv after assignment', () => {
    it('recuses an assigned evaluator who joins the lead organisation (audited, the department notified)', async () => {
      const { lead, leadOwner, proposal } = await arena();
      const { evaluator, assignmentId } = await assignedEvaluator(proposal.id, 'Turncoat Tove');

      await addMember(t, lead.id, leadOwner, evaluator);

      expect(await assignmentStatus(assignmentId)).toBe('recused');
      const events = await auditEvents(t, 'assignment', assignmentId);
      expect(events.at(-1)).toMatchObject({
        action: 'assignment.recused',
        actor_id: evaluator.id,
        before: { status: 'assigned' },
        after: expect.objectContaining({ status: 'recused', organizationId: lead.id }),
      });
      expect(await notificationsOf(cast.department, assignmentId)).toEqual([
        { kind: 'assignment.recused', message: expect.stringContaining(lead.name) },
      ]);
      const refused = await review(assignmentId, evaluator, (await arenaChallenge(proposal.id))!, 5);
      expectProblem(refused, 422);
    });

    it('refuses the declaration and the review of an evaluator who is (now) a member of the lead organisation', async () => {
      const { lead, proposal } = await arena();
      const evaluator = await createUser(t, { roles: ['evaluator'], name: 'Quiet Quentin' });
      const assignment = ok(await assign(proposal.id, evaluator), 201);
      // A membership the invitation flow did not see (e.g. older than this rule): every step still applies it.
      await t.db.query(`INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, 'member')`, [
        lead.id,
        evaluator.id,
      ]);
      const declared = await declare(assignment.id as string, evaluator);
      expectProblem(declared, 422, 'conflict');
      expect(declared.body.detail).toContain(lead.name);
      expect(declared.body.detail).toMatch(/conflict of interest/i);
      const challenge = (await arenaChallenge(proposal.id))!;
      const saved = await review(assignment.id as string, evaluator, challenge, 5, false);
      expectProblem(saved, 422);
      expect(saved.body.detail).toContain(lead.name);
    });

    it('drops a submitted review of a now-conflicted evaluator from the ranking, flagged, and refuses acceptance on it', async () => {
      const { challenge, lead, leadOwner, proposal } = await arena();
      const { evaluator, assignmentId } = await assignedEvaluator(proposal.id, 'Scoring Sam');
      ok(await review(assignmentId, evaluator, challenge, 5));

      await addMember(t, lead.id, leadOwner, evaluator);

      const ranking = ok(
        await t.http().get(`${API}/challenges/${challenge.id}/ranking`).set('Authorization', cast.department.auth),
      );
      const [row] = ranking.items as Record<string, unknown>[];
      expect(row).toMatchObject({
        proposalId: proposal.id,
        weightedScore: null,
        reviewsSubmitted: 0,
        excludedReviews: [
          {
            assignmentId,
            evaluator: { id: evaluator.id, name: 'Scoring Sam' },
            organization: { id: lead.id, name: lead.name },
            relation: 'lead',
            reason: expect.stringMatching(/conflict of interest/i),
          },
        ],
      });
      const reviews = ok(
        await t.http().get(`${API}/proposals/${proposal.id}/reviews`).set('Authorization', cast.department.auth),
      );
      expect(reviews.items).toEqual([
        expect.objectContaining({
          assignmentId,
          conflictOfInterest: expect.objectContaining({ organization: { id: lead.id, name: lead.name } }),
        }),
      ]);

      const accepted = await decide(proposal.id, 'accepted');
      expectProblem(accepted, 422, 'outcome');
      expect(accepted.body.detail).toMatch(/conflict of interest/i);
      expect(accepted.body.detail).toContain('Scoring Sam');
      ok(await decide(proposal.id, 'rejected'));
    });

    it("recuses an evaluator whose organisation's own competing proposal is submitted", async () => {
      const { challenge, proposal } = await arena();
      const { evaluator, assignmentId } = await assignedEvaluator(proposal.id, 'Rival Rita');
      const rival = await createOrganization(t, evaluator, { name: 'Rival Rita AB' });
      const own = await createProposal(t, evaluator, challenge.id, rival.id);
      expect(await assignmentStatus(assignmentId)).toBe('assigned');

      ok(await submit(own.id, evaluator));

      expect(await assignmentStatus(assignmentId)).toBe('recused');
      expect((await auditEvents(t, 'assignment', assignmentId)).at(-1)).toMatchObject({
        action: 'assignment.recused',
        after: expect.objectContaining({ organizationId: rival.id, relation: 'competitor' }),
      });
    });

    it('recuses an evaluator whose organisation confirms a place in a competing consortium, once that proposal is submitted', async () => {
      const { challenge, proposal } = await arena();
      const { evaluator, assignmentId } = await assignedEvaluator(proposal.id, 'Partnering Per');
      const own = await createOrganization(t, evaluator, { name: 'Per Partner AB' });
      const otherOwner = await createUser(t);
      const other = await createOrganization(t, otherOwner);
      const competing = await createProposal(t, otherOwner, challenge.id, other.id, {
        partnerOrganizationIds: [own.id],
      });
      ok(
        await t
          .http()
          .post(`${API}/proposals/${competing.id}/partners/${own.id}/confirm`)
          .set('Authorization', evaluator.auth),
      );
      ok(await submit(competing.id, otherOwner));

      expect(await assignmentStatus(assignmentId)).toBe('recused');
    });

    it('leaves the assignments of evaluators without an interest alone when someone else joins', async () => {
      const { lead, leadOwner, proposal } = await arena();
      const { assignmentId } = await assignedEvaluator(proposal.id, 'Bystander Bo');
      await addMember(t, lead.id, leadOwner, await createUser(t));
      expect(await assignmentStatus(assignmentId)).toBe('assigned');
      expect(await notificationsOf(cast.department, assignmentId)).toEqual([]);
    });
  });

  describe('hole 2: competitors review each other', () => {
    it('refuses to assign a member of an organisation with its own submitted proposal on the challenge (422 naming it)', async () => {
      const { challenge, proposal } = await arena();
      const evaluator = await createUser(t, { roles: ['evaluator'], name: 'Competing Carl' });
      const rival = await createOrganization(t, evaluator, { name: 'Carl Konkurrent AB' });
      const own = await createProposal(t, evaluator, challenge.id, rival.id);
      // A draft is no interest in the outcome yet.
      const whileDraft = ok(await assign(proposal.id, evaluator), 201);
      await t.db.query(`DELETE FROM assignments WHERE id = $1`, [whileDraft.id]);
      ok(await submit(own.id, evaluator));

      const res = await assign(proposal.id, evaluator);
      expectProblem(res, 422, 'evaluatorId');
      expect(res.body.detail).toMatch(/conflict of interest/i);
      expect(res.body.detail).toContain('Carl Konkurrent AB');
      expect(res.body.detail).toMatch(/competing|competitor/i);
      expect(await t.db.query(`SELECT 1 FROM assignments WHERE proposal_id = $1`, [proposal.id])).toEqual([]);
    });

    it('keeps a competitor out of the ranking and refuses its review even if the assignment slipped through', async () => {
      const { challenge, proposal } = await arena();
      const evaluator = await createUser(t, { roles: ['evaluator'], name: 'Slipped Siv' });
      const assignment = ok(await assign(proposal.id, evaluator), 201);
      ok(await declare(assignment.id as string, evaluator));
      const rival = await createOrganization(t, evaluator, { name: 'Siv Konkurrent AB' });
      const own = await createProposal(t, evaluator, challenge.id, rival.id);
      // Submitted behind the API's back: the later steps must not rely on the recusal alone.
      await t.db.query(`UPDATE proposals SET status = 'submitted', submitted_at = now() WHERE id = $1`, [own.id]);

      const saved = await review(assignment.id as string, evaluator, challenge, 0);
      expectProblem(saved, 422);
      expect(saved.body.detail).toContain('Siv Konkurrent AB');
    });
  });

  /** The challenge (with its criteria) of a proposal. */
  async function arenaChallenge(proposalId: string): Promise<Challenge | undefined> {
    const [row] = await t.db.query<{ id: string; criteria: Challenge['criteria'] }[]>(
      `SELECT c.id, c.criteria FROM challenges c JOIN proposals p ON p.challenge_id = c.id WHERE p.id = $1`,
      [proposalId],
    );
    return row;
  }
});
