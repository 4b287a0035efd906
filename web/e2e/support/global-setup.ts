import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { AXE_LOG, BASE_URL, databaseUrls, OUTPUT_DIR, PORT, SCREENSHOT_DIR, STATE_FILE } from './environment';

const ROOT = join(__dirname, '..', '..', '..');

/** The server's environment: a fresh database, mails kept in the outbox table, no rate limit in the way. */
export function serverEnv(databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    PORT: String(PORT),
    PUBLIC_URL: BASE_URL,
    MAIL_TRANSPORT: 'none',
    RATE_LIMIT_PER_MINUTE: '100000',
    // The suite's browsers stand for many people: each test comes from an address of its own
    // (X-Forwarded-For, see fixtures.ts), so per-IP shares such as anonymous mail are per test.
    TRUST_PROXY: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
}

async function waitForReady(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The app did not answer ${url} within ${ms} ms`);
}

/** Creates the suite's database, loads the demo data and starts the built app on it. */
export default async function globalSetup(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'web', 'index.html')) || !existsSync(join(ROOT, 'dist', 'src', 'main.js'))) {
    throw new Error('The app is not built: run `npm run build` first (npm run test:web does).');
  }
  rmSync(OUTPUT_DIR, { recursive: true, force: true });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  writeFileSync(AXE_LOG, '');

  const { admin, suite, name } = databaseUrls();
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();

  const env = serverEnv(suite);
  const seed = spawnSync('node', [join(ROOT, 'dist', 'scripts', 'seed-demo.js')], { env, encoding: 'utf8' });
  if (seed.status !== 0) throw new Error(`Loading the demo data failed:\n${seed.stdout}\n${seed.stderr}`);

  const server = spawn('node', [join(ROOT, 'dist', 'src', 'main.js')], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  writeFileSync(STATE_FILE, JSON.stringify({ pid: server.pid, database: name, admin, suite }));
  await waitForReady(`${BASE_URL}/health/ready`, 30_000);
}
