import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Response, Test } from 'supertest';
import { UsersService } from '../src/users/users.service';
import { createCast, createUser, TestUser } from './factories/users';
import { MAILS_PER_ADDRESS_PER_HOUR } from '../src/mail/mail-outbox';
import { codeIn, latestCode, mailsTo } from './support/mail';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Accounts and tokens (docs/product.md §2 User, §3.7, §4): registration, login, the signed-in user,
 * bearer-token verification, and the login throttle (five failures per account and client with
 * back-off, 100 an hour per account, five a minute per client IP). Every supertest request comes from 127.0.0.1, so each block that produces failed
 * logins boots its own application and clears `login_failures` before each test.
 */

const REGISTER = '/api/v1/auth/register';
const CONFIRM = '/api/v1/auth/register/confirm';
const LOGIN = '/api/v1/auth/login';
const ME = '/api/v1/auth/me';
const PASSWORD = 'correct horse battery staple';
const WRONG_PASSWORD = 'wrong horse battery staple';

let emailCounter = 0;
/** A fresh address per call, so no test depends on another test's account or failures. */
function uniqueEmail(label = 'user'): string {
  emailCounter += 1;
  return `${label}-${emailCounter}-${randomUUID().slice(0, 8)}@example.se`;
}

/** RFC 9457 problem details with the given status, and no stack trace. */
function expectProblem(res: Response, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    type: expect.stringMatching(/^urn:problem-type:testbed:/),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
  expect(res.text).not.toMatch(/\n\s+at |\.ts:\d+/);
}

/** A 400 whose `errors` name exactly these fields. */
function expectInvalidFields(res: Response, ...fields: string[]): void {
  expectProblem(res, 400);
  expect(res.body.type).toBe('urn:problem-type:testbed:invalid-input');
  const named = [...new Set((res.body.errors as { field: string; message: string }[]).map((e) => e.field))];
  expect(named.sort()).toEqual([...fields].sort());
  for (const error of res.body.errors) expect(error.message).toEqual(expect.any(String));
}

function expectUnauthenticated(res: Response): void {
  expectProblem(res, 401);
  expect(res.body).toMatchObject({ type: 'urn:problem-type:testbed:unauthenticated', title: 'Unauthorized' });
}

/** A failed login's answer without the per-request fields, for comparing two failures. */
function stableProblem(res: Response): Record<string, unknown> {
  const { type, title, status, detail, errors } = res.body;
  return { status: res.status, type, title, bodyStatus: status, detail, errors };
}

function register(t: TestApp, body: Record<string, unknown>): Test {
  return t
    .http()
    .post(REGISTER)
    .send({ email: uniqueEmail('registered'), ...body });
}

/** Confirms with the code, choosing a name and password (defaults: Anna Svensson, PASSWORD). */
function confirm(t: TestApp, code: string, body: Record<string, unknown> = {}): Test {
  return t
    .http()
    .post(CONFIRM)
    .send({ code, name: 'Anna Svensson', password: PASSWORD, ...body });
}

/** Registers, reads the code from the mail and confirms: the account, and the confirming request's id. */
async function registerAndConfirm(
  t: TestApp,
  body: Record<string, unknown> & { email: string },
  chosen: Record<string, unknown> = {},
): Promise<Record<string, unknown> & { id: string; requestId: string }> {
  await register(t, body).expect(202);
  const res = await confirm(t, await latestCode(t, body.email.trim().toLowerCase()), chosen).expect(201);
  return { ...res.body, requestId: res.headers['x-request-id'] };
}

function pendingRow(t: TestApp, email: string) {
  return t.db
    .query<Record<string, string>[]>('SELECT * FROM pending_registrations WHERE email = $1', [email])
    .then((rows) => rows[0]);
}

/** `clientIp` goes in X-Forwarded-For, which only counts when the app trusts a proxy. */
function login(t: TestApp, email: string, password: string, clientIp?: string): Test {
  return t
    .http()
    .post(LOGIN)
    .set(clientIp ? { 'X-Forwarded-For': clientIp } : {})
    .send({ email, password });
}

function me(t: TestApp, authorization?: string): Test {
  return t
    .http()
    .get(ME)
    .set(authorization ? { Authorization: authorization } : {});
}

async function userRow(t: TestApp, email: string) {
  const [row] = await t.db.query<{ id: string; roles: string[]; password_hash: string }[]>(
    'SELECT id, roles, password_hash FROM users WHERE email = $1',
    [email],
  );
  return row;
}

async function failuresFor(t: TestApp, email: string): Promise<{ email: string; ip: string }[]> {
  return t.db.query('SELECT email, ip FROM login_failures WHERE email = $1 ORDER BY id', [email]);
}

function decodeSegment(segment: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}

function encodeSegment(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Claims exactly like the app's own tokens, valid for ten more minutes. */
function claimsFor(t: TestApp, sub: string): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { sub, sv: 0, iss: t.config.jwt.issuer, aud: t.config.jwt.audience, iat: now, exp: now + 600 };
}

function forge(claims: Record<string, unknown>, secret: string, algorithm: jwt.Algorithm = 'HS256'): string {
  return jwt.sign(claims, secret, { algorithm });
}

function expectRetryAfter(res: Response, min = 1, max = 60): number {
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
  const seconds = Number(res.headers['retry-after']);
  expect(seconds).toBeGreaterThanOrEqual(min);
  expect(seconds).toBeLessThanOrEqual(max);
  return seconds;
}

function expectThrottled(res: Response): void {
  expectProblem(res, 429);
  expect(res.body).toMatchObject({ type: 'urn:problem-type:testbed:too-many-requests', title: 'Too Many Requests' });
  expectRetryAfter(res);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

describe('auth (no failed logins in this app)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('POST /api/v1/auth/register and /register/confirm', () => {
    const PENDING = {
      status: 'pending',
      detail: expect.stringContaining('confirmation link and code'),
    };

    it('answers 202 pending, creates no account yet, and mails a link and code; the code holder chooses name and password', async () => {
      const email = uniqueEmail('new');
      const res = await t.http().post(REGISTER).send({ email }).expect(202);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual(PENDING);
      expect(await userRow(t, email)).toBeUndefined();

      const [mail] = await mailsTo(t, email);
      expect(mail).toMatchObject({ template: 'registration.confirm', subject: expect.stringContaining('Confirm') });
      const code = codeIn(mail.body);
      expect(mail.body).toContain(`${t.config.publicUrl}/register/confirm#code=${code}`);
      const confirmed = await confirm(t, code, { name: 'Anna Svensson' }).expect(201);
      expect(confirmed.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
        email,
        name: 'Anna Svensson',
        roles: ['partner'],
        departmentId: null,
        disabled: false,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/),
      });
      expect(Math.abs(Date.parse(confirmed.body.createdAt) - Date.now())).toBeLessThan(60_000);
      expect(confirmed.text).not.toMatch(/password/i);
      expect(confirmed.text).not.toContain('$argon2');
      expect((await userRow(t, email)).id).toBe(confirmed.body.id);
      expect(await pendingRow(t, email)).toBeUndefined();
      await login(t, email, PASSWORD).expect(200);
    });

    it('finding 3 (account pre-hijack): registration takes no password, so nobody plants one on an address they cannot read', async () => {
      // Before the fix an attacker registered the victim's address with the attacker's password;
      // the victim confirmed the mailed code and got an account that carried it. Now the
      // registration takes no password, and the password is the one the code holder types.
      const victim = uniqueEmail('victim');
      expectInvalidFields(
        await t.http().post(REGISTER).send({ email: victim, password: 'attacker-chosen-password' }),
        'password',
      );
      await t.http().post(REGISTER).send({ email: victim }).expect(202);
      await confirm(t, await latestCode(t, victim), { password: 'the victim’s own password' }).expect(201);
      expectUnauthenticated(await login(t, victim, 'attacker-chosen-password'));
      await login(t, victim, 'the victim’s own password').expect(200);
      // This app counts no failed logins (see its describe): the one above goes.
      await t.db.query('DELETE FROM login_failures WHERE email = $1', [victim]);
    });

    it('stores the email trimmed and in lower case', async () => {
      const suffix = randomUUID().slice(0, 8);
      const email = `anna.svensson.${suffix}@example.se`;
      await register(t, { email: `  Anna.Svensson.${suffix}@Example.SE ` }).expect(202);
      const res = await confirm(t, await latestCode(t, email)).expect(201);
      expect(res.body.email).toBe(email);
      expect(await userRow(t, email)).toBeDefined();
    });

    it('a taken email (in another case) gets the same 202, its owner a notice, and the account stays as it was', async () => {
      const suffix = randomUUID().slice(0, 8);
      const owner = await createUser(t, { email: `dup.${suffix}@example.se`, password: PASSWORD });
      const hashBefore = (await userRow(t, owner.email)).password_hash;

      const res = await register(t, { email: `DUP.${suffix}@Example.se` });
      expect(res.status).toBe(202);
      expect(res.body).toEqual(PENDING);
      expect(await mailsTo(t, owner.email)).toEqual([
        expect.objectContaining({ template: 'registration.account-exists' }),
      ]);
      expect(await pendingRow(t, owner.email)).toBeUndefined();

      const rows = await t.db.query<{ id: string }[]>('SELECT id FROM users WHERE lower(email) = $1', [owner.email]);
      expect(rows).toEqual([{ id: owner.id }]);
      expect((await userRow(t, owner.email)).password_hash).toBe(hashBefore);
      await login(t, owner.email, PASSWORD).expect(200);
    });

    it('registering again replaces the pending code: only the newest code works', async () => {
      const email = uniqueEmail('again');
      await register(t, { email }).expect(202);
      const first = await latestCode(t, email);
      await register(t, { email }).expect(202);
      const second = await latestCode(t, email);
      expect(second).not.toBe(first);

      expectProblem(await confirm(t, first), 422);
      const res = await confirm(t, second, { name: 'Second Try', password: 'the second password' }).expect(201);
      expect(res.body.name).toBe('Second Try');
      await login(t, email, 'the second password').expect(200);
    });

    it('past one client’s hourly share of mails to an address, a registration answers the same 202 and changes nothing', async () => {
      const email = uniqueEmail('flooded');
      const answers = [];
      const codes = [];
      for (let i = 0; i < MAILS_PER_ADDRESS_PER_HOUR + 2; i += 1) {
        answers.push(await register(t, { email }));
        if (i < MAILS_PER_ADDRESS_PER_HOUR) codes.push(await latestCode(t, email));
      }
      for (const res of answers) {
        expect(res.status).toBe(202);
        expect(res.body).toEqual(answers[0].body);
      }
      expect(await mailsTo(t, email)).toHaveLength(MAILS_PER_ADDRESS_PER_HOUR);
      // The pending registration is the last one that was mailed, and its code works.
      const res = await confirm(t, codes[codes.length - 1]).expect(201);
      expect(res.body.email).toBe(email);
      // A new hour, a new share.
      await t.db.query(
        `UPDATE rate_limit_counters SET window_start = now() - interval '61 minutes' WHERE key LIKE 'mail|' || $1 || '|%'`,
        [email],
      );
      await register(t, { email }).expect(202);
      expect(await mailsTo(t, email)).toHaveLength(MAILS_PER_ADDRESS_PER_HOUR + 1);
    });

    it('a code works once: the second confirmation is 422 and no second account exists', async () => {
      const email = uniqueEmail('once');
      await register(t, { email }).expect(202);
      const code = await latestCode(t, email);
      await confirm(t, code).expect(201);
      const again = await confirm(t, code);
      expectProblem(again, 422);
      expect(again.body.detail).toMatch(/unknown, used or expired/);
      expect(again.body.errors).toEqual([{ field: 'code', message: expect.any(String) }]);
      expect(await t.db.query('SELECT id FROM users WHERE email = $1', [email])).toHaveLength(1);
    });

    it('an expired code is 422 and creates nothing; an unknown code is the same 422', async () => {
      const email = uniqueEmail('expired');
      await register(t, { email }).expect(202);
      const code = await latestCode(t, email);
      await t.db.query(`UPDATE pending_registrations SET expires_at = now() - interval '1 second' WHERE email = $1`, [
        email,
      ]);
      const expired = await confirm(t, code);
      const unknown = await confirm(t, 'A'.repeat(43));
      expectProblem(expired, 422);
      expectProblem(unknown, 422);
      expect(stableProblem(expired)).toEqual(stableProblem(unknown));
      expect(await userRow(t, email)).toBeUndefined();
    });

    it('a registration expires: the next registration (of anyone) deletes what was never confirmed', async () => {
      const forgotten = uniqueEmail('forgotten');
      await register(t, { email: forgotten }).expect(202);
      await t.db.query(`UPDATE pending_registrations SET expires_at = now() - interval '1 second' WHERE email = $1`, [
        forgotten,
      ]);
      await register(t, { email: uniqueEmail('next') }).expect(202);
      expect(await pendingRow(t, forgotten)).toBeUndefined();
    });

    it('an address taken between registration and confirmation is 409, and the existing account is untouched', async () => {
      const email = uniqueEmail('raced');
      await register(t, { email }).expect(202);
      const code = await latestCode(t, email);
      const admin = await createUser(t, { email, name: 'Made By Admin', password: PASSWORD });
      expectProblem(await confirm(t, code, { name: 'Late Registrant' }), 409);
      expect(await t.db.query('SELECT id, name FROM users WHERE email = $1', [email])).toEqual([
        { id: admin.id, name: 'Made By Admin' },
      ]);
    });

    it.each([
      ['no code', { code: undefined }],
      ['a short code', { code: 'abc' }],
      ['a code with characters outside base64url', { code: `${'A'.repeat(42)}=` }],
      ['a number', { code: 12345 }],
      ['an unknown field', { email: 'x@example.se' }],
    ])('confirm refuses %s (400 naming the field)', async (_label, body) => {
      const res = await confirm(t, 'A'.repeat(43), body);
      expectProblem(res, 400);
      expect(res.body.errors.length).toBeGreaterThan(0);
    });

    it('stores the password as argon2id with at least OWASP parameters (m=19456, t=2, p=1)', async () => {
      const email = uniqueEmail('hash');
      await registerAndConfirm(t, { email });
      const { password_hash: hash } = await userRow(t, email);

      // PHC string: $argon2id$v=19$<params in any order>$<salt>$<hash>
      const match = /^\$argon2id\$v=19\$([a-z]=\d+(?:,[a-z]=\d+)*)\$[A-Za-z0-9+/]{16,}\$[A-Za-z0-9+/]{32,}$/.exec(hash);
      expect(match).not.toBeNull();
      const params = Object.fromEntries(match![1].split(',').map((pair) => pair.split('=')));
      expect(Number(params.m)).toBeGreaterThanOrEqual(19_456);
      expect(Number(params.t)).toBeGreaterThanOrEqual(2);
      expect(Number(params.p)).toBeGreaterThanOrEqual(1);
      expect(hash).not.toContain(PASSWORD);
    });

    it('stores the code only as a hash, and nothing but the address, code hash and expiry while pending', async () => {
      const email = uniqueEmail('pending-hash');
      await register(t, { email }).expect(202);
      const code = await latestCode(t, email);
      const row = await pendingRow(t, email);
      expect(JSON.stringify(row)).not.toContain(code);
      expect(Object.keys(row).sort()).toEqual(['code_hash', 'created_at', 'email', 'expires_at']);
      expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('records a user.registered audit event at confirmation that holds no password', async () => {
      const email = uniqueEmail('audited');
      const user = await registerAndConfirm(t, { email });
      const events = await t.db.query<{ action: string; actor_id: string; request_id: string; after: unknown }[]>(
        `SELECT action, actor_id, request_id, after FROM audit_events WHERE entity_type = 'user' AND entity_id = $1`,
        [user.id],
      );
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        action: 'user.registered',
        actor_id: user.id,
        request_id: user.requestId,
        after: expect.objectContaining({ email, roles: ['partner'] }),
      });
      expect(JSON.stringify(events[0].after)).not.toMatch(/password|\$argon2/i);
    });

    it.each([
      [11, 400],
      [12, 201],
      [256, 201],
      [257, 400],
    ])(
      'a password of %i characters at confirmation → %i (a refused one keeps the code usable)',
      async (length, status) => {
        const email = uniqueEmail('password-length');
        await register(t, { email }).expect(202);
        const code = await latestCode(t, email);
        const res = await confirm(t, code, { password: 'p'.repeat(length) });
        if (status === 201) expect(res.status).toBe(201);
        else {
          expectInvalidFields(res, 'password');
          await confirm(t, code).expect(201);
        }
      },
    );

    it.each([
      ['an empty name', ''],
      ['a name of only spaces', '   '],
      ['a name of 101 characters', 'n'.repeat(101)],
    ])('confirm refuses %s (400 naming name)', async (_label, name) => {
      expectInvalidFields(await confirm(t, 'A'.repeat(43), { name }), 'name');
    });

    it('accepts a name of 100 characters', async () => {
      const email = uniqueEmail('long-name');
      const user = await registerAndConfirm(t, { email }, { name: 'n'.repeat(100) });
      expect(user.name).toBe('n'.repeat(100));
    });

    it.each([['not-an-email'], ['anna@'], ['@example.se'], ['anna svensson@example.se']])(
      'refuses the email %p (400 naming email)',
      async (email) => {
        expectInvalidFields(await register(t, { email }), 'email');
      },
    );

    it('confirm refuses a password that is not a string (400 naming password)', async () => {
      expectInvalidFields(await confirm(t, 'A'.repeat(43), { password: 123456789012 }), 'password');
    });

    it('refuses empty bodies, naming every required field', async () => {
      expectInvalidFields(await t.http().post(REGISTER).send({}), 'email');
      expectInvalidFields(await t.http().post(CONFIRM).send({}), 'code', 'name', 'password');
    });

    it.each([
      ['roles', ['admin']],
      ['disabled', false],
      ['departmentId', randomUUID()],
      ['id', randomUUID()],
      ['name', 'Anna Svensson'],
    ])('refuses the unknown field %s (400 naming it) and creates no account', async (field, value) => {
      const email = uniqueEmail('mass-assignment');
      const res = await register(t, { email, [field]: value });
      expectInvalidFields(res, field);
      expect(await userRow(t, email)).toBeUndefined();
      expect(await pendingRow(t, email)).toBeUndefined();
      expect(await mailsTo(t, email)).toEqual([]);
    });

    it('cannot be used to become admin: roles ["admin"] creates nothing, at registration or confirmation', async () => {
      const email = uniqueEmail('would-be-admin');
      expectInvalidFields(await register(t, { email: email.toUpperCase(), roles: ['admin'] }), 'roles');
      await register(t, { email }).expect(202);
      expectInvalidFields(await confirm(t, await latestCode(t, email), { roles: ['admin'] }), 'roles');
      const admins = await t.db.query('SELECT id FROM users WHERE lower(email) = $1', [email]);
      expect(admins).toEqual([]);
    });
  });
  describe('POST /api/v1/auth/login', () => {
    it('returns {accessToken, tokenType: "Bearer", expiresIn: 3600}', async () => {
      const user = await createUser(t, { email: uniqueEmail('login'), password: PASSWORD });
      const res = await login(t, user.email, PASSWORD).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        tokenType: 'Bearer',
        expiresIn: 3600,
      });
    });

    it('signs an HS256 JWT for the user: iss, aud, sub, and exp one hour after iat; no personal data', async () => {
      const user = await createUser(t, { email: uniqueEmail('claims'), password: PASSWORD });
      const before = Math.floor(Date.now() / 1000);
      const { accessToken } = (await login(t, user.email, PASSWORD).expect(200)).body;
      const after = Math.ceil(Date.now() / 1000);

      const [header, payload] = (accessToken as string).split('.').slice(0, 2).map(decodeSegment);
      expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(payload).toMatchObject({ sub: user.id, iss: 'testbed-platform', aud: 'testbed-platform-api' });
      expect(payload.iat).toBeGreaterThanOrEqual(before);
      expect(payload.iat).toBeLessThanOrEqual(after);
      expect(payload.exp).toBe((payload.iat as number) + 3600);
      expect(JSON.stringify(payload)).not.toContain(user.email);
      expect(payload).not.toHaveProperty('roles');
      // The signature is valid for the app's own secret and claims.
      expect(() =>
        jwt.verify(accessToken, t.config.jwt.secret, {
          algorithms: ['HS256'],
          issuer: t.config.jwt.issuer,
          audience: t.config.jwt.audience,
        }),
      ).not.toThrow();
    });

    it('treats the email case-insensitively and ignores surrounding spaces', async () => {
      const user = await createUser(t, { email: uniqueEmail('case'), password: PASSWORD });
      const res = await login(t, `  ${user.email.toUpperCase()} `, PASSWORD).expect(200);
      const { sub } = decodeSegment((res.body.accessToken as string).split('.')[1]);
      expect(sub).toBe(user.id);
    });

    it('works for an account created through registration, end to end', async () => {
      const email = uniqueEmail('self-registered');
      const { requestId: _requestId, ...registered } = await registerAndConfirm(t, { email });
      const { accessToken } = (await login(t, email, PASSWORD).expect(200)).body;
      const res = await me(t, `Bearer ${accessToken}`).expect(200);
      expect(res.body).toEqual(registered);
    });

    it.each([
      ['no password', { email: 'someone@example.se' }, ['password']],
      ['no email', { password: PASSWORD }, ['email']],
      ['a password of 257 characters', { email: 'someone@example.se', password: 'p'.repeat(257) }, ['password']],
      ['a non-string email', { email: ['someone@example.se'], password: PASSWORD }, ['email']],
      ['an unknown field', { email: 'someone@example.se', password: PASSWORD, remember: true }, ['remember']],
    ])('refuses %s with 400 and does not count it as a failed login', async (_label, body, fields) => {
      const res = await t.http().post(LOGIN).send(body);
      expectInvalidFields(res, ...fields);
      const [{ count }] = await t.db.query<{ count: number }[]>('SELECT count(*)::int AS count FROM login_failures');
      expect(count).toBe(0);
    });
  });

  describe('GET /api/v1/auth/me', () => {
    it('is 401 problem details without a token', async () => {
      expectUnauthenticated(await me(t));
    });

    it("returns the caller's own account for the token from login, without password fields", async () => {
      const email = uniqueEmail('me');
      const { requestId: _requestId, ...registered } = await registerAndConfirm(t, { email }, { name: 'Björn Ek' });
      const { accessToken } = (await login(t, email, PASSWORD).expect(200)).body;

      const res = await me(t, `Bearer ${accessToken}`).expect(200);
      expect(res.body).toEqual(registered);
      expect(res.body).toMatchObject({ email, name: 'Björn Ek', roles: ['partner'] });
      expect(res.text).not.toMatch(/password|\$argon2/i);
    });

    it('shows each user only themselves', async () => {
      const anna = await createUser(t, { email: uniqueEmail('anna') });
      const erik = await createUser(t, { email: uniqueEmail('erik'), roles: ['evaluator'] });
      expect((await me(t, anna.auth).expect(200)).body).toMatchObject({ id: anna.id, email: anna.email });
      expect((await me(t, erik.auth).expect(200)).body).toMatchObject({ id: erik.id, roles: ['evaluator'] });
    });

    it('is 401 for HTTP Basic credentials', async () => {
      const user = await createUser(t, { email: uniqueEmail('basic'), password: PASSWORD });
      const basic = Buffer.from(`${user.email}:${PASSWORD}`).toString('base64');
      expectUnauthenticated(await me(t, `Basic ${basic}`));
    });

    it('is 401 for a valid token sent without the Bearer scheme or in the query string', async () => {
      const user = await createUser(t, { email: uniqueEmail('scheme') });
      await me(t, user.auth).expect(200);
      expectUnauthenticated(await me(t, user.token));
      expectUnauthenticated(await t.http().get(`${ME}?access_token=${user.token}`));
    });
  });

  describe('bearer token verification (GET /api/v1/auth/me)', () => {
    let victim: TestUser;
    let admin: TestUser;
    /** The victim's real token, from the login endpoint. */
    let victimToken: string;

    beforeAll(async () => {
      ({ admin } = await createCast(t));
      victim = await createUser(t, { email: uniqueEmail('victim'), password: PASSWORD });
      victimToken = (await login(t, victim.email, PASSWORD).expect(200)).body.accessToken;
    });

    it('accepts a token forged with the right secret and claims (control for the cases below)', async () => {
      const res = await me(t, `Bearer ${forge(claimsFor(t, victim.id), t.config.jwt.secret)}`).expect(200);
      expect(res.body.id).toBe(victim.id);
    });

    const now = () => Math.floor(Date.now() / 1000);
    const attacks: [string, () => string][] = [
      [
        'an unsigned token (alg "none")',
        () => `${encodeSegment({ alg: 'none', typ: 'JWT' })}.${encodeSegment(claimsFor(t, victim.id))}.`,
      ],
      [
        "a real token whose payload was changed to the admin's id (signature kept)",
        () => {
          const [header, payload, signature] = victimToken.split('.');
          return `${header}.${encodeSegment({ ...decodeSegment(payload), sub: admin.id })}.${signature}`;
        },
      ],
      [
        'a real token with a tampered signature',
        () => {
          const [header, payload, signature] = victimToken.split('.');
          return `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
        },
      ],
      [
        'a token with the right secret and claims but no exp (it would never expire)',
        () => {
          const { exp: _exp, ...claims } = claimsFor(t, victim.id);
          return forge(claims, t.config.jwt.secret);
        },
      ],
      [
        'a token signed with another secret',
        () => forge(claimsFor(t, victim.id), 'another-secret-that-is-also-long-enough-0123456789'),
      ],
      [
        'a token signed with the right secret but HS512',
        () => forge(claimsFor(t, victim.id), t.config.jwt.secret, 'HS512'),
      ],
      [
        'a token for another audience',
        () => forge({ ...claimsFor(t, victim.id), aud: 'some-other-api' }, t.config.jwt.secret),
      ],
      [
        'a token from another issuer',
        () => forge({ ...claimsFor(t, victim.id), iss: 'someone-else' }, t.config.jwt.secret),
      ],
      [
        'an expired token',
        () => forge({ ...claimsFor(t, victim.id), iat: now() - 3700, exp: now() - 100 }, t.config.jwt.secret),
      ],
      [
        'a token that is not valid yet (nbf in the future)',
        () => forge({ ...claimsFor(t, victim.id), nbf: now() + 300 }, t.config.jwt.secret),
      ],
      ['a token for a user that does not exist', () => forge(claimsFor(t, randomUUID()), t.config.jwt.secret)],
      ['a token whose subject is not a user id', () => forge(claimsFor(t, 'admin'), t.config.jwt.secret)],
      [
        'a token without a subject',
        () => {
          const { sub: _sub, ...claims } = claimsFor(t, victim.id);
          return forge(claims, t.config.jwt.secret);
        },
      ],
      ['a garbage string', () => 'not-a-jwt'],
      ['three garbage segments', () => 'abc.def.ghi'],
    ];

    it.each(attacks)('rejects %s with 401 problem details', async (_label, token) => {
      const res = await me(t, `Bearer ${token()}`);
      expectUnauthenticated(res);
      expect(res.text).not.toContain(victim.email);
      expect(res.text).not.toContain(admin.email);
    });

    it('the real tokens still work (the attacks changed nothing)', async () => {
      expect((await me(t, `Bearer ${victimToken}`).expect(200)).body.id).toBe(victim.id);
      expect((await me(t, admin.auth).expect(200)).body.id).toBe(admin.id);
    });
  });

  describe('disabling an account', () => {
    it('finding 7a: stops a token issued before at once, and re-enabling does not revive it (a new sign-in works)', async () => {
      // Before the fix, the old token worked again once the account was enabled again.
      const { admin } = await createCast(t);
      const user = await createUser(t, { email: uniqueEmail('to-disable'), password: PASSWORD });
      const auth = `Bearer ${(await login(t, user.email, PASSWORD).expect(200)).body.accessToken}`;
      await me(t, auth).expect(200);

      const disabled = await t
        .http()
        .patch(`/api/v1/users/${user.id}`)
        .set('Authorization', admin.auth)
        .send({ disabled: true })
        .expect(200);
      expect(disabled.body).toMatchObject({ id: user.id, disabled: true });
      expectUnauthenticated(await me(t, auth));

      await t
        .http()
        .patch(`/api/v1/users/${user.id}`)
        .set('Authorization', admin.auth)
        .send({ disabled: false })
        .expect(200);
      expectUnauthenticated(await me(t, auth));
      const fresh = `Bearer ${(await login(t, user.email, PASSWORD).expect(200)).body.accessToken}`;
      expect((await me(t, fresh).expect(200)).body).toMatchObject({ id: user.id, disabled: false });
    });

    it('a token without a session version, or with another one, is refused', async () => {
      const user = await createUser(t, { email: uniqueEmail('versionless'), password: PASSWORD });
      const { sv: _sv, ...versionless } = claimsFor(t, user.id);
      expectUnauthenticated(await me(t, `Bearer ${forge(versionless, t.config.jwt.secret)}`));
      expectUnauthenticated(await me(t, `Bearer ${forge({ ...versionless, sv: 1 }, t.config.jwt.secret)}`));
      expectUnauthenticated(await me(t, `Bearer ${forge({ ...versionless, sv: '0' }, t.config.jwt.secret)}`));
      await me(t, `Bearer ${forge({ ...versionless, sv: 0 }, t.config.jwt.secret)}`).expect(200);
    });
  });

  describe('a failure while checking a valid token', () => {
    it('is a 500 problem with the request id, not a 401 that would tell the caller to sign in again', async () => {
      const user = await createUser(t);
      // The fault is injected at the one call the token check makes (the user lookup).
      const lookup = jest
        .spyOn(t.app.get(UsersService), 'findActive')
        .mockRejectedValueOnce(new Error('connection terminated unexpectedly'));
      try {
        const res = await me(t, user.auth);
        expect(res.status).toBe(500);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.detail).toContain(res.body.requestId);
        expect(JSON.stringify(res.body)).not.toContain('connection terminated');
      } finally {
        lookup.mockRestore();
      }
      await me(t, user.auth).expect(200);
    });
  });
});

describe('auth with JWT_TTL=15m', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ JWT_TTL: '15m' });
  });
  afterAll(() => t.close());

  it('reports expiresIn 900 and signs exp 900 seconds after iat', async () => {
    const user = await createUser(t, { email: uniqueEmail('ttl'), password: PASSWORD });
    const res = await login(t, user.email, PASSWORD).expect(200);
    expect(res.body.expiresIn).toBe(900);
    const payload = decodeSegment((res.body.accessToken as string).split('.')[1]);
    expect(payload.exp).toBe((payload.iat as number) + 900);
  });
});

describe('failed logins (own app: login_failures is cleared before each test)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => t.db.query('DELETE FROM login_failures'));

  describe('POST /api/v1/auth/login with bad credentials', () => {
    it('a wrong password and an unknown email get the identical 401', async () => {
      const user = await createUser(t, { email: uniqueEmail('known'), password: PASSWORD });
      const wrongPassword = await login(t, user.email, WRONG_PASSWORD);
      const unknownEmail = await login(t, uniqueEmail('unknown'), PASSWORD);

      expectUnauthenticated(wrongPassword);
      expectUnauthenticated(unknownEmail);
      expect(stableProblem(unknownEmail)).toEqual(stableProblem(wrongPassword));
      expect(wrongPassword.body.requestId).not.toBe(unknownEmail.body.requestId);
      expect(Object.keys(unknownEmail.body).sort()).toEqual(Object.keys(wrongPassword.body).sort());
    });

    it('a disabled account with the correct password gets the same 401 as a wrong password', async () => {
      const user = await createUser(t, { email: uniqueEmail('disabled'), password: PASSWORD });
      const wrongPassword = await login(t, user.email, WRONG_PASSWORD);
      await t.db.query('UPDATE users SET disabled = true WHERE id = $1', [user.id]);

      const disabled = await login(t, user.email, PASSWORD);
      expectUnauthenticated(disabled);
      expect(stableProblem(disabled)).toEqual(stableProblem(wrongPassword));
      expect(disabled.text).not.toContain('accessToken');
    });

    it('each failure is stored in login_failures under the lower-case email and client IP', async () => {
      const user = await createUser(t, { email: uniqueEmail('recorded'), password: PASSWORD });
      await login(t, user.email.toUpperCase(), WRONG_PASSWORD).expect(401);
      await login(t, user.email, WRONG_PASSWORD).expect(401);
      await login(t, user.email, PASSWORD).expect(200);

      const rows = await failuresFor(t, user.email);
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(row).toEqual({ email: user.email, ip: expect.stringMatching(/127\.0\.0\.1$/) });
    });

    it('an unknown email costs about as much time as a wrong password (no account enumeration by timing)', async () => {
      const user = await createUser(t, { email: uniqueEmail('timed'), password: PASSWORD });
      const timed = async (email: string): Promise<number> => {
        const started = process.hrtime.bigint();
        await login(t, email, WRONG_PASSWORD).expect(401);
        const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
        // Keep the throttle out of the measurement.
        await t.db.query('DELETE FROM login_failures');
        return elapsed;
      };
      // Warm-up (connections, JIT), not measured.
      await timed(user.email);
      await timed(uniqueEmail('nobody'));

      const unknown: number[] = [];
      const wrong: number[] = [];
      for (let round = 0; round < 7; round += 1) {
        unknown.push(await timed(uniqueEmail('nobody')));
        wrong.push(await timed(user.email));
      }
      const [fast, slow] = [median(unknown), median(wrong)].sort((a, b) => a - b);
      expect(slow / fast).toBeLessThan(2);
    });
  });

  describe('throttling (client IP from the socket, the default)', () => {
    /** Five failed logins (wrong password) for one account, in varying case. */
    async function failFiveTimes(user: TestUser): Promise<void> {
      for (const email of [user.email, user.email.toUpperCase(), user.email, user.email, user.email.toUpperCase()]) {
        await login(t, email, WRONG_PASSWORD).expect(401);
      }
    }

    it('after five failures for an email, the sixth attempt is 429 even with the correct password', async () => {
      const user = await createUser(t, { email: uniqueEmail('throttled'), password: PASSWORD });
      await failFiveTimes(user);

      const res = await login(t, user.email, PASSWORD);
      expectThrottled(res);
      expect(res.body.detail).toMatch(/try again in \d+ seconds/i);
      expect(res.text).not.toContain('accessToken');
      expect(await failuresFor(t, user.email)).toHaveLength(5);
    });

    it('parallel wrong passwords cannot race past the limit: at most five are checked, the rest get 429', async () => {
      const user = await createUser(t, { email: uniqueEmail('burst'), password: PASSWORD });
      const responses = await Promise.all(Array.from({ length: 12 }, () => login(t, user.email, WRONG_PASSWORD)));
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s !== 401).every((s) => s === 429)).toBe(true);
      const failures = (await failuresFor(t, user.email)).length;
      expect(failures).toBe(statuses.filter((s) => s === 401).length);
      // Under contention the throttle errs on the side of refusing; it never lets a sixth through.
      const next = await login(t, user.email, PASSWORD);
      expect(next.status).toBe(failures === 5 ? 429 : 200);
    });

    it('refused attempts are not counted and do not extend the block', async () => {
      const user = await createUser(t, { email: uniqueEmail('not-extended'), password: PASSWORD });
      await failFiveTimes(user);
      for (let i = 0; i < 3; i += 1) expectThrottled(await login(t, user.email, WRONG_PASSWORD));
      expect(await failuresFor(t, user.email)).toHaveLength(5);
    });

    it('five failures from one IP block it for every email, known or not', async () => {
      const user = await createUser(t, { email: uniqueEmail('innocent'), password: PASSWORD });
      for (let i = 0; i < 5; i += 1) await login(t, uniqueEmail(`spray${i}`), WRONG_PASSWORD).expect(401);

      expectThrottled(await login(t, user.email, PASSWORD));
      expectThrottled(await login(t, uniqueEmail('another'), WRONG_PASSWORD));
      const [{ count }] = await t.db.query<{ count: number }[]>('SELECT count(*)::int AS count FROM login_failures');
      expect(count).toBe(5);
    });

    it('X-Forwarded-For is ignored without TRUST_PROXY, so it cannot dodge the IP limit', async () => {
      const user = await createUser(t, { email: uniqueEmail('spoof'), password: PASSWORD });
      for (let i = 0; i < 5; i += 1) {
        await login(t, uniqueEmail(`spoof${i}`), WRONG_PASSWORD, `203.0.113.${i + 1}`).expect(401);
      }
      expectThrottled(await login(t, user.email, PASSWORD, '198.51.100.99'));

      const ips = await t.db.query<{ ip: string }[]>('SELECT DISTINCT ip FROM login_failures');
      expect(ips).toEqual([{ ip: expect.stringMatching(/127\.0\.0\.1$/) }]);
    });

    it('Retry-After counts down from the oldest failure, and the block lifts when it leaves the minute', async () => {
      const user = await createUser(t, { email: uniqueEmail('expiry'), password: PASSWORD });
      await failFiveTimes(user);
      expectRetryAfter(await login(t, user.email, PASSWORD), 55, 60);

      await t.db.query(`UPDATE login_failures SET occurred_at = occurred_at - interval '50 seconds'`);
      const later = await login(t, user.email, PASSWORD);
      expectThrottled(later);
      expectRetryAfter(later, 1, 11);

      await t.db.query(`UPDATE login_failures SET occurred_at = occurred_at - interval '11 seconds'`);
      const res = await login(t, user.email, PASSWORD).expect(200);
      expect(res.body.tokenType).toBe('Bearer');
    });
  });
});

describe('login throttling behind a trusted proxy (TRUST_PROXY=true: X-Forwarded-For is the client IP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'true' });
  });
  afterAll(() => t.close());
  beforeEach(() => t.db.query('DELETE FROM login_failures'));

  it('finding 6: five wrong passwords from anywhere do not lock the owner out; the guessing client waits, with back-off', async () => {
    // Before the fix, five failures from any addresses made the right password from a fresh
    // address fail with 429: anyone could lock any account.
    const target = await createUser(t, { email: uniqueEmail('target'), password: PASSWORD });
    for (let i = 1; i <= 5; i += 1) await login(t, target.email, WRONG_PASSWORD, `203.0.113.${i}`).expect(401);
    await login(t, target.email, PASSWORD, '198.51.100.1').expect(200);

    // One client guessing one account: five failures, then it waits a minute, then two, four …
    const attacker = '192.0.2.66';
    await t.db.query('DELETE FROM login_failures');
    for (let i = 0; i < 5; i += 1) await login(t, target.email, WRONG_PASSWORD, attacker).expect(401);
    const waiting = await login(t, target.email, PASSWORD, attacker);
    expectThrottled(waiting);
    expectRetryAfter(waiting, 55, 60);
    await login(t, target.email, PASSWORD, '198.51.100.2').expect(200);
    // A minute later the attacker gets one more guess, and then waits twice as long.
    await t.db.query(`UPDATE login_failures SET occurred_at = occurred_at - interval '61 seconds'`);
    await login(t, target.email, WRONG_PASSWORD, attacker).expect(401);
    const longer = await login(t, target.email, WRONG_PASSWORD, attacker);
    expect(longer.status).toBe(429);
    expectRetryAfter(longer, 115, 120);
  });

  it('distributed guessing is bounded: past 100 failures an hour for one account, every client waits, with back-off', async () => {
    const target = await createUser(t, { email: uniqueEmail('distributed'), password: PASSWORD });
    await t.db.query(
      `INSERT INTO login_failures (email, ip, occurred_at)
       SELECT $1, '10.1.' || (i / 250) || '.' || (i % 250), now() - make_interval(secs => 100 - i)
       FROM generate_series(1, 99) AS i`,
      [target.email],
    );
    await login(t, target.email, WRONG_PASSWORD, '198.51.100.3').expect(401);
    const blocked = await login(t, target.email, PASSWORD, '198.51.100.4');
    expectThrottled(blocked);
    expectRetryAfter(blocked, 55, 60);
    const rows = await failuresFor(t, target.email);
    expect(rows).toHaveLength(100);
  });

  it('five failures from one IP across five emails block that IP for every email, but not other IPs', async () => {
    const user = await createUser(t, { email: uniqueEmail('shared-ip'), password: PASSWORD });
    for (let i = 0; i < 5; i += 1) await login(t, uniqueEmail(`spray${i}`), WRONG_PASSWORD, '203.0.113.77').expect(401);

    expectThrottled(await login(t, user.email, PASSWORD, '203.0.113.77'));
    await login(t, user.email, PASSWORD, '203.0.113.78').expect(200);
  });
});
