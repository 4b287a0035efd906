import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { rank, reviewTotal } from '../src/evaluation/ranking';
import type { Total, WeightedCriterion } from '../src/evaluation/ranking';
import { challengeIn } from './factories/challenges';
import { createOrganization, createProposal } from './factories/proposals';
import { createCast, createUser, departmentId, TestUser } from './factories/users';
import { auditEvents, expectProblem, statementsOf } from './support/expectations';
import { startTestApp, TestApp } from './support/test-app';

const API = '/api/v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const REASON = 'Strong fit with the challenge and a credible plan.';

type Body = Record<string, unknown>;
type Who = TestUser | 'anonymous';
type Recommendation = 'yes' | 'maybe' | 'no';
interface Org {
  id: string;
  name: string;
}
interface Criterion extends WeightedCriterion {
  name: string;
}
interface Challenge {
  id: string;
  criteria: Criterion[];
}
interface RankingItem {
  proposalId: string;
  title: string;
  leadOrganization: Org;
  status: string;
  weightedScore: number | null;
  normalizedScore: number | null;
  spread: number | null;
  disagreement: boolean;
  reviewsSubmitted: number;
  reviewsAssigned: number;
  recusals: number;
  recommendations: { yes: number; maybe: number; no: number };
  overdue: number;
  partners: { id: string; name: string; status: string }[];
  evaluations: { assignmentId: string; evaluator: Org; total: number; zScore: number }[];
}

describe('ranking and decisions', () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof createCast>>;
  /** Department staff of Socialförvaltningen: not the department of any challenge here. */
  let otherStaff: TestUser;
  /** Evaluators, by name (the 422 of a pending acceptance names them). */
  let eva: TestUser;
  let olle: TestUser;
  let stina: TestUser;
  let rune: TestUser;
  /** Owners of the two lead organisations (partners). */
  let northOwner: TestUser;
  let southOwner: TestUser;
  let north: Org;
  let south: Org;
  let defaultDepartment: string;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    cast = await createCast(t);
    defaultDepartment = await departmentId(t);
    [otherStaff, eva, olle, stina, rune, northOwner, southOwner] = await Promise.all([
      createUser(t, { roles: ['department'], departmentId: await departmentId(t, 'socialforvaltningen') }),
      createUser(t, { roles: ['evaluator'], name: 'Eva Ek' }),
      createUser(t, { roles: ['evaluator'], name: 'Olle Berg' }),
      createUser(t, { roles: ['evaluator'], name: 'Stina Lund' }),
      createUser(t, { roles: ['evaluator'], name: 'Rune Dahl' }),
      createUser(t, { name: 'North Owner' }),
      createUser(t, { name: 'South Owner' }),
    ]);
    [north, south] = await Promise.all([
      createOrganization(t, northOwner, { name: 'Norra Omsorg' }),
      createOrganization(t, southOwner, { name: 'Södra Teknik' }),
    ]);
  });
  afterAll(() => t.close());

  /** One request as `who`; `body` is sent as JSON. */
  function call(method: 'get' | 'post' | 'put', path: string, who: Who, body?: object) {
    const req = t.http()[method](`${API}${path}`);
    if (who !== 'anonymous') req.set('Authorization', who.auth);
    return body === undefined ? req : req.send(body);
  }
  function ok(res: Response, status = 200): Body {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Body;
  }
  const ownerOf = (org: Org) => (org.id === north.id ? northOwner : southOwner);

  async function publishedChallenge(overrides: Body = {}): Promise<Challenge> {
    return (await challengeIn(t, cast.department, 'published', overrides)) as unknown as Challenge;
  }

  /** A proposal led by `org`: a draft, or submitted by the lead owner. */
  async function proposal(
    challenge: Challenge,
    org: Org,
    title: string,
    status: 'draft' | 'submitted' = 'submitted',
  ): Promise<string> {
    const { id } = await createProposal(t, ownerOf(org), challenge.id, org.id, { title });
    if (status === 'submitted') ok(await call('post', `/proposals/${id}/submit`, ownerOf(org)));
    return id;
  }

  async function assign(proposalId: string, evaluator: TestUser, by: TestUser = cast.department): Promise<string> {
    return ok(await call('post', `/proposals/${proposalId}/assignments`, by, { evaluatorId: evaluator.id }), 201)
      .id as string;
  }
  async function declare(assignmentId: string, evaluator: TestUser, conflict = false): Promise<void> {
    const body = conflict ? { conflict, reason: 'My sister works for the lead organisation.' } : { conflict };
    ok(await call('post', `/assignments/${assignmentId}/declaration`, evaluator, body));
  }
  /** Scores in the order of the challenge's criteria. */
  const scoresOf = (challenge: Challenge, scores: number[]) =>
    scores.map((score, i) => ({ criterionId: challenge.criteria[i].id, score }));
  async function review(
    assignmentId: string,
    evaluator: TestUser,
    challenge: Challenge,
    scores: number[],
    recommendation: Recommendation,
    submit = true,
  ): Promise<Body> {
    return ok(
      await call('put', `/assignments/${assignmentId}/review`, evaluator, {
        scores: scoresOf(challenge, scores),
        recommendation,
        submit,
      }),
    );
  }
  /** Assigned, declared no conflict and submitted a review in one go. */
  async function reviewed(
    proposalId: string,
    evaluator: TestUser,
    challenge: Challenge,
    scores: number[],
    recommendation: Recommendation,
  ): Promise<string> {
    const id = await assign(proposalId, evaluator);
    await declare(id, evaluator);
    await review(id, evaluator, challenge, scores, recommendation);
    return id;
  }

  const decide = (proposalId: string, who: Who, body: object) =>
    call('post', `/proposals/${proposalId}/decision`, who, body);
  const ranking = (challengeId: string, who: Who = cast.department) =>
    call('get', `/challenges/${challengeId}/ranking`, who);

  async function pilotsOf(proposalId: string): Promise<Body[]> {
    return t.db.query<Body[]>(`SELECT * FROM pilots WHERE proposal_id = $1`, [proposalId]);
  }
  async function proposalAudit(proposalId: string, action: string) {
    return (await auditEvents(t, 'proposal', proposalId)).filter((e) => e.action === action);
  }
  /** A refused decision left the proposal submitted, without decision, pilot or decision audit. */
  async function expectUndecided(proposalId: string): Promise<void> {
    const [row] = await t.db.query<Body[]>(
      `SELECT status, decided_at, decided_by, decision_reason FROM proposals WHERE id = $1`,
      [proposalId],
    );
    expect(row).toEqual({ status: 'submitted', decided_at: null, decided_by: null, decision_reason: null });
    expect(await pilotsOf(proposalId)).toEqual([]);
    const actions = (await auditEvents(t, 'proposal', proposalId)).map((e) => e.action);
    expect(actions).not.toContain('proposal.accepted');
    expect(actions).not.toContain('proposal.rejected');
  }

  describe('the whole flow: submitted proposal → assignments → declarations → reviews → ranking → accepted with a pilot', () => {
    it('ends with an accepted proposal, its pilot, the audit trail and the decision in the full view', async () => {
      const challenge = await publishedChallenge({ title: 'Flödet från förslag till pilot' });
      const proposalId = await proposal(challenge, north, 'Trygghetslarm som lyssnar');

      // Assignments by the challenge's department staff.
      const evaA = ok(
        await call('post', `/proposals/${proposalId}/assignments`, cast.department, { evaluatorId: eva.id }),
        201,
      );
      expect(evaA).toMatchObject({ status: 'assigned', declaration: null, evaluator: { id: eva.id, name: 'Eva Ek' } });
      const olleA = await assign(proposalId, olle);
      const runeA = await assign(proposalId, rune);

      // Declarations: two without conflict, one recusal.
      const declared = ok(
        await call('post', `/assignments/${evaA.id as string}/declaration`, eva, { conflict: false }),
      );
      expect(declared).toMatchObject({ status: 'assigned', declaration: { conflict: false } });
      await declare(olleA, olle);
      await declare(runeA, rune, true);

      // Reviews (VALID_CRITERIA 40/35/25): Eva (5,4,3) = 100·(200+140+75)/500 = 83; Olle (3,3,2) = 100·(120+105+50)/500 = 55.
      const evaReview = await review(evaA.id as string, eva, challenge, [5, 4, 3], 'yes');
      expect(evaReview).toMatchObject({ mine: true, evaluator: 'You', recommendation: 'yes' });
      expect(evaReview.total).toBeCloseTo(83, 9);
      await review(olleA, olle, challenge, [3, 3, 2], 'maybe');

      // The ranking shows it with both reviews and the recusal.
      const [item] = ok(await ranking(challenge.id)).items as RankingItem[];
      expect(item).toMatchObject({
        proposalId,
        title: 'Trygghetslarm som lyssnar',
        leadOrganization: { id: north.id, name: 'Norra Omsorg' },
        status: 'submitted',
        disagreement: false,
        reviewsSubmitted: 2,
        reviewsAssigned: 2,
        recusals: 1,
        recommendations: { yes: 1, maybe: 1, no: 0 },
      });
      expect(item.weightedScore).toBeCloseTo(69, 9);
      expect(item.spread).toBeCloseTo(28, 9);
      expect(item.normalizedScore).toBe(0);

      // The decision by the challenge's department staff.
      const started = Date.now();
      const decision = ok(await decide(proposalId, cast.department, { outcome: 'accepted', reason: REASON }));
      expect(Object.keys(decision).sort()).toEqual(['outcome', 'pilotId', 'proposalId']);
      expect(decision).toEqual({ proposalId, outcome: 'accepted', pilotId: expect.stringMatching(UUID) });
      const pilotId = decision.pilotId as string;

      const pilots = await pilotsOf(proposalId);
      expect(pilots).toHaveLength(1);
      expect(pilots[0]).toMatchObject({
        id: pilotId,
        proposal_id: proposalId,
        challenge_id: challenge.id,
        department_id: defaultDepartment,
        stage: 'explore_idea',
        status: 'active',
        version: 1,
        granted_budget_sek: null,
      });

      const accepted = await proposalAudit(proposalId, 'proposal.accepted');
      expect(accepted).toHaveLength(1);
      expect(accepted[0]).toMatchObject({
        actor_id: cast.department.id,
        before: { status: 'submitted' },
        after: { status: 'accepted', reason: REASON },
      });
      const pilotAudit = await auditEvents(t, 'pilot', pilotId);
      expect(pilotAudit.map((e) => e.action)).toEqual(['pilot.created']);
      expect(pilotAudit[0]).toMatchObject({
        actor_id: cast.department.id,
        after: {
          proposalId,
          challengeId: challenge.id,
          departmentId: defaultDepartment,
          stage: 'explore_idea',
          status: 'active',
          version: 1,
        },
      });

      // The full view, for city staff and for the lead organisation.
      for (const who of [cast.department, northOwner]) {
        const view = ok(await call('get', `/proposals/${proposalId}`, who));
        expect(view.status).toBe('accepted');
        expect(view.decision).toEqual({
          outcome: 'accepted',
          reason: REASON,
          decidedAt: expect.stringMatching(ISO_TIMESTAMP),
          decidedBy: { id: cast.department.id, name: 'Department' },
        });
        const decidedAt = Date.parse((view.decision as Body).decidedAt as string);
        expect(decidedAt).toBeGreaterThanOrEqual(started - 1000);
        expect(decidedAt).toBeLessThanOrEqual(Date.now() + 1000);
      }

      // Still ranked, now as accepted, with the same numbers.
      const [after] = ok(await ranking(challenge.id)).items as RankingItem[];
      expect(after).toMatchObject({ proposalId, status: 'accepted', reviewsSubmitted: 2 });
      expect(after.weightedScore).toBeCloseTo(69, 9);
    });
  });

  describe('ranking', () => {
    /** Weights 50/30/20: an evaluator's total is 100·(50a + 30b + 20c)/500 = 10a + 6b + 4c. */
    let challenge: Challenge;
    let a: string;
    let b: string;
    let c: string;
    let d: string;
    /** Submitted, one assignment whose review is only a draft: no submitted review. */
    let e: string;
    /** Reviewed by Eva with all zeros, then withdrawn: neither listed nor in Eva's z-scores. */
    let withdrawn: string;
    let draft: string;
    /** Every submitted review, as sent: the input of the pure functions. */
    const sent: { proposalId: string; evaluatorId: string; scores: number[] }[] = [];

    async function scored(proposalId: string, evaluator: TestUser, scores: number[], recommendation: Recommendation) {
      await reviewed(proposalId, evaluator, challenge, scores, recommendation);
      sent.push({ proposalId, evaluatorId: evaluator.id, scores });
    }

    beforeAll(async () => {
      challenge = await publishedChallenge({
        title: 'Rangordning med ojämna vikter',
        criteria: [
          { name: 'Effekt', description: 'Effect for residents', weight: 50 },
          { name: 'Genomförbarhet', description: null, weight: 30 },
          { name: 'Skalbarhet', description: null, weight: 20 },
        ],
      });
      expect(challenge.criteria.map((cr) => cr.weight)).toEqual([50, 30, 20]);
      [a, b, c, d, e, withdrawn, draft] = await Promise.all([
        proposal(challenge, north, 'A: Nattlig tillsyn med sensorer'),
        proposal(challenge, south, 'B: Matlådor med uppföljning'),
        proposal(challenge, north, 'C: Promenadvänner'),
        proposal(challenge, south, 'D: Digital fritidsbank'),
        proposal(challenge, north, 'E: Ännu ej granskad'),
        proposal(challenge, south, 'W: Återkallad'),
        proposal(challenge, south, 'Draft: Aldrig inskickad', 'draft'),
      ]);

      // Eva reviews A, B, C, D (and W, later withdrawn): 90, 56, 38, 100 (and 0).
      await scored(a, eva, [5, 4, 4], 'yes');
      await scored(b, eva, [3, 3, 2], 'maybe');
      await scored(c, eva, [2, 1, 3], 'no');
      await scored(d, eva, [5, 5, 5], 'yes');
      await reviewed(withdrawn, eva, challenge, [0, 0, 0], 'no');
      ok(await call('post', `/proposals/${withdrawn}/withdraw`, southOwner));
      // Olle reviews A, B, C with different scores but the same total, 60: his z-scores are all 0.
      await scored(a, olle, [3, 3, 3], 'maybe');
      await scored(b, olle, [4, 0, 5], 'no');
      await scored(c, olle, [3, 5, 0], 'maybe');
      // Stina reviews only D (26): a single review, z = 0. Her assignment to E stays a draft.
      await scored(d, stina, [1, 2, 1], 'no');
      const stinaOnE = await assign(e, stina);
      await declare(stinaOnE, stina);
      await review(stinaOnE, stina, challenge, [5, 5], 'yes', false);
      // Rune is assigned to A and recuses himself.
      await declare(await assign(a, rune), rune, true);
    });

    it('lists submitted proposals by weightedScore, unreviewed last with nulls; no draft, no withdrawn', async () => {
      const items = ok(await ranking(challenge.id)).items as RankingItem[];
      // A 75, D 63, B 58, C 49, E without reviews.
      expect(items.map((i) => i.proposalId)).toEqual([a, d, b, c, e]);
      expect(items.map((i) => i.proposalId)).not.toContain(withdrawn);
      expect(items.map((i) => i.proposalId)).not.toContain(draft);
      expect(items.map((i) => i.status)).toEqual(['submitted', 'submitted', 'submitted', 'submitted', 'submitted']);
      expect(items.map((i) => i.leadOrganization)).toEqual([
        { id: north.id, name: 'Norra Omsorg' },
        { id: south.id, name: 'Södra Teknik' },
        { id: south.id, name: 'Södra Teknik' },
        { id: north.id, name: 'Norra Omsorg' },
        { id: north.id, name: 'Norra Omsorg' },
      ]);
      for (const item of items) {
        expect(Object.keys(item).sort()).toEqual(
          [
            'disagreement',
            'evaluations',
            'excludedReviews',
            'leadOrganization',
            'normalizedScore',
            'overdue',
            'partners',
            'proposalId',
            'recommendations',
            'recusals',
            'reviewsAssigned',
            'reviewsSubmitted',
            'spread',
            'status',
            'title',
            'weightedScore',
          ].sort(),
        );
      }
      expect(items[4]).toEqual({
        proposalId: e,
        title: 'E: Ännu ej granskad',
        leadOrganization: { id: north.id, name: 'Norra Omsorg' },
        status: 'submitted',
        weightedScore: null,
        normalizedScore: null,
        spread: null,
        disagreement: false,
        reviewsSubmitted: 0,
        reviewsAssigned: 1,
        recusals: 0,
        overdue: 0,
        partners: [],
        evaluations: [],
        recommendations: { yes: 0, maybe: 0, no: 0 },
        excludedReviews: [],
      });
    });

    it("lists each counted review's total and z-score by evaluator name (D by hand)", async () => {
      const item = (ok(await ranking(challenge.id)).items as RankingItem[]).find((i) => i.proposalId === d)!;
      expect(item.evaluations.map((e) => e.evaluator)).toEqual([
        { id: eva.id, name: 'Eva Ek' },
        { id: stina.id, name: 'Stina Lund' },
      ]);
      // Eva on D: 100, z = 29 / √629 (see below); Stina's only review: 26, z = 0.
      expect(item.evaluations[0].total).toBeCloseTo(100, 9);
      expect(item.evaluations[0].zScore).toBeCloseTo(29 / Math.sqrt(629), 9);
      expect(item.evaluations[1].total).toBeCloseTo(26, 9);
      expect(item.evaluations[1].zScore).toBe(0);
      // The proposal's normalised score is the mean of the listed z-scores.
      const mean = item.evaluations.reduce((sum, e) => sum + e.zScore, 0) / item.evaluations.length;
      expect(item.normalizedScore).toBeCloseTo(mean, 9);
      for (const e of item.evaluations) expect(e.assignmentId).toMatch(UUID);
    });

    it('counts an assignment past its due date without a submitted review as overdue, a submitted one not', async () => {
      // Stina's assignment to E (a draft review) and Eva's to A (submitted) both fall due yesterday.
      await t.db.query(
        `UPDATE assignments SET due_at = now() - interval '1 day'
         WHERE proposal_id = ANY($1::uuid[]) AND evaluator_id = ANY($2::uuid[])`,
        [
          [e, a],
          [stina.id, eva.id],
        ],
      );
      try {
        const items = ok(await ranking(challenge.id)).items as RankingItem[];
        const overdue = Object.fromEntries(items.map((i) => [i.proposalId, i.overdue]));
        expect(overdue).toEqual({ [a]: 0, [b]: 0, [c]: 0, [d]: 0, [e]: 1 });
      } finally {
        await t.db.query(`UPDATE assignments SET due_at = NULL WHERE proposal_id = ANY($1::uuid[])`, [[e, a]]);
      }
    });

    it('counts submitted reviews, non-recused assignments, recusals and submitted recommendations', async () => {
      const items = ok(await ranking(challenge.id)).items as RankingItem[];
      const counts = Object.fromEntries(
        items.map((i) => [
          i.proposalId,
          {
            reviewsSubmitted: i.reviewsSubmitted,
            reviewsAssigned: i.reviewsAssigned,
            recusals: i.recusals,
            recommendations: i.recommendations,
          },
        ]),
      );
      expect(counts).toEqual({
        [a]: { reviewsSubmitted: 2, reviewsAssigned: 2, recusals: 1, recommendations: { yes: 1, maybe: 1, no: 0 } },
        [b]: { reviewsSubmitted: 2, reviewsAssigned: 2, recusals: 0, recommendations: { yes: 0, maybe: 1, no: 1 } },
        [c]: { reviewsSubmitted: 2, reviewsAssigned: 2, recusals: 0, recommendations: { yes: 0, maybe: 1, no: 1 } },
        [d]: { reviewsSubmitted: 2, reviewsAssigned: 2, recusals: 0, recommendations: { yes: 1, maybe: 0, no: 1 } },
        // Stina's draft says 'yes' but is not submitted: not counted.
        [e]: { reviewsSubmitted: 0, reviewsAssigned: 1, recusals: 0, recommendations: { yes: 0, maybe: 0, no: 0 } },
      });
    });

    it('agrees with reviewTotal and rank of src/evaluation/ranking.ts on the same scores', async () => {
      const items = ok(await ranking(challenge.id)).items as RankingItem[];
      const totals: Total[] = sent.map((s) => ({
        proposalId: s.proposalId,
        evaluatorId: s.evaluatorId,
        total: reviewTotal(challenge.criteria, scoresOf(challenge, s.scores)),
      }));
      const expected = rank([a, b, c, d, e], totals);
      expect(items.map((i) => i.proposalId)).toEqual(expected.map((x) => x.proposalId));
      items.forEach((item, i) => {
        const want = expected[i];
        for (const key of ['weightedScore', 'normalizedScore', 'spread'] as const) {
          if (want[key] === null) expect(item[key]).toBeNull();
          else expect(item[key]).toBeCloseTo(want[key], 9);
        }
        expect(item.disagreement).toBe(want.disagreement);
        expect(item.reviewsSubmitted).toBe(want.reviewsSubmitted);
      });
      // The cases the data was built for are really there.
      const byId = new Map(items.map((i) => [i.proposalId, i]));
      // A: Eva 90, Olle 60 → spread exactly 30, a disagreement.
      expect(byId.get(a)!.spread).toBeCloseTo(30, 9);
      expect(byId.get(a)!.disagreement).toBe(true);
      // B: 56 vs 60, C: 38 vs 60.
      expect(byId.get(b)!.disagreement).toBe(false);
      expect(byId.get(c)!.spread).toBeCloseTo(22, 9);
      expect(byId.get(c)!.disagreement).toBe(false);
      // Olle's totals are all 60 (z = 0), so C's normalised score is Eva's z alone, halved.
      expect(byId.get(c)!.normalizedScore).toBeLessThan(0);
    });

    it("keeps each submitted review's total as reviewTotal computes it, and none for a draft", async () => {
      const kept = await t.db.query<
        { proposal_id: string; evaluator_id: string; total: number | null; submitted: boolean }[]
      >(
        `SELECT a.proposal_id, a.evaluator_id, r.total, r.submitted_at IS NOT NULL AS submitted
         FROM reviews r JOIN assignments a ON a.id = r.assignment_id JOIN proposals p ON p.id = a.proposal_id
         WHERE p.challenge_id = $1`,
        [challenge.id],
      );
      for (const s of sent) {
        const row = kept.find((k) => k.proposal_id === s.proposalId && k.evaluator_id === s.evaluatorId);
        expect(row?.total).toBeCloseTo(reviewTotal(challenge.criteria, scoresOf(challenge, s.scores)), 9);
      }
      // Stina's review of E is a draft: no total until it is submitted.
      expect(kept.filter((k) => !k.submitted).map((k) => [k.proposal_id, k.total])).toEqual([[e, null]]);
    });

    it("matches D's weightedScore, spread and normalizedScore computed by hand", async () => {
      const item = (ok(await ranking(challenge.id)).items as RankingItem[]).find((i) => i.proposalId === d)!;
      // Eva on D, scores (5, 5, 5): 100 × (50·5 + 30·5 + 20·5) / (5 × 100) = 100 × 500 / 500 = 100.
      // Stina on D, scores (1, 2, 1): 100 × (50·1 + 30·2 + 20·1) / (5 × 100) = 100 × 130 / 500 = 26.
      // weightedScore = (100 + 26) / 2 = 63; spread = 100 − 26 = 74 ≥ 30.
      expect(item.weightedScore).toBeCloseTo(63, 9);
      expect(item.spread).toBeCloseTo(74, 9);
      expect(item.disagreement).toBe(true);
      // Eva's totals on the ranked proposals (W is withdrawn, so its 0 does not count):
      // A 90, B 56, C 38, D 100; mean 284 / 4 = 71; deviations 19, −15, −33, 29;
      // population variance (361 + 225 + 1089 + 841) / 4 = 629; z(D) = 29 / √629 ≈ 1.15630.
      // Stina reviewed only D: z = 0. normalizedScore = (29 / √629 + 0) / 2 ≈ 0.57815.
      expect(item.normalizedScore).toBeCloseTo(29 / Math.sqrt(629) / 2, 9);
      expect(item.normalizedScore).toBeCloseTo(0.57815, 4);
    });

    it("lists the consortium's partners with their status", async () => {
      const challenge3 = await publishedChallenge({ title: 'Rangordning med konsortium' });
      const { id } = await createProposal(t, northOwner, challenge3.id, north.id, {
        title: 'Med partner',
        partnerOrganizationIds: [south.id],
      });
      ok(await call('post', `/proposals/${id}/partners/${south.id}/confirm`, southOwner));
      ok(await call('post', `/proposals/${id}/submit`, northOwner));
      const [item] = ok(await ranking(challenge3.id)).items as RankingItem[];
      expect(item.leadOrganization).toEqual({ id: north.id, name: 'Norra Omsorg' });
      expect(item.partners).toEqual([{ id: south.id, name: 'Södra Teknik', status: 'confirmed' }]);
    });

    it('keeps a decided proposal in the ranking with its status and numbers', async () => {
      const challenge2 = await publishedChallenge({ title: 'Rangordning efter beslut' });
      const p = await proposal(challenge2, north, 'Beslutat förslag');
      const q = await proposal(challenge2, south, 'Inte beslutat');
      await reviewed(p, eva, challenge2, [4, 4, 4], 'yes');
      await reviewed(q, eva, challenge2, [2, 2, 2], 'no');
      const before = ok(await ranking(challenge2.id)).items as RankingItem[];
      ok(await decide(p, cast.admin, { outcome: 'rejected', reason: 'Another proposal fits better.' }));
      const after = ok(await ranking(challenge2.id)).items as RankingItem[];
      expect(after.map((i) => [i.proposalId, i.status])).toEqual([
        [p, 'rejected'],
        [q, 'submitted'],
      ]);
      expect(after.map((i) => ({ ...i, status: 'x' }))).toEqual(before.map((i) => ({ ...i, status: 'x' })));
    });

    describe('access', () => {
      it.each([
        ["the challenge's department staff", () => cast.department],
        ['a director', () => cast.director],
        ['an admin', () => cast.admin],
      ])('%s: 200', async (_, who) => {
        const body = ok(await ranking(challenge.id, who()));
        expect(body.challengeId).toBe(challenge.id);
        expect((body.items as RankingItem[]).map((i) => i.proposalId)).toEqual([a, d, b, c, e]);
      });

      it('department staff of another department: 403 on a published challenge', async () => {
        expectProblem(await ranking(challenge.id, otherStaff), 403);
      });

      it.each([
        ['a partner', () => cast.partner],
        ['a lead organisation owner (partner)', () => northOwner],
        ['an evaluator', () => cast.evaluator],
        ['an evaluator who reviewed its proposals', () => eva],
      ])('%s: 403', async (_, who) => {
        expectProblem(await ranking(challenge.id, who()), 403);
      });

      it('anonymous: 401', async () => {
        expectProblem(await ranking(challenge.id, 'anonymous'), 401);
      });

      it('an unknown challenge: 404', async () => {
        expectProblem(await ranking(randomUUID(), cast.admin), 404);
      });

      it('a draft challenge: 404 for whoever cannot see it, an empty ranking for its own department', async () => {
        const draftChallenge = await challengeIn(t, cast.department, 'draft', { title: 'Utkast utan förslag' });
        expectProblem(await ranking(draftChallenge.id, otherStaff), 404);
        expect(ok(await ranking(draftChallenge.id, cast.department))).toEqual({
          challengeId: draftChallenge.id,
          items: [],
        });
      });
    });

    describe('statements', () => {
      const statements = (send: () => PromiseLike<Response>) => statementsOf(t, send);

      it('reads the ranking in one statement, whatever the number of proposals', async () => {
        const small = await publishedChallenge({ title: 'En enda' });
        const one = await proposal(small, north, 'Ensam');
        await reviewed(one, olle, small, [1, 2, 3], 'maybe');

        const many = await statements(() => ranking(challenge.id));
        const few = await statements(() => ranking(small.id));
        expect(many.res.status).toBe(200);
        expect(few.res.status).toBe(200);
        expect((many.res.body as { items: unknown[] }).items).toHaveLength(5);
        expect((few.res.body as { items: unknown[] }).items).toHaveLength(1);

        // The token check looks the user up, the permission check reads the challenge (visible
        // to the caller? its department?); then the ranking itself is exactly one statement.
        for (const run of [many, few]) {
          expect(run.sql).toHaveLength(3);
          expect(run.sql[0]).toMatch(/FROM "users"/);
          expect(run.sql[1]).toMatch(/FROM "challenges"/);
          expect(run.sql[1]).not.toMatch(/\b(proposals|assignments|reviews)\b/);
          expect(run.sql[2]).toMatch(/\breviews\b/);
        }
        expect(many.sql.length).toBe(few.sql.length);
      });

      // The first computation is held on a lock until every request has arrived, so they overlap
      // for certain. Real PostgreSQL only: the embedded database runs one transaction at a time.
      (process.env.DATABASE_URL ? it : it.skip)(
        'ten staff at once: each checked, one ranking computed, the very same answer for all',
        async () => {
          const holder = t.db.createQueryRunner();
          await holder.connect();
          await holder.startTransaction();
          await holder.query(`LOCK TABLE reviews IN ACCESS EXCLUSIVE MODE`);
          let answers: Response[] = [];
          const callers = [...Array<Who>(9).fill(cast.department), cast.director];
          const together = statements(async () => {
            answers = await Promise.all(callers.map((who) => ranking(challenge.id, who)));
            return answers[0];
          });
          let refused: Response | undefined;
          try {
            for (let waiting = 0; waiting < 1;) {
              await new Promise((r) => setTimeout(r, 50));
              const [row] = (await holder.query(
                `SELECT count(*)::int AS waiting FROM pg_stat_activity
                 WHERE wait_event_type = 'Lock' AND query LIKE '%WITH ranked AS%'`,
              )) as { waiting: number }[];
              waiting = row.waiting;
            }
            // Staff of another department asking meanwhile is still refused, not handed the shared answer.
            refused = await ranking(challenge.id, otherStaff);
            await new Promise((r) => setTimeout(r, 1000)); // the others arrive and join
          } finally {
            await holder.commitTransaction();
            await holder.release();
          }
          const { sql } = await together;
          expect(refused?.status).toBe(403);
          expect(answers.map((r) => r.status)).toEqual(Array<number>(10).fill(200));
          for (const res of answers.slice(1)) expect(res.body).toEqual(answers[0].body);
          // Every caller's permission read (the ten and the refused one), and the ranking once, not ten times.
          expect(sql.filter((s) => /FROM "challenges"/.test(s)).length).toBe(11);
          // (The watch on pg_stat_activity names the statement too.)
          expect(sql.filter((s) => s.includes('WITH ranked AS') && !s.includes('pg_stat_activity')).length).toBe(1);
        },
      );
    });
  });

  describe('decisions', () => {
    let challenge: Challenge;

    beforeAll(async () => {
      challenge = await publishedChallenge({ title: 'Beslut om förslag' });
    });

    const submitted = (title = 'Förslag för beslut') => proposal(challenge, north, title);
    /** Submitted, reviewed and submitted by Eva: ready to accept. */
    async function ready(title?: string): Promise<string> {
      const id = await submitted(title);
      await reviewed(id, eva, challenge, [4, 3, 5], 'yes');
      return id;
    }

    it('rejects a proposal without reviews: 200, pilotId null, no pilot, audit proposal.rejected', async () => {
      const id = await submitted('Avslås utan granskning');
      const res = await decide(id, cast.director, {
        outcome: 'rejected',
        reason: 'Outside the scope of this challenge.',
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ proposalId: id, outcome: 'rejected', pilotId: null });
      expect(await pilotsOf(id)).toEqual([]);
      const events = await proposalAudit(id, 'proposal.rejected');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        actor_id: cast.director.id,
        before: { status: 'submitted' },
        after: { status: 'rejected', reason: 'Outside the scope of this challenge.' },
      });
      const view = ok(await call('get', `/proposals/${id}`, northOwner));
      expect(view.status).toBe('rejected');
      expect(view.decision).toEqual({
        outcome: 'rejected',
        reason: 'Outside the scope of this challenge.',
        decidedAt: expect.stringMatching(ISO_TIMESTAMP),
        decidedBy: { id: cast.director.id, name: 'Director' },
      });
    });

    it('accepting without any submitted review: 422', async () => {
      const none = await submitted('Inga granskningar');
      expectProblem(await decide(none, cast.admin, { outcome: 'accepted', reason: REASON }), 422, 'outcome');
      await expectUndecided(none);

      // Only a recusal: still no submitted review.
      const recusedOnly = await submitted('Bara jäv');
      await declare(await assign(recusedOnly, rune), rune, true);
      const res = await decide(recusedOnly, cast.admin, { outcome: 'accepted', reason: REASON });
      expectProblem(res, 422, 'outcome');
      expect(res.body.detail).toMatch(/at least one submitted review/);
      await expectUndecided(recusedOnly);
    });

    it("accepting while evaluators are still 'assigned': 422 naming each of them", async () => {
      const id = await ready('Väntar på granskare');
      await assign(id, olle); // not even declared
      const stinaA = await assign(id, stina);
      await declare(stinaA, stina);
      await review(stinaA, stina, challenge, [3], 'maybe', false); // a draft only
      const res = await decide(id, cast.department, { outcome: 'accepted', reason: REASON });
      expectProblem(res, 422, 'outcome');
      expect(res.body.detail).toContain('Olle Berg');
      expect(res.body.detail).toContain('Stina Lund');
      expect(res.body.detail).not.toContain('Eva Ek');
      await expectUndecided(id);
      // Rejection is not held up by pending evaluators.
      ok(await decide(id, cast.department, { outcome: 'rejected', reason: 'Not convincing enough.' }));
    });

    it('recused evaluators do not block an acceptance', async () => {
      const id = await ready('Med jävig granskare');
      await declare(await assign(id, rune), rune, true);
      const res = await decide(id, cast.admin, { outcome: 'accepted', reason: REASON });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ proposalId: id, outcome: 'accepted', pilotId: expect.stringMatching(UUID) });
      expect(await pilotsOf(id)).toHaveLength(1);
    });

    it.each([
      ['a reason of 9 characters', { outcome: 'accepted', reason: '123456789' }, 'reason'],
      ['no reason', { outcome: 'accepted' }, 'reason'],
      ['a blank reason', { outcome: 'rejected', reason: '            ' }, 'reason'],
      ['an unknown outcome', { outcome: 'approved', reason: REASON }, 'outcome'],
      ['a withdrawn outcome', { outcome: 'withdrawn', reason: REASON }, 'outcome'],
      ['no outcome', { reason: REASON }, 'outcome'],
    ])('%s: 400', async (_, body, field) => {
      const id = await ready();
      expectProblem(await decide(id, cast.department, body), 400, field);
      await expectUndecided(id);
    });

    it('a reason of 10 characters is enough', async () => {
      const id = await ready();
      ok(await decide(id, cast.department, { outcome: 'accepted', reason: '1234567890' }));
    });

    it('a reason of 5 000 characters is taken whole; the lead organisation’s notification carries it shortened', async () => {
      // The notification text was the decision's reason verbatim; a reason over 500 characters
      // made its INSERT fail (varchar(500)) and the decision a 500.
      const id = await ready('Långt beslut');
      const reason = `${'Ett utförligt motiv. '.repeat(238)}Slut.`.slice(0, 5000);
      ok(await decide(id, cast.department, { outcome: 'rejected', reason }));
      const [stored] = await t.db.query<{ decision_reason: string }[]>(
        `SELECT decision_reason FROM proposals WHERE id = $1`,
        [id],
      );
      expect(stored.decision_reason).toBe(reason.trim());
      const messages = await t.db.query<{ message: string }[]>(
        `SELECT message FROM notifications WHERE entity_id = $1 AND kind = 'proposal.decided'`,
        [id],
      );
      expect(messages.length).toBeGreaterThan(0);
      for (const { message } of messages) {
        expect(message.length).toBeLessThanOrEqual(500);
        expect(message.endsWith('…')).toBe(true);
      }
    });

    it('a reason padded to 10 characters with spaces is still shorter than 10: 400', async () => {
      // The service stores the reason trimmed; "   short    " would become the 5-character "short".
      const id = await ready();
      expectProblem(await decide(id, cast.department, { outcome: 'rejected', reason: '   short    ' }), 400, 'reason');
      await expectUndecided(id);
    });

    it('a decided proposal: 409 for either outcome, nothing changes', async () => {
      const id = await ready('Redan beslutat');
      const first = ok(await decide(id, cast.department, { outcome: 'accepted', reason: REASON }));
      for (const outcome of ['accepted', 'rejected']) {
        expectProblem(await decide(id, cast.admin, { outcome, reason: 'A second opinion on this.' }), 409);
      }
      expect((await pilotsOf(id)).map((p) => p.id)).toEqual([first.pilotId]);
      expect(await proposalAudit(id, 'proposal.accepted')).toHaveLength(1);
      expect(await proposalAudit(id, 'proposal.rejected')).toHaveLength(0);
    });

    it('a withdrawn proposal: 409', async () => {
      const id = await ready('Återkallat');
      ok(await call('post', `/proposals/${id}/withdraw`, northOwner));
      for (const outcome of ['accepted', 'rejected']) {
        expectProblem(await decide(id, cast.admin, { outcome, reason: REASON }), 409);
      }
      expect(await pilotsOf(id)).toEqual([]);
    });

    it('a draft proposal: not visible to city staff, so 404 (PRODUCT.md §3: drafts are seen by the consortium only)', async () => {
      const id = await proposal(challenge, north, 'Utkast', 'draft');
      for (const who of [cast.admin, cast.director, cast.department]) {
        expectProblem(await decide(id, who, { outcome: 'rejected', reason: REASON }), 404);
      }
      expect(await pilotsOf(id)).toEqual([]);
    });

    it.each([
      ['a partner', () => cast.partner],
      ['an owner of the lead organisation', () => northOwner],
      ['an evaluator', () => cast.evaluator],
      ['the evaluator who reviewed it', () => eva],
    ])('%s: 403', async (_, who) => {
      const id = await ready();
      expectProblem(await decide(id, who(), { outcome: 'accepted', reason: REASON }), 403);
      await expectUndecided(id);
    });

    it('department staff of another department: 404', async () => {
      const id = await ready();
      expectProblem(await decide(id, otherStaff, { outcome: 'accepted', reason: REASON }), 404);
      await expectUndecided(id);
    });

    it('anonymous: 401', async () => {
      const id = await ready();
      expectProblem(await decide(id, 'anonymous', { outcome: 'accepted', reason: REASON }), 401);
      await expectUndecided(id);
    });

    it('an unknown proposal: 404', async () => {
      expectProblem(await decide(randomUUID(), cast.admin, { outcome: 'rejected', reason: REASON }), 404);
    });

    it('withdrawing after a decision: 409, the decision stays', async () => {
      const accepted = await ready('Beviljat');
      const rejected = await ready('Avslaget');
      ok(await decide(accepted, cast.department, { outcome: 'accepted', reason: REASON }));
      ok(await decide(rejected, cast.department, { outcome: 'rejected', reason: 'Too expensive for now.' }));
      for (const [id, status] of [
        [accepted, 'accepted'],
        [rejected, 'rejected'],
      ]) {
        expectProblem(await call('post', `/proposals/${id}/withdraw`, northOwner), 409);
        const view = ok(await call('get', `/proposals/${id}`, northOwner));
        expect(view.status).toBe(status);
        expect((view.decision as Body).outcome).toBe(status);
      }
      expect(await pilotsOf(accepted)).toHaveLength(1);
    });

    it.each([1, 2, 3])(
      'two simultaneous acceptances (round %i): one 200, one 409, one pilot, one proposal.accepted',
      async () => {
        const id = await ready('Samtidiga beslut');
        const [x, y] = await Promise.all([
          decide(id, cast.department, { outcome: 'accepted', reason: REASON }),
          decide(id, cast.director, { outcome: 'accepted', reason: REASON }),
        ]);
        expect([x.status, y.status].sort()).toEqual([200, 409]);
        const winner = x.status === 200 ? x : y;
        const loser = x.status === 200 ? y : x;
        expectProblem(loser, 409);
        // The loser learns that the proposal has been decided (not merely a unique-index clash).
        expect(loser.body.detail).toMatch(/accepted/);
        const pilots = await pilotsOf(id);
        expect(pilots).toHaveLength(1);
        expect(pilots[0].id).toBe(winner.body.pilotId);
        expect(await proposalAudit(id, 'proposal.accepted')).toHaveLength(1);
        expect((await auditEvents(t, 'pilot', pilots[0].id as string)).map((ev) => ev.action)).toEqual([
          'pilot.created',
        ]);
        const [{ count }] = await t.db.query<{ count: number }[]>(
          `SELECT count(*)::int AS count FROM audit_events WHERE action = 'pilot.created' AND after->>'proposalId' = $1`,
          [id],
        );
        expect(count).toBe(1);
      },
    );
  });
});
