import { randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import type { Role } from '../src/users/role';
import { UsersService } from '../src/users/users.service';
import { createCast, createUser, departmentId, TestUser } from './factories/users';
import { AuditRow, auditEvents, expectProblem } from './support/expectations';
import { startTestApp, TestApp } from './support/test-app';

const USERS = '/api/v1/users';
const USER_KEYS = ['createdAt', 'departmentId', 'disabled', 'email', 'id', 'name', 'roles'];
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

type Cast = Awaited<ReturnType<typeof createCast>>;

interface UserRow {
  email: string;
  name: string;
  roles: Role[];
  department_id: string | null;
  disabled: boolean;
  password_hash: string;
  updated_at: Date;
}

function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}@example.se`;
}

async function userRow(t: TestApp, id: string): Promise<UserRow | undefined> {
  const rows = await t.db.query<UserRow[]>(
    `SELECT email, name, roles, department_id, disabled, password_hash, updated_at FROM users WHERE id = $1`,
    [id],
  );
  return rows[0];
}

async function userAudit(t: TestApp, id: string, action?: string): Promise<AuditRow[]> {
  const rows = await auditEvents(t, 'user', id);
  return action === undefined ? rows : rows.filter((row) => row.action === action);
}

/** Every page of GET /users for this caller and query, following nextCursor. */
async function listAll(t: TestApp, auth: string, query: Record<string, string | number> = {}) {
  const items: Record<string, unknown>[] = [];
  const texts: string[] = [];
  let cursor: string | null = null;
  do {
    const res: Response = await t
      .http()
      .get(USERS)
      .query({ limit: 100, ...query, ...(cursor ? { cursor } : {}) })
      .set('Authorization', auth)
      .expect(200);
    items.push(...res.body.items);
    texts.push(res.text);
    cursor = res.body.nextCursor;
  } while (cursor);
  return { items, texts };
}

describe('users', () => {
  let t: TestApp;
  let cast: Cast;
  beforeAll(async () => {
    t = await startTestApp();
    cast = await createCast(t);
  });
  afterAll(() => t.close());

  describe('GET /users', () => {
    it('is 401 problem details without a token or with a garbage token', async () => {
      expectProblem(await t.http().get(USERS), 401);
      expectProblem(await t.http().get(USERS).set('Authorization', 'Bearer not-a-jwt'), 401);
    });

    it.each(['partner', 'evaluator'] as const)('is 403 for the %s role', async (role) => {
      expectProblem(await t.http().get(USERS).set('Authorization', cast[role].auth), 403);
      expectProblem(await t.http().get(USERS).query({ role: 'evaluator' }).set('Authorization', cast[role].auth), 403);
    });

    it('gives an admin full user objects, without any password hash', async () => {
      const { items, texts } = await listAll(t, cast.admin.auth);
      for (const item of items) expect(Object.keys(item).sort()).toEqual(USER_KEYS);
      for (const text of texts) {
        expect(text).not.toMatch(/password/i);
        expect(text).not.toMatch(/argon2/i);
      }
      expect(items).toContainEqual({
        id: cast.partner.id,
        email: cast.partner.email,
        name: 'Partner',
        roles: ['partner'],
        departmentId: null,
        disabled: false,
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      expect(items).toContainEqual(
        expect.objectContaining({
          id: cast.department.id,
          roles: ['department'],
          departmentId: await departmentId(t),
        }),
      );
      const [{ count }] = await t.db.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM users`);
      expect(items).toHaveLength(count);
    });

    it('filters by ?role=', async () => {
      const { items } = await listAll(t, cast.admin.auth, { role: 'evaluator' });
      const ids = items.map((item) => item.id);
      expect(ids).toContain(cast.evaluator.id);
      expect(ids).not.toContain(cast.partner.id);
      expect(ids).not.toContain(cast.admin.id);
      for (const item of items) expect(item.roles).toContain('evaluator');
      const [{ count }] = await t.db.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM users WHERE 'evaluator' = ANY (roles)`,
      );
      expect(items).toHaveLength(count);
    });

    it('searches ?q= in names and (for admins) emails, case-insensitively, with LIKE wildcards taken literally', async () => {
      const suffix = randomBytes(3).toString('hex');
      const found = await createUser(t, { name: `Åsa Sökbar ${suffix}`, email: `hittad-${suffix}@example.se` });
      const other = await createUser(t, { name: `Other ${suffix}`, roles: ['evaluator'] });
      const ids = async (q: string, auth = cast.admin.auth, role?: string) =>
        (await listAll(t, auth, { q, ...(role ? { role } : {}) })).items.map((item) => item.id);
      expect(await ids(`åsa sökbar ${suffix}`)).toEqual([found.id]);
      expect(await ids(`HITTAD-${suffix}`)).toEqual([found.id]);
      expect((await ids(suffix)).sort()).toEqual([found.id, other.id].sort());
      expect(await ids('%')).toEqual([]);
      expect(await ids('_')).toEqual([]);
      // Department staff search evaluators by name only: an email never matches for them.
      expect(await ids(`other ${suffix}`, cast.department.auth, 'evaluator')).toEqual([other.id]);
      expect(await ids(other.email, cast.department.auth, 'evaluator')).toEqual([]);
    });

    it.each([
      ['q=', 'q'],
      [`q=${'a'.repeat(101)}`, 'q'],
    ])('is 400 naming q for %s', async (query, field) => {
      expectProblem(await t.http().get(`${USERS}?${query}`).set('Authorization', cast.admin.auth), 400, field);
    });

    it('pages with a keyset cursor: every user exactly once, ordered by name then id', async () => {
      const tag = randomBytes(3).toString('hex');
      // Two share a name so that the id breaks the tie.
      const names = ['A', 'B', 'C', 'C', 'D'].map((letter) => `Paged ${tag} ${letter}`);
      const created = await Promise.all(names.map((name) => createUser(t, { roles: ['evaluator'], name })));

      const pages: Record<string, unknown>[][] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await t
          .http()
          .get(USERS)
          .query({ role: 'evaluator', limit: 2, ...(cursor ? { cursor } : {}) })
          .set('Authorization', cast.admin.auth)
          .expect(200);
        pages.push(res.body.items);
        cursor = res.body.nextCursor;
        if (cursor !== null) expect(res.body.items).toHaveLength(2);
        expect(pages.length).toBeLessThan(100);
      } while (cursor !== null);

      const seen = pages.flat().map((item) => item.id as string);
      expect(new Set(seen).size).toBe(seen.length);
      const expected = await t.db.query<{ id: string }[]>(
        `SELECT id FROM users WHERE 'evaluator' = ANY (roles) ORDER BY name, id`,
      );
      expect(seen).toEqual(expected.map((row) => row.id));
      expect(pages).toHaveLength(Math.ceil(expected.length / 2));
      expect(pages[pages.length - 1].length).toBeGreaterThan(0);

      const mine = created
        .map((user) => ({ id: user.id, name: user.name }))
        .sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1));
      expect(seen.filter((id) => created.some((user) => user.id === id))).toEqual(mine.map((user) => user.id));
    });

    it.each(['department', 'director'] as const)(
      'gives the %s role enabled evaluators as {id, name} only',
      async (role) => {
        const enabled = await createUser(t, { roles: ['evaluator'] });
        const disabled = await createUser(t, { roles: ['evaluator'] });
        await t.db.query(`UPDATE users SET disabled = true WHERE id = $1`, [disabled.id]);

        const { items, texts } = await listAll(t, cast[role].auth, { role: 'evaluator' });
        for (const item of items) expect(Object.keys(item).sort()).toEqual(['id', 'name']);
        for (const text of texts) expect(text).not.toContain('@example.se');
        expect(items).toContainEqual({ id: enabled.id, name: enabled.name });
        expect(items.map((item) => item.id)).not.toContain(disabled.id);
        const [{ count }] = await t.db.query<{ count: number }[]>(
          `SELECT count(*)::int AS count FROM users WHERE 'evaluator' = ANY (roles) AND NOT disabled`,
        );
        expect(items).toHaveLength(count);

        // An admin still sees the disabled one.
        const all = await listAll(t, cast.admin.auth, { role: 'evaluator' });
        expect(all.items).toContainEqual(expect.objectContaining({ id: disabled.id, disabled: true }));
      },
    );

    it('pages evaluator summaries for department staff too', async () => {
      await Promise.all([1, 2, 3].map(() => createUser(t, { roles: ['evaluator'] })));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await t
          .http()
          .get(USERS)
          .query({ role: 'evaluator', limit: 1, ...(cursor ? { cursor } : {}) })
          .set('Authorization', cast.department.auth)
          .expect(200);
        expect(res.body.items).toHaveLength(1);
        seen.push(res.body.items[0].id);
        cursor = res.body.nextCursor;
      } while (cursor !== null && seen.length < 500);
      const expected = await t.db.query<{ id: string }[]>(
        `SELECT id FROM users WHERE 'evaluator' = ANY (roles) AND NOT disabled ORDER BY name, id`,
      );
      expect(seen).toEqual(expected.map((row) => row.id));
    });

    it.each([
      ['department', undefined],
      ['department', 'partner'],
      ['department', 'admin'],
      ['director', undefined],
      ['director', 'partner'],
      ['director', 'department'],
    ] as const)('is 403 for the %s role with role=%s', async (role, filter) => {
      const res = await t
        .http()
        .get(USERS)
        .query(filter ? { role: filter } : {})
        .set('Authorization', cast[role].auth);
      expectProblem(res, 403);
    });

    it.each(['king', 'Evaluator', ''])('is 400 naming role for role=%p', async (role) => {
      expectProblem(await t.http().get(USERS).query({ role }).set('Authorization', cast.admin.auth), 400, 'role');
    });

    it.each(['0', '101', 'abc', '1.5', '-1'])('is 400 naming limit for limit=%p', async (limit) => {
      expectProblem(await t.http().get(USERS).query({ limit }).set('Authorization', cast.admin.auth), 400, 'limit');
    });

    it('accepts limit=1 and limit=100', async () => {
      const one = await t.http().get(USERS).query({ limit: 1 }).set('Authorization', cast.admin.auth).expect(200);
      expect(one.body.items).toHaveLength(1);
      expect(typeof one.body.nextCursor).toBe('string');
      await t.http().get(USERS).query({ limit: 100 }).set('Authorization', cast.admin.auth).expect(200);
    });

    it.each([
      ['garbage', '!!!'],
      ['base64 of a non-cursor object', 'eyJhIjoxfQ'],
      ['a cursor with a non-uuid id', Buffer.from(JSON.stringify(['Zed', 'not-a-uuid'])).toString('base64url')],
      ['a cursor of the wrong length', Buffer.from(JSON.stringify(['Zed'])).toString('base64url')],
    ])('is 400 naming cursor for %s', async (_what, cursor) => {
      for (const auth of [cast.admin.auth, cast.department.auth]) {
        const res = await t.http().get(USERS).query({ role: 'evaluator', cursor }).set('Authorization', auth);
        expectProblem(res, 400, 'cursor');
      }
    });

    it('is 400 naming an unknown query parameter', async () => {
      expectProblem(await t.http().get(USERS).query({ foo: '1' }).set('Authorization', cast.admin.auth), 400, 'foo');
    });
  });

  describe('POST /users', () => {
    const body = (overrides: Record<string, unknown> = {}) => ({
      email: uniqueEmail('created'),
      name: 'Created User',
      password: 'a-long-enough-password',
      roles: ['evaluator'],
      ...overrides,
    });

    async function countByEmail(email: string): Promise<number> {
      const [{ count }] = await t.db.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM users WHERE email = lower($1)`,
        [email],
      );
      return count;
    }

    it('lets an admin create a user with any roles (201), email lower-cased', async () => {
      const dept = await departmentId(t, 'socialforvaltningen');
      const email = uniqueEmail('Mixed.Case').replace('@example.se', '@Example.SE');
      const res = await t
        .http()
        .post(USERS)
        .set('Authorization', cast.admin.auth)
        .send(body({ email, name: '  Anna Andersson  ', roles: ['department', 'evaluator'], departmentId: dept }))
        .expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        email: email.toLowerCase(),
        name: 'Anna Andersson',
        roles: ['department', 'evaluator'],
        departmentId: dept,
        disabled: false,
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      expect(res.text).not.toMatch(/password|argon2/i);
      const row = await userRow(t, res.body.id);
      expect(row).toMatchObject({
        email: email.toLowerCase(),
        roles: ['department', 'evaluator'],
        department_id: dept,
      });
      expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    });

    it('creates a user who can log in with the given password', async () => {
      const input = body({ roles: ['director'] });
      const created = await t.http().post(USERS).set('Authorization', cast.admin.auth).send(input).expect(201);
      const login = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: input.email.toUpperCase(), password: input.password })
        .expect(200);
      expect(login.body).toMatchObject({ accessToken: expect.any(String), tokenType: 'Bearer' });
      const me = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: created.body.id, roles: ['director'] });
      expectProblem(
        await t.http().post('/api/v1/auth/login').send({ email: input.email, password: 'not-the-password-at-all' }),
        401,
      );
    });

    it('writes a user.created audit event by the admin, without the password hash', async () => {
      const input = body();
      const res = await t
        .http()
        .post(USERS)
        .set('Authorization', cast.admin.auth)
        .set('X-Request-Id', `users-e2e-${randomBytes(4).toString('hex')}`)
        .send(input)
        .expect(201);
      const events = await t.db.query<(AuditRow & { entity_type: string; entity_id: string })[]>(
        `SELECT * FROM audit_events WHERE entity_type = 'user' AND entity_id = $1`,
        [res.body.id],
      );
      expect(events).toHaveLength(1);
      const [event] = events;
      expect(event).toMatchObject({ action: 'user.created', actor_id: cast.admin.id, before: null });
      expect(event.request_id).toBe(res.headers['x-request-id']);
      expect(event.after).toMatchObject({ email: input.email, roles: ['evaluator'], disabled: false });
      expect(JSON.stringify(event.after)).not.toMatch(/password|argon2/i);
      expect(JSON.stringify(event.after)).not.toContain(input.password);
    });

    it('is 400 naming departmentId for role department without one', async () => {
      const input = body({ roles: ['department'] });
      const res = await t.http().post(USERS).set('Authorization', cast.admin.auth).send(input);
      expectProblem(res, 400, 'departmentId');
      expect(await countByEmail(input.email)).toBe(0);
    });

    it('is 422 for an unknown department', async () => {
      const input = body({ roles: ['department'], departmentId: randomUUID() });
      const res = await t.http().post(USERS).set('Authorization', cast.admin.auth).send(input);
      expectProblem(res, 422);
      expect(await countByEmail(input.email)).toBe(0);
    });

    it.each(['not-a-uuid', 42])('is 400 naming departmentId for departmentId=%p', async (value) => {
      const input = body({ roles: ['department'], departmentId: value });
      const res = await t.http().post(USERS).set('Authorization', cast.admin.auth).send(input);
      expectProblem(res, 400, 'departmentId');
      expect(await countByEmail(input.email)).toBe(0);
    });

    it('is 409 for an email already taken, whatever its case', async () => {
      const first = body();
      await t.http().post(USERS).set('Authorization', cast.admin.auth).send(first).expect(201);
      const res = await t
        .http()
        .post(USERS)
        .set('Authorization', cast.admin.auth)
        .send(body({ email: first.email.toUpperCase(), roles: ['partner'] }));
      expectProblem(res, 409);
      expect(await countByEmail(first.email)).toBe(1);
      // A taken email of a factory user, too.
      const taken = await createUser(t);
      expectProblem(
        await t
          .http()
          .post(USERS)
          .set('Authorization', cast.admin.auth)
          .send(body({ email: taken.email })),
        409,
      );
    });

    it.each(['partner', 'department', 'director', 'evaluator'] as const)('is 403 for the %s role', async (role) => {
      const input = body({ roles: ['admin'] });
      const res = await t.http().post(USERS).set('Authorization', cast[role].auth).send(input);
      expectProblem(res, 403);
      expect(await countByEmail(input.email)).toBe(0);
    });

    it('is 401 without a token', async () => {
      const input = body({ roles: ['admin'] });
      expectProblem(await t.http().post(USERS).send(input), 401);
      expect(await countByEmail(input.email)).toBe(0);
    });

    it.each(['disabled', 'passwordHash', 'isAdmin'])('is 400 naming an unknown field %s', async (field) => {
      const input = body({ [field]: true });
      const res = await t.http().post(USERS).set('Authorization', cast.admin.auth).send(input);
      expectProblem(res, 400, field);
      expect(await countByEmail(input.email)).toBe(0);
    });

    it.each([
      ['no roles', []],
      ['an unknown role', ['king']],
      ['a repeated role', ['partner', 'partner']],
      ['roles not an array', 'admin'],
    ])('is 400 naming roles for %s', async (_what, roles) => {
      const input = body({ roles });
      const res = await t.http().post(USERS).set('Authorization', cast.admin.auth).send(input);
      expectProblem(res, 400, 'roles');
      expect(await countByEmail(input.email)).toBe(0);
    });

    it.each([
      ['email', { email: 'not-an-email' }],
      ['password', { password: 'short' }],
      ['name', { name: '   ' }],
    ])('is 400 naming %s when it is invalid', async (field, overrides) => {
      const res = await t.http().post(USERS).set('Authorization', cast.admin.auth).send(body(overrides));
      expectProblem(res, 400, field);
    });
  });

  describe('PATCH /users/:id', () => {
    const patch = (id: string, auth: string | undefined, payload: unknown) => {
      const req = t.http().patch(`${USERS}/${id}`);
      if (auth) void req.set('Authorization', auth);
      return req.send(payload as object);
    };

    it('changes roles, effective at once for the same token (gaining department staff rights)', async () => {
      const user = await createUser(t, { roles: ['partner'] });
      const dept = await departmentId(t, 'arbetsmarknadsforvaltningen');
      const listEvaluators = () => t.http().get(USERS).query({ role: 'evaluator' }).set('Authorization', user.auth);
      expectProblem(await listEvaluators(), 403);

      const res = await patch(user.id, cast.admin.auth, { roles: ['department'], departmentId: dept }).expect(200);
      expect(res.body).toEqual({
        id: user.id,
        email: user.email,
        name: user.name,
        roles: ['department'],
        departmentId: dept,
        disabled: false,
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      expect(res.text).not.toMatch(/password|argon2/i);

      const list = await listEvaluators().expect(200);
      for (const item of list.body.items) expect(Object.keys(item).sort()).toEqual(['id', 'name']);
      const me = await t.http().get('/api/v1/auth/me').set('Authorization', user.auth).expect(200);
      expect(me.body).toMatchObject({ roles: ['department'], departmentId: dept });
      expect(await userRow(t, user.id)).toMatchObject({ roles: ['department'], department_id: dept });
    });

    it('demotes one of several admins, whose token loses admin rights at once', async () => {
      const other = await createUser(t, { roles: ['admin'] });
      await t.http().get(USERS).set('Authorization', other.auth).expect(200);
      const res = await patch(other.id, cast.admin.auth, { roles: ['evaluator'] }).expect(200);
      expect(res.body.roles).toEqual(['evaluator']);
      expectProblem(await t.http().get(USERS).set('Authorization', other.auth), 403);
      expectProblem(await patch(cast.partner.id, other.auth, { roles: ['admin'] }), 403);
    });

    it('disabling a user revokes their token at once; re-enabling lets them sign in again, not the old token (finding 7a)', async () => {
      const user = await createUser(t, { roles: ['evaluator'] });
      await t.http().get('/api/v1/auth/me').set('Authorization', user.auth).expect(200);

      const res = await patch(user.id, cast.admin.auth, { disabled: true }).expect(200);
      expect(res.body).toMatchObject({ id: user.id, disabled: true, roles: ['evaluator'] });
      expectProblem(await t.http().get('/api/v1/auth/me').set('Authorization', user.auth), 401);
      expectProblem(
        await t.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password }),
        401,
      );
      expect((await userRow(t, user.id))?.disabled).toBe(true);

      await patch(user.id, cast.admin.auth, { disabled: false }).expect(200);
      expectProblem(await t.http().get('/api/v1/auth/me').set('Authorization', user.auth), 401);
      const login = await t.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password });
      await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    });

    it('is 400 naming departmentId for roles [department] on a user without one, changing nothing', async () => {
      const user = await createUser(t, { roles: ['partner'] });
      const before = await userRow(t, user.id);
      const res = await patch(user.id, cast.admin.auth, { roles: ['department'] });
      expectProblem(res, 400, 'departmentId');
      expect(await userRow(t, user.id)).toEqual(before);
      expect(await userAudit(t, user.id, 'user.updated')).toHaveLength(0);
    });

    it('is 400 naming departmentId for departmentId null on department staff', async () => {
      const user = await createUser(t, { roles: ['department'] });
      const before = await userRow(t, user.id);
      expect(before?.department_id).toBe(await departmentId(t));
      const res = await patch(user.id, cast.admin.auth, { departmentId: null });
      expectProblem(res, 400, 'departmentId');
      expect(await userRow(t, user.id)).toEqual(before);
    });

    it('clears departmentId of someone who is not department staff', async () => {
      const user = await createUser(t, { roles: ['evaluator'], departmentId: await departmentId(t) });
      const res = await patch(user.id, cast.admin.auth, { departmentId: null }).expect(200);
      expect(res.body.departmentId).toBeNull();
      expect((await userRow(t, user.id))?.department_id).toBeNull();
    });

    it('is 422 for an unknown department, changing nothing', async () => {
      const user = await createUser(t, { roles: ['department'] });
      const before = await userRow(t, user.id);
      const res = await patch(user.id, cast.admin.auth, { departmentId: randomUUID() });
      expectProblem(res, 422);
      expect(await userRow(t, user.id)).toEqual(before);
      expect(await userAudit(t, user.id, 'user.updated')).toHaveLength(0);
    });

    it('is 400 naming id for a malformed id', async () => {
      expectProblem(await patch('not-a-uuid', cast.admin.auth, { disabled: false }), 400, 'id');
    });

    it('is 404 for an unknown id', async () => {
      const id = randomUUID();
      expectProblem(await patch(id, cast.admin.auth, { disabled: false }), 404);
      expect(await userAudit(t, id)).toHaveLength(0);
    });

    it.each(['department', 'director', 'partner', 'evaluator'] as const)(
      'is 403 for the %s role, even on their own account',
      async (role) => {
        const caller = await createUser(t, { roles: [role] });
        const target = await createUser(t, { roles: ['partner'] });
        for (const id of [caller.id, target.id]) {
          const before = await userRow(t, id);
          expectProblem(await patch(id, caller.auth, { roles: ['admin'] }), 403);
          expect(await userRow(t, id)).toEqual(before);
        }
        expect(await userAudit(t, caller.id, 'user.updated')).toHaveLength(0);
      },
    );

    it('is 401 without a token', async () => {
      const user = await createUser(t);
      const before = await userRow(t, user.id);
      expectProblem(await patch(user.id, undefined, { roles: ['admin'] }), 401);
      expect(await userRow(t, user.id)).toEqual(before);
    });

    it.each([
      ['email', 'someone-else@example.se'],
      ['passwordHash', '$argon2id$v=19$m=19456,t=2,p=1$forged'],
      ['name', 'Renamed'],
      ['createdAt', '2020-01-01T00:00:00Z'],
    ])('is 400 naming the unknown field %s, changing nothing', async (field, value) => {
      const user = await createUser(t);
      const before = await userRow(t, user.id);
      const res = await patch(user.id, cast.admin.auth, { disabled: false, [field]: value });
      expectProblem(res, 400, field);
      expect(await userRow(t, user.id)).toEqual(before);
      expect(await userAudit(t, user.id, 'user.updated')).toHaveLength(0);
    });

    it.each([
      ['roles', { roles: [] }],
      ['roles', { roles: ['king'] }],
      ['disabled', { disabled: 'yes' }],
    ])('is 400 naming %s for %j', async (field, payload) => {
      const user = await createUser(t);
      const before = await userRow(t, user.id);
      expectProblem(await patch(user.id, cast.admin.auth, payload), 400, field);
      expect(await userRow(t, user.id)).toEqual(before);
    });

    it('is 422 when an admin disables their own account', async () => {
      const admin = await createUser(t, { roles: ['admin'] });
      const before = await userRow(t, admin.id);
      const res = await patch(admin.id, admin.auth, { disabled: true });
      expectProblem(res, 422);
      expect(await userRow(t, admin.id)).toEqual(before);
      await t.http().get(USERS).set('Authorization', admin.auth).expect(200);
    });

    it('writes exactly one user.updated event with before and after per successful change', async () => {
      const user = await createUser(t, { roles: ['partner'] });
      const res = await patch(user.id, cast.admin.auth, { roles: ['evaluator'] }).expect(200);
      const events = await userAudit(t, user.id, 'user.updated');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        actor_id: cast.admin.id,
        request_id: res.headers['x-request-id'],
        before: { email: user.email, roles: ['partner'], departmentId: null, disabled: false },
        after: { email: user.email, roles: ['evaluator'], departmentId: null, disabled: false },
      });
      expect(JSON.stringify(events[0])).not.toMatch(/password|argon2/i);

      await patch(user.id, cast.admin.auth, { disabled: true }).expect(200);
      const next = await userAudit(t, user.id, 'user.updated');
      expect(next).toHaveLength(2);
      expect(next[1]).toMatchObject({
        before: { roles: ['evaluator'], disabled: false },
        after: { roles: ['evaluator'], disabled: true },
      });
    });

    it('writes no audit event for a refused change', async () => {
      const user = await createUser(t, { roles: ['partner'] });
      const all = () => userAudit(t, user.id);
      const before = await all();
      expectProblem(await patch(user.id, cast.admin.auth, { roles: ['department'] }), 400);
      expectProblem(await patch(user.id, cast.admin.auth, { departmentId: randomUUID() }), 422);
      expectProblem(await patch(user.id, cast.admin.auth, { disabled: true, email: 'x@example.se' }), 400);
      expectProblem(await patch(user.id, cast.partner.auth, { disabled: true }), 403);
      expectProblem(await patch(user.id, undefined, { disabled: true }), 401);
      expect(await all()).toEqual(before);
    });
  });
});

describe('users: the last enabled admin', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** An admin who, after this, is the only enabled admin in the database. */
  async function soleAdmin(): Promise<TestUser> {
    const admin = await createUser(t, { roles: ['admin'] });
    await t.db.query(`UPDATE users SET roles = '{partner}' WHERE 'admin' = ANY (roles) AND id <> $1`, [admin.id]);
    return admin;
  }

  const patch = (actor: TestUser, id: string, payload: object) =>
    t.http().patch(`${USERS}/${id}`).set('Authorization', actor.auth).send(payload);

  it('refuses (422) removing the admin role from the only enabled admin, changing nothing', async () => {
    const admin = await soleAdmin();
    const before = await userRow(t, admin.id);
    const res = await patch(admin, admin.id, { roles: ['director'] });
    expectProblem(res, 422);
    expect(res.body.detail).toMatch(/admin/i);
    expect(await userRow(t, admin.id)).toEqual(before);
    expect(await userAudit(t, admin.id, 'user.updated')).toHaveLength(0);

    // Keeping admin while adding a role is fine.
    const ok = await patch(admin, admin.id, { roles: ['admin', 'director'] }).expect(200);
    expect(ok.body.roles).toEqual(['admin', 'director']);
  });

  it('does not count a disabled admin as a remaining admin', async () => {
    const admin = await soleAdmin();
    const disabledAdmin = await createUser(t, { roles: ['admin'] });
    await t.db.query(`UPDATE users SET disabled = true WHERE id = $1`, [disabledAdmin.id]);
    expectProblem(await patch(admin, admin.id, { roles: ['partner'] }), 422);
    expect((await userRow(t, admin.id))?.roles).toEqual(['admin']);
  });

  it('with two enabled admins one may be demoted; then the other is the last', async () => {
    const first = await soleAdmin();
    const second = await createUser(t, { roles: ['admin'] });

    const res = await patch(first, second.id, { roles: ['evaluator'] }).expect(200);
    expect(res.body.roles).toEqual(['evaluator']);
    expectProblem(await t.http().get(USERS).set('Authorization', second.auth), 403);

    expectProblem(await patch(first, first.id, { roles: ['director'] }), 422);
    expect((await userRow(t, first.id))?.roles).toEqual(['admin']);
  });

  it('with two enabled admins one may disable the other', async () => {
    const first = await soleAdmin();
    const second = await createUser(t, { roles: ['admin'] });
    await patch(first, second.id, { disabled: true }).expect(200);
    expectProblem(await t.http().get(USERS).set('Authorization', second.auth), 401);
    expectProblem(await patch(first, first.id, { roles: ['partner'] }), 422);
  });
});

describe('users: bootstrap admin', () => {
  const ADMIN_EMAIL = 'Boot.Admin@example.se';
  const ADMIN_PASSWORD = 'bootstrap-password-1';
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ADMIN_EMAIL, ADMIN_PASSWORD });
  });
  afterAll(() => t.close());

  it('creates the admin from ADMIN_EMAIL/ADMIN_PASSWORD, email lower-cased, who can log in', async () => {
    const rows = await t.db.query<{ id: string; email: string; roles: Role[]; disabled: boolean }[]>(
      `SELECT id, email, roles, disabled FROM users WHERE lower(email) = lower($1)`,
      [ADMIN_EMAIL],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: 'boot.admin@example.se', roles: ['admin'], disabled: false });

    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
      .expect(200);
    expect(login.body.tokenType).toBe('Bearer');
    const auth = `Bearer ${login.body.accessToken}`;
    const me = await t.http().get('/api/v1/auth/me').set('Authorization', auth).expect(200);
    expect(me.body).toMatchObject({ id: rows[0].id, email: 'boot.admin@example.se', roles: ['admin'] });
    await t.http().get(USERS).set('Authorization', auth).expect(200);

    const events = await userAudit(t, rows[0].id);
    expect(events.map((event) => event.action)).toContain('user.bootstrap-admin');
    expect(JSON.stringify(events)).not.toMatch(/password|argon2/i);
  });

  it('does nothing when an admin already exists', async () => {
    const count = async () =>
      (await t.db.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM users`))[0].count;
    const before = await count();
    await expect(t.app.get(UsersService).onApplicationBootstrap()).resolves.toBeUndefined();
    expect(await count()).toBe(before);
  });
});
