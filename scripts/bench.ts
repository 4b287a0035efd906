/**
 * npm run bench -- [--duration 10] [--connections 50] [--scenario name]
 *
 * Load-tests the API on a seeded database (DATABASE_URL, filled by `npm run bench:seed`) against a
 * raw baseline measured in the same run: a minimal Fastify server with a `pg` pool of the same
 * size that runs, for each scenario, exactly the SQL statements the API issued for that request
 * (captured from the API's query log, the token check's user lookup included). Runs A/B/A/B and
 * reports req/s, p50 and p99 of each, and the API/baseline ratios.
 */
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { JwtService } from '@nestjs/jwt';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/config';

const POOL_SIZE = 10;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

interface Scenario {
  name: string;
  as: 'anonymous' | 'admin' | 'department' | 'partner';
  path: string;
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function load(url: string, headers: Record<string, string>, connections: number, duration: number) {
  const result = await autocannon({ url, headers, connections, duration, workers: 1 });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
  };
}

const mean = (a: Figures, b: Figures): Figures => ({
  rps: (a.rps + b.rps) / 2,
  p50: (a.p50 + b.p50) / 2,
  p99: (a.p99 + b.p99) / 2,
  non2xx: a.non2xx + b.non2xx,
});

async function main(): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('Set DATABASE_URL to a database filled by `npm run bench:seed`.');
    return 1;
  }
  const duration = option('duration', 10);
  const connections = option('connections', 50);
  const only = process.argv.includes('--scenario') ? process.argv[process.argv.indexOf('--scenario') + 1] : undefined;

  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-000',
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'silent',
    CHALLENGE_CLOSE_INTERVAL_SECONDS: '60',
  });
  const app = await createApp(config, { databaseUrl, poolSize: POOL_SIZE });
  await app.listen(0, '127.0.0.1');
  const apiUrl = await app.getUrl();
  const db = app.get(DataSource);
  const jwt = app.get(JwtService);

  // Who calls: the generated city's admin and a partner, and a member of a department's staff.
  const [ids] = await db.query<
    { admin: string; partner: string; department: string; challenge: string; proposal: string; busy: string }[]
  >(
    `SELECT (SELECT id FROM users WHERE email = 'bench-admin@bench.invalid') AS admin,
            (SELECT id FROM users WHERE email = 'partner1@bench.invalid') AS partner,
            (SELECT id FROM departments ORDER BY slug LIMIT 1) AS department,
            (SELECT id FROM challenges WHERE status = 'published' ORDER BY created_at DESC LIMIT 1) AS challenge,
            (SELECT id FROM proposals WHERE status = 'submitted' ORDER BY created_at DESC LIMIT 1) AS proposal,
            (SELECT challenge_id FROM proposals GROUP BY challenge_id ORDER BY count(*) DESC LIMIT 1) AS busy`,
  );
  const [staff] = await db.query<{ id: string }[]>(
    `INSERT INTO users (email, name, password_hash, roles, department_id)
     VALUES ('bench-staff@bench.invalid', 'Bench Staff', '!', '{department}', $1)
     ON CONFLICT (email) DO UPDATE SET department_id = excluded.department_id RETURNING id`,
    [ids.department],
  );
  const tokens: Record<Scenario['as'], string | null> = {
    anonymous: null,
    admin: await jwt.signAsync({ sub: ids.admin }),
    department: await jwt.signAsync({ sub: staff.id }),
    partner: await jwt.signAsync({ sub: ids.partner }),
  };
  const firstPage = (await (await fetch(`${apiUrl}/api/v1/challenges?limit=20`)).json()) as { nextCursor: string };
  let cursor = firstPage.nextCursor;
  for (let i = 0; i < 50; i += 1) {
    const page = (await (await fetch(`${apiUrl}/api/v1/challenges?limit=20&cursor=${cursor}`)).json()) as {
      nextCursor: string;
    };
    cursor = page.nextCursor;
  }

  const scenarios: Scenario[] = [
    { name: 'challenge list, page 1', as: 'anonymous', path: '/api/v1/challenges?limit=20' },
    { name: 'challenge list, page 52', as: 'anonymous', path: `/api/v1/challenges?limit=20&cursor=${cursor}` },
    { name: 'full-text search', as: 'anonymous', path: '/api/v1/challenges?q=vehicle' },
    { name: "department's proposals", as: 'department', path: '/api/v1/proposals?limit=20' },
    { name: 'proposal read', as: 'admin', path: `/api/v1/proposals/${ids.proposal}` },
    { name: 'ranking', as: 'admin', path: `/api/v1/challenges/${ids.busy}/ranking` },
    { name: 'pipeline (city)', as: 'admin', path: '/api/v1/pipeline' },
    { name: 'public registry', as: 'anonymous', path: '/api/v1/public/pilots?limit=20' },
  ].filter((s) => !only || s.name === only) as Scenario[];

  // The baseline: the same statements, one after the other, on a pool of the same size.
  const pool = new Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  const baseline = Fastify();
  const captured = new Map<string, { sql: string; params: unknown[] }[]>();
  for (const [i, scenario] of scenarios.entries()) {
    const statements: { sql: string; params: unknown[] }[] = [];
    const original = db.logger.logQuery.bind(db.logger);
    db.logger.logQuery = (sql, params) => {
      statements.push({ sql, params: Array.isArray(params) ? params : [] });
      original(sql, params);
    };
    const token = tokens[scenario.as];
    const res = await fetch(`${apiUrl}${scenario.path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    db.logger.logQuery = original;
    if (res.status !== 200) throw new Error(`${scenario.name}: the API answered ${res.status}`);
    captured.set(scenario.name, statements);
    baseline.get(`/s/${i}`, async () => {
      let rows: unknown[] = [];
      for (const { sql, params } of statements) rows = (await pool.query(sql, params)).rows;
      return rows;
    });
  }
  await baseline.listen({ port: 0, host: '127.0.0.1' });
  const address = baseline.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  console.log(
    `bench: ${connections} connections, ${duration} s a run, A/B/A/B, on ${new URL(databaseUrl).pathname.slice(1)}`,
  );
  const header = [
    'scenario',
    'SQL',
    'API req/s',
    'base req/s',
    'ratio',
    'API p50',
    'base p50',
    'API p99',
    'base p99',
    'p99 ratio',
    'non-2xx',
  ];
  const rows: string[][] = [];
  for (const [i, scenario] of scenarios.entries()) {
    const token = tokens[scenario.as];
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const a1 = await load(`${apiUrl}${scenario.path}`, headers, connections, duration);
    const b1 = await load(`${baseUrl}/s/${i}`, {}, connections, duration);
    const a2 = await load(`${apiUrl}${scenario.path}`, headers, connections, duration);
    const b2 = await load(`${baseUrl}/s/${i}`, {}, connections, duration);
    const api = mean(a1, a2);
    const base = mean(b1, b2);
    const row = [
      scenario.name,
      String(captured.get(scenario.name)?.length ?? 0),
      api.rps.toFixed(0),
      base.rps.toFixed(0),
      (api.rps / base.rps).toFixed(2),
      `${api.p50.toFixed(1)} ms`,
      `${base.p50.toFixed(1)} ms`,
      `${api.p99.toFixed(1)} ms`,
      `${base.p99.toFixed(1)} ms`,
      (api.p99 / base.p99).toFixed(2),
      String(api.non2xx),
    ];
    rows.push(row);
    console.log(row.join(' | '));
  }
  console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  await baseline.close();
  await pool.end();
  await app.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
