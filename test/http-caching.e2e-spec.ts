import { challengeIn } from './factories/challenges';
import { createCast, TestUser } from './factories/users';
import { startTestApp, TestApp } from './support/test-app';

/**
 * HTTP caching of the reads (src/common/http-caching.ts): an entity tag on every successful GET,
 * a bodiless 304 while the caller's own answer has not changed, `public` only for what an
 * anonymous caller gets, and never one caller's view served for another's tag.
 */
describe('HTTP caching of the reads', () => {
  const API = '/api/v1';
  let t: TestApp;
  let department: TestUser;
  let partner: TestUser;
  let published: { id: string };
  let draft: { id: string };

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    ({ department, partner } = await createCast(t));
    published = await challengeIn(t, department, 'published', { title: 'Trygga cykelstråk i Oceanhamnen' });
    draft = await challengeIn(t, department, 'draft', { title: 'Ett utkast bara förvaltningen ser' });
  });
  afterAll(() => t.close());

  const list = (auth?: string, tag?: string) => {
    const req = t.http().get(`${API}/challenges?limit=50`);
    if (auth) req.set('Authorization', auth);
    if (tag) req.set('If-None-Match', tag);
    return req;
  };
  const ids = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);

  it('an anonymous read is public, tagged, and revalidated to a bodiless 304 while nothing changed', async () => {
    const first = await list().expect(200);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    expect(first.headers.vary).toMatch(/Authorization/);
    expect(first.headers.vary).toMatch(/Cookie/);
    const tag = first.headers.etag;
    expect(tag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);

    const again = await list(undefined, tag).expect(304);
    expect(again.text ?? '').toBe('');
    expect(again.headers.etag).toBe(tag);
    // A list of tags, and the strong form of the weak tag, match too (weak comparison).
    await list(undefined, `W/"other", ${tag}`).expect(304);
    await list(undefined, tag.replace(/^W\//, '')).expect(304);
  });

  it('a signed-in read is private, and a department never gets the public answer for the public tag', async () => {
    const anonymous = await list().expect(200);
    expect(ids(anonymous.body)).not.toContain(draft.id);

    const staff = await list(department.auth, anonymous.headers.etag).expect(200);
    expect(staff.headers['cache-control']).toBe('private, no-cache');
    expect(ids(staff.body)).toContain(draft.id);
    expect(staff.headers.etag).not.toBe(anonymous.headers.etag);

    // And the other way round: the department's tag gets the public answer, not a 304.
    const back = await list(undefined, staff.headers.etag).expect(200);
    expect(ids(back.body)).not.toContain(draft.id);
    // A partner sees what the public sees: the same tag, but still private (it was asked with a token).
    const partnerView = await list(partner.auth, anonymous.headers.etag).expect(304);
    expect(partnerView.headers['cache-control']).toBe('private, no-cache');
  });

  it('a change gives a new tag: the old one gets the new body', async () => {
    const before = await list().expect(200);
    const another = await challengeIn(t, department, 'published', { title: 'Fler sittplatser vid Knutpunkten' });
    const after = await list(undefined, before.headers.etag).expect(200);
    expect(ids(after.body)).toContain(another.id);
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('one challenge, the registry and the reference data are tagged; errors and writes are not', async () => {
    const one = await t.http().get(`${API}/challenges/${published.id}`).expect(200);
    await t.http().get(`${API}/challenges/${published.id}`).set('If-None-Match', one.headers.etag).expect(304);
    const registry = await t.http().get(`${API}/public/pilots`).expect(200);
    expect(registry.headers['cache-control']).toBe('public, no-cache');
    expect(registry.headers.etag).toBeDefined();
    const areas = await t.http().get(`${API}/welfare-areas`).expect(200);
    expect(areas.headers.etag).toBeDefined();

    const hidden = await t.http().get(`${API}/challenges/${draft.id}`).expect(404);
    expect(hidden.headers.etag).toBeUndefined();
    expect(hidden.headers['cache-control']).toBeUndefined();
    const created = await t.http().post(`${API}/challenges`).set('Authorization', department.auth).send({ title: 'x' });
    expect(created.status).toBe(400);
    expect(created.headers.etag).toBeUndefined();
  });

  it("a personal read is private and revalidates only for its own caller's answer", async () => {
    const me = await t.http().get(`${API}/auth/me`).set('Authorization', partner.auth).expect(200);
    expect(me.headers['cache-control']).toBe('private, no-cache');
    await t
      .http()
      .get(`${API}/auth/me`)
      .set('Authorization', partner.auth)
      .set('If-None-Match', me.headers.etag)
      .expect(304);
    const other = await t
      .http()
      .get(`${API}/auth/me`)
      .set('Authorization', department.auth)
      .set('If-None-Match', me.headers.etag)
      .expect(200);
    expect(other.body.id).toBe(department.id);
  });

  it('signing a browser out clears its cache of the site', async () => {
    const res = await t.http().delete(`${API}/auth/session`).set('Host', 'localhost').set('Origin', 'http://localhost');
    expect(res.status).toBe(204);
    expect(res.headers['clear-site-data']).toBe('"cache"');
  });
});
