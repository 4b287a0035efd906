import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { DEMO_ACCOUNTS, seedDemo } from '../demo/demo-seed';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Every list endpoint issues the same number of SQL statements for `limit=1` as for `limit=100`
 * (no query per row), counted through TypeORM's logger on the demo city. The list operations are
 * read from the OpenAPI document, so a new list endpoint fails this test until it is listed here.
 */
const LISTS: Record<string, { as: string | null; queries: Record<string, string>[] }> = {
  '/api/v1/challenges': { as: null, queries: [{}, { q: 'city' }, { status: 'published' }] },
  '/api/v1/organizations': { as: 'partner@demo.testbed.se', queries: [{ mine: 'true' }, { q: 'a' }] },
  '/api/v1/proposals': { as: 'admin@demo.testbed.se', queries: [{}, { status: 'submitted' }] },
  '/api/v1/assignments': { as: 'admin@demo.testbed.se', queries: [{}] },
  '/api/v1/pilots': { as: 'director@demo.testbed.se', queries: [{}] },
  '/api/v1/public/pilots': { as: null, queries: [{}] },
  '/api/v1/events': { as: null, queries: [{}, { status: 'published' }, { kind: 'workshop' }] },
  '/api/v1/audit': { as: 'admin@demo.testbed.se', queries: [{}, { entityType: 'proposal' }] },
  '/api/v1/notifications': { as: 'partner@demo.testbed.se', queries: [{}] },
  '/api/v1/invitations': { as: 'partner@demo.testbed.se', queries: [{}] },
  '/api/v1/users': { as: 'admin@demo.testbed.se', queries: [{}] },
};

describe('query budget of every list endpoint', () => {
  let t: TestApp;
  let listPaths: string[];
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000', CHALLENGE_CLOSE_INTERVAL_SECONDS: '60' });
    await seedDemo(t.app);
    for (const account of DEMO_ACCOUNTS) {
      const res = await t.http().post('/api/v1/auth/login').send({ email: account.email, password: account.password });
      tokens.set(account.email, res.body.accessToken as string);
    }
    // The demo has no open invitations: two organisations invite the demo partner.
    const admin = `Bearer ${tokens.get('admin@demo.testbed.se')}`;
    for (const name of ['Inbjudande förening 1', 'Inbjudande förening 2']) {
      const org = await t
        .http()
        .post('/api/v1/organizations')
        .set('Authorization', admin)
        .send({ name, kind: 'resident' });
      await t
        .http()
        .post(`/api/v1/organizations/${org.body.id}/members`)
        .set('Authorization', admin)
        .send({ email: 'partner@demo.testbed.se', role: 'member' })
        .expect(202);
    }
    // The committed document (checked for drift by `npm run check`): the one served under jest
    // lacks what the Swagger CLI plugin adds at build time, query DTO fields among them.
    const document = JSON.parse(readFileSync(join(__dirname, '..', 'openapi', 'openapi.json'), 'utf8')) as {
      paths: Record<string, { get?: { parameters?: { name: string; in: string }[] } }>;
    };
    listPaths = Object.entries(document.paths)
      .filter(([, item]) => item.get?.parameters?.some((p) => p.in === 'query' && p.name === 'limit'))
      .map(([path]) => path);
  });
  afterAll(() => t.close());

  it('knows every list operation of the spec', () => {
    expect(listPaths.filter((path) => !(path in LISTS))).toEqual([]);
    expect(Object.keys(LISTS).filter((path) => !listPaths.includes(path))).toEqual([]);
  });

  /** The statements one request issues. */
  async function statements(send: () => PromiseLike<Response>): Promise<{ res: Response; count: number }> {
    const spy = jest.spyOn(t.db.logger, 'logQuery');
    try {
      const res = await send();
      // Leave out a run of the challenge closer that may overlap the request.
      const count = spy.mock.calls.filter(([sql]) => !sql.includes('close-expired')).length;
      return { res, count };
    } finally {
      spy.mockRestore();
    }
  }

  const cases = Object.entries(LISTS).flatMap(([path, { as, queries }]) =>
    queries.map((query) => [`${path}?${new URLSearchParams(query).toString()}`, path, as, query] as const),
  );

  it.each(cases)('%s: as many statements for limit=1 as for limit=100', async (_name, path, as, query) => {
    const request = (limit: number) => {
      const req = t
        .http()
        .get(path)
        .query({ ...query, limit });
      return as ? req.set('Authorization', `Bearer ${tokens.get(as)}`) : req;
    };
    const one = await statements(() => request(1));
    const hundred = await statements(() => request(100));
    expect([one.res.status, hundred.res.status]).toEqual([200, 200]);
    // Meaningful only when the big page really holds more rows than the small one.
    expect(one.res.body.items).toHaveLength(1);
    expect(hundred.res.body.items.length).toBeGreaterThan(1);
    expect({ path, limit1: one.count }).toEqual({ path, limit1: hundred.count });
    expect(hundred.count).toBeLessThanOrEqual(3);
  });
});
