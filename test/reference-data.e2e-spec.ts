import { randomBytes } from 'node:crypto';
import { createCast } from './factories/users';
import { auditEvents, expectProblem } from './support/expectations';
import { startTestApp, TestApp } from './support/test-app';

const DEPARTMENTS = '/api/v1/departments';
const WELFARE_AREAS = '/api/v1/welfare-areas';
const NON_ADMINS = ['department', 'director', 'partner', 'evaluator'] as const;

type Cast = Awaited<ReturnType<typeof createCast>>;

const tag = () => randomBytes(4).toString('hex');

const audit = auditEvents;

async function count(t: TestApp, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await t.db.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM ${sql}`, params);
  return row.count;
}

describe('reference data: seeded and public', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('GET /welfare-areas needs no token and lists exactly the four seeded areas', async () => {
    const res = await t.http().get(WELFARE_AREAS).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.map((area: { code: string }) => area.code).sort()).toEqual([
      'climate',
      'employment',
      'healthcare',
      'security',
    ]);
    for (const area of res.body) {
      expect(Object.keys(area).sort()).toEqual(['code', 'nameEn', 'nameSv']);
      expect(area.nameSv).toEqual(expect.any(String));
      expect(area.nameEn).toEqual(expect.any(String));
      expect(area.nameSv.length).toBeGreaterThan(1);
      expect(area.nameEn.length).toBeGreaterThan(1);
    }
    expect(res.body).toContainEqual({
      code: 'healthcare',
      nameSv: 'Vård och omsorg',
      nameEn: 'Health and social care',
    });
  });

  it('GET /departments needs no token and lists the seeded departments as {id, name, slug}', async () => {
    const res = await t.http().get(DEPARTMENTS).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.length).toBeGreaterThanOrEqual(5);
    for (const department of res.body) {
      expect(Object.keys(department).sort()).toEqual(['id', 'name', 'slug']);
      expect(department.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    expect(res.body).toContainEqual({
      id: expect.any(String),
      name: 'Vård- och omsorgsförvaltningen',
      slug: 'vard-och-omsorgsforvaltningen',
    });
    expect(new Set(res.body.map((d: { slug: string }) => d.slug)).size).toBe(res.body.length);
  });

  it('public reads do not care about a stale or garbage token', async () => {
    await t.http().get(DEPARTMENTS).set('Authorization', 'Bearer not-a-jwt').expect(200);
    await t.http().get(WELFARE_AREAS).set('Authorization', 'Bearer not-a-jwt').expect(200);
  });
});

describe('reference data: admin additions', () => {
  let t: TestApp;
  let cast: Cast;
  beforeAll(async () => {
    t = await startTestApp();
    cast = await createCast(t);
  });
  afterAll(() => t.close());

  describe('POST /departments', () => {
    const body = (overrides: Record<string, unknown> = {}) => {
      const suffix = tag();
      return { name: `Testförvaltningen ${suffix}`, slug: `test-${suffix}`, ...overrides };
    };
    const post = (auth: string | undefined, payload: object) => {
      const req = t.http().post(DEPARTMENTS);
      if (auth) void req.set('Authorization', auth);
      return req.send(payload);
    };
    const departmentsNamed = (name: unknown) => count(t, `departments WHERE name = $1`, [name]);

    it('lets an admin add a department (201), visible in GET /departments', async () => {
      const input = body();
      const res = await post(cast.admin.auth, { ...input, name: `  ${input.name}  ` }).expect(201);
      expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: input.name, slug: input.slug });
      const list = await t.http().get(DEPARTMENTS).expect(200);
      expect(list.body).toContainEqual(res.body);

      // Department staff can now be placed in it.
      await t
        .http()
        .post('/api/v1/users')
        .set('Authorization', cast.admin.auth)
        .send({
          email: `staff-${tag()}@example.se`,
          name: 'Staff',
          password: 'a-long-enough-password',
          roles: ['department'],
          departmentId: res.body.id,
        })
        .expect(201);
    });

    it('writes a department.created audit event by the admin', async () => {
      const res = await post(cast.admin.auth, body()).expect(201);
      const events = await audit(t, 'department', res.body.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        action: 'department.created',
        actor_id: cast.admin.id,
        before: null,
        after: res.body,
        request_id: res.headers['x-request-id'],
      });
    });

    it.each([
      ['name', (input: { name: string; slug: string }) => ({ ...input, name: 'Miljöförvaltningen' })],
      ['slug', (input: { name: string; slug: string }) => ({ ...input, slug: 'miljoforvaltningen' })],
    ])('is 409 for a %s already taken, adding nothing', async (_field, clash) => {
      const input = clash(body());
      const auditBefore = await count(t, `audit_events WHERE action = 'department.created'`);
      const res = await post(cast.admin.auth, input);
      expectProblem(res, 409);
      expect(await count(t, `departments WHERE name = $1 OR slug = $2`, [input.name, input.slug])).toBe(1);
      expect(await count(t, `audit_events WHERE action = 'department.created'`)).toBe(auditBefore);
    });

    it('is 409 for a department added twice', async () => {
      const input = body();
      await post(cast.admin.auth, input).expect(201);
      expectProblem(await post(cast.admin.auth, input), 409);
      expect(await departmentsNamed(input.name)).toBe(1);
    });

    it.each(['Has Spaces', 'UPPER', 'trailing-', '-leading', 'double--hyphen', 'ö-slug', 'x'])(
      'is 400 naming slug for slug=%p',
      async (slug) => {
        const input = body({ slug });
        expectProblem(await post(cast.admin.auth, input), 400, 'slug');
        expect(await departmentsNamed(input.name)).toBe(0);
      },
    );

    it.each([
      ['too short', 'A'],
      ['too short once trimmed', '  B  '],
      ['too long', 'x'.repeat(201)],
      ['not a string', 42],
    ])('is 400 naming name when it is %s', async (_what, name) => {
      const input = body({ name });
      expectProblem(await post(cast.admin.auth, input), 400, 'name');
      expect(await count(t, `departments WHERE slug = $1`, [input.slug])).toBe(0);
    });

    it('is 400 naming an unknown field', async () => {
      const input = body({ id: '6f1c2b1e-9f3a-4c59-9a7e-0c3f5d2b8a11' });
      expectProblem(await post(cast.admin.auth, input), 400, 'id');
      expect(await departmentsNamed(input.name)).toBe(0);
    });

    it('is 401 without a token', async () => {
      const input = body();
      expectProblem(await post(undefined, input), 401);
      expect(await departmentsNamed(input.name)).toBe(0);
    });

    it.each(NON_ADMINS)('is 403 for the %s role', async (role) => {
      const input = body();
      expectProblem(await post(cast[role].auth, input), 403);
      expect(await departmentsNamed(input.name)).toBe(0);
    });
  });

  describe('POST /welfare-areas', () => {
    const body = (overrides: Record<string, unknown> = {}) => ({
      code: `area_${tag()}`,
      nameSv: 'Utbildning',
      nameEn: 'Education',
      ...overrides,
    });
    const post = (auth: string | undefined, payload: object) => {
      const req = t.http().post(WELFARE_AREAS);
      if (auth) void req.set('Authorization', auth);
      return req.send(payload);
    };
    const areasWithCode = (code: unknown) => count(t, `welfare_areas WHERE code = $1`, [code]);

    it('lets an admin add a welfare area (201), visible in GET /welfare-areas', async () => {
      const input = body({ nameSv: '  Kultur och fritid ', nameEn: 'Culture and leisure' });
      const res = await post(cast.admin.auth, input).expect(201);
      expect(res.body).toEqual({ code: input.code, nameSv: 'Kultur och fritid', nameEn: 'Culture and leisure' });
      const list = await t.http().get(WELFARE_AREAS).expect(200);
      expect(list.body).toContainEqual(res.body);
    });

    it('writes a welfare-area.created audit event by the admin', async () => {
      const res = await post(cast.admin.auth, body()).expect(201);
      const events = await audit(t, 'welfare_area', res.body.code);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        action: 'welfare-area.created',
        actor_id: cast.admin.id,
        before: null,
        after: res.body,
        request_id: res.headers['x-request-id'],
      });
    });

    it('is 409 for a code already taken, changing nothing', async () => {
      const auditBefore = await count(t, `audit_events WHERE action = 'welfare-area.created'`);
      expectProblem(await post(cast.admin.auth, body({ code: 'climate', nameEn: 'Overwritten' })), 409);
      const [row] = await t.db.query<{ name_en: string }[]>(`SELECT name_en FROM welfare_areas WHERE code = 'climate'`);
      expect(row.name_en).toBe('Climate and environment');
      expect(await count(t, `audit_events WHERE action = 'welfare-area.created'`)).toBe(auditBefore);

      const input = body();
      await post(cast.admin.auth, input).expect(201);
      expectProblem(await post(cast.admin.auth, input), 409);
      expect(await areasWithCode(input.code)).toBe(1);
    });

    it.each(['1abc', 'Has-Dash', 'Climate', 'has space', '_x', 'a', 'x'.repeat(51)])(
      'is 400 naming code for code=%p',
      async (code) => {
        expectProblem(await post(cast.admin.auth, body({ code })), 400, 'code');
        expect(await areasWithCode(code)).toBe(0);
      },
    );

    it.each(['nameSv', 'nameEn'])('is 400 naming %s when it is missing', async (field) => {
      const input: Record<string, unknown> = body();
      delete input[field];
      expectProblem(await post(cast.admin.auth, input), 400, field);
      expect(await areasWithCode(input.code)).toBe(0);
    });

    it.each([
      ['nameSv', ' x '],
      ['nameEn', 'y'.repeat(101)],
    ])('is 400 naming %s when its length is out of range', async (field, value) => {
      const input = body({ [field]: value });
      expectProblem(await post(cast.admin.auth, input), 400, field);
      expect(await areasWithCode(input.code)).toBe(0);
    });

    it('is 400 naming an unknown field', async () => {
      const input = body({ description: 'not a field' });
      expectProblem(await post(cast.admin.auth, input), 400, 'description');
      expect(await areasWithCode(input.code)).toBe(0);
    });

    it('is 401 without a token', async () => {
      const input = body();
      expectProblem(await post(undefined, input), 401);
      expect(await areasWithCode(input.code)).toBe(0);
    });

    it.each(NON_ADMINS)('is 403 for the %s role', async (role) => {
      const input = body();
      expectProblem(await post(cast[role].auth, input), 403);
      expect(await areasWithCode(input.code)).toBe(0);
    });
  });
});

describe('reference data: admin corrections', () => {
  let t: TestApp;
  let cast: Cast;
  beforeAll(async () => {
    t = await startTestApp();
    cast = await createCast(t);
  });
  afterAll(() => t.close());

  const patch = (path: string, auth: string | undefined, payload: object) => {
    const req = t.http().patch(path);
    if (auth) void req.set('Authorization', auth);
    return req.send(payload);
  };

  describe('PATCH /departments/:id', () => {
    const newDepartment = async () => {
      const suffix = tag();
      const res = await t
        .http()
        .post(DEPARTMENTS)
        .set('Authorization', cast.admin.auth)
        .send({ name: `Rättelseförvaltningen ${suffix}`, slug: `rattelse-${suffix}` })
        .expect(201);
      return res.body as { id: string; name: string; slug: string };
    };
    const nameOf = async (id: string) =>
      (await t.db.query<{ name: string }[]>(`SELECT name FROM departments WHERE id = $1`, [id]))[0]?.name;

    it('lets an admin rename a department (200), slug kept, with a department.updated audit event of the change', async () => {
      const department = await newDepartment();
      const res = await patch(`${DEPARTMENTS}/${department.id}`, cast.admin.auth, { name: '  Omdöpta förvaltningen ' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...department, name: 'Omdöpta förvaltningen' });
      expect((await t.http().get(DEPARTMENTS).expect(200)).body).toContainEqual(res.body);
      const events = (await audit(t, 'department', department.id)).filter((e) => e.action === 'department.updated');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        actor_id: cast.admin.id,
        before: { name: department.name },
        after: { name: 'Omdöpta förvaltningen' },
      });
    });

    it('writes nothing when the name is the one it has', async () => {
      const department = await newDepartment();
      const res = await patch(`${DEPARTMENTS}/${department.id}`, cast.admin.auth, { name: department.name });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(department);
      expect((await audit(t, 'department', department.id)).map((e) => e.action)).toEqual(['department.created']);
    });

    it('is 409 for a name another department has, changing nothing', async () => {
      const department = await newDepartment();
      expectProblem(
        await patch(`${DEPARTMENTS}/${department.id}`, cast.admin.auth, { name: 'Miljöförvaltningen' }),
        409,
      );
      expect(await nameOf(department.id)).toBe(department.name);
    });

    it.each([
      ['name too short', { name: 'A' }, 'name'],
      ['name missing', {}, 'name'],
      ['slug (fixed)', { name: 'Godkänt namn', slug: 'ny-slug' }, 'slug'],
    ])('is 400 naming the field for %s', async (_what, payload, field) => {
      const department = await newDepartment();
      expectProblem(await patch(`${DEPARTMENTS}/${department.id}`, cast.admin.auth, payload), 400, field);
      expect(await nameOf(department.id)).toBe(department.name);
    });

    it('is 400 naming id for a malformed id and 404 for an unknown one', async () => {
      expectProblem(await patch(`${DEPARTMENTS}/nope`, cast.admin.auth, { name: 'Något namn' }), 400, 'id');
      expectProblem(
        await patch(`${DEPARTMENTS}/6f1c2b1e-9f3a-4c59-9a7e-0c3f5d2b8a11`, cast.admin.auth, { name: 'Något namn' }),
        404,
      );
    });

    it('is 401 without a token and 403 for every other role, changing nothing', async () => {
      const department = await newDepartment();
      expectProblem(await patch(`${DEPARTMENTS}/${department.id}`, undefined, { name: 'Kapad' }), 401);
      for (const role of NON_ADMINS) {
        expectProblem(await patch(`${DEPARTMENTS}/${department.id}`, cast[role].auth, { name: 'Kapad' }), 403);
      }
      expect(await nameOf(department.id)).toBe(department.name);
    });
  });

  describe('PATCH /welfare-areas/:code', () => {
    const newArea = async () => {
      const res = await t
        .http()
        .post(WELFARE_AREAS)
        .set('Authorization', cast.admin.auth)
        .send({ code: `fix_${tag()}`, nameSv: 'Felstavat område', nameEn: 'Misspelt area' })
        .expect(201);
      return res.body as { code: string; nameSv: string; nameEn: string };
    };
    const stored = async (code: string) =>
      (
        await t.db.query<{ name_sv: string; name_en: string }[]>(
          `SELECT name_sv, name_en FROM welfare_areas WHERE code = $1`,
          [code],
        )
      )[0];

    it('lets an admin correct one name or both (200), code kept, each change audited with what changed', async () => {
      const area = await newArea();
      const one = await patch(`${WELFARE_AREAS}/${area.code}`, cast.admin.auth, { nameEn: 'Corrected area' });
      expect(one.status).toBe(200);
      expect(one.body).toEqual({ ...area, nameEn: 'Corrected area' });
      const both = await patch(`${WELFARE_AREAS}/${area.code}`, cast.admin.auth, {
        nameSv: ' Rättat område ',
        nameEn: 'Corrected area',
      });
      expect(both.body).toEqual({ code: area.code, nameSv: 'Rättat område', nameEn: 'Corrected area' });
      expect(await stored(area.code)).toEqual({ name_sv: 'Rättat område', name_en: 'Corrected area' });
      const events = (await audit(t, 'welfare_area', area.code)).filter((e) => e.action === 'welfare-area.updated');
      expect(events.map((e) => [e.before, e.after])).toEqual(
        expect.arrayContaining([
          [{ nameEn: 'Misspelt area' }, { nameEn: 'Corrected area' }],
          [{ nameSv: 'Felstavat område' }, { nameSv: 'Rättat område' }],
        ]),
      );
      expect(events).toHaveLength(2);
    });

    it('writes nothing for an empty change', async () => {
      const area = await newArea();
      expect((await patch(`${WELFARE_AREAS}/${area.code}`, cast.admin.auth, {})).body).toEqual(area);
      expect((await audit(t, 'welfare_area', area.code)).map((e) => e.action)).toEqual(['welfare-area.created']);
    });

    it.each([
      ['nameSv too short', { nameSv: 'x' }, 'nameSv'],
      ['nameEn too long', { nameEn: 'y'.repeat(101) }, 'nameEn'],
      ['nameSv null (not a name; left out keeps it)', { nameSv: null }, 'nameSv'],
      ['nameEn null (not a name; left out keeps it)', { nameEn: null, nameSv: 'Giltigt namn' }, 'nameEn'],
      ['code (fixed)', { code: 'other' }, 'code'],
    ])('is 400 naming the field for %s, changing nothing', async (_what, payload, field) => {
      const area = await newArea();
      expectProblem(await patch(`${WELFARE_AREAS}/${area.code}`, cast.admin.auth, payload), 400, field);
      expect(await stored(area.code)).toEqual({ name_sv: area.nameSv, name_en: area.nameEn });
    });

    it('is 404 for an unknown code', async () => {
      expectProblem(await patch(`${WELFARE_AREAS}/no_such_area`, cast.admin.auth, { nameEn: 'Whatever' }), 404);
    });

    it('is 401 without a token and 403 for every other role, changing nothing', async () => {
      const area = await newArea();
      expectProblem(await patch(`${WELFARE_AREAS}/${area.code}`, undefined, { nameEn: 'Hijacked' }), 401);
      for (const role of NON_ADMINS) {
        expectProblem(await patch(`${WELFARE_AREAS}/${area.code}`, cast[role].auth, { nameEn: 'Hijacked' }), 403);
      }
      expect(await stored(area.code)).toEqual({ name_sv: area.nameSv, name_en: area.nameEn });
    });
  });
});
