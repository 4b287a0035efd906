import { randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { SEARCH_CANDIDATES } from '../src/challenges/challenges.repository';
import { ChallengesService } from '../src/challenges/challenges.service';
import { challengeIn, createChallenge, inDays } from './factories/challenges';
import { createCast, createUser, departmentId, TestUser } from './factories/users';
import { auditEvents, expectProblem, statementsOf } from './support/expectations';
import { startTestApp, TestApp } from './support/test-app';

const CHALLENGES = '/api/v1/challenges';
const SUMMARY_KEYS = [
  'budgetSek',
  'createdAt',
  'department',
  'id',
  'publishedAt',
  'sdgs',
  'status',
  'submissionDeadline',
  'summary',
  'tags',
  'testbedSite',
  'title',
  'welfareArea',
];

type Cast = Awaited<ReturnType<typeof createCast>>;
type Query = Record<string, string | number>;

interface Item {
  id: string;
  title: string;
  summary: string;
  status: string;
  welfareArea: string;
  department: { id: string; name: string };
  sdgs: number[];
  tags: string[];
  submissionDeadline: string | null;
  createdAt: string;
}

interface Page {
  items: Item[];
  nextCursor: string | null;
}

/** Eight random letters: a word no stemmer or stop list knows, unique to one test. */
function word(): string {
  return Array.from(randomBytes(8), (b) => String.fromCharCode(97 + (b % 26))).join('');
}

/** A cursor as the API encodes one (base64url JSON of the sort key), for forging. */
function cursorOf(key: unknown): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

const ids = (items: { id: string }[]): string[] => items.map((item) => item.id);

function listRequest(t: TestApp, query: Query, user?: TestUser) {
  const req = t.http().get(CHALLENGES).query(query);
  return user ? req.set('Authorization', user.auth) : req;
}

/** One page, asserting a 200 `{items, nextCursor}`. */
async function listPage(t: TestApp, query: Query, user?: TestUser): Promise<Page> {
  const res = await listRequest(t, query, user);
  expect(res.status).toBe(200);
  expect(Object.keys(res.body).sort()).toEqual(['items', 'nextCursor']);
  return res.body as Page;
}

/** Every item of a list, following the cursor 100 at a time. */
async function listAll(t: TestApp, query: Query, user?: TestUser): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const page = await listPage(t, { ...query, limit: 100, ...(cursor ? { cursor } : {}) }, user);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/**
 * Pages through a list `limit` at a time; before each next page `between()` starts, and runs
 * concurrently with that page's request. Returns every item in page order.
 */
async function pageThrough(
  t: TestApp,
  query: Query,
  limit: number,
  between: () => Promise<unknown> = () => Promise.resolve(),
): Promise<Item[]> {
  const items: Item[] = [];
  let page = await listPage(t, { ...query, limit });
  items.push(...page.items);
  for (let n = 0; page.nextCursor !== null; n += 1) {
    if (n > 50) throw new Error('pageThrough: more than 50 pages');
    const cursor: string = page.nextCursor;
    const [next] = await Promise.all([listPage(t, { ...query, limit, cursor }), between()]);
    expect(next.items.length).toBeLessThanOrEqual(limit);
    page = next;
    items.push(...page.items);
  }
  return items;
}

/** `original` each exactly once in `seen`, in the same relative order; nothing seen twice. */
function expectEachOnceInOrder(seen: string[], original: string[]): void {
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen.filter((id) => original.includes(id))).toEqual(original);
}

describe('challenge lists', () => {
  let t: TestApp;
  let cast: Cast;
  /** Department staff of Socialförvaltningen (the cast's department staff are in Vård och omsorg). */
  let socialStaff: TestUser;
  let careId: string;
  let socialId: string;

  beforeAll(async () => {
    // The close job runs rarely here; its statements are left out of the statement counts anyway.
    t = await startTestApp({ CHALLENGE_CLOSE_INTERVAL_SECONDS: '60' });
    cast = await createCast(t);
    careId = await departmentId(t);
    socialId = await departmentId(t, 'socialforvaltningen');
    socialStaff = await createUser(t, { roles: ['department'], departmentId: socialId, name: 'Social Staff' });
  });
  afterAll(() => t.close());

  describe('visibility', () => {
    const tag = `vis-${word()}`;
    let careDraft: Item;
    let carePublished: Item;
    let careClosed: Item;
    let careArchived: Item;
    let socialDraft: Item;
    let socialPublished: Item;
    let environmentDraft: Item;
    let publicIds: string[];

    beforeAll(async () => {
      const body = { tags: [tag] };
      careDraft = (await challengeIn(t, cast.department, 'draft', body)) as unknown as Item;
      carePublished = (await challengeIn(t, cast.department, 'published', body)) as unknown as Item;
      careClosed = (await challengeIn(t, cast.department, 'closed', body)) as unknown as Item;
      careArchived = (await challengeIn(t, cast.department, 'archived', body)) as unknown as Item;
      socialDraft = (await challengeIn(t, socialStaff, 'draft', body)) as unknown as Item;
      socialPublished = (await challengeIn(t, socialStaff, 'published', body)) as unknown as Item;
      const environment = await departmentId(t, 'miljoforvaltningen');
      environmentDraft = (await challengeIn(t, cast.admin, 'draft', {
        ...body,
        departmentId: environment,
      })) as unknown as Item;
      publicIds = ids([socialPublished, careArchived, careClosed, carePublished]);
    });

    it.each([
      ['anonymous', undefined],
      ['partner', 'partner'],
      ['evaluator', 'evaluator'],
    ] as const)('shows %s callers no drafts, newest first', async (_, role) => {
      const user = role ? cast[role] : undefined;
      const page = await listPage(t, { tag }, user);
      expect(ids(page.items)).toEqual(publicIds);
      expect(page.items.map((item) => item.status)).toEqual(['published', 'archived', 'closed', 'published']);
      expect(page.nextCursor).toBeNull();
      // Nor anywhere in the whole list, although drafts exist.
      const all = await listAll(t, {}, user);
      expect(all.filter((item) => item.status === 'draft')).toEqual([]);
      expect(ids(all)).toEqual(expect.arrayContaining(publicIds));
    });

    it("shows department staff their own department's drafts but not another department's", async () => {
      const care = await listPage(t, { tag }, cast.department);
      expect(ids(care.items)).toEqual(ids([socialPublished, careArchived, careClosed, carePublished, careDraft]));

      const social = await listPage(t, { tag }, socialStaff);
      expect(ids(social.items)).toEqual(ids([socialPublished, socialDraft, careArchived, careClosed, carePublished]));

      const allDrafts = (await listAll(t, {}, socialStaff)).filter((item) => item.status === 'draft');
      expect(allDrafts.length).toBeGreaterThan(0);
      expect(allDrafts.every((item) => item.department.id === socialId)).toBe(true);
    });

    it.each(['director', 'admin'] as const)('shows a %s every draft of every department', async (role) => {
      const page = await listPage(t, { tag }, cast[role]);
      expect(ids(page.items)).toEqual(
        ids([environmentDraft, socialPublished, socialDraft, careArchived, careClosed, carePublished, careDraft]),
      );
      const drafts = await listPage(t, { tag, status: 'draft' }, cast[role]);
      expect(ids(drafts.items)).toEqual(ids([environmentDraft, socialDraft, careDraft]));
    });

    it.each([
      ['anonymous', undefined],
      ['partner', 'partner'],
      ['evaluator', 'evaluator'],
    ] as const)('answers status=draft for %s callers with an empty list, not an error', async (_, role) => {
      const res = await listRequest(t, { status: 'draft' }, role ? cast[role] : undefined);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [], nextCursor: null });
    });

    it("answers department staff filtering on another department's drafts with an empty list", async () => {
      const res = await listRequest(t, { status: 'draft', departmentId: socialId }, cast.department);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [], nextCursor: null });
      const own = await listAll(t, { status: 'draft' }, cast.department);
      expect(ids(own)).toContain(careDraft.id);
      expect(own.every((item) => item.department.id === careId && item.status === 'draft')).toBe(true);
    });

    it('refuses a token that is present but invalid (401), rather than treating it as anonymous', async () => {
      const res = await t.http().get(CHALLENGES).set('Authorization', 'Bearer not-a-token');
      expectProblem(res, 401);
    });

    it('lists summaries: no description, criteria or internal columns', async () => {
      const page = await listPage(t, { tag }, cast.admin);
      for (const item of page.items) expect(Object.keys(item).sort()).toEqual(SUMMARY_KEYS);
      const care = page.items.find((item) => item.id === carePublished.id);
      expect(care).toMatchObject({
        title: 'Minskad ensamhet bland äldre',
        welfareArea: 'healthcare',
        department: { id: careId, name: 'Vård- och omsorgsförvaltningen' },
        status: 'published',
        budgetSek: 500_000,
        testbedSite: 'Drottninghög',
        sdgs: [3, 10],
        tags: [tag],
        publishedAt: expect.any(String),
      });
    });
  });

  describe('filters', () => {
    const tag = `flt-${word()}`;
    /** A second tag on f1 and f2, sent in mixed case with a non-ASCII letter: stored lower-case. */
    const greenTag = `Grön-${word()}`;
    let f1: Item; // care, published, healthcare, sdgs 3 10, deadline +10 d
    let f2: Item; // social, published, climate, sdg 13, deadline +40 d
    let f3: Item; // social, closed, healthcare, sdg 3, deadline +20 d
    let f4: Item; // care, draft, security, sdgs 3 16, deadline +60 d
    let f5: Item; // employment department (admin), archived, employment, sdg 8, deadline +5 d

    beforeAll(async () => {
      f1 = (await challengeIn(t, cast.department, 'published', {
        welfareArea: 'healthcare',
        sdgs: [10, 3],
        tags: [tag, greenTag],
        submissionDeadline: inDays(10),
      })) as unknown as Item;
      f2 = (await challengeIn(t, socialStaff, 'published', {
        welfareArea: 'climate',
        sdgs: [13],
        tags: [tag, greenTag],
        submissionDeadline: inDays(40),
      })) as unknown as Item;
      f3 = (await challengeIn(t, socialStaff, 'closed', {
        welfareArea: 'healthcare',
        sdgs: [3],
        tags: [tag],
        submissionDeadline: inDays(20),
      })) as unknown as Item;
      f4 = (await challengeIn(t, cast.department, 'draft', {
        welfareArea: 'security',
        sdgs: [16, 3],
        tags: [tag],
        submissionDeadline: inDays(60),
      })) as unknown as Item;
      f5 = (await challengeIn(t, cast.admin, 'archived', {
        departmentId: await departmentId(t, 'arbetsmarknadsforvaltningen'),
        welfareArea: 'employment',
        sdgs: [8],
        tags: [tag],
        submissionDeadline: inDays(5),
      })) as unknown as Item;
    });

    it.each([
      ['draft', () => [f4]],
      ['published', () => [f2, f1]],
      ['closed', () => [f3]],
      ['archived', () => [f5]],
    ])('status=%s', async (status, expected) => {
      const page = await listPage(t, { tag, status }, cast.admin);
      expect(ids(page.items)).toEqual(ids(expected()));
      const all = await listAll(t, { status }, cast.admin);
      expect(all.length).toBeGreaterThanOrEqual(expected().length);
      expect(all.every((item) => item.status === status)).toBe(true);
    });

    it('area, compared in lower case', async () => {
      expect(ids((await listPage(t, { tag, area: 'healthcare' }, cast.admin)).items)).toEqual(ids([f3, f1]));
      expect(ids((await listPage(t, { tag, area: ' HealthCare ' }, cast.admin)).items)).toEqual(ids([f3, f1]));
      expect(ids((await listPage(t, { tag, area: 'climate' }, cast.admin)).items)).toEqual(ids([f2]));
      expect((await listPage(t, { tag, area: 'no-such-area' }, cast.admin)).items).toEqual([]);
      const all = await listAll(t, { area: 'security' }, cast.admin);
      expect(ids(all)).toContain(f4.id);
      expect(all.every((item) => item.welfareArea === 'security')).toBe(true);
    });

    it('departmentId', async () => {
      expect(ids((await listPage(t, { tag, departmentId: socialId }, cast.admin)).items)).toEqual(ids([f3, f2]));
      expect(ids((await listPage(t, { tag, departmentId: careId }, cast.admin)).items)).toEqual(ids([f4, f1]));
      expect((await listPage(t, { tag, departmentId: randomUUID() }, cast.admin)).items).toEqual([]);
      const all = await listAll(t, { departmentId: socialId });
      expect(all.length).toBeGreaterThanOrEqual(2);
      expect(all.every((item) => item.department.id === socialId)).toBe(true);
    });

    it('sdg', async () => {
      expect(ids((await listPage(t, { tag, sdg: 3 }, cast.admin)).items)).toEqual(ids([f4, f3, f1]));
      expect(ids((await listPage(t, { tag, sdg: 13 }, cast.admin)).items)).toEqual(ids([f2]));
      expect(ids((await listPage(t, { tag, sdg: 16 }, cast.admin)).items)).toEqual(ids([f4]));
      expect((await listPage(t, { tag, sdg: 17 }, cast.admin)).items).toEqual([]);
      const all = await listAll(t, { sdg: 10 });
      expect(ids(all)).toContain(f1.id);
      expect(all.every((item) => item.sdgs.includes(10))).toBe(true);
    });

    it('tag, stored in lower case and compared in lower case', async () => {
      const lower = greenTag.toLowerCase();
      expect(f1.tags).toEqual([tag, lower]);
      for (const sent of [lower, greenTag, greenTag.toUpperCase(), `  ${greenTag}  `]) {
        const page = await listPage(t, { tag: sent }, cast.admin);
        expect(ids(page.items)).toEqual(ids([f2, f1]));
        expect(page.items.every((item) => item.tags.includes(lower))).toBe(true);
      }
      // The whole tag, not a prefix.
      expect((await listPage(t, { tag: lower.slice(0, -1) }, cast.admin)).items).toEqual([]);
    });

    it('deadlineAfter: strictly after the moment, in any zone', async () => {
      const page = await listPage(t, { tag, deadlineAfter: inDays(15) }, cast.admin);
      expect(ids(page.items)).toEqual(ids([f4, f3, f2]));
      // The same moment written with an offset.
      const moment = new Date(Date.now() + 15 * 86_400_000);
      const shifted = new Date(moment.getTime() + 2 * 3_600_000).toISOString().replace(/\.\d+Z$/, '+02:00');
      expect(ids((await listPage(t, { tag, deadlineAfter: shifted }, cast.admin)).items)).toEqual(ids([f4, f3, f2]));
      // A deadline equal to the moment is not after it.
      const exact = await listPage(t, { tag, deadlineAfter: f2.submissionDeadline! }, cast.admin);
      expect(ids(exact.items)).toEqual(ids([f4]));
      // Drafts without a deadline never match.
      const noDeadline = await createChallenge(t, cast.department, { submissionDeadline: null });
      expect(ids(await listAll(t, { status: 'draft' }, cast.admin))).toContain(noDeadline.id);
      const all = await listAll(t, { deadlineAfter: '2000-01-01T00:00:00Z' }, cast.admin);
      expect(ids(all)).not.toContain(noDeadline.id);
      expect(all.every((item) => item.submissionDeadline !== null)).toBe(true);
    });

    it.each([
      ['area + status', (): Query => ({ area: 'healthcare', status: 'published' }), () => [f1]],
      ['department + sdg', (): Query => ({ departmentId: socialId, sdg: 3 }), () => [f3]],
      ['status + deadlineAfter', (): Query => ({ status: 'published', deadlineAfter: inDays(30) }), () => [f2]],
      ['department + area + sdg', (): Query => ({ departmentId: careId, area: 'security', sdg: 3 }), () => [f4]],
      [
        'department + status + area',
        (): Query => ({ departmentId: socialId, status: 'closed', area: 'healthcare' }),
        () => [f3],
      ],
      ['area + status, no match', (): Query => ({ area: 'climate', status: 'closed' }), () => []],
      ['department + area, no match', (): Query => ({ departmentId: careId, area: 'climate' }), () => []],
    ])('combines filters: %s', async (_, filters, expected) => {
      const query = filters();
      expect(Object.values(query).every((value) => value !== undefined)).toBe(true);
      const page = await listPage(t, { tag, ...query }, cast.admin);
      expect(ids(page.items)).toEqual(ids(expected()));
    });

    it('combines filters with visibility', async () => {
      expect(ids((await listPage(t, { tag, sdg: 3 })).items)).toEqual(ids([f3, f1]));
      expect(ids((await listPage(t, { tag, sdg: 3 }, cast.partner)).items)).toEqual(ids([f3, f1]));
      expect(ids((await listPage(t, { tag, sdg: 3 }, cast.department)).items)).toEqual(ids([f4, f3, f1]));
      expect(ids((await listPage(t, { tag, sdg: 3 }, socialStaff)).items)).toEqual(ids([f3, f1]));
      expect(ids((await listPage(t, { tag, departmentId: careId }, socialStaff)).items)).toEqual(ids([f1]));
    });
  });

  describe('invalid queries', () => {
    it.each([
      ['status=open', { status: 'open' }, 'status'],
      ['status=Draft', { status: 'Draft' }, 'status'],
      ['sdg=18', { sdg: '18' }, 'sdg'],
      ['sdg=0', { sdg: '0' }, 'sdg'],
      ['sdg=abc', { sdg: 'abc' }, 'sdg'],
      ['sdg=3.5', { sdg: '3.5' }, 'sdg'],
      ['departmentId=not-a-uuid', { departmentId: 'not-a-uuid' }, 'departmentId'],
      ['deadlineAfter without a zone', { deadlineAfter: '2027-01-01T10:00:00' }, 'deadlineAfter'],
      ['deadlineAfter as a date only', { deadlineAfter: '2027-01-01' }, 'deadlineAfter'],
      ['deadlineAfter=tomorrow', { deadlineAfter: 'tomorrow' }, 'deadlineAfter'],
      ['deadlineAfter on 30 February', { deadlineAfter: '2027-02-30T10:00:00Z' }, 'deadlineAfter'],
      ['area empty', { area: '' }, 'area'],
      ['tag empty', { tag: '' }, 'tag'],
      ['tag of 51 characters', { tag: 'x'.repeat(51) }, 'tag'],
      ['limit=0', { limit: '0' }, 'limit'],
      ['limit=101', { limit: '101' }, 'limit'],
      ['limit=-1', { limit: '-1' }, 'limit'],
      // Number() would read these as 16, 10 and 5: a count is plain decimal digits.
      ['limit=0x10', { limit: '0x10' }, 'limit'],
      ['limit=1e1', { limit: '1e1' }, 'limit'],
      ['limit with spaces', { limit: ' 5 ' }, 'limit'],
      ['sdg=0x3', { sdg: '0x3' }, 'sdg'],
      ['limit=2.5', { limit: '2.5' }, 'limit'],
      ['limit=ten', { limit: 'ten' }, 'limit'],
      ['q empty', { q: '' }, 'q'],
      ['q blank', { q: '   ' }, 'q'],
      ['q of 201 characters', { q: 'a'.repeat(201) }, 'q'],
      ['cursor not base64url', { cursor: 'not a cursor!' }, 'cursor'],
      ['cursor not JSON', { cursor: 'abc' }, 'cursor'],
      ['cursor of the wrong shape', { cursor: cursorOf({ createdAt: '2026-01-01T00:00:00Z' }) }, 'cursor'],
      ['cursor with a bad id', { cursor: cursorOf(['2026-01-01T00:00:00.000000Z', 'x']) }, 'cursor'],
      ['cursor with a number for a time', { cursor: cursorOf([1, randomUUID()]) }, 'cursor'],
      [
        'cursor with SQL for a time',
        { cursor: cursorOf(["2026-01-01'; DROP TABLE challenges; --", randomUUID()]) },
        'cursor',
      ],
      [
        'cursor with a time for a search rank',
        { q: 'ensamhet', cursor: cursorOf(['2026-01-01T00:00:00Z', randomUUID()]) },
        'cursor',
      ],
      ['unknown parameter', { sort: 'title' }, 'sort'],
    ])('refuses %s (400 naming the field)', async (_, query, field) => {
      const res = await t.http().get(CHALLENGES).query(query);
      expectProblem(res, 400, field);
    });

    it.each([
      ['a day that does not exist', ['2026-02-30T00:00:00.000000Z', randomUUID()], {}],
      ['year 0', ['0000-01-01T00:00:00.000000Z', randomUUID()], {}],
      ['a rank outside float4', [1e308, randomUUID()], { q: 'ensamhet' }],
      ['a rank too small for float4', [1e-300, randomUUID()], { q: 'ensamhet' }],
    ])('refuses a forged cursor holding %s with 400 field cursor, not a 500', async (_, key, query) => {
      const res = await t
        .http()
        .get(CHALLENGES)
        .query({ ...query, cursor: cursorOf(key) });
      expectProblem(res, 400, 'cursor');
    });

    it('a list cursor is not accepted for a search, nor a search cursor for a list', async () => {
      const list = await listPage(t, { limit: 1 });
      expect(list.nextCursor).toEqual(expect.any(String));
      expectProblem(await t.http().get(CHALLENGES).query({ q: 'ensamhet', cursor: list.nextCursor! }), 400, 'cursor');
      const search = await listPage(t, { q: 'ensamhet', limit: 1 });
      expect(search.nextCursor).toEqual(expect.any(String));
      expectProblem(await t.http().get(CHALLENGES).query({ cursor: search.nextCursor! }), 400, 'cursor');
    });
  });

  describe('order and paging', () => {
    const tag = `pg-${word()}`;
    let created: Item[];

    beforeAll(async () => {
      created = [];
      for (let i = 0; i < 7; i += 1) {
        created.push(
          (await challengeIn(t, cast.department, 'published', { tags: [tag], title: `Sida ${i}` })) as unknown as Item,
        );
      }
    });

    it('lists newest first (created_at, then id, descending), default limit 20', async () => {
      const page = await listPage(t, { tag });
      expect(ids(page.items)).toEqual(ids([...created].reverse()));
      expect(page.nextCursor).toBeNull();
      const times = page.items.map((item) => Date.parse(item.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      const all = await listAll(t, {});
      const allTimes = all.map((item) => Date.parse(item.createdAt));
      expect(allTimes).toEqual([...allTimes].sort((a, b) => b - a));
    });

    it('pages through 7 items 2 at a time, each exactly once, in order', async () => {
      const pages: Page[] = [];
      let cursor: string | null = null;
      do {
        const page = await listPage(t, { tag, limit: 2, ...(cursor ? { cursor } : {}) });
        pages.push(page);
        cursor = page.nextCursor;
      } while (cursor && pages.length < 10);
      expect(pages.map((p) => p.items.length)).toEqual([2, 2, 2, 1]);
      expect(pages.map((p) => p.nextCursor === null)).toEqual([false, false, false, true]);
      expect(pages.flatMap((p) => ids(p.items))).toEqual(ids([...created].reverse()));
    });

    it('gives no cursor when the page holds exactly the remaining items', async () => {
      expect((await listPage(t, { tag, limit: 7 })).nextCursor).toBeNull();
      const first = await listPage(t, { tag, limit: 6 });
      expect(first.items).toHaveLength(6);
      expect(first.nextCursor).toEqual(expect.any(String));
      const last = await listPage(t, { tag, limit: 6, cursor: first.nextCursor! });
      expect(ids(last.items)).toEqual([created[0].id]);
      expect(last.nextCursor).toBeNull();
    });

    it('orders challenges created in the same instant by id, descending', async () => {
      const a = await challengeIn(t, cast.department, 'published', { tags: [`${tag}-tie`] });
      const b = await challengeIn(t, cast.department, 'published', { tags: [`${tag}-tie`] });
      await t.db.query(`UPDATE challenges SET created_at = '2030-01-01T00:00:00Z' WHERE id = ANY($1)`, [[a.id, b.id]]);
      const expected = [a.id, b.id].sort().reverse();
      const first = await listPage(t, { tag: `${tag}-tie`, limit: 1 });
      expect(ids(first.items)).toEqual([expected[0]]);
      const second = await listPage(t, { tag: `${tag}-tie`, limit: 1, cursor: first.nextCursor! });
      expect(ids(second.items)).toEqual([expected[1]]);
      expect(second.nextCursor).toBeNull();
      await t.db.query(`UPDATE challenges SET created_at = now() - interval '1 year' WHERE id = ANY($1)`, [
        [a.id, b.id],
      ]);
    });
  });

  describe('paging while challenges are being created', () => {
    it('returns every challenge that existed when paging began exactly once', async () => {
      const tag = `st-${word()}`;
      const original: Item[] = [];
      for (let i = 0; i < 12; i += 1) {
        original.push((await challengeIn(t, cast.department, 'published', { tags: [tag] })) as unknown as Item);
      }
      const added: string[] = [];
      const seen = await pageThrough(t, { tag }, 3, async () => {
        const created = await Promise.all(
          [0, 1, 2].map(() => challengeIn(t, cast.department, 'published', { tags: [tag] })),
        );
        added.push(...ids(created));
      });
      expect(added).toHaveLength(9);
      expectEachOnceInOrder(ids(seen), ids([...original].reverse()));
      expect(ids(seen).every((id) => original.some((c) => c.id === id) || added.includes(id))).toBe(true);
    });
  });

  describe('statements per list request', () => {
    const title = word();

    beforeAll(async () => {
      // 32 published challenges sharing one title word, plus everything the other blocks created
      // (one after another: only the paging tests need concurrency).
      for (let i = 0; i < 32; i += 1) {
        await challengeIn(t, cast.department, 'published', { title: `Utmaning ${title} ${i}` });
      }
    });

    const statements = (send: () => PromiseLike<Response>) => statementsOf(t, send);

    it.each([
      ['an anonymous list', undefined, false],
      ['an anonymous search', undefined, true],
      ["a partner's list", 'partner', false],
      ["a partner's search", 'partner', true],
      ["department staff's list", 'department', false],
      ["an admin's search", 'admin', true],
    ] as const)('%s: as many statements for limit=1 as for limit=100', async (_, role, search) => {
      const user = role ? cast[role] : undefined;
      const query: Query = search ? { q: title } : {};
      const one = await statements(() => listRequest(t, { ...query, limit: 1 }, user));
      const hundred = await statements(() => listRequest(t, { ...query, limit: 100 }, user));
      expect(one.res.status).toBe(200);
      expect(hundred.res.status).toBe(200);
      expect(one.res.body.items).toHaveLength(1);
      expect(hundred.res.body.items.length).toBeGreaterThanOrEqual(30);
      // The spy sees the list query itself.
      expect(hundred.sql.some((s) => /FROM "?challenges"?/.test(s))).toBe(true);
      expect(one.sql.length).toBe(hundred.sql.length);
      expect(hundred.sql.length).toBeLessThanOrEqual(role ? 2 : 1);
    });
  });
});

describe('challenge search', () => {
  let t: TestApp;
  let cast: Cast;
  let socialStaff: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ CHALLENGE_CLOSE_INTERVAL_SECONDS: '60' });
    cast = await createCast(t);
    socialStaff = await createUser(t, {
      roles: ['department'],
      departmentId: await departmentId(t, 'socialforvaltningen'),
    });
  });
  afterAll(() => t.close());

  /** A challenge whose searchable text is exactly this (title, summary, description, tags). */
  async function searchable(
    text: { title?: string; summary?: string; description?: string; tags?: string[] },
    status: 'draft' | 'published' | 'closed' | 'archived' = 'published',
    by: TestUser = cast.department,
  ): Promise<Item> {
    return (await challengeIn(t, by, status, {
      title: text.title ?? 'Utmaning utan särskilda ord',
      summary: text.summary ?? 'Kort sammanfattning.',
      description: text.description ?? 'Beskrivning saknas.',
      tags: text.tags ?? [],
    })) as unknown as Item;
  }

  const search = async (q: string, user?: TestUser, extra: Query = {}) =>
    ids((await listPage(t, { q, limit: 100, ...extra }, user)).items);

  describe('stemming and fields', () => {
    let elderly: Item;
    let homeCare: Item;
    let safety: Item;
    let schools: Item;
    let vehicles: Item;
    let buses: Item;
    let tagged: Item;
    let inSummary: Item;
    let inDescription: Item;

    beforeAll(async () => {
      elderly = await searchable({
        title: 'Mötesplatser för seniorer',
        description: 'Äldreomsorgen behöver nya arbetssätt.',
      });
      homeCare = await searchable({
        title: 'Bättre planering',
        description: 'Hemtjänsten planerar besöken varje dag.',
      });
      safety = await searchable({ title: 'Tryggheten i parken', description: 'Belysning och närvaro på kvällarna.' });
      schools = await searchable({ title: 'Digital skola', description: 'Lärare och elever i samarbete.' });
      vehicles = await searchable({
        title: 'Electric vehicles in the harbour',
        summary: 'Zero-emission transport.',
        description: 'The port wants cleaner logistics.',
      });
      buses = await searchable({
        title: 'Night depot for city buses',
        summary: 'Buses are charged overnight.',
        description: 'Find a better way to run the depot.',
      });
      tagged = await searchable({ title: 'Material i kretslopp', tags: ['återbruk'] });
      inSummary = await searchable({ summary: 'Vattenrening med ny teknik.' });
      inDescription = await searchable({ description: 'Solpaneler på kommunens tak.' });
    });

    it('checks the stems the tests rely on', async () => {
      const [row] = await t.db.query<{ sv: string; en: string }[]>(
        `SELECT to_tsvector('swedish', 'äldreomsorgen hemtjänsten tryggheten skola skolor skolan')::text AS sv,
                to_tsvector('english', 'vehicles charged charging')::text AS en`,
      );
      expect(row.sv).toBe(`'hemtjänst':2 'skol':4,5 'skolan':6 'trygg':3 'äldreomsorg':1`);
      expect(row.en).toBe(`'charg':2,3 'vehicl':1`);
    });

    it.each([
      ['äldreomsorg', 'äldreomsorgen', () => elderly],
      ['Äldreomsorg', 'äldreomsorgen (query in upper case)', () => elderly],
      ['hemtjänst', 'hemtjänsten', () => homeCare],
      ['trygghet', 'tryggheten', () => safety],
      ['skolor', 'skola', () => schools],
    ])('Swedish stemming: q=%s finds text that only says %s', async (q, _, expected) => {
      expect(await search(q)).toEqual([expected().id]);
    });

    it('Swedish stemming does not equate skolan with skolor (different stems), so q=skolan finds nothing here', async () => {
      expect(await search('skolan')).toEqual([]);
    });

    it.each([
      ['vehicle', 'vehicles', () => vehicles],
      ['charging', 'charged', () => buses],
      ['charge', 'charged', () => buses],
      ['bus', 'buses', () => buses],
    ])('English stemming: q=%s finds text that only says %s', async (q, _, expected) => {
      expect(await search(q)).toEqual([expected().id]);
    });

    it.each([
      ['tags', 'återbruk', () => tagged],
      ['summary', 'vattenrening', () => inSummary],
      ['description', 'solpaneler', () => inDescription],
      ['title', 'harbour', () => vehicles],
    ])('searches the %s', async (_, q, expected) => {
      expect(await search(q)).toEqual([expected().id]);
    });

    it('matches nothing unrelated', async () => {
      expect(await search(word())).toEqual([]);
      expect(await search('cykelväg')).toEqual([]);
      // Every word must match (websearch syntax): one unknown word empties the result.
      expect(await search(`vehicle ${word()}`)).toEqual([]);
      expect(await search('"electric vehicles"')).toEqual([vehicles.id]);
      expect(await search('vehicle -harbour')).toEqual([]);
      expect(await search('vehicle or depot')).toEqual(expect.arrayContaining([vehicles.id, buses.id]));
    });

    it('treats query syntax and SQL as text (200, never a 500)', async () => {
      for (const q of ["'); DROP TABLE challenges; --", '&|!():*', 'the and of', '"', '-', '<->']) {
        const res = await listRequest(t, { q });
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ items: [], nextCursor: null });
      }
      expect((await t.db.query(`SELECT count(*)::int AS n FROM challenges`))[0].n).toBeGreaterThan(0);
    });

    it('returns summaries and combines with filters', async () => {
      const page = await listPage(t, { q: 'vehicle' });
      expect(Object.keys(page.items[0]).sort()).toEqual(SUMMARY_KEYS);
      expect(await search('vehicle', undefined, { status: 'published', area: 'healthcare' })).toEqual([vehicles.id]);
      expect(await search('vehicle', undefined, { status: 'closed' })).toEqual([]);
      expect(await search('vehicle', undefined, { area: 'climate' })).toEqual([]);
    });
  });

  describe('ranking', () => {
    it('ranks a title hit above a summary hit above a description-only hit, whatever the age', async () => {
      const w = word();
      const inTitle = await searchable({ title: `Utmaning om ${w}` });
      const inSummary = await searchable({ summary: `Sammanfattning om ${w}.` });
      const inDescription = await searchable({ description: `Beskrivning om ${w}.` });
      const inTags = await searchable({ tags: [w] });
      // Newest first would be the reverse; relevance puts the title first.
      const found = await search(w);
      expect(found[0]).toBe(inTitle.id);
      expect(found[found.length - 1]).toBe(inDescription.id);
      expect(found.slice(1, 3).sort()).toEqual([inSummary.id, inTags.id].sort());
    });

    it('ranks a title hit above a description-only hit created later', async () => {
      const w = word();
      const inDescription = await searchable({ description: `Mycket text om ${w} och ${w}.` });
      const inTitle = await searchable({ title: `Rubrik med ${w}` });
      expect(await search(w)).toEqual([inTitle.id, inDescription.id]);
    });

    it('a word matching more challenges than the bound still finds the best matches first, and ranks a bounded set', async () => {
      const w = word();
      // The best matches are old: a title hit and a summary hit from a year ago.
      const inTitle = await searchable({ title: `Gammal rubrik om ${w}` });
      const inSummary = await searchable({ summary: `Gammal sammanfattning om ${w}.` });
      const oldest = await searchable({ description: `Den äldsta beskrivningen om ${w}.` });
      await t.db.query(`UPDATE challenges SET created_at = now() - interval '1 year' WHERE id = ANY($1)`, [
        [inTitle.id, inSummary.id],
      ]);
      await t.db.query(`UPDATE challenges SET created_at = now() - interval '2 years' WHERE id = $1`, [oldest.id]);
      // Then more newer description-only matches than the bound (written directly: the API would take minutes).
      const filler = SEARCH_CANDIDATES + 100;
      await t.db.query(
        `INSERT INTO challenges (title, summary, description, welfare_area_code, department_id, status,
           submission_deadline, criteria, created_by, published_at)
         SELECT 'Fyllnad ' || g, 'Kort.', 'Beskrivning om ' || $1 || ' nummer ' || g, welfare_area_code, department_id,
                'published', submission_deadline, criteria, created_by, now()
         FROM challenges, generate_series(1, $2) g WHERE id = $3`,
        [w, filler, oldest.id],
      );
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const page: Page = await listPage(t, { q: w, limit: 100, ...(cursor ? { cursor } : {}) });
        pages.push(ids(page.items));
        cursor = page.nextCursor;
      } while (cursor);
      const found = pages.flat();
      // The title hit first and the summary hit next, though more newer challenges than the bound match too.
      expect(found.slice(0, 2)).toEqual([inTitle.id, inSummary.id]);
      // Bounded: the newest matches anywhere and the newest in the head, each exactly once; the
      // oldest description-only match is beyond the bound.
      expect(new Set(found).size).toBe(found.length);
      expect(found.length).toBeLessThanOrEqual(2 * SEARCH_CANDIDATES);
      expect(found.length).toBeGreaterThanOrEqual(SEARCH_CANDIDATES);
      expect(found).not.toContain(oldest.id);
      // A word the bound does not reach is searched exhaustively.
      expect(await search(`${w} nummer 7`)).toHaveLength(1);
    });
  });

  describe('visibility', () => {
    let draft: Item;
    let closed: Item;
    let archived: Item;
    const w = word();

    beforeAll(async () => {
      draft = await searchable({ title: `Utkast om ${w}` }, 'draft');
      closed = await searchable({ description: `Stängd om ${w}` }, 'closed');
      archived = await searchable({ summary: `Arkiverad om ${w}` }, 'archived');
    });

    it.each([
      ['anonymous', undefined],
      ['partner', 'partner'],
      ['evaluator', 'evaluator'],
    ] as const)('never shows drafts to %s callers', async (_, role) => {
      expect(await search(w, role ? cast[role] : undefined)).toEqual([archived.id, closed.id]);
      expect(await search(w, role ? cast[role] : undefined, { status: 'draft' })).toEqual([]);
    });

    it("shows a draft to its department, directors and admins, not to another department's staff", async () => {
      expect(await search(w, cast.department)).toEqual([draft.id, archived.id, closed.id]);
      expect(await search(w, cast.director)).toEqual([draft.id, archived.id, closed.id]);
      expect(await search(w, cast.admin)).toEqual([draft.id, archived.id, closed.id]);
      expect(await search(w, socialStaff)).toEqual([archived.id, closed.id]);
    });
  });

  describe('paging', () => {
    it('pages through results by relevance with the cursor, each exactly once', async () => {
      const w = word();
      for (let i = 0; i < 3; i += 1) await searchable({ description: `Text om ${w} nummer ${i}.` });
      for (let i = 0; i < 2; i += 1) await searchable({ title: `Rubrik ${w} ${i}` });
      for (let i = 0; i < 2; i += 1) await searchable({ summary: `Kort om ${w} ${i}.` });
      const all = await search(w);
      expect(all).toHaveLength(7);
      const paged = await pageThrough(t, { q: w }, 2);
      expect(ids(paged)).toEqual(all);
      // Ties (same rank) are ordered by id.
      const rows = await t.db.query<{ id: string }[]>(
        `SELECT id FROM challenges WHERE description LIKE $1 ORDER BY id`,
        [`%${w}%`],
      );
      expect(all.slice(4)).toEqual(rows.map((r) => r.id));
    });

    it('returns every match that existed when paging began exactly once while new ones are created', async () => {
      const w = word();
      const original: string[] = [];
      for (let i = 0; i < 12; i += 1) {
        const text =
          i % 3 === 0
            ? { title: `Rubrik ${w} ${i}` }
            : i % 3 === 1
              ? { summary: `Kort om ${w} ${i}.` }
              : { description: `Text om ${w} ${i}.` };
        original.push((await searchable(text)).id);
      }
      const before = await search(w);
      expect(before.sort()).toEqual([...original].sort());
      const inOrder = await search(w);
      const added: string[] = [];
      let n = 0;
      const seen = await pageThrough(t, { q: w }, 3, async () => {
        n += 1;
        const created = await Promise.all([
          searchable({ title: `Ny rubrik ${w} ${n}` }),
          searchable({ summary: `Ny kort ${w} ${n}.` }),
          searchable({ description: `Ny text ${w} ${n}.` }),
        ]);
        added.push(...ids(created));
      });
      expect(added.length).toBeGreaterThan(0);
      expectEachOnceInOrder(ids(seen), inOrder);
      expect(ids(seen).every((id) => original.includes(id) || added.includes(id))).toBe(true);
    });
  });
});

describe('closing challenges whose deadline has passed', () => {
  let t: TestApp;
  let cast: Cast;
  let service: ChallengesService;

  beforeAll(async () => {
    t = await startTestApp({ CHALLENGE_CLOSE_INTERVAL_SECONDS: '60' });
    cast = await createCast(t);
    service = t.app.get(ChallengesService);
  });
  afterAll(() => t.close());

  /** A published challenge whose deadline passed a second ago. */
  async function expiredChallenge(): Promise<Item> {
    const challenge = await challengeIn(t, cast.department, 'published', { submissionDeadline: inDays(1) });
    await t.db.query(`UPDATE challenges SET submission_deadline = now() - interval '1 second' WHERE id = $1`, [
      challenge.id,
    ]);
    return challenge as unknown as Item;
  }

  async function row(id: string): Promise<{ status: string; closed_at: Date | null }> {
    const [r] = await t.db.query<{ status: string; closed_at: Date | null }[]>(
      `SELECT status, closed_at FROM challenges WHERE id = $1`,
      [id],
    );
    return r;
  }

  const closedEvents = async (id: string) =>
    (await auditEvents(t, 'challenge', id)).filter((e) => e.action === 'challenge.closed');

  it('closes a published challenge past its deadline, audited as the system, and nothing else', async () => {
    const expired = await expiredChallenge();
    const draft = await createChallenge(t, cast.department, { submissionDeadline: inDays(1) });
    await t.db.query(`UPDATE challenges SET submission_deadline = now() - interval '1 day' WHERE id = $1`, [draft.id]);
    const future = await challengeIn(t, cast.department, 'published', { submissionDeadline: inDays(1) });
    const soon = await challengeIn(t, cast.department, 'published', { submissionDeadline: inDays(1) });
    await t.db.query(`UPDATE challenges SET submission_deadline = now() + interval '1 hour' WHERE id = $1`, [soon.id]);

    const started = Date.now();
    expect(await service.closeExpired()).toEqual([expired.id]);

    const res = await t.http().get(`${CHALLENGES}/${expired.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: expired.id, status: 'closed', closedAt: expect.any(String) });
    expect(Date.parse(res.body.closedAt)).toBeGreaterThan(started - 5_000);
    expect(Date.parse(res.body.closedAt)).toBeLessThan(Date.now() + 5_000);
    expect(await row(expired.id)).toEqual({ status: 'closed', closed_at: expect.any(Date) });

    const audit = await auditEvents(t, 'challenge', expired.id);
    expect(audit.map((e) => e.action)).toEqual(['challenge.created', 'challenge.published', 'challenge.closed']);
    expect(audit[2]).toMatchObject({
      actor_id: null,
      before: { status: 'published' },
      after: { status: 'closed', reason: 'submission deadline passed' },
    });

    expect((await row(draft.id)).status).toBe('draft');
    expect((await auditEvents(t, 'challenge', draft.id)).map((e) => e.action)).toEqual(['challenge.created']);
    for (const open of [future, soon]) {
      expect(await row(open.id)).toEqual({ status: 'published', closed_at: null });
      expect(await closedEvents(open.id)).toEqual([]);
    }
    const list = await listPage(t, { status: 'closed' });
    expect(ids(list.items)).toContain(expired.id);
  });

  it('is idempotent: a second run closes nothing and writes no second event', async () => {
    const expired = await expiredChallenge();
    expect(await service.closeExpired()).toEqual([expired.id]);
    const first = await row(expired.id);
    expect(await service.closeExpired()).toEqual([]);
    expect(await row(expired.id)).toEqual(first);
    expect(await closedEvents(expired.id)).toHaveLength(1);
  });

  it('leaves closed and archived challenges with past deadlines as they are', async () => {
    const closed = await challengeIn(t, cast.department, 'closed', { submissionDeadline: inDays(1) });
    const archived = await challengeIn(t, cast.department, 'archived', { submissionDeadline: inDays(1) });
    await t.db.query(`UPDATE challenges SET submission_deadline = now() - interval '1 day' WHERE id = ANY($1)`, [
      [closed.id, archived.id],
    ]);
    const closedBefore = await row(closed.id);
    expect(await service.closeExpired()).toEqual([]);
    expect(await row(closed.id)).toEqual(closedBefore);
    expect((await row(archived.id)).status).toBe('archived');
    expect(await closedEvents(closed.id)).toHaveLength(1);
    expect(await closedEvents(archived.id)).toHaveLength(1);
  });

  it('an auto-closed challenge can be archived by its department, and not closed again (409)', async () => {
    const expired = await expiredChallenge();
    await service.closeExpired();
    const close = await t.http().post(`${CHALLENGES}/${expired.id}/close`).set('Authorization', cast.department.auth);
    expectProblem(close, 409);
    const archive = await t
      .http()
      .post(`${CHALLENGES}/${expired.id}/archive`)
      .set('Authorization', cast.department.auth);
    expect(archive.status).toBe(200);
    expect(archive.body).toMatchObject({ status: 'archived', archivedAt: expect.any(String) });
  });

  it('concurrent runs close each challenge exactly once', async () => {
    const a = await expiredChallenge();
    const b = await expiredChallenge();
    const results = await Promise.all([service.closeExpired(), service.closeExpired(), service.closeExpired()]);
    expect(results.flat().sort()).toEqual([a.id, b.id].sort());
    for (const id of [a.id, b.id]) {
      expect((await row(id)).status).toBe('closed');
      expect(await closedEvents(id)).toHaveLength(1);
    }
  });

  it('a manual close racing the job closes the challenge exactly once', async () => {
    const expired = await expiredChallenge();
    const [manual, job] = await Promise.all([
      t.http().post(`${CHALLENGES}/${expired.id}/close`).set('Authorization', cast.department.auth),
      service.closeExpired(),
    ]);
    const events = await closedEvents(expired.id);
    expect(events).toHaveLength(1);
    expect((await row(expired.id)).status).toBe('closed');
    if (manual.status === 200) {
      expect(job).toEqual([]);
      expect(events[0].actor_id).toBe(cast.department.id);
    } else {
      expectProblem(manual, 409);
      expect(job).toEqual([expired.id]);
      expect(events[0].actor_id).toBeNull();
    }
  });
});

describe('the scheduled close job', () => {
  let t: TestApp;
  let cast: Cast;

  beforeAll(async () => {
    t = await startTestApp({ CHALLENGE_CLOSE_INTERVAL_SECONDS: '1' });
    cast = await createCast(t);
  });
  afterAll(() => t.close());

  it('closes a published challenge within seconds of its deadline, without anyone asking', async () => {
    const expiring = await challengeIn(t, cast.department, 'published', { submissionDeadline: inDays(1) });
    const open = await challengeIn(t, cast.department, 'published', { submissionDeadline: inDays(1) });
    await t.db.query(`UPDATE challenges SET submission_deadline = now() - interval '1 second' WHERE id = $1`, [
      expiring.id,
    ]);
    const deadline = Date.now() + 5_000;
    let body: { status?: string; closedAt?: string | null } = {};
    while (Date.now() < deadline) {
      const res = await t.http().get(`${CHALLENGES}/${expiring.id}`);
      expect(res.status).toBe(200);
      body = res.body;
      if (body.status === 'closed') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    const audit = await auditEvents(t, 'challenge', expiring.id);
    expect(audit.filter((e) => e.action === 'challenge.closed')).toEqual([
      expect.objectContaining({ actor_id: null, after: { status: 'closed', reason: 'submission deadline passed' } }),
    ]);
    const other = await t.http().get(`${CHALLENGES}/${open.id}`);
    expect(other.body).toMatchObject({ status: 'published', closedAt: null });
  });
});
