import { DEMO_ACCOUNTS, DEMO_ORGANIZATIONS, seedDemo } from '../src/demo/demo-seed';
import { DEMO_CHALLENGES } from '../src/demo/demo-challenges';
import { startTestApp, TestApp } from './support/test-app';

describe('demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app);
  });
  afterAll(() => t.close());

  const count = async (table: string) =>
    (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  it('has an account of every role and an organisation of every kind', async () => {
    expect(await count('users')).toBe(DEMO_ACCOUNTS.length);
    const kinds = await t.db.query<{ kind: string }[]>(`SELECT DISTINCT kind FROM organizations ORDER BY kind`);
    expect(kinds.map((k) => k.kind)).toEqual([
      'academia',
      'association',
      'company',
      'public_sector',
      'resident',
      'startup',
    ]);
  });

  it('has published challenges in every welfare area, plus a draft and a closed one', async () => {
    const rows = await t.db.query<{ welfare_area_code: string; status: string }[]>(
      `SELECT welfare_area_code, status FROM challenges`,
    );
    expect(rows).toHaveLength(DEMO_CHALLENGES.length);
    const publishedAreas = new Set(rows.filter((r) => r.status === 'published').map((r) => r.welfare_area_code));
    expect([...publishedAreas].sort()).toEqual(['climate', 'employment', 'healthcare', 'security']);
    expect(rows.map((r) => r.status)).toEqual(expect.arrayContaining(['draft', 'closed']));
  });

  it('is served by the API like any other data: public list without drafts, searchable in both languages', async () => {
    const list = await t.http().get('/api/v1/challenges?limit=100').expect(200);
    const statuses = (list.body.items as { status: string }[]).map((c) => c.status);
    expect(statuses).not.toContain('draft');
    expect(statuses.length).toBe(DEMO_CHALLENGES.filter((c) => c.status !== 'draft').length);
    const sv = await t.http().get('/api/v1/challenges').query({ q: 'äldreomsorg' }).expect(200);
    expect(sv.body.items.map((c: { title: string }) => c.title)).toContain(
      'Minskad ofrivillig ensamhet inom äldreomsorgen',
    );
    const en = await t.http().get('/api/v1/challenges').query({ q: 'vehicle' }).expect(200);
    expect(en.body.items.map((c: { title: string }) => c.title)).toContain(
      'Safer school routes with connected vehicles',
    );
  });

  it('has proposals in every state reachable before evaluation, including a consortium with an unconfirmed partner', async () => {
    const rows = await t.db.query<{ status: string; partners: string[] }[]>(
      `SELECT p.status, array_remove(array_agg(pp.status::text), NULL) AS partners
       FROM proposals p LEFT JOIN proposal_partners pp ON pp.proposal_id = p.id GROUP BY p.id`,
    );
    expect(rows.map((r) => r.status).sort()).toEqual(['draft', 'submitted', 'submitted', 'withdrawn']);
    expect(rows.flatMap((r) => r.partners).sort()).toEqual(['confirmed', 'invited']);
  });

  it('records every demo change in the audit trail', async () => {
    const [{ n }] = await t.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_events WHERE entity_type = 'challenge' AND action = 'challenge.published'`,
    );
    expect(n).toBe(DEMO_CHALLENGES.filter((c) => c.status !== 'draft').length);
  });

  it('loads nothing twice', async () => {
    const before = await Promise.all(['users', 'organizations', 'challenges', 'proposals', 'audit_events'].map(count));
    expect(await seedDemo(t.app)).toBe(0);
    const after = await Promise.all(['users', 'organizations', 'challenges', 'proposals', 'audit_events'].map(count));
    expect(after).toEqual(before);
    expect(DEMO_ORGANIZATIONS.length).toBe(before[1]);
    expect(before[3]).toBe(4);
  });
});
