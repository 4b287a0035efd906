import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { challengeIn } from './factories/challenges';
import { createEvent, createRoom } from './factories/events';
import { createPilot } from './factories/pilots';
import { createOrganization, createProposal } from './factories/proposals';
import { createCast, createUser, TestUser } from './factories/users';
import { createEmptyDatabase, createTestDatabase, TestDatabase, withClient } from './support/database';
import { startTestApp, TestApp } from './support/test-app';

/**
 * `npm run backup` and `npm run restore` (scripts/backup.ts, scripts/restore.ts, compiled as the
 * build compiles them): a populated database survives the round trip into an empty one row for
 * row, schema and sequences included, and serves the API again; a restore over a changed database
 * brings it back; production is protected. Real PostgreSQL only: pg_dump cannot read PGlite.
 */
const onServer = process.env.DATABASE_URL ? describe : describe.skip;

const ROOT = join(__dirname, '..');
const PASSWORD_IN_URL = 'hunter2-in-the-url';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Compiles only the two scripts (and what they import) into a directory of their own. */
async function compileScripts(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'testbed-backup-'));
  const tsconfig = join(outDir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.json'),
      compilerOptions: { outDir, rootDir: ROOT, sourceMap: false },
      files: [join(ROOT, 'scripts', 'backup.ts'), join(ROOT, 'scripts', 'restore.ts')],
      include: [],
    }),
  );
  await promisify(execFile)(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', tsconfig, '--noCheck']);
  return outDir;
}

/** Runs a compiled script; `env` replaces DATABASE_URL and NODE_ENV (undefined: unset). */
function script(
  outDir: string,
  name: 'backup' | 'restore',
  args: string[],
  env: { DATABASE_URL: string | undefined; NODE_ENV?: string },
  cwd = ROOT,
): Promise<Run> {
  const environment: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: env.NODE_ENV ?? 'development' };
  delete environment.DATABASE_URL;
  if (env.DATABASE_URL !== undefined) environment.DATABASE_URL = env.DATABASE_URL;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(outDir, 'scripts', `${name}.js`), ...args],
      { env: environment, cwd },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Every table of the schema with an md5 over all its rows (in a fixed order), and its row count. */
function tableChecksums(url: string): Promise<Record<string, { rows: number; md5: string | null }>> {
  return withClient(url, async (client) => {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    const sums: Record<string, { rows: number; md5: string | null }> = {};
    for (const { name } of tables) {
      const { rows } = await client.query<{ rows: number; md5: string | null }>(
        `SELECT count(*)::int AS rows, md5(string_agg(t::text, ',' ORDER BY t::text)) AS md5 FROM "${name}" t`,
      );
      sums[name] = rows[0];
    }
    return sums;
  });
}

/** Sequences with their positions (the migrations table's id), so that new rows do not collide. */
function sequences(url: string): Promise<{ name: string; last: string | null }[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ name: string; last: string | null }>(
      `SELECT sequencename AS name, last_value::text AS last FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`,
    );
    return rows;
  });
}

/**
 * The schema from the catalogue: columns with types, defaults and nullability; constraints;
 * indexes; triggers and the source of their functions; views; extensions. Expressions in CHECK
 * constraints and partial-index predicates are compared by name only: PostgreSQL prints
 * `IN (...)` differently after a dump and reload, with the same meaning. Index columns by name:
 * a reload numbers a table's columns afresh, closing the gaps dropped columns leave.
 */
function schema(url: string): Promise<Record<string, string[]>> {
  const queries: Record<string, string> = {
    columns: `SELECT concat_ws(' ', c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                pg_get_expr(d.adbin, d.adrelid), a.attgenerated::text)
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'v', 'm') AND a.attnum > 0
                AND NOT a.attisdropped`,
    constraints: `SELECT concat_ws(' ', conrelid::regclass, conname, contype::text,
                    CASE WHEN contype <> 'c' THEN pg_get_constraintdef(oid) END)
                  FROM pg_constraint WHERE connamespace = 'public'::regnamespace`,
    indexes: `SELECT concat_ws(' ', i.indexrelid::regclass, i.indrelid::regclass, am.amname, i.indisunique,
                (SELECT string_agg(coalesce(a.attname, 'expression'), ',' ORDER BY k.n)
                 FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n)
                 LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum),
                i.indpred IS NOT NULL)
              FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
              WHERE c.relnamespace = 'public'::regnamespace`,
    triggers: `SELECT concat_ws(' ', tgrelid::regclass, tgname, tgenabled::text, tgtype, tgfoid::regproc)
               FROM pg_trigger WHERE NOT tgisinternal`,
    functions: `SELECT concat_ws(' ', proname, pg_get_function_identity_arguments(oid), md5(prosrc))
                FROM pg_proc WHERE pronamespace = 'public'::regnamespace`,
    extensions: `SELECT extname::text FROM pg_extension`,
  };
  return withClient(url, async (client) => {
    const fingerprint: Record<string, string[]> = {};
    for (const [part, sql] of Object.entries(queries)) {
      const { rows } = await client.query<{ line: string }>(`SELECT line FROM (${sql}) AS q(line) ORDER BY 1`);
      fingerprint[part] = rows.map((row) => row.line);
    }
    return fingerprint;
  });
}

onServer('backup and restore', () => {
  let outDir: string;
  let source: TestDatabase;
  let backupDir: string;
  let backupFile: string;
  let original: Awaited<ReturnType<typeof tableChecksums>>;
  let partner: TestUser;
  const created: TestDatabase[] = [];

  beforeAll(async () => {
    const compiling = compileScripts();
    source = await createTestDatabase();
    // Populated through the API and its factories, then closed: nothing writes while it is dumped.
    const t: TestApp = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' }, source);
    try {
      const cast = await createCast(t);
      partner = cast.partner;
      await challengeIn(t, cast.department, 'draft', { title: 'Utkast om äldreomsorg 🌱', tags: ['åäö', 'ünïcödé'] });
      await challengeIn(t, cast.department, 'closed');
      const published = await challengeIn(t, cast.department, 'published', { budgetSek: 750_000 });
      const lead = await createOrganization(t, cast.partner, { name: 'Öresunds Välfärd "AB"' });
      const other = await createUser(t);
      const invited = await createOrganization(t, other, { name: 'Grannskapet' });
      // A consortium proposal with an invited partner, submitted and assigned but not yet reviewed.
      const proposal = await createProposal(t, cast.partner, published.id, lead.id, {
        summary: "Ett förslag med 'citat' och\nradbrytning",
        partnerOrganizationIds: [invited.id],
      });
      await t
        .http()
        .post(`/api/v1/proposals/${proposal.id}/partners/${invited.id}/confirm`)
        .set('Authorization', other.auth)
        .expect(200);
      await t
        .http()
        .post(`/api/v1/proposals/${proposal.id}/submit`)
        .set('Authorization', cast.partner.auth)
        .expect(200);
      await t
        .http()
        .post(`/api/v1/proposals/${proposal.id}/assignments`)
        .set('Authorization', cast.department.auth)
        .send({ evaluatorId: cast.evaluator.id, dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString() })
        .expect(201);
      const { pilotId } = await createPilot(t, {
        staff: cast.department,
        partner: cast.partner,
        evaluator: cast.evaluator,
      });
      await t
        .http()
        .post(`/api/v1/pilots/${pilotId}/gate-decisions`)
        .set('Authorization', cast.director.auth)
        .send({ gate: 'time', outcome: 'go', rationale: 'Arbetstid beviljas för upplägget.', version: 1 })
        .expect(201);
      const goal = await t
        .http()
        .post(`/api/v1/pilots/${pilotId}/effect-goals`)
        .set('Authorization', cast.department.auth)
        .send({ name: 'Andel som känner sig ensamma', unit: '%', baseline: 40, target: 25, direction: 'decrease' })
        .expect(201);
      await t
        .http()
        .post(`/api/v1/pilots/${pilotId}/effect-goals/${goal.body.id}/measurements`)
        .set('Authorization', cast.department.auth)
        .send({
          value: 37.5,
          measuredAt: new Date(Date.now() - 86_400_000).toISOString(),
          note: 'Mätt i enkät, n = 120',
        })
        .expect(201);
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: cast.partner.email, password: 'not the password' })
        .expect(401);
      // A room of the innovation centre and a published event in it, with a registration (and its needs).
      const room = await createRoom(t, cast.admin, { name: 'Hörsalen "Kajen"' });
      const event = await createEvent(t, cast.department, room.id, { challengeId: published.id });
      await t
        .http()
        .post(`/api/v1/events/${event.id}/registrations`)
        .set('Authorization', cast.partner.auth)
        .send({ organizationId: lead.id, needs: 'Glutenfri; rullstolsplats' })
        .expect(201);
      // A registration waiting for its code and an invitation waiting for an answer, both mailed.
      await t.http().post('/api/v1/auth/register').send({ email: 'väntande@example.se' }).expect(202);
      // A password reset waiting for its code.
      await t.http().post('/api/v1/auth/password/forgot').send({ email: cast.partner.email }).expect(202);
      await t
        .http()
        .post(`/api/v1/organizations/${lead.id}/members`)
        .set('Authorization', cast.partner.auth)
        .send({ email: 'inbjuden@example.se', role: 'member' })
        .expect(202);
    } finally {
      await t.close();
    }
    original = await tableChecksums(source.url);
    outDir = await compiling;
    backupDir = mkdtempSync(join(tmpdir(), 'testbed-backups-'));
    backupFile = join(backupDir, 'round-trip.dump');
  }, 120_000);

  afterAll(async () => {
    for (const database of [source, ...created]) await database?.drop();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
    if (backupDir) rmSync(backupDir, { recursive: true, force: true });
  });

  async function emptyDatabase(): Promise<TestDatabase> {
    const database = await createEmptyDatabase();
    created.push(database);
    return database;
  }

  /** The URL with a password in it, which must not be shown (trust authentication ignores it here). */
  const withPassword = (url: string) => {
    const parsed = new URL(url);
    parsed.password = PASSWORD_IN_URL;
    return parsed.toString();
  };

  it('the populated database has rows in every table worth backing up', () => {
    const empty = Object.entries(original)
      .filter(([, sum]) => sum.rows === 0)
      .map(([name]) => name);
    expect(Object.keys(original).length).toBeGreaterThanOrEqual(20);
    expect(empty).toEqual([]);
  });

  it('backs up, and restores into an empty database identical table by table, sequences and schema included', async () => {
    const backup = await script(outDir, 'backup', [backupFile], { DATABASE_URL: withPassword(source.url) });
    expect(backup).toMatchObject({ code: 0, stderr: '' });
    expect(backup.stdout).toMatch(new RegExp(`^Backed up .+ to ${backupFile}: \\d+ tables, \\d+ bytes`));
    expect(backup.stdout).not.toContain(PASSWORD_IN_URL);
    expect(readdirSync(backupDir)).toEqual(['round-trip.dump']);

    const target = await emptyDatabase();
    const restore = await script(outDir, 'restore', [backupFile], { DATABASE_URL: withPassword(target.url) });
    expect(restore).toMatchObject({ code: 0, stderr: '' });
    expect(restore.stdout).toMatch(
      /^Restored .+round-trip\.dump \(database testbed_test_\w+, taken .+, \d+ tables\) into /,
    );
    expect(restore.stdout).not.toContain(PASSWORD_IN_URL);

    const restored = await tableChecksums(target.url);
    expect(Object.keys(restored)).toEqual(Object.keys(original));
    for (const [table, sum] of Object.entries(original))
      expect({ table, ...restored[table] }).toEqual({ table, ...sum });
    expect(restored.migrations.rows).toBeGreaterThan(0);
    expect(await sequences(target.url)).toEqual(await sequences(source.url));
    const sourceSchema = await schema(source.url);
    expect(sourceSchema.triggers.length).toBeGreaterThan(0);
    expect(await schema(target.url)).toEqual(sourceSchema);
  });

  it('the restored database serves the API: nothing left to migrate, and its users sign in', async () => {
    const target = await emptyDatabase();
    expect((await script(outDir, 'restore', [backupFile], { DATABASE_URL: target.url })).code).toBe(0);
    const t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' }, target);
    try {
      const login = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: partner.email, password: partner.password })
        .expect(200);
      const me = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: partner.id, email: partner.email });
      const challenges = await t.http().get('/api/v1/challenges').expect(200);
      expect(challenges.body.items.length).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
    // Booting found every migration applied: the table is as it was.
    expect((await tableChecksums(target.url)).migrations).toEqual(original.migrations);
  });

  it('restores over a changed database (--clean): the changes are gone, the backup is back', async () => {
    const target = await emptyDatabase();
    expect((await script(outDir, 'restore', [backupFile], { DATABASE_URL: target.url })).code).toBe(0);
    await withClient(target.url, async (client) => {
      await client.query(`UPDATE challenges SET title = 'Ändrad efter säkerhetskopian'`);
      await client.query(`DELETE FROM notifications`);
      await client.query(`DELETE FROM login_failures`);
    });
    expect((await tableChecksums(target.url)).challenges).not.toEqual(original.challenges);
    const restore = await script(outDir, 'restore', [backupFile], { DATABASE_URL: target.url });
    expect(restore).toMatchObject({ code: 0, stderr: '' });
    expect(await tableChecksums(target.url)).toEqual(original);
  });

  it('refuses to restore with NODE_ENV=production unless --force, and changes nothing', async () => {
    const target = await emptyDatabase();
    expect((await script(outDir, 'restore', [backupFile], { DATABASE_URL: target.url })).code).toBe(0);
    await withClient(target.url, (client) => client.query(`DELETE FROM notifications`));
    const changed = await tableChecksums(target.url);

    const refused = await script(outDir, 'restore', [backupFile], { DATABASE_URL: target.url, NODE_ENV: 'production' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/NODE_ENV=production.*--force/);
    expect(await tableChecksums(target.url)).toEqual(changed);

    const forced = await script(outDir, 'restore', [backupFile, '--force'], {
      DATABASE_URL: target.url,
      NODE_ENV: 'production',
    });
    expect(forced.code).toBe(0);
    expect(await tableChecksums(target.url)).toEqual(original);
  });

  it('backs up to ./backups/testbed-<timestamp>.dump when given no file', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'testbed-backup-cwd-'));
    try {
      const run = await script(outDir, 'backup', [], { DATABASE_URL: source.url }, cwd);
      expect(run.code).toBe(0);
      const files = readdirSync(join(cwd, 'backups'));
      expect(files).toEqual([expect.stringMatching(/^testbed-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.dump$/)]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('a failed backup leaves no file behind and says why, without the password', async () => {
    const missing = new URL(withPassword(source.url));
    missing.pathname = '/testbed_no_such_database';
    const file = join(backupDir, 'failed.dump');
    const run = await script(outDir, 'backup', [file], { DATABASE_URL: missing.toString() });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/testbed_no_such_database/);
    expect(run.stderr + run.stdout).not.toContain(PASSWORD_IN_URL);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('without DATABASE_URL (the embedded database) both scripts refuse with one clear line', async () => {
    const backup = await script(outDir, 'backup', [join(backupDir, 'embedded.dump')], { DATABASE_URL: undefined });
    expect(backup.code).toBe(2);
    expect(backup.stderr).toMatch(/^Backup needs DATABASE_URL: .*embedded database.*DATA_DIR/);
    const restore = await script(outDir, 'restore', [backupFile], { DATABASE_URL: undefined });
    expect(restore.code).toBe(2);
    expect(restore.stderr).toMatch(/^Restore needs DATABASE_URL: .*embedded database.*DATA_DIR/);
    expect(existsSync(join(backupDir, 'embedded.dump'))).toBe(false);
  });

  it('restore without a file prints its usage', async () => {
    const run = await script(outDir, 'restore', [], { DATABASE_URL: source.url });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^Usage: npm run restore -- <backup file> \[--force\]/);
  });
});
