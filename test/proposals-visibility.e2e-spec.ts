import { randomUUID } from 'node:crypto';
import { challengeIn } from './factories/challenges';
import { addMember as joinOrganization, createOrganization, createProposal } from './factories/proposals';
import { createCast, createUser, departmentId, TestUser } from './factories/users';
import { auditEvents, expectProblem } from './support/expectations';
import { startTestApp, TestApp } from './support/test-app';

const PROPOSALS = '/api/v1/proposals';

type State = 'draft' | 'submitted' | 'withdrawn';
type Actor =
  | 'leadMember'
  | 'leadOwner'
  | 'partnerMember'
  | 'invitedMember'
  | 'otherPartner'
  | 'evaluator'
  | 'department'
  | 'otherDepartment'
  | 'director'
  | 'admin'
  | 'anonymous';
type Outcome = 200 | 404 | 401;
type Body = Record<string, unknown>;
interface Summary {
  id: string;
  status: string;
  createdAt: string;
  challenge: { id: string };
}
interface Page {
  items: Summary[];
  nextCursor: string | null;
}

const STATES: State[] = ['draft', 'submitted', 'withdrawn'];

/**
 * Who reads a proposal in which state (docs/product.md §3.3.5): the consortium (lead and partner
 * organisations, invited ones included) always; the challenge's department staff, directors and
 * admins once it is no longer a draft; evaluators only when assigned (no assignments exist yet);
 * everyone else 404; anonymous 401. The list shows a proposal exactly when GET answers 200.
 */
const MATRIX: [Actor, Record<State, Outcome>][] = [
  ['leadMember', { draft: 200, submitted: 200, withdrawn: 200 }],
  ['leadOwner', { draft: 200, submitted: 200, withdrawn: 200 }],
  ['partnerMember', { draft: 200, submitted: 200, withdrawn: 200 }],
  ['invitedMember', { draft: 200, submitted: 200, withdrawn: 200 }],
  ['otherPartner', { draft: 404, submitted: 404, withdrawn: 404 }],
  ['evaluator', { draft: 404, submitted: 404, withdrawn: 404 }],
  ['department', { draft: 404, submitted: 200, withdrawn: 200 }],
  ['otherDepartment', { draft: 404, submitted: 404, withdrawn: 404 }],
  ['director', { draft: 404, submitted: 200, withdrawn: 200 }],
  ['admin', { draft: 404, submitted: 200, withdrawn: 200 }],
  ['anonymous', { draft: 401, submitted: 401, withdrawn: 401 }],
];
const CASES = MATRIX.flatMap(([actor, outcomes]) => STATES.map((state) => [actor, state, outcomes[state]] as const));

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
const SUMMARY_KEYS = [
  'challenge',
  'createdAt',
  'decision',
  'id',
  'leadOrganization',
  'requestedBudgetSek',
  'status',
  'submittedAt',
  'title',
];

const cursorOf = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('proposals: visibility and listing', () => {
  let t: TestApp;
  let users: Record<Exclude<Actor, 'anonymous'>, TestUser>;
  let leadOwner: TestUser;
  let partnerOwner: TestUser;
  let invitedOwner: TestUser;
  let orgs: Record<'lead' | 'partner' | 'invited' | 'unrelated', { id: string; name: string }>;
  let challengeId: string;
  let otherChallengeId: string;
  let proposals: Record<State, string>;
  /** A proposal of the unrelated organisation on the other challenge, submitted. */
  let otherSubmittedId: string;

  const authOf = (who: Actor | TestUser): string | undefined =>
    typeof who === 'string' ? (who === 'anonymous' ? undefined : users[who].auth) : who.auth;

  function get(path: string, who: Actor | TestUser, query: Record<string, string | number> = {}) {
    const req = t.http().get(path).query(query);
    const auth = authOf(who);
    return auth ? req.set('Authorization', auth) : req;
  }
  function post(path: string, who: TestUser, body?: object) {
    const req = t.http().post(path).set('Authorization', who.auth);
    return body === undefined ? req : req.send(body);
  }
  function ok(res: { status: number; body: unknown }, status = 200): Body {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Body;
  }
  const list = (who: Actor | TestUser, query: Record<string, string | number> = {}) => get(PROPOSALS, who, query);

  /** Every item of a list, following nextCursor to the end (each page checked to be 200). */
  async function listAll(who: Actor | TestUser, query: Record<string, string | number> = {}): Promise<Summary[]> {
    const items: Summary[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages += 1) {
      const res = await list(who, { limit: 100, ...query, ...(cursor ? { cursor } : {}) });
      const page = ok(res) as unknown as Page;
      items.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) return items;
    }
    throw new Error('listAll: more than 50 pages');
  }
  const idsOf = (items: Summary[]) => items.map((i) => i.id);

  const addMember = (orgId: string, owner: TestUser, member: TestUser, role: 'member' | 'owner' = 'member') =>
    joinOrganization(t, orgId, owner, member, role);
  const answer = (id: string, orgId: string, who: TestUser, what: 'confirm' | 'decline') =>
    post(`${PROPOSALS}/${id}/partners/${orgId}/${what}`, who);

  /** A consortium proposal on the main challenge (lead + confirmed partner + invited org), brought to `state`. */
  async function consortiumProposal(state: State): Promise<string> {
    const { id } = await createProposal(t, leadOwner, challengeId, orgs.lead.id, {
      title: `Konsortium ${state}`,
      partnerOrganizationIds: [orgs.partner.id, orgs.invited.id],
    });
    ok(await answer(id, orgs.partner.id, partnerOwner, 'confirm'));
    if (state === 'draft') return id;
    // Submitting needs every partner confirmed: the invited org confirms, submission happens, and
    // its row is then put back to `invited` with SQL. The API cannot reach that state (the
    // consortium is fixed after submission); it pins that the read rule ignores partner status.
    ok(await answer(id, orgs.invited.id, invitedOwner, 'confirm'));
    ok(await post(`${PROPOSALS}/${id}/submit`, leadOwner));
    await t.db.query(
      `UPDATE proposal_partners SET status = 'invited', confirmed_at = NULL, confirmed_by = NULL
       WHERE proposal_id = $1 AND organization_id = $2`,
      [id, orgs.invited.id],
    );
    if (state === 'withdrawn') ok(await post(`${PROPOSALS}/${id}/withdraw`, leadOwner));
    return id;
  }

  beforeAll(async () => {
    // A few hundred requests from one address: lift the throttle, which is not under test here.
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    const stadsbyggnadId = await departmentId(t, 'stadsbyggnadsforvaltningen');
    const [cast, otherDepartment, lOwner, leadMember, pOwner, partnerMember, iOwner, invitedMember] = await Promise.all(
      [
        createCast(t),
        createUser(t, { roles: ['department'], departmentId: stadsbyggnadId, name: 'Other Department' }),
        createUser(t, { name: 'Lead Owner' }),
        createUser(t, { name: 'Lead Member' }),
        createUser(t, { name: 'Partner Owner' }),
        createUser(t, { name: 'Partner Member' }),
        createUser(t, { name: 'Invited Owner' }),
        createUser(t, { name: 'Invited Member' }),
      ],
    );
    leadOwner = lOwner;
    partnerOwner = pOwner;
    invitedOwner = iOwner;
    users = {
      leadMember,
      leadOwner,
      partnerMember,
      invitedMember,
      otherPartner: cast.partner,
      evaluator: cast.evaluator,
      department: cast.department,
      otherDepartment,
      director: cast.director,
      admin: cast.admin,
    };
    const [lead, partner, invited, unrelated] = await Promise.all([
      createOrganization(t, leadOwner, { name: 'Ledande förening' }),
      createOrganization(t, partnerOwner, { name: 'Bekräftad partner' }),
      createOrganization(t, invitedOwner, { name: 'Inbjuden partner' }),
      createOrganization(t, cast.partner, { name: 'Orelaterad organisation' }),
    ]);
    orgs = { lead, partner, invited, unrelated };
    await Promise.all([
      addMember(lead.id, leadOwner, leadMember),
      addMember(partner.id, partnerOwner, partnerMember),
      addMember(invited.id, invitedOwner, invitedMember),
    ]);
    // Both challenges belong to the default department (Vård- och omsorg), which `department` staffs.
    challengeId = (await challengeIn(t, cast.department, 'published')).id;
    otherChallengeId = (await challengeIn(t, cast.department, 'published', { title: 'En annan utmaning' })).id;
    proposals = {
      draft: await consortiumProposal('draft'),
      submitted: await consortiumProposal('submitted'),
      withdrawn: await consortiumProposal('withdrawn'),
    };
    otherSubmittedId = (await createProposal(t, cast.partner, otherChallengeId, unrelated.id, { title: 'Annan' })).id;
    ok(await post(`${PROPOSALS}/${otherSubmittedId}/submit`, cast.partner));
  });
  afterAll(() => t?.close());

  describe('GET /proposals/:id', () => {
    it.each(CASES)('%s reading a %s proposal → %i', async (actor, state, expected) => {
      const res = await get(`${PROPOSALS}/${proposals[state]}`, actor);
      if (expected !== 200) {
        expectProblem(res, expected);
        return;
      }
      expect(res.status).toBe(200);
      // Consortium and city staff get the full view, with organisations and partners.
      expect(Object.keys(res.body).sort()).toEqual(FULL_KEYS);
      expect(res.body).toMatchObject({
        id: proposals[state],
        status: state,
        challenge: { id: challengeId },
        leadOrganization: { id: orgs.lead.id, name: orgs.lead.name, kind: 'resident' },
      });
      expect(res.body.partners.map((p: { organization: { id: string } }) => p.organization.id).sort()).toEqual(
        [orgs.partner.id, orgs.invited.id].sort(),
      );
    });

    it('a 404 for an invisible proposal is the same as for one that does not exist', async () => {
      const invisible = await get(`${PROPOSALS}/${proposals.draft}`, 'admin');
      const missing = await get(`${PROPOSALS}/${randomUUID()}`, 'admin');
      expectProblem(invisible, 404);
      expectProblem(missing, 404);
      expect(invisible.body.detail).toBe(missing.body.detail);
      expect(invisible.body.title).toBe(missing.body.title);
    });

    it.each(['not-a-uuid', '123', `${randomUUID()}x`])('a malformed id (%s) is a 400 naming id', async (bad) => {
      expectProblem(await get(`${PROPOSALS}/${bad}`, 'leadOwner'), 400, 'id');
    });
  });

  describe('GET /proposals: the same matrix in the list', () => {
    it.each(CASES)('%s listing: a %s proposal is listed ⇔ %i', async (actor, state, expected) => {
      if (expected === 401) {
        expectProblem(await list(actor), 401);
        return;
      }
      const items = await listAll(actor);
      if (expected === 200) {
        const item = items.find((i) => i.id === proposals[state]);
        expect(item).toBeDefined();
        expect(Object.keys(item!).sort()).toEqual(SUMMARY_KEYS);
        expect(item).toMatchObject({ status: state, challenge: { id: challengeId } });
      } else {
        expect(idsOf(items)).not.toContain(proposals[state]);
      }
    });

    it('no one outside a consortium ever lists a draft', async () => {
      for (const actor of [
        'otherPartner',
        'evaluator',
        'department',
        'otherDepartment',
        'director',
        'admin',
      ] as const) {
        const items = await listAll(actor);
        expect(items.filter((i) => i.status === 'draft')).toEqual([]);
      }
    });

    it('the evaluator (no assignments) and staff of another department list nothing', async () => {
      expect(await listAll('evaluator')).toEqual([]);
      expect(await listAll('otherDepartment')).toEqual([]);
    });
  });

  describe('filters', () => {
    it('challengeId keeps only that challenge’s proposals', async () => {
      const main = await listAll('admin', { challengeId });
      expect(idsOf(main)).toEqual(expect.arrayContaining([proposals.submitted, proposals.withdrawn]));
      expect(idsOf(main)).not.toContain(otherSubmittedId);
      expect(main.every((i) => i.challenge.id === challengeId)).toBe(true);

      const other = await listAll('admin', { challengeId: otherChallengeId });
      expect(idsOf(other)).toEqual([otherSubmittedId]);

      expect(await listAll('admin', { challengeId: randomUUID() })).toEqual([]);
      // Filtering does not widen visibility: a draft is still not listed for the admin.
      expect(idsOf(await listAll('admin', { challengeId }))).not.toContain(proposals.draft);
    });

    it('a malformed challengeId is a 400 naming it', async () => {
      expectProblem(await list('admin', { challengeId: 'nope' }), 400, 'challengeId');
    });

    it.each(STATES)('status=%s keeps only proposals in that status (consortium member)', async (state) => {
      const items = await listAll('leadMember', { status: state });
      expect(idsOf(items)).toEqual([proposals[state]]);
    });

    it('status=draft for an admin is empty; status=submitted lists every submitted one', async () => {
      expect(await listAll('admin', { status: 'draft' })).toEqual([]);
      const submitted = await listAll('admin', { status: 'submitted' });
      expect(idsOf(submitted).sort()).toEqual([proposals.submitted, otherSubmittedId].sort());
      expect(await listAll('director', { status: 'accepted' })).toEqual([]);
    });

    it('challengeId and status combine', async () => {
      expect(idsOf(await listAll('department', { challengeId, status: 'withdrawn' }))).toEqual([proposals.withdrawn]);
      expect(await listAll('department', { challengeId: otherChallengeId, status: 'withdrawn' })).toEqual([]);
    });

    it.each(['open', 'DRAFT', 'deleted', ''])('an invalid status (%p) is a 400 naming status', async (bad) => {
      expectProblem(await list('admin', { status: bad }), 400, 'status');
    });

    it('mine=true: an admin who belongs to no organisation gets an empty list', async () => {
      const res = await list('admin', { mine: 'true' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [], nextCursor: null });
      expect(await listAll('director', { mine: 'true' })).toEqual([]);
      expect(await listAll('department', { mine: 'true' })).toEqual([]);
    });

    it('mine=true: partner-org members (confirmed or invited) see the consortium’s proposals', async () => {
      const all = [proposals.draft, proposals.submitted, proposals.withdrawn].sort();
      expect(idsOf(await listAll('partnerMember', { mine: 'true' })).sort()).toEqual(all);
      expect(idsOf(await listAll('invitedMember', { mine: 'true' })).sort()).toEqual(all);
      expect(idsOf(await listAll('leadMember', { mine: 'true' })).sort()).toEqual(all);
      expect(idsOf(await listAll('otherPartner', { mine: 'true' }))).toEqual([otherSubmittedId]);
      expect(idsOf(await listAll('partnerMember', { mine: 'true', status: 'draft' }))).toEqual([proposals.draft]);
    });

    it('mine=false is the unfiltered list', async () => {
      expect(idsOf(await listAll('admin', { mine: 'false' }))).toEqual(idsOf(await listAll('admin')));
    });

    it.each(['yes', '1', 'TRUE'])('mine=%s is a 400 naming mine', async (bad) => {
      expectProblem(await list('admin', { mine: bad }), 400, 'mine');
    });

    it.each([0, 101, -1, 'ten'])('limit=%p is a 400 naming limit', async (bad) => {
      expectProblem(await list('admin', { limit: bad }), 400, 'limit');
    });

    it('anonymous is refused with filters too', async () => {
      expectProblem(await list('anonymous', { mine: 'true' }), 401);
      expectProblem(await list('anonymous', { challengeId }), 401);
    });
  });

  describe('keyset paging', () => {
    let pagingChallengeId: string;
    let owner: TestUser;
    /** Oldest first, as created. */
    let created: string[];

    beforeAll(async () => {
      owner = await createUser(t, { name: 'Paging Owner' });
      const org = await createOrganization(t, owner);
      pagingChallengeId = (await challengeIn(t, users.department, 'published', { title: 'Bläddring' })).id;
      created = [];
      for (let i = 0; i < 5; i += 1) {
        created.push((await createProposal(t, owner, pagingChallengeId, org.id, { title: `Sida ${i}` })).id);
      }
    });

    /** Pages with limit=1 to the end; fails on a repeated cursor or more pages than items. */
    async function pageByOne(who: TestUser | Actor, query: Record<string, string>): Promise<Summary[]> {
      const seen: Summary[] = [];
      let cursor: string | null = null;
      for (let i = 0; i <= created.length + 1; i += 1) {
        const res = await list(who, { ...query, limit: 1, ...(cursor ? { cursor } : {}) });
        const page = ok(res) as unknown as Page;
        expect(page.items.length).toBeLessThanOrEqual(1);
        seen.push(...page.items);
        if (!page.nextCursor) return seen;
        expect(page.nextCursor).not.toBe(cursor);
        cursor = page.nextCursor;
      }
      throw new Error('paging did not end');
    }

    it('limit=1 visits every proposal exactly once, newest first', async () => {
      const seen = await pageByOne(owner, { challengeId: pagingChallengeId });
      expect(idsOf(seen)).toEqual([...created].reverse());
      const times = seen.map((s) => Date.parse(s.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('the last full page has no next cursor when nothing follows', async () => {
      const res = await list(owner, { challengeId: pagingChallengeId, limit: created.length });
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(created.length);
      expect(res.body.nextCursor).toBeNull();
      const short = await list(owner, { challengeId: pagingChallengeId, limit: created.length - 1 });
      expect(short.body.nextCursor).toEqual(expect.any(String));
    });

    it('proposals created at the same instant are ordered by id and each visited once', async () => {
      await t.db.query(`UPDATE proposals SET created_at = '2030-01-01T00:00:00.123456Z' WHERE challenge_id = $1`, [
        pagingChallengeId,
      ]);
      const seen = await pageByOne(owner, { challengeId: pagingChallengeId });
      expect(idsOf(seen)).toEqual([...created].sort().reverse());
    });

    it('paging with limit=1 through the admin’s list never shows a draft and never repeats', async () => {
      const seen = await pageByOne('admin', {});
      expect(new Set(idsOf(seen)).size).toBe(seen.length);
      expect(idsOf(seen).sort()).toEqual(idsOf(await listAll('admin')).sort());
      expect(seen.some((s) => s.status === 'draft')).toBe(false);
    });

    it.each([
      ['not base64 JSON', 'garbage'],
      ['a JSON object', cursorOf({ createdAt: '2030-01-01T00:00:00Z' })],
      ['too few parts', cursorOf(['2030-01-01T00:00:00.000000Z'])],
      ['parts swapped', cursorOf([randomUUID(), '2030-01-01T00:00:00.000000Z'])],
      ['an impossible date', cursorOf(['2030-02-30T00:00:00.000000Z', randomUUID()])],
      ['a non-uuid id', cursorOf(['2030-01-01T00:00:00.000000Z', "x' OR 1=1 --"])],
      ['a number for the timestamp', cursorOf([1, randomUUID()])],
      ['characters outside base64url', 'abc+/='],
    ])('a forged cursor (%s) is a 400 naming cursor', async (_label, cursor) => {
      expectProblem(await list('admin', { cursor }), 400, 'cursor');
    });

    it('a well-formed cursor from elsewhere pages from that position, never across visibility', async () => {
      const cursor = cursorOf(['2999-01-01T00:00:00.000000Z', 'ffffffff-ffff-ffff-ffff-ffffffffffff']);
      const res = await list('otherDepartment', { cursor });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [], nextCursor: null });
    });
  });

  describe('declining an invitation', () => {
    it('members of a declined partner organisation lose visibility; the rest of the consortium keeps it', async () => {
      const [declOwner, declMember] = await Promise.all([
        createUser(t, { name: 'Declining Owner' }),
        createUser(t, { name: 'Declining Member' }),
      ]);
      const declining = await createOrganization(t, declOwner, { name: 'Avböjande förening' });
      await addMember(declining.id, declOwner, declMember);
      const { id } = await createProposal(t, leadOwner, challengeId, orgs.lead.id, {
        title: 'Avböjs',
        partnerOrganizationIds: [declining.id, orgs.partner.id],
      });

      // Invited: both see it, by id, in the list and under mine.
      for (const who of [declOwner, declMember]) {
        expect((await get(`${PROPOSALS}/${id}`, who)).status).toBe(200);
        expect(idsOf(await listAll(who))).toContain(id);
        expect(idsOf(await listAll(who, { mine: 'true' }))).toContain(id);
      }

      // A plain partner owner declining: they lose sight of the proposal by this very answer, so
      // it succeeds without a body (and is recorded).
      const res = await answer(id, declining.id, declOwner, 'decline');
      expect({ status: res.status, body: res.body as unknown }).toEqual({ status: 204, body: {} });
      expect((await auditEvents(t, 'proposal', id)).map((e) => e.action)).toContain('proposal.partner-declined');

      // The invitation is gone...
      const rows = await t.db.query<{ organization_id: string }[]>(
        `SELECT organization_id FROM proposal_partners WHERE proposal_id = $1`,
        [id],
      );
      expect(rows.map((r) => r.organization_id)).toEqual([orgs.partner.id]);
      // ...and with it the declined organisation's sight of the draft.
      for (const who of [declOwner, declMember]) {
        expectProblem(await get(`${PROPOSALS}/${id}`, who), 404);
        expect(idsOf(await listAll(who))).not.toContain(id);
        expect(idsOf(await listAll(who, { mine: 'true' }))).not.toContain(id);
      }
      // A second answer is a 404 now: they cannot see the proposal any more.
      expectProblem(await answer(id, declining.id, declOwner, 'decline'), 404);
      expectProblem(await answer(id, declining.id, declOwner, 'confirm'), 404);

      // The lead and the remaining partner still see it, without the declined organisation.
      const lead = await get(`${PROPOSALS}/${id}`, 'leadMember');
      expect(lead.status).toBe(200);
      expect(lead.body.partners.map((p: { organization: { id: string } }) => p.organization.id)).toEqual([
        orgs.partner.id,
      ]);
      expect((await get(`${PROPOSALS}/${id}`, 'partnerMember')).status).toBe(200);
    });

    it('an owner of a declined organisation who is also a lead member keeps seeing it as lead', async () => {
      const both = await createUser(t, { name: 'Lead And Partner' });
      const org = await createOrganization(t, both, { name: 'Dubbelroll' });
      await addMember(orgs.lead.id, leadOwner, both);
      const { id } = await createProposal(t, leadOwner, challengeId, orgs.lead.id, {
        title: 'Dubbelroll',
        partnerOrganizationIds: [org.id],
      });
      expect((await answer(id, org.id, both, 'decline')).status).toBe(204);
      const seen = await get(`${PROPOSALS}/${id}`, both);
      expect(seen.status).toBe(200);
      expect(seen.body.partners).toEqual([]);
      // Clean up the lead membership so the shared matrix above is unaffected.
      await t.db.query(`DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2`, [orgs.lead.id, both.id]);
    });
  });
});
