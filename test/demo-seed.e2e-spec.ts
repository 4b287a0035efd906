import { DEMO_ACCOUNTS, DEMO_ORGANIZATIONS, seedDemo } from '../demo/demo-seed';
import { DEMO_CHALLENGES } from '../demo/demo-challenges';
import { DEMO_EVENTS, DEMO_ROOMS } from '../demo/demo-events';
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

  it('has proposals in every state, including a consortium with an unconfirmed partner', async () => {
    const rows = await t.db.query<{ status: string; partners: string[] }[]>(
      `SELECT p.status, array_remove(array_agg(pp.status::text), NULL) AS partners
       FROM proposals p LEFT JOIN proposal_partners pp ON pp.proposal_id = p.id GROUP BY p.id`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(30);
    expect([...new Set(rows.map((r) => r.status))].sort()).toEqual([
      'accepted',
      'draft',
      'rejected',
      'submitted',
      'withdrawn',
    ]);
    expect(rows.flatMap((r) => r.partners).sort()).toEqual(['confirmed', 'invited']);
  });

  it('has an evaluation: a recusal, draft and submitted reviews, a strong disagreement, decisions and a pilot', async () => {
    const assignments = await t.db.query<{ status: string }[]>(
      `SELECT DISTINCT status FROM assignments ORDER BY status`,
    );
    expect(assignments.map((a) => a.status)).toEqual(['assigned', 'recused', 'submitted']);
    const reviews = await t.db.query<{ submitted: boolean }[]>(
      `SELECT DISTINCT submitted_at IS NOT NULL AS submitted FROM reviews ORDER BY 1`,
    );
    expect(reviews.map((r) => r.submitted)).toEqual([false, true]);

    const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!;
    const login = await t.http().post('/api/v1/auth/login').send({ email: admin.email, password: admin.password });
    const [challenge] = await t.db.query<{ id: string }[]>(
      `SELECT id FROM challenges WHERE title = 'Fossilfria leveranser i city'`,
    );
    const ranking = await t
      .http()
      .get(`/api/v1/challenges/${challenge.id}/ranking`)
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .expect(200);
    expect(ranking.body.items[0]).toMatchObject({
      status: 'accepted',
      disagreement: true,
      recusals: 1,
      reviewsSubmitted: 2,
    });
  });

  it('has eight pilots over every stage and status, with effect goals and measurements, in the registry', async () => {
    const pilots = await t.db.query<{ stage: string; status: string }[]>(`SELECT stage, status FROM pilots`);
    expect(pilots).toHaveLength(8);
    expect([...new Set(pilots.map((p) => p.stage))].sort()).toEqual([
      'develop_pilot',
      'explore_idea',
      'explore_setup',
      'scale',
    ]);
    expect([...new Set(pilots.map((p) => p.status))].sort()).toEqual([
      'active',
      'discontinued',
      'implemented',
      'on_hold',
    ]);
    const [{ goals, measurements }] = await t.db.query<{ goals: number; measurements: number }[]>(
      `SELECT (SELECT count(*)::int FROM effect_goals) AS goals, (SELECT count(*)::int FROM measurements) AS measurements`,
    );
    expect(goals).toBeGreaterThanOrEqual(4);
    expect(measurements).toBeGreaterThanOrEqual(2);
    const registry = await t.http().get('/api/v1/public/pilots?limit=100').expect(200);
    expect(registry.body.items).toHaveLength(8);
    expect(registry.text).not.toMatch(/@/);
  });

  it('gives the pipeline history to show: stalled pilots and ages in stage', async () => {
    const director = DEMO_ACCOUNTS.find((a) => a.role === 'director')!;
    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: director.email, password: director.password });
    const pipeline = await t
      .http()
      .get('/api/v1/pipeline')
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .expect(200);
    expect(pipeline.body.funnel).toMatchObject({ proposalsAccepted: 8, implemented: 1, discontinued: 1 });
    expect(pipeline.body.stalled.length).toBeGreaterThan(0);
  });

  it('a season at the innovation centre: its rooms, events of every kind and state, a waiting list, held events in the pipeline', async () => {
    const rooms = await t.http().get('/api/v1/rooms').expect(200);
    expect(rooms.body.map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining(DEMO_ROOMS.map((r) => r.name)),
    );
    const listed = await t.http().get('/api/v1/events?limit=100').expect(200);
    const byTitle = new Map(
      (listed.body.items as { title: string; status: string; kind: string; waitingCount: number }[]).map((e) => [
        e.title,
        e,
      ]),
    );
    // Every event but the draft is public.
    expect(byTitle.size).toBe(DEMO_EVENTS.length - 1);
    expect(new Set([...byTitle.values()].map((e) => e.kind))).toEqual(
      new Set(['lecture', 'workshop', 'meeting', 'matchmaking', 'demo_day']),
    );
    expect(new Set([...byTitle.values()].map((e) => e.status))).toEqual(
      new Set(['published', 'cancelled', 'completed']),
    );
    expect([...byTitle.values()].some((e) => e.waitingCount > 0)).toBe(true);
    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'director@demo.testbed.se', password: 'demo-director-2026' })
      .expect(200);
    const pipeline = await t
      .http()
      .get('/api/v1/pipeline')
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .expect(200);
    expect(pipeline.body.events.held).toBe(2);
    expect(pipeline.body.events.participants).toBeGreaterThan(0);
  });

  it('records every demo change in the audit trail', async () => {
    const [{ n }] = await t.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_events WHERE entity_type = 'challenge' AND action = 'challenge.published'`,
    );
    expect(n).toBe(DEMO_CHALLENGES.filter((c) => c.status !== 'draft').length);
  });

  it('loads nothing twice', async () => {
    const before = await Promise.all(
      [
        'users',
        'organizations',
        'challenges',
        'proposals',
        'assignments',
        'reviews',
        'pilots',
        'audit_events',
        'rooms',
        'events',
        'event_registrations',
      ].map(count),
    );
    expect(await seedDemo(t.app)).toBe(0);
    const after = await Promise.all(
      [
        'users',
        'organizations',
        'challenges',
        'proposals',
        'assignments',
        'reviews',
        'pilots',
        'audit_events',
        'rooms',
        'events',
        'event_registrations',
      ].map(count),
    );
    expect(after).toEqual(before);
    expect(DEMO_ORGANIZATIONS.length).toBe(before[1]);
    expect(before[3]).toBeGreaterThanOrEqual(30);
  });
});
