import type { Response } from 'supertest';
import { challengeIn } from './factories/challenges';
import { createPilot } from './factories/pilots';
import { createOrganization, createProposal } from './factories/proposals';
import { createUser, departmentId, TestUser } from './factories/users';
import { expectProblem, statementsOf } from './support/expectations';
import { startTestApp, TestApp } from './support/test-app';

const API = '/api/v1';
const RATIONALE = 'The evidence so far supports this decision.';
const ACCEPT_REASON = 'A promising proposal for the testbed.';
const CARE = 'Vård- och omsorgsförvaltningen';
const SOCIAL = 'Socialförvaltningen';

type Body = Record<string, unknown>;
type Who = TestUser | 'anonymous';
type Gate = 'time' | 'money' | 'scale' | 'implement';
type Outcome = 'go' | 'hold' | 'stop';
type Stage = 'explore_idea' | 'explore_setup' | 'develop_pilot' | 'scale';
type Letter = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I';
interface Challenge {
  id: string;
  criteria: { id: string }[];
}

/*
 * The hand-built dataset. Departments: V = Vård- och omsorgsförvaltningen (staff `careStaff`),
 * S = Socialförvaltningen (staff `socialStaff`). Evaluators: Eva Ek reviews (and submits) every
 * proposal that becomes a pilot; Olle Berg and Stina Lund make the backlog.
 *
 * Challenges  dept  area        status     proposals
 * CV1         V     healthcare  published  PA accepted → pilot A            (createPilot)
 * CV2         V     healthcare  published  PB accepted → pilot B            (createPilot)
 * CV3         V     climate     published  PC, PD accepted → C, D; PW withdrawn; PX draft;
 *                                          PS1 submitted (Olle assigned, due yesterday = overdue;
 *                                          Stina assigned, no due date)
 * CV4         V     healthcare  closed     PE accepted → pilot E (closed after the decision)
 * CV5         V     healthcare  draft      — (never published: counts nowhere)
 * CS1         S     employment  published  PF, PG, PI accepted → F, G, I; PS2 submitted
 *                                          (Olle assigned, due in 10 days; Stina submitted a review)
 * CS2         S     healthcare  published  PH accepted → pilot H            (createPilot)
 *
 * Pilots (ages in days before the request, each a whole number of 24-hour days, set with SQL):
 * pilot dept area        stage          status        created  in stage  gate decisions (age)                  stalled ref
 * A     V    healthcare  explore_idea   active        100      100       —                                     100
 * B     V    healthcare  explore_idea   on_hold        50       50       time hold 45                           45
 * C     V    climate     explore_setup  active         70       25       time go 25                             25
 * D     V    climate     develop_pilot  active        200       95       time go 150, money go 95               95
 * E     V    healthcare  scale          implemented   400      300       time 360, money 330, scale 300,        —
 *                                                                        implement 290 (all go)
 * F     S    employment  explore_idea   active         10       10       —                                      10
 * G     S    employment  explore_setup  discontinued  300      200       time go 200, money stop 180            —
 * H     S    healthcare  develop_pilot  on_hold       365      250       time go 300, money go 250, scale hold 120 120
 * I     S    employment  scale          active        100       40       time go 80, money go 60, scale go 40   40
 *
 * Whole city (director/admin, no filter):
 *   funnel: published 6 (CV1–4, CS1–2); submitted 12 (PA PB PC PD PE PW PS1 | PF PG PH PI PS2); accepted 9;
 *           reached idea 9, setup 6 (C D E G H I), develop 4 (D E H I), scale 2 (E I); implemented 1 (E); discontinued 1 (G)
 *   stages: idea     active 2 (A F) on hold 1 (B)  median of 100, 50, 10 = 50
 *           setup    active 1 (C)                  median 25            (G discontinued: not counted)
 *           develop  active 1 (D) on hold 1 (H)    median of 95, 250 = 172.5
 *           scale    active 1 (I)                  median 40            (E implemented: not counted)
 *   areas:  climate 1/4/2, employment 1/4/3, healthcare 4/4/4, security 0/0/0 (challenges/proposals/pilots)
 *   stalled (90): H 120, A 100, D 95; (30): H 120, A 100, D 95, B 45, I 40
 *   backlog: Olle assigned 2 overdue 1; Stina assigned 1 submitted 1; Eva submitted 9
 * V: funnel 4, 7, 5, reached 5/3/2/1, implemented 1, discontinued 0
 *    stages idea 1/1 median 75 (100, 50); setup 1/0 25; develop 1/0 95; scale 0/0 null
 *    areas climate 1/4/2, employment 0/0/0, healthcare 3/3/3, security 0/0/0
 *    stalled (90): A 100, D 95; backlog: Olle 1/0/1, Stina 1/0/0, Eva 0/5/0
 * S: funnel 2, 5, 4, reached 4/3/2/1, implemented 0, discontinued 1
 *    stages idea 1/0 10; setup 0/0 null; develop 0/1 250; scale 1/0 40
 *    areas climate 0/0/0, employment 1/4/3, healthcare 1/1/1, security 0/0/0
 *    stalled (90): H 120; backlog: Olle 1/0/0, Eva 0/4/0, Stina 0/1/0
 * healthcare (all departments): funnel 4, 4, 4, reached 4/2/2/1, implemented 1, discontinued 0
 *    stages idea 1/1 75; setup 0/0 null; develop 0/1 250; scale 0/0 null; areas [healthcare 4/4/4]
 *    stalled (90): H 120, A 100; backlog: Eva 0/4/0
 * V + climate: funnel 1, 4, 2, reached 2/2/1/0, 0, 0
 *    stages idea 0/0 null; setup 1/0 25; develop 1/0 95; scale 0/0 null; areas [climate 1/4/2]
 *    stalled (90): D 95; backlog: Olle 1/0/1, Stina 1/0/0, Eva 0/2/0
 */

describe('pipeline', () => {
  let t: TestApp;
  let care: string;
  let social: string;
  let admin: TestUser;
  let director: TestUser;
  let careStaff: TestUser;
  let socialStaff: TestUser;
  let eva: TestUser;
  let olle: TestUser;
  let stina: TestUser;
  let partner: TestUser;
  let lead: { id: string; name: string };
  const pilots = {} as Record<Letter, { id: string; title: string; department: string }>;

  function call(method: 'get' | 'post' | 'put', path: string, who: Who, body?: object) {
    const req = t.http()[method](`${API}${path}`);
    if (who !== 'anonymous') req.set('Authorization', who.auth);
    return body === undefined ? req : req.send(body);
  }
  function ok(res: Response, status = 200): Body {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Body;
  }
  const pipeline = (who: Who, query: Record<string, string | number> = {}) =>
    call('get', '/pipeline', who).query(query);

  const published = async (staff: TestUser, welfareArea: string, title: string) =>
    (await challengeIn(t, staff, 'published', { welfareArea, title })) as unknown as Challenge;

  async function submittedProposal(challenge: Challenge, title: string): Promise<string> {
    const { id } = await createProposal(t, partner, challenge.id, lead.id, { title });
    ok(await call('post', `/proposals/${id}/submit`, partner));
    return id;
  }
  async function assign(proposalId: string, evaluator: TestUser, staff: TestUser, dueAt?: string): Promise<string> {
    const body = dueAt === undefined ? { evaluatorId: evaluator.id } : { evaluatorId: evaluator.id, dueAt };
    return ok(await call('post', `/proposals/${proposalId}/assignments`, staff, body), 201).id as string;
  }
  async function submitReview(assignmentId: string, evaluator: TestUser, challenge: Challenge): Promise<void> {
    ok(await call('post', `/assignments/${assignmentId}/declaration`, evaluator, { conflict: false }));
    ok(
      await call('put', `/assignments/${assignmentId}/review`, evaluator, {
        scores: challenge.criteria.map((c) => ({ criterionId: c.id, score: 4 })),
        recommendation: 'yes',
        submit: true,
      }),
    );
  }
  /** createPilot's steps on an existing challenge (createPilot always makes a healthcare challenge of its own). */
  async function pilotOn(challenge: Challenge, staff: TestUser, letter: Letter, department: string): Promise<void> {
    const title = `Pilot ${letter}`;
    const proposalId = await submittedProposal(challenge, title);
    await submitReview(await assign(proposalId, eva, staff), eva, challenge);
    const decision = ok(
      await call('post', `/proposals/${proposalId}/decision`, staff, { outcome: 'accepted', reason: ACCEPT_REASON }),
    );
    pilots[letter] = { id: decision.pilotId as string, title, department };
  }
  async function viaFactory(staff: TestUser, letter: Letter, department: string): Promise<string> {
    const title = `Pilot ${letter}`;
    const made = await createPilot(t, { staff, partner, evaluator: eva }, { proposal: { title } });
    pilots[letter] = { id: made.pilotId, title, department };
    return made.challengeId;
  }

  /** Gate decisions in order; returns each decision's id. */
  async function decide(letter: Letter, steps: [Gate, Outcome, TestUser][]): Promise<string[]> {
    const id = pilots[letter].id;
    const ids: string[] = [];
    let version = 1;
    for (const [gate, outcome, who] of steps) {
      const body: Body = { gate, outcome, rationale: RATIONALE, version };
      if (gate === 'money' && outcome === 'go') body.grantedBudgetSek = 200_000;
      if (gate === 'money' && outcome === 'go') {
        ok(
          await call('post', `/pilots/${id}/effect-goals`, director, {
            name: 'Upplevd ensamhet',
            unit: '%',
            baseline: 40,
            target: 20,
            direction: 'decrease',
          }),
          201,
        );
      }
      if (gate === 'scale' && outcome === 'go') {
        const goals = ok(await call('get', `/pilots/${id}`, director)).effectGoals as { id: string }[];
        for (const goal of goals) {
          ok(
            await call('post', `/pilots/${id}/effect-goals/${goal.id}/measurements`, director, {
              value: 30,
              measuredAt: new Date(Date.now() - 60_000).toISOString(),
            }),
            201,
          );
        }
      }
      const pilot = ok(await call('post', `/pilots/${id}/gate-decisions`, who, body), 201);
      ids.push((pilot.lastGateDecision as { id: string }).id);
      version = pilot.version as number;
    }
    return ids;
  }

  /** Ages in whole 24-hour days (no calendar arithmetic: exact whatever the time zone). */
  async function age(letter: Letter, created: number, inStage: number, decisions: [string, number][] = []) {
    await t.db.query(
      `UPDATE pilots SET created_at = now() - make_interval(hours => 24 * $2::int),
                         stage_entered_at = now() - make_interval(hours => 24 * $3::int) WHERE id = $1`,
      [pilots[letter].id, created, inStage],
    );
    for (const [id, days] of decisions) {
      await t.db.query(
        `UPDATE gate_decisions SET decided_at = now() - make_interval(hours => 24 * $2::int) WHERE id = $1`,
        [id, days],
      );
    }
  }
  const zip = (ids: string[], days: number[]): [string, number][] => ids.map((id, i) => [id, days[i]]);

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000', CHALLENGE_CLOSE_INTERVAL_SECONDS: '60' });
    care = await departmentId(t);
    social = await departmentId(t, 'socialforvaltningen');
    [admin, director, careStaff, socialStaff, eva, olle, stina, partner] = await Promise.all([
      createUser(t, { roles: ['admin'], name: 'Admin' }),
      createUser(t, { roles: ['director'], name: 'Director' }),
      createUser(t, { roles: ['department'], departmentId: care, name: 'Care Staff' }),
      createUser(t, { roles: ['department'], departmentId: social, name: 'Social Staff' }),
      createUser(t, { roles: ['evaluator'], name: 'Eva Ek' }),
      createUser(t, { roles: ['evaluator'], name: 'Olle Berg' }),
      createUser(t, { roles: ['evaluator'], name: 'Stina Lund' }),
      createUser(t, { roles: ['partner'], name: 'Partner' }),
    ]);
    lead = await createOrganization(t, partner, { name: 'Norra Omsorg' });

    // V: CV1, CV2 (A, B), CV3 climate (C, D, PW, PX, PS1), CV4 closed (E), CV5 draft.
    await viaFactory(careStaff, 'A', CARE);
    await viaFactory(careStaff, 'B', CARE);
    const cv3 = await published(careStaff, 'climate', 'Klimatsmart hemtjänst');
    await pilotOn(cv3, careStaff, 'C', CARE);
    await pilotOn(cv3, careStaff, 'D', CARE);
    const withdrawn = await submittedProposal(cv3, 'Withdrawn proposal');
    ok(await call('post', `/proposals/${withdrawn}/withdraw`, partner));
    await createProposal(t, partner, cv3.id, lead.id, { title: 'Draft proposal' });
    const ps1 = await submittedProposal(cv3, 'Pending proposal V');
    const overdue = await assign(ps1, olle, careStaff, new Date(Date.now() + 86_400_000).toISOString());
    await assign(ps1, stina, careStaff);
    await t.db.query(`UPDATE assignments SET due_at = now() - interval '1 day' WHERE id = $1`, [overdue]);
    const cv4 = await viaFactory(careStaff, 'E', CARE);
    ok(await call('post', `/challenges/${cv4}/close`, careStaff));
    await challengeIn(t, careStaff, 'draft', { title: 'Never published' });

    // S: CS1 employment (F, G, I, PS2), CS2 healthcare (H).
    const cs1 = await published(socialStaff, 'employment', 'Vägen till arbete');
    await pilotOn(cs1, socialStaff, 'F', SOCIAL);
    await pilotOn(cs1, socialStaff, 'G', SOCIAL);
    await pilotOn(cs1, socialStaff, 'I', SOCIAL);
    const ps2 = await submittedProposal(cs1, 'Pending proposal S');
    await assign(ps2, olle, socialStaff, new Date(Date.now() + 10 * 86_400_000).toISOString());
    await submitReview(await assign(ps2, stina, socialStaff), stina, cs1);
    await viaFactory(socialStaff, 'H', SOCIAL);

    // Gate decisions, then the ages of the table above.
    const b = await decide('B', [['time', 'hold', careStaff]]);
    const c = await decide('C', [['time', 'go', careStaff]]);
    const d = await decide('D', [
      ['time', 'go', careStaff],
      ['money', 'go', director],
    ]);
    const e = await decide('E', [
      ['time', 'go', careStaff],
      ['money', 'go', director],
      ['scale', 'go', director],
      ['implement', 'go', director],
    ]);
    const g = await decide('G', [
      ['time', 'go', socialStaff],
      ['money', 'stop', director],
    ]);
    const h = await decide('H', [
      ['time', 'go', socialStaff],
      ['money', 'go', director],
      ['scale', 'hold', director],
    ]);
    const i = await decide('I', [
      ['time', 'go', socialStaff],
      ['money', 'go', director],
      ['scale', 'go', director],
    ]);
    await age('A', 100, 100);
    await age('B', 50, 50, zip(b, [45]));
    await age('C', 70, 25, zip(c, [25]));
    await age('D', 200, 95, zip(d, [150, 95]));
    await age('E', 400, 300, zip(e, [360, 330, 300, 290]));
    await age('F', 10, 10);
    await age('G', 300, 200, zip(g, [200, 180]));
    await age('H', 365, 250, zip(h, [300, 250, 120]));
    await age('I', 100, 40, zip(i, [80, 60, 40]));

    // The dataset is what the table says (guards the expectations below against a factory change).
    const rows = await t.db.query<{ id: string; stage: string; status: string }[]>(
      `SELECT id, stage, status FROM pilots`,
    );
    const actual = Object.fromEntries(rows.map((r) => [r.id, `${r.stage}/${r.status}`]));
    expect(
      Object.fromEntries(Object.entries(pilots).map(([letter, p]) => [letter, actual[p.id]])) as Record<string, string>,
    ).toEqual({
      A: 'explore_idea/active',
      B: 'explore_idea/on_hold',
      C: 'explore_setup/active',
      D: 'develop_pilot/active',
      E: 'scale/implemented',
      F: 'explore_idea/active',
      G: 'explore_setup/discontinued',
      H: 'develop_pilot/on_hold',
      I: 'scale/active',
    });
    expect(rows).toHaveLength(9);
  }, 120_000);
  afterAll(() => t.close());

  // Expected figures, written literally (see the table above).
  const funnel = (
    challengesPublished: number,
    proposalsSubmitted: number,
    proposalsAccepted: number,
    [exploreIdea, exploreSetup, developPilot, scale]: [number, number, number, number],
    implemented: number,
    discontinued: number,
  ) => ({
    challengesPublished,
    proposalsSubmitted,
    proposalsAccepted,
    pilotsReached: {
      explore_idea: exploreIdea,
      explore_setup: exploreSetup,
      develop_pilot: developPilot,
      scale,
    },
    implemented,
    discontinued,
  });
  type StageRow = [Stage, number, number, number | null];
  const area = (code: string, challengesPublished: number, proposalsSubmitted: number, pilotCount: number) => ({
    area: code,
    challengesPublished,
    proposalsSubmitted,
    pilots: pilotCount,
  });
  const stalled = (letter: Letter, stage: Stage, status: 'active' | 'on_hold', daysWithoutDecision: number) => ({
    pilotId: pilots[letter].id,
    title: pilots[letter].title,
    department: pilots[letter].department,
    stage,
    status,
    daysWithoutDecision,
  });
  const backlog = (evaluator: TestUser, assigned: number, submitted: number, overdue: number) => ({
    evaluatorId: evaluator.id,
    name: evaluator.name,
    assigned,
    submitted,
    overdue,
  });

  interface Expected {
    scope: { departmentId: string | null; area: string | null; stalledDays: number };
    funnel: ReturnType<typeof funnel>;
    stages: StageRow[];
    areas: ReturnType<typeof area>[];
    stalled: ReturnType<typeof stalled>[];
    evaluatorBacklog: ReturnType<typeof backlog>[];
  }

  /** Every field of the response: exact, but the medians (fractions of a day pass between SQL and request). */
  function expectPipeline(res: Response, expected: Expected): void {
    expect(res.status).toBe(200);
    const body = res.body as { stages: { stage: string; medianDaysInStage: number | null }[] } & Body;
    expect(body.stages.map((s) => s.stage)).toEqual(['explore_idea', 'explore_setup', 'develop_pilot', 'scale']);
    expect({ ...body, stages: body.stages.map(({ medianDaysInStage: _, ...rest }) => rest) }).toEqual({
      ...expected,
      // No events in this city: the innovation centre's figures are in events.e2e-spec.ts.
      events: { held: 0, participants: 0, people: 0, organizations: 0, byKind: [], byArea: [] },
      stages: expected.stages.map(([stage, active, onHold]) => ({ stage, active, onHold })),
    });
    expected.stages.forEach(([stage, , , median], i) => {
      const actual = body.stages[i].medianDaysInStage;
      if (median === null) expect({ stage, actual }).toEqual({ stage, actual: null });
      else expect(actual).toBeCloseTo(median, 2);
    });
  }

  const city = (): Expected => ({
    scope: { departmentId: null, area: null, stalledDays: 90 },
    funnel: funnel(6, 12, 9, [9, 6, 4, 2], 1, 1),
    stages: [
      ['explore_idea', 2, 1, 50],
      ['explore_setup', 1, 0, 25],
      ['develop_pilot', 1, 1, 172.5],
      ['scale', 1, 0, 40],
    ],
    areas: [
      area('climate', 1, 4, 2),
      area('employment', 1, 4, 3),
      area('healthcare', 4, 4, 4),
      area('security', 0, 0, 0),
    ],
    stalled: [
      stalled('H', 'develop_pilot', 'on_hold', 120),
      stalled('A', 'explore_idea', 'active', 100),
      stalled('D', 'develop_pilot', 'active', 95),
    ],
    evaluatorBacklog: [backlog(olle, 2, 0, 1), backlog(stina, 1, 1, 0), backlog(eva, 0, 9, 0)],
  });
  const careFigures = (): Expected => ({
    scope: { departmentId: care, area: null, stalledDays: 90 },
    funnel: funnel(4, 7, 5, [5, 3, 2, 1], 1, 0),
    stages: [
      ['explore_idea', 1, 1, 75],
      ['explore_setup', 1, 0, 25],
      ['develop_pilot', 1, 0, 95],
      ['scale', 0, 0, null],
    ],
    areas: [
      area('climate', 1, 4, 2),
      area('employment', 0, 0, 0),
      area('healthcare', 3, 3, 3),
      area('security', 0, 0, 0),
    ],
    stalled: [stalled('A', 'explore_idea', 'active', 100), stalled('D', 'develop_pilot', 'active', 95)],
    evaluatorBacklog: [backlog(olle, 1, 0, 1), backlog(stina, 1, 0, 0), backlog(eva, 0, 5, 0)],
  });
  const socialFigures = (): Expected => ({
    scope: { departmentId: social, area: null, stalledDays: 90 },
    funnel: funnel(2, 5, 4, [4, 3, 2, 1], 0, 1),
    stages: [
      ['explore_idea', 1, 0, 10],
      ['explore_setup', 0, 0, null],
      ['develop_pilot', 0, 1, 250],
      ['scale', 1, 0, 40],
    ],
    areas: [
      area('climate', 0, 0, 0),
      area('employment', 1, 4, 3),
      area('healthcare', 1, 1, 1),
      area('security', 0, 0, 0),
    ],
    stalled: [stalled('H', 'develop_pilot', 'on_hold', 120)],
    evaluatorBacklog: [backlog(olle, 1, 0, 0), backlog(eva, 0, 4, 0), backlog(stina, 0, 1, 0)],
  });
  const healthcareFigures = (): Expected => ({
    scope: { departmentId: null, area: 'healthcare', stalledDays: 90 },
    funnel: funnel(4, 4, 4, [4, 2, 2, 1], 1, 0),
    stages: [
      ['explore_idea', 1, 1, 75],
      ['explore_setup', 0, 0, null],
      ['develop_pilot', 0, 1, 250],
      ['scale', 0, 0, null],
    ],
    areas: [area('healthcare', 4, 4, 4)],
    stalled: [stalled('H', 'develop_pilot', 'on_hold', 120), stalled('A', 'explore_idea', 'active', 100)],
    evaluatorBacklog: [backlog(eva, 0, 4, 0)],
  });
  const careClimateFigures = (): Expected => ({
    scope: { departmentId: care, area: 'climate', stalledDays: 90 },
    funnel: funnel(1, 4, 2, [2, 2, 1, 0], 0, 0),
    stages: [
      ['explore_idea', 0, 0, null],
      ['explore_setup', 1, 0, 25],
      ['develop_pilot', 1, 0, 95],
      ['scale', 0, 0, null],
    ],
    areas: [area('climate', 1, 4, 2)],
    stalled: [stalled('D', 'develop_pilot', 'active', 95)],
    evaluatorBacklog: [backlog(olle, 1, 0, 1), backlog(stina, 1, 0, 0), backlog(eva, 0, 2, 0)],
  });

  describe('the whole city (directors, admins)', () => {
    it('a director sees every figure of the table', async () => {
      expectPipeline(await pipeline(director), city());
    });

    it('an admin sees the same', async () => {
      expectPipeline(await pipeline(admin), city());
    });

    it('stalledDays=30: also B (45 days) and I (40 days), oldest first; C (25) and F (10) are not stalled', async () => {
      expectPipeline(await pipeline(director, { stalledDays: 30 }), {
        ...city(),
        scope: { departmentId: null, area: null, stalledDays: 30 },
        stalled: [
          stalled('H', 'develop_pilot', 'on_hold', 120),
          stalled('A', 'explore_idea', 'active', 100),
          stalled('D', 'develop_pilot', 'active', 95),
          stalled('B', 'explore_idea', 'on_hold', 45),
          stalled('I', 'scale', 'active', 40),
        ],
      });
    });

    it('stalledDays=1 lists every active and on-hold pilot; 3650 none; implemented and discontinued never', async () => {
      expectPipeline(await pipeline(director, { stalledDays: 1 }), {
        ...city(),
        scope: { departmentId: null, area: null, stalledDays: 1 },
        stalled: [
          stalled('H', 'develop_pilot', 'on_hold', 120),
          stalled('A', 'explore_idea', 'active', 100),
          stalled('D', 'develop_pilot', 'active', 95),
          stalled('B', 'explore_idea', 'on_hold', 45),
          stalled('I', 'scale', 'active', 40),
          stalled('C', 'explore_setup', 'active', 25),
          stalled('F', 'explore_idea', 'active', 10),
        ],
      });
      expectPipeline(await pipeline(director, { stalledDays: 3650 }), {
        ...city(),
        scope: { departmentId: null, area: null, stalledDays: 3650 },
        stalled: [],
      });
    });
  });

  describe('filters of directors and admins', () => {
    it('departmentId=V: the figures of Vård- och omsorgsförvaltningen only', async () => {
      expectPipeline(await pipeline(director, { departmentId: care }), careFigures());
    });

    it('departmentId=S: the figures of Socialförvaltningen only', async () => {
      expectPipeline(await pipeline(admin, { departmentId: social }), socialFigures());
    });

    it('area=healthcare: both departments, healthcare only (the area is normalised to lower case)', async () => {
      expectPipeline(await pipeline(director, { area: 'healthcare' }), healthcareFigures());
      expectPipeline(await pipeline(director, { area: ' Healthcare ' }), healthcareFigures());
    });

    it('departmentId and area together', async () => {
      expectPipeline(await pipeline(director, { departmentId: care, area: 'climate' }), careClimateFigures());
    });

    it('a department with nothing in it: zeros, nulls and empty lists', async () => {
      const empty = await departmentId(t, 'miljoforvaltningen');
      expectPipeline(await pipeline(director, { departmentId: empty }), {
        scope: { departmentId: empty, area: null, stalledDays: 90 },
        funnel: funnel(0, 0, 0, [0, 0, 0, 0], 0, 0),
        stages: [
          ['explore_idea', 0, 0, null],
          ['explore_setup', 0, 0, null],
          ['develop_pilot', 0, 0, null],
          ['scale', 0, 0, null],
        ],
        areas: [
          area('climate', 0, 0, 0),
          area('employment', 0, 0, 0),
          area('healthcare', 0, 0, 0),
          area('security', 0, 0, 0),
        ],
        stalled: [],
        evaluatorBacklog: [],
      });
    });
  });

  describe('department staff: their own department, always', () => {
    it.each([
      ['nothing', {}],
      ['their own departmentId', 'own'],
    ] as const)('Vård- och omsorgsförvaltningen staff naming %s get its figures', async (_, query) => {
      expectPipeline(await pipeline(careStaff, query === 'own' ? { departmentId: care } : {}), careFigures());
    });

    it('Socialförvaltningen staff get theirs, with stalledDays applied', async () => {
      expectPipeline(await pipeline(socialStaff), socialFigures());
      expectPipeline(await pipeline(socialStaff, { stalledDays: 30 }), {
        ...socialFigures(),
        scope: { departmentId: social, area: null, stalledDays: 30 },
        stalled: [stalled('H', 'develop_pilot', 'on_hold', 120), stalled('I', 'scale', 'active', 40)],
      });
    });

    it('with an area, their own department within it', async () => {
      expectPipeline(await pipeline(careStaff, { area: 'climate' }), careClimateFigures());
    });

    it('naming another department: 403', async () => {
      expectProblem(await pipeline(careStaff, { departmentId: social }), 403);
      expectProblem(await pipeline(socialStaff, { departmentId: care, area: 'healthcare' }), 403);
    });
  });

  describe('refusals', () => {
    it.each([['partner'], ['evaluator']] as const)('%s: 403', async (role) => {
      const who = role === 'partner' ? partner : eva;
      expectProblem(await pipeline(who), 403);
    });

    it('anonymous: 401', async () => {
      expectProblem(await pipeline('anonymous'), 401);
    });

    it.each([['0'], ['3651'], ['x'], ['1.5'], ['-1'], ['0x10'], ['1e2']])('stalledDays=%s: 400', async (value) => {
      expectProblem(await pipeline(director, { stalledDays: value }), 400, 'stalledDays');
    });

    it('departmentId not a uuid: 400', async () => {
      expectProblem(await pipeline(director, { departmentId: 'vard' }), 400, 'departmentId');
    });
  });

  describe('statements per request', () => {
    const statements = (send: () => PromiseLike<Response>) => statementsOf(t, send);

    it('a small fixed number, the same for an empty scope, the whole city and a city with more pilots', async () => {
      const empty = await statements(() => pipeline(director, { area: 'security' }));
      const before = await statements(() => pipeline(director));
      const staffView = await statements(() => pipeline(careStaff));
      expect(empty.res.status).toBe(200);
      expect(before.res.status).toBe(200);
      expect(staffView.res.status).toBe(200);

      // Three more pilots (and their challenges, proposals, assignments) in the city.
      for (const letter of ['X', 'Y', 'Z']) {
        await createPilot(t, { staff: careStaff, partner, evaluator: eva }, { proposal: { title: `Pilot ${letter}` } });
      }
      const after = await statements(() => pipeline(director));
      expect(after.res.status).toBe(200);
      expect((after.res.body as { funnel: { pilotsReached: { explore_idea: number } } }).funnel.pilotsReached).toEqual({
        explore_idea: 12,
        explore_setup: 6,
        develop_pilot: 4,
        scale: 2,
      });

      // The five statements (funnel, stages, areas, stalled, backlog), the events' figures and the caller's lookup.
      expect(
        before.sql.filter((s) =>
          /FROM (pipeline_counts|pilot_counts|pilots|evaluator_counts|evaluator_totals|welfare_areas)/.test(s),
        ),
      ).toHaveLength(5);
      expect(before.sql.filter((s) => /FROM events e/.test(s))).toHaveLength(1);
      expect(before.sql.length).toBeLessThanOrEqual(7);
      expect(empty.sql.length).toBe(before.sql.length);
      expect(staffView.sql.length).toBe(before.sql.length);
      expect(after.sql.length).toBe(before.sql.length);
    });

    // The first computation is held on a lock until every request has arrived, so they overlap for
    // certain. Real PostgreSQL only: the embedded database runs one transaction at a time, so
    // nothing could watch the held computation from another connection.
    (process.env.DATABASE_URL ? it : it.skip)(
      'ten directors at once: one computation, the very same answer for all',
      async () => {
        const holder = t.db.createQueryRunner();
        await holder.connect();
        await holder.startTransaction();
        await holder.query(`LOCK TABLE pipeline_counts IN ACCESS EXCLUSIVE MODE`);
        let answers: Response[] = [];
        const together = statements(async () => {
          answers = await Promise.all(Array.from({ length: 10 }, () => pipeline(director)));
          return answers[0];
        });
        try {
          // (pg_stat_activity keeps the first kilobyte of a statement: the funnel's starts with its counts.)
          for (let waiting = 0; waiting < 1;) {
            await new Promise((r) => setTimeout(r, 50));
            const [row] = (await holder.query(
              `SELECT count(*)::int AS waiting FROM pg_stat_activity
               WHERE wait_event_type = 'Lock' AND query LIKE '%FROM pipeline_counts%'`,
            )) as { waiting: number }[];
            waiting = row.waiting;
          }
          await new Promise((r) => setTimeout(r, 1000)); // the other nine arrive and join
        } finally {
          await holder.commitTransaction();
          await holder.release();
        }
        const { sql } = await together;
        expect(answers.map((r) => r.status)).toEqual(Array<number>(10).fill(200));
        // The very same figures (medians are ages: computed once, they are equal to the last digit).
        for (const res of answers.slice(1)) expect(res.body).toEqual(answers[0].body);
        // The funnel statement once, not ten times.
        expect(sql.filter((s) => s.includes('json_build_object')).length).toBe(1);
      },
    );
  });
});
