import { createHmac, createPublicKey, generateKeyPairSync, KeyObject, randomUUID, sign } from 'node:crypto';
import type { Response, Test } from 'supertest';
import { createCast, createUser, TestUser } from './factories/users';
import { expectProblem } from './support/expectations';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Issue 8, "Token and login attacks": what an attacker can do with forged, replayed and
 * malformed bearer tokens, and with the login, register and member-invitation endpoints.
 *
 * Every token here is crafted by hand with node:crypto (no JWT library), so the tests do not
 * share any assumption with the code under test. The first test proves the crafting is right: a
 * token made this way with the app's secret and claims is accepted; every attack then differs
 * from it in exactly the one way it names.
 *
 * Two tests marked KNOWN LEAK assert the behaviour issue 8 asks for, which the API does not have
 * yet (docs/SECURITY.md, "Open findings", says why and what would close it). They run as
 * `it.failing`: the suite stays green while the leak is there and turns red the day it is closed,
 * so the marker is removed then, as the plan guard does with its known gaps.
 */

const API = '/api/v1';
const PASSWORD = 'correct horse battery staple';
const WRONG_PASSWORD = 'wrong horse battery staple';
const OTHER_SECRET = 'another-secret-that-is-also-long-enough-0123456789';

type Claims = Record<string, unknown>;
type Header = Record<string, unknown>;

let emailCounter = 0;
function uniqueEmail(label: string): string {
  emailCounter += 1;
  return `${label}-${emailCounter}-${randomUUID().slice(0, 8)}@example.se`;
}

const segment = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const decodeSegment = (value: string): Claims => JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));

/** `header.payload.signature`, the signature computed over `header.payload` by `signer`. */
function jwt(header: Header, claims: Claims | string, signer: (input: string) => string): string {
  const input = `${segment(header)}.${segment(claims)}`;
  return `${input}.${signer(input)}`;
}
const hmac =
  (secret: string | Buffer, hash = 'sha256') =>
  (input: string): string =>
    createHmac(hash, secret).update(input).digest('base64url');
const rsa =
  (privateKey: KeyObject) =>
  (input: string): string =>
    sign('sha256', Buffer.from(input), privateKey).toString('base64url');
const ecdsa =
  (privateKey: KeyObject) =>
  (input: string): string =>
    sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
const unsigned = (): string => '';

const now = (): number => Math.floor(Date.now() / 1000);

/** What a 401 looks like, whatever made the token bad: one answer that tells the caller nothing. */
function expectUnauthenticated(res: Response): void {
  expectProblem(res, 401);
  expect(res.body).toMatchObject({
    type: 'urn:problem-type:testbed:unauthenticated',
    title: 'Unauthorized',
    status: 401,
  });
  // RFC 6750 §3: the challenge names the scheme, and nothing about what was wrong with the token.
  expect(res.headers['www-authenticate']).toBe('Bearer realm="testbed-platform"');
  expect(res.text).not.toMatch(/\n\s+at |\.ts:\d+|jsonwebtoken|passport|invalid signature|jwt (expired|malformed)/i);
}

/** A problem without the fields that differ per request, for comparing two answers. */
function stable(res: Response): Record<string, unknown> {
  const { requestId: _requestId, ...body } = res.body as Record<string, unknown>;
  return { status: res.status, contentType: res.headers['content-type'], body };
}

describe('bearer token attacks', () => {
  let t: TestApp;
  let admin: TestUser;
  let partner: TestUser;
  /** The partner's real token, from the login endpoint. */
  let partnerToken: string;
  const rsaKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsaPublicPem = rsaKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const ecKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  /** The email of the user each POST /users attack tries to create (it must never exist). */
  const planted = uniqueEmail('planted-by-attacker');

  /**
   * Protected endpoints, each attacked with every token: the signed-in user, an admin-only list,
   * and an admin-only write that must not happen.
   */
  const endpoints: { label: string; send: (authorization: string | undefined) => Test }[] = [
    {
      label: 'GET /auth/me',
      send: (authorization) => withAuth(t.http().get(`${API}/auth/me`), authorization),
    },
    {
      label: 'GET /users (admin)',
      send: (authorization) => withAuth(t.http().get(`${API}/users`), authorization),
    },
    {
      label: 'POST /users (admin)',
      send: (authorization) =>
        withAuth(t.http().post(`${API}/users`), authorization).send({
          email: planted,
          password: 'attacker-password-123',
          name: 'Planted Admin',
          roles: ['admin'],
        }),
    },
  ];

  function withAuth(req: Test, authorization: string | undefined): Test {
    return authorization === undefined ? req : req.set('Authorization', authorization);
  }

  /** The claims the app itself signs (iss, aud, iat, exp), valid for ten more minutes. */
  function claims(sub: string, extra: Claims = {}): Claims {
    return { sub, sv: 0, iss: t.config.jwt.issuer, aud: t.config.jwt.audience, iat: now(), exp: now() + 600, ...extra };
  }
  /** HS256 with the app's secret: a valid token unless `extra` breaks it. */
  const good = (sub: string, extra: Claims = {}) =>
    jwt({ alg: 'HS256', typ: 'JWT' }, claims(sub, extra), hmac(t.config.jwt.secret));
  /** The same, without one claim. */
  function goodWithout(sub: string, claim: string): string {
    const { [claim]: _dropped, ...rest } = claims(sub);
    return jwt({ alg: 'HS256', typ: 'JWT' }, rest, hmac(t.config.jwt.secret));
  }

  async function expectRejectedEverywhere(authorization: string | undefined): Promise<void> {
    for (const endpoint of endpoints) {
      const res = await endpoint.send(authorization);
      try {
        expectUnauthenticated(res);
      } catch (error) {
        throw new Error(`${endpoint.label}: ${res.status} ${res.text}\n${String(error)}`);
      }
      expect(res.text).not.toContain(admin.email);
      expect(res.text).not.toContain(partner.email);
    }
  }

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    ({ admin } = await createCast(t));
    partner = await createUser(t, { email: uniqueEmail('partner'), password: PASSWORD });
    const login = await t.http().post(`${API}/auth/login`).send({ email: partner.email, password: PASSWORD });
    expect(login.status).toBe(200);
    partnerToken = login.body.accessToken as string;
  });
  afterAll(() => t.close());

  it('control: a hand-made HS256 token with the app secret and claims is accepted on every endpoint', async () => {
    const token = good(admin.id);
    expect((await endpoints[0].send(`Bearer ${token}`)).body).toMatchObject({ id: admin.id });
    expect((await endpoints[1].send(`Bearer ${token}`)).status).toBe(200);
    // The login endpoint signs the same header and claims as the hand-made tokens.
    const [header, payload] = partnerToken.split('.');
    expect(decodeSegment(header)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(Object.keys(decodeSegment(payload)).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'sub', 'sv']);
    expect(decodeSegment(payload)).toMatchObject({ iss: t.config.jwt.issuer, aud: t.config.jwt.audience });
  });

  describe('forged, tampered and out-of-date tokens: 401 problem on every protected endpoint', () => {
    const attacks: [string, () => string][] = [
      // alg none
      ['alg "none", no signature', () => jwt({ alg: 'none', typ: 'JWT' }, claims(admin.id), unsigned)],
      ['alg "None", no signature', () => jwt({ alg: 'None', typ: 'JWT' }, claims(admin.id), unsigned)],
      ['alg "NONE", no signature', () => jwt({ alg: 'NONE' }, claims(admin.id), unsigned)],
      [
        'alg "none" carrying a valid HS256 signature',
        () => jwt({ alg: 'none', typ: 'JWT' }, claims(admin.id), hmac(t.config.jwt.secret)),
      ],
      ['alg HS256 with the signature left empty', () => jwt({ alg: 'HS256', typ: 'JWT' }, claims(admin.id), unsigned)],
      ['no alg in the header', () => jwt({ typ: 'JWT' }, claims(admin.id), hmac(t.config.jwt.secret))],
      // HS/RS confusion and other algorithms
      [
        'RS256 signed with an attacker-generated RSA key',
        () => jwt({ alg: 'RS256' }, claims(admin.id), rsa(rsaKeys.privateKey)),
      ],
      [
        'RS256 in the header, HMAC-SHA256 with the public key PEM as the secret',
        () => jwt({ alg: 'RS256', typ: 'JWT' }, claims(admin.id), hmac(rsaPublicPem)),
      ],
      [
        'HS256 with the public key PEM as the secret',
        () => jwt({ alg: 'HS256', typ: 'JWT' }, claims(admin.id), hmac(rsaPublicPem)),
      ],
      [
        'RS256 with the attacker key embedded in the header (jwk injection)',
        () =>
          jwt(
            { alg: 'RS256', typ: 'JWT', jwk: createPublicKey(rsaKeys.privateKey).export({ format: 'jwk' }) },
            claims(admin.id),
            rsa(rsaKeys.privateKey),
          ),
      ],
      [
        'RS256 with a jku header pointing at an attacker key set',
        () =>
          jwt({ alg: 'RS256', jku: 'https://attacker.example/jwks.json' }, claims(admin.id), rsa(rsaKeys.privateKey)),
      ],
      [
        'ES256 signed with an attacker-generated EC key',
        () => jwt({ alg: 'ES256' }, claims(admin.id), ecdsa(ecKeys.privateKey)),
      ],
      [
        'HS384 with the right secret (algorithm not allowed)',
        () => jwt({ alg: 'HS384', typ: 'JWT' }, claims(admin.id), hmac(t.config.jwt.secret, 'sha384')),
      ],
      [
        'HS512 with the right secret (algorithm not allowed)',
        () => jwt({ alg: 'HS512', typ: 'JWT' }, claims(admin.id), hmac(t.config.jwt.secret, 'sha512')),
      ],
      // tampering with a real token
      [
        "a real token whose sub was changed to the admin's id, signature kept",
        () => {
          const [header, payload, signature] = partnerToken.split('.');
          return `${header}.${segment({ ...decodeSegment(payload), sub: admin.id })}.${signature}`;
        },
      ],
      [
        'a real token whose exp was pushed a year ahead, signature kept',
        () => {
          const [header, payload, signature] = partnerToken.split('.');
          return `${header}.${segment({ ...decodeSegment(payload), exp: now() + 365 * 86400 })}.${signature}`;
        },
      ],
      [
        'a real token whose header says alg none, payload and signature kept',
        () => {
          const [, payload, signature] = partnerToken.split('.');
          return `${segment({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`;
        },
      ],
      [
        'a real token with one signature character changed',
        () => {
          const [header, payload, signature] = partnerToken.split('.');
          return `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
        },
      ],
      [
        'a real token with its signature cut off',
        () => {
          const [header, payload] = partnerToken.split('.');
          return `${header}.${payload}.`;
        },
      ],
      // wrong key
      [
        'HS256 signed with a different secret',
        () => jwt({ alg: 'HS256', typ: 'JWT' }, claims(admin.id), hmac(OTHER_SECRET)),
      ],
      ['HS256 signed with an empty secret', () => jwt({ alg: 'HS256', typ: 'JWT' }, claims(admin.id), hmac(''))],
      // time
      ['expired (exp 30 seconds ago)', () => good(admin.id, { iat: now() - 3630, exp: now() - 30 })],
      ['expired a year ago', () => good(admin.id, { iat: now() - 366 * 86400, exp: now() - 365 * 86400 })],
      ['without exp (it would never expire)', () => goodWithout(admin.id, 'exp')],
      ['exp as a string', () => good(admin.id, { exp: String(now() + 600) })],
      ['not yet valid (nbf five minutes ahead)', () => good(admin.id, { nbf: now() + 300 })],
      // issuer and audience
      ['from another issuer', () => good(admin.id, { iss: 'someone-else' })],
      ['without an issuer', () => goodWithout(admin.id, 'iss')],
      ['for another audience', () => good(admin.id, { aud: 'some-other-api' })],
      ['for a list of other audiences', () => good(admin.id, { aud: ['some-other-api', 'yet-another-api'] })],
      ['without an audience', () => goodWithout(admin.id, 'aud')],
      // subject
      ['for a user that never existed', () => good(randomUUID())],
      ['whose sub is not a user id', () => good('admin')],
      ['whose sub is a number', () => good(1 as unknown as string)],
      ['whose sub is a list holding the admin id', () => good([admin.id] as unknown as string)],
      ['without a sub', () => goodWithout(admin.id, 'sub')],
      [
        'whose payload is not a JSON object',
        () => jwt({ alg: 'HS256', typ: 'JWT' }, 'admin', hmac(t.config.jwt.secret)),
      ],
      // garbage
      ['a garbage string', () => 'not-a-jwt'],
      ['three garbage segments', () => 'abc.def.ghi'],
      ['three empty segments', () => '..'],
      ['two segments', () => partnerToken.split('.').slice(0, 2).join('.')],
      ['four segments', () => `${partnerToken}.${partnerToken.split('.')[2]}`],
      ['a header that is not JSON', () => `${segment('{"alg":"HS256"')}.${partnerToken.split('.').slice(1).join('.')}`],
      ['an 8 KB token', () => `${segment({ alg: 'HS256' })}.${'A'.repeat(8000)}.${'B'.repeat(43)}`],
    ];

    it.each(attacks)('%s', async (_label, token) => {
      await expectRejectedEverywhere(`Bearer ${token()}`);
    });

    const headers: [string, () => string | undefined][] = [
      ['no Authorization header', () => undefined],
      ['an empty Authorization header', () => ''],
      ['"Bearer" with no token', () => 'Bearer'],
      ['"Bearer " with only spaces after it', () => 'Bearer    '],
      ['the token without the Bearer scheme', () => partnerToken],
      ['the token under another scheme', () => `Token ${partnerToken}`],
      ['Basic credentials', () => `Basic ${Buffer.from(`${partner.email}:${PASSWORD}`).toString('base64')}`],
    ];

    it.each(headers)('%s', async (_label, authorization) => {
      await expectRejectedEverywhere(authorization());
    });

    it('a valid token in the query string or a cookie instead of the header', async () => {
      for (const req of [
        t.http().get(`${API}/auth/me?access_token=${partnerToken}`),
        t.http().get(`${API}/auth/me`).set('Cookie', `access_token=${partnerToken}; token=${partnerToken}`),
      ]) {
        expectUnauthenticated(await req);
      }
    });

    it('every rejection is the same answer: nothing tells the attacker which check failed', async () => {
      const answers = await Promise.all(
        [
          jwt({ alg: 'none' }, claims(admin.id), unsigned),
          jwt({ alg: 'RS256' }, claims(admin.id), hmac(rsaPublicPem)),
          good(admin.id, { exp: now() - 30 }),
          good(admin.id, { nbf: now() + 300 }),
          good(admin.id, { iss: 'someone-else' }),
          good(admin.id, { aud: 'some-other-api' }),
          good(randomUUID()),
          'garbage',
        ].map((token) => endpoints[0].send(`Bearer ${token}`)),
      );
      const first = stable(answers[0]);
      for (const res of answers) expect(stable(res)).toEqual(first);
    });

    it('none of the attacks wrote anything, and the real tokens still work', async () => {
      const [{ count }] = await t.db.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM users WHERE email = $1`,
        [planted],
      );
      expect(count).toBe(0);
      expect((await endpoints[0].send(`Bearer ${partnerToken}`)).body).toMatchObject({ id: partner.id });
      expect((await endpoints[0].send(admin.auth)).body).toMatchObject({ id: admin.id });
    });
  });

  describe('tokens of accounts that are gone or disabled', () => {
    async function loginToken(user: TestUser): Promise<string> {
      const res = await t.http().post(`${API}/auth/login`).send({ email: user.email, password: user.password });
      expect(res.status).toBe(200);
      return res.body.accessToken as string;
    }

    it('a deleted user: the token issued at login stops working (401), and so does a fresh one', async () => {
      const user = await createUser(t, { email: uniqueEmail('deleted'), password: PASSWORD, roles: ['admin'] });
      const token = await loginToken(user);
      expect((await endpoints[0].send(`Bearer ${token}`)).status).toBe(200);

      // There is no API to delete an account; the row is removed the way an operator would.
      await t.db.query(`DELETE FROM users WHERE id = $1`, [user.id]);
      await expectRejectedEverywhere(`Bearer ${token}`);
      await expectRejectedEverywhere(`Bearer ${good(user.id)}`);
    });

    it('a disabled user: 401 at once for the login token and a freshly signed one; login itself is refused', async () => {
      const user = await createUser(t, { email: uniqueEmail('disabled'), password: PASSWORD, roles: ['admin'] });
      const token = await loginToken(user);
      expect((await endpoints[1].send(`Bearer ${token}`)).status).toBe(200);

      const res = await t
        .http()
        .patch(`${API}/users/${user.id}`)
        .set('Authorization', admin.auth)
        .send({ disabled: true });
      expect(res.status).toBe(200);
      await expectRejectedEverywhere(`Bearer ${token}`);
      await expectRejectedEverywhere(`Bearer ${good(user.id)}`);
      expectUnauthenticated(await t.http().post(`${API}/auth/login`).send({ email: user.email, password: PASSWORD }));
    });
  });
});

describe('login, register and invitation behind a trusted proxy (TRUST_PROXY=127.0.0.1,::1)', () => {
  /**
   * The realistic deployment: the load balancer (here the test client on 127.0.0.1) is trusted,
   * so the client IP is the address it appends to X-Forwarded-For, and nothing a client writes
   * before it counts. Failed logins are cleared before each test.
   */
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '127.0.0.1,::1', RATE_LIMIT_PER_MINUTE: '100000' });
  });
  afterAll(() => t.close());
  beforeEach(() => t.db.query('DELETE FROM login_failures'));

  describe('login throttling', () => {
    function login(email: string, password: string, forwardedFor: string): Test {
      return t.http().post(`${API}/auth/login`).set('X-Forwarded-For', forwardedFor).send({ email, password });
    }

    function expectThrottled(res: Response): void {
      expectProblem(res, 429);
      expect(res.body).toMatchObject({
        type: 'urn:problem-type:testbed:too-many-requests',
        title: 'Too Many Requests',
      });
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(res.text).not.toContain('accessToken');
    }

    it('per account and client: five wrong passwords from one IP make that IP wait; the owner elsewhere is not locked out (finding 6)', async () => {
      const victim = await createUser(t, { email: uniqueEmail('victim'), password: PASSWORD });
      const bystander = await createUser(t, { email: uniqueEmail('bystander'), password: PASSWORD });
      // Case and surrounding spaces do not make another throttle key.
      const spellings = [victim.email, victim.email.toUpperCase(), ` ${victim.email} `, victim.email, victim.email];
      for (const [i, email] of spellings.entries()) {
        expect((await login(email, WRONG_PASSWORD, `203.0.113.${i + 1}`)).status).toBe(401);
      }
      // Five failures from five IPs lock nobody out.
      expect((await login(victim.email, PASSWORD, '198.51.100.1')).status).toBe(200);

      const attacker = '198.51.100.66';
      for (const email of spellings) expect((await login(email, WRONG_PASSWORD, attacker)).status).toBe(401);
      expectThrottled(await login(victim.email, PASSWORD, attacker));
      expectThrottled(await login(victim.email.toUpperCase(), WRONG_PASSWORD, attacker));
      // The owner from their own address, and others from the attacker's, are not affected.
      expect((await login(victim.email, PASSWORD, '198.51.100.2')).status).toBe(200);
      expect((await login(bystander.email, PASSWORD, '198.51.100.3')).status).toBe(200);
    });

    it('per IP: one IP trying many emails is blocked for every email, the right password included', async () => {
      const user = await createUser(t, { email: uniqueEmail('sprayed'), password: PASSWORD });
      for (let i = 0; i < 5; i += 1) {
        expect((await login(uniqueEmail(`spray${i}`), WRONG_PASSWORD, '203.0.113.77')).status).toBe(401);
      }

      expectThrottled(await login(user.email, PASSWORD, '203.0.113.77'));
      expectThrottled(await login(uniqueEmail('next'), WRONG_PASSWORD, '203.0.113.77'));
      // The same user from another address is fine: the block is on the IP, not the account.
      expect((await login(user.email, PASSWORD, '203.0.113.78')).status).toBe(200);
    });

    it('per IP: addresses a client writes in front of the proxy’s own entry do not dodge the block', async () => {
      const user = await createUser(t, { email: uniqueEmail('spoofer-target'), password: PASSWORD });
      for (let i = 0; i < 5; i += 1) {
        const forged = `10.${i}.0.1, 192.0.2.${i + 1}`;
        const res = await login(uniqueEmail(`spoof${i}`), WRONG_PASSWORD, `${forged}, 203.0.113.99`);
        expect(res.status).toBe(401);
      }
      expectThrottled(await login(user.email, PASSWORD, '172.16.0.1, 203.0.113.99'));
      const ips = await t.db.query<{ ip: string }[]>(`SELECT DISTINCT ip FROM login_failures`);
      expect(ips).toEqual([{ ip: '203.0.113.99' }]);
    });

    it('parallel wrong passwords for one email from many IPs: at most the account ceiling is checked, the rest 429', async () => {
      const victim = await createUser(t, { email: uniqueEmail('burst'), password: PASSWORD });
      // 95 failures this hour already, from a botnet; 15 more arrive at once.
      await t.db.query(
        `INSERT INTO login_failures (email, ip, occurred_at)
         SELECT $1, '10.2.0.' || i, now() - interval '5 minutes' FROM generate_series(1, 95) AS i`,
        [victim.email],
      );
      const responses = await Promise.all(
        Array.from({ length: 15 }, (_, i) => login(victim.email, WRONG_PASSWORD, `198.18.0.${i + 1}`)),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
      // Attempts in flight count against each other (the throttle errs on the side of refusing),
      // so the back-off may be longer than a minute here, never longer than an hour.
      for (const res of responses.filter((r) => r.status !== 401)) {
        expectProblem(res, 429);
        expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(3600);
      }
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    });
  });

  describe('no user enumeration', () => {
    /** A fresh client address per call, so the per-IP throttle stays out of comparisons. */
    let ipCounter = 0;
    function nextIp(): string {
      ipCounter += 1;
      return `198.51.100.${ipCounter}`;
    }
    const login = (email: string, password: string, ip = nextIp()) =>
      t.http().post(`${API}/auth/login`).set('X-Forwarded-For', ip).send({ email, password });
    const register = (email: string) =>
      t.http().post(`${API}/auth/register`).set('X-Forwarded-For', nextIp()).send({ email });
    const headerNames = (res: Response) => Object.keys(res.headers).sort();

    describe('login', () => {
      it('unknown email, known email with a wrong password, and a disabled account: one identical 401', async () => {
        const known = await createUser(t, { email: uniqueEmail('known'), password: PASSWORD });
        const disabled = await createUser(t, { email: uniqueEmail('off'), password: PASSWORD });
        await t.db.query(`UPDATE users SET disabled = true WHERE id = $1`, [disabled.id]);

        const unknown = await login(uniqueEmail('unknown'), PASSWORD);
        const wrong = await login(known.email, WRONG_PASSWORD);
        const off = await login(disabled.email, PASSWORD);
        for (const res of [unknown, wrong, off]) expectUnauthenticated(res);
        expect(stable(unknown)).toEqual(stable(wrong));
        expect(stable(off)).toEqual(stable(wrong));
        expect(headerNames(unknown)).toEqual(headerNames(wrong));
        expect(headerNames(off)).toEqual(headerNames(wrong));
      });

      it('the throttle treats unknown and known emails alike: both blocked after five failures, same answer', async () => {
        const known = await createUser(t, { email: uniqueEmail('known-throttled'), password: PASSWORD });
        const unknownEmail = uniqueEmail('unknown-throttled');
        const [knownIp, unknownIp] = [nextIp(), nextIp()];
        for (let i = 0; i < 5; i += 1) {
          expect((await login(known.email, WRONG_PASSWORD, knownIp)).status).toBe(401);
          expect((await login(unknownEmail, WRONG_PASSWORD, unknownIp)).status).toBe(401);
        }
        const blockedKnown = await login(known.email, WRONG_PASSWORD, knownIp);
        const blockedUnknown = await login(unknownEmail, WRONG_PASSWORD, unknownIp);
        expectProblem(blockedKnown, 429);
        expectProblem(blockedUnknown, 429);
        const { detail: _a, ...knownRest } = stable(blockedKnown).body as Record<string, unknown>;
        const { detail: _b, ...unknownRest } = stable(blockedUnknown).body as Record<string, unknown>;
        expect(unknownRest).toEqual(knownRest);
        expect(headerNames(blockedUnknown)).toEqual(headerNames(blockedKnown));
      });
    });

    describe('register', () => {
      it('the answer for a taken email says nothing about the account (no id, name, role), whoever owns it', async () => {
        const owners = await Promise.all([
          createUser(t, { email: uniqueEmail('taken-partner'), name: 'Hemliga Partnersson' }),
          createUser(t, { email: uniqueEmail('taken-admin'), name: 'Hemliga Adminsson', roles: ['admin'] }),
          createUser(t, { email: uniqueEmail('taken-off'), name: 'Hemliga Avstängd' }),
        ]);
        await t.db.query(`UPDATE users SET disabled = true WHERE id = $1`, [owners[2].id]);
        const answers = [
          await register(owners[0].email),
          await register(owners[1].email),
          await register(owners[2].email),
          await register(` ${owners[0].email.toUpperCase()} `),
        ];
        for (const res of answers) {
          expect(res.status).toBeLessThan(500);
          for (const owner of owners) {
            expect(res.text).not.toContain(owner.id);
            expect(res.text).not.toContain(owner.name);
          }
          expect(res.text).not.toMatch(/admin|disabled|\$argon2/i);
          expect(stable(res)).toEqual(stable(answers[0]));
        }
      });

      it('registering a taken email takes nothing over: one account, its password unchanged', async () => {
        const owner = await createUser(t, { email: uniqueEmail('kept'), password: PASSWORD });
        await register(owner.email);
        const rows = await t.db.query<{ id: string; name: string }[]>(`SELECT id, name FROM users WHERE email = $1`, [
          owner.email,
        ]);
        expect(rows).toEqual([{ id: owner.id, name: owner.name }]);
        expect((await login(owner.email, PASSWORD)).status).toBe(200);
      });

      // Issue 8: "no user enumeration through register". Registration mails a confirmation code to a
      // free address and a notice to a taken one's owner; the answer is one 202 for both.
      it('registering a taken email answers exactly like registering a free one, and does the same work', async () => {
        const owner = await createUser(t, { email: uniqueEmail('existing') });
        const freeEmail = uniqueEmail('free');
        const free = await register(freeEmail);
        const taken = await register(owner.email);
        expect(free.status).toBe(202);
        expect(stable(taken)).toEqual(stable(free));
        expect(taken.body).toEqual(free.body);
        expect(headerNames(taken)).toEqual(headerNames(free));
        // What differs happens out of band, in the mail to each address.
        const mails = await t.db.query<{ recipient: string; template: string }[]>(
          `SELECT recipient, template FROM outbox_mails WHERE recipient = ANY ($1) ORDER BY recipient`,
          [[freeEmail, owner.email]],
        );
        expect(mails).toEqual(
          expect.arrayContaining([
            { recipient: freeEmail, template: 'registration.confirm' },
            { recipient: owner.email, template: 'registration.account-exists' },
          ]),
        );
        expect(mails).toHaveLength(2);
      });

      it('a registration cannot be used as a login: nothing opens until the mailed code is used', async () => {
        const email = uniqueEmail('unconfirmed');
        expect((await register(email)).status).toBe(202);
        expectUnauthenticated(await login(email, PASSWORD));
        expectUnauthenticated(await login(email, ''));
      });
    });

    describe('member invitation (POST /organizations/:id/members)', () => {
      let owner: TestUser;
      let organizationId: string;
      beforeAll(async () => {
        // Anyone can be an owner: a freshly registered partner creates an organisation.
        owner = await createUser(t, { email: uniqueEmail('org-owner') });
        const res = await t
          .http()
          .post(`${API}/organizations`)
          .set('Authorization', owner.auth)
          .send({ name: 'Enumeration AB', kind: 'resident' });
        expect(res.status).toBe(201);
        organizationId = res.body.id as string;
      });
      const invite = (who: TestUser, email: string, orgId = organizationId) =>
        t
          .http()
          .post(`${API}/organizations/${orgId}/members`)
          .set('Authorization', who.auth)
          .send({ email, role: 'member' });

      it('a non-owner gets the same answer for a known and an unknown email (refused before any lookup)', async () => {
        const outsider = await createUser(t, { email: uniqueEmail('outsider') });
        const known = await createUser(t, { email: uniqueEmail('someone') });
        const forKnown = await invite(outsider, known.email);
        const forUnknown = await invite(outsider, uniqueEmail('nobody'));
        expectProblem(forKnown, 403);
        expect(stable(forUnknown)).toEqual(stable(forKnown));
        // On an organisation that does not exist, too.
        const missingOrg = randomUUID();
        const a = await invite(outsider, known.email, missingOrg);
        const b = await invite(outsider, uniqueEmail('nobody'), missingOrg);
        expectProblem(a, 404);
        expect(stable(b)).toEqual(stable(a));
      });

      // Issue 8: "no user enumeration through ... member invitation". Any partner can create an
      // organisation and so be an owner; an invitation therefore answers the same for any address,
      // and nobody becomes a member (or shows up in the member list) without accepting.
      it('an owner inviting a known and an unknown email gets the same answer, and no account shows', async () => {
        const known = await createUser(t, {
          email: uniqueEmail('city-staff'),
          name: 'Hemliga Stadsdotter',
          roles: ['director'],
        });
        const unknownEmail = uniqueEmail('nobody');
        const forUnknown = await invite(owner, unknownEmail);
        const forKnown = await invite(owner, known.email);
        expect(forKnown.status).toBe(202);
        // Everything but the address itself and the expiry instant is identical.
        const shape = (res: Response) => {
          const { email: _email, expiresAt, ...rest } = res.body as Record<string, unknown>;
          return {
            ...stable(res),
            body: rest,
            keys: Object.keys(res.body as object).sort(),
            expiresAt: typeof expiresAt,
          };
        };
        expect(shape(forKnown)).toEqual(shape(forUnknown));
        expect(forKnown.body).toMatchObject({ status: 'invited', email: known.email, role: 'member' });
        expect(headerNames(forKnown)).toEqual(headerNames(forUnknown));
        for (const res of [forKnown, forUnknown]) {
          expect(res.text).not.toContain(known.id);
          expect(res.text).not.toContain(known.name);
        }
        const view = await t.http().get(`${API}/organizations/${organizationId}`).set('Authorization', owner.auth);
        expect(view.text).not.toContain(known.id);
        expect(view.text).not.toContain(known.name);
        const pending = (view.body.pendingInvitations as { email: string }[]).filter((i) =>
          [known.email, unknownEmail].includes(i.email),
        );
        expect(pending.map((i) => Object.keys(i).sort())).toEqual([
          ['email', 'expiresAt', 'id', 'invitedAt', 'role'],
          ['email', 'expiresAt', 'id', 'invitedAt', 'role'],
        ]);
      });

      it('an invitation adds nobody: an evaluator invited to a partner organisation is not a member until accepting', async () => {
        const evaluator = await createUser(t, { email: uniqueEmail('evaluator'), roles: ['evaluator'] });
        expect((await invite(owner, evaluator.email)).status).toBe(202);
        const memberships = await t.db.query(`SELECT 1 FROM memberships WHERE user_id = $1`, [evaluator.id]);
        expect(memberships).toEqual([]);
      });
    });
  });
});
