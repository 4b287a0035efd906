import { randomUUID } from 'node:crypto';
import type { Response, Test } from 'supertest';
import { MailDelivery } from '../src/mail/mail-delivery';
import { createCast, createUser, TestUser } from './factories/users';
import { codeIn, mailsTo } from './support/mail';
import { TestSmtpServer } from './support/smtp';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Accounts and sessions for people in a browser (issue 15, docs/SECURITY.md "Accounts and
 * sessions"): the httpOnly session cookie beside bearer tokens, its CSRF defence, signing out
 * (here and everywhere), password change and reset, email change, and the per-sender mail shares
 * (finding 5). Requests name their Host, so that the app's own origin is known to the test.
 */

const API = '/api/v1';
const HOST = 'testbed.example';
const ORIGIN = `http://${HOST}`;
const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new horse battery';

let counter = 0;
function uniqueEmail(label: string): string {
  counter += 1;
  return `${label}-${counter}-${randomUUID().slice(0, 8)}@example.se`;
}

function expectProblem(res: Response, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, detail: expect.any(String) });
}

/** The session cookie's `name=value` from a response's Set-Cookie, and the whole header. */
function sessionCookieFrom(res: Response): { pair: string; header: string } {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  const header = (raw ?? []).find((c) => c.startsWith('testbed_session='));
  if (!header) throw new Error(`No testbed_session cookie in ${JSON.stringify(raw)}`);
  return { pair: header.split(';')[0], header };
}

describe('accounts and sessions', () => {
  let t: TestApp;
  /** A request from the app's own pages: its Host and Origin, and the cookie when given. */
  const browser = (method: 'get' | 'post' | 'delete' | 'patch', path: string, cookie?: string): Test => {
    const req = t.http()[method](`${API}${path}`).set('Host', HOST).set('Origin', ORIGIN);
    return cookie ? req.set('Cookie', cookie) : req;
  };
  const signIn = async (email: string, password = PASSWORD): Promise<string> => {
    const res = await browser('post', '/auth/session').send({ email, password }).expect(200);
    return sessionCookieFrom(res).pair;
  };
  const bearer = async (email: string, password = PASSWORD): Promise<string> => {
    const res = await t.http().post(`${API}/auth/login`).send({ email, password }).expect(200);
    return `Bearer ${res.body.accessToken}`;
  };
  const me = (auth: { cookie?: string; bearer?: string }) => {
    const req = t.http().get(`${API}/auth/me`).set('Host', HOST);
    if (auth.cookie) req.set('Cookie', auth.cookie);
    if (auth.bearer) req.set('Authorization', auth.bearer);
    return req;
  };
  const audit = (userId: string) =>
    t.db
      .query<{ action: string }[]>(
        `SELECT action FROM audit_events WHERE entity_type = 'user' AND entity_id = $1 ORDER BY occurred_at, id`,
        [userId],
      )
      .then((rows) => rows.map((r) => r.action));

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL: 'https://testbed.helsingborg.example', RATE_LIMIT_PER_MINUTE: '100000' });
  });
  afterAll(() => t.close());
  beforeEach(() => t.db.query('DELETE FROM login_failures'));

  describe('browser sessions (POST and DELETE /auth/session)', () => {
    it('signing in sets an httpOnly, SameSite=Strict, Secure cookie for the API only, and answers the user', async () => {
      const user = await createUser(t, { email: uniqueEmail('cookie'), password: PASSWORD });
      const res = await browser('post', '/auth/session').send({ email: user.email, password: PASSWORD }).expect(200);
      expect(res.body).toMatchObject({ id: user.id, email: user.email, roles: ['partner'] });
      expect(res.text).not.toMatch(/accessToken|password|\$argon2/);
      const { header, pair } = sessionCookieFrom(res);
      expect(header.split('; ').slice(1).sort()).toEqual(
        ['HttpOnly', 'Max-Age=3600', 'Path=/api', 'SameSite=Strict', 'Secure'].sort(),
      );
      expect((await me({ cookie: pair }).expect(200)).body.id).toBe(user.id);
    });

    it('on plain http at localhost the cookie is not Secure (a browser would drop it there)', async () => {
      const user = await createUser(t, { email: uniqueEmail('local'), password: PASSWORD });
      const res = await t
        .http()
        .post(`${API}/auth/session`)
        .set('Host', 'localhost:3000')
        .set('Origin', 'http://localhost:3000')
        .send({ email: user.email, password: PASSWORD })
        .expect(200);
      expect(sessionCookieFrom(res).header).not.toMatch(/Secure/);
    });

    it('wrong credentials: the same 401 as the bearer login, and no cookie', async () => {
      const user = await createUser(t, { email: uniqueEmail('wrong'), password: PASSWORD });
      const res = await browser('post', '/auth/session').send({ email: user.email, password: 'not the password' });
      expectProblem(res, 401);
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('signing out clears the cookie; a bearer token is not affected by a cookie beside it', async () => {
      const user = await createUser(t, { email: uniqueEmail('out'), password: PASSWORD });
      const cookie = await signIn(user.email);
      const res = await browser('delete', '/auth/session', cookie).expect(204);
      expect(sessionCookieFrom(res).header).toMatch(/^testbed_session=; .*Max-Age=0/);
      // The bearer header wins over any cookie: a request is authenticated one way.
      const token = await bearer(user.email);
      expect((await me({ bearer: token, cookie: 'testbed_session=garbage' }).expect(200)).body.id).toBe(user.id);
    });

    it('a stale cookie on a public route is a guest, not a 401; on a signed-in route it is a 401', async () => {
      await t.http().get(`${API}/challenges`).set('Cookie', 'testbed_session=stale.token.value').expect(200);
      expectProblem(await me({ cookie: 'testbed_session=stale.token.value' }), 401);
    });

    it('the cookie is checked like a bearer token: tampered, unsigned or foreign tokens in it are 401', async () => {
      const user = await createUser(t, { email: uniqueEmail('tampered'), password: PASSWORD });
      const admin = await createUser(t, { email: uniqueEmail('admin'), roles: ['admin'] });
      const [header, payload, signature] = (await signIn(user.email)).split('=')[1].split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
      const asAdmin = Buffer.from(JSON.stringify({ ...claims, sub: admin.id })).toString('base64url');
      const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      for (const token of [`${header}.${asAdmin}.${signature}`, `${none}.${asAdmin}.`, `${header}.${payload}.`]) {
        expectProblem(await me({ cookie: `testbed_session=${token}` }), 401);
      }
      expect((await me({ cookie: `testbed_session=${header}.${payload}.${signature}` }).expect(200)).body.id).toBe(
        user.id,
      );
    });

    it('a cookie identifies the caller on public routes that show more to the signed-in', async () => {
      const { department } = await createCast(t);
      const cookie = await signIn(department.email, department.password);
      const signedIn = await t.http().get(`${API}/challenges?status=draft`).set('Cookie', cookie).expect(200);
      const guest = await t.http().get(`${API}/challenges?status=draft`).expect(200);
      expect(guest.body.items).toEqual([]);
      expect(Array.isArray(signedIn.body.items)).toBe(true);
    });
  });

  describe('cross-site request forgery', () => {
    let user: TestUser;
    let cookie: string;
    beforeAll(async () => {
      user = await createUser(t, { email: uniqueEmail('csrf'), password: PASSWORD });
      cookie = await signIn(user.email);
    });

    it('a cross-site form post carrying the cookie is refused before anything runs (403)', async () => {
      const res = await t
        .http()
        .post(`${API}/auth/sign-out-everywhere`)
        .set('Host', HOST)
        .set('Origin', 'https://evil.example')
        .set('Sec-Fetch-Site', 'cross-site')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .set('Cookie', cookie)
        .send('x=1');
      expectProblem(res, 403);
      expect(res.body.type).toBe('urn:problem-type:testbed:cross-site-request');
      expect(await audit(user.id)).not.toContain('user.signed-out-everywhere');
      await me({ cookie }).expect(200);
    });

    it('a cross-origin fetch with JSON and the cookie is refused (403), and so is one with no Origin at all', async () => {
      const crossOrigin = await t
        .http()
        .post(`${API}/organizations`)
        .set('Host', HOST)
        .set('Origin', 'http://testbed.example.evil.example')
        .set('Cookie', cookie)
        .send({ name: 'Forged AB', kind: 'resident' });
      expectProblem(crossOrigin, 403);
      const noOrigin = await t
        .http()
        .post(`${API}/organizations`)
        .set('Host', HOST)
        .set('Cookie', cookie)
        .send({ name: 'Forged AB', kind: 'resident' });
      expectProblem(noOrigin, 403);
      const crossSite = await t
        .http()
        .post(`${API}/organizations`)
        .set('Host', HOST)
        .set('Sec-Fetch-Site', 'same-site')
        .set('Cookie', cookie)
        .send({ name: 'Forged AB', kind: 'resident' });
      expectProblem(crossSite, 403);
      expect(await t.db.query(`SELECT 1 FROM organizations WHERE name = 'Forged AB'`)).toEqual([]);
    });

    it('the same request from the app’s own origin (Origin, or Sec-Fetch-Site: same-origin) passes', async () => {
      await browser('post', '/organizations', cookie)
        .send({ name: `Egen förening ${randomUUID().slice(0, 8)}`, kind: 'resident' })
        .expect(201);
      await t
        .http()
        .post(`${API}/organizations`)
        .set('Host', HOST)
        .set('Sec-Fetch-Site', 'same-origin')
        .set('Cookie', cookie)
        .send({ name: `Egen förening ${randomUUID().slice(0, 8)}`, kind: 'resident' })
        .expect(201);
      // PUBLIC_URL's origin counts as the app's own, too (a proxy that rewrites Host).
      await t
        .http()
        .post(`${API}/organizations`)
        .set('Host', HOST)
        .set('Origin', 'https://testbed.helsingborg.example')
        .set('Cookie', cookie)
        .send({ name: `Egen förening ${randomUUID().slice(0, 8)}`, kind: 'resident' })
        .expect(201);
    });

    it('signing in from another site is refused (login CSRF)', async () => {
      const res = await t
        .http()
        .post(`${API}/auth/session`)
        .set('Host', HOST)
        .set('Origin', 'https://evil.example')
        .send({ email: user.email, password: PASSWORD });
      expectProblem(res, 403);
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('bearer clients are unaffected: no Origin needed, and a foreign Origin is not refused', async () => {
      const token = await bearer(user.email);
      await t
        .http()
        .post(`${API}/organizations`)
        .set('Authorization', token)
        .set('Origin', 'https://partner-tool.example')
        .send({ name: `Bärarförening ${randomUUID().slice(0, 8)}`, kind: 'resident' })
        .expect(201);
    });

    it('safe methods need no Origin (a link from another site may open a page)', async () => {
      await t
        .http()
        .get(`${API}/auth/me`)
        .set('Host', HOST)
        .set('Sec-Fetch-Site', 'cross-site')
        .set('Cookie', cookie)
        .expect(200);
    });
  });

  describe('signing out everywhere (POST /auth/sign-out-everywhere)', () => {
    it('revokes every token and cookie issued before, this one included; a new sign-in works', async () => {
      const user = await createUser(t, { email: uniqueEmail('everywhere'), password: PASSWORD });
      const laptop = await signIn(user.email);
      const phone = await signIn(user.email);
      const script = await bearer(user.email);
      const res = await browser('post', '/auth/sign-out-everywhere', laptop).expect(204);
      expect(sessionCookieFrom(res).header).toMatch(/Max-Age=0/);
      expectProblem(await me({ cookie: laptop }), 401);
      expectProblem(await me({ cookie: phone }), 401);
      expectProblem(await me({ bearer: script }), 401);
      await me({ cookie: await signIn(user.email) }).expect(200);
      expect(await audit(user.id)).toContain('user.signed-out-everywhere');
    });

    it('needs to be signed in (401)', async () => {
      expectProblem(await browser('post', '/auth/sign-out-everywhere'), 401);
    });
  });

  describe('changing the password (POST /auth/password)', () => {
    it('needs the current password: a wrong one is 422 on currentPassword, changes nothing, and counts as a failed login', async () => {
      const user = await createUser(t, { email: uniqueEmail('wrong-current'), password: PASSWORD });
      const cookie = await signIn(user.email);
      const res = await browser('post', '/auth/password', cookie).send({
        currentPassword: 'not my password',
        newPassword: NEW_PASSWORD,
      });
      expectProblem(res, 422);
      expect(res.body.errors).toEqual([{ field: 'currentPassword', message: expect.any(String) }]);
      await me({ cookie }).expect(200);
      await bearer(user.email, PASSWORD);
      const [{ count }] = await t.db.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM login_failures WHERE email = $1`,
        [user.email],
      );
      expect(count).toBe(1);
      expect(await audit(user.id)).not.toContain('user.password-changed');
    });

    it('revokes every other token and cookie, keeps this browser signed in with a fresh cookie, and mails a notice', async () => {
      const user = await createUser(t, { email: uniqueEmail('change'), password: PASSWORD });
      const here = await signIn(user.email);
      const elsewhere = await signIn(user.email);
      const script = await bearer(user.email);
      const res = await browser('post', '/auth/password', here)
        .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
        .expect(204);
      const fresh = sessionCookieFrom(res).pair;
      expect((await me({ cookie: fresh }).expect(200)).body.id).toBe(user.id);
      for (const old of [here, elsewhere]) expectProblem(await me({ cookie: old }), 401);
      expectProblem(await me({ bearer: script }), 401);
      expectProblem(await t.http().post(`${API}/auth/login`).send({ email: user.email, password: PASSWORD }), 401);
      await bearer(user.email, NEW_PASSWORD);
      expect((await mailsTo(t, user.email)).map((m) => m.template)).toContain('password.changed');
      expect(await audit(user.id)).toContain('user.password-changed');
    });

    it('a bearer client changes it too (no cookie in the answer), and refuses a short new password (400)', async () => {
      const user = await createUser(t, { email: uniqueEmail('bearer-change'), password: PASSWORD });
      const token = await bearer(user.email);
      const short = await t
        .http()
        .post(`${API}/auth/password`)
        .set('Authorization', token)
        .send({ currentPassword: PASSWORD, newPassword: 'short' });
      expectProblem(short, 400);
      expect(short.body.errors.map((e: { field: string }) => e.field)).toEqual(['newPassword']);
      const res = await t
        .http()
        .post(`${API}/auth/password`)
        .set('Authorization', token)
        .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
        .expect(204);
      expect(res.headers['set-cookie']).toBeUndefined();
      expectProblem(await me({ bearer: token }), 401);
    });
  });

  describe('forgotten password (POST /auth/password/forgot and /password/reset)', () => {
    const forgot = (email: string, ip = '198.51.100.10') =>
      t.http().post(`${API}/auth/password/forgot`).set('X-Forwarded-For', ip).send({ email });
    const reset = (code: string, newPassword = NEW_PASSWORD) =>
      t.http().post(`${API}/auth/password/reset`).send({ code, newPassword });
    const resetCode = async (email: string) => {
      const mails = (await mailsTo(t, email)).filter((m) => m.template === 'password.reset');
      return codeIn(mails[mails.length - 1].body);
    };

    it('answers the same 202 for any address; only an enabled account is mailed, with a link carrying the code in its fragment', async () => {
      const user = await createUser(t, { email: uniqueEmail('forgetful'), password: PASSWORD });
      const disabled = await createUser(t, { email: uniqueEmail('disabled-forgetful'), password: PASSWORD });
      await t.db.query(`UPDATE users SET disabled = true WHERE id = $1`, [disabled.id]);
      const unknown = uniqueEmail('nobody');
      const answers = await Promise.all([forgot(user.email), forgot(unknown), forgot(disabled.email)]);
      for (const res of answers) {
        expect(res.status).toBe(202);
        expect(res.body).toEqual(answers[0].body);
      }
      expect(answers[0].body).toEqual({ status: 'pending', detail: expect.any(String) });
      expect(await mailsTo(t, unknown)).toEqual([]);
      expect(await mailsTo(t, disabled.email)).toEqual([]);
      const [mail] = await mailsTo(t, user.email);
      expect(mail.template).toBe('password.reset');
      const code = codeIn(mail.body);
      expect(mail.body).toContain(`https://testbed.helsingborg.example/reset-password#code=${code}`);
      const [row] = await t.db.query(`SELECT * FROM account_codes WHERE user_id = $1`, [user.id]);
      expect(JSON.stringify(row)).not.toContain(code);
    });

    it('the code sets a new password once, revokes every session, and is audited', async () => {
      const user = await createUser(t, { email: uniqueEmail('reset'), password: PASSWORD });
      const cookie = await signIn(user.email);
      const token = await bearer(user.email);
      await forgot(user.email).expect(202);
      const code = await resetCode(user.email);
      await reset(code).expect(204);
      expectProblem(await me({ cookie }), 401);
      expectProblem(await me({ bearer: token }), 401);
      await bearer(user.email, NEW_PASSWORD);
      const again = await reset(code, 'yet another password here');
      expectProblem(again, 422);
      expect(again.body.errors).toEqual([{ field: 'code', message: expect.any(String) }]);
      expect(await audit(user.id)).toContain('user.password-reset');
    });

    it('a newer request replaces the older code; an expired code is the same 422 as an unknown one', async () => {
      const user = await createUser(t, { email: uniqueEmail('replaced'), password: PASSWORD });
      await forgot(user.email).expect(202);
      const first = await resetCode(user.email);
      await forgot(user.email).expect(202);
      const second = await resetCode(user.email);
      expectProblem(await reset(first), 422);
      await t.db.query(`UPDATE account_codes SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
        user.id,
      ]);
      const expired = await reset(second);
      const unknown = await reset('B'.repeat(43));
      expectProblem(expired, 422);
      expect(expired.body.detail).toBe(unknown.body.detail);
      await bearer(user.email, PASSWORD);
    });

    it('a reset lifts the account’s own login throttle: the owner proved they read the mailbox', async () => {
      const user = await createUser(t, { email: uniqueEmail('locked'), password: PASSWORD });
      for (let i = 0; i < 5; i += 1) {
        await t.http().post(`${API}/auth/login`).send({ email: user.email, password: 'guess guess guess' }).expect(401);
      }
      expectProblem(await t.http().post(`${API}/auth/login`).send({ email: user.email, password: PASSWORD }), 429);
      await t.db.query(`DELETE FROM login_failures WHERE email <> $1`, [user.email]);
      await forgot(user.email).expect(202);
      await reset(await resetCode(user.email)).expect(204);
      await bearer(user.email, NEW_PASSWORD);
    });

    it.each([
      ['no code', { newPassword: NEW_PASSWORD }, 'code'],
      ['a short password', { code: 'A'.repeat(43), newPassword: 'short' }, 'newPassword'],
      ['an unknown field', { code: 'A'.repeat(43), newPassword: NEW_PASSWORD, email: 'x@example.se' }, 'email'],
    ])('reset refuses %s (400 naming %s)', async (_label, body, field) => {
      const res = await t.http().post(`${API}/auth/password/reset`).send(body);
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  describe('changing the email (POST /auth/email and /email/confirm)', () => {
    const confirmEmail = (code: string) => t.http().post(`${API}/auth/email/confirm`).send({ code });

    it('mails a link to the new address; its code moves the account there, and the old address is told', async () => {
      const user = await createUser(t, { email: uniqueEmail('moving'), password: PASSWORD });
      const cookie = await signIn(user.email);
      const newEmail = uniqueEmail('moved');
      const res = await browser('post', '/auth/email', cookie)
        .send({ newEmail: `  ${newEmail.toUpperCase()} `, currentPassword: PASSWORD })
        .expect(202);
      expect(res.body).toEqual({ status: 'pending', detail: expect.any(String) });
      const [mail] = await mailsTo(t, newEmail);
      expect(mail.template).toBe('email.confirm');
      const code = codeIn(mail.body);
      expect(mail.body).toContain(`https://testbed.helsingborg.example/account/email/confirm#code=${code}`);
      // Nothing changes before the new address confirms.
      expect((await me({ cookie }).expect(200)).body.email).toBe(user.email);

      const confirmed = await confirmEmail(code).expect(200);
      expect(confirmed.body).toMatchObject({ id: user.id, email: newEmail });
      expect((await mailsTo(t, user.email)).map((m) => m.template)).toContain('email.changed');
      await bearer(newEmail);
      expectProblem(await confirmEmail(code), 422);
      expect(await audit(user.id)).toEqual(
        expect.arrayContaining(['user.email-change-requested', 'user.email-changed']),
      );
    });

    it('needs the current password (422 on currentPassword) and a different address (422 on newEmail)', async () => {
      const user = await createUser(t, { email: uniqueEmail('careful'), password: PASSWORD });
      const cookie = await signIn(user.email);
      const wrong = await browser('post', '/auth/email', cookie).send({
        newEmail: uniqueEmail('x'),
        currentPassword: 'nope',
      });
      expectProblem(wrong, 422);
      expect(wrong.body.errors).toEqual([{ field: 'currentPassword', message: expect.any(String) }]);
      const same = await browser('post', '/auth/email', cookie).send({
        newEmail: user.email,
        currentPassword: PASSWORD,
      });
      expectProblem(same, 422);
      expect(same.body.errors).toEqual([{ field: 'newEmail', message: expect.any(String) }]);
      expect(await t.db.query(`SELECT 1 FROM account_codes WHERE user_id = $1`, [user.id])).toEqual([]);
    });

    it('a taken address gets the same 202 and a notice, never a code (no enumeration, no merge)', async () => {
      const user = await createUser(t, { email: uniqueEmail('grabby'), password: PASSWORD });
      const other = await createUser(t, { email: uniqueEmail('taken'), password: PASSWORD });
      const res = await browser('post', '/auth/email', await signIn(user.email))
        .send({ newEmail: other.email, currentPassword: PASSWORD })
        .expect(202);
      expect(res.body).toEqual({ status: 'pending', detail: expect.any(String) });
      const mails = await mailsTo(t, other.email);
      expect(mails.map((m) => m.template)).toEqual(['email.taken']);
      expect(mails[0].body).not.toMatch(/^Code:/m);
    });

    it('needs to be signed in (401); an unknown code is 422', async () => {
      expectProblem(
        await browser('post', '/auth/email').send({ newEmail: uniqueEmail('x'), currentPassword: PASSWORD }),
        401,
      );
      expectProblem(await confirmEmail('C'.repeat(43)), 422);
    });
  });
});

describe('finding 5: mail shares per sender (TRUST_PROXY: X-Forwarded-For is the client IP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'true', RATE_LIMIT_PER_MINUTE: '100000' });
  });
  afterAll(() => t.close());

  const register = (email: string, ip: string) =>
    t.http().post(`${API}/auth/register`).set('X-Forwarded-For', ip).send({ email });

  it('five anonymous registrations from one client do not silence the address: its owner’s own registration is mailed', async () => {
    // Before the fix, five anonymous registrations of X used up X's hourly share, so X's own
    // confirmation (and any invitation) never went out.
    const victim = uniqueEmail('silenced');
    for (let i = 0; i < 7; i += 1) await register(victim, '203.0.113.50').expect(202);
    expect(await mailsTo(t, victim)).toHaveLength(5);
    await register(victim, '198.51.100.20').expect(202);
    expect(await mailsTo(t, victim)).toHaveLength(6);
  });

  it('anonymous traffic from many clients cannot starve mail a signed-in person caused (an invitation)', async () => {
    const victim = uniqueEmail('starved');
    for (let i = 0; i < 25; i += 1) await register(victim, `203.0.114.${i + 1}`).expect(202);
    // The anonymous ceiling bounds the flood …
    expect(await mailsTo(t, victim)).toHaveLength(20);
    // … and an invitation, which a signed-in owner caused, still goes out.
    const owner = await createUser(t, { email: uniqueEmail('owner'), password: PASSWORD });
    const org = await t
      .http()
      .post(`${API}/organizations`)
      .set('Authorization', owner.auth)
      .send({ name: `Inbjudande förening ${randomUUID().slice(0, 8)}`, kind: 'resident' })
      .expect(201);
    await t
      .http()
      .post(`${API}/organizations/${org.body.id}/members`)
      .set('Authorization', owner.auth)
      .send({ email: victim, role: 'member' })
      .expect(202);
    const templates = (await mailsTo(t, victim)).map((m) => m.template);
    expect(templates.filter((x) => x === 'organization.invited')).toHaveLength(1);
  });

  it('one anonymous client reaches at most 30 addresses an hour', async () => {
    const ip = '203.0.115.9';
    const addresses = Array.from({ length: 32 }, () => uniqueEmail('spread'));
    for (const email of addresses) await register(email, ip).expect(202);
    const mailed = await Promise.all(addresses.map((email) => mailsTo(t, email)));
    expect(mailed.filter((m) => m.length > 0)).toHaveLength(30);
  });
});

describe('account flows through real SMTP', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    t = await startTestApp({ MAIL_TRANSPORT: 'smtp', SMTP_URL: smtp.url(), MAIL_POLL_INTERVAL_MS: '60000' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  /** Delivers the outbox over SMTP and reads the code of the newest mail to `email` from what the server received. */
  async function codeDelivered(email: string, template: string): Promise<string> {
    await t.app.get(MailDelivery).deliverDue();
    const received = smtp.received.filter((m) => m.rcptTo.includes(email) && m.subject.length > 0);
    expect(received.length).toBeGreaterThan(0);
    const mail = received[received.length - 1];
    expect(mail.body).toMatch(template === 'registration.confirm' ? /register\/confirm#code=/ : /reset-password#code=/);
    return codeIn(mail.body);
  }
  const session = async (email: string, password: string) => {
    const res = await t
      .http()
      .post(`${API}/auth/session`)
      .set('Host', HOST)
      .set('Origin', ORIGIN)
      .send({ email, password })
      .expect(200);
    return sessionCookieFrom(res).pair;
  };
  const meWith = (cookie: string) => t.http().get(`${API}/auth/me`).set('Host', HOST).set('Cookie', cookie);

  it('register → confirm from the mail → sign in; a cookie and a token die at password change, reset, disabling and sign-out-everywhere', async () => {
    const email = uniqueEmail('smtp');
    await t.http().post(`${API}/auth/register`).send({ email }).expect(202);
    const code = await codeDelivered(email, 'registration.confirm');
    const user = await t
      .http()
      .post(`${API}/auth/register/confirm`)
      .send({ code, name: 'Sara Posthus', password: PASSWORD })
      .expect(201);

    // Password change.
    let cookie = await session(email, PASSWORD);
    let token = `Bearer ${(await t.http().post(`${API}/auth/login`).send({ email, password: PASSWORD }).expect(200)).body.accessToken}`;
    const other = await session(email, PASSWORD);
    await t
      .http()
      .post(`${API}/auth/password`)
      .set('Host', HOST)
      .set('Origin', ORIGIN)
      .set('Cookie', cookie)
      .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
      .expect(204);
    expectProblem(await meWith(other), 401);
    expectProblem(await t.http().get(`${API}/auth/me`).set('Authorization', token), 401);

    // Reset, by the code that came through SMTP.
    cookie = await session(email, NEW_PASSWORD);
    token = `Bearer ${(await t.http().post(`${API}/auth/login`).send({ email, password: NEW_PASSWORD }).expect(200)).body.accessToken}`;
    await t.http().post(`${API}/auth/password/forgot`).send({ email }).expect(202);
    const resetCode = await codeDelivered(email, 'password.reset');
    await t.http().post(`${API}/auth/password/reset`).send({ code: resetCode, newPassword: PASSWORD }).expect(204);
    expectProblem(await meWith(cookie), 401);
    expectProblem(await t.http().get(`${API}/auth/me`).set('Authorization', token), 401);

    // Disabling, then enabling again: the old session stays dead.
    cookie = await session(email, PASSWORD);
    const { admin } = await createCast(t);
    await t
      .http()
      .patch(`${API}/users/${user.body.id}`)
      .set('Authorization', admin.auth)
      .send({ disabled: true })
      .expect(200);
    expectProblem(await meWith(cookie), 401);
    await t
      .http()
      .patch(`${API}/users/${user.body.id}`)
      .set('Authorization', admin.auth)
      .send({ disabled: false })
      .expect(200);
    expectProblem(await meWith(cookie), 401);

    // Sign out everywhere.
    cookie = await session(email, PASSWORD);
    token = `Bearer ${(await t.http().post(`${API}/auth/login`).send({ email, password: PASSWORD }).expect(200)).body.accessToken}`;
    await t.http().post(`${API}/auth/sign-out-everywhere`).set('Authorization', token).expect(204);
    expectProblem(await meWith(cookie), 401);
    expectProblem(await t.http().get(`${API}/auth/me`).set('Authorization', token), 401);
  });
});
