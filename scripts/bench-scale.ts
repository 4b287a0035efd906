/**
 * npm run bench:scale -- --small <url> --large <url> [--duration 10] [--connections 10]
 *
 * The scale curve: the read scenarios of `npm run bench` against two generated datasets (say
 * 10 000 and 1 000 000 proposals), one API instance on each in this process, run interleaved
 * small/large/small/large. Reports each side's p50 and p99 and the large/small p50 ratio.
 */
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/app.factory';
import { benchConfig } from '../src/bench/config';
import { authHeaders, load, mean, ms, option, prepareScenarios, printTable, textOption } from '../src/bench/load';

async function start(databaseUrl: string): Promise<NestFastifyApplication> {
  const app = await createApp(benchConfig({ DATABASE_URL: databaseUrl }), { databaseUrl, poolSize: 10 });
  await app.listen(0, '127.0.0.1');
  return app;
}

async function main(): Promise<number> {
  const smallUrl = textOption('small');
  const largeUrl = textOption('large');
  if (!smallUrl || !largeUrl) {
    console.error('Give --small and --large: two databases filled by `npm run bench:seed`.');
    return 1;
  }
  const duration = option('duration', 10);
  const connections = option('connections', 10);
  const only = textOption('scenario');
  const small = await start(smallUrl);
  const large = await start(largeUrl);
  const sides = [
    { app: small, url: await small.getUrl(), ...(await prepareScenarios(small)) },
    { app: large, url: await large.getUrl(), ...(await prepareScenarios(large)) },
  ];
  const names = sides[0].scenarios.filter((s) => s.read && (!only || s.name === only)).map((s) => s.name);
  console.log(`bench:scale: ${connections} connections, ${duration} s a run, small/large/small/large`);
  const rows: string[][] = [];
  for (const name of names) {
    const runs = [];
    for (const side of [...sides, ...sides]) {
      const scenario = side.scenarios.find((s) => s.name === name)!;
      runs.push(await load(side.url, scenario, authHeaders(side.tokens[scenario.as]), connections, duration));
    }
    const [s, l] = [mean(runs[0], runs[2]), mean(runs[1], runs[3])];
    const row = [
      name,
      ms(s.p50),
      ms(l.p50),
      (l.p50 / s.p50).toFixed(2),
      ms(s.p99),
      ms(l.p99),
      s.rps.toFixed(0),
      l.rps.toFixed(0),
      String(s.failed + l.failed),
    ];
    rows.push(row);
    console.log(row.join(' | '));
  }
  printTable(
    [
      'scenario',
      'small p50',
      'large p50',
      'p50 ratio',
      'small p99',
      'large p99',
      'small req/s',
      'large req/s',
      'failed',
    ],
    rows,
  );
  await small.close();
  await large.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
