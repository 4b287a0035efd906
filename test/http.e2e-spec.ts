import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { createCast, TestUser } from './factories/users';
import { startTestApp, TestApp } from './support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A valid self-registration body. */
const registration = () => ({ email: `http-${randomUUID()}@example.se` });
const confirmation = () => ({ code: 'A'.repeat(43), password: 'a-long-enough-password', name: 'Http Test' });

/** RFC 9457 problem details with this status, tied to the request id; no stack, no internals. */
function expectProblem(res: Response, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      instance: expect.any(String),
      requestId: res.headers['x-request-id'],
    }),
  );
  expect((res.body as { type: string }).type.length).toBeGreaterThan(0);
  expect(res.headers['x-request-id']).toEqual(expect.any(String));
  expectNoInternals(res);
}

function expectNoInternals(res: Response): void {
  expect(res.text).not.toMatch(/\n\s+at /);
  expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
  expect(res.text).not.toContain('node_modules');
  expect(res.text).not.toContain('"stack"');
}

function expectSecurityHeaders(res: Response): void {
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toMatch(/^(DENY|SAMEORIGIN)$/);
  expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
  expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(res.headers['referrer-policy']).toEqual(expect.any(String));
  expect(res.headers['x-powered-by']).toBeUndefined();
}

interface OpenApiOperation {
  operationId?: string;
  security?: Record<string, string[]>[];
}
type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { securitySchemes?: Record<string, { type: string; scheme?: string }> };
};
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];

/**
 * The operations anyone may call without a token. Everything else must answer 401 without one;
 * a new public endpoint has to be added here on purpose.
 */
const PUBLIC_OPERATIONS = new Set([
  'POST /api/v1/auth/register',
  'POST /api/v1/auth/register/confirm',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/session',
  'DELETE /api/v1/auth/session',
  'POST /api/v1/auth/password/forgot',
  'POST /api/v1/auth/password/reset',
  'POST /api/v1/auth/email/confirm',
  'GET /api/v1/departments',
  'GET /api/v1/welfare-areas',
  'GET /api/v1/challenges',
  'GET /api/v1/challenges/{id}',
  'GET /api/v1/public/pilots',
  'GET /api/v1/rooms',
  'GET /api/v1/events',
  'GET /api/v1/events/{id}',
  'GET /api/v1/events/calendar.ics',
  'GET /api/v1/events/{id}/calendar.ics',
  'GET /health/live',
  'GET /health/ready',
]);

/**
 * Public operations that identify a caller who sends a token (to show them more): they answer
 * without a token, but a bad token is still a 401.
 */
const OPTIONAL_AUTH_OPERATIONS = new Set([
  'GET /api/v1/organizations/{id}',
  'GET /api/v1/challenges',
  'GET /api/v1/challenges/{id}',
  'GET /api/v1/events',
  'GET /api/v1/events/{id}',
]);

function operations(document: OpenApiDocument): { method: Method; path: string; operation: OpenApiOperation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ method, path, operation: item[method] })),
  );
}

/** A concrete URL for an OpenAPI path: every `{param}` becomes a random UUID. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, () => randomUUID());

describe('HTTP hygiene', () => {
  let t: TestApp;
  let cast: { admin: TestUser; partner: TestUser };
  beforeAll(async () => {
    t = await startTestApp();
    cast = await createCast(t);
  });
  afterAll(() => t.close());

  describe('security headers, on every kind of response', () => {
    it('200: GET /api/v1/welfare-areas', async () => {
      const res = await t.http().get('/api/v1/welfare-areas').expect(200);
      expectSecurityHeaders(res);
    });

    it('404: an unknown route', async () => {
      const res = await t.http().get('/api/v1/nope').expect(404);
      expectSecurityHeaders(res);
    });

    it('400: a malformed body', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('content-type', 'application/json')
        .send('{"email":')
        .expect(400);
      expectSecurityHeaders(res);
    });

    it('401: no token', async () => {
      const res = await t.http().get('/api/v1/auth/me').expect(401);
      expectSecurityHeaders(res);
    });

    it('403: the wrong role', async () => {
      const res = await t.http().get('/api/v1/users').set('Authorization', cast.partner.auth).expect(403);
      expectSecurityHeaders(res);
      expectProblem(res, 403);
    });

    it('413: a body over the limit', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('content-type', 'application/json')
        .send(JSON.stringify('x'.repeat(300_000)))
        .expect(413);
      expectSecurityHeaders(res);
    });
  });

  describe('X-Request-Id', () => {
    it('is generated (a UUID) when none is sent', async () => {
      const a = await t.http().get('/health/live').expect(200);
      const b = await t.http().get('/health/live').expect(200);
      expect(a.headers['x-request-id']).toMatch(UUID);
      expect(b.headers['x-request-id']).toMatch(UUID);
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    });

    it.each(['abc-123', 'trace.42:span_7', 'x'.repeat(128)])('a sane one (%p) is echoed', async (id) => {
      const res = await t.http().get('/api/v1/welfare-areas').set('x-request-id', id).expect(200);
      expect(res.headers['x-request-id']).toBe(id);
    });

    it.each([
      ['too long', 'x'.repeat(129)],
      ['markup', '<script>'],
      ['spaces', 'abc 123'],
      ['quotes', '"abc"'],
      ['a path', '../../etc/passwd'],
    ])('an insane one (%s) is replaced by a generated UUID', async (_what, id) => {
      const res = await t.http().get('/api/v1/welfare-areas').set('x-request-id', id).expect(200);
      expect(res.headers['x-request-id']).toMatch(UUID);
    });

    it('problem details carry the same request id as the header, echoed or generated', async () => {
      const echoed = await t.http().get('/api/v1/nope').set('x-request-id', 'abc-123').expect(404);
      expect(echoed.headers['x-request-id']).toBe('abc-123');
      expect(echoed.body.requestId).toBe('abc-123');

      const generated = await t.http().get('/api/v1/nope').set('x-request-id', '<script>').expect(404);
      expect(generated.body.requestId).toMatch(UUID);
      expect(generated.body.requestId).toBe(generated.headers['x-request-id']);
      expect(generated.text).not.toContain('<script>');
    });
  });

  describe('errors are RFC 9457 problem details', () => {
    it('404: an unknown route names the method and path, not the query string', async () => {
      const res = await t.http().get('/api/v1/nope?token=secret');
      expectProblem(res, 404);
      expect(res.body).toMatchObject({ title: 'Not Found', instance: '/api/v1/nope' });
      expect(res.body.detail).toContain('GET /api/v1/nope');
      expect(res.text).not.toContain('secret');
    });

    it('404: an unknown method on a known path', async () => {
      const res = await t.http().delete('/api/v1/welfare-areas');
      expectProblem(res, 404);
    });

    it('400: malformed JSON', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('content-type', 'application/json')
        .send('{"email": "a@b.se",');
      expectProblem(res, 400);
      expect(res.body).toMatchObject({ title: 'Bad Request', instance: '/api/v1/auth/login' });
    });

    it('400: an empty body declared as JSON', async () => {
      const res = await t.http().post('/api/v1/auth/login').set('content-type', 'application/json').send('');
      expectProblem(res, 400);
    });

    it('400: a JSON body that is not an object', async () => {
      for (const body of ['"a string"', '[1, 2]', 'null', '42']) {
        const res = await t.http().post('/api/v1/auth/login').set('content-type', 'application/json').send(body);
        expectProblem(res, 400);
      }
    });

    it('413: a body over 256 KiB', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('content-type', 'application/json')
        .send(JSON.stringify('x'.repeat(300_000)));
      expectProblem(res, 413);
      expect(res.body).toMatchObject({
        type: expect.stringMatching(/body-too-large$/),
        title: 'Content Too Large',
        detail: 'The request body is larger than the 256 KiB limit.',
        instance: '/api/v1/auth/login',
      });
    });

    it('a body just under 256 KiB is read (and then validated), not refused as too large', async () => {
      const body = JSON.stringify({ email: 'a@example.se', password: 'x'.repeat(256 * 1024 - 100) });
      expect(Buffer.byteLength(body)).toBeLessThan(256 * 1024);
      const res = await t.http().post('/api/v1/auth/login').set('content-type', 'application/json').send(body);
      expectProblem(res, 400);
      expect(res.body.errors).toContainEqual({ field: 'password', message: expect.any(String) });
    });

    it('400: an unknown body field is refused and named', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/register')
        .send({ ...registration(), roles: ['admin'] });
      expectProblem(res, 400);
      expect(res.body.errors).toContainEqual({ field: 'roles', message: 'roles is not an allowed field' });
      expect(res.body.detail).toContain('roles');
    });

    it('400: a field of the wrong type is named', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/register/confirm')
        .send({ ...confirmation(), name: 42 });
      expectProblem(res, 400);
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
      expect(fields).toContain('name');
      expect(fields).not.toContain('code');
      expect(fields).not.toContain('password');
    });

    it('400: several invalid fields are all named', async () => {
      const res = await t.http().post('/api/v1/auth/register/confirm').send({ code: 'short', password: 'short' });
      expectProblem(res, 400);
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
      expect(new Set(fields)).toEqual(new Set(['code', 'password', 'name']));
    });

    it('400: a malformed path id names the parameter', async () => {
      const res = await t
        .http()
        .patch('/api/v1/users/not-a-uuid')
        .set('Authorization', cast.admin.auth)
        .send({ disabled: false });
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    });

    it('415: a text/plain body (a CORS simple request) is refused, not parsed', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('content-type', 'text/plain')
        .send('{"email":"a@example.se","password":"whatever-password"}');
      expectProblem(res, 415);
      expect(res.body.detail).toBe('The request body must be application/json.');
    });

    it('415: a body of an unsupported media type', async () => {
      const res = await t.http().post('/api/v1/auth/login').set('content-type', 'application/xml').send('<login/>');
      expectProblem(res, 415);
      expect(res.body.title).toBe('Unsupported Media Type');
    });

    it('401: no token, a malformed token, a token signed with another secret', async () => {
      const forged =
        'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.' +
        Buffer.from(JSON.stringify({ sub: cast.admin.id })).toString('base64url') +
        '.c2lnbmF0dXJl';
      for (const authorization of [undefined, 'Bearer', 'Bearer not.a.jwt', `Bearer ${forged}`, cast.admin.token]) {
        const req = t.http().get('/api/v1/auth/me');
        if (authorization !== undefined) void req.set('Authorization', authorization);
        const res = await req;
        expectProblem(res, 401);
        expect(res.body.title).toBe('Unauthorized');
      }
    });
  });

  describe('OpenAPI and Swagger UI', () => {
    let document: OpenApiDocument;
    beforeAll(async () => {
      document = (await t.http().get('/docs/openapi.json').expect(200)).body as OpenApiDocument;
    });

    it('GET /docs serves the Swagger UI page', async () => {
      const res = await t.http().get('/docs').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toMatch(/swagger/i);
    });

    it('GET /docs/openapi.json is an OpenAPI 3 document of the API', async () => {
      const res = await t.http().get('/docs/openapi.json').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(document.openapi).toMatch(/^3\./);
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining(['/api/v1/auth/login', '/api/v1/auth/register', '/api/v1/auth/me', '/health/live']),
      );
    });

    it('declares a bearer security scheme', () => {
      const schemes = Object.values(document.components.securitySchemes ?? {});
      expect(schemes).toContainEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    });

    it('every operation has a unique operationId', () => {
      const ids = operations(document).map(({ operation }) => operation.operationId);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) expect(id).toEqual(expect.stringMatching(/^\w+$/));
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('documents bearer auth on exactly the operations that are not public', () => {
      for (const { method, path, operation } of operations(document)) {
        const key = `${method.toUpperCase()} ${path}`;
        const documented = (operation.security ?? []).some((requirement) => 'bearer' in requirement);
        expect({ key, documented }).toEqual({
          key,
          documented: !PUBLIC_OPERATIONS.has(key) || OPTIONAL_AUTH_OPERATIONS.has(key),
        });
      }
    });
  });

  describe('deny by default', () => {
    let document: OpenApiDocument;
    beforeAll(async () => {
      document = (await t.http().get('/docs/openapi.json').expect(200)).body as OpenApiDocument;
    });

    it('every public operation in the allowlist exists', () => {
      const keys = new Set(operations(document).map(({ method, path }) => `${method.toUpperCase()} ${path}`));
      for (const key of PUBLIC_OPERATIONS) expect({ key, exists: keys.has(key) }).toEqual({ key, exists: true });
    });

    it('every other operation answers 401 without a token, and not 401 with one', async () => {
      const guarded = operations(document).filter(({ method, path }) => {
        const key = `${method.toUpperCase()} ${path}`;
        return !PUBLIC_OPERATIONS.has(key) && !OPTIONAL_AUTH_OPERATIONS.has(key);
      });
      expect(guarded.length).toBeGreaterThan(0);
      const unknownUser = `Bearer ${await t.tokenFor(randomUUID())}`;
      for (const { method, path } of guarded) {
        const op = `${method.toUpperCase()} ${path}`;
        const url = concrete(path);
        const anonymous = await t.http()[method](url).send({});
        expect({ op, status: anonymous.status }).toEqual({ op, status: 401 });
        expectProblem(anonymous, 401);

        const garbage = await t.http()[method](url).set('Authorization', 'Bearer garbage').send({});
        expect({ op, status: garbage.status }).toEqual({ op, status: 401 });

        const noSuchUser = await t.http()[method](url).set('Authorization', unknownUser).send({});
        expect({ op, status: noSuchUser.status }).toEqual({ op, status: 401 });

        // The 401s came from the guard, not from a broken route: a valid token gets past it.
        const signedIn = await t.http()[method](url).set('Authorization', cast.admin.auth).send({});
        expect({ op, status: signedIn.status, gotPastTheGuard: ![401, 500].includes(signedIn.status) }).toMatchObject({
          gotPastTheGuard: true,
        });
        // Signing out everywhere revoked the token: the next operation gets a new one.
        cast.admin.auth = `Bearer ${await t.tokenFor(cast.admin.id)}`;
      }
    });

    it('optional-auth operations answer without a token, but refuse a bad one', async () => {
      const keys = new Set(operations(document).map(({ method, path }) => `${method.toUpperCase()} ${path}`));
      for (const key of OPTIONAL_AUTH_OPERATIONS) {
        expect({ key, exists: keys.has(key) }).toEqual({ key, exists: true });
        const [method, path] = key.split(' ');
        const url = concrete(path);
        const anonymous = await t.http()[method.toLowerCase() as Method](url);
        // A random id is simply not found; a list answers.
        expect({ key, status: anonymous.status }).toEqual({ key, status: path.includes('{') ? 404 : 200 });
        const garbage = await t.http()[method.toLowerCase() as Method](url).set('Authorization', 'Bearer garbage');
        expect({ key, status: garbage.status }).toEqual({ key, status: 401 });
      }
    });

    it('the public operations answer without a token', async () => {
      for (const key of PUBLIC_OPERATIONS) {
        const [method, path] = key.split(' ');
        const res = await t.http()[method.toLowerCase() as Method](path).send({});
        expect({ key, refused: [401, 403].includes(res.status) || res.status >= 500 }).toEqual({ key, refused: false });
      }
    });
  });

  describe('CORS, default configuration', () => {
    it('allows no origin', async () => {
      const res = await t.http().get('/api/v1/welfare-areas').set('Origin', 'https://app.helsingborg.se').expect(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await t
        .http()
        .options('/api/v1/welfare-areas')
        .set('Origin', 'https://app.helsingborg.se')
        .set('Access-Control-Request-Method', 'GET');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.status).toBeLessThan(500);
    });
  });
});

describe('CORS with CORS_ORIGINS set', () => {
  const ORIGIN = 'https://app.helsingborg.se';
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: ORIGIN });
  });
  afterAll(() => t.close());

  it('a preflight from the allowed origin is answered for it', async () => {
    const res = await t
      .http()
      .options('/api/v1/auth/me')
      .set('Origin', ORIGIN)
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'authorization');
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers['access-control-allow-headers']).toMatch(/authorization/i);
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('a request from the allowed origin may read the request id', async () => {
    const res = await t.http().get('/api/v1/welfare-areas').set('Origin', ORIGIN).expect(200);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers['access-control-expose-headers']).toMatch(/x-request-id/i);
  });

  it('another origin gets no access-control-allow-origin', async () => {
    const preflight = await t
      .http()
      .options('/api/v1/auth/me')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'GET');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const res = await t.http().get('/api/v1/welfare-areas').set('Origin', 'https://evil.example').expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('a look-alike origin is not allowed', async () => {
    for (const origin of ['https://app.helsingborg.se.evil.example', 'http://app.helsingborg.se', 'null']) {
      const res = await t.http().get('/api/v1/welfare-areas').set('Origin', origin).expect(200);
      expect({ origin, allowed: res.headers['access-control-allow-origin'] }).toEqual({ origin, allowed: undefined });
    }
  });
});

describe('rate limit (RATE_LIMIT_PER_MINUTE=3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('the 4th request in a minute is 429 problem details with Retry-After; /health/live stays open', async () => {
    for (let i = 0; i < 3; i++) await t.http().get('/api/v1/welfare-areas').expect(200);
    const res = await t.http().get('/api/v1/welfare-areas');
    expectProblem(res, 429);
    expect(res.body.title).toBe('Too Many Requests');
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    expectSecurityHeaders(res);

    await t.http().get('/api/v1/departments').expect(429);
    await t.http().get('/health/live').expect(200);
    await t.http().get('/health/ready').expect(200);
  });
});

describe('500: an unexpected failure', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is a bare problem with the request id, and no SQL, internals or stack', async () => {
    await t.db.destroy();
    try {
      for (const res of [
        await t.http().get('/api/v1/departments'),
        await t.http().post('/api/v1/auth/register').send(registration()),
      ]) {
        expectProblem(res, 500);
        expect(res.body.title).toBe('Internal Server Error');
        expect(res.body.detail).toContain(res.headers['x-request-id']);
        expect(res.body.errors).toBeUndefined();
        expect(res.text).not.toMatch(/SELECT|INSERT|FROM\s|"departments"|"users"/i);
        expect(res.text).not.toMatch(/DataSource|TypeORM|QueryRunner|Driver|pool|ECONNREFUSED/i);
        expectSecurityHeaders(res);
      }
      const echoed = await t.http().get('/api/v1/departments').set('x-request-id', 'incident-42');
      expectProblem(echoed, 500);
      expect(echoed.body.detail).toContain('incident-42');
    } finally {
      await t.db.initialize();
    }
    await t.http().get('/api/v1/departments').expect(200);
  });
});

describe('a draining instance (SIGTERM received, main.ts)', () => {
  let t: TestApp;
  let draining = false;
  beforeAll(async () => {
    t = await startTestApp({}, undefined, { draining: () => draining });
  });
  afterAll(() => t.close());

  it('answers a request that still arrives with a 503 problem document: retry, connection closed, nothing done', async () => {
    await t.http().get('/api/v1/departments').expect(200);
    draining = true;
    try {
      const before = await t.db.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM audit_events`);
      const res = await t.http().post('/api/v1/auth/login').send({ email: 'a@example.se', password: 'whatever' });
      expectProblem(res, 503);
      expect(res.body).toMatchObject({
        type: 'urn:problem-type:testbed:unavailable',
        detail: 'This instance is shutting down; retry the request.',
        instance: '/api/v1/auth/login',
        requestId: res.headers['x-request-id'],
      });
      expect(res.headers['retry-after']).toBe('1');
      expect(res.headers.connection).toBe('close');
      expectSecurityHeaders(res);
      expect(await t.db.query(`SELECT count(*)::int AS count FROM audit_events`)).toEqual(before);
      expect(await t.db.query(`SELECT 1 FROM login_failures WHERE email = 'a@example.se'`)).toEqual([]);
    } finally {
      draining = false;
    }
    await t.http().get('/api/v1/departments').expect(200);
  });
});
