import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { JwtService } from '@nestjs/jwt';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { BENCH_JWT_SECRET, benchConfig } from './config';

/** What one autocannon run measured. */
export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  /** Non-2xx answers, connection errors and timeouts together. */
  failed: number;
  timeouts: number;
}

export type Caller = 'anonymous' | 'admin' | 'department' | 'partner';

/** One request (or, for the write path, a create followed by a submit on the same connection). */
export interface Scenario {
  name: string;
  as: Caller;
  path: string;
  /** Reads are measured in the scale curve and the soak; the write path changes the data. */
  read: boolean;
  body?: Record<string, unknown>;
}

/**
 * autocannon in a worker thread, so the load generator does not share the event loop of the API
 * it measures (it still shares the two cores). The write path's hooks are files for that reason.
 */
export async function load(
  url: string,
  scenario: Pick<Scenario, 'body'> & { path: string },
  headers: Record<string, string>,
  connections: number,
  duration: number,
): Promise<Figures> {
  const hooks = resolve(__dirname, '../../../scripts/bench-hooks');
  const requests = scenario.body
    ? [
        {
          method: 'POST' as const,
          path: scenario.path,
          body: JSON.stringify(scenario.body),
          headers: { ...headers, 'content-type': 'application/json' },
          onResponse: `${hooks}/remember-proposal.cjs`,
        },
        { method: 'POST' as const, headers, setupRequest: `${hooks}/submit-remembered.cjs` },
      ]
    : undefined;
  const result = await autocannon({
    url: scenario.body ? url : `${url}${scenario.path}`,
    headers,
    connections,
    duration,
    workers: 1,
    timeout: 10,
    ...(requests ? { requests } : {}),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
    timeouts: result.timeouts,
  };
}

export const mean = (a: Figures, b: Figures): Figures => ({
  rps: (a.rps + b.rps) / 2,
  p50: (a.p50 + b.p50) / 2,
  p99: (a.p99 + b.p99) / 2,
  failed: a.failed + b.failed,
  timeouts: a.timeouts + b.timeouts,
});

/**
 * The callers and the scenarios of a generated city (`npm run bench:seed`): its admin, a partner
 * who owns an organisation, a member of a department's staff (created here), and the objects the
 * scenarios read.
 */
export async function prepareScenarios(
  app: NestFastifyApplication,
): Promise<{ scenarios: Scenario[]; tokens: Record<Caller, string | null> }> {
  const db = app.get(DataSource);
  const jwt = app.get(JwtService);
  const apiUrl = await app.getUrl();
  const [ids] = await db.query<
    {
      admin: string;
      partner: string;
      organization: string;
      department: string;
      open: string;
      proposal: string;
      busy: string;
    }[]
  >(
    `SELECT (SELECT id FROM users WHERE email = 'bench-admin@bench.invalid') AS admin,
            (SELECT id FROM users WHERE email = 'partner1@bench.invalid') AS partner,
            (SELECT m.organization_id FROM memberships m JOIN users u ON u.id = m.user_id
              WHERE u.email = 'partner1@bench.invalid' LIMIT 1) AS organization,
            (SELECT id FROM departments ORDER BY slug LIMIT 1) AS department,
            (SELECT id FROM challenges WHERE status = 'published' AND submission_deadline > now() + interval '1 day'
              ORDER BY submission_deadline DESC LIMIT 1) AS open,
            (SELECT id FROM proposals WHERE status = 'submitted' ORDER BY created_at DESC LIMIT 1) AS proposal,
            -- The generated 200-proposal challenge (not the one the write path keeps adding to).
            (SELECT challenge_id FROM proposals
              WHERE challenge_id <> (SELECT id FROM challenges WHERE status = 'published'
                                       AND submission_deadline > now() + interval '1 day'
                                     ORDER BY submission_deadline DESC LIMIT 1)
              GROUP BY challenge_id ORDER BY count(*) DESC LIMIT 1) AS busy`,
  );
  const [staff] = await db.query<{ id: string }[]>(
    `INSERT INTO users (email, name, password_hash, roles, department_id)
     VALUES ('bench-staff@bench.invalid', 'Bench Staff', '!', '{department}', $1)
     ON CONFLICT (email) DO UPDATE SET department_id = excluded.department_id RETURNING id`,
    [ids.department],
  );
  // Signed as the API signs them: with the user's session version (a revoked session's tokens fail).
  const sign = async (sub: string) => {
    const [user] = await db.query<{ session_version: number }[]>(`SELECT session_version FROM users WHERE id = $1`, [
      sub,
    ]);
    return jwt.signAsync({ sub, sv: user.session_version });
  };
  const tokens: Record<Caller, string | null> = {
    anonymous: null,
    admin: await sign(ids.admin),
    department: await sign(staff.id),
    partner: await sign(ids.partner),
  };
  // A deep page: follow the cursor 51 times.
  let cursor = '';
  for (let i = 0; i < 51; i += 1) {
    const page = (await (
      await fetch(`${apiUrl}/api/v1/challenges?limit=20${cursor ? `&cursor=${cursor}` : ''}`)
    ).json()) as { nextCursor: string | null };
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const scenarios: Scenario[] = [
    { name: 'challenge list, page 1', as: 'anonymous', path: '/api/v1/challenges?limit=20', read: true },
    {
      name: 'challenge list, page 52',
      as: 'anonymous',
      path: `/api/v1/challenges?limit=20&cursor=${cursor}`,
      read: true,
    },
    { name: 'full-text search', as: 'anonymous', path: '/api/v1/challenges?q=vehicle', read: true },
    { name: "department's proposals", as: 'department', path: '/api/v1/proposals?limit=20', read: true },
    { name: 'proposal read', as: 'admin', path: `/api/v1/proposals/${ids.proposal}`, read: true },
    { name: 'ranking (200 proposals)', as: 'admin', path: `/api/v1/challenges/${ids.busy}/ranking`, read: true },
    { name: 'pipeline (city)', as: 'admin', path: '/api/v1/pipeline', read: true },
    { name: "pipeline (department's)", as: 'department', path: '/api/v1/pipeline', read: true },
    { name: 'public registry', as: 'anonymous', path: '/api/v1/public/pilots?limit=20', read: true },
    {
      name: 'write: create + submit a proposal',
      as: 'partner',
      path: `/api/v1/challenges/${ids.open}/proposals`,
      read: false,
      body: {
        leadOrganizationId: ids.organization,
        title: 'Bänkar som värmer',
        summary: 'Solar-heated benches at bus stops.',
        description: 'Vi värmer bänkarna med solenergi så att äldre kan vänta ute även på vintern.',
        expectedEffects: 'More older residents travel by bus in winter.',
        requestedBudgetSek: 250_000,
        durationMonths: 12,
        trl: 5,
      },
    },
  ];
  return { scenarios, tokens };
}

export function authHeaders(token: string | null): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

export function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

export function textOption(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** A markdown table, printed after the progress lines. */
export function printTable(header: string[], rows: string[][]): void {
  console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

export const ms = (value: number): string => `${value.toFixed(1)} ms`;

/**
 * The scenarios of a generated city, prepared by a short-lived in-process instance (it signs the
 * tokens with the bench secret). Serving is left to `spawnApi`: passport keeps its strategies in a
 * process-wide registry, so two instances in one process would check tokens against one database.
 */
export async function scenariosOf(databaseUrl: string) {
  const preparer = await createApp(benchConfig({ DATABASE_URL: databaseUrl }), { databaseUrl, poolSize: 2 });
  await preparer.listen(0, '127.0.0.1');
  try {
    return await prepareScenarios(preparer);
  } finally {
    await preparer.close();
  }
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface SpawnedApi {
  url: string;
  /** Resident memory of the API process, in MB (from /proc). */
  rssMb(): number;
  stop(): Promise<void>;
}

/** The built API (`node dist/src/main.js`) as a process of its own on `databaseUrl`, as production runs it. */
export async function spawnApi(databaseUrl: string): Promise<SpawnedApi> {
  const port = await freePort();
  const api = spawn(process.execPath, [resolve(__dirname, '../../src/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'production',
      // No mail leaves a bench run.
      MAIL_TRANSPORT: 'none',
      PORT: String(port),
      JWT_SECRET: BENCH_JWT_SECRET,
      RATE_LIMIT_PER_MINUTE: '1000000',
      CHALLENGE_CLOSE_INTERVAL_SECONDS: '60',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i += 1) {
    const ready = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (i > 150) throw new Error(`the API on ${databaseUrl} did not become ready`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    rssMb() {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${api.pid}/status`, 'utf8'));
      return match ? Number(match[1]) / 1024 : NaN;
    },
    async stop() {
      const exited = new Promise((r) => api.once('exit', r));
      api.kill('SIGTERM');
      await exited;
    },
  };
}
