import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { challengeBody, challengeIn, createChallenge, inDays, VALID_CRITERIA } from './factories/challenges';
import { createOrganization, createProposal } from './factories/proposals';
import { createCast, createUser, departmentId, TestUser } from './factories/users';
import { AuditRow, auditEvents, expectProblem } from './support/expectations';
import { startTestApp, TestApp } from './support/test-app';

const CHALLENGES = '/api/v1/challenges';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const FULL_KEYS = [
  'archivedAt',
  'blindReview',
  'budgetSek',
  'closedAt',
  'createdAt',
  'criteria',
  'criteriaLocked',
  'department',
  'description',
  'expectedEffects',
  'id',
  'publishedAt',
  'sdgs',
  'status',
  'submissionDeadline',
  'summary',
  'tags',
  'testbedSite',
  'title',
  'updatedAt',
  'welfareArea',
];
const VARD = 'Vård- och omsorgsförvaltningen';
const STADSBYGGNAD = 'Stadsbyggnadsförvaltningen';

type Status = 'draft' | 'published' | 'closed' | 'archived';
type Action = 'publish' | 'close' | 'archive';
type Op = 'patch' | Action;
type Actor = 'anonymous' | 'partner' | 'evaluator' | 'director' | 'department' | 'otherDepartment' | 'admin';
type Body = Record<string, unknown>;
type Challenge = { id: string } & Body;
interface Criterion {
  id: string;
  name: string;
  description: string | null;
  weight: number;
}

const STATUSES: Status[] = ['draft', 'published', 'closed', 'archived'];
const ACTIONS: Action[] = ['publish', 'close', 'archive'];
const ACTORS: Actor[] = ['anonymous', 'partner', 'evaluator', 'director', 'department', 'otherDepartment', 'admin'];
/** The one transition each action allows (docs/product.md §3.1.2); every other status × action is 409. */
const TRANSITIONS: Record<Action, { from: Status; to: Status; stamp: 'publishedAt' | 'closedAt' | 'archivedAt' }> = {
  publish: { from: 'draft', to: 'published', stamp: 'publishedAt' },
  close: { from: 'published', to: 'closed', stamp: 'closedAt' },
  archive: { from: 'closed', to: 'archived', stamp: 'archivedAt' },
};
const STAMP_COLUMN = { publishedAt: 'published_at', closedAt: 'closed_at', archivedAt: 'archived_at' } as const;
const AUDIT_ACTION: Record<Action, string> = {
  publish: 'challenge.published',
  close: 'challenge.closed',
  archive: 'challenge.archived',
};

/** A moment in the past, as the API expects it. */
const minutesAgo = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();

/** `n` criteria named `Kriterium i`, with the given weights. */
const criteria = (...weights: number[]) => weights.map((weight, i) => ({ name: `Kriterium ${i + 1}`, weight }));

describe('challenges', () => {
  let t: TestApp;
  let users: Record<Exclude<Actor, 'anonymous'>, TestUser>;
  let vardId: string;
  let stadsbyggnadId: string;

  beforeAll(async () => {
    // Hundreds of requests a minute from one address: lift the throttle, which is not under test here.
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    vardId = await departmentId(t, 'vard-och-omsorgsforvaltningen');
    stadsbyggnadId = await departmentId(t, 'stadsbyggnadsforvaltningen');
    const cast = await createCast(t);
    const otherDepartment = await createUser(t, {
      roles: ['department'],
      departmentId: stadsbyggnadId,
      name: 'Other Department',
    });
    users = { ...cast, otherDepartment };
  });
  afterAll(() => t.close());

  const authOf = (who: Actor | TestUser): string | undefined =>
    typeof who === 'string' ? (who === 'anonymous' ? undefined : users[who].auth) : who.auth;
  const actorId = (who: Actor | TestUser): string | null =>
    typeof who === 'string' ? (who === 'anonymous' ? null : users[who].id) : who.id;

  /** One request as `who` (a named actor or a user); `body` is sent as JSON. */
  function call(method: 'get' | 'post' | 'patch', path: string, who: Actor | TestUser, body?: object) {
    const req = t.http()[method](path);
    const auth = authOf(who);
    if (auth) req.set('Authorization', auth);
    return body === undefined ? req : req.send(body);
  }
  const get = (id: string, who: Actor | TestUser = 'admin') => call('get', `${CHALLENGES}/${id}`, who);
  const patch = (id: string, who: Actor | TestUser, body: object) => call('patch', `${CHALLENGES}/${id}`, who, body);
  const act = (id: string, action: Action, who: Actor | TestUser = 'department') =>
    call('post', `${CHALLENGES}/${id}/${action}`, who);
  const create = (who: Actor | TestUser, body: object) => call('post', CHALLENGES, who, body);

  /** The stored row, every column: a refused request must leave it identical. */
  async function row(id: string): Promise<Body> {
    const [found] = await t.db.query<Body[]>(`SELECT * FROM challenges WHERE id = $1`, [id]);
    return found;
  }
  async function audit(id: string, action?: string): Promise<AuditRow[]> {
    const rows = await auditEvents(t, 'challenge', id);
    return action === undefined ? rows : rows.filter((r) => r.action === action);
  }
  async function challengeCount(): Promise<number> {
    const [{ count }] = await t.db.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM challenges`);
    return count;
  }
  async function auditCount(): Promise<number> {
    const [{ count }] = await t.db.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM audit_events WHERE entity_type = 'challenge'`,
    );
    return count;
  }
  /** Snapshot of a challenge's row and audit trail; `unchanged` asserts neither moved. */
  async function snapshot(id: string) {
    const before = { row: await row(id), audit: await audit(id) };
    return {
      before,
      async unchanged() {
        expect(await row(id)).toEqual(before.row);
        expect(await audit(id)).toEqual(before.audit);
      },
    };
  }
  const inStatus = (status: Status, overrides: Body = {}, by: TestUser = users.department) =>
    challengeIn(t, by, status, overrides) as Promise<Challenge>;

  /** `value` is an ISO timestamp between the two moments (inclusive). */
  function expectBetween(value: unknown, start: number, end: number): void {
    expect(value).toMatch(ISO_TIMESTAMP);
    const time = new Date(value as string).getTime();
    expect(time).toBeGreaterThanOrEqual(start);
    expect(time).toBeLessThanOrEqual(end);
  }

  describe('POST /challenges', () => {
    it('creates a draft for the department of the staff member, with ids for the criteria, audited', async () => {
      const before = await challengeCount();
      const res = await create('department', challengeBody({ submissionDeadline: '2099-03-01T12:00:00+01:00' }));
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(FULL_KEYS);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID),
        title: 'Minskad ensamhet bland äldre',
        summary: 'Hur kan digitala och fysiska mötesplatser minska ofrivillig ensamhet?',
        description: 'Äldreomsorgen i Helsingborg söker lösningar som minskar ofrivillig ensamhet.',
        welfareArea: 'healthcare',
        department: { id: vardId, name: VARD },
        status: 'draft',
        submissionDeadline: '2099-03-01T11:00:00.000Z',
        budgetSek: 500_000,
        testbedSite: 'Drottninghög',
        expectedEffects: 'Fewer residents reporting loneliness.',
        sdgs: [3, 10],
        tags: ['äldre', 'ensamhet'],
        blindReview: true,
        criteria: VALID_CRITERIA.map((c) => ({ ...c, id: expect.stringMatching(UUID) })),
        criteriaLocked: false,
        publishedAt: null,
        closedAt: null,
        archivedAt: null,
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
        updatedAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      const ids = (res.body.criteria as Criterion[]).map((c) => c.id);
      expect(new Set(ids).size).toBe(3);
      expect(await challengeCount()).toBe(before + 1);
      expect(await row(res.body.id)).toMatchObject({
        status: 'draft',
        department_id: vardId,
        created_by: users.department.id,
        welfare_area_code: 'healthcare',
        criteria_locked_at: null,
        published_at: null,
      });
      // The stored view is what a later GET returns.
      const read = await get(res.body.id, 'department');
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res.body);
    });

    it('stores tags trimmed and in lower case, sorts SDGs, defaults optional fields', async () => {
      const res = await create('department', {
        title: '  Trygga   stråk  ',
        summary: ' Belysning ',
        description: 'Trygghet i parker.',
        welfareArea: ' Security ',
        tags: ['  Trygghet ', 'LED-Belysning'],
        sdgs: [16, 11, 3],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        title: 'Trygga   stråk',
        summary: 'Belysning',
        welfareArea: 'security',
        tags: ['trygghet', 'led-belysning'],
        sdgs: [3, 11, 16],
        submissionDeadline: null,
        budgetSek: null,
        testbedSite: null,
        expectedEffects: null,
        blindReview: true,
        criteria: [],
      });
      expect(await row(res.body.id)).toMatchObject({ tags: ['trygghet', 'led-belysning'], sdgs: [3, 11, 16] });
    });

    it('accepts a draft with incomplete criteria and the boundary values of every field', async () => {
      const res = await create(
        'department',
        challengeBody({
          title: 'abc',
          summary: 's',
          description: 'd'.repeat(20_000),
          budgetSek: 2_147_483_647,
          sdgs: [1, 17],
          tags: Array.from({ length: 20 }, (_, i) => `${i}`.padEnd(50, 'x')),
          blindReview: false,
          criteria: Array.from({ length: 20 }, (_, i) => ({ name: `K${i}`.padEnd(200, 'k'), weight: 1 })),
          submissionDeadline: '2099-01-01T10:00Z',
        }),
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ title: 'abc', budgetSek: 2_147_483_647, sdgs: [1, 17], blindReview: false });
      expect(res.body.tags).toHaveLength(20);
      expect(res.body.criteria).toHaveLength(20);
      const long = await create('department', challengeBody({ title: 't'.repeat(200), budgetSek: 0, criteria: [] }));
      expect(long.status).toBe(201);
      expect(long.body).toMatchObject({ title: 't'.repeat(200), budgetSek: 0, criteria: [] });
    });

    it.each([
      ['anonymous', 401],
      ['partner', 403],
      ['evaluator', 403],
      ['director', 403],
    ] as const)('is %s → %i, writing nothing', async (actor, status) => {
      const [challenges, events] = [await challengeCount(), await auditCount()];
      expectProblem(await create(actor, challengeBody()), status);
      expect(await challengeCount()).toBe(challenges);
      expect(await auditCount()).toBe(events);
    });

    it('is 401 for a garbage bearer token, writing nothing', async () => {
      const before = await challengeCount();
      const res = await t.http().post(CHALLENGES).set('Authorization', 'Bearer not-a-jwt').send(challengeBody());
      expectProblem(res, 401);
      expect(await challengeCount()).toBe(before);
    });

    it.each([
      ['department', VARD],
      ['otherDepartment', STADSBYGGNAD],
    ] as const)('lets %s staff create for their own department, named or not', async (actor, name) => {
      const own = actor === 'department' ? vardId : stadsbyggnadId;
      const omitted = await create(actor, challengeBody());
      expect(omitted.status).toBe(201);
      expect(omitted.body.department).toEqual({ id: own, name });
      const named = await create(actor, challengeBody({ departmentId: own }));
      expect(named.status).toBe(201);
      expect(named.body.department).toEqual({ id: own, name });
    });

    it.each(['department', 'otherDepartment'] as const)(
      'is 403 when %s staff name another department (known or not), writing nothing',
      async (actor) => {
        const other = actor === 'department' ? stadsbyggnadId : vardId;
        const before = await challengeCount();
        expectProblem(await create(actor, challengeBody({ departmentId: other })), 403);
        expectProblem(await create(actor, challengeBody({ departmentId: randomUUID() })), 403);
        expect(await challengeCount()).toBe(before);
      },
    );

    it('lets an admin create for any department', async () => {
      for (const [id, name] of [
        [vardId, VARD],
        [stadsbyggnadId, STADSBYGGNAD],
      ]) {
        const res = await create('admin', challengeBody({ departmentId: id }));
        expect(res.status).toBe(201);
        expect(res.body.department).toEqual({ id, name });
        expect(await row(res.body.id)).toMatchObject({ department_id: id, created_by: users.admin.id });
      }
    });

    it('is 400 naming departmentId when an admin without a department names none, writing nothing', async () => {
      const before = await challengeCount();
      expectProblem(await create('admin', challengeBody()), 400, 'departmentId');
      expect(await challengeCount()).toBe(before);
    });

    it('uses the department of an admin who has one when none is named', async () => {
      const admin = await createUser(t, { roles: ['admin'], departmentId: stadsbyggnadId });
      const res = await create(admin, challengeBody());
      expect(res.status).toBe(201);
      expect(res.body.department).toEqual({ id: stadsbyggnadId, name: STADSBYGGNAD });
      const named = await create(admin, challengeBody({ departmentId: vardId }));
      expect(named.status).toBe(201);
      expect(named.body.department.id).toBe(vardId);
    });

    it('is 422 naming departmentId for an admin naming an unknown department, writing nothing', async () => {
      const [challenges, events] = [await challengeCount(), await auditCount()];
      expectProblem(await create('admin', challengeBody({ departmentId: randomUUID() })), 422, 'departmentId');
      expect(await challengeCount()).toBe(challenges);
      expect(await auditCount()).toBe(events);
    });

    it('is 422 naming welfareArea for an unknown welfare area, writing nothing', async () => {
      const [challenges, events] = [await challengeCount(), await auditCount()];
      const res = await create('department', challengeBody({ welfareArea: 'space-travel' }));
      expectProblem(res, 422, 'welfareArea');
      expect(res.body.detail).toContain('space-travel');
      expect(await challengeCount()).toBe(challenges);
      expect(await auditCount()).toBe(events);
    });

    it.each([
      ['title', 'a two-character title', { title: 'ab' }],
      ['title', 'two characters padded with spaces', { title: '  ab  ' }],
      ['title', 'a 201-character title', { title: 'x'.repeat(201) }],
      ['title', 'no title', { title: undefined }],
      ['title', 'a numeric title', { title: 12345 }],
      ['summary', 'an empty summary', { summary: '' }],
      ['summary', 'a blank summary', { summary: '   ' }],
      ['summary', 'a 1001-character summary', { summary: 'x'.repeat(1001) }],
      ['summary', 'no summary', { summary: undefined }],
      ['description', 'an empty description', { description: '' }],
      ['description', 'a 20001-character description', { description: 'x'.repeat(20_001) }],
      ['description', 'no description', { description: undefined }],
      ['welfareArea', 'a numeric welfareArea', { welfareArea: 4 }],
      ['welfareArea', 'an empty welfareArea', { welfareArea: '' }],
      ['welfareArea', 'no welfareArea', { welfareArea: undefined }],
      ['submissionDeadline', 'a deadline without a time zone', { submissionDeadline: '2027-01-01T10:00:00' }],
      ['submissionDeadline', 'a date without a time', { submissionDeadline: '2027-01-01' }],
      ['submissionDeadline', 'a deadline in words', { submissionDeadline: 'next friday' }],
      ['submissionDeadline', 'a deadline as epoch milliseconds', { submissionDeadline: 1_800_000_000_000 }],
      ['submissionDeadline', 'an impossible date', { submissionDeadline: '2027-02-30T10:00:00Z' }],
      ['budgetSek', 'a negative budget', { budgetSek: -1 }],
      ['budgetSek', 'a fractional budget', { budgetSek: 1.5 }],
      ['budgetSek', 'a budget above the integer range', { budgetSek: 2_147_483_648 }],
      ['budgetSek', 'a budget as a string', { budgetSek: '500000' }],
      ['testbedSite', 'an empty testbedSite', { testbedSite: '  ' }],
      ['testbedSite', 'a 201-character testbedSite', { testbedSite: 'x'.repeat(201) }],
      ['expectedEffects', 'a 5001-character expectedEffects', { expectedEffects: 'x'.repeat(5001) }],
      ['sdgs', 'SDG 0', { sdgs: [0] }],
      ['sdgs', 'SDG 18', { sdgs: [18] }],
      ['sdgs', 'a repeated SDG', { sdgs: [3, 3] }],
      ['sdgs', 'an SDG as a string', { sdgs: ['3'] }],
      ['sdgs', 'a fractional SDG', { sdgs: [3.5] }],
      ['sdgs', 'sdgs that are not an array', { sdgs: 3 }],
      ['sdgs', 'sdgs null', { sdgs: null }],
      ['tags', 'tags equal once lower-cased', { tags: ['Äldre', 'äldre'] }],
      ['tags', 'tags equal once trimmed', { tags: ['äldre', ' äldre '] }],
      ['tags', 'an empty tag', { tags: [''] }],
      ['tags', 'a blank tag', { tags: ['   '] }],
      ['tags', 'a 51-character tag', { tags: ['x'.repeat(51)] }],
      ['tags', '21 tags', { tags: Array.from({ length: 21 }, (_, i) => `tag-${i}`) }],
      ['tags', 'a numeric tag', { tags: [5] }],
      ['tags', 'tags that are a string', { tags: 'äldre' }],
      ['blindReview', 'blindReview as a string', { blindReview: 'true' }],
      ['blindReview', 'blindReview null', { blindReview: null }],
      ['criteria', 'criteria that are an object', { criteria: { name: 'K', weight: 100 } }],
      ['criteria', '21 criteria', { criteria: Array.from({ length: 21 }, (_, i) => ({ name: `K${i}`, weight: 1 })) }],
      ['criteria.0.weight', 'weight 0', { criteria: [{ name: 'K', weight: 0 }] }],
      ['criteria.0.weight', 'weight 101', { criteria: [{ name: 'K', weight: 101 }] }],
      [
        'criteria.1.weight',
        'a fractional weight',
        {
          criteria: [
            { name: 'A', weight: 50 },
            { name: 'B', weight: 49.5 },
          ],
        },
      ],
      ['criteria.0.weight', 'a weight as a string', { criteria: [{ name: 'K', weight: '100' }] }],
      ['criteria.0.weight', 'no weight', { criteria: [{ name: 'K' }] }],
      ['criteria.0.name', 'an empty criterion name', { criteria: [{ name: '', weight: 100 }] }],
      ['criteria.0.name', 'a blank criterion name', { criteria: [{ name: '   ', weight: 100 }] }],
      ['criteria.0.name', 'a 201-character criterion name', { criteria: [{ name: 'x'.repeat(201), weight: 100 }] }],
      ['criteria.0.name', 'no criterion name', { criteria: [{ weight: 100 }] }],
      [
        'criteria.0.description',
        'a 2001-character criterion description',
        { criteria: [{ name: 'K', description: 'x'.repeat(2001), weight: 100 }] },
      ],
      ['criteria.0.id', 'a malformed criterion id', { criteria: [{ id: 'nope', name: 'K', weight: 100 }] }],
      ['criteria.0.score', 'an unknown field in a criterion', { criteria: [{ name: 'K', weight: 100, score: 5 }] }],
      ['departmentId', 'a malformed departmentId', { departmentId: 'not-a-uuid' }],
      ['status', 'an unknown field status', { status: 'published' }],
      ['id', 'an unknown field id', { id: randomUUID() }],
      ['createdBy', 'an unknown field createdBy', { createdBy: randomUUID() }],
      ['criteriaLocked', 'an unknown field criteriaLocked', { criteriaLocked: true }],
      ['publishedAt', 'an unknown field publishedAt', { publishedAt: inDays(-1) }],
    ])('is 400 naming %s for %s, writing nothing', async (field, _label, override) => {
      const [challenges, events] = [await challengeCount(), await auditCount()];
      const res = await create('department', challengeBody(override));
      expectProblem(res, 400, field);
      expect(await challengeCount()).toBe(challenges);
      expect(await auditCount()).toBe(events);
    });

    it('validates before checking the department: an admin with a bad body gets 400, not 422', async () => {
      const res = await create('admin', challengeBody({ title: 'x', departmentId: randomUUID() }));
      expectProblem(res, 400, 'title');
    });

    it('is 400 for malformed JSON and for a JSON array body, writing nothing', async () => {
      const before = await challengeCount();
      const auth = users.department.auth;
      const malformed = await t
        .http()
        .post(CHALLENGES)
        .set('Authorization', auth)
        .set('content-type', 'application/json')
        .send('{"title": "Trasig');
      expectProblem(malformed, 400);
      const array = await t.http().post(CHALLENGES).set('Authorization', auth).send([challengeBody()]);
      expectProblem(array, 400);
      expect(await challengeCount()).toBe(before);
    });
  });

  describe('GET /challenges/:id: who sees which status', () => {
    /** One challenge of the Vård department in every status, read but never changed here. */
    let fixtures: Record<Status, Challenge>;
    let unknownDetail: string;

    beforeAll(async () => {
      fixtures = {
        draft: await inStatus('draft'),
        published: await inStatus('published'),
        closed: await inStatus('closed'),
        archived: await inStatus('archived'),
      };
      unknownDetail = (await get(randomUUID())).body.detail;
    });

    const SEES_DRAFTS: Record<Actor, boolean> = {
      anonymous: false,
      partner: false,
      evaluator: false,
      director: true,
      department: true,
      otherDepartment: false,
      admin: true,
    };
    const READS = ACTORS.flatMap((actor) =>
      STATUSES.map((status) => [actor, status, status !== 'draft' || SEES_DRAFTS[actor] ? 200 : 404] as const),
    );

    it.each(READS)('%s reading a %s challenge → %i', async (actor, status, expected) => {
      const fixture = fixtures[status];
      const res = await get(fixture.id, actor);
      if (expected === 200) {
        expect(res.status).toBe(200);
        // Issue 15 hole 7a: criteriaLocked (evaluation has begun) only for the city staff of the challenge.
        const { criteriaLocked, ...publicView } = fixture;
        const staff = SEES_DRAFTS[actor];
        expect(Object.keys(res.body).sort()).toEqual(
          staff ? FULL_KEYS : FULL_KEYS.filter((key) => key !== 'criteriaLocked'),
        );
        expect(res.body).toEqual(staff ? { ...publicView, criteriaLocked } : publicView);
        expect(res.body.status).toBe(status);
      } else {
        expectProblem(res, 404);
        // Indistinguishable from an id that does not exist: nothing about the draft leaks.
        expect(res.body.detail).toBe(unknownDetail);
        expect(res.text).not.toContain(fixture.title as string);
      }
    });

    it('shows a draft of another department to its own staff but not to Vård staff', async () => {
      const draft = await inStatus('draft', {}, users.otherDepartment);
      expect((await get(draft.id, 'otherDepartment')).status).toBe(200);
      expectProblem(await get(draft.id, 'department'), 404);
      expect((await get(draft.id, 'director')).status).toBe(200);
    });

    it('is 401 for a garbage bearer token even on a public challenge', async () => {
      const res = await t.http().get(`${CHALLENGES}/${fixtures.published.id}`).set('Authorization', 'Bearer nope');
      expectProblem(res, 401);
    });

    it('is 404 for an unknown id and 400 naming id for a malformed one, signed in or not', async () => {
      expectProblem(await get(randomUUID(), 'anonymous'), 404);
      expectProblem(await get(randomUUID(), 'admin'), 404);
      expectProblem(await get('not-a-uuid', 'anonymous'), 400, 'id');
      expectProblem(await get('not-a-uuid', 'admin'), 400, 'id');
    });
  });

  describe('writes: who may change which challenge', () => {
    const REFUSED = { anonymous: 401, partner: 403, evaluator: 403, director: 403 } as const;
    // [operation, status it is tried on, expected status per actor]; the challenge belongs to Vård
    // (`department`); `otherDepartment` is Stadsbyggnad staff, who must not learn that a draft exists.
    const MATRIX: [Op, Status, Record<Actor, number>][] = [
      ['patch', 'draft', { ...REFUSED, otherDepartment: 404, department: 200, admin: 200 }],
      ['patch', 'published', { ...REFUSED, otherDepartment: 403, department: 200, admin: 200 }],
      ['patch', 'closed', { ...REFUSED, otherDepartment: 403, department: 409, admin: 409 }],
      ['patch', 'archived', { ...REFUSED, otherDepartment: 403, department: 409, admin: 409 }],
      ['publish', 'draft', { ...REFUSED, otherDepartment: 404, department: 200, admin: 200 }],
      ['close', 'published', { ...REFUSED, otherDepartment: 403, department: 200, admin: 200 }],
      ['archive', 'closed', { ...REFUSED, otherDepartment: 403, department: 200, admin: 200 }],
    ];
    const CASES = MATRIX.flatMap(([op, status, expected]) =>
      ACTORS.map((actor) => [op, status, actor, expected[actor]] as const),
    );

    it.each(CASES)('%s of a %s challenge by %s → %i', async (op, status, actor, expected) => {
      const challenge = await inStatus(status);
      const state = await snapshot(challenge.id);
      const title = `Ny titel av ${actor}`;
      const res = op === 'patch' ? await patch(challenge.id, actor, { title }) : await act(challenge.id, op, actor);
      if (expected !== 200) {
        expectProblem(res, expected);
        if (expected === 404) expect(res.text).not.toContain(challenge.title as string);
        await state.unchanged();
        return;
      }
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(FULL_KEYS);
      const events = await audit(challenge.id);
      expect(events).toHaveLength(state.before.audit.length + 1);
      const last = events[events.length - 1];
      expect(last.actor_id).toBe(actorId(actor));
      if (op === 'patch') {
        expect(res.body).toMatchObject({ id: challenge.id, status, title });
        expect(await row(challenge.id)).toMatchObject({ title, status });
        expect(last).toMatchObject({ action: 'challenge.updated', after: { title } });
      } else {
        expect(res.body).toMatchObject({ id: challenge.id, status: TRANSITIONS[op].to });
        expect(await row(challenge.id)).toMatchObject({ status: TRANSITIONS[op].to });
        expect(last).toMatchObject({ action: AUDIT_ACTION[op] });
      }
    });

    it('lets the staff of the department an admin created a challenge for manage it, and nobody else', async () => {
      const created = await create('admin', challengeBody({ departmentId: stadsbyggnadId }));
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      expectProblem(await patch(id, 'department', { title: 'Vård försöker' }), 404);
      expectProblem(await act(id, 'publish', 'department'), 404);
      const edited = await patch(id, 'otherDepartment', { title: 'Stadsbyggnad ändrar' });
      expect(edited.status).toBe(200);
      const published = await act(id, 'publish', 'otherDepartment');
      expect(published.status).toBe(200);
      expect(published.body).toMatchObject({ status: 'published', title: 'Stadsbyggnad ändrar' });
      // Published: Vård staff now see it, but still may not change it.
      expect((await get(id, 'department')).status).toBe(200);
      expectProblem(await act(id, 'close', 'department'), 403);
      expect((await row(id)).status).toBe('published');
    });

    it.each(['partner', 'evaluator', 'director'] as const)(
      'answers %s the same 403 for a draft, a published challenge and an unknown id',
      async (actor) => {
        const draft = await inStatus('draft');
        const published = await inStatus('published');
        const strip = (res: Response) => ({ ...res.body, requestId: undefined, instance: undefined });
        const [a, b, c] = [
          await patch(draft.id, actor, { title: 'Försök' }),
          await patch(published.id, actor, { title: 'Försök' }),
          await patch(randomUUID(), actor, { title: 'Försök' }),
        ];
        for (const res of [a, b, c]) expectProblem(res, 403);
        expect(strip(a)).toEqual(strip(c));
        expect(strip(b)).toEqual(strip(c));
      },
    );

    it.each(['patch', ...ACTIONS] as Op[])(
      '%s: 404 for an unknown id, 400 naming id for a malformed one',
      async (op) => {
        const send = (id: string) => (op === 'patch' ? patch(id, 'admin', { title: 'Okänd' }) : act(id, op, 'admin'));
        expectProblem(await send(randomUUID()), 404);
        expectProblem(await send('not-a-uuid'), 400, 'id');
        expectProblem(await send('12345'), 400, 'id');
      },
    );
  });

  describe('lifecycle: every status × action', () => {
    const CASES = STATUSES.flatMap((status) =>
      ACTIONS.map((action) => [status, action, TRANSITIONS[action].from === status ? 200 : 409] as const),
    );

    it.each(CASES)('%s → %s is %i', async (status, action, expected) => {
      const challenge = await inStatus(status);
      const state = await snapshot(challenge.id);
      const start = Date.now();
      const res = await act(challenge.id, action, 'department');
      const end = Date.now();
      if (expected === 409) {
        expectProblem(res, 409);
        expect(res.body.detail).toMatch(new RegExp(status));
        await state.unchanged();
        return;
      }
      const { to, stamp } = TRANSITIONS[action];
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(to);
      expectBetween(res.body[stamp], start, end);
      // Earlier timestamps are kept, later ones not yet set.
      const stamps = ['publishedAt', 'closedAt', 'archivedAt'] as const;
      for (const other of stamps.filter((s) => s !== stamp)) {
        const index = stamps.indexOf(other);
        if (index < stamps.indexOf(stamp)) expect(res.body[other]).toBe(challenge[other]);
        else expect(res.body[other]).toBeNull();
      }
      expect(new Date(res.body.updatedAt).getTime()).toBeGreaterThan(new Date(challenge.updatedAt as string).getTime());
      const stored = await row(challenge.id);
      expect(stored.status).toBe(to);
      expect((stored[STAMP_COLUMN[stamp]] as Date).toISOString()).toBe(res.body[stamp]);
      // Anyone reads what staff got back, except criteriaLocked (issue 15 hole 7a).
      const { criteriaLocked: _staffOnly, ...publicView } = res.body as Challenge;
      expect((await get(challenge.id, 'anonymous')).body).toEqual(publicView);
    });

    it('walks draft → published → closed → archived, keeping every timestamp', async () => {
      const draft = await createChallenge(t, users.department);
      const published = (await act(draft.id, 'publish')).body;
      const closed = (await act(draft.id, 'close')).body;
      const archived = (await act(draft.id, 'archive')).body;
      expect(archived).toMatchObject({
        status: 'archived',
        publishedAt: published.publishedAt,
        closedAt: closed.closedAt,
        archivedAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      expect(new Date(published.publishedAt).getTime()).toBeLessThanOrEqual(new Date(closed.closedAt).getTime());
      expect(new Date(closed.closedAt).getTime()).toBeLessThanOrEqual(new Date(archived.archivedAt).getTime());
      // And nothing more: an archived challenge takes no action.
      for (const action of ACTIONS) expectProblem(await act(draft.id, action), 409);
    });
  });

  describe('publish preconditions', () => {
    it.each([
      ['no deadline', { submissionDeadline: null }, 'submissionDeadline', /submissionDeadline is required/],
      ['a deadline a minute ago', { submissionDeadline: minutesAgo(1) }, 'submissionDeadline', /in the future/],
      ['a deadline last year', { submissionDeadline: inDays(-365) }, 'submissionDeadline', /in the future/],
      ['criteria weights summing to 90', { criteria: criteria(40, 35, 15) }, 'criteria', /sum to 90\b/],
      ['criteria weights summing to 110', { criteria: criteria(60, 50) }, 'criteria', /sum to 110\b/],
      ['no criteria', { criteria: [] }, 'criteria', /at least one criterion/],
      [
        'criterion names repeated (ignoring case)',
        {
          criteria: [
            { name: 'Kostnad', weight: 50 },
            { name: 'KOSTNAD', weight: 50 },
          ],
        },
        'criteria',
        /unique.*kostnad/,
      ],
    ])(
      'is 422 naming the field for %s; the draft stays a draft, unaudited',
      async (_label, overrides, field, message) => {
        const draft = await createChallenge(t, users.department, overrides);
        const state = await snapshot(draft.id);
        const res = await act(draft.id, 'publish');
        expectProblem(res, 422, field);
        expect(res.body.detail).toMatch(message);
        expect(res.body.errors.find((e: { field: string }) => e.field === field).message).toMatch(message);
        await state.unchanged();
        expect((await row(draft.id)).status).toBe('draft');
        expect((await get(draft.id)).body).toMatchObject({ status: 'draft', publishedAt: null });
        expect(await audit(draft.id, 'challenge.published')).toEqual([]);
        expectProblem(await get(draft.id, 'anonymous'), 404);
      },
    );

    it('reports every problem at once', async () => {
      const draft = await createChallenge(t, users.department, {
        submissionDeadline: null,
        criteria: criteria(45, 45),
      });
      const res = await act(draft.id, 'publish');
      expectProblem(res, 422);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['criteria', 'submissionDeadline']);
      expect(res.body.detail).toMatch(/sum to 90/);
      expect((await row(draft.id)).status).toBe('draft');
    });

    it('publishes once the draft is fixed, with a single criterion of weight 100', async () => {
      const draft = await createChallenge(t, users.department, { submissionDeadline: null, criteria: criteria(90) });
      expectProblem(await act(draft.id, 'publish'), 422);
      const fixed = await patch(draft.id, 'department', {
        submissionDeadline: inDays(14),
        criteria: [{ name: 'Allt', weight: 100 }],
      });
      expect(fixed.status).toBe(200);
      const res = await act(draft.id, 'publish');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'published', criteria: [expect.objectContaining({ weight: 100 })] });
      expect(await audit(draft.id, 'challenge.published')).toHaveLength(1);
    });
  });

  describe('PATCH /challenges/:id', () => {
    describe('a draft', () => {
      it('may change every field, including clearing the deadline and leaving criteria incomplete; audited', async () => {
        const draft = await createChallenge(t, users.department);
        const res = await patch(draft.id, 'department', {
          title: 'Trygga skolvägar',
          summary: 'Säkrare väg till skolan',
          description: 'Barn ska kunna gå och cykla tryggt.',
          expectedEffects: null,
          testbedSite: null,
          tags: [' Skola ', 'TRAFIK'],
          sdgs: [11, 3],
          welfareArea: 'Security',
          budgetSek: null,
          blindReview: false,
          submissionDeadline: null,
          criteria: [{ name: 'Halva', weight: 50 }],
        });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          id: draft.id,
          status: 'draft',
          title: 'Trygga skolvägar',
          summary: 'Säkrare väg till skolan',
          description: 'Barn ska kunna gå och cykla tryggt.',
          expectedEffects: null,
          testbedSite: null,
          tags: ['skola', 'trafik'],
          sdgs: [3, 11],
          welfareArea: 'security',
          budgetSek: null,
          blindReview: false,
          submissionDeadline: null,
          criteria: [{ id: expect.stringMatching(UUID), name: 'Halva', description: null, weight: 50 }],
        });
        expect(res.body.criteria[0].id).not.toBe((draft.criteria as Criterion[])[0].id);
        expect(await row(draft.id)).toMatchObject({
          welfare_area_code: 'security',
          budget_sek: null,
          blind_review: false,
          submission_deadline: null,
        });
        const events = await audit(draft.id, 'challenge.updated');
        expect(events).toHaveLength(1);
        expect(events[0].actor_id).toBe(users.department.id);
        expect(events[0].before).toEqual({
          title: draft.title,
          summary: draft.summary,
          description: draft.description,
          expectedEffects: draft.expectedEffects,
          testbedSite: draft.testbedSite,
          tags: draft.tags,
          sdgs: draft.sdgs,
          welfareArea: 'healthcare',
          budgetSek: 500_000,
          blindReview: true,
          submissionDeadline: draft.submissionDeadline,
          criteria: draft.criteria,
        });
        expect(events[0].after).toEqual({
          title: 'Trygga skolvägar',
          summary: 'Säkrare väg till skolan',
          description: 'Barn ska kunna gå och cykla tryggt.',
          expectedEffects: null,
          testbedSite: null,
          tags: ['skola', 'trafik'],
          sdgs: [3, 11],
          welfareArea: 'security',
          budgetSek: null,
          blindReview: false,
          submissionDeadline: null,
          criteria: res.body.criteria,
        });
      });

      it('audits only the fields that actually change', async () => {
        const draft = await createChallenge(t, users.department);
        const res = await patch(draft.id, 'department', {
          title: draft.title,
          sdgs: [10, 3],
          budgetSek: 500_000,
          summary: 'En ny sammanfattning',
        });
        expect(res.status).toBe(200);
        const events = await audit(draft.id, 'challenge.updated');
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({
          before: { summary: draft.summary },
          after: { summary: 'En ny sammanfattning' },
        });
        expect(Object.keys(events[0].before ?? {})).toEqual(['summary']);
        expect(Object.keys(events[0].after ?? {})).toEqual(['summary']);
      });

      it('does not count the criteria it has, sent back with an edit, as a change (stored as jsonb, keys reordered)', async () => {
        const draft = await createChallenge(t, users.department);
        const res = await patch(draft.id, 'department', { summary: 'Bara sammanfattningen', criteria: draft.criteria });
        expect(res.status).toBe(200);
        expect(res.body.criteria).toEqual(draft.criteria);
        const events = await audit(draft.id, 'challenge.updated');
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({
          before: { summary: draft.summary },
          after: { summary: 'Bara sammanfattningen' },
        });
        expect(Object.keys(events[0].before ?? {})).toEqual(['summary']);
        expect(Object.keys(events[0].after ?? {})).toEqual(['summary']);
      });

      it('is 422 naming welfareArea for an unknown welfare area, changing nothing', async () => {
        const draft = await createChallenge(t, users.department);
        const state = await snapshot(draft.id);
        expectProblem(await patch(draft.id, 'department', { welfareArea: 'space-travel' }), 422, 'welfareArea');
        await state.unchanged();
      });

      it.each([
        ['title', { title: null }],
        ['title', { title: 'ab' }],
        ['summary', { summary: '' }],
        ['description', { description: null }],
        ['submissionDeadline', { submissionDeadline: '2027-01-01T10:00:00' }],
        ['budgetSek', { budgetSek: -5 }],
        ['sdgs', { sdgs: [0] }],
        ['tags', { tags: ['A', 'a'] }],
        ['tags', { tags: null }],
        ['blindReview', { blindReview: 'no' }],
        ['criteria', { criteria: null }],
        ['criteria.0.weight', { criteria: [{ name: 'K', weight: 0 }] }],
        ['criteria.0.id', { criteria: [{ id: 'nope', name: 'K', weight: 100 }] }],
        ['departmentId', { departmentId: randomUUID() }],
        ['status', { status: 'published' }],
        ['publishedAt', { publishedAt: inDays(-1) }],
      ])('is 400 naming %s for %p, changing nothing', async (field, body) => {
        const draft = await createChallenge(t, users.department);
        const state = await snapshot(draft.id);
        expectProblem(await patch(draft.id, 'department', body), 400, field);
        await state.unchanged();
      });
    });

    describe('a published challenge', () => {
      it.each([
        ['title', 'Ny publicerad titel'],
        ['summary', 'Ny sammanfattning'],
        ['description', 'En utförligare beskrivning.'],
        ['expectedEffects', 'Färre fallolyckor.'],
        ['expectedEffects', null],
        ['testbedSite', 'Oceanhamnen'],
        ['testbedSite', null],
        ['tags', ['fallprevention']],
        ['sdgs', [3]],
      ])('may change %s to %p, audited', async (field, value) => {
        const challenge = await inStatus('published');
        const res = await patch(challenge.id, 'department', { [field]: value });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ status: 'published', [field]: value });
        const events = await audit(challenge.id, 'challenge.updated');
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({
          actor_id: users.department.id,
          before: { [field]: challenge[field] },
          after: { [field]: value },
        });
      });

      it('may move the deadline later', async () => {
        const challenge = await inStatus('published');
        const later = inDays(60);
        const res = await patch(challenge.id, 'department', { submissionDeadline: later });
        expect(res.status).toBe(200);
        expect(res.body.submissionDeadline).toBe(later);
        expect(((await row(challenge.id)).submission_deadline as Date).toISOString()).toBe(later);
        expect(await audit(challenge.id, 'challenge.updated')).toEqual([
          expect.objectContaining({
            before: { submissionDeadline: challenge.submissionDeadline },
            after: { submissionDeadline: later },
          }),
        ]);
      });

      it.each([
        ['an earlier (still future) deadline', () => inDays(10), 422],
        ['a deadline in the past', () => minutesAgo(5), 422],
        ['no deadline', () => null, 422],
      ])('is %s → %i naming submissionDeadline, changing nothing', async (_label, deadline, status) => {
        const challenge = await inStatus('published');
        const state = await snapshot(challenge.id);
        const res = await patch(challenge.id, 'department', { submissionDeadline: deadline() });
        expectProblem(res, status, 'submissionDeadline');
        await state.unchanged();
      });

      it.each([
        ['welfareArea', 'security'],
        ['welfareArea', 'no-such-area'],
        ['budgetSek', 750_000],
        ['budgetSek', null],
        ['blindReview', false],
      ])('is 409 naming %s when changing it to %p, changing nothing', async (field, value) => {
        const challenge = await inStatus('published');
        const state = await snapshot(challenge.id);
        const res = await patch(challenge.id, 'department', { title: 'Också en ny titel', [field]: value });
        expectProblem(res, 409, field);
        expect(res.body.detail).toContain(field);
        await state.unchanged();
      });

      it('accepts the fixed fields when they keep their values', async () => {
        const challenge = await inStatus('published');
        const res = await patch(challenge.id, 'department', {
          welfareArea: 'healthcare',
          budgetSek: 500_000,
          blindReview: true,
          title: 'Bara titeln ändras',
        });
        expect(res.status).toBe(200);
        const events = await audit(challenge.id, 'challenge.updated');
        expect(events).toHaveLength(1);
        expect(events[0].after).toEqual({ title: 'Bara titeln ändras' });
      });

      it('may change criteria that stay valid, keeping the ids it names', async () => {
        const challenge = await inStatus('published');
        const [a, b, c] = challenge.criteria as Criterion[];
        const res = await patch(challenge.id, 'department', {
          criteria: [
            { id: a.id, name: a.name, description: a.description, weight: 50 },
            { id: b.id, name: 'Genomförbarhet i staden', weight: 25 },
            { id: c.id, name: c.name, weight: 25 },
          ],
        });
        expect(res.status).toBe(200);
        expect(res.body.criteria).toEqual([
          { id: a.id, name: a.name, description: a.description, weight: 50 },
          { id: b.id, name: 'Genomförbarhet i staden', description: null, weight: 25 },
          { id: c.id, name: c.name, description: null, weight: 25 },
        ]);
        expect(res.body.status).toBe('published');
      });

      it.each([
        ['weights summing to 90', criteria(40, 35, 15), /sum to 90\b/],
        ['no criteria', [], /at least one criterion/],
        [
          'repeated names',
          [
            { name: 'Pris', weight: 50 },
            { name: 'pris', weight: 50 },
          ],
          /unique/,
        ],
      ])('is 422 naming criteria for %s, changing nothing', async (_label, value, message) => {
        const challenge = await inStatus('published');
        const state = await snapshot(challenge.id);
        const res = await patch(challenge.id, 'department', { criteria: value });
        expectProblem(res, 422, 'criteria');
        expect(res.body.detail).toMatch(message);
        await state.unchanged();
      });
    });

    describe.each(['closed', 'archived'] as const)('a %s challenge', (status) => {
      it.each([
        ['title', { title: 'Sen ändring' }],
        ['tags', { tags: ['sent'] }],
        ['submissionDeadline', { submissionDeadline: inDays(90) }],
        ['criteria', { criteria: criteria(100) }],
        ['budgetSek', { budgetSek: 1 }],
      ])('is 409 for a change of %s, changing nothing', async (_field, body) => {
        const challenge = await inStatus(status);
        const state = await snapshot(challenge.id);
        const res = await patch(challenge.id, 'admin', body);
        expectProblem(res, 409);
        expect(res.body.detail).toContain(status);
        await state.unchanged();
      });
    });

    describe('issue 15 hole 4: a published challenge past its deadline is closed for every rule', () => {
      /** A published challenge whose deadline has just passed, the close job not yet run; with a late draft. */
      async function pastDeadline() {
        const challenge = await inStatus('published');
        const partner = await createUser(t);
        const organization = await createOrganization(t, partner);
        const draft = await createProposal(t, partner, challenge.id, organization.id);
        await t.db.query(`UPDATE challenges SET submission_deadline = now() - interval '1 minute' WHERE id = $1`, [
          challenge.id,
        ]);
        return { challenge: (await get(challenge.id)).body as Challenge, partner, organization, draft };
      }

      it('refuses to move the deadline later (422 naming the rule), so the late draft stays unsubmittable', async () => {
        const { challenge, partner, draft } = await pastDeadline();
        expect(challenge.status).toBe('published');
        const state = await snapshot(challenge.id);
        const res = await patch(challenge.id, 'department', { submissionDeadline: inDays(30) });
        expectProblem(res, 422, 'submissionDeadline');
        expect(res.body.detail).toMatch(/deadline has passed/);
        await state.unchanged();
        const submitted = await t
          .http()
          .post(`/api/v1/proposals/${draft.id}/submit`)
          .set('Authorization', partner.auth);
        expectProblem(submitted, 422, 'challenge');
      });

      it('refuses every other edit as for a closed challenge (422 naming the rule)', async () => {
        const { challenge } = await pastDeadline();
        const state = await snapshot(challenge.id);
        const res = await patch(challenge.id, 'department', { title: 'En sen ny titel' });
        expectProblem(res, 422, 'title');
        expect(res.body.detail).toMatch(/deadline has passed/);
        await state.unchanged();
      });

      it('refuses new proposals', async () => {
        const { challenge, partner, organization } = await pastDeadline();
        const res = await t
          .http()
          .post(`${CHALLENGES}/${challenge.id}/proposals`)
          .set('Authorization', partner.auth)
          .send({
            leadOrganizationId: organization.id,
            title: 'Sent förslag',
            summary: 'För sent.',
            description: 'För sent inskickat.',
            requestedBudgetSek: 1000,
            durationMonths: 6,
          });
        expectProblem(res, 422, 'challenge');
      });

      it('still lets staff close it by hand', async () => {
        const { challenge } = await pastDeadline();
        const res = await act(challenge.id, 'close');
        expect(res.status).toBe(200);
        expect(res.body.status).toBe('closed');
      });
    });

    describe('a PATCH that changes nothing', () => {
      it.each(STATUSES)('is 200 on a %s challenge, with no audit event and no write', async (status) => {
        const challenge = await inStatus(status);
        const [a, b, c] = challenge.criteria as Criterion[];
        const state = await snapshot(challenge.id);
        for (const body of [
          {},
          { title: challenge.title },
          { title: ` ${challenge.title as string} `, tags: ['ÄLDRE', 'ensamhet'], sdgs: [10, 3] },
          { submissionDeadline: challenge.submissionDeadline, welfareArea: 'HEALTHCARE', budgetSek: 500_000 },
          { criteria: [a, b, c] },
        ]) {
          const res = await patch(challenge.id, 'department', body);
          expect(res.status).toBe(200);
          expect(res.body).toEqual(challenge);
        }
        await state.unchanged();
      });

      it('treats the same deadline in another time zone as no change', async () => {
        const challenge = await inStatus('published', { submissionDeadline: '2099-06-01T12:00:00Z' });
        const state = await snapshot(challenge.id);
        const res = await patch(challenge.id, 'department', { submissionDeadline: '2099-06-01T14:00:00+02:00' });
        expect(res.status).toBe(200);
        expect(res.body.submissionDeadline).toBe('2099-06-01T12:00:00.000Z');
        await state.unchanged();
      });
    });

    describe('criteria locked by a submitted review', () => {
      async function lockedChallenge(): Promise<Challenge> {
        const challenge = await inStatus('published');
        await t.db.query(`UPDATE challenges SET criteria_locked_at = now() WHERE id = $1`, [challenge.id]);
        return challenge;
      }

      it('reports criteriaLocked: true to the city staff of the challenge', async () => {
        const challenge = await lockedChallenge();
        expect(challenge.criteriaLocked).toBe(false);
        for (const who of ['department', 'director', 'admin'] as const) {
          expect({ who, criteriaLocked: (await get(challenge.id, who)).body.criteriaLocked }).toEqual({
            who,
            criteriaLocked: true,
          });
        }
      });

      it('issue 15 hole 7a: tells nobody else that evaluation has begun (no criteriaLocked)', async () => {
        const challenge = await lockedChallenge();
        for (const who of ['anonymous', 'partner', 'evaluator', 'otherDepartment'] as const) {
          const res = await get(challenge.id, who);
          expect(res.status).toBe(200);
          expect({ who, keys: Object.keys(res.body) }).toEqual({
            who,
            keys: expect.not.arrayContaining(['criteriaLocked']),
          });
        }
      });

      it.each([
        ['new weights', (c: Criterion[]) => c.map((k, i) => ({ ...k, weight: [50, 25, 25][i] }))],
        ['a renamed criterion', (c: Criterion[]) => c.map((k, i) => (i === 0 ? { ...k, name: 'Nytt namn' } : k))],
        ['the same criteria without their ids', (c: Criterion[]) => c.map(({ id: _id, ...k }) => k)],
        ['one criterion fewer', (c: Criterion[]) => [c[0], { ...c[1], weight: 60 }]],
      ])('is 409 naming criteria for %s, changing nothing', async (_label, change) => {
        const challenge = await lockedChallenge();
        const state = await snapshot(challenge.id);
        const res = await patch(challenge.id, 'department', { criteria: change(challenge.criteria as Criterion[]) });
        expectProblem(res, 409, 'criteria');
        await state.unchanged();
      });

      it('still lets other fields change, and accepts the unchanged criteria', async () => {
        const challenge = await lockedChallenge();
        const res = await patch(challenge.id, 'department', {
          title: 'Ny titel trots låsta kriterier',
          submissionDeadline: inDays(45),
          criteria: challenge.criteria,
        });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          title: 'Ny titel trots låsta kriterier',
          criteria: challenge.criteria,
          criteriaLocked: true,
        });
        const events = await audit(challenge.id, 'challenge.updated');
        expect(events).toHaveLength(1);
        expect(Object.keys(events[0].after ?? {}).sort()).toEqual(['submissionDeadline', 'title']);
      });
    });

    describe('criterion ids', () => {
      it('keeps a named id, gives an unnamed criterion a new one, and drops the ones left out', async () => {
        const draft = await createChallenge(t, users.department);
        const [a, b, c] = draft.criteria as Criterion[];
        const res = await patch(draft.id, 'department', {
          criteria: [
            { id: c.id, name: c.name, weight: 30 },
            { name: 'Ny punkt', description: 'Helt ny', weight: 30 },
            { id: a.id, name: a.name, description: a.description, weight: 40 },
          ],
        });
        expect(res.status).toBe(200);
        const [first, second, third] = res.body.criteria as Criterion[];
        expect(first).toEqual({ id: c.id, name: c.name, description: null, weight: 30 });
        expect(third).toEqual({ id: a.id, name: a.name, description: a.description, weight: 40 });
        expect(second).toEqual({
          id: expect.stringMatching(UUID),
          name: 'Ny punkt',
          description: 'Helt ny',
          weight: 30,
        });
        expect([a.id, b.id, c.id]).not.toContain(second.id);
        expect((await row(draft.id)).criteria).toEqual(res.body.criteria);
        // The new id sticks on the next edit.
        const again = await patch(draft.id, 'department', { criteria: [{ ...second, weight: 100 }] });
        expect(again.status).toBe(200);
        expect(again.body.criteria).toEqual([{ ...second, weight: 100 }]);
      });

      it.each([
        ['the id of another challenge’s criterion', 'foreign'],
        ['an id that names no criterion', 'random'],
        ['the same id twice', 'twice'],
      ] as const)('is 422 naming criteria.1.id for %s, changing nothing', async (_label, kind) => {
        const draft = await createChallenge(t, users.department);
        const other = await createChallenge(t, users.department);
        const [a] = draft.criteria as Criterion[];
        const id = { foreign: (other.criteria as Criterion[])[0].id, random: randomUUID(), twice: a.id }[kind];
        const state = await snapshot(draft.id);
        const res = await patch(draft.id, 'department', {
          criteria: [
            { id: a.id, name: a.name, weight: 50 },
            { id, name: 'Lånad', weight: 50 },
          ],
        });
        expectProblem(res, 422, 'criteria.1.id');
        await state.unchanged();
      });

      it('is 422 naming criteria.0.id on create for any id', async () => {
        const other = await createChallenge(t, users.department);
        const before = await challengeCount();
        const id = (other.criteria as Criterion[])[0].id;
        const res = await create('department', challengeBody({ criteria: [{ id, name: 'Kopierad', weight: 100 }] }));
        expectProblem(res, 422, 'criteria.0.id');
        expect(await challengeCount()).toBe(before);
      });
    });
  });

  describe('audit trail', () => {
    it('records create, update and every transition with actor, before, after and request id', async () => {
      const created = await create('department', challengeBody({ submissionDeadline: inDays(20) }));
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const updated = await patch(id, 'admin', { title: 'Granskad titel', sdgs: [3] });
      const published = await act(id, 'publish', 'department');
      const later = inDays(40);
      const moved = await patch(id, 'department', { submissionDeadline: later });
      const closed = await act(id, 'close', 'admin');
      const archived = await act(id, 'archive', 'department');
      const responses = [created, updated, published, moved, closed, archived];
      for (const res of responses) expect(res.status).toBeLessThan(300);

      const events = await audit(id);
      expect(events.map((e) => e.action)).toEqual([
        'challenge.created',
        'challenge.updated',
        'challenge.published',
        'challenge.updated',
        'challenge.closed',
        'challenge.archived',
      ]);
      expect(events.map((e) => e.actor_id)).toEqual([
        users.department.id,
        users.admin.id,
        users.department.id,
        users.department.id,
        users.admin.id,
        users.department.id,
      ]);
      expect(events.map((e) => e.request_id)).toEqual(responses.map((r) => r.headers['x-request-id']));

      const body = created.body;
      expect(events[0].before).toBeNull();
      expect(events[0].after).toEqual({
        title: body.title,
        summary: body.summary,
        description: body.description,
        welfareArea: 'healthcare',
        departmentId: vardId,
        status: 'draft',
        submissionDeadline: body.submissionDeadline,
        budgetSek: body.budgetSek,
        testbedSite: body.testbedSite,
        expectedEffects: body.expectedEffects,
        sdgs: body.sdgs,
        tags: body.tags,
        blindReview: true,
        criteria: body.criteria,
      });
      expect(events[1]).toMatchObject({
        before: { title: body.title, sdgs: [3, 10] },
        after: { title: 'Granskad titel', sdgs: [3] },
      });
      expect(events[2]).toMatchObject({ before: { status: 'draft' }, after: { status: 'published' } });
      expect(events[3]).toMatchObject({
        before: { submissionDeadline: body.submissionDeadline },
        after: { submissionDeadline: later },
      });
      expect(events[4]).toMatchObject({ before: { status: 'published' }, after: { status: 'closed' } });
      expect(events[5]).toMatchObject({ before: { status: 'closed' }, after: { status: 'archived' } });
      for (const event of events.slice(1)) {
        expect(Object.keys(event.before ?? {}).sort()).toEqual(Object.keys(event.after ?? {}).sort());
      }
      for (const event of [events[2], events[4], events[5]]) {
        expect(Object.keys(event.after ?? {})).toEqual(['status']);
      }
    });

    it('writes nothing for refused requests of any kind', async () => {
      const draft = await createChallenge(t, users.department, { criteria: criteria(50) });
      const published = await inStatus('published');
      const events = await auditCount();
      const refusals: [Response, number][] = [
        [await act(draft.id, 'publish'), 422],
        [await act(draft.id, 'close'), 409],
        [await act(draft.id, 'publish', 'director'), 403],
        [await act(draft.id, 'publish', 'otherDepartment'), 404],
        [await patch(draft.id, 'partner', { title: 'Partnerns titel' }), 403],
        [await patch(draft.id, 'department', { welfareArea: 'okänt' }), 422],
        [await patch(published.id, 'department', { budgetSek: 1 }), 409],
        [await patch(published.id, 'department', { submissionDeadline: inDays(1) }), 422],
        [await patch(published.id, 'department', { criteria: criteria(90) }), 422],
        [await patch(published.id, 'department', { title: 'x' }), 400],
        [await act(published.id, 'archive', 'admin'), 409],
        [await create('department', challengeBody({ welfareArea: 'okänt' })), 422],
        [await create('department', challengeBody({ departmentId: stadsbyggnadId })), 403],
      ];
      for (const [res, status] of refusals) expectProblem(res, status);
      expect(await auditCount()).toBe(events);
    });
  });

  describe('concurrency', () => {
    it('of 10 simultaneous publishes of one draft exactly one wins, audited once', async () => {
      const draft = await createChallenge(t, users.department);
      const callers = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? users.department : users.admin));
      const results = await Promise.all(callers.map((caller) => act(draft.id, 'publish', caller)));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, ...Array<number>(9).fill(409)]);
      for (const res of results.filter((r) => r.status === 409)) expectProblem(res, 409);
      const winner = results.find((r) => r.status === 200);
      expect(winner?.body.status).toBe('published');
      const events = await audit(draft.id, 'challenge.published');
      expect(events).toHaveLength(1);
      expect(events[0].request_id).toBe(winner?.headers['x-request-id']);
      const stored = await row(draft.id);
      expect(stored.status).toBe('published');
      expect((stored.published_at as Date).toISOString()).toBe(winner?.body.publishedAt);
    });

    it('of 10 simultaneous closes of one published challenge exactly one wins, audited once', async () => {
      const challenge = await inStatus('published');
      const results = await Promise.all(Array.from({ length: 10 }, () => act(challenge.id, 'close', 'admin')));
      expect(results.map((r) => r.status).sort()).toEqual([200, ...Array<number>(9).fill(409)]);
      expect(await audit(challenge.id, 'challenge.closed')).toHaveLength(1);
      expect((await row(challenge.id)).status).toBe('closed');
    });
  });
});
