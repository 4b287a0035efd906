import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { luhnCheckDigit, orgNumberProblem } from '../src/partners/org-number';
import { challengeIn, inDays } from './factories/challenges';
import { addMember as joinOrganization, createOrganization, createProposal } from './factories/proposals';
import { createCast, createUser, departmentId, TestUser } from './factories/users';
import { auditEvents, expectProblem } from './support/expectations';
import { startTestApp, TestApp } from './support/test-app';

const API = '/api/v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** Anything that looks like an e-mail address. */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
/** What the blind view of a proposal has: no organisation, no person, no decision, no dates but submission. */
const BLIND_KEYS = [
  'challenge',
  'description',
  'durationMonths',
  'expectedEffects',
  'id',
  'requestedBudgetSek',
  'status',
  'submittedAt',
  'summary',
  'title',
  'trl',
];

/** 556677-889 → Luhn check digit 9 (computed by hand in the test below too). */
const LEAD_ORG_NUMBER = '556677-8899';
/** A second valid number, its check digit computed by the application's own Luhn. */
const PARTNER_ORG_NUMBER = `802456-123${luhnCheckDigit('802456123')}`;

type Body = Record<string, unknown>;
type Who = TestUser | 'anonymous';
interface Org {
  id: string;
  name: string;
}
interface Criterion {
  id: string;
  name: string;
  description: string | null;
  weight: number;
}
type Challenge = { id: string; title: string; criteria: Criterion[] } & Body;

describe('evaluation', () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof createCast>>;
  /** Department staff of another department than the challenges'. */
  let otherDepartment: TestUser;
  /** Staff of another department who is also an evaluator (sees what they are assigned to). */
  let otherDepartmentEvaluator: TestUser;
  /** Owner of the lead organisation (role partner) and owner of the partner organisations. */
  let leadOwner: TestUser;
  let partnerOwner: TestUser;
  /** Evaluators who are members of the lead, the partner, the "invited" and an unrelated organisation. */
  let leadEvaluator: TestUser;
  let partnerEvaluator: TestUser;
  let invitedEvaluator: TestUser;
  let outsiderEvaluator: TestUser;
  let leadOrg: Org;
  let partnerOrg: Org;
  let invitedOrg: Org;
  let outsiderOrg: Org;
  /** Published, blindReview true (the default), of the default department. */
  let blind: Challenge;
  /** Published, blindReview false. */
  let open: Challenge;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    cast = await createCast(t);
    const social = await departmentId(t, 'socialforvaltningen');
    [
      otherDepartment,
      otherDepartmentEvaluator,
      leadOwner,
      partnerOwner,
      leadEvaluator,
      partnerEvaluator,
      invitedEvaluator,
      outsiderEvaluator,
    ] = await Promise.all([
      createUser(t, { roles: ['department'], departmentId: social, name: 'Sofia Socialförvaltning' }),
      createUser(t, { roles: ['department', 'evaluator'], departmentId: social, name: 'Dag Dubbelroll' }),
      createUser(t, { name: 'Lena Ledarsson' }),
      createUser(t, { name: 'Petra Partnersson' }),
      createUser(t, { roles: ['evaluator'], name: 'Leif Jävsson' }),
      createUser(t, { roles: ['evaluator'], name: 'Pia Jävsdotter' }),
      createUser(t, { roles: ['evaluator'], name: 'Ivar Inbjuden' }),
      createUser(t, { roles: ['evaluator'], name: 'Olle Oberoende' }),
    ]);
    [leadOrg, partnerOrg, invitedOrg, outsiderOrg] = await Promise.all([
      createOrganization(t, leadOwner, {
        name: 'Hemliga Innovationer AB',
        kind: 'company',
        orgNumber: LEAD_ORG_NUMBER,
        contactEmail: 'kontakt@hemliga-innovationer.se',
      }),
      createOrganization(t, partnerOwner, {
        name: 'Diskreta Partnerföreningen',
        kind: 'association',
        orgNumber: PARTNER_ORG_NUMBER,
        contactEmail: 'info@diskreta.se',
      }),
      createOrganization(t, partnerOwner, { name: 'Inbjudna Akademin', kind: 'academia' }),
      createOrganization(t, outsiderEvaluator, { name: 'Helt Fristående Förening', kind: 'resident' }),
    ]);
    await addMember(leadOrg, leadOwner, leadEvaluator);
    await addMember(partnerOrg, partnerOwner, partnerEvaluator);
    await addMember(invitedOrg, partnerOwner, invitedEvaluator);
    [blind, open] = (await Promise.all([
      challengeIn(t, cast.department, 'published', { title: 'Blind utmaning' }),
      challengeIn(t, cast.department, 'published', { title: 'Öppen utmaning', blindReview: false }),
    ])) as Challenge[];
  });
  afterAll(() => t.close());

  const addMember = (org: Org, owner: TestUser, user: TestUser) => joinOrganization(t, org.id, owner, user);

  /** One request as `who`; `body` is sent as JSON. */
  function call(method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string, who: Who, body?: object) {
    const req = t.http()[method](`${API}${path}`);
    if (who !== 'anonymous') req.set('Authorization', who.auth);
    return body === undefined ? req : req.send(body);
  }
  function ok(res: Response, status = 200, what = 'request'): Body {
    if (res.status !== status) {
      throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    }
    return res.body as Body;
  }

  const assign = (proposalId: string, evaluator: { id: string }, by: Who = cast.department, extra: Body = {}) =>
    call('post', `/proposals/${proposalId}/assignments`, by, { evaluatorId: evaluator.id, ...extra });
  const declare = (assignmentId: string, who: Who, body: Body = { conflict: false }) =>
    call('post', `/assignments/${assignmentId}/declaration`, who, body);
  const review = (assignmentId: string, who: Who, body: Body) =>
    call('put', `/assignments/${assignmentId}/review`, who, body);
  const reviewsOf = (proposalId: string, who: Who) => call('get', `/proposals/${proposalId}/reviews`, who);
  const getProposal = (proposalId: string, who: Who) => call('get', `/proposals/${proposalId}`, who);
  const listAssignments = (who: Who, query = '') => call('get', `/assignments${query}`, who);

  let evaluatorCounter = 0;
  /** A fresh evaluator, named distinctly so that a leak of the name is findable in raw JSON. */
  function newEvaluator(name?: string): Promise<TestUser> {
    evaluatorCounter += 1;
    return createUser(t, { roles: ['evaluator'], name: name ?? `Granskare Nummer${evaluatorCounter}` });
  }

  /** A submitted proposal led by leadOrg, with partnerOrg (confirmed) unless told otherwise. */
  async function submittedProposal(challenge: Challenge = blind, partners: Org[] = [partnerOrg]): Promise<string> {
    const { id } = await createProposal(t, leadOwner, challenge.id, leadOrg.id, {
      partnerOrganizationIds: partners.map((p) => p.id),
    });
    for (const p of partners) {
      ok(await call('post', `/proposals/${id}/partners/${p.id}/confirm`, partnerOwner), 200, 'confirm');
    }
    ok(await call('post', `/proposals/${id}/submit`, leadOwner), 200, 'submit');
    return id;
  }

  /** Assigned (by department staff) and declared free of conflicts: ready to review. */
  async function readyAssignment(proposalId: string, evaluator: TestUser): Promise<string> {
    const { id } = ok(await assign(proposalId, evaluator), 201, 'assign') as { id: string };
    ok(await declare(id, evaluator), 200, 'declare');
    return id;
  }

  /** One score per criterion of `challenge`, in order. */
  const scoresFor = (challenge: Challenge, values: number[]) =>
    challenge.criteria.map((c, i) => ({ criterionId: c.id, score: values[i] }));
  /** A complete, submittable review. */
  const fullReview = (challenge: Challenge, values = [4, 3, 2], recommendation = 'yes'): Body => ({
    scores: scoresFor(challenge, values),
    comment: 'Genomtänkt förslag.',
    recommendation,
    submit: true,
  });

  async function assignmentRows(proposalId: string) {
    return t.db.query<{ id: string; evaluator_id: string; status: string }[]>(
      `SELECT id, evaluator_id, status FROM assignments WHERE proposal_id = $1 ORDER BY created_at, id`,
      [proposalId],
    );
  }
  async function reviewRow(assignmentId: string) {
    const [row] = await t.db.query<Body[]>(`SELECT * FROM reviews WHERE assignment_id = $1`, [assignmentId]);
    return row;
  }
  async function assignmentAudit(assignmentId: string, action?: string) {
    const rows = await auditEvents(t, 'assignment', assignmentId);
    return action === undefined ? rows : rows.filter((r) => r.action === action);
  }
  async function assignmentAuditCount(): Promise<number> {
    const [{ count }] = await t.db.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM audit_events WHERE entity_type = 'assignment'`,
    );
    return count;
  }

  it('uses valid organisation numbers (Luhn) for the organisations it must keep secret', () => {
    // 5·2=10→1, 5, 6·2=12→3, 6, 7·2=14→5, 7, 8·2=16→7, 8, 9·2=18→9: sum 51, check digit (10 − 1) mod 10 = 9.
    expect(luhnCheckDigit('556677889')).toBe(9);
    expect(orgNumberProblem(LEAD_ORG_NUMBER)).toBeNull();
    expect(orgNumberProblem(PARTNER_ORG_NUMBER)).toBeNull();
  });

  // ───────────────────────────── assignments ─────────────────────────────

  describe('POST /proposals/:id/assignments', () => {
    let proposalId: string;
    beforeAll(async () => {
      proposalId = await submittedProposal();
    });

    it('lets department staff of the challenge assign an evaluator (201), audited', async () => {
      const evaluator = await newEvaluator();
      const dueAt = inDays(14);
      const start = Date.now();
      const res = await assign(proposalId, evaluator, cast.department, { dueAt });
      const end = Date.now();
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID),
        proposal: { id: proposalId, title: 'Digitala fikastunder för äldre', status: 'submitted' },
        challenge: { id: blind.id, title: 'Blind utmaning' },
        evaluator: { id: evaluator.id, name: evaluator.name },
        status: 'assigned',
        dueAt: expect.stringMatching(ISO_TIMESTAMP),
        declaration: null,
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      expect(new Date(res.body.dueAt).getTime()).toBe(new Date(dueAt).getTime());
      const created = new Date(res.body.createdAt).getTime();
      expect(created).toBeGreaterThanOrEqual(start - 1000);
      expect(created).toBeLessThanOrEqual(end + 1000);
      expect(await assignmentAudit(res.body.id)).toEqual([
        {
          action: 'assignment.created',
          actor_id: cast.department.id,
          before: null,
          after: { proposalId, evaluatorId: evaluator.id, dueAt },
          request_id: expect.any(String),
        },
      ]);
    });

    it.each<[string, () => TestUser]>([
      ['a director', () => cast.director],
      ['an admin', () => cast.admin],
    ])('lets %s assign too, dueAt optional (null)', async (_, who) => {
      const evaluator = await newEvaluator();
      const res = await assign(proposalId, evaluator, who());
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'assigned', dueAt: null, declaration: null });
      expect((await assignmentAudit(res.body.id)).map((e) => [e.action, e.actor_id])).toEqual([
        ['assignment.created', who().id],
      ]);
    });

    it('lets an evaluator who is a member of an organisation outside the consortium be assigned', async () => {
      const membership = await t.db.query(`SELECT 1 FROM memberships WHERE user_id = $1 AND organization_id = $2`, [
        outsiderEvaluator.id,
        outsiderOrg.id,
      ]);
      expect(membership).toHaveLength(1);
      expect((await assign(proposalId, outsiderEvaluator)).status).toBe(201);
    });

    describe('refusals (nothing written)', () => {
      let evaluator: TestUser;
      let before: { rows: number; audits: number };
      beforeAll(async () => {
        evaluator = await newEvaluator();
      });
      beforeEach(async () => {
        before = { rows: (await assignmentRows(proposalId)).length, audits: await assignmentAuditCount() };
      });
      afterEach(async () => {
        expect((await assignmentRows(proposalId)).length).toBe(before.rows);
        expect(await assignmentAuditCount()).toBe(before.audits);
      });

      it('refuses anonymous callers (401)', async () => {
        expectProblem(await assign(proposalId, evaluator, 'anonymous'), 401);
      });

      it.each<[string, () => TestUser]>([
        ['a partner', () => cast.partner],
        ['the owner of the lead organisation', () => leadOwner],
        ['an evaluator', () => cast.evaluator],
      ])('refuses %s by role (403)', async (_, who) => {
        expectProblem(await assign(proposalId, evaluator, who()), 403);
      });

      it('answers 404 to department staff of another department (they cannot see the proposal)', async () => {
        expectProblem(await assign(proposalId, evaluator, otherDepartment), 404);
      });

      it('answers 404 for an unknown proposal and 400 for a malformed id', async () => {
        expectProblem(await assign(randomUUID(), evaluator), 404);
        expectProblem(await call('post', `/proposals/not-a-uuid/assignments`, cast.department, {}), 400);
      });

      it('answers 404 for a draft (staff never see drafts), to staff and admins alike', async () => {
        // The brief expected 409; a draft is invisible to city staff (docs/product.md §3.3.5), and an
        // invisible proposal is "not found" whatever the caller wanted to do with it.
        const { id } = await createProposal(t, leadOwner, blind.id, leadOrg.id);
        expectProblem(await assign(id, evaluator), 404);
        expectProblem(await assign(id, evaluator, cast.admin), 404);
      });

      it('refuses a withdrawn proposal (409)', async () => {
        const id = await submittedProposal();
        ok(await call('post', `/proposals/${id}/withdraw`, leadOwner), 200, 'withdraw');
        expectProblem(await assign(id, evaluator), 409);
        expect(await assignmentRows(id)).toEqual([]);
      });

      it('refuses a rejected proposal (409)', async () => {
        const id = await submittedProposal();
        ok(
          await call('post', `/proposals/${id}/decision`, cast.department, {
            outcome: 'rejected',
            reason: 'Utanför utmaningens ram.',
          }),
          200,
          'decide',
        );
        expectProblem(await assign(id, evaluator), 409);
        expect(await assignmentRows(id)).toEqual([]);
      });

      it('refuses an evaluatorId that is not an enabled evaluator (422 naming evaluatorId)', async () => {
        const disabled = await newEvaluator();
        ok(await call('patch', `/users/${disabled.id}`, cast.admin, { disabled: true }), 200, 'disable');
        for (const target of [
          cast.partner,
          cast.department,
          cast.director,
          cast.admin,
          disabled,
          { id: randomUUID() },
        ]) {
          expectProblem(await assign(proposalId, target), 422, 'evaluatorId');
        }
      });

      it('refuses a malformed evaluatorId and a malformed dueAt (400)', async () => {
        expectProblem(await assign(proposalId, { id: 'nobody' }), 400, 'evaluatorId');
        expectProblem(
          await call('post', `/proposals/${proposalId}/assignments`, cast.department, {}),
          400,
          'evaluatorId',
        );
        expectProblem(await assign(proposalId, evaluator, cast.department, { dueAt: 'tomorrow' }), 400);
      });

      it('refuses a member of the lead organisation: conflict of interest (422 naming the organisation)', async () => {
        const res = await assign(proposalId, leadEvaluator);
        expectProblem(res, 422, 'evaluatorId');
        expect(res.body.detail).toMatch(/conflict of interest/i);
        expect(res.body.detail).toContain(leadOrg.name);
      });

      it('refuses a member of a confirmed partner organisation (422 naming it)', async () => {
        const res = await assign(proposalId, partnerEvaluator);
        expectProblem(res, 422, 'evaluatorId');
        expect(res.body.detail).toMatch(/conflict of interest/i);
        expect(res.body.detail).toContain(partnerOrg.name);
      });

      it('refuses a member of a partner organisation whose invitation is still open (422 naming it)', async () => {
        const id = await submittedProposal(blind, [invitedOrg]);
        // A submitted proposal normally has every partner confirmed; the rule covers invited
        // partners too, so put the consortium back into that state by hand.
        await t.db.query(
          `UPDATE proposal_partners SET status = 'invited', confirmed_at = NULL, confirmed_by = NULL
           WHERE proposal_id = $1 AND organization_id = $2`,
          [id, invitedOrg.id],
        );
        const [partnerRow] = await t.db.query<{ status: string }[]>(
          `SELECT status FROM proposal_partners WHERE proposal_id = $1`,
          [id],
        );
        expect(partnerRow).toEqual({ status: 'invited' });
        const res = await assign(id, invitedEvaluator);
        expectProblem(res, 422, 'evaluatorId');
        expect(res.body.detail).toMatch(/conflict of interest/i);
        expect(res.body.detail).toContain(invitedOrg.name);
        expect(await assignmentRows(id)).toEqual([]);
      });
    });

    it('answers 403 to staff of another department who can see the proposal only as its evaluator', async () => {
      const other = await submittedProposal();
      await readyAssignment(other, otherDepartmentEvaluator);
      const evaluator = await newEvaluator();
      const audits = await assignmentAuditCount();
      expectProblem(await assign(other, evaluator, otherDepartmentEvaluator), 403);
      expect((await assignmentRows(other)).map((r) => r.evaluator_id)).toEqual([otherDepartmentEvaluator.id]);
      expect(await assignmentAuditCount()).toBe(audits);
    });

    it('refuses assigning the same evaluator twice (409), one row, one audit event', async () => {
      const evaluator = await newEvaluator();
      const first = await assign(proposalId, evaluator);
      expect(first.status).toBe(201);
      expectProblem(await assign(proposalId, evaluator, cast.admin), 409);
      expect((await assignmentRows(proposalId)).filter((r) => r.evaluator_id === evaluator.id)).toHaveLength(1);
      expect(await assignmentAudit(first.body.id)).toHaveLength(1);
    });

    it('accepts exactly one of 20 simultaneous assignments of the same evaluator', async () => {
      const evaluator = await newEvaluator();
      const id = await submittedProposal();
      const responses = await Promise.all(Array.from({ length: 20 }, () => assign(id, evaluator)));
      expect(responses.map((r) => r.status).sort()).toEqual([201, ...Array<number>(19).fill(409)]);
      for (const res of responses.filter((r) => r.status === 409)) expectProblem(res, 409);
      const rows = await assignmentRows(id);
      expect(rows).toHaveLength(1);
      expect(rows[0].evaluator_id).toBe(evaluator.id);
      expect(await assignmentAudit(rows[0].id)).toHaveLength(1);
    });
  });

  describe('GET /assignments', () => {
    /** Three proposals, all given to `mine`; the second also to `theirs`. */
    let mine: TestUser;
    let theirs: TestUser;
    let proposals: string[];
    let mineIds: string[];
    let theirsId: string;
    beforeAll(async () => {
      [mine, theirs] = await Promise.all([newEvaluator(), newEvaluator()]);
      proposals = [];
      for (let i = 0; i < 3; i += 1) proposals.push(await submittedProposal());
      mineIds = [];
      for (const p of proposals) mineIds.push((ok(await assign(p, mine), 201) as { id: string }).id);
      theirsId = (ok(await assign(proposals[1], theirs), 201) as { id: string }).id;
    });

    it('shows an evaluator their own assignments (mine=true), newest first, with proposal, challenge and status', async () => {
      const res = await listAssignments(mine, '?mine=true');
      expect(res.status).toBe(200);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.items.map((a: Body) => a.id)).toEqual([...mineIds].reverse());
      expect(res.body.items[0]).toEqual({
        id: mineIds[2],
        proposal: { id: proposals[2], title: 'Digitala fikastunder för äldre', status: 'submitted' },
        challenge: { id: blind.id, title: 'Blind utmaning' },
        evaluator: { id: mine.id, name: mine.name },
        status: 'assigned',
        dueAt: null,
        declaration: null,
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
      });
    });

    it('never shows an evaluator anyone else’s assignments, with or without mine=true', async () => {
      for (const query of ['?mine=true', '', `?proposalId=${proposals[1]}`]) {
        const res = await listAssignments(theirs, query);
        expect(res.status).toBe(200);
        expect(res.body.items.map((a: Body) => a.id)).toEqual([theirsId]);
      }
      const other = await newEvaluator();
      expect((await listAssignments(other, '?mine=true')).body).toEqual({ items: [], nextCursor: null });
    });

    it('lets department staff of the challenge filter by proposalId and see every evaluator of it', async () => {
      const res = await listAssignments(cast.department, `?proposalId=${proposals[1]}`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((a: Body) => a.id)).toEqual([theirsId, mineIds[1]]);
      expect(res.body.items.map((a: { evaluator: { name: string } }) => a.evaluator.name)).toEqual([
        theirs.name,
        mine.name,
      ]);
      for (const who of [cast.director, cast.admin]) {
        const all = await listAssignments(who, `?proposalId=${proposals[1]}`);
        expect(all.body.items.map((a: Body) => a.id)).toEqual([theirsId, mineIds[1]]);
      }
    });

    it('shows department staff of another department nothing of this challenge', async () => {
      const res = await listAssignments(otherDepartment, `?proposalId=${proposals[1]}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [], nextCursor: null });
      // Their own (as staff with no evaluator role) list is empty; mine=true too.
      expect((await listAssignments(otherDepartment, '?mine=true')).body.items).toEqual([]);
    });

    it('pages with limit and cursor, newest first, without overlap', async () => {
      const first = await listAssignments(mine, '?mine=true&limit=2');
      expect(first.status).toBe(200);
      expect(first.body.items.map((a: Body) => a.id)).toEqual([mineIds[2], mineIds[1]]);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await listAssignments(mine, `?mine=true&limit=2&cursor=${first.body.nextCursor}`);
      expect(second.status).toBe(200);
      expect(second.body).toEqual({ items: [expect.objectContaining({ id: mineIds[0] })], nextCursor: null });
      const staff = await listAssignments(cast.department, `?proposalId=${proposals[1]}&limit=1`);
      expect(staff.body.items.map((a: Body) => a.id)).toEqual([theirsId]);
      const staff2 = await listAssignments(
        cast.department,
        `?proposalId=${proposals[1]}&limit=1&cursor=${staff.body.nextCursor}`,
      );
      expect(staff2.body.items.map((a: Body) => a.id)).toEqual([mineIds[1]]);
    });

    it('refuses anonymous callers (401) and bad query parameters (400)', async () => {
      expectProblem(await listAssignments('anonymous', '?mine=true'), 401);
      expectProblem(await listAssignments(mine, '?limit=0'), 400);
      expectProblem(await listAssignments(mine, '?limit=101'), 400);
      expectProblem(await listAssignments(mine, '?mine=yes'), 400);
      expectProblem(await listAssignments(mine, '?proposalId=nope'), 400);
      expectProblem(await listAssignments(mine, '?cursor=not%20a%20cursor'), 400);
    });
  });

  // ───────────────────────────── declarations ─────────────────────────────

  describe('POST /assignments/:id/declaration', () => {
    let proposalId: string;
    beforeAll(async () => {
      proposalId = await submittedProposal();
    });
    async function assigned(): Promise<{ evaluator: TestUser; id: string }> {
      const evaluator = await newEvaluator();
      const { id } = ok(await assign(proposalId, evaluator), 201) as { id: string };
      return { evaluator, id };
    }

    it('lets the assigned evaluator declare no conflict (200), audited; the status stays assigned', async () => {
      const { evaluator, id } = await assigned();
      const res = await declare(id, evaluator, { conflict: false });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id,
        status: 'assigned',
        evaluator: { id: evaluator.id, name: evaluator.name },
        declaration: { conflict: false, reason: null, declaredAt: expect.stringMatching(ISO_TIMESTAMP) },
      });
      expect(await assignmentAudit(id, 'assignment.declared-no-conflict')).toEqual([
        {
          action: 'assignment.declared-no-conflict',
          actor_id: evaluator.id,
          before: { status: 'assigned' },
          after: { status: 'assigned', conflict: false, reason: null },
          request_id: expect.any(String),
        },
      ]);
    });

    it('refuses anyone but the assigned evaluator: another evaluator 404, staff and partners 403, anonymous 401', async () => {
      const { id } = await assigned();
      const before = await assignmentAudit(id);
      expectProblem(await declare(id, cast.evaluator), 404);
      for (const who of [cast.department, cast.admin, cast.director, cast.partner, leadOwner]) {
        expectProblem(await declare(id, who), 403);
      }
      expectProblem(await declare(id, 'anonymous'), 401);
      expectProblem(await declare(randomUUID(), cast.evaluator), 404);
      expect(await assignmentAudit(id)).toEqual(before);
      expect((await assignmentRows(proposalId)).find((r) => r.id === id)?.status).toBe('assigned');
    });

    it('requires a reason with a conflict (400 naming reason), and a boolean conflict (400)', async () => {
      const { evaluator, id } = await assigned();
      expectProblem(await declare(id, evaluator, { conflict: true }), 400, 'reason');
      expectProblem(await declare(id, evaluator, { conflict: true, reason: '   ' }), 400, 'reason');
      expectProblem(await declare(id, evaluator, { conflict: 'yes' }), 400, 'conflict');
      expectProblem(await declare(id, evaluator, {}), 400, 'conflict');
      expect(await assignmentAudit(id)).toHaveLength(1);
      // Still undeclared: a proper declaration goes through.
      expect((await declare(id, evaluator, { conflict: false })).status).toBe(200);
    });

    it('refuses a second declaration (409), whichever the first was', async () => {
      const a = await assigned();
      ok(await declare(a.id, a.evaluator, { conflict: false }));
      expectProblem(await declare(a.id, a.evaluator, { conflict: true, reason: 'Kom på något.' }), 409);
      expectProblem(await declare(a.id, a.evaluator, { conflict: false }), 409);
      const b = await assigned();
      ok(await declare(b.id, b.evaluator, { conflict: true, reason: 'Min svåger driver bolaget.' }));
      expectProblem(await declare(b.id, b.evaluator, { conflict: false }), 409);
      expect(await assignmentAudit(a.id)).toHaveLength(2);
      expect(await assignmentAudit(b.id)).toHaveLength(2);
    });

    it('recuses on a declared conflict: no review, the proposal and its reviews are then 404 for them', async () => {
      const { evaluator, id } = await assigned();
      expect((await getProposal(proposalId, evaluator)).status).toBe(200);
      const res = await declare(id, evaluator, { conflict: true, reason: 'Tidigare anställd hos sökanden.' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id,
        status: 'recused',
        declaration: {
          conflict: true,
          reason: 'Tidigare anställd hos sökanden.',
          declaredAt: expect.stringMatching(ISO_TIMESTAMP),
        },
      });
      expect(await assignmentAudit(id, 'assignment.recused')).toEqual([
        {
          action: 'assignment.recused',
          actor_id: evaluator.id,
          before: { status: 'assigned' },
          after: { status: 'recused', conflict: true, reason: 'Tidigare anställd hos sökanden.' },
          request_id: expect.any(String),
        },
      ]);
      const refused = await review(id, evaluator, fullReview(blind));
      expectProblem(refused, 422);
      expectProblem(await review(id, evaluator, { scores: [], submit: false }), 422);
      expect(await reviewRow(id)).toBeUndefined();
      expectProblem(await getProposal(proposalId, evaluator), 404);
      expectProblem(await reviewsOf(proposalId, evaluator), 404);
      // Their assignment list still shows the recusal.
      const list = await listAssignments(evaluator, '?mine=true');
      expect(list.body.items).toEqual([expect.objectContaining({ id, status: 'recused' })]);
    });
  });

  // ───────────────────────────── reviews ─────────────────────────────

  describe('PUT /assignments/:id/review', () => {
    /** Its own challenge, so the criteria lock is observed from the very first submitted review. */
    let fresh: Challenge;
    let proposalId: string;
    beforeAll(async () => {
      fresh = (await challengeIn(t, cast.department, 'published', { title: 'Låsbar utmaning' })) as Challenge;
      proposalId = await submittedProposal(fresh);
    });
    async function ready(): Promise<{ evaluator: TestUser; id: string }> {
      const evaluator = await newEvaluator();
      return { evaluator, id: await readyAssignment(proposalId, evaluator) };
    }
    const [effekt, genomforbarhet, skalbarhet] = [0, 1, 2];

    it('refuses a review before the declaration (422), nothing stored', async () => {
      const evaluator = await newEvaluator();
      const { id } = ok(await assign(proposalId, evaluator), 201) as { id: string };
      expectProblem(await review(id, evaluator, { scores: [], submit: false }), 422);
      expectProblem(await review(id, evaluator, fullReview(fresh)), 422);
      expect(await reviewRow(id)).toBeUndefined();
    });

    it('saves a partial draft and overwrites it; nothing is locked or submitted, audited review.saved', async () => {
      const { evaluator, id } = await ready();
      const first = await review(id, evaluator, {
        scores: [{ criterionId: fresh.criteria[effekt].id, score: 2, comment: 'Oklart.' }],
        submit: false,
      });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        assignmentId: id,
        evaluator: 'You',
        mine: true,
        scores: [{ criterionId: fresh.criteria[effekt].id, score: 2, comment: 'Oklart.' }],
        comment: null,
        recommendation: null,
        submittedAt: null,
        total: null,
      });
      const second = await review(id, evaluator, {
        scores: [
          { criterionId: fresh.criteria[skalbarhet].id, score: 0 },
          { criterionId: fresh.criteria[genomforbarhet].id, score: 5 },
        ],
        comment: 'Andra tankar.',
        recommendation: 'maybe',
        submit: false,
      });
      expect(second.status).toBe(200);
      expect(second.body).toEqual({
        assignmentId: id,
        evaluator: 'You',
        mine: true,
        scores: [
          { criterionId: fresh.criteria[skalbarhet].id, score: 0, comment: null },
          { criterionId: fresh.criteria[genomforbarhet].id, score: 5, comment: null },
        ],
        comment: 'Andra tankar.',
        recommendation: 'maybe',
        submittedAt: null,
        total: null,
      });
      expect(await reviewRow(id)).toMatchObject({
        comment: 'Andra tankar.',
        recommendation: 'maybe',
        submitted_at: null,
      });
      expect((await reviewsOf(proposalId, evaluator)).body).toEqual({ items: [second.body] });
      expect((await assignmentRows(proposalId)).find((r) => r.id === id)?.status).toBe('assigned');
      expect((await assignmentAudit(id)).map((e) => e.action)).toEqual([
        'assignment.created',
        'assignment.declared-no-conflict',
        'review.saved',
        'review.saved',
      ]);
      // A draft does not lock the criteria: they can still be edited (ids kept).
      const challenge = await call('get', `/challenges/${fresh.id}`, cast.department);
      expect(challenge.body.criteriaLocked).toBe(false);
      const renamed = fresh.criteria.map((c, i) => (i === skalbarhet ? { ...c, name: 'Skalbarhet i staden' } : c));
      const patched = await call('patch', `/challenges/${fresh.id}`, cast.department, { criteria: renamed });
      expect(patched.status).toBe(200);
      expect(patched.body.criteria.map((c: Criterion) => c.id)).toEqual(fresh.criteria.map((c) => c.id));
    });

    it('refuses a foreign criterion and a criterion twice (422 naming scores), even in a draft; the draft is kept', async () => {
      const { evaluator, id } = await ready();
      ok(await review(id, evaluator, { scores: [{ criterionId: fresh.criteria[0].id, score: 3 }], submit: false }));
      const kept = await reviewRow(id);
      const foreign = randomUUID();
      const res = await review(id, evaluator, { scores: [{ criterionId: foreign, score: 3 }], submit: false });
      expectProblem(res, 422, 'scores');
      expect(res.body.detail).toContain(foreign);
      // A criterion of another challenge is just as foreign.
      expectProblem(
        await review(id, evaluator, { scores: [{ criterionId: open.criteria[0].id, score: 3 }], submit: false }),
        422,
        'scores',
      );
      const twice = await review(id, evaluator, {
        scores: [
          { criterionId: fresh.criteria[1].id, score: 3 },
          { criterionId: fresh.criteria[1].id, score: 4 },
        ],
        submit: false,
      });
      expectProblem(twice, 422, 'scores');
      expect(twice.body.detail).toContain(fresh.criteria[1].id);
      expectProblem(
        await review(id, evaluator, {
          ...fullReview(fresh),
          scores: [...scoresFor(fresh, [1, 2, 3]), { criterionId: fresh.criteria[2].id, score: 1 }],
        }),
        422,
        'scores',
      );
      expect(await reviewRow(id)).toEqual(kept);
    });

    it('refuses to submit with criteria missing (422 naming them) or without a recommendation (422)', async () => {
      const { evaluator, id } = await ready();
      const missing = await review(id, evaluator, {
        scores: [{ criterionId: fresh.criteria[genomforbarhet].id, score: 4 }],
        recommendation: 'yes',
        submit: true,
      });
      expectProblem(missing, 422, 'scores');
      expect(missing.body.detail).toContain(fresh.criteria[effekt].id);
      expect(missing.body.detail).toContain(fresh.criteria[skalbarhet].id);
      expect(missing.body.detail).not.toContain(fresh.criteria[genomforbarhet].id);
      expectProblem(await review(id, evaluator, { scores: [], recommendation: 'no', submit: true }), 422, 'scores');
      expectProblem(
        await review(id, evaluator, { ...fullReview(fresh), recommendation: undefined }),
        422,
        'recommendation',
      );
      expectProblem(await review(id, evaluator, { ...fullReview(fresh), recommendation: null }), 422, 'recommendation');
      expect(await reviewRow(id)).toBeUndefined();
      expect((await assignmentRows(proposalId)).find((r) => r.id === id)?.status).toBe('assigned');
    });

    it('refuses scores out of range or not integers, unknown recommendations and a missing submit (400)', async () => {
      const { evaluator, id } = await ready();
      for (const score of [6, -1, 2.5, '3', null]) {
        const body = fullReview(fresh);
        (body.scores as { score: unknown }[])[0].score = score;
        expectProblem(await review(id, evaluator, body), 400);
        expectProblem(await review(id, evaluator, { ...body, submit: false }), 400);
      }
      expectProblem(await review(id, evaluator, { ...fullReview(fresh), recommendation: 'absolutely' }), 400);
      expectProblem(await review(id, evaluator, { scores: [] }), 400, 'submit');
      expectProblem(await review(id, evaluator, { submit: false }), 400, 'scores');
      expectProblem(await review(id, evaluator, { scores: [{ criterionId: 'nope', score: 1 }], submit: false }), 400);
      expect(await reviewRow(id)).toBeUndefined();
    });

    it('submits a complete review (total from the weights), locks the criteria, then is immutable (409)', async () => {
      const before = await call('get', `/challenges/${fresh.id}`, cast.department);
      expect(before.body.criteriaLocked).toBe(false);
      const { evaluator, id } = await ready();
      const start = Date.now();
      const res = await review(id, evaluator, {
        scores: [
          { criterionId: fresh.criteria[effekt].id, score: 5, comment: 'Stark effekt.' },
          { criterionId: fresh.criteria[genomforbarhet].id, score: 3 },
          { criterionId: fresh.criteria[skalbarhet].id, score: 4 },
        ],
        comment: 'Bra förslag.',
        recommendation: 'yes',
        submit: true,
      });
      const end = Date.now();
      expect(res.status).toBe(200);
      // 100 × (40·5 + 35·3 + 25·4) / (5 × 100) = 100 × 405 / 500 = 81
      expect(res.body).toEqual({
        assignmentId: id,
        evaluator: 'You',
        mine: true,
        scores: [
          { criterionId: fresh.criteria[effekt].id, score: 5, comment: 'Stark effekt.' },
          { criterionId: fresh.criteria[genomforbarhet].id, score: 3, comment: null },
          { criterionId: fresh.criteria[skalbarhet].id, score: 4, comment: null },
        ],
        comment: 'Bra förslag.',
        recommendation: 'yes',
        submittedAt: expect.stringMatching(ISO_TIMESTAMP),
        total: 81,
      });
      const submittedAt = new Date(res.body.submittedAt).getTime();
      expect(submittedAt).toBeGreaterThanOrEqual(start - 1000);
      expect(submittedAt).toBeLessThanOrEqual(end + 1000);
      expect((await assignmentRows(proposalId)).find((r) => r.id === id)?.status).toBe('submitted');
      expect((await listAssignments(evaluator, '?mine=true')).body.items[0]).toMatchObject({ id, status: 'submitted' });
      expect(await assignmentAudit(id, 'review.submitted')).toEqual([
        {
          action: 'review.submitted',
          actor_id: evaluator.id,
          before: null,
          after: {
            scores: res.body.scores,
            comment: 'Bra förslag.',
            recommendation: 'yes',
          },
          request_id: expect.any(String),
        },
      ]);

      // Immutable: neither a resubmission nor a draft save.
      const stored = await reviewRow(id);
      expectProblem(await review(id, evaluator, fullReview(fresh, [0, 0, 0], 'no')), 409);
      expectProblem(await review(id, evaluator, { scores: [], submit: false }), 409);
      expect(await reviewRow(id)).toEqual(stored);

      // Criteria locked for the whole challenge.
      const after = await call('get', `/challenges/${fresh.id}`, cast.department);
      expect(after.body.criteriaLocked).toBe(true);
      const criteria = after.body.criteria as Criterion[];
      const patch = await call('patch', `/challenges/${fresh.id}`, cast.department, {
        criteria: criteria.map((c, i) => (i === 0 ? { ...c, weight: 30 } : i === 1 ? { ...c, weight: 45 } : c)),
      });
      expectProblem(patch, 409);
      expect((await call('get', `/challenges/${fresh.id}`, cast.department)).body.criteria).toEqual(criteria);
      // Other fields may still change.
      expect(
        (await call('patch', `/challenges/${fresh.id}`, cast.department, { summary: 'En ny sammanfattning här.' }))
          .status,
      ).toBe(200);
    });

    it('refuses everyone but the assigned evaluator: another evaluator 404, staff 403, anonymous 401', async () => {
      const { id } = await ready();
      expectProblem(await review(id, cast.evaluator, fullReview(fresh)), 404);
      for (const who of [cast.department, cast.admin, cast.partner])
        expectProblem(await review(id, who, fullReview(fresh)), 403);
      expectProblem(await review(id, 'anonymous', fullReview(fresh)), 401);
      expect(await reviewRow(id)).toBeUndefined();
    });

    it('refuses a review once the proposal is withdrawn (409), even of a started draft', async () => {
      const id = await submittedProposal(fresh);
      const evaluator = await newEvaluator();
      const assignmentId = await readyAssignment(id, evaluator);
      ok(await review(assignmentId, evaluator, { scores: scoresFor(fresh, [1]).slice(0, 1), submit: false }));
      ok(await call('post', `/proposals/${id}/withdraw`, leadOwner), 200, 'withdraw');
      const stored = await reviewRow(assignmentId);
      expectProblem(await review(assignmentId, evaluator, fullReview(fresh)), 409);
      expectProblem(await review(assignmentId, evaluator, { scores: [], submit: false }), 409);
      expect(await reviewRow(assignmentId)).toEqual(stored);
    });

    it('still takes reviews once the challenge is closed (evaluation follows the deadline)', async () => {
      const closing = (await challengeIn(t, cast.department, 'published', { title: 'Stängs snart' })) as Challenge;
      const id = await submittedProposal(closing);
      ok(await call('post', `/challenges/${closing.id}/close`, cast.department), 200, 'close');
      const evaluator = await newEvaluator();
      const assignmentId = await readyAssignment(id, evaluator);
      const res = await review(assignmentId, evaluator, fullReview(closing, [5, 5, 5]));
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(100);
    });
  });

  // ───────────────────────────── blindness ─────────────────────────────

  describe('blind review', () => {
    it('never shows an evaluator of a blindReview challenge an organisation, orgNumber, email or the other evaluator', async () => {
      const [me, other] = await Promise.all([newEvaluator('Astrid Anonym'), newEvaluator('Bertil Hemligsson')]);
      const proposalId = await submittedProposal(blind, [partnerOrg, invitedOrg]);
      const mineId = (ok(await assign(proposalId, me), 201) as { id: string }).id;
      const otherId = (ok(await assign(proposalId, other), 201) as { id: string }).id;
      const seen: { what: string; res: Response }[] = [];
      const as = async (what: string, res: Promise<Response> | Response, status = 200) => {
        const r = await res;
        expect({ what, status: r.status }).toEqual({ what, status });
        seen.push({ what, res: r });
        return r;
      };

      const proposal = await as('GET proposal', getProposal(proposalId, me));
      expect(Object.keys(proposal.body).sort()).toEqual(BLIND_KEYS);
      await as('GET assignments mine', listAssignments(me, '?mine=true'));
      // Evaluators find their proposals through their assignments, not through proposal lists.
      const list = await as('GET proposals', call('get', `/proposals?challengeId=${blind.id}`, me));
      expect(list.body.items).toEqual([]);
      await as('GET assignments', listAssignments(me));
      await as('GET reviews before declaring', reviewsOf(proposalId, me));
      await as('declaration', declare(mineId, me));
      await as(
        'draft',
        review(mineId, me, { scores: scoresFor(blind, [3]).slice(0, 1), comment: 'Utkast.', submit: false }),
      );
      await as('GET reviews with a draft', reviewsOf(proposalId, me));
      // The other evaluator submits first (their responses are theirs, not collected).
      ok(await declare(otherId, other));
      ok(await review(otherId, other, fullReview(blind, [1, 1, 1], 'no')));
      await as('GET reviews before submitting', reviewsOf(proposalId, me));
      await as('submit', review(mineId, me, fullReview(blind, [5, 4, 4], 'yes')));
      const reviews = await as('GET reviews after submitting', reviewsOf(proposalId, me));
      await as('GET assignments after', listAssignments(me, '?mine=true'));
      await as('GET proposal after', getProposal(proposalId, me));
      await as('review again (409)', review(mineId, me, fullReview(blind)), 409);
      await as('declare again (409)', declare(mineId, me), 409);

      expect(reviews.body.items).toEqual([
        expect.objectContaining({ assignmentId: otherId, evaluator: 'Evaluator 1', mine: false, recommendation: 'no' }),
        expect.objectContaining({ assignmentId: mineId, evaluator: 'Evaluator 2', mine: true, recommendation: 'yes' }),
      ]);

      const secrets = [
        leadOrg.name,
        partnerOrg.name,
        invitedOrg.name,
        leadOrg.id,
        partnerOrg.id,
        invitedOrg.id,
        LEAD_ORG_NUMBER,
        LEAD_ORG_NUMBER.replace('-', ''),
        PARTNER_ORG_NUMBER,
        PARTNER_ORG_NUMBER.replace('-', ''),
        leadOwner.name,
        partnerOwner.name,
        other.name,
        other.id,
        'Bertil',
        'Hemligsson',
      ];
      for (const { what, res } of seen) {
        expect(res.text.length).toBeGreaterThan(0);
        for (const secret of secrets)
          expect({ what, leaks: res.text.includes(secret) ? secret : null }).toEqual({ what, leaks: null });
        expect({ what, email: EMAIL.exec(res.text)?.[0] ?? null }).toEqual({ what, email: null });
        expect({ what, evaluatorId: res.text.includes('evaluatorId') }).toEqual({ what, evaluatorId: false });
      }
      // The control: staff of the challenge do see who is behind it.
      const staff = await getProposal(proposalId, cast.department);
      expect(staff.text).toContain(leadOrg.name);
      expect((await reviewsOf(proposalId, cast.department)).text).toContain(other.name);
    });

    it('gives an evaluator of a challenge without blindReview the full view', async () => {
      const evaluator = await newEvaluator();
      const proposalId = await submittedProposal(open);
      await readyAssignment(proposalId, evaluator);
      const res = await getProposal(proposalId, evaluator);
      expect(res.status).toBe(200);
      expect(res.body.leadOrganization).toEqual({ id: leadOrg.id, name: leadOrg.name, kind: 'company' });
      expect(res.body.partners).toEqual([
        expect.objectContaining({ organization: expect.objectContaining({ id: partnerOrg.id }) }),
      ]);
    });

    it('shows an unassigned evaluator nothing (404)', async () => {
      const proposalId = await submittedProposal();
      expectProblem(await getProposal(proposalId, cast.evaluator), 404);
    });
  });

  // ───────────────────────────── GET reviews ─────────────────────────────

  describe('GET /proposals/:id/reviews', () => {
    /** e1 submits first, e2 second; e3 has a draft; e4 is assigned without a review; e5 recused. */
    let proposalId: string;
    let e: TestUser[];
    let ids: string[];
    beforeAll(async () => {
      proposalId = await submittedProposal();
      e = await Promise.all(
        ['Ebba Ettan', 'Erik Tvåan', 'Elin Trean', 'Emil Fyran', 'Esther Femman'].map((n) => newEvaluator(n)),
      );
      ids = [];
      for (const evaluator of e.slice(0, 4)) ids.push(await readyAssignment(proposalId, evaluator));
      const recused = ok(await assign(proposalId, e[4]), 201) as { id: string };
      ok(await declare(recused.id, e[4], { conflict: true, reason: 'Känner grundaren.' }));
      ids.push(recused.id);
      ok(await review(ids[0], e[0], fullReview(blind, [5, 5, 5], 'yes')));
      ok(await review(ids[1], e[1], fullReview(blind, [0, 0, 0], 'no')));
      ok(await review(ids[2], e[2], { scores: scoresFor(blind, [2, 2]).slice(0, 2), submit: false }));
    });

    it.each<[string, () => TestUser]>([
      ['department staff of the challenge', () => cast.department],
      ['a director', () => cast.director],
      ['an admin', () => cast.admin],
    ])('shows %s every submitted review with the evaluator’s name, no drafts', async (_, who) => {
      const res = await reviewsOf(proposalId, who());
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        {
          assignmentId: ids[0],
          evaluator: e[0].name,
          evaluatorId: e[0].id,
          conflictOfInterest: null,
          mine: false,
          scores: scoresFor(blind, [5, 5, 5]).map((s) => ({ ...s, comment: null })),
          comment: 'Genomtänkt förslag.',
          recommendation: 'yes',
          submittedAt: expect.stringMatching(ISO_TIMESTAMP),
          total: 100,
        },
        {
          assignmentId: ids[1],
          evaluator: e[1].name,
          evaluatorId: e[1].id,
          conflictOfInterest: null,
          mine: false,
          scores: scoresFor(blind, [0, 0, 0]).map((s) => ({ ...s, comment: null })),
          comment: 'Genomtänkt förslag.',
          recommendation: 'no',
          submittedAt: expect.stringMatching(ISO_TIMESTAMP),
          total: 0,
        },
      ]);
    });

    it('shows an evaluator who has submitted all submitted reviews as "Evaluator N", theirs marked mine, no names', async () => {
      for (const [who, own] of [
        [e[0], 0],
        [e[1], 1],
      ] as const) {
        const res = await reviewsOf(proposalId, who);
        expect(res.status).toBe(200);
        expect(res.body.items.map((r: Body) => [r.assignmentId, r.evaluator, r.mine])).toEqual([
          [ids[0], 'Evaluator 1', own === 0],
          [ids[1], 'Evaluator 2', own === 1],
        ]);
        for (const item of res.body.items) expect(item).not.toHaveProperty('evaluatorId');
        expect(res.body.items.map((r: Body) => r.total)).toEqual([100, 0]);
        for (const n of e) expect(res.text).not.toContain(n.name);
        for (const n of e) expect(res.text).not.toContain(n.id);
        expect(res.text).not.toMatch(EMAIL);
      }
    });

    it('shows an evaluator with a draft only their own draft, and one without a review nothing', async () => {
      const draft = await reviewsOf(proposalId, e[2]);
      expect(draft.status).toBe(200);
      expect(draft.body).toEqual({
        items: [
          {
            assignmentId: ids[2],
            evaluator: 'You',
            mine: true,
            scores: scoresFor(blind, [2, 2])
              .slice(0, 2)
              .map((s) => ({ ...s, comment: null })),
            comment: null,
            recommendation: null,
            submittedAt: null,
            total: null,
          },
        ],
      });
      const none = await reviewsOf(proposalId, e[3]);
      expect(none.status).toBe(200);
      expect(none.body).toEqual({ items: [] });
    });

    it('refuses partners by role (403), even a member of the consortium', async () => {
      expectProblem(await reviewsOf(proposalId, cast.partner), 403);
      expectProblem(await reviewsOf(proposalId, leadOwner), 403);
      expectProblem(await reviewsOf(proposalId, partnerOwner), 403);
    });

    it('answers 404 to an unassigned evaluator, a recused one, staff of another department and an unknown proposal', async () => {
      expectProblem(await reviewsOf(proposalId, cast.evaluator), 404);
      expectProblem(await reviewsOf(proposalId, e[4]), 404);
      expectProblem(await reviewsOf(proposalId, otherDepartment), 404);
      expectProblem(await reviewsOf(randomUUID(), cast.admin), 404);
    });

    it('refuses anonymous callers (401)', async () => {
      expectProblem(await reviewsOf(proposalId, 'anonymous'), 401);
    });
  });
});
