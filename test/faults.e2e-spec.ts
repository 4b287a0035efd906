import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { challengeIn } from './factories/challenges';
import { createCast, TestUser } from './factories/users';
import { createTestDatabase, TestDatabase, withClient } from './support/database';
import { CutMode, TcpProxy } from './support/tcp-proxy';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The database fails under load, and the API stays honest: requests fail fast with 503 problem
 * details (never a 500, never a hang past the configured timeouts), /health/ready says so, and the
 * API recovers on its own once the database is back. A TCP proxy the test controls stands between
 * the API and the shared server, so only this API loses its database. Also: a statement timeout
 * bounds every query, and SIGTERM under load lets every accepted request finish.
 *
 * Real PostgreSQL only: the embedded database runs in the API's own process (there is no network
 * to lose), and it cannot time out a statement (see poolTimeouts in data-source-options.ts).
 */
const onServer = process.env.DATABASE_URL ? describe : describe.skip;

const ROOT = join(__dirname, '..');
const CONNECT_TIMEOUT_MS = 1000;
const STATEMENT_TIMEOUT_MS = 2000;
/** pg's client-side read timeout: the statement timeout plus a second (poolTimeouts). */
const READ_TIMEOUT_MS = STATEMENT_TIMEOUT_MS + 1000;
/** Scheduling slack on a busy two-core CI machine. */
const SLACK_MS = 1500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Requests per phase (before, during, after the fault) to judge it by. */
const ENOUGH = 16;

/** Waits until `done()` holds, or 20 s have passed (the assertions then say what is missing). */
async function until(done: () => boolean): Promise<void> {
  for (const start = Date.now(); !done() && Date.now() - start < 20_000;) await sleep(50);
}

interface Outcome {
  path: string;
  started: number;
  ended: number;
  status: number;
  contentType: string;
  retryAfter: string | undefined;
  /** A transport error instead of a response (the request hung up or timed out). */
  error?: string;
}

/** Workers that send requests back to back (a short pause each) until stopped; every outcome is kept. */
function startLoad(t: TestApp, who: TestUser, paths: string[], workers = 8) {
  const outcomes: Outcome[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async (_, worker) => {
    for (let i = worker; running; i += workers) {
      const path = paths[i % paths.length];
      const started = Date.now();
      try {
        const res = await t.http().get(path).set('Authorization', who.auth).timeout(20_000);
        outcomes.push({
          path,
          started,
          ended: Date.now(),
          status: res.status,
          contentType: String(res.headers['content-type']),
          retryAfter: res.headers['retry-after'],
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        outcomes.push({
          path,
          started,
          ended: Date.now(),
          status: 0,
          contentType: '',
          retryAfter: undefined,
          error: message,
        });
      }
      await sleep(20);
    }
  });
  return {
    outcomes,
    async stop(): Promise<Outcome[]> {
      running = false;
      await Promise.all(loops);
      return outcomes;
    },
  };
}

const duration = (o: Outcome) => o.ended - o.started;
const summary = (list: Outcome[]) =>
  list
    .map((o) => `${o.status || o.error} ${duration(o)}ms ${o.path}`)
    .slice(0, 20)
    .join('\n');

function expectUnavailableProblem(o: Outcome): void {
  expect({ status: o.status, contentType: o.contentType, retryAfter: Number(o.retryAfter) > 0 }).toEqual({
    status: 503,
    contentType: expect.stringMatching(/^application\/problem\+json/),
    retryAfter: true,
  });
}

onServer('database faults', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let t: TestApp;
  let reader: TestUser;
  let paths: string[];

  beforeAll(async () => {
    database = await createTestDatabase();
    proxy = await TcpProxy.start(database.url);
    // The API reaches its database only through the proxy (`shared`: the test drops the database itself).
    t = await startTestApp(
      {
        RATE_LIMIT_PER_MINUTE: '1000000',
        DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
        DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      },
      { url: proxy.url(database.url), drop: () => Promise.resolve() },
    );
    const cast = await createCast(t);
    reader = cast.department;
    const challenge = await challengeIn(t, cast.department, 'published');
    await challengeIn(t, cast.department, 'draft');
    // Reads of every shape a client makes: a list, one object, and the signed-in user (each also
    // counts against the rate limit in the database and looks the user up).
    paths = ['/api/v1/challenges?limit=10', `/api/v1/challenges/${challenge.id}`, '/api/v1/auth/me'];
  });

  afterAll(async () => {
    await proxy?.restore();
    await t?.close();
    await proxy?.close();
    await database?.drop();
  });

  /**
   * Load, then cut the database for `cutMs`, then restore it; returns what every request got and
   * when. /health/ready is asked once while the database is cut.
   */
  async function faultUnderLoad(mode: CutMode, cutMs: number) {
    const load = startLoad(t, reader, paths);
    // Each phase lasts until it has enough requests to judge, however busy the machine is.
    await until(() => load.outcomes.length >= ENOUGH);
    const cutAt = Date.now();
    await proxy.cut(mode);
    await sleep(cutMs);
    await until(() => load.outcomes.filter((o) => o.started >= cutAt).length >= ENOUGH);
    const readyStarted = Date.now();
    const readyWhileCut = await t.http().get('/health/ready').timeout(20_000);
    const readyMs = Date.now() - readyStarted;
    const restoredAt = Date.now();
    await proxy.restore();
    let recoveredAt = 0;
    while (!recoveredAt && Date.now() - restoredAt < 15_000) {
      if ((await t.http().get('/health/ready').timeout(20_000)).status === 200) recoveredAt = Date.now();
      else await sleep(50);
    }
    await until(() => load.outcomes.filter((o) => o.started >= recoveredAt + 100).length >= ENOUGH);
    const outcomes = await load.stop();
    const before = outcomes.filter((o) => o.ended < cutAt);
    const during = outcomes.filter((o) => o.started >= cutAt && o.ended < restoredAt);
    const after = outcomes.filter((o) => o.started >= recoveredAt + 100);
    console.log(
      `${mode}: ${outcomes.length} requests; while cut ${during.length}, slowest ${Math.max(...during.map(duration))} ms ` +
        `(of all 503s: ${Math.max(...outcomes.filter((o) => o.status === 503).map(duration))} ms), ` +
        `median ${during.map(duration).sort((a, b) => a - b)[Math.floor(during.length / 2)]} ms; ` +
        `/health/ready ${readyWhileCut.status} in ${readyMs} ms; ready again ${recoveredAt - restoredAt} ms after restore`,
    );
    return { outcomes, before, during, after, readyWhileCut, readyMs, recoveredAt, restoredAt };
  }

  function expectHonestOutcomes(run: Awaited<ReturnType<typeof faultUnderLoad>>, boundMs: number): void {
    const { outcomes, before, during, after, readyWhileCut, recoveredAt } = run;
    // Before the cut: served.
    expect(before.length).toBeGreaterThanOrEqual(ENOUGH);
    expect(before.filter((o) => o.status !== 200)).toEqual([]);
    // Every request got an answer: 200 or a 503 problem, never a 500 or a hang-up.
    const odd = outcomes.filter((o) => o.status !== 200 && o.status !== 503);
    if (odd.length) throw new Error(`unexpected outcomes:\n${summary(odd)}`);
    for (const o of outcomes.filter((x) => x.status === 503)) expectUnavailableProblem(o);
    // While cut: every request failed, fast.
    expect(during.length).toBeGreaterThanOrEqual(ENOUGH);
    expect(during.filter((o) => o.status !== 503)).toEqual([]);
    const slow = outcomes.filter((o) => o.status === 503 && duration(o) > boundMs);
    if (slow.length) throw new Error(`503s slower than ${boundMs} ms:\n${summary(slow)}`);
    expect(readyWhileCut.status).toBe(503);
    expect(readyWhileCut.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(readyWhileCut.headers['retry-after'])).toBeGreaterThan(0);
    // Restored: ready again without a restart, and requests are served.
    expect(recoveredAt).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThanOrEqual(ENOUGH);
    expect(after.filter((o) => o.status !== 200)).toEqual([]);
  }

  it('database refused (server down): requests fail at once with 503 problems, and recover after it is back', async () => {
    const run = await faultUnderLoad('refuse', 1500);
    // Refused connections fail on the spot; the bound is the connect timeout, which should not even be needed.
    expectHonestOutcomes(run, CONNECT_TIMEOUT_MS + SLACK_MS);
    expect(run.readyMs).toBeLessThan(CONNECT_TIMEOUT_MS + SLACK_MS);
  });

  it('database blackholed (partition, no reset): requests fail within the timeouts with 503 problems, and recover', async () => {
    // Long enough for every silenced connection to run into its read timeout.
    const run = await faultUnderLoad('blackhole', READ_TIMEOUT_MS + 2500);
    // A request waits at most for one of: a connection (connect timeout), a pooled client (the
    // same), or an answer on a silenced connection (the read timeout).
    expectHonestOutcomes(run, READ_TIMEOUT_MS + SLACK_MS);
    // The readiness probe gives up after its own two seconds.
    expect(run.readyMs).toBeLessThan(2000 + SLACK_MS);
  });

  describe('the statement timeout', () => {
    it('is set on every connection of the pool and cancels a slow statement (57014)', async () => {
      const dataSource = await new DataSource(
        dataSourceOptions(database.url, 2, { connectTimeoutMs: 1000, statementTimeoutMs: 300 }),
      ).initialize();
      try {
        expect(await dataSource.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '300ms' }]);
        const started = Date.now();
        await expect(dataSource.query('SELECT pg_sleep(5)')).rejects.toMatchObject({ driverError: { code: '57014' } });
        const elapsed = Date.now() - started;
        expect(elapsed).toBeGreaterThanOrEqual(250);
        expect(elapsed).toBeLessThan(300 + SLACK_MS);
        // The connection survives the cancel and serves the next statement.
        expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      } finally {
        await dataSource.destroy();
      }
    });

    it('scripts and migrations go without it (a migration may take longer than any request)', async () => {
      const dataSource = await new DataSource(dataSourceOptions(database.url, 1)).initialize();
      try {
        expect(await dataSource.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '0' }]);
      } finally {
        await dataSource.destroy();
      }
    });

    it('bounds a request whose statement waits: 503 problem with Retry-After after the configured timeout', async () => {
      // Another session holds a lock the request's query must wait for.
      const locker = new Client({ connectionString: database.url });
      locker.on('error', () => undefined); // should the test fail, the database is dropped under it
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE challenges IN ACCESS EXCLUSIVE MODE');
      // Released after a while in any case, so that a missing timeout fails the assertions, not the run.
      const release = setTimeout(() => void locker.query('ROLLBACK'), 3 * STATEMENT_TIMEOUT_MS);
      try {
        const started = Date.now();
        const res = await t.http().get('/api/v1/challenges').set('Authorization', reader.auth).timeout(20_000);
        const elapsed = Date.now() - started;
        console.log(`statement timeout: ${res.status} after ${elapsed} ms (timeout ${STATEMENT_TIMEOUT_MS} ms)`);
        expect(res.status).toBe(503);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(res.body).toMatchObject({ status: 503, title: 'Service Unavailable', requestId: expect.any(String) });
        expect(res.body.detail).not.toMatch(/cancel|statement|challenges|SELECT/i);
        expect(elapsed).toBeGreaterThanOrEqual(STATEMENT_TIMEOUT_MS - 100);
        expect(elapsed).toBeLessThan(STATEMENT_TIMEOUT_MS + SLACK_MS);
      } finally {
        clearTimeout(release);
        await locker.query('ROLLBACK');
        await locker.end();
      }
      // The API goes on serving.
      await t.http().get('/api/v1/challenges').set('Authorization', reader.auth).expect(200);
    });
  });
});

/** Compiles the application into a directory of its own: dist/ may be rebuilt by someone else meanwhile. */
async function compileApp(): Promise<string> {
  mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  // Inside the project, so that the compiled files find node_modules.
  const outDir = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'testbed-faults-'));
  await promisify(execFile)(
    process.execPath,
    [
      require.resolve('typescript/bin/tsc'),
      '-p',
      'tsconfig.build.json',
      // The emitted code is the same; type errors are `npm run typecheck`'s business, and this halves the time.
      '--noCheck',
      '--outDir',
      outDir,
      '--tsBuildInfoFile',
      join(outDir, 'build.tsbuildinfo'),
    ],
    { cwd: ROOT },
  );
  return outDir;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface HttpResult {
  status: number;
  body: string;
  error?: string;
}

/** One GET over a keep-alive agent (as a load balancer's connection pool would send it). */
function get(agent: Agent, port: number, path: string): Promise<HttpResult> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent, timeout: 20_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', (error) => resolve({ status: 0, body, error: error.message }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ status: 0, body: '', error: error.code ?? error.message }),
    );
    req.end();
  });
}

onServer('SIGTERM under load', () => {
  let outDir: string;
  let database: TestDatabase;
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    [outDir, database] = await Promise.all([compileApp(), createTestDatabase()]);
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await database?.drop();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('lets every accepted request finish with its full answer, then exits 0 within 10 s', async () => {
    const port = await freePort();
    child = spawn(process.execPath, [join(outDir, 'src', 'main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        JWT_SECRET: 'a-production-like-secret-that-is-long-enough-0123456789',
        MAIL_TRANSPORT: 'none',
        DATABASE_URL: database.url,
        PORT: String(port),
        LOG_LEVEL: 'info',
        RATE_LIMIT_PER_MINUTE: '1000000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      child!.once('exit', (code) => resolve({ code, at: Date.now() })),
    );
    for (let i = 0; i < 300 && !output.includes('listening on'); i += 1) await sleep(100);
    expect(output).toContain('listening on');

    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const path = '/api/v1/challenges?limit=20';
    // A stream of reads from eight clients over kept-alive connections.
    const before: HttpResult[] = [];
    let streaming = true;
    const stream = Array.from({ length: 8 }, async () => {
      while (streaming) before.push(await get(agent, port, path));
    });
    await sleep(1000);
    streaming = false;
    await Promise.all(stream);
    expect(before.length).toBeGreaterThan(20);
    expect(before.filter((r) => r.status !== 200)).toEqual([]);

    // Then requests that are certainly in flight when the signal comes: their query waits for a
    // lock held here, and SIGTERM is sent only once all of them wait in the database.
    const locker = new Client({ connectionString: database.url });
    locker.on('error', () => undefined); // should the test fail, the database is dropped under it
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE challenges IN ACCESS EXCLUSIVE MODE');
    const inFlight = Array.from({ length: 8 }, () => get(agent, port, path));
    // Watched from outside the locking transaction, which would see one cached snapshot of pg_stat_activity.
    const waiting = await withClient(database.url, async (observer) => {
      let count = 0;
      for (let i = 0; i < 200 && count < inFlight.length; i += 1) {
        await sleep(50);
        const { rows } = await observer.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database()
             AND application_name = 'testbed-platform' AND wait_event_type = 'Lock'`,
        );
        count = rows[0].waiting;
      }
      return count;
    });
    expect(waiting).toBe(inFlight.length);
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    await sleep(1000);
    // Closing: the process is still there for its in-flight requests, and takes no new work.
    expect(child.exitCode).toBeNull();
    const refused = await get(new Agent({ keepAlive: false }), port, path);
    expect(refused.status === 503 || refused.error === 'ECONNREFUSED').toBe(true);
    await locker.query('ROLLBACK');
    const releasedAt = Date.now();
    await locker.end();

    const answers = await Promise.all(inFlight);
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 200 });
      expect(JSON.parse(answer.body)).toMatchObject({ items: expect.any(Array) });
    }
    let giveUp: NodeJS.Timeout | undefined;
    const { code, at } = await Promise.race([
      exited,
      new Promise<{ code: number; at: number }>((resolve) => {
        giveUp = setTimeout(() => resolve({ code: -1, at: Date.now() }), 15_000);
      }),
    ]);
    clearTimeout(giveUp);
    if (code !== 0) console.log(`The API's last words:\n${output.slice(-4000)}`);
    agent.destroy();
    console.log(
      `SIGTERM: exit code ${code} ${at - signalledAt} ms after the signal, ${at - releasedAt} ms after the last ` +
        `in-flight request could finish; ${before.length} requests before, ${answers.length} in flight`,
    );
    expect(code).toBe(0);
    expect(at - signalledAt).toBeLessThan(10_000);
  }, 60_000);
});
