/**
 * npm run bench -- [--duration 10] [--connections 50] [--scenario name]
 *
 * Load-tests the API on a seeded database (DATABASE_URL, filled by `npm run bench:seed`) against a
 * raw baseline measured in the same run: a minimal Fastify server with a `pg` pool of the same
 * size that runs, for each scenario, exactly the SQL statements the API issued for that request
 * (captured from the API's query log, the token check's user lookup and any transaction included,
 * on one connection per request). Runs A/B/A/B and reports req/s, p50 and p99 of each, and the
 * API/baseline ratios. The write path's baseline replays the captured create and submit; its
 * submit finds the captured proposal already submitted, so the baseline's work is a lower bound.
 */
import Fastify from 'fastify';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { authHeaders, load, mean, ms, option, prepareScenarios, printTable, textOption } from '../bench/lib/load';
import { benchConfig } from '../bench/lib/config';

const POOL_SIZE = 10;

async function main(): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('Set DATABASE_URL to a database filled by `npm run bench:seed`.');
    return 1;
  }
  const duration = option('duration', 10);
  const connections = option('connections', 50);

  const only = textOption('scenario');
  const app = await createApp(benchConfig(), { databaseUrl, poolSize: POOL_SIZE });
  await app.listen(0, '127.0.0.1');
  const apiUrl = await app.getUrl();
  const db = app.get(DataSource);
  const prepared = await prepareScenarios(app);
  const tokens = prepared.tokens;
  const scenarios = prepared.scenarios.filter((s) => !only || s.name === only);

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
      method: scenario.body ? 'POST' : 'GET',
      headers: { ...authHeaders(token), ...(scenario.body ? { 'content-type': 'application/json' } : {}) },
      body: scenario.body ? JSON.stringify(scenario.body) : undefined,
    });
    if (scenario.body && res.status === 201) {
      const { id } = (await res.json()) as { id: string };
      const submitted = await fetch(`${apiUrl}/api/v1/proposals/${id}/submit`, {
        method: 'POST',
        headers: authHeaders(token),
      });
      if (submitted.status !== 200) throw new Error(`${scenario.name}: submit answered ${submitted.status}`);
    } else if (res.status !== 200) {
      throw new Error(`${scenario.name}: the API answered ${res.status}`);
    }
    db.logger.logQuery = original;
    captured.set(scenario.name, statements);
    baseline.route({
      method: ['GET', 'POST'],
      url: `/s/${i}`,
      handler: async () => {
        const client = await pool.connect();
        try {
          let rows: unknown[] = [];
          for (const { sql, params } of statements) rows = (await client.query(sql, params)).rows;
          return rows;
        } finally {
          client.release();
        }
      },
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
    const headers = authHeaders(tokens[scenario.as]);
    const baseScenario = { path: `/s/${i}` };
    const a1 = await load(apiUrl, scenario, headers, connections, duration);
    const b1 = await load(baseUrl, baseScenario, {}, connections, duration);
    const a2 = await load(apiUrl, scenario, headers, connections, duration);
    const b2 = await load(baseUrl, baseScenario, {}, connections, duration);
    const api = mean(a1, a2);
    const base = mean(b1, b2);
    const row = [
      scenario.name,
      String(captured.get(scenario.name)?.length ?? 0),
      api.rps.toFixed(0),
      base.rps.toFixed(0),
      (api.rps / base.rps).toFixed(2),
      ms(api.p50),
      ms(base.p50),
      ms(api.p99),
      ms(base.p99),
      (api.p99 / base.p99).toFixed(2),
      String(api.failed),
    ];
    rows.push(row);
    console.log(row.join(' | '));
  }
  printTable(header, rows);
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
