/**
 * npm run bench:soak -- [--duration 60] [--connections 100] [--warmup 15]
 *
 * The built API (`node dist/src/main.js`) as its own process on a seeded DATABASE_URL, loaded with
 * every read scenario of `npm run bench` in turn on each connection: first a warm-up, then the
 * measured run. Reports non-2xx answers, errors and timeouts, and the process's resident memory
 * after the warm-up, at its peak and at the end (sampled each second from /proc).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { createApp } from '../src/app.factory';
import { benchConfig } from '../src/bench/config';
import { authHeaders, option, prepareScenarios } from '../src/bench/load';

const JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256-000';

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const rssMb = (pid: number): number => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
};

async function main(): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('Set DATABASE_URL to a database filled by `npm run bench:seed`.');
    return 1;
  }
  const duration = option('duration', 60);
  const connections = option('connections', 100);
  const warmup = option('warmup', 15);

  // The scenarios and tokens come from an in-process instance with the same secret.
  const preparer = await createApp(benchConfig(), { databaseUrl, poolSize: 2 });
  await preparer.listen(0, '127.0.0.1');
  const { scenarios, tokens } = await prepareScenarios(preparer);
  await preparer.close();
  const reads = scenarios.filter((s) => s.read);

  const port = await freePort();
  const api = spawn(process.execPath, [resolve(__dirname, '../src/main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      JWT_SECRET,
      RATE_LIMIT_PER_MINUTE: '1000000',
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
    if (i > 100) throw new Error('the API did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }

  const requests = reads.map((s) => ({ method: 'GET' as const, path: s.path, headers: authHeaders(tokens[s.as]) }));
  const run = (seconds: number) =>
    autocannon({ url, connections, duration: seconds, workers: 1, timeout: 10, requests });

  console.log(`bench:soak: ${reads.length} read scenarios in turn, ${connections} connections`);
  const warm = await run(warmup);
  const afterWarmup = rssMb(api.pid!);
  let peak = afterWarmup;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(api.pid!))), 1000);
  const result = await run(duration);
  clearInterval(sampler);
  const end = rssMb(api.pid!);
  api.kill('SIGTERM');
  await new Promise((r) => api.once('exit', r));

  const growth = ((end - afterWarmup) / afterWarmup) * 100;
  const lines = [
    `warm-up ${warmup} s: ${warm.requests.total} requests, ${warm.non2xx} non-2xx, ${warm.timeouts} timeouts`,
    `measured ${duration} s at ${connections} connections: ${result.requests.total} requests ` +
      `(${result.requests.average.toFixed(0)} req/s), p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
    `non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`,
    `RSS after warm-up ${afterWarmup.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, end ${end.toFixed(0)} MB: ` +
      `growth ${growth.toFixed(1)} % (target < 30 %)`,
  ];
  for (const line of lines) console.log(line);
  const ok = result.non2xx === 0 && result.errors === 0 && result.timeouts === 0 && growth < 30;
  console.log(ok ? 'bench:soak: within the targets' : 'bench:soak: MISSED a target');
  return ok ? 0 : 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
