import { startTestApp, TestApp } from './support/test-app';

describe('health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('GET /health/live answers without a token, outside /api/v1', async () => {
    const res = await t.http().get('/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /health/ready pings the database', async () => {
    await t.http().get('/health/ready').expect(200, { status: 'ok' });
  });

  it('is not under the API prefix', async () => {
    const res = await t.http().get('/api/v1/health/live').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('GET /health/ready is 503 problem details when the database is unreachable', async () => {
    await t.db.destroy();
    const res = await t.http().get('/health/ready').expect(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 503, title: 'Service Unavailable' });
    await t.http().get('/health/live').expect(200);
    await t.db.initialize();
  });
});
