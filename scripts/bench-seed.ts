/**
 * npm run bench:seed -- --proposals 100000
 *
 * Fills DATABASE_URL (an empty, scratch database: it is migrated first) with a generated city or
 * country: see bench/lib/dataset.ts for the proportions. Prints what it created and how long it took.
 */
import { connect } from '../src/database/database-connection';
import { migrate } from '../src/database/migrate';
import { generateDataset } from '../bench/lib/dataset';

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('Set DATABASE_URL to an empty scratch PostgreSQL database.');
    return 1;
  }
  const i = process.argv.indexOf('--proposals');
  const proposals = i > 0 ? Number(process.argv[i + 1]) : 10_000;
  if (!Number.isInteger(proposals) || proposals < 100 || proposals > 10_000_000) {
    console.error('--proposals must be an integer from 100 to 10 000 000');
    return 1;
  }
  const db = await connect(url, 2);
  try {
    await migrate(db);
    const started = Date.now();
    const summary = await generateDataset(db, proposals);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`Generated a dataset of ${proposals} proposals in ${seconds} s:`);
    for (const [table, rows] of Object.entries(summary)) console.log(`  ${table.padEnd(18)} ${rows}`);
    return 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
