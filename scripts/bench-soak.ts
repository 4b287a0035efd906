/**
 * npm run bench:soak -- [--duration 60] [--connections 100] [--warmup 15]
 *
 * The built API (`node dist/src/main.js`) as its own process on a seeded DATABASE_URL, loaded with
 * every read scenario of `npm run bench` in turn on each connection: first a warm-up, then the
 * measured run. Reports non-2xx answers, errors and timeouts, and the process's resident memory
 * after the warm-up, at its peak and at the end (sampled each second from /proc).
 */
import autocannon from 'autocannon';
import { authHeaders, option, scenariosOf, spawnApi } from '../bench/lib/load';

async function main(): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('Set DATABASE_URL to a database filled by `npm run bench:seed`.');
    return 1;
  }
  const duration = option('duration', 60);
  const connections = option('connections', 100);
  const warmup = option('warmup', 15);

  const { scenarios, tokens } = await scenariosOf(databaseUrl);
  const reads = scenarios.filter((s) => s.read);
  const api = await spawnApi(databaseUrl);
  const url = api.url;

  const requests = reads.map((s) => ({ method: 'GET' as const, path: s.path, headers: authHeaders(tokens[s.as]) }));
  const run = (seconds: number) =>
    autocannon({ url, connections, duration: seconds, workers: 1, timeout: 10, requests });

  console.log(`bench:soak: ${reads.length} read scenarios in turn, ${connections} connections`);
  const warm = await run(warmup);
  const afterWarmup = api.rssMb();
  let peak = afterWarmup;
  const sampler = setInterval(() => (peak = Math.max(peak, api.rssMb())), 1000);
  const result = await run(duration);
  clearInterval(sampler);
  const end = api.rssMb();
  await api.stop();

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
