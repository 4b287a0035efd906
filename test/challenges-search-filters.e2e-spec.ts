import { randomBytes } from 'node:crypto';
import { challengeIn, inDays } from './factories/challenges';
import { createCast, departmentId } from './factories/users';
import { startTestApp, TestApp } from './support/test-app';

function word(): string {
  return Array.from(randomBytes(8), (b) => String.fromCharCode(97 + (b % 26))).join('');
}

describe('search with filters: the same challenges as the filtered list, for every caller and page size', () => {
  let t: TestApp;
  let cast: Awaited<ReturnType<typeof createCast>>;
  const w = word();
  const tagA = `ta-${word()}`;
  const tagB = `tb-${word()}`;
  const made: { id: string }[] = [];

  beforeAll(async () => {
    t = await startTestApp({ CHALLENGE_CLOSE_INTERVAL_SECONDS: '60' });
    cast = await createCast(t);
    const social = await departmentId(t, 'socialforvaltningen');
    const care = await departmentId(t);
    const statuses = ['draft', 'published', 'closed', 'archived'] as const;
    const areas = ['healthcare', 'climate', 'security'];
    for (let i = 0; i < 16; i += 1) {
      const field = ['title', 'summary', 'description'][i % 3];
      const body: Record<string, unknown> = {
        [field]: `Text om ${w} ${i}`,
        tags: i % 2 === 0 ? [tagA] : [tagA, tagB],
        sdgs: i % 3 === 0 ? [3] : [13],
        welfareArea: areas[i % 3],
        submissionDeadline: inDays(5 + i * 3),
      };
      body.departmentId = i % 4 === 1 || i % 8 === 4 ? social : care;
      made.push(await challengeIn(t, cast.admin, statuses[i % 4], body));
    }
  }, 120_000);
  afterAll(() => t.close());

  const all = async (query: Record<string, string | number>, auth?: string) => {
    const out: { id: string }[] = [];
    let cursor: string | null = null;
    do {
      const req = t
        .http()
        .get('/api/v1/challenges')
        .query({ ...query, limit: 2, ...(cursor ? { cursor } : {}) });
      const res = await (auth ? req.set('Authorization', auth) : req);
      expect(res.status).toBe(200);
      out.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return out.map((x) => x.id);
  };

  const filters: Record<string, string | number>[] = [
    {},
    { tag: tagB },
    { sdg: 3 },
    { deadlineAfter: inDays(25) },
    { status: 'published', tag: tagB },
    { area: 'climate', sdg: 13 },
    { departmentId: '', tag: tagA },
    { status: 'draft' },
    { area: 'security', deadlineAfter: inDays(10) },
  ];

  it.each(['anonymous', 'department', 'admin', 'partner'] as const)(
    'search = list ∩ word for every filter, as %s; paged by relevance, each once',
    async (who) => {
      const auth = who === 'anonymous' ? undefined : cast[who].auth;
      for (const raw of filters) {
        const f = { ...raw };
        if ('departmentId' in f) f.departmentId = await departmentId(t, 'socialforvaltningen');
        const listed = (await all({ ...f, tag: (f.tag as string) ?? tagA }, auth)).filter((id) =>
          made.some((m) => m.id === id),
        );
        const found = await all({ ...f, q: w }, auth);
        expect(new Set(found).size).toBe(found.length);
        if (Object.keys(raw).length === 0)
          expect(found.length).toBe(who === 'admin' ? 16 : who === 'department' ? 14 : 12);
        expect([...found].sort()).toEqual([...listed].sort());
        const one = await all({ ...f, q: w, limit: 100 }, auth);
        expect(found).toEqual(one);
      }
    },
  );

  it('follows edits and deletes', async () => {
    const draft = await challengeIn(t, cast.department, 'draft', { title: 'Inget särskilt' });
    const v = word();
    expect(await all({ q: v }, cast.admin.auth)).toEqual([]);
    const res = await t
      .http()
      .patch(`/api/v1/challenges/${draft.id}`)
      .set('Authorization', cast.department.auth)
      .send({ title: `Nu om ${v}`, welfareArea: 'climate' });
    expect(res.status).toBe(200);
    expect(await all({ q: v }, cast.admin.auth)).toEqual([draft.id]);
    expect(await all({ q: v, area: 'climate' }, cast.admin.auth)).toEqual([draft.id]);
    expect(await all({ q: v, area: 'healthcare' }, cast.admin.auth)).toEqual([]);
    expect(await all({ q: v })).toEqual([]);
    const pub = await t
      .http()
      .post(`/api/v1/challenges/${draft.id}/publish`)
      .set('Authorization', cast.department.auth);
    expect(pub.status).toBe(200);
    expect(await all({ q: v })).toEqual([draft.id]);
    expect(await all({ q: v, status: 'published' })).toEqual([draft.id]);
    await t.db.query(`DELETE FROM challenges WHERE id = $1`, [draft.id]);
    expect(
      (await t.db.query(`SELECT count(*)::int AS n FROM challenge_search WHERE challenge_id = $1`, [draft.id]))[0].n,
    ).toBe(0);
    expect(await all({ q: v }, cast.admin.auth)).toEqual([]);
  });
});
