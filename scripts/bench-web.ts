/**
 * npm run bench:web — what a first visit to the home page costs, on the demo data, in headless
 * Chromium: the JavaScript it downloads (gzip size) and the time to first contentful paint and to
 * interactive. A measurement to report, not a test (no thresholds; the goal is ≤ 150 KB gzip).
 *
 * Starts the built app on a fresh PostgreSQL database (DATABASE_URL's server, or the local one)
 * with the demo data, or measures BENCH_URL when given. Five cold visits; medians reported.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { Client } from 'pg';

const ROOT = join(__dirname, '..', '..');
const PORT = Number(process.env.BENCH_WEB_PORT ?? 3420);
const RUNS = 5;
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface Visit {
  jsGzipBytes: number;
  jsFiles: number;
  fcpMs: number;
  ttiMs: number;
}

async function startApp(): Promise<{ url: string; stop: () => Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = `testbed_web_bench_${process.pid}`;
  const admin = new URL(base);
  admin.pathname = '/postgres';
  const suite = new URL(base);
  suite.pathname = `/${name}`;
  const sql = async (statement: string) => {
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  await sql(`CREATE DATABASE ${name}`);
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: suite.toString(),
    PORT: String(PORT),
    MAIL_TRANSPORT: 'none',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '100000',
  };
  const seed = spawnSync('node', [join(ROOT, 'dist', 'scripts', 'seed-demo.js')], { env, encoding: 'utf8' });
  if (seed.status !== 0) {
    await sql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw new Error(`Loading the demo data failed (is the app built?): ${seed.stderr}`);
  }
  const server: ChildProcess = spawn('node', [join(ROOT, 'dist', 'src', 'main.js')], { env, stdio: 'inherit' });
  const url = `http://127.0.0.1:${PORT}`;
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await fetch(`${url}/health/ready`)).ok) break;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    stop: async () => {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
      await sql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function visit(url: string): Promise<Visit> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ARGS,
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // Long tasks from the very start, for time to interactive.
    await page.addInitScript(() => {
      const w = globalThis as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__longTasks.push(entry.startTime + entry.duration);
      }).observe({ entryTypes: ['longtask' as never] }); // a browser entry type Node's types do not list
    });
    const scripts: Promise<number>[] = [];
    page.on('response', (response) => {
      const type = response.headers()['content-type'] ?? '';
      if (response.request().resourceType() === 'script' || type.includes('javascript')) {
        scripts.push(response.body().then((body) => gzipSync(body, { level: 9 }).length));
      }
    });
    await page.goto(url, { waitUntil: 'load' });
    // Interactive: the demo data is on screen (the first open challenge links) and the main thread
    // has had no long task (> 50 ms) for 500 ms.
    await page.getByRole('article').first().getByRole('link').waitFor();
    const contentAt = await page.evaluate(() => performance.now());
    await page.waitForTimeout(600);
    const { fcp, lastLongTask } = await page.evaluate(() => ({
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      lastLongTask: Math.max(0, ...(globalThis as unknown as { __longTasks: number[] }).__longTasks),
    }));
    const sizes = await Promise.all(scripts);
    return {
      jsGzipBytes: sizes.reduce((sum, size) => sum + size, 0),
      jsFiles: sizes.length,
      fcpMs: fcp,
      ttiMs: Math.max(contentAt, lastLongTask),
    };
  } finally {
    await browser.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  const app = process.env.BENCH_URL ? { url: process.env.BENCH_URL, stop: async () => {} } : await startApp();
  try {
    await visit(app.url); // warm the server (its pools, the demo queries), not the browser
    const visits: Visit[] = [];
    for (let run = 0; run < RUNS; run++) visits.push(await visit(app.url));
    const first = visits[0];
    console.log(`Home page, first visit (cold browser cache), ${RUNS} runs, medians:`);
    console.log(
      `  JavaScript: ${first?.jsFiles} files, ${(median(visits.map((v) => v.jsGzipBytes)) / 1024).toFixed(1)} KB gzip (goal ≤ 150 KB)`,
    );
    console.log(`  First contentful paint: ${median(visits.map((v) => v.fcpMs)).toFixed(0)} ms`);
    console.log(`  Time to interactive: ${median(visits.map((v) => v.ttiMs)).toFixed(0)} ms`);
  } finally {
    await app.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
