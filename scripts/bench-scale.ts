/**
 * npm run bench:scale -- --small <url> --large <url> [--duration 10] [--connections 10]
 *
 * The scale curve: the read scenarios of `npm run bench` against two generated datasets (say
 * 10 000 and 1 000 000 proposals), the built API running as a process of its own on each, loaded
 * interleaved small/large/small/large. Reports each side's p50 and p99 and the large/small p50 ratio.
 */
import { authHeaders, load, mean, ms, option, printTable, scenariosOf, spawnApi, textOption } from '../bench/lib/load';

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
  const prepared = [await scenariosOf(smallUrl), await scenariosOf(largeUrl)];
  const apis = [await spawnApi(smallUrl), await spawnApi(largeUrl)];
  const names = prepared[0].scenarios.filter((s) => s.read && (!only || s.name === only)).map((s) => s.name);
  console.log(`bench:scale: ${connections} connections, ${duration} s a run, small/large/small/large`);
  const rows: string[][] = [];
  for (const name of names) {
    const runs = [];
    for (const side of [0, 1, 0, 1]) {
      const { scenarios, tokens } = prepared[side];
      const scenario = scenarios.find((s) => s.name === name)!;
      runs.push(await load(apis[side].url, scenario, authHeaders(tokens[scenario.as]), connections, duration));
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
  for (const api of apis) await api.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
