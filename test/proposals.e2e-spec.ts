import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { challengeIn } from './factories/challenges';
import { addMember as joinOrganization, createOrganization, createProposal, proposalBody } from './factories/proposals';
import { createCast, createUser, TestUser } from './factories/users';
import { AuditRow, auditEvents, expectProblem } from './support/expectations';
import { startTestApp, TestApp } from './support/test-app';

const API = '/api/v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const FULL_KEYS = [
  'challenge',
  'createdAt',
  'decision',
  'description',
  'durationMonths',
  'expectedEffects',
  'id',
  'leadOrganization',
  'partners',
  'requestedBudgetSek',
  'status',
  'submittedAt',
  'summary',
  'title',
  'trl',
  'updatedAt',
  'withdrawnAt',
];
const CHALLENGE_BUDGET = 500_000;

type Body = Record<string, unknown>;
type Who = TestUser | 'anonymous';
type Status = 'draft' | 'submitted' | 'withdrawn' | 'accepted' | 'rejected';
type Action = 'submit' | 'withdraw';
interface Org {
  id: string;
  name: string;
}
interface Partner {
  organization: { id: string; name: string; kind: string };
  status: 'invited' | 'confirmed';
  confirmedAt: string | null;
}

const STATUSES: Status[] = ['draft', 'submitted', 'withdrawn', 'accepted', 'rejected'];
/** The one transition each action allows (docs/product.md §3.3); every other status × action is 409. */
const TRANSITIONS: Record<Action, { from: Status; to: Status; stamp: 'submittedAt' | 'withdrawnAt' }> = {
  submit: { from: 'draft', to: 'submitted', stamp: 'submittedAt' },
  withdraw: { from: 'submitted', to: 'withdrawn', stamp: 'withdrawnAt' },
};

describe('proposals', () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof createCast>>;
  /** Owner and plain member of the lead organisation. */
  let leadOwner: TestUser;
  let leadMember: TestUser;
  /** Owner and plain member of partner organisation Alfa; owner of Beta. */
  let alfaOwner: TestUser;
  let alfaMember: TestUser;
  let betaOwner: TestUser;
  /** Owns an organisation that is in no consortium, plus the spare organisations. */
  let outsider: TestUser;
  let leadOrg: Org;
  let alfa: Org;
  let beta: Org;
  /** Owned by the lead's owner: a lead member who also owns a partner organisation. */
  let gamma: Org;
  let outsiderOrg: Org;
  let spares: Org[];
  /** Published, budget 500 000 SEK, of the default department. */
  let open: { id: string } & Body;
  /** Another published challenge: a target for a proposal someone tries to move. */
  let other: { id: string } & Body;

  beforeAll(async () => {
    // A few hundred requests, some at once, from one address: the throttle is not under test here.
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    cast = await createCast(t);
    [leadOwner, leadMember, alfaOwner, alfaMember, betaOwner, outsider] = await Promise.all([
      createUser(t, { name: 'Lead Owner' }),
      createUser(t, { name: 'Lead Member' }),
      createUser(t, { name: 'Alfa Owner' }),
      createUser(t, { name: 'Alfa Member' }),
      createUser(t, { name: 'Beta Owner' }),
      createUser(t, { name: 'Outsider' }),
    ]);
    [leadOrg, alfa, beta, gamma, outsiderOrg] = await Promise.all([
      createOrganization(t, leadOwner, { name: 'Ledande Omsorg' }),
      createOrganization(t, alfaOwner, { name: 'Alfa Partner' }),
      createOrganization(t, betaOwner, { name: 'Beta Partner' }),
      createOrganization(t, leadOwner, { name: 'Gamma Partner' }),
      createOrganization(t, outsider, { name: 'Utomstående Förening' }),
    ]);
    spares = await Promise.all(
      Array.from({ length: 11 }, (_, i) => createOrganization(t, outsider, { name: `Reserv ${i + 1}` })),
    );
    await addMember(leadOrg, leadOwner, leadMember);
    await addMember(alfa, alfaOwner, alfaMember);
    [open, other] = await Promise.all([
      challengeIn(t, cast.department, 'published', { budgetSek: CHALLENGE_BUDGET }),
      challengeIn(t, cast.department, 'published', { title: 'Trygga stråk' }),
    ]);
  });
  afterAll(() => t.close());

  const addMember = (org: Org, owner: TestUser, user: TestUser, role: 'member' | 'owner' = 'member') =>
    joinOrganization(t, org.id, owner, user, role);

  /** One request as `who`; `body` is sent as JSON. */
  function call(method: 'get' | 'post' | 'patch' | 'delete', path: string, who: Who, body?: object) {
    const req = t.http()[method](`${API}${path}`);
    if (who !== 'anonymous') req.set('Authorization', who.auth);
    return body === undefined ? req : req.send(body);
  }
  const propose = (who: Who, body: object, challengeId = open.id) =>
    call('post', `/challenges/${challengeId}/proposals`, who, body);
  const get = (id: string, who: Who = leadMember) => call('get', `/proposals/${id}`, who);
  const patch = (id: string, who: Who, body: object) => call('patch', `/proposals/${id}`, who, body);
  const remove = (id: string, who: Who = leadMember) => call('delete', `/proposals/${id}`, who);
  const act = (id: string, action: Action, who: Who = leadMember) => call('post', `/proposals/${id}/${action}`, who);
  const answer = (id: string, orgId: string, reply: 'confirm' | 'decline', who: Who) =>
    call('post', `/proposals/${id}/partners/${orgId}/${reply}`, who);

  function ok(res: Response, status = 200): Body {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Body;
  }

  /** A draft led by leadOrg, created by its plain member, on `open` unless told otherwise. */
  const draft = (overrides: Body = {}, challengeId = open.id) =>
    createProposal(t, leadMember, challengeId, leadOrg.id, overrides);

  /** A proposal brought to `status`: through the API up to withdrawn, by SQL for a decision (no endpoint yet). */
  async function proposalIn(status: Status, overrides: Body = {}): Promise<string> {
    const { id } = await draft(overrides);
    if (status === 'draft') return id;
    const partnerIds = (overrides.partnerOrganizationIds as string[] | undefined) ?? [];
    for (const orgId of partnerIds) ok(await answer(id, orgId, 'confirm', ownerOf(orgId)));
    ok(await act(id, 'submit'));
    if (status === 'withdrawn') ok(await act(id, 'withdraw'));
    if (status === 'accepted' || status === 'rejected') {
      // No decision endpoint in this file's scope: record one as the decision feature would.
      await t.db.query(
        `UPDATE proposals SET status = $2, decision_reason = 'Decided for the test.', decided_by = $3, decided_at = now()
         WHERE id = $1`,
        [id, status, cast.admin.id],
      );
    }
    return id;
  }
  function ownerOf(orgId: string): TestUser {
    if (orgId === alfa.id) return alfaOwner;
    if (orgId === beta.id) return betaOwner;
    if (orgId === gamma.id || orgId === leadOrg.id) return leadOwner;
    return outsider;
  }

  /** The stored row, every column. */
  async function row(id: string): Promise<Body | undefined> {
    const [found] = await t.db.query<Body[]>(`SELECT * FROM proposals WHERE id = $1`, [id]);
    return found;
  }
  async function partnerRows(id: string): Promise<Body[]> {
    return t.db.query<Body[]>(`SELECT * FROM proposal_partners WHERE proposal_id = $1 ORDER BY organization_id`, [id]);
  }
  async function audit(id: string, action?: string): Promise<AuditRow[]> {
    const rows = await auditEvents(t, 'proposal', id);
    return action === undefined ? rows : rows.filter((r) => r.action === action);
  }
  async function counts(): Promise<{ proposals: number; audits: number }> {
    const [c] = await t.db.query<{ proposals: number; audits: number }[]>(
      `SELECT (SELECT count(*)::int FROM proposals) AS proposals,
              (SELECT count(*)::int FROM audit_events WHERE entity_type = 'proposal') AS audits`,
    );
    return c;
  }
  /** Snapshot of a proposal's row, consortium and audit trail; `unchanged` asserts none moved. */
  async function snapshot(id: string) {
    const before = { row: await row(id), partners: await partnerRows(id), audit: await audit(id) };
    return {
      before,
      async unchanged() {
        expect(await row(id)).toEqual(before.row);
        expect(await partnerRows(id)).toEqual(before.partners);
        expect(await audit(id)).toEqual(before.audit);
      },
    };
  }
  /** `value` is an ISO timestamp between the two moments (inclusive). */
  function expectBetween(value: unknown, start: number, end: number): void {
    expect(value).toMatch(ISO_TIMESTAMP);
    const time = new Date(value as string).getTime();
    expect(time).toBeGreaterThanOrEqual(start);
    expect(time).toBeLessThanOrEqual(end);
  }
  /** Moves a challenge's deadline to a couple of seconds ago, leaving it 'published'. */
  async function deadlinePassed(challengeId: string): Promise<void> {
    await t.db.query(`UPDATE challenges SET submission_deadline = now() - interval '2 seconds' WHERE id = $1`, [
      challengeId,
    ]);
  }
  const partnerSummary = (body: Body) =>
    (body.partners as Partner[]).map((p) => ({ id: p.organization.id, status: p.status }));

  // ───────────────────────────── create ─────────────────────────────

  describe('POST /challenges/:id/proposals', () => {
    it('lets a plain member of the lead organisation create a draft with invited partners, audited', async () => {
      const start = Date.now();
      const res = await propose(leadMember, proposalBody(leadOrg.id, { partnerOrganizationIds: [beta.id, alfa.id] }));
      const end = Date.now();
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(FULL_KEYS);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID),
        challenge: { id: open.id, title: open.title },
        decision: null,
        title: 'Digitala fikastunder för äldre',
        summary: 'Video meetings and local cafés that bring older residents together.',
        description: 'Vi kopplar ihop hemtjänstens brukare med frivilliga och med varandra.',
        expectedEffects: 'Less loneliness.',
        requestedBudgetSek: 250_000,
        durationMonths: 12,
        trl: 6,
        status: 'draft',
        submittedAt: null,
        withdrawnAt: null,
        leadOrganization: { id: leadOrg.id, name: 'Ledande Omsorg', kind: 'resident' },
        partners: [
          {
            organization: { id: alfa.id, name: 'Alfa Partner', kind: 'resident' },
            status: 'invited',
            confirmedAt: null,
          },
          {
            organization: { id: beta.id, name: 'Beta Partner', kind: 'resident' },
            status: 'invited',
            confirmedAt: null,
          },
        ],
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
        updatedAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      expectBetween(res.body.createdAt, start - 1000, end + 1000);
      expect(await row(res.body.id)).toMatchObject({
        status: 'draft',
        challenge_id: open.id,
        lead_organization_id: leadOrg.id,
        created_by: leadMember.id,
        submitted_at: null,
        withdrawn_at: null,
      });
      const events = await audit(res.body.id);
      expect(events).toEqual([
        {
          action: 'proposal.created',
          actor_id: leadMember.id,
          before: null,
          after: expect.objectContaining({
            title: 'Digitala fikastunder för äldre',
            status: 'draft',
            requestedBudgetSek: 250_000,
            leadOrganizationId: leadOrg.id,
            partners: expect.arrayContaining([
              { organizationId: alfa.id, status: 'invited' },
              { organizationId: beta.id, status: 'invited' },
            ]),
          }),
          request_id: expect.any(String),
        },
      ]);
      // What the creator got is what a later read returns.
      const read = await get(res.body.id);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res.body);
    });

    it('lets the owner of the lead organisation create one too', async () => {
      const res = await propose(leadOwner, proposalBody(leadOrg.id));
      expect(res.status).toBe(201);
      expect((await row(res.body.id))?.created_by).toBe(leadOwner.id);
    });

    it.each<[string, () => TestUser]>([
      ['a partner with an organisation of their own', () => outsider],
      ['an owner of a partner organisation', () => alfaOwner],
      ['an admin', () => cast.admin],
      ['department staff of the challenge', () => cast.department],
    ])('refuses %s who is not a member of the lead organisation (403), nothing written', async (_, who) => {
      const before = await counts();
      expectProblem(await propose(who(), proposalBody(leadOrg.id)), 403);
      expect(await counts()).toEqual(before);
    });

    it('refuses anonymous callers (401)', async () => {
      const before = await counts();
      expectProblem(await propose('anonymous', proposalBody(leadOrg.id)), 401);
      expect(await counts()).toEqual(before);
    });

    it('answers 404 for a draft challenge (invisible to partners) and for an unknown one', async () => {
      const hidden = await challengeIn(t, cast.department, 'draft');
      const before = await counts();
      expectProblem(await propose(leadMember, proposalBody(leadOrg.id), hidden.id), 404);
      expectProblem(await propose(leadMember, proposalBody(leadOrg.id), randomUUID()), 404);
      expect(await counts()).toEqual(before);
    });

    it.each<['closed' | 'archived']>([['closed'], ['archived']])(
      'refuses a %s challenge (422 naming challenge)',
      async (status) => {
        const challenge = await challengeIn(t, cast.department, status);
        const before = await counts();
        expectProblem(await propose(leadMember, proposalBody(leadOrg.id), challenge.id), 422, 'challenge');
        expect(await counts()).toEqual(before);
      },
    );

    it('refuses a challenge whose deadline passed seconds ago although it is still published (422)', async () => {
      const challenge = await challengeIn(t, cast.department, 'published');
      await deadlinePassed(challenge.id);
      const before = await counts();
      expectProblem(await propose(leadMember, proposalBody(leadOrg.id), challenge.id), 422, 'challenge');
      expect(await counts()).toEqual(before);
      const read = await call('get', `/challenges/${challenge.id}`, cast.admin);
      expect(read.body.status).toBe('published');
    });

    it('tells a non-member 403 before anything about the consortium, even an unknown partner', async () => {
      const before = await counts();
      const res = await propose(outsider, proposalBody(leadOrg.id, { partnerOrganizationIds: [randomUUID()] }));
      expectProblem(res, 403);
      expect(await counts()).toEqual(before);
    });

    describe('budget cap', () => {
      it('refuses a requested budget above the challenge budget (422 naming requestedBudgetSek)', async () => {
        const before = await counts();
        const res = await propose(leadMember, proposalBody(leadOrg.id, { requestedBudgetSek: CHALLENGE_BUDGET + 1 }));
        expectProblem(res, 422, 'requestedBudgetSek');
        expect(await counts()).toEqual(before);
      });

      it('accepts a requested budget equal to the challenge budget', async () => {
        const res = await propose(leadMember, proposalBody(leadOrg.id, { requestedBudgetSek: CHALLENGE_BUDGET }));
        expect(res.status).toBe(201);
        expect(res.body.requestedBudgetSek).toBe(CHALLENGE_BUDGET);
      });

      it('has no cap when the challenge has no budget', async () => {
        const uncapped = await challengeIn(t, cast.department, 'published', { budgetSek: null });
        expect(uncapped.budgetSek).toBeNull();
        const res = await propose(
          leadMember,
          proposalBody(leadOrg.id, { requestedBudgetSek: 2_147_483_647 }),
          uncapped.id,
        );
        expect(res.status).toBe(201);
        expect(res.body.requestedBudgetSek).toBe(2_147_483_647);
      });
    });

    describe('consortium', () => {
      it('refuses the lead organisation among the partners (422)', async () => {
        const before = await counts();
        const res = await propose(
          leadMember,
          proposalBody(leadOrg.id, { partnerOrganizationIds: [alfa.id, leadOrg.id] }),
        );
        expectProblem(res, 422, 'partnerOrganizationIds');
        expect(await counts()).toEqual(before);
      });

      it('refuses an unknown partner organisation (422), naming it', async () => {
        const unknown = randomUUID();
        const before = await counts();
        const res = await propose(leadMember, proposalBody(leadOrg.id, { partnerOrganizationIds: [alfa.id, unknown] }));
        expectProblem(res, 422, 'partnerOrganizationIds');
        expect(res.body.detail).toContain(unknown);
        expect(await counts()).toEqual(before);
      });

      it('refuses an unknown lead organisation (422 naming leadOrganizationId)', async () => {
        const before = await counts();
        expectProblem(await propose(leadMember, proposalBody(randomUUID())), 422, 'leadOrganizationId');
        expect(await counts()).toEqual(before);
      });

      it('refuses duplicate partners (400)', async () => {
        const before = await counts();
        const res = await propose(leadMember, proposalBody(leadOrg.id, { partnerOrganizationIds: [alfa.id, alfa.id] }));
        expectProblem(res, 400, 'partnerOrganizationIds');
        expect(await counts()).toEqual(before);
      });

      it('accepts 10 partners and refuses 11 (400)', async () => {
        const ten = spares.slice(0, 10).map((o) => o.id);
        const accepted = await propose(leadMember, proposalBody(leadOrg.id, { partnerOrganizationIds: ten }));
        expect(accepted.status).toBe(201);
        expect(accepted.body.partners).toHaveLength(10);
        const before = await counts();
        const eleven = spares.map((o) => o.id);
        expectProblem(
          await propose(leadMember, proposalBody(leadOrg.id, { partnerOrganizationIds: eleven })),
          400,
          'partnerOrganizationIds',
        );
        expect(await counts()).toEqual(before);
      });

      it('accepts an empty consortium and no consortium at all', async () => {
        const empty = await propose(leadMember, proposalBody(leadOrg.id, { partnerOrganizationIds: [] }));
        expect(empty.status).toBe(201);
        expect(empty.body.partners).toEqual([]);
        const none = await propose(leadMember, proposalBody(leadOrg.id));
        expect(none.status).toBe(201);
        expect(none.body.partners).toEqual([]);
      });
    });

    describe('validation', () => {
      it.each<[string, string, Body]>([
        ['title', 'a title of 2 characters', { title: 'ab' }],
        ['title', 'a title of 201 characters', { title: 't'.repeat(201) }],
        ['title', 'a title that is only spaces', { title: '     ' }],
        ['title', 'a title that is not a string', { title: 42 }],
        ['title', 'no title', { title: undefined }],
        ['summary', 'an empty summary', { summary: '' }],
        ['summary', 'a summary of 1001 characters', { summary: 's'.repeat(1001) }],
        ['summary', 'no summary', { summary: undefined }],
        ['description', 'an empty description', { description: '' }],
        ['description', 'a blank description', { description: ' \n\t ' }],
        ['description', 'a description of 20001 characters', { description: 'd'.repeat(20_001) }],
        ['description', 'no description', { description: undefined }],
        ['requestedBudgetSek', 'a negative budget', { requestedBudgetSek: -1 }],
        ['requestedBudgetSek', 'a fractional budget', { requestedBudgetSek: 1.5 }],
        ['requestedBudgetSek', 'a budget as a string', { requestedBudgetSek: '1000' }],
        ['requestedBudgetSek', 'a budget above the integer range', { requestedBudgetSek: 2_147_483_648 }],
        ['requestedBudgetSek', 'no budget', { requestedBudgetSek: undefined }],
        ['durationMonths', 'a duration of 0 months', { durationMonths: 0 }],
        ['durationMonths', 'a duration of 61 months', { durationMonths: 61 }],
        ['durationMonths', 'a fractional duration', { durationMonths: 1.5 }],
        ['durationMonths', 'no duration', { durationMonths: undefined }],
        ['trl', 'a TRL of 0', { trl: 0 }],
        ['trl', 'a TRL of 10', { trl: 10 }],
        ['trl', 'a fractional TRL', { trl: 4.5 }],
        ['trl', 'a TRL as a string', { trl: '5' }],
        ['expectedEffects', 'expected effects of 5001 characters', { expectedEffects: 'e'.repeat(5001) }],
        ['expectedEffects', 'expected effects that are not a string', { expectedEffects: 7 }],
        ['leadOrganizationId', 'a lead that is not a uuid', { leadOrganizationId: 'org-1' }],
        ['leadOrganizationId', 'no lead', { leadOrganizationId: undefined }],
        ['partnerOrganizationIds', 'partners that are not an array', { partnerOrganizationIds: 'x' }],
        ['partnerOrganizationIds', 'a partner that is not a uuid', { partnerOrganizationIds: ['nope'] }],
        ['partnerOrganizationIds', 'partners as null', { partnerOrganizationIds: null }],
        ['status', 'a status', { status: 'submitted' }],
        ['submittedAt', 'a submission time', { submittedAt: new Date().toISOString() }],
        ['createdBy', 'an author', { createdBy: randomUUID() }],
        ['unexpected', 'an unknown field', { unexpected: true }],
      ])('400 naming %s for %s, nothing written', async (field, _, overrides) => {
        const before = await counts();
        const res = await propose(leadMember, proposalBody(leadOrg.id, overrides));
        expectProblem(res, 400, field);
        expect(await counts()).toEqual(before);
      });

      it('accepts every boundary value, trims title and summary, and takes trl and expectedEffects as optional', async () => {
        const low = await propose(
          leadMember,
          proposalBody(leadOrg.id, {
            title: '  abc  ',
            summary: ' s ',
            description: 'd',
            requestedBudgetSek: 0,
            durationMonths: 1,
            trl: 1,
            expectedEffects: '',
          }),
        );
        expect(low.status).toBe(201);
        expect(low.body).toMatchObject({
          title: 'abc',
          summary: 's',
          requestedBudgetSek: 0,
          durationMonths: 1,
          trl: 1,
        });
        const high = await propose(
          leadMember,
          proposalBody(leadOrg.id, {
            title: 't'.repeat(200),
            summary: 's'.repeat(1000),
            description: 'd'.repeat(20_000),
            durationMonths: 60,
            trl: 9,
            expectedEffects: 'e'.repeat(5000),
          }),
        );
        expect(high.status).toBe(201);
        expect(high.body).toMatchObject({ durationMonths: 60, trl: 9 });
        expect(high.body.description).toHaveLength(20_000);
        const bare = await propose(
          leadMember,
          proposalBody(leadOrg.id, { trl: undefined, expectedEffects: undefined }),
        );
        expect(bare.status).toBe(201);
        expect(bare.body).toMatchObject({ trl: null, expectedEffects: null });
        const nulls = await propose(leadMember, proposalBody(leadOrg.id, { trl: null, expectedEffects: null }));
        expect(nulls.status).toBe(201);
        expect(nulls.body).toMatchObject({ trl: null, expectedEffects: null });
      });
    });
  });

  // ───────────────────────────── PATCH ─────────────────────────────

  describe('PATCH /proposals/:id', () => {
    it('lets a lead member change the content; the audit keeps only the changed keys', async () => {
      const { id, updatedAt } = await draft();
      const res = await patch(id, leadMember, { title: '  Nya fikastunder  ', durationMonths: 18, trl: null });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, title: 'Nya fikastunder', durationMonths: 18, trl: null, status: 'draft' });
      expect(new Date(res.body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(updatedAt as string).getTime());
      expect(await row(id)).toMatchObject({ title: 'Nya fikastunder', duration_months: 18, trl: null });
      expect(await audit(id, 'proposal.updated')).toEqual([
        {
          action: 'proposal.updated',
          actor_id: leadMember.id,
          before: { title: 'Digitala fikastunder för äldre', durationMonths: 12, trl: 6 },
          after: { title: 'Nya fikastunder', durationMonths: 18, trl: null },
          request_id: expect.any(String),
        },
      ]);
      expect((await get(id)).body).toEqual(res.body);
    });

    it('writes no audit event for a change that changes nothing, nor for an empty body', async () => {
      const { id } = await draft();
      const same = await patch(id, leadOwner, { title: 'Digitala fikastunder för äldre', durationMonths: 12 });
      expect(same.status).toBe(200);
      expect((await patch(id, leadOwner, {})).status).toBe(200);
      expect((await audit(id)).map((e) => e.action)).toEqual(['proposal.created']);
    });

    it('enforces the budget cap (422) and leaves the draft unchanged', async () => {
      const { id } = await draft();
      const snap = await snapshot(id);
      expectProblem(
        await patch(id, leadMember, { title: 'Dyrare', requestedBudgetSek: CHALLENGE_BUDGET + 1 }),
        422,
        'requestedBudgetSek',
      );
      await snap.unchanged();
      expect((await patch(id, leadMember, { requestedBudgetSek: CHALLENGE_BUDGET })).status).toBe(200);
    });

    it.each<[string, () => TestUser]>([
      ['a plain member of an invited partner organisation', () => alfaMember],
      ['the owner of an invited partner organisation', () => alfaOwner],
    ])('refuses %s (403), nothing changed', async (_, who) => {
      const { id } = await draft({ partnerOrganizationIds: [alfa.id] });
      const snap = await snapshot(id);
      expectProblem(await patch(id, who(), { title: 'Kapad titel' }), 403);
      await snap.unchanged();
    });

    it.each<[string, () => TestUser]>([
      ['a partner outside the consortium', () => outsider],
      ['an admin (drafts are the consortium’s own)', () => cast.admin],
      ['department staff of the challenge', () => cast.department],
    ])('answers 404 to %s, nothing changed', async (_, who) => {
      const { id } = await draft();
      const snap = await snapshot(id);
      expectProblem(await patch(id, who(), { title: 'Kapad titel' }), 404);
      await snap.unchanged();
    });

    it('refuses anonymous callers (401)', async () => {
      const { id } = await draft();
      const snap = await snapshot(id);
      expectProblem(await patch(id, 'anonymous', { title: 'Kapad titel' }), 401);
      await snap.unchanged();
    });

    it.each<[Exclude<Status, 'draft'>]>([['submitted'], ['withdrawn'], ['accepted'], ['rejected']])(
      'refuses a %s proposal (409), nothing changed',
      async (status) => {
        const id = await proposalIn(status);
        const snap = await snapshot(id);
        expectProblem(await patch(id, leadMember, { title: 'Efterhandsändring' }), 409);
        await snap.unchanged();
      },
    );

    describe('mass assignment', () => {
      it.each<[string, unknown]>([
        ['status', 'submitted'],
        ['submittedAt', '2030-01-01T00:00:00Z'],
        ['withdrawnAt', '2030-01-01T00:00:00Z'],
        ['leadOrganizationId', 'LEAD'],
        ['challengeId', 'CHALLENGE'],
        ['createdBy', 'USER'],
        ['createdAt', '2020-01-01T00:00:00Z'],
        ['id', 'ID'],
      ])('refuses %s in the body (400 naming it) even beside a valid change; nothing changes', async (field, value) => {
        const { id } = await draft({ partnerOrganizationIds: [alfa.id] });
        const resolved =
          value === 'LEAD'
            ? outsiderOrg.id
            : value === 'CHALLENGE'
              ? other.id
              : value === 'USER'
                ? outsider.id
                : value === 'ID'
                  ? randomUUID()
                  : value;
        const snap = await snapshot(id);
        const res = await patch(id, leadMember, { title: 'Smygändring', [field]: resolved });
        expectProblem(res, 400, field);
        await snap.unchanged();
        expect(snap.before.row).toMatchObject({ status: 'draft', title: 'Digitala fikastunder för äldre' });
      });

      it.each<[string]>([['title'], ['summary'], ['description'], ['requestedBudgetSek'], ['durationMonths']])(
        'refuses null for the required field %s (400)',
        async (field) => {
          const { id } = await draft();
          const snap = await snapshot(id);
          expectProblem(await patch(id, leadMember, { [field]: null }), 400, field);
          await snap.unchanged();
        },
      );

      it.each<[string, () => Body]>([
        ['title', () => ({ title: 'ab' })],
        ['durationMonths', () => ({ durationMonths: 61 })],
        ['trl', () => ({ trl: 10 })],
        ['partnerOrganizationIds', () => ({ partnerOrganizationIds: [alfa.id, alfa.id] })],
        ['partnerOrganizationIds', () => ({ partnerOrganizationIds: null })],
        ['unexpected', () => ({ unexpected: 1 })],
      ])('validates %s as on create (400), nothing changed', async (field, body) => {
        const { id } = await draft();
        const snap = await snapshot(id);
        expectProblem(await patch(id, leadMember, body()), 400, field);
        await snap.unchanged();
      });
    });

    describe('updatedAt', () => {
      it('moves when only the consortium changes, and not for a PATCH that changes nothing', async () => {
        const { id } = await draft();
        const first = (await row(id))!.updated_at as Date;
        ok(await patch(id, leadMember, { title: 'Digitala fikastunder för äldre', trl: 6 }));
        expect((await row(id))!.updated_at).toEqual(first);
        expect(await audit(id, 'proposal.updated')).toHaveLength(0);
        ok(await patch(id, leadMember, { partnerOrganizationIds: [alfa.id] }));
        expect(((await row(id))!.updated_at as Date).getTime()).toBeGreaterThan(first.getTime());
        expect(await audit(id, 'proposal.updated')).toHaveLength(1);
      });
    });

    describe('consortium replace semantics', () => {
      it('drops removed organisations, invites new ones, and keeps the status of kept ones', async () => {
        const { id } = await draft({ partnerOrganizationIds: [alfa.id, beta.id] });
        const confirmed = ok(await answer(id, alfa.id, 'confirm', alfaOwner));
        const alfaConfirmedAt = (confirmed.partners as Partner[]).find(
          (p) => p.organization.id === alfa.id,
        )?.confirmedAt;
        expect(alfaConfirmedAt).toMatch(ISO_TIMESTAMP);

        const res = await patch(id, leadMember, { partnerOrganizationIds: [gamma.id, alfa.id] });
        expect(res.status).toBe(200);
        expect(res.body.partners).toEqual([
          {
            organization: { id: alfa.id, name: 'Alfa Partner', kind: 'resident' },
            status: 'confirmed',
            confirmedAt: alfaConfirmedAt,
          },
          {
            organization: { id: gamma.id, name: 'Gamma Partner', kind: 'resident' },
            status: 'invited',
            confirmedAt: null,
          },
        ]);
        const stored = await partnerRows(id);
        expect(stored.map((p) => p.organization_id).sort()).toEqual([alfa.id, gamma.id].sort());
        expect(stored.find((p) => p.organization_id === alfa.id)).toMatchObject({
          status: 'confirmed',
          confirmed_by: alfaOwner.id,
        });
        // Beta was dropped: its members no longer see the proposal.
        expectProblem(await get(id, betaOwner), 404);
        expect(await audit(id, 'proposal.updated')).toEqual([
          expect.objectContaining({
            actor_id: leadMember.id,
            before: {
              partners: expect.arrayContaining([
                { organizationId: alfa.id, status: 'confirmed' },
                { organizationId: beta.id, status: 'invited' },
              ]),
            },
            after: {
              partners: expect.arrayContaining([
                { organizationId: alfa.id, status: 'confirmed' },
                { organizationId: gamma.id, status: 'invited' },
              ]),
            },
          }),
        ]);

        const cleared = await patch(id, leadMember, { partnerOrganizationIds: [] });
        expect(cleared.status).toBe(200);
        expect(cleared.body.partners).toEqual([]);
        expect(await partnerRows(id)).toEqual([]);
      });

      it('leaves the consortium alone when partnerOrganizationIds is absent', async () => {
        const { id } = await draft({ partnerOrganizationIds: [alfa.id] });
        const res = await patch(id, leadMember, { title: 'Bara titeln' });
        expect(partnerSummary(ok(res))).toEqual([{ id: alfa.id, status: 'invited' }]);
      });

      it.each<[string, () => string[]]>([
        ['the lead organisation', () => [leadOrg.id]],
        ['an unknown organisation', () => [alfa.id, randomUUID()]],
      ])('refuses %s among the partners (422), nothing changed', async (_, ids) => {
        const { id } = await draft({ partnerOrganizationIds: [alfa.id] });
        const snap = await snapshot(id);
        expectProblem(await patch(id, leadMember, { partnerOrganizationIds: ids() }), 422, 'partnerOrganizationIds');
        await snap.unchanged();
      });

      it('refuses 11 partners (400)', async () => {
        const { id } = await draft();
        const snap = await snapshot(id);
        expectProblem(
          await patch(id, leadMember, { partnerOrganizationIds: spares.map((o) => o.id) }),
          400,
          'partnerOrganizationIds',
        );
        await snap.unchanged();
      });
    });
  });

  // ───────────────────────────── DELETE ─────────────────────────────

  describe('DELETE /proposals/:id', () => {
    it('deletes a draft and its invitations (204), audited with what was deleted', async () => {
      const { id } = await draft({ partnerOrganizationIds: [alfa.id] });
      const res = await remove(id, leadMember);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(await row(id)).toBeUndefined();
      expect(await partnerRows(id)).toEqual([]);
      expectProblem(await get(id), 404);
      expectProblem(await get(id, alfaOwner), 404);
      expect(await audit(id, 'proposal.deleted')).toEqual([
        {
          action: 'proposal.deleted',
          actor_id: leadMember.id,
          before: expect.objectContaining({
            title: 'Digitala fikastunder för äldre',
            status: 'draft',
            leadOrganizationId: leadOrg.id,
            partners: [{ organizationId: alfa.id, status: 'invited' }],
          }),
          after: null,
          request_id: expect.any(String),
        },
      ]);
      expectProblem(await remove(id, leadMember), 404);
    });

    it.each<[Exclude<Status, 'draft'>]>([['submitted'], ['withdrawn'], ['accepted'], ['rejected']])(
      'refuses a %s proposal (409), nothing changed',
      async (status) => {
        const id = await proposalIn(status);
        const snap = await snapshot(id);
        expectProblem(await remove(id, leadOwner), 409);
        await snap.unchanged();
      },
    );

    it('refuses members of a partner organisation (403), strangers (404) and anonymous callers (401)', async () => {
      const { id } = await draft({ partnerOrganizationIds: [alfa.id] });
      const snap = await snapshot(id);
      expectProblem(await remove(id, alfaMember), 403);
      expectProblem(await remove(id, alfaOwner), 403);
      expectProblem(await remove(id, outsider), 404);
      expectProblem(await remove(id, cast.admin), 404);
      expectProblem(await remove(id, 'anonymous'), 401);
      await snap.unchanged();
    });
  });

  // ───────────────────────────── transitions ─────────────────────────────

  describe('transitions', () => {
    describe.each(Object.keys(TRANSITIONS) as Action[])('%s', (action) => {
      const rule = TRANSITIONS[action];
      it.each(STATUSES)(`from %s`, async (from) => {
        const id = await proposalIn(from);
        if (from === rule.from) {
          const start = Date.now();
          const res = await act(id, action);
          const end = Date.now();
          expect(res.status).toBe(200);
          expect(res.body).toMatchObject({ id, status: rule.to });
          expectBetween(res.body[rule.stamp], start - 1000, end + 1000);
          expect(await row(id)).toMatchObject({ status: rule.to });
          expect(await audit(id, `proposal.${rule.to}`)).toEqual([
            {
              action: `proposal.${rule.to}`,
              actor_id: leadMember.id,
              before: { status: from },
              after: { status: rule.to },
              request_id: expect.any(String),
            },
          ]);
        } else {
          const snap = await snapshot(id);
          expectProblem(await act(id, action), 409);
          await snap.unchanged();
        }
      });
    });
  });

  describe('POST /proposals/:id/submit', () => {
    it('submits a draft (200, submittedAt set); a second submit is 409', async () => {
      const { id } = await draft();
      const first = await act(id, 'submit', leadOwner);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ status: 'submitted', submittedAt: expect.stringMatching(ISO_TIMESTAMP) });
      expect((await row(id))?.submitted_at).toBeInstanceOf(Date);
      const snap = await snapshot(id);
      expectProblem(await act(id, 'submit', leadOwner), 409);
      await snap.unchanged();
    });

    it('refuses a submission a few seconds after the deadline although the challenge is still published (422)', async () => {
      const challenge = await challengeIn(t, cast.department, 'published');
      const { id } = await draft({}, challenge.id);
      await deadlinePassed(challenge.id);
      const snap = await snapshot(id);
      const res = await act(id, 'submit');
      expectProblem(res, 422, 'challenge');
      expect(res.body.detail).toMatch(/deadline/);
      await snap.unchanged();
      expect((await call('get', `/challenges/${challenge.id}`, leadMember)).body.status).toBe('published');
    });

    it('refuses a submission to a closed challenge (422)', async () => {
      const challenge = await challengeIn(t, cast.department, 'published');
      const { id } = await draft({}, challenge.id);
      ok(await call('post', `/challenges/${challenge.id}/close`, cast.department));
      const snap = await snapshot(id);
      expectProblem(await act(id, 'submit'), 422, 'challenge');
      await snap.unchanged();
    });

    it('refuses while partners are unconfirmed (422 listing their names), then succeeds once all confirmed', async () => {
      const { id } = await draft({ partnerOrganizationIds: [alfa.id, beta.id] });
      let snap = await snapshot(id);
      const both = await act(id, 'submit');
      expectProblem(both, 422, 'partnerOrganizationIds');
      expect(both.body.detail).toContain('Alfa Partner');
      expect(both.body.detail).toContain('Beta Partner');
      await snap.unchanged();

      ok(await answer(id, alfa.id, 'confirm', alfaOwner));
      snap = await snapshot(id);
      const one = await act(id, 'submit');
      expectProblem(one, 422, 'partnerOrganizationIds');
      expect(one.body.detail).toContain('Beta Partner');
      expect(one.body.detail).not.toContain('Alfa Partner');
      await snap.unchanged();

      ok(await answer(id, beta.id, 'confirm', betaOwner));
      const res = await act(id, 'submit');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('submitted');
      expect(partnerSummary(res.body)).toEqual([
        { id: alfa.id, status: 'confirmed' },
        { id: beta.id, status: 'confirmed' },
      ]);
    });

    it('names both problems when the deadline passed and a partner is unconfirmed', async () => {
      const challenge = await challengeIn(t, cast.department, 'published');
      const { id } = await draft({ partnerOrganizationIds: [beta.id] }, challenge.id);
      await deadlinePassed(challenge.id);
      const res = await act(id, 'submit');
      expectProblem(res, 422, 'challenge');
      expectProblem(res, 422, 'partnerOrganizationIds');
    });

    it('refuses partner-organisation members (403), strangers (404) and anonymous callers (401)', async () => {
      const { id } = await draft({ partnerOrganizationIds: [alfa.id] });
      ok(await answer(id, alfa.id, 'confirm', alfaOwner));
      const snap = await snapshot(id);
      expectProblem(await act(id, 'submit', alfaOwner), 403);
      expectProblem(await act(id, 'submit', alfaMember), 403);
      expectProblem(await act(id, 'submit', outsider), 404);
      expectProblem(await act(id, 'submit', cast.admin), 404);
      expectProblem(await act(id, 'submit', 'anonymous'), 401);
      await snap.unchanged();
    });

    it('freezes the proposal: PATCH, DELETE, confirm and decline are 409 afterwards', async () => {
      const { id } = await draft({ partnerOrganizationIds: [alfa.id] });
      ok(await answer(id, alfa.id, 'confirm', alfaOwner));
      ok(await act(id, 'submit'));
      const snap = await snapshot(id);
      expectProblem(await patch(id, leadMember, { title: 'Efteråt' }), 409);
      expectProblem(await patch(id, leadMember, { partnerOrganizationIds: [] }), 409);
      expectProblem(await remove(id, leadMember), 409);
      expectProblem(await answer(id, alfa.id, 'confirm', alfaOwner), 409);
      expectProblem(await answer(id, alfa.id, 'decline', alfaOwner), 409);
      await snap.unchanged();
    });

    it('accepts exactly one of 20 simultaneous submissions of one draft', async () => {
      const { id } = await draft();
      const responses = await Promise.all(Array.from({ length: 20 }, () => act(id, 'submit')));
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, ...Array<number>(19).fill(409)]);
      for (const res of responses.filter((r) => r.status === 409)) expectProblem(res, 409);
      expect(await audit(id, 'proposal.submitted')).toHaveLength(1);
      expect(await row(id)).toMatchObject({ status: 'submitted' });
    });
  });

  describe('POST /proposals/:id/withdraw', () => {
    it('withdraws a submitted proposal (200, withdrawnAt set); twice is 409', async () => {
      const id = await proposalIn('submitted');
      const res = await act(id, 'withdraw', leadOwner);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'withdrawn',
        withdrawnAt: expect.stringMatching(ISO_TIMESTAMP),
        submittedAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      expect(await audit(id, 'proposal.withdrawn')).toEqual([
        expect.objectContaining({
          actor_id: leadOwner.id,
          before: { status: 'submitted' },
          after: { status: 'withdrawn' },
        }),
      ]);
      const snap = await snapshot(id);
      expectProblem(await act(id, 'withdraw', leadOwner), 409);
      await snap.unchanged();
    });

    it.each<['draft' | 'accepted' | 'rejected']>([['draft'], ['accepted'], ['rejected']])(
      'refuses a %s proposal (409)',
      async (status) => {
        const id = await proposalIn(status);
        const snap = await snapshot(id);
        expectProblem(await act(id, 'withdraw'), 409);
        await snap.unchanged();
      },
    );

    it('refuses partner-organisation members and city staff who can read it (403), strangers (404)', async () => {
      const id = await proposalIn('submitted', { partnerOrganizationIds: [alfa.id] });
      const snap = await snapshot(id);
      expectProblem(await act(id, 'withdraw', alfaMember), 403);
      expectProblem(await act(id, 'withdraw', alfaOwner), 403);
      expectProblem(await act(id, 'withdraw', cast.admin), 403);
      expectProblem(await act(id, 'withdraw', cast.department), 403);
      expectProblem(await act(id, 'withdraw', outsider), 404);
      expectProblem(await act(id, 'withdraw', 'anonymous'), 401);
      await snap.unchanged();
    });
  });

  // ───────────────────────────── consortium consent ─────────────────────────────

  describe('consortium consent', () => {
    it('lets an owner of the invited organisation confirm (200), audited', async () => {
      const { id } = await draft({ partnerOrganizationIds: [alfa.id, beta.id] });
      const start = Date.now();
      const res = await answer(id, alfa.id, 'confirm', alfaOwner);
      const end = Date.now();
      expect(res.status).toBe(200);
      const entry = (res.body.partners as Partner[]).find((p) => p.organization.id === alfa.id);
      expect(entry?.status).toBe('confirmed');
      expectBetween(entry?.confirmedAt, start - 1000, end + 1000);
      expect(partnerSummary(res.body)).toEqual([
        { id: alfa.id, status: 'confirmed' },
        { id: beta.id, status: 'invited' },
      ]);
      expect((await partnerRows(id)).find((p) => p.organization_id === alfa.id)).toMatchObject({
        status: 'confirmed',
        confirmed_by: alfaOwner.id,
      });
      expect(await audit(id, 'proposal.partner-confirmed')).toEqual([
        {
          action: 'proposal.partner-confirmed',
          actor_id: alfaOwner.id,
          before: { organizationId: alfa.id, status: 'invited' },
          after: { organizationId: alfa.id, status: 'confirmed' },
          request_id: expect.any(String),
        },
      ]);
    });

    it('lets a member promoted to owner of the partner organisation confirm', async () => {
      const promoted = await createUser(t, { name: 'Delta Co-owner' });
      const delta = await createOrganization(t, outsider, { name: 'Delta Partner' });
      await addMember(delta, outsider, promoted, 'owner');
      const { id } = await draft({ partnerOrganizationIds: [delta.id] });
      expect((await answer(id, delta.id, 'confirm', promoted)).status).toBe(200);
    });

    it('refuses a plain member of the invited organisation (403), nothing changed', async () => {
      const { id } = await draft({ partnerOrganizationIds: [alfa.id] });
      const snap = await snapshot(id);
      expectProblem(await answer(id, alfa.id, 'confirm', alfaMember), 403);
      expectProblem(await answer(id, alfa.id, 'decline', alfaMember), 403);
      await snap.unchanged();
    });

    it('refuses lead members who do not own the partner organisation (403)', async () => {
      const { id } = await draft({ partnerOrganizationIds: [alfa.id] });
      const snap = await snapshot(id);
      expectProblem(await answer(id, alfa.id, 'confirm', leadOwner), 403);
      expectProblem(await answer(id, alfa.id, 'confirm', leadMember), 403);
      expectProblem(await answer(id, alfa.id, 'decline', leadOwner), 403);
      await snap.unchanged();
    });

    it('lets a lead owner confirm for a partner organisation they also own', async () => {
      const { id } = await draft({ partnerOrganizationIds: [gamma.id] });
      const res = await answer(id, gamma.id, 'confirm', leadOwner);
      expect(res.status).toBe(200);
      expect(partnerSummary(res.body)).toEqual([{ id: gamma.id, status: 'confirmed' }]);
    });

    it('refuses confirming twice (409), nothing changed', async () => {
      const { id } = await draft({ partnerOrganizationIds: [alfa.id] });
      ok(await answer(id, alfa.id, 'confirm', alfaOwner));
      const snap = await snapshot(id);
      expectProblem(await answer(id, alfa.id, 'confirm', alfaOwner), 409);
      await snap.unchanged();
    });

    it('answers 404 for an organisation that is not in the consortium', async () => {
      const { id } = await draft({ partnerOrganizationIds: [alfa.id] });
      const snap = await snapshot(id);
      // The caller can see the proposal (as Alfa's owner) but Beta / the lead / an unknown id are not invited.
      expectProblem(await answer(id, beta.id, 'confirm', alfaOwner), 404);
      expectProblem(await answer(id, leadOrg.id, 'confirm', leadOwner), 404);
      expectProblem(await answer(id, randomUUID(), 'decline', leadOwner), 404);
      // An owner of an uninvited organisation cannot even see the proposal.
      expectProblem(await answer(id, outsiderOrg.id, 'confirm', outsider), 404);
      expectProblem(await answer(id, alfa.id, 'confirm', 'anonymous'), 401);
      await snap.unchanged();
    });

    it('lets an owner of the invited organisation decline (204, no body): it leaves the consortium, audited', async () => {
      const { id } = await draft({ partnerOrganizationIds: [alfa.id, beta.id] });
      ok(await answer(id, alfa.id, 'confirm', alfaOwner));
      expectProblem(await act(id, 'submit'), 422, 'partnerOrganizationIds');

      const res = await answer(id, beta.id, 'decline', betaOwner);
      // Status and body together, so a failure shows what the server answered.
      expect({ status: res.status, text: res.text }).toEqual({ status: 204, text: '' });
      expect((await partnerRows(id)).map((p) => p.organization_id)).toEqual([alfa.id]);
      expect(partnerSummary((await get(id, leadMember)).body)).toEqual([{ id: alfa.id, status: 'confirmed' }]);
      expect(await audit(id, 'proposal.partner-declined')).toEqual([
        {
          action: 'proposal.partner-declined',
          actor_id: betaOwner.id,
          before: { organizationId: beta.id, status: 'invited' },
          after: null,
          request_id: expect.any(String),
        },
      ]);
      // Beta has left: its owner no longer sees the proposal, nor can answer again.
      expectProblem(await get(id, betaOwner), 404);
      expectProblem(await answer(id, beta.id, 'decline', betaOwner), 404);
      expectProblem(await answer(id, beta.id, 'confirm', betaOwner), 404);
      // With every remaining partner confirmed, the proposal can be submitted.
      const submitted = await act(id, 'submit');
      expect(submitted.status).toBe(200);
      expect(submitted.body).toMatchObject({ status: 'submitted', partners: [{ organization: { id: alfa.id } }] });
    });

    it('lets an owner of the lead who also owns the invited organisation decline for it (204)', async () => {
      const { id } = await draft({ partnerOrganizationIds: [alfa.id, gamma.id] });
      ok(await answer(id, alfa.id, 'confirm', alfaOwner));
      const res = await answer(id, gamma.id, 'decline', leadOwner);
      expect(res.status).toBe(204);
      expect((await partnerRows(id)).map((p) => p.organization_id)).toEqual([alfa.id]);
      expect(await audit(id, 'proposal.partner-declined')).toEqual([
        expect.objectContaining({ actor_id: leadOwner.id, before: { organizationId: gamma.id, status: 'invited' } }),
      ]);
      expect((await act(id, 'submit')).status).toBe(200);
    });

    it('lets an owner decline after having confirmed (the organisation leaves)', async () => {
      const { id } = await draft({ partnerOrganizationIds: [alfa.id] });
      ok(await answer(id, alfa.id, 'confirm', alfaOwner));
      expect((await answer(id, alfa.id, 'decline', alfaOwner)).status).toBe(204);
      expect(await partnerRows(id)).toEqual([]);
      expect(await audit(id, 'proposal.partner-declined')).toEqual([
        expect.objectContaining({ before: { organizationId: alfa.id, status: 'confirmed' }, after: null }),
      ]);
    });

    it('lets invited organisations read the draft', async () => {
      const { id } = await draft({ partnerOrganizationIds: [alfa.id] });
      expect((await get(id, alfaMember)).status).toBe(200);
      expect((await get(id, alfaOwner)).status).toBe(200);
      expectProblem(await get(id, betaOwner), 404);
    });
  });

  // ───────────────────────────── audit trail ─────────────────────────────

  describe('audit trail', () => {
    it('records each step of a life with its actor, and before/after, in order', async () => {
      const { id } = await draft({ partnerOrganizationIds: [alfa.id] });
      ok(await patch(id, leadOwner, { summary: 'Ny sammanfattning' }));
      ok(await answer(id, alfa.id, 'confirm', alfaOwner));
      ok(await act(id, 'submit', leadMember));
      ok(await act(id, 'withdraw', leadOwner));
      const events = await audit(id);
      expect(events.map((e) => [e.action, e.actor_id])).toEqual([
        ['proposal.created', leadMember.id],
        ['proposal.updated', leadOwner.id],
        ['proposal.partner-confirmed', alfaOwner.id],
        ['proposal.submitted', leadMember.id],
        ['proposal.withdrawn', leadOwner.id],
      ]);
      expect(events[1]).toMatchObject({
        before: { summary: 'Video meetings and local cafés that bring older residents together.' },
        after: { summary: 'Ny sammanfattning' },
      });
      expect(events[3]).toMatchObject({ before: { status: 'draft' }, after: { status: 'submitted' } });
      expect(events[4]).toMatchObject({ before: { status: 'submitted' }, after: { status: 'withdrawn' } });
      // Each request's events carry its request id; distinct requests, distinct ids.
      expect(new Set(events.map((e) => e.request_id)).size).toBe(events.length);
    });

    it('GET /proposals/:id/history: the consortium and the challenge staff read the timeline, naming organisations but no person', async () => {
      const { id } = await draft({ partnerOrganizationIds: [alfa.id, beta.id] });
      ok(await patch(id, leadOwner, { summary: 'Ny sammanfattning', trl: 5 }));
      ok(await answer(id, alfa.id, 'confirm', alfaOwner));
      expect((await answer(id, beta.id, 'decline', betaOwner)).status).toBe(204);
      ok(await act(id, 'submit'));
      ok(await act(id, 'withdraw'));
      const history = ok(await call('get', `/proposals/${id}/history`, alfaMember));
      expect((history.items as Body[]).map((e) => [e.event, (e.organization as Body | null)?.name ?? null])).toEqual([
        ['created', null],
        ['partner-invited', 'Alfa Partner'],
        ['partner-invited', 'Beta Partner'],
        ['updated', null],
        ['partner-confirmed', 'Alfa Partner'],
        ['partner-declined', 'Beta Partner'],
        ['submitted', null],
        ['withdrawn', null],
      ]);
      expect((history.items as Body[])[3]).toMatchObject({ fields: ['summary', 'trl'] });
      expect(JSON.stringify(history)).not.toMatch(/Owner|Member|actor/);
      expect((await call('get', `/proposals/${id}/history`, cast.department)).status).toBe(200);
    });

    it('GET /proposals/:id/history: 404 for whoever does not see the proposal, 401 signed out', async () => {
      const { id } = await draft();
      expectProblem(await call('get', `/proposals/${id}/history`, outsider), 404);
      // A draft is not the city staff's yet.
      expectProblem(await call('get', `/proposals/${id}/history`, cast.department), 404);
      expectProblem(await call('get', `/proposals/${id}/history`, 'anonymous'), 401);
      expectProblem(await call('get', `/proposals/00000000-0000-4000-8000-000000000000/history`, leadMember), 404);
    });

    it('GET /proposals lists each proposal with its challenge deadline', async () => {
      const { id } = await draft();
      const list = ok(await call('get', `/proposals?mine=true&challengeId=${open.id}&limit=100`, leadMember));
      const item = (list.items as Body[]).find((i) => i.id === id);
      expect(item?.challenge).toEqual({ id: open.id, title: open.title, submissionDeadline: open.submissionDeadline });
      expect(item?.decision).toBeNull();
    });

    it('GET /proposals shows a decision with its reason', async () => {
      const id = await proposalIn('rejected');
      const list = ok(await call('get', `/proposals?mine=true&status=rejected&limit=100`, leadMember));
      const item = (list.items as Body[]).find((i) => i.id === id);
      expect(item?.decision).toEqual({
        outcome: 'rejected',
        reason: 'Decided for the test.',
        decidedAt: expect.any(String),
      });
    });

    it('writes nothing for any refused request', async () => {
      const { id } = await draft({ partnerOrganizationIds: [alfa.id] });
      const before = await counts();
      const refused = [
        await patch(id, leadMember, { status: 'submitted' }),
        await patch(id, leadMember, { requestedBudgetSek: CHALLENGE_BUDGET + 1 }),
        await patch(id, alfaOwner, { title: 'Kapad' }),
        await act(id, 'submit'),
        await act(id, 'withdraw'),
        await answer(id, alfa.id, 'confirm', alfaMember),
        await answer(id, beta.id, 'confirm', betaOwner),
        await remove(id, alfaOwner),
        await propose(leadMember, proposalBody(leadOrg.id, { requestedBudgetSek: CHALLENGE_BUDGET + 1 })),
      ];
      expect(refused.map((r) => r.status)).toEqual([400, 422, 403, 422, 409, 403, 404, 403, 422]);
      expect(await counts()).toEqual(before);
    });
  });
});
