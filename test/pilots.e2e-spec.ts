import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { luhnCheckDigit } from '../src/partners/org-number';
import { challengeIn } from './factories/challenges';
import { createPilot } from './factories/pilots';
import { addMember, createOrganization, createProposal } from './factories/proposals';
import { createUser, departmentId, TestUser } from './factories/users';
import { auditEvents, expectProblem } from './support/expectations';
import { startTestApp, TestApp } from './support/test-app';

const API = '/api/v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const RATIONALE = 'The evidence so far supports this decision.';
/** The reason createPilot gives when it accepts the proposal. */
const ACCEPT_REASON = 'A promising proposal for the testbed.';

type Body = Record<string, unknown>;
type Who = TestUser | 'anonymous';
type Gate = 'time' | 'money' | 'scale' | 'implement';
type Outcome = 'go' | 'hold' | 'stop';

interface Made {
  pilotId: string;
  proposalId: string;
  challengeId: string;
  organizationId: string;
}

const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString();

describe('pilots', () => {
  let t: TestApp;
  let care: string;
  let social: string;
  /** Distinctive names: the registry's raw text is searched for each of them. */
  let admin: TestUser;
  let director: TestUser;
  /** Department staff of Vård- och omsorgsförvaltningen: the department of most pilots here. */
  let staff: TestUser;
  /** Department staff of Socialförvaltningen. */
  let otherStaff: TestUser;
  /** Reviews every proposal that becomes a pilot here. */
  let reviewer: TestUser;
  /** An evaluator with no assignment at all. */
  let evaluator: TestUser;
  /** Owns the lead organisation of most pilots here. */
  let leadOwner: TestUser;
  /** A plain member of some lead organisations (added per pilot). */
  let leadMember: TestUser;
  /** A partner with no organisation in any pilot. */
  let outsider: TestUser;
  let everyone: TestUser[];

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    care = await departmentId(t);
    social = await departmentId(t, 'socialforvaltningen');
    [admin, director, staff, otherStaff, reviewer, evaluator, leadOwner, leadMember, outsider] = await Promise.all([
      createUser(t, { roles: ['admin'], name: 'Adalrik Systemsson' }),
      createUser(t, { roles: ['director'], name: 'Dagny Direktörsson' }),
      createUser(t, { roles: ['department'], departmentId: care, name: 'Vendela Stadsgård' }),
      createUser(t, { roles: ['department'], departmentId: social, name: 'Osvald Tvärbäck' }),
      createUser(t, { roles: ['evaluator'], name: 'Evert Granskåker' }),
      createUser(t, { roles: ['evaluator'], name: 'Elvira Oberoende' }),
      createUser(t, { roles: ['partner'], name: 'Ragnvald Quarnström' }),
      createUser(t, { roles: ['partner'], name: 'Mirjam Medlemsdotter' }),
      createUser(t, { roles: ['partner'], name: 'Pontus Utanförsson' }),
    ]);
    everyone = [admin, director, staff, otherStaff, reviewer, evaluator, leadOwner, leadMember, outsider];
  });
  afterAll(() => t.close());

  function call(method: 'get' | 'post' | 'put', path: string, who: Who, body?: object) {
    const req = t.http()[method](`${API}${path}`);
    if (who !== 'anonymous') req.set('Authorization', who.auth);
    return body === undefined ? req : req.send(body);
  }
  function ok(res: Response, status = 200): Body {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Body;
  }

  /**
   * A pilot made the way the product makes one (accepted proposal → pilot in explore_idea, active,
   * version 1). With `area`, the same steps as createPilot on a challenge of that welfare area.
   */
  async function makePilot(
    options: {
      staff?: TestUser;
      partner?: TestUser;
      area?: string;
      organization?: Body;
      proposal?: Body;
      member?: TestUser;
    } = {},
  ): Promise<Made> {
    const by = options.staff ?? staff;
    const partner = options.partner ?? leadOwner;
    let made: Made;
    if (options.area === undefined) {
      made = await createPilot(
        t,
        { staff: by, partner, evaluator: reviewer },
        { organization: options.organization, proposal: options.proposal },
      );
    } else {
      const challenge = await challengeIn(t, by, 'published', { welfareArea: options.area });
      const organization = await createOrganization(t, partner, options.organization);
      const proposal = await createProposal(t, partner, challenge.id, organization.id, options.proposal);
      ok(await call('post', `/proposals/${proposal.id}/submit`, partner));
      const assignment = ok(
        await call('post', `/proposals/${proposal.id}/assignments`, by, { evaluatorId: reviewer.id }),
        201,
      );
      const assignmentId = assignment.id as string;
      ok(await call('post', `/assignments/${assignmentId}/declaration`, reviewer, { conflict: false }));
      ok(
        await call('put', `/assignments/${assignmentId}/review`, reviewer, {
          scores: (challenge.criteria as { id: string }[]).map((c) => ({ criterionId: c.id, score: 4 })),
          recommendation: 'yes',
          submit: true,
        }),
      );
      const decision = ok(
        await call('post', `/proposals/${proposal.id}/decision`, by, { outcome: 'accepted', reason: ACCEPT_REASON }),
      );
      made = {
        pilotId: decision.pilotId as string,
        proposalId: proposal.id,
        challengeId: challenge.id,
        organizationId: organization.id,
      };
    }
    if (options.member) {
      await addMember(t, made.organizationId, partner, options.member);
    }
    return made;
  }

  const decide = (pilotId: string, who: Who, body: object) =>
    call('post', `/pilots/${pilotId}/gate-decisions`, who, body);
  const decision = (gate: Gate, outcome: Outcome, version: number, extra: Body = {}) => ({
    gate,
    outcome,
    rationale: RATIONALE,
    version,
    ...extra,
  });
  /** A decision that must succeed: 201 and the pilot's detail. */
  async function decided(pilotId: string, who: TestUser, body: object): Promise<Body> {
    return ok(await decide(pilotId, who, body), 201);
  }
  const detail = async (pilotId: string, who: TestUser = director) => ok(await call('get', `/pilots/${pilotId}`, who));
  const addGoal = (pilotId: string, who: Who, body: object) =>
    call('post', `/pilots/${pilotId}/effect-goals`, who, body);
  const measure = (pilotId: string, goalId: string, who: Who, body: object) =>
    call('post', `/pilots/${pilotId}/effect-goals/${goalId}/measurements`, who, body);
  const goalBody = (overrides: Body = {}) => ({
    name: 'Andel som känner sig ensamma',
    unit: '%',
    baseline: 40,
    target: 25,
    direction: 'decrease',
    ...overrides,
  });
  async function goal(pilotId: string, overrides: Body = {}, who: TestUser = staff): Promise<Body> {
    return ok(await addGoal(pilotId, who, goalBody(overrides)), 201);
  }
  async function measured(pilotId: string, goalId: string, value: number, measuredAt = daysAgo(1)): Promise<Body> {
    return ok(await measure(pilotId, goalId, staff, { value, measuredAt }), 201);
  }

  async function gateRows(pilotId: string): Promise<Body[]> {
    return t.db.query<Body[]>(`SELECT * FROM gate_decisions WHERE pilot_id = $1 ORDER BY decided_at, id`, [pilotId]);
  }
  async function pilotRow(pilotId: string): Promise<Body> {
    const [row] = await t.db.query<Body[]>(
      `SELECT stage, status, version, granted_budget_sek FROM pilots WHERE id = $1`,
      [pilotId],
    );
    return row;
  }
  async function actions(pilotId: string, action: string) {
    return (await auditEvents(t, 'pilot', pilotId)).filter((e) => e.action === action);
  }
  /** A refused decision changed nothing: same row, the same number of decisions and audit events. */
  async function expectNoDecision(pilotId: string, before: Body, decisions: number): Promise<void> {
    expect(await pilotRow(pilotId)).toEqual(before);
    expect(await gateRows(pilotId)).toHaveLength(decisions);
    expect(await actions(pilotId, 'pilot.gate-decided')).toHaveLength(decisions);
  }

  describe('a pilot through every gate: time go → money go → scale go → implement go', () => {
    it('moves stage by stage with the right authority, version, stageEnteredAt and budget', async () => {
      const made = await makePilot({ proposal: { title: 'Sensorer i hemtjänsten' }, member: leadMember });
      const { pilotId } = made;

      // Created: explore_idea, active, version 1.
      const start = await detail(pilotId, staff);
      expect(Object.keys(start).sort()).toEqual(
        [
          'id',
          'title',
          'challenge',
          'department',
          'welfareArea',
          'leadOrganization',
          'stage',
          'status',
          'version',
          'grantedBudgetSek',
          'stageEnteredAt',
          'createdAt',
          'proposal',
          'callerInLead',
          'effectGoals',
          'lastGateDecision',
        ].sort(),
      );
      expect(start).toEqual({
        id: pilotId,
        title: 'Sensorer i hemtjänsten',
        challenge: { id: made.challengeId, title: 'Minskad ensamhet bland äldre' },
        department: { id: care, name: 'Vård- och omsorgsförvaltningen' },
        welfareArea: 'healthcare',
        leadOrganization: { id: made.organizationId, name: expect.any(String) },
        stage: 'explore_idea',
        status: 'active',
        version: 1,
        grantedBudgetSek: null,
        stageEnteredAt: expect.stringMatching(ISO_TIMESTAMP),
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
        proposal: { id: made.proposalId, title: 'Sensorer i hemtjänsten' },
        callerInLead: false,
        effectGoals: [],
        lastGateDecision: null,
      });

      // time: partners and evaluators are refused by role; the pilot's own department staff decide it.
      for (const who of [leadOwner, leadMember, reviewer]) {
        expectProblem(await decide(pilotId, who, decision('time', 'go', 1)), 403);
      }
      const afterTime = await decided(pilotId, staff, decision('time', 'go', 1));
      expect(afterTime).toMatchObject({
        stage: 'explore_setup',
        status: 'active',
        version: 2,
        grantedBudgetSek: null,
        lastGateDecision: {
          id: expect.stringMatching(UUID),
          gate: 'time',
          outcome: 'go',
          rationale: RATIONALE,
          grantedBudgetSek: null,
          fromStage: 'explore_idea',
          toStage: 'explore_setup',
          fromStatus: 'active',
          toStatus: 'active',
          decidedBy: { id: staff.id, name: 'Vendela Stadsgård' },
          decidedAt: expect.stringMatching(ISO_TIMESTAMP),
        },
      });
      expect(Date.parse(afterTime.stageEnteredAt as string)).toBeGreaterThan(
        Date.parse(start.stageEnteredAt as string),
      );
      expect(afterTime.stageEnteredAt).toBe((afterTime.lastGateDecision as Body).decidedAt);
      expect(await detail(pilotId)).toEqual(afterTime);
      expect(await gateRows(pilotId)).toHaveLength(1);

      // money: department staff may not (403) even with everything in place; the money go needs a budget and a goal.
      const v2 = await pilotRow(pilotId);
      let res = await decide(pilotId, director, decision('money', 'go', 2));
      expectProblem(res, 422, 'gate');
      expect(res.body.detail).toContain('grantedBudgetSek');
      expect(res.body.detail).toContain('effect goal');
      res = await decide(pilotId, director, decision('money', 'go', 2, { grantedBudgetSek: 300_000 }));
      expectProblem(res, 422, 'gate');
      expect(res.body.detail).toContain('effect goal');
      expect(res.body.detail).not.toContain('grantedBudgetSek');
      await expectNoDecision(pilotId, v2, 1);

      const loneliness = await goal(pilotId, { name: 'Upplevd ensamhet' });
      res = await decide(pilotId, director, decision('money', 'go', 2));
      expectProblem(res, 422, 'gate');
      expect(res.body.detail).toContain('grantedBudgetSek');
      expect(res.body.detail).not.toContain('effect goal');
      for (const who of [staff, leadOwner, reviewer]) {
        expectProblem(await decide(pilotId, who, decision('money', 'go', 2, { grantedBudgetSek: 300_000 })), 403);
      }
      await expectNoDecision(pilotId, v2, 1);

      const afterMoney = await decided(pilotId, director, decision('money', 'go', 2, { grantedBudgetSek: 300_000 }));
      expect(afterMoney).toMatchObject({
        stage: 'develop_pilot',
        status: 'active',
        version: 3,
        grantedBudgetSek: 300_000,
        lastGateDecision: {
          gate: 'money',
          outcome: 'go',
          grantedBudgetSek: 300_000,
          fromStage: 'explore_setup',
          toStage: 'develop_pilot',
          decidedBy: { id: director.id, name: 'Dagny Direktörsson' },
        },
      });
      expect(Date.parse(afterMoney.stageEnteredAt as string)).toBeGreaterThan(
        Date.parse(afterTime.stageEnteredAt as string),
      );
      expect(afterMoney.stageEnteredAt).toBe((afterMoney.lastGateDecision as Body).decidedAt);

      // scale: needs a measurement of every effect goal, and names the ones without.
      const walking = await goal(pilotId, {
        name: 'Promenader per vecka',
        unit: 'antal',
        baseline: 1,
        target: 3,
        direction: 'increase',
      });
      const v3 = await pilotRow(pilotId);
      res = await decide(pilotId, director, decision('scale', 'go', 3));
      expectProblem(res, 422, 'gate');
      expect(res.body.detail).toContain('Upplevd ensamhet');
      expect(res.body.detail).toContain('Promenader per vecka');
      await measured(pilotId, loneliness.id as string, 35);
      res = await decide(pilotId, director, decision('scale', 'go', 3));
      expectProblem(res, 422, 'gate');
      expect(res.body.detail).toContain('Promenader per vecka');
      expect(res.body.detail).not.toContain('Upplevd ensamhet');
      await measured(pilotId, walking.id as string, 2);
      for (const who of [staff, leadMember, reviewer]) {
        expectProblem(await decide(pilotId, who, decision('scale', 'go', 3)), 403);
      }
      // A budget is granted only by a money go.
      expectProblem(await decide(pilotId, director, decision('scale', 'go', 3, { grantedBudgetSek: 1 })), 422, 'gate');
      await expectNoDecision(pilotId, v3, 2);

      const afterScale = await decided(pilotId, director, decision('scale', 'go', 3));
      expect(afterScale).toMatchObject({
        stage: 'scale',
        status: 'active',
        version: 4,
        grantedBudgetSek: 300_000,
        lastGateDecision: { gate: 'scale', outcome: 'go', fromStage: 'develop_pilot', toStage: 'scale' },
      });
      expect(afterScale.stageEnteredAt).toBe((afterScale.lastGateDecision as Body).decidedAt);
      expect((afterScale.effectGoals as Body[]).map((g) => g.name)).toEqual([
        'Upplevd ensamhet',
        'Promenader per vecka',
      ]);

      // implement: directors and admins; implemented, the stage stays scale (and so does stageEnteredAt).
      const v4 = await pilotRow(pilotId);
      for (const who of [staff, leadOwner, evaluator]) {
        expectProblem(await decide(pilotId, who, decision('implement', 'go', 4)), 403);
      }
      expectProblem(
        await decide(pilotId, admin, decision('implement', 'go', 4, { grantedBudgetSek: 50_000 })),
        422,
        'gate',
      );
      await expectNoDecision(pilotId, v4, 3);
      const implemented = await decided(pilotId, admin, decision('implement', 'go', 4));
      expect(implemented).toMatchObject({
        stage: 'scale',
        status: 'implemented',
        version: 5,
        grantedBudgetSek: 300_000,
        lastGateDecision: {
          gate: 'implement',
          outcome: 'go',
          fromStage: 'scale',
          toStage: 'scale',
          fromStatus: 'active',
          toStatus: 'implemented',
          decidedBy: { id: admin.id, name: 'Adalrik Systemsson' },
        },
      });
      expect(implemented.stageEnteredAt).toBe(afterScale.stageEnteredAt);

      // Implemented: no gate takes a decision any more, whoever decides and whatever the outcome.
      const v5 = await pilotRow(pilotId);
      for (const gate of ['time', 'money', 'scale', 'implement'] as const) {
        for (const outcome of ['go', 'hold', 'stop'] as const) {
          expectProblem(await decide(pilotId, director, decision(gate, outcome, 5)), 409);
        }
      }
      expectProblem(await addGoal(pilotId, director, goalBody()), 409);
      await expectNoDecision(pilotId, v5, 4);

      // One row, one audit event per decision.
      const rows = await gateRows(pilotId);
      expect(rows.map((r) => [r.gate, r.outcome, r.from_stage, r.to_stage, r.to_status, r.granted_budget_sek])).toEqual(
        [
          ['time', 'go', 'explore_idea', 'explore_setup', 'active', null],
          ['money', 'go', 'explore_setup', 'develop_pilot', 'active', 300_000],
          ['scale', 'go', 'develop_pilot', 'scale', 'active', null],
          ['implement', 'go', 'scale', 'scale', 'implemented', null],
        ],
      );
      const audit = await actions(pilotId, 'pilot.gate-decided');
      expect(audit.map((e) => [e.actor_id, e.before, e.after])).toEqual([
        [
          staff.id,
          { stage: 'explore_idea', status: 'active', version: 1 },
          expect.objectContaining({
            stage: 'explore_setup',
            status: 'active',
            version: 2,
            gate: 'time',
            outcome: 'go',
          }),
        ],
        [
          director.id,
          { stage: 'explore_setup', status: 'active', version: 2 },
          expect.objectContaining({ stage: 'develop_pilot', version: 3, gate: 'money', grantedBudgetSek: 300_000 }),
        ],
        [
          director.id,
          { stage: 'develop_pilot', status: 'active', version: 3 },
          expect.objectContaining({ stage: 'scale', version: 4, gate: 'scale' }),
        ],
        [
          admin.id,
          { stage: 'scale', status: 'active', version: 4 },
          expect.objectContaining({ stage: 'scale', status: 'implemented', version: 5, gate: 'implement' }),
        ],
      ]);
      expect(audit.map((e) => (e.after as Body).gateDecisionId)).toEqual(rows.map((r) => r.id));

      // The history: the acceptance, then every decision, oldest first.
      const history = ok(await call('get', `/pilots/${pilotId}/history`, leadMember));
      const items = history.items as Body[];
      expect(items).toHaveLength(5);
      expect(items[0]).toEqual({
        kind: 'created',
        at: expect.stringMatching(ISO_TIMESTAMP),
        by: { id: staff.id, name: 'Vendela Stadsgård' },
        gate: null,
        outcome: null,
        rationale: ACCEPT_REASON,
        fromStage: null,
        toStage: 'explore_idea',
        fromStatus: null,
        toStatus: 'active',
        grantedBudgetSek: null,
      });
      expect(items.slice(1)).toEqual([
        {
          kind: 'gate',
          at: afterTime.stageEnteredAt,
          by: { id: staff.id, name: 'Vendela Stadsgård' },
          gate: 'time',
          outcome: 'go',
          rationale: RATIONALE,
          fromStage: 'explore_idea',
          toStage: 'explore_setup',
          fromStatus: 'active',
          toStatus: 'active',
          grantedBudgetSek: null,
        },
        {
          kind: 'gate',
          at: afterMoney.stageEnteredAt,
          by: { id: director.id, name: 'Dagny Direktörsson' },
          gate: 'money',
          outcome: 'go',
          rationale: RATIONALE,
          fromStage: 'explore_setup',
          toStage: 'develop_pilot',
          fromStatus: 'active',
          toStatus: 'active',
          grantedBudgetSek: 300_000,
        },
        {
          kind: 'gate',
          at: afterScale.stageEnteredAt,
          by: { id: director.id, name: 'Dagny Direktörsson' },
          gate: 'scale',
          outcome: 'go',
          rationale: RATIONALE,
          fromStage: 'develop_pilot',
          toStage: 'scale',
          fromStatus: 'active',
          toStatus: 'active',
          grantedBudgetSek: null,
        },
        {
          kind: 'gate',
          at: (implemented.lastGateDecision as Body).decidedAt,
          by: { id: admin.id, name: 'Adalrik Systemsson' },
          gate: 'implement',
          outcome: 'go',
          rationale: RATIONALE,
          fromStage: 'scale',
          toStage: 'scale',
          fromStatus: 'active',
          toStatus: 'implemented',
          grantedBudgetSek: null,
        },
      ]);
      const times = items.map((i) => Date.parse(i.at as string));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    });
  });

  describe('gate decisions', () => {
    let sharedPilot: Made | undefined;
    /** One untouched pilot for the refused-input cases. */
    async function shared(): Promise<Made> {
      sharedPilot ??= await makePilot({ proposal: { title: 'Orörd pilot' } });
      return sharedPilot;
    }

    it('hold keeps the stage (on_hold, same stageEnteredAt); a later go resumes into the next stage', async () => {
      const { pilotId } = await makePilot();
      const start = await detail(pilotId);
      const held = await decided(pilotId, staff, decision('time', 'hold', 1));
      expect(held).toMatchObject({ stage: 'explore_idea', status: 'on_hold', version: 2 });
      expect(held.stageEnteredAt).toBe(start.stageEnteredAt);
      expect(held.lastGateDecision).toMatchObject({
        gate: 'time',
        outcome: 'hold',
        fromStage: 'explore_idea',
        toStage: 'explore_idea',
        fromStatus: 'active',
        toStatus: 'on_hold',
      });

      // On hold, the expected gate is still time; holding again is another decision.
      const wrong = await decide(pilotId, director, decision('money', 'go', 2));
      expectProblem(wrong, 422, 'gate');
      expect(wrong.body.detail).toMatch(/\btime\b/);
      const heldAgain = await decided(pilotId, director, decision('time', 'hold', 2));
      expect(heldAgain).toMatchObject({ stage: 'explore_idea', status: 'on_hold', version: 3 });
      expect(heldAgain.stageEnteredAt).toBe(start.stageEnteredAt);

      const resumed = await decided(pilotId, staff, decision('time', 'go', 3));
      expect(resumed).toMatchObject({ stage: 'explore_setup', status: 'active', version: 4 });
      expect(resumed.lastGateDecision).toMatchObject({ fromStatus: 'on_hold', toStatus: 'active' });
      expect(Date.parse(resumed.stageEnteredAt as string)).toBeGreaterThan(Date.parse(start.stageEnteredAt as string));

      // A hold later in the journey, then a money go resumes into develop_pilot.
      await goal(pilotId);
      const heldMoney = await decided(pilotId, director, decision('money', 'hold', 4));
      expect(heldMoney).toMatchObject({
        stage: 'explore_setup',
        status: 'on_hold',
        version: 5,
        grantedBudgetSek: null,
      });
      expect(heldMoney.stageEnteredAt).toBe(resumed.stageEnteredAt);
      const funded = await decided(pilotId, director, decision('money', 'go', 5, { grantedBudgetSek: 90_000 }));
      expect(funded).toMatchObject({ stage: 'develop_pilot', status: 'active', version: 6, grantedBudgetSek: 90_000 });

      const history = ok(await call('get', `/pilots/${pilotId}/history`, staff)).items as Body[];
      expect(history.map((h) => [h.kind, h.gate, h.outcome, h.toStage, h.toStatus])).toEqual([
        ['created', null, null, 'explore_idea', 'active'],
        ['gate', 'time', 'hold', 'explore_idea', 'on_hold'],
        ['gate', 'time', 'hold', 'explore_idea', 'on_hold'],
        ['gate', 'time', 'go', 'explore_setup', 'active'],
        ['gate', 'money', 'hold', 'explore_setup', 'on_hold'],
        ['gate', 'money', 'go', 'develop_pilot', 'active'],
      ]);
      expect(await actions(pilotId, 'pilot.gate-decided')).toHaveLength(5);
    });

    it('stop discontinues; afterwards every gate is 409 and effect goals are refused (409)', async () => {
      const { pilotId } = await makePilot();
      await decided(pilotId, staff, decision('time', 'go', 1));
      const stopped = await decided(pilotId, director, decision('money', 'stop', 2));
      expect(stopped).toMatchObject({
        stage: 'explore_setup',
        status: 'discontinued',
        version: 3,
        grantedBudgetSek: null,
        lastGateDecision: { gate: 'money', outcome: 'stop', toStage: 'explore_setup', toStatus: 'discontinued' },
      });
      const before = await pilotRow(pilotId);
      for (const gate of ['time', 'money', 'scale', 'implement'] as const) {
        for (const outcome of ['go', 'hold', 'stop'] as const) {
          const res = await decide(pilotId, admin, decision(gate, outcome, 3));
          expectProblem(res, 409);
          expect(res.body.detail).toContain('discontinued');
        }
      }
      expectProblem(await addGoal(pilotId, staff, goalBody()), 409);
      await expectNoDecision(pilotId, before, 2);
    });

    it('the pilot department staff may stop at the time gate; a stop from on_hold works too', async () => {
      const a = await makePilot();
      expect(await decided(a.pilotId, staff, decision('time', 'stop', 1))).toMatchObject({
        stage: 'explore_idea',
        status: 'discontinued',
        version: 2,
      });
      const b = await makePilot();
      await decided(b.pilotId, staff, decision('time', 'hold', 1));
      expect(await decided(b.pilotId, staff, decision('time', 'stop', 2))).toMatchObject({
        status: 'discontinued',
        version: 3,
        lastGateDecision: { fromStatus: 'on_hold', toStatus: 'discontinued' },
      });
    });

    it('the wrong gate: 422 naming the gate that leaves the current stage', async () => {
      const { pilotId } = await makePilot();
      const check = async (gate: Gate, version: number, expected: Gate) => {
        const res = await decide(pilotId, director, decision(gate, 'go', version));
        expectProblem(res, 422, 'gate');
        expect(res.body.detail).toContain(`gate must be ${expected}`);
      };
      // explore_idea → time.
      for (const gate of ['money', 'scale', 'implement'] as const) await check(gate, 1, 'time');
      await decided(pilotId, director, decision('time', 'go', 1));
      // explore_setup → money.
      for (const gate of ['time', 'scale', 'implement'] as const) await check(gate, 2, 'money');
      await goal(pilotId);
      await decided(pilotId, director, decision('money', 'go', 2, { grantedBudgetSek: 10_000 }));
      // develop_pilot → scale.
      for (const gate of ['time', 'money', 'implement'] as const) await check(gate, 3, 'scale');
      const [g] = (await detail(pilotId)).effectGoals as Body[];
      await measured(pilotId, g.id as string, 30);
      await decided(pilotId, director, decision('scale', 'go', 3));
      // scale → implement.
      for (const gate of ['time', 'money', 'scale'] as const) await check(gate, 4, 'implement');
      expect(await pilotRow(pilotId)).toMatchObject({ stage: 'scale', status: 'active', version: 4 });
      expect(await gateRows(pilotId)).toHaveLength(3);
    });

    it('authority: anonymous 401; partners, evaluators 403; department staff of another department 404', async () => {
      const { pilotId } = await makePilot({ member: leadMember });
      const before = await pilotRow(pilotId);
      expectProblem(await decide(pilotId, 'anonymous', decision('time', 'go', 1)), 401);
      for (const who of [leadOwner, leadMember, outsider, reviewer, evaluator]) {
        for (const outcome of ['go', 'hold', 'stop'] as const) {
          expectProblem(await decide(pilotId, who, decision('time', outcome, 1)), 403);
        }
      }
      expectProblem(await decide(pilotId, otherStaff, decision('time', 'go', 1)), 404);
      expectProblem(await decide(randomUUID(), director, decision('time', 'go', 1)), 404);
      expectProblem(await decide('not-a-uuid', director, decision('time', 'go', 1)), 400, 'id');
      await expectNoDecision(pilotId, before, 0);
    });

    it('department staff of another department who belong to the lead organisation see the pilot but may not decide (403)', async () => {
      const { pilotId } = await makePilot({ member: otherStaff });
      expect((await detail(pilotId, otherStaff)).id).toBe(pilotId);
      const before = await pilotRow(pilotId);
      expectProblem(await decide(pilotId, otherStaff, decision('time', 'go', 1)), 403);
      await expectNoDecision(pilotId, before, 0);
    });

    it('department staff: money, scale and implement are 403 at their own stage; directors and admins decide each', async () => {
      const a = await makePilot();
      await decided(a.pilotId, staff, decision('time', 'go', 1));
      await goal(a.pilotId);
      expectProblem(await decide(a.pilotId, staff, decision('money', 'go', 2, { grantedBudgetSek: 1000 })), 403);
      expectProblem(await decide(a.pilotId, staff, decision('money', 'hold', 2)), 403);
      expectProblem(await decide(a.pilotId, staff, decision('money', 'stop', 2)), 403);
      // An admin decides money, a director scale, an admin the time gate of another pilot.
      await decided(a.pilotId, admin, decision('money', 'go', 2, { grantedBudgetSek: 1000 }));
      const [g] = (await detail(a.pilotId)).effectGoals as Body[];
      await measured(a.pilotId, g.id as string, 30);
      expectProblem(await decide(a.pilotId, staff, decision('scale', 'go', 3)), 403);
      expectProblem(await decide(a.pilotId, staff, decision('scale', 'stop', 3)), 403);
      await decided(a.pilotId, director, decision('scale', 'go', 3));
      expectProblem(await decide(a.pilotId, staff, decision('implement', 'go', 4)), 403);
      expectProblem(await decide(a.pilotId, staff, decision('implement', 'hold', 4)), 403);
      expect(await decided(a.pilotId, director, decision('implement', 'go', 4))).toMatchObject({
        status: 'implemented',
        version: 5,
      });

      const b = await makePilot();
      expect(await decided(b.pilotId, admin, decision('time', 'go', 1))).toMatchObject({ stage: 'explore_setup' });
      expect(await decided(b.pilotId, director, decision('money', 'hold', 2))).toMatchObject({ status: 'on_hold' });
    });

    it('grantedBudgetSek with anything but a money go: 422; the money go keeps it', async () => {
      const { pilotId } = await makePilot();
      let before = await pilotRow(pilotId);
      for (const outcome of ['go', 'hold', 'stop'] as const) {
        const res = await decide(pilotId, director, decision('time', outcome, 1, { grantedBudgetSek: 5000 }));
        expectProblem(res, 422, 'gate');
        expect(res.body.detail).toContain('grantedBudgetSek');
      }
      await expectNoDecision(pilotId, before, 0);
      await decided(pilotId, director, decision('time', 'go', 1));
      await goal(pilotId);
      before = await pilotRow(pilotId);
      for (const outcome of ['hold', 'stop'] as const) {
        const res = await decide(pilotId, director, decision('money', outcome, 2, { grantedBudgetSek: 5000 }));
        expectProblem(res, 422, 'gate');
        expect(res.body.detail).toContain('grantedBudgetSek');
      }
      await expectNoDecision(pilotId, before, 1);
      const funded = await decided(pilotId, director, decision('money', 'go', 2, { grantedBudgetSek: 0 }));
      expect(funded).toMatchObject({ stage: 'develop_pilot', grantedBudgetSek: 0 });
    });

    it('a stale version: 409, nothing recorded; the current one wins', async () => {
      const { pilotId } = await makePilot();
      const before = await pilotRow(pilotId);
      for (const version of [2, 99]) {
        const res = await decide(pilotId, director, decision('time', 'go', version));
        expectProblem(res, 409);
        expect(res.body.detail).toMatch(/version/);
      }
      await expectNoDecision(pilotId, before, 0);
      await decided(pilotId, director, decision('time', 'hold', 1));
      // The version just used is stale now.
      const after = await pilotRow(pilotId);
      expectProblem(await decide(pilotId, director, decision('time', 'go', 1)), 409);
      await expectNoDecision(pilotId, after, 1);
      expect(await decided(pilotId, director, decision('time', 'go', 2))).toMatchObject({
        stage: 'explore_setup',
        version: 3,
      });
    });

    it('a stale version after the stage has moved on: 409 (stale), not the 422 of the gate it no longer fits', async () => {
      // The client saw version 1 in explore_idea and sends the time go it saw fit; someone else
      // has decided the time gate meanwhile. Its version is stale: that is the answer (409).
      const { pilotId } = await makePilot();
      await decided(pilotId, director, decision('time', 'go', 1));
      const before = await pilotRow(pilotId);
      const res = await decide(pilotId, staff, decision('time', 'go', 1));
      expectProblem(res, 409);
      expect(res.body.detail).toMatch(/version/);
      await expectNoDecision(pilotId, before, 1);
    });

    it.each([
      ['a rationale of 9 characters', { rationale: '123456789' }, 'rationale'],
      ['a rationale padded to 10 with spaces', { rationale: '   short    ' }, 'rationale'],
      ['a blank rationale', { rationale: '              ' }, 'rationale'],
      ['a rationale of 5001 characters', { rationale: 'x'.repeat(5001) }, 'rationale'],
      ['no rationale', { rationale: undefined }, 'rationale'],
      ['a numeric rationale', { rationale: 1234567890123 }, 'rationale'],
      ['an unknown gate', { gate: 'budget' }, 'gate'],
      ['no gate', { gate: undefined }, 'gate'],
      ['an unknown outcome', { outcome: 'maybe' }, 'outcome'],
      ['no outcome', { outcome: undefined }, 'outcome'],
      ['no version', { version: undefined }, 'version'],
      ['a version as a string', { version: '1' }, 'version'],
      ['version 0', { version: 0 }, 'version'],
      ['a fractional version', { version: 1.5 }, 'version'],
      ['a negative budget', { grantedBudgetSek: -1 }, 'grantedBudgetSek'],
      ['a fractional budget', { grantedBudgetSek: 10.5 }, 'grantedBudgetSek'],
      ['a budget as a string', { grantedBudgetSek: '1000' }, 'grantedBudgetSek'],
      ['a budget beyond int4', { grantedBudgetSek: 2_147_483_648 }, 'grantedBudgetSek'],
      ['an unknown field', { stage: 'scale' }, 'stage'],
    ])('%s: 400', async (_, overrides, field) => {
      const { pilotId } = await shared();
      const before = await pilotRow(pilotId);
      expectProblem(await decide(pilotId, director, { ...decision('time', 'go', 1), ...overrides }), 400, field);
      await expectNoDecision(pilotId, before, 0);
    });

    it('a rationale of exactly 10 characters after trimming is enough, and is stored trimmed', async () => {
      const { pilotId } = await makePilot();
      const res = await decided(pilotId, staff, { ...decision('time', 'hold', 1), rationale: '  1234567890  ' });
      expect((res.lastGateDecision as Body).rationale).toBe('1234567890');
    });
  });

  describe('concurrency', () => {
    it('20 simultaneous decisions with the same version: one 201, 19 × 409, one gate decision, one audit event', async () => {
      const { pilotId } = await makePilot();
      // All the same go by the deciders of the time gate: whichever commits first, the other 19
      // carry version 1 of a pilot now at version 2 (and already past the time gate).
      const deciders = [director, admin, staff];
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          decide(pilotId, deciders[i % 3], decision('time', 'go', 1, { rationale: `${RATIONALE} #${i}` })),
        ),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      const won = responses.find((r) => r.status === 201)!.body as Body;
      expect(won).toMatchObject({ stage: 'explore_setup', status: 'active', version: 2 });

      // Exactly one decision is recorded, with one audit event: the winner's.
      const rows = await gateRows(pilotId);
      expect(rows).toHaveLength(1);
      const winning = won.lastGateDecision as Body;
      expect(rows[0]).toMatchObject({ id: winning.id, outcome: 'go', rationale: winning.rationale });
      const audit = await actions(pilotId, 'pilot.gate-decided');
      expect(audit).toHaveLength(1);
      expect(audit[0].after).toMatchObject({ version: 2, gateDecisionId: winning.id });
      const [{ count }] = await t.db.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM audit_events
         WHERE action = 'pilot.gate-decided' AND entity_type = 'pilot' AND entity_id = $1`,
        [pilotId],
      );
      expect(count).toBe(1);

      // The 19 others all learn that their version is stale: 409 (whether they read the pilot
      // before or after the winner committed).
      const losers = responses.filter((r) => r.status !== 201);
      expect(losers.map((r) => `${r.status} ${String(r.body.detail)}`)).toEqual(
        Array(19).fill('409 The pilot has changed (version 1 is stale); reload it.'),
      );
      for (const res of losers) expectProblem(res, 409);
      expect(await pilotRow(pilotId)).toMatchObject({ version: 2, stage: 'explore_setup', status: 'active' });
    });
  });

  describe('detail and history: who sees a pilot', () => {
    let made: Made;
    beforeAll(async () => {
      made = await makePilot({ member: leadMember, proposal: { title: 'Synlighet' } });
      await decided(made.pilotId, staff, decision('time', 'go', 1));
    });

    it('directors, admins, the department staff and the lead organisation members: 200', async () => {
      for (const who of [director, admin, staff, leadOwner, leadMember]) {
        const view = await detail(made.pilotId, who);
        expect(view).toMatchObject({ id: made.pilotId, stage: 'explore_setup', version: 2 });
        const history = ok(await call('get', `/pilots/${made.pilotId}/history`, who));
        expect((history.items as Body[]).map((h) => h.kind)).toEqual(['created', 'gate']);
      }
    });

    it('another department, another partner, evaluators (even the one who reviewed it): 404', async () => {
      for (const who of [otherStaff, outsider, evaluator, reviewer]) {
        expectProblem(await call('get', `/pilots/${made.pilotId}`, who), 404);
        expectProblem(await call('get', `/pilots/${made.pilotId}/history`, who), 404);
      }
    });

    it('anonymous: 401; unknown: 404; malformed id: 400', async () => {
      expectProblem(await call('get', `/pilots/${made.pilotId}`, 'anonymous'), 401);
      expectProblem(await call('get', `/pilots/${made.pilotId}/history`, 'anonymous'), 401);
      expectProblem(await call('get', `/pilots/${randomUUID()}`, director), 404);
      expectProblem(await call('get', `/pilots/${randomUUID()}/history`, director), 404);
      expectProblem(await call('get', `/pilots/not-a-uuid`, director), 400, 'id');
      expectProblem(await call('get', `/pilots/not-a-uuid/history`, director), 400, 'id');
    });

    it('a fresh pilot has only the created entry, by whoever accepted the proposal', async () => {
      const fresh = await makePilot();
      const history = ok(await call('get', `/pilots/${fresh.pilotId}/history`, leadOwner));
      const [{ decidedAt }] = await t.db.query<{ decidedAt: Date }[]>(
        `SELECT decided_at AS "decidedAt" FROM proposals WHERE id = $1`,
        [fresh.proposalId],
      );
      expect(history).toEqual({
        items: [
          {
            kind: 'created',
            at: decidedAt.toISOString(),
            by: { id: staff.id, name: 'Vendela Stadsgård' },
            gate: null,
            outcome: null,
            rationale: ACCEPT_REASON,
            fromStage: null,
            toStage: 'explore_idea',
            fromStatus: null,
            toStatus: 'active',
            grantedBudgetSek: null,
          },
        ],
      });
    });
  });

  describe('lists: visibility, filters, paging', () => {
    /** Department staff of two departments no other test uses, and two lead owners. */
    let staffA: TestUser;
    let staffB: TestUser;
    let ownerX: TestUser;
    let ownerY: TestUser;
    let deptA: string;
    let deptB: string;
    /** A: healthcare, X, explore_idea active. */
    let p1: Made;
    /** A: climate, Y (staffB is a member), explore_setup active. */
    let p2: Made;
    /** A: healthcare, Y, explore_idea on_hold. */
    let p3: Made;
    /** B: healthcare, X, discontinued. */
    let p4: Made;

    const list = (who: Who, query = '') => call('get', `/pilots${query}`, who);
    const ids = (res: Response) => (ok(res).items as Body[]).map((i) => i.id);

    beforeAll(async () => {
      deptA = await departmentId(t, 'arbetsmarknadsforvaltningen');
      deptB = await departmentId(t, 'miljoforvaltningen');
      [staffA, staffB, ownerX, ownerY] = await Promise.all([
        createUser(t, { roles: ['department'], departmentId: deptA, name: 'Arvid Arbetslund' }),
        createUser(t, { roles: ['department'], departmentId: deptB, name: 'Birgit Miljöqvist' }),
        createUser(t, { name: 'Xerxes Ägarsson' }),
        createUser(t, { name: 'Yngve Ytterlund' }),
      ]);
      // Created one after the other: lists are newest first.
      p1 = await makePilot({ staff: staffA, partner: ownerX, proposal: { title: 'Pilot L1' } });
      p2 = await makePilot({
        staff: staffA,
        partner: ownerY,
        area: 'climate',
        member: staffB,
        proposal: { title: 'Pilot L2' },
      });
      p3 = await makePilot({ staff: staffA, partner: ownerY, proposal: { title: 'Pilot L3' } });
      p4 = await makePilot({ staff: staffB, partner: ownerX, proposal: { title: 'Pilot L4' } });
      await decided(p2.pilotId, staffA, decision('time', 'go', 1));
      await decided(p3.pilotId, staffA, decision('time', 'hold', 1));
      await decided(p4.pilotId, staffB, decision('time', 'stop', 1));
    });

    it('department staff: their department, plus pilots whose lead organisation they belong to', async () => {
      expect(ids(await list(staffA))).toEqual([p3.pilotId, p2.pilotId, p1.pilotId]);
      expect(ids(await list(staffB))).toEqual([p4.pilotId, p2.pilotId]);
    });

    it('lead organisation members: their own pilots only', async () => {
      expect(ids(await list(ownerX))).toEqual([p4.pilotId, p1.pilotId]);
      expect(ids(await list(ownerY))).toEqual([p3.pilotId, p2.pilotId]);
    });

    it('other partners and evaluators: an empty list; anonymous: 401', async () => {
      for (const who of [outsider, evaluator]) {
        expect(ok(await list(who))).toEqual({ items: [], nextCursor: null });
      }
      expectProblem(await list('anonymous'), 401);
    });

    it('directors and admins: every department', async () => {
      for (const who of [director, admin]) {
        const all = ids(await list(who, '?limit=100'));
        for (const p of [p1, p2, p3, p4]) expect(all).toContain(p.pilotId);
        expect(ids(await list(who, `?departmentId=${deptA}`))).toEqual([p3.pilotId, p2.pilotId, p1.pilotId]);
        expect(ids(await list(who, `?departmentId=${deptB}`))).toEqual([p4.pilotId]);
      }
    });

    it('items are summaries with the list fields', async () => {
      const [item] = ok(await list(staffB, `?departmentId=${deptA}`)).items as Body[];
      expect(item).toEqual({
        id: p2.pilotId,
        title: 'Pilot L2',
        challenge: { id: p2.challengeId, title: 'Minskad ensamhet bland äldre' },
        department: { id: deptA, name: 'Arbetsmarknadsförvaltningen' },
        welfareArea: 'climate',
        leadOrganization: { id: p2.organizationId, name: expect.any(String) },
        stage: 'explore_setup',
        status: 'active',
        version: 2,
        grantedBudgetSek: null,
        stageEnteredAt: expect.stringMatching(ISO_TIMESTAMP),
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
      });
    });

    it('filters stage, status, area and departmentId, alone and together', async () => {
      const dir = (query: string) => list(director, `?departmentId=${deptA}&${query}`);
      expect(ids(await dir('stage=explore_idea'))).toEqual([p3.pilotId, p1.pilotId]);
      expect(ids(await dir('stage=explore_setup'))).toEqual([p2.pilotId]);
      expect(ids(await dir('stage=scale'))).toEqual([]);
      expect(ids(await dir('status=on_hold'))).toEqual([p3.pilotId]);
      expect(ids(await dir('status=active'))).toEqual([p2.pilotId, p1.pilotId]);
      expect(ids(await dir('area=climate'))).toEqual([p2.pilotId]);
      expect(ids(await dir('area=%20Climate%20'))).toEqual([p2.pilotId]);
      expect(ids(await dir('area=healthcare&status=active'))).toEqual([p1.pilotId]);
      expect(ids(await dir('area=security'))).toEqual([]);
      expect(ids(await list(director, `?departmentId=${deptB}&status=discontinued`))).toEqual([p4.pilotId]);
      // A filter narrows what the caller sees, never widens it.
      expect(ids(await list(staffA, `?departmentId=${deptB}`))).toEqual([]);
      expect(ids(await list(staffB, `?departmentId=${deptA}`))).toEqual([p2.pilotId]);
      expect(ids(await list(ownerX, '?status=discontinued'))).toEqual([p4.pilotId]);
    });

    it('pages with limit and cursor, newest first, without overlap', async () => {
      const first = ok(await list(staffA, '?limit=2'));
      expect((first.items as Body[]).map((i) => i.id)).toEqual([p3.pilotId, p2.pilotId]);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = ok(await list(staffA, `?limit=2&cursor=${first.nextCursor as string}`));
      expect(second).toEqual({ items: [expect.objectContaining({ id: p1.pilotId })], nextCursor: null });

      // The cursor keeps the filters' order; limit 1 walks one by one.
      const seen: unknown[] = [];
      let cursor: string | null = null;
      do {
        const page = ok(await list(director, `?departmentId=${deptA}&limit=1${cursor ? `&cursor=${cursor}` : ''}`)) as {
          items: Body[];
          nextCursor: string | null;
        };
        expect(page.items.length).toBeLessThanOrEqual(1);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([p3.pilotId, p2.pilotId, p1.pilotId]);

      // Exactly a page: no next cursor.
      expect(ok(await list(staffA, '?limit=3')).nextCursor).toBeNull();
    });

    it.each([
      ['stage=unknown', 'stage'],
      ['status=paused', 'status'],
      ['departmentId=not-a-uuid', 'departmentId'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=ten', 'limit'],
      ['cursor=not%20a%20cursor', 'cursor'],
      [`cursor=${Buffer.from('["x"]').toString('base64url')}`, 'cursor'],
      ['mine=true', 'mine'],
    ])('?%s: 400', async (query, field) => {
      expectProblem(await list(director, `?${query}`), 400, field);
    });
  });

  describe('effect goals', () => {
    let made: Made;
    beforeAll(async () => {
      made = await makePilot({ member: leadMember, proposal: { title: 'Effektmål' } });
    });

    it('the pilot department staff: 201 with the goal, no measurement yet; audit pilot.effect-goal-added', async () => {
      const res = await addGoal(made.pilotId, staff, goalBody({ name: '  Upplevd trygghet  ', unit: ' % ' }));
      const created = ok(res, 201);
      expect(created).toEqual({
        id: expect.stringMatching(UUID),
        name: 'Upplevd trygghet',
        unit: '%',
        baseline: 40,
        target: 25,
        direction: 'decrease',
        latestMeasurement: null,
        progress: null,
      });
      const view = await detail(made.pilotId, leadMember);
      expect(view.effectGoals).toEqual([created]);
      expect(view.version).toBe(1);
      const audit = await actions(made.pilotId, 'pilot.effect-goal-added');
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_id: staff.id, after: { effectGoalId: created.id, baseline: 40 } });
    });

    it('directors and admins: 201; fractional and negative figures are fine', async () => {
      ok(await addGoal(made.pilotId, director, goalBody({ baseline: -2.5, target: -0.5, direction: 'increase' })), 201);
      ok(await addGoal(made.pilotId, admin, goalBody({ baseline: 0.1, target: 0, direction: 'decrease' })), 201);
    });

    it('lead organisation members and evaluators: 403 by role; another department: 404; anonymous: 401', async () => {
      const count = ((await detail(made.pilotId)).effectGoals as Body[]).length;
      for (const who of [leadOwner, leadMember, outsider, reviewer, evaluator]) {
        expectProblem(await addGoal(made.pilotId, who, goalBody()), 403);
      }
      expectProblem(await addGoal(made.pilotId, otherStaff, goalBody()), 404);
      expectProblem(await addGoal(made.pilotId, 'anonymous', goalBody()), 401);
      expectProblem(await addGoal(randomUUID(), director, goalBody()), 404);
      expectProblem(await addGoal('not-a-uuid', director, goalBody()), 400, 'id');
      expect((await detail(made.pilotId)).effectGoals).toHaveLength(count);
    });

    it.each([
      ['target equal to baseline', { baseline: 10, target: 10, direction: 'increase' }],
      ['target equal to baseline (decrease)', { baseline: 10, target: 10, direction: 'decrease' }],
      ['an increase with a lower target', { baseline: 10, target: 5, direction: 'increase' }],
      ['a decrease with a higher target', { baseline: 10, target: 15, direction: 'decrease' }],
    ])('%s: 422 on target', async (_, overrides) => {
      const before = ((await detail(made.pilotId)).effectGoals as Body[]).length;
      expectProblem(await addGoal(made.pilotId, staff, goalBody(overrides)), 422, 'target');
      expect((await detail(made.pilotId)).effectGoals).toHaveLength(before);
    });

    it.each([
      ['a baseline as a string', { baseline: '10' }, 'baseline'],
      ['a target as a string', { target: 'high' }, 'target'],
      ['a null target', { target: null }, 'target'],
      ['no baseline', { baseline: undefined }, 'baseline'],
      ['a huge baseline', { baseline: 1e13 }, 'baseline'],
      ['an unknown direction', { direction: 'up' }, 'direction'],
      ['no name', { name: undefined }, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a unit of 51 characters', { unit: 'u'.repeat(51) }, 'unit'],
      ['an unknown field', { pilotId: randomUUID() }, 'pilotId'],
    ])('%s: 400', async (_, overrides, field) => {
      expectProblem(await addGoal(made.pilotId, staff, goalBody(overrides)), 400, field);
    });

    it('NaN and Infinity (not JSON numbers): 400', async () => {
      for (const raw of ['NaN', 'Infinity', '"NaN"']) {
        const res = await t
          .http()
          .post(`${API}/pilots/${made.pilotId}/effect-goals`)
          .set('Authorization', staff.auth)
          .set('Content-Type', 'application/json')
          .send(`{"name":"x","unit":"%","baseline":${raw},"target":5,"direction":"increase"}`);
        expectProblem(res, 400);
      }
    });

    it('an on-hold pilot still takes goals; implemented and discontinued ones: 409', async () => {
      const held = await makePilot();
      await decided(held.pilotId, staff, decision('time', 'hold', 1));
      ok(await addGoal(held.pilotId, staff, goalBody()), 201);
      const stopped = await makePilot();
      await decided(stopped.pilotId, staff, decision('time', 'stop', 1));
      const res = await addGoal(stopped.pilotId, director, goalBody());
      expectProblem(res, 409);
      expect(await actions(stopped.pilotId, 'pilot.effect-goal-added')).toHaveLength(0);
      // (The implemented case is in the journey through every gate.)
    });
  });

  describe('measurements', () => {
    let made: Made;
    let increase: Body;
    let decrease: Body;
    beforeAll(async () => {
      made = await makePilot({ member: leadMember, proposal: { title: 'Mätningar' } });
      increase = await goal(made.pilotId, {
        name: 'Besök per vecka',
        unit: 'antal',
        baseline: 10,
        target: 20,
        direction: 'increase',
      });
      decrease = await goal(made.pilotId, { name: 'Fallolyckor', unit: 'antal', baseline: 100, target: 60 });
    });
    const goalIn = async (goalId: unknown) =>
      ((await detail(made.pilotId)).effectGoals as Body[]).find((g) => g.id === goalId)!;

    it('a lead organisation member: 201 with the measurement; audit pilot.measurement-recorded', async () => {
      const measuredAt = daysAgo(5);
      const res = await measure(made.pilotId, increase.id as string, leadMember, {
        value: 15,
        measuredAt,
        note: 'Första mätningen',
      });
      expect(ok(res, 201)).toEqual({
        id: expect.stringMatching(UUID),
        effectGoalId: increase.id,
        value: 15,
        measuredAt,
        note: 'Första mätningen',
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      expect(await goalIn(increase.id)).toMatchObject({
        latestMeasurement: { value: 15, measuredAt },
        progress: 0.5,
      });
      const audit = await actions(made.pilotId, 'pilot.measurement-recorded');
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actor_id: leadMember.id,
        after: { effectGoalId: increase.id, measurementId: res.body.id, value: 15 },
      });
    });

    it('the lead owner, department staff, directors and admins: 201; a measuredAt with an offset is kept as that instant', async () => {
      ok(await measure(made.pilotId, decrease.id as string, leadOwner, { value: 90, measuredAt: daysAgo(30) }), 201);
      ok(await measure(made.pilotId, decrease.id as string, director, { value: 95, measuredAt: daysAgo(40) }), 201);
      ok(await measure(made.pilotId, decrease.id as string, admin, { value: 99, measuredAt: daysAgo(50) }), 201);
      const res = ok(
        await measure(made.pilotId, decrease.id as string, staff, {
          value: 97,
          measuredAt: '2024-03-01T12:00:00+01:00',
        }),
        201,
      );
      expect(res.measuredAt).toBe('2024-03-01T11:00:00.000Z');
      expect(res.note).toBeNull();
      // The latest by measuredAt is the lead owner's (30 days ago): (90 − 100) / (60 − 100) = 0.25.
      expect(await goalIn(decrease.id)).toMatchObject({ latestMeasurement: { value: 90 }, progress: 0.25 });
    });

    it('progress uses the latest by measuredAt, even when an older measurement is inserted later', async () => {
      const g = await goal(made.pilotId, {
        name: 'Deltagare',
        unit: 'antal',
        baseline: 0,
        target: 40,
        direction: 'increase',
      });
      const recent = daysAgo(2);
      await measured(made.pilotId, g.id as string, 30, recent);
      await measured(made.pilotId, g.id as string, 4, daysAgo(20)); // older, inserted later
      expect(await goalIn(g.id)).toMatchObject({
        latestMeasurement: { value: 30, measuredAt: recent },
        progress: 0.75,
      });
      const newest = daysAgo(1);
      await measured(made.pilotId, g.id as string, 50, newest); // beyond the target
      expect(await goalIn(g.id)).toMatchObject({
        latestMeasurement: { value: 50, measuredAt: newest },
        progress: 1.25,
      });
      await measured(made.pilotId, g.id as string, 1, daysAgo(3));
      expect((await goalIn(g.id)).progress).toBe(1.25);
    });

    it('another partner, other department staff, evaluators: 404; anonymous: 401', async () => {
      const body = { value: 1, measuredAt: daysAgo(1) };
      for (const who of [outsider, otherStaff, reviewer, evaluator]) {
        expectProblem(await measure(made.pilotId, increase.id as string, who, body), 404);
      }
      expectProblem(await measure(made.pilotId, increase.id as string, 'anonymous', body), 401);
    });

    it('the goal of another pilot, or an unknown goal: 404; malformed ids: 400', async () => {
      const other = await makePilot();
      const foreign = await goal(other.pilotId);
      const body = { value: 1, measuredAt: daysAgo(1) };
      expectProblem(await measure(made.pilotId, foreign.id as string, staff, body), 404);
      expectProblem(await measure(other.pilotId, increase.id as string, director, body), 404);
      expectProblem(await measure(made.pilotId, randomUUID(), staff, body), 404);
      expectProblem(await measure(randomUUID(), increase.id as string, director, body), 404);
      expectProblem(await measure(made.pilotId, 'not-a-uuid', staff, body), 400, 'goalId');
      expectProblem(await measure('not-a-uuid', increase.id as string, staff, body), 400, 'id');
      const [{ count }] = await t.db.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM measurements WHERE effect_goal_id = $1`,
        [foreign.id],
      );
      expect(count).toBe(0);
    });

    it('the series: every measurement of every goal, oldest first by measuredAt, to whoever sees the pilot', async () => {
      const series = ok(await call('get', `/pilots/${made.pilotId}/measurements`, leadMember)).items as Body[];
      expect(series.length).toBeGreaterThanOrEqual(6);
      const times = series.map((m) => Date.parse(m.measuredAt as string));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(series.filter((m) => m.effectGoalId === decrease.id).map((m) => m.value)).toEqual([97, 99, 95, 90]);
      expect(series.find((m) => m.note === 'Första mätningen')).toEqual({
        id: expect.stringMatching(UUID),
        effectGoalId: increase.id,
        value: 15,
        measuredAt: expect.stringMatching(ISO_TIMESTAMP),
        note: 'Första mätningen',
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      for (const who of [leadOwner, staff, director, admin]) {
        expect(ok(await call('get', `/pilots/${made.pilotId}/measurements`, who)).items).toEqual(series);
      }
    });

    it('the series: another partner, other department staff, evaluators: 404; anonymous: 401; malformed id: 400', async () => {
      for (const who of [outsider, otherStaff, reviewer, evaluator]) {
        expectProblem(await call('get', `/pilots/${made.pilotId}/measurements`, who), 404);
      }
      expectProblem(await call('get', `/pilots/${made.pilotId}/measurements`, 'anonymous'), 401);
      expectProblem(await call('get', `/pilots/${randomUUID()}/measurements`, director), 404);
      expectProblem(await call('get', '/pilots/not-a-uuid/measurements', director), 400, 'id');
    });

    it('callerInLead: true for the lead organisation members, false for the city staff', async () => {
      expect((await detail(made.pilotId, leadMember)).callerInLead).toBe(true);
      expect((await detail(made.pilotId, leadOwner)).callerInLead).toBe(true);
      expect((await detail(made.pilotId, staff)).callerInLead).toBe(false);
      expect((await detail(made.pilotId, director)).callerInLead).toBe(false);
    });

    it('a measuredAt in the future: 422 on measuredAt', async () => {
      const before = await goalIn(increase.id);
      for (const measuredAt of [new Date(Date.now() + 60_000).toISOString(), '2999-01-01T00:00:00Z']) {
        const res = await measure(made.pilotId, increase.id as string, staff, { value: 19, measuredAt });
        expectProblem(res, 422, 'measuredAt');
      }
      expect(await goalIn(increase.id)).toEqual(before);
    });

    it.each([
      ['a value as a string', { value: '12' }, 'value'],
      ['no value', { value: undefined }, 'value'],
      ['a huge value', { value: -1e13 }, 'value'],
      ['no measuredAt', { measuredAt: undefined }, 'measuredAt'],
      ['a measuredAt without a time zone', { measuredAt: '2024-03-01T12:00:00' }, 'measuredAt'],
      ['a date only', { measuredAt: '2024-03-01' }, 'measuredAt'],
      ['a measuredAt that is no date', { measuredAt: 'yesterday' }, 'measuredAt'],
      ['a blank note', { note: '   ' }, 'note'],
      ['a note of 2001 characters', { note: 'n'.repeat(2001) }, 'note'],
      ['an unknown field', { recordedBy: randomUUID() }, 'recordedBy'],
    ])('%s: 400', async (_, overrides, field) => {
      const body = { value: 12, measuredAt: daysAgo(1), ...overrides };
      expectProblem(await measure(made.pilotId, increase.id as string, staff, body), 400, field);
    });
  });

  describe('the public registry', () => {
    let company: Made;
    let resident: Made;
    let elsewhere: Made;
    const orgNumberOf = (nine: string) => `${nine.slice(0, 6)}-${nine.slice(6)}${luhnCheckDigit(nine)}`;
    const orgNumber = orgNumberOf('559321987');
    const companyName = 'Sensorbolaget Öresund AB';
    const residentName = 'Grannarna på Planteringen';
    const registry = (query = '') => t.http().get(`${API}/public/pilots${query}`);

    beforeAll(async () => {
      ok(
        await call('post', '/welfare-areas', admin, {
          code: 'culture',
          nameSv: 'Kultur och fritid',
          nameEn: 'Culture and leisure',
        }),
        201,
      );
      company = await makePilot({
        area: 'culture',
        member: leadMember,
        organization: {
          kind: 'company',
          name: companyName,
          orgNumber,
          contactEmail: 'kontakt@sensorbolaget.se',
          website: 'https://sensorbolaget.example',
        },
        proposal: { title: 'Sensorer på biblioteket', summary: 'Sensors that count visitors in the library.' },
      });
      resident = await makePilot({
        area: 'culture',
        organization: { kind: 'resident', name: residentName, contactEmail: 'grannar@example.se' },
        proposal: { title: 'Grannskapets kulturkväll', summary: 'Residents run evenings of culture.' },
      });
      elsewhere = await makePilot({ proposal: { title: 'Utanför kulturen' } });

      await decided(company.pilotId, staff, decision('time', 'go', 1));
      const g = await goal(company.pilotId, {
        name: 'Besökare per dag',
        unit: 'antal',
        baseline: 100,
        target: 200,
        direction: 'increase',
      });
      await measured(company.pilotId, g.id as string, 125, daysAgo(10));
      await measured(company.pilotId, g.id as string, 110, daysAgo(20));
    });

    it('no sign-in needed; a company lead shows the organisation name, a resident lead "Resident initiative"', async () => {
      const res = await registry('?area=culture');
      expect(res.status).toBe(200);
      const body = res.body as { items: Body[]; nextCursor: string | null };
      expect(body.nextCursor).toBeNull();
      expect(body.items).toEqual([
        {
          id: resident.pilotId,
          title: 'Grannskapets kulturkväll',
          summary: 'Residents run evenings of culture.',
          welfareArea: 'culture',
          department: 'Vård- och omsorgsförvaltningen',
          stage: 'explore_idea',
          status: 'active',
          lead: 'Resident initiative',
          effectGoals: [],
        },
        {
          id: company.pilotId,
          title: 'Sensorer på biblioteket',
          summary: 'Sensors that count visitors in the library.',
          welfareArea: 'culture',
          department: 'Vård- och omsorgsförvaltningen',
          stage: 'explore_setup',
          status: 'active',
          lead: companyName,
          effectGoals: [
            {
              name: 'Besökare per dag',
              unit: 'antal',
              baseline: 100,
              target: 200,
              direction: 'increase',
              latestValue: 125,
              progress: 0.25,
            },
          ],
        },
      ]);
    });

    it('a signed-in caller gets the same public view', async () => {
      const res = await t.http().get(`${API}/public/pilots?area=culture`).set('Authorization', director.auth);
      expect(res.status).toBe(200);
      expect((res.body as { items: Body[] }).items.map((i) => i.id)).toEqual([resident.pilotId, company.pilotId]);
    });

    it('filters by area and stage; every status is listed', async () => {
      const ids = async (query: string) => (ok(await registry(query)).items as Body[]).map((i) => i.id);
      expect(await ids('?area=culture&stage=explore_setup')).toEqual([company.pilotId]);
      expect(await ids('?area=culture&stage=explore_idea')).toEqual([resident.pilotId]);
      expect(await ids('?area=culture&stage=scale')).toEqual([]);
      expect(await ids('?area=CULTURE')).toEqual([resident.pilotId, company.pilotId]);
      const healthcare = await ids('?area=healthcare&limit=100');
      expect(healthcare).toContain(elsewhere.pilotId);
      expect(healthcare).not.toContain(company.pilotId);
      const all = await ids('?limit=100');
      for (const p of [company, resident, elsewhere]) expect(all).toContain(p.pilotId);
      // Discontinued and on-hold pilots are public too.
      const stopped = await makePilot({ area: 'culture', proposal: { title: 'Avbruten kulturpilot' } });
      await decided(stopped.pilotId, staff, decision('time', 'stop', 1));
      const [first] = ok(await registry('?area=culture')).items as Body[];
      expect(first).toMatchObject({ id: stopped.pilotId, status: 'discontinued', stage: 'explore_idea' });
    });

    it('pages with limit and cursor', async () => {
      const seen: unknown[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = ok(await registry(`?area=culture&limit=1${cursor ? `&cursor=${cursor}` : ''}`)) as {
          items: Body[];
          nextCursor: string | null;
        };
        expect(page.items).toHaveLength(1);
        seen.push(page.items[0].id);
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(seen.slice(-2)).toEqual([resident.pilotId, company.pilotId]);
      expect(new Set(seen).size).toBe(seen.length);
      expect(cursor).toBeNull();
    });

    it.each([
      ['stage=unknown', 'stage'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['cursor=%25%25', 'cursor'],
      [`cursor=${Buffer.from('[1,2]').toString('base64url')}`, 'cursor'],
      ['status=active', 'status'],
    ])('?%s: 400', async (query, field) => {
      expectProblem(await registry(`?${query}`), 400, field);
    });

    it('the raw JSON holds no email address, no person’s name, no user id, no orgNumber', async () => {
      let text = '';
      let cursor: string | null = null;
      do {
        const res = await registry(`?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        text += res.text;
        cursor = (res.body as { nextCursor: string | null }).nextCursor;
      } while (cursor);
      expect(text).toContain(company.pilotId);
      expect(text).toContain('Resident initiative');
      expect(text).toContain(companyName);

      expect(text).not.toMatch(/@/);
      expect(text).not.toContain(orgNumber);
      expect(text).not.toContain(orgNumber.replace('-', ''));
      expect(text).not.toContain(residentName);
      expect(text).not.toContain('sensorbolaget.example');
      for (const user of everyone) {
        expect(text).not.toContain(user.name);
        expect(text).not.toContain(user.name.split(' ')[1]);
        expect(text).not.toContain(user.email);
        expect(text).not.toContain(user.id);
      }
      for (const key of [
        'email',
        'contactEmail',
        'orgNumber',
        'decidedBy',
        'recordedBy',
        'createdBy',
        'by',
        'userId',
      ]) {
        expect(text).not.toContain(`"${key}"`);
      }
    });
  });
});
