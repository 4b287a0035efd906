/** npm run seed:demo — loads the demo data into DATABASE_URL (or the embedded database). */
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/config';
import { openDatabase } from '../src/database/database-connection';
import { describeDemoAccounts, seedDemo } from '../demo/demo-seed';

async function main(): Promise<number> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  if (config.nodeEnv === 'production') {
    console.error('Refusing to load well-known demo accounts with NODE_ENV=production.');
    return 1;
  }
  const database = await openDatabase(config.databaseUrl, config.dataDir);
  const app = await createApp(config, { databaseUrl: database.url, poolSize: 2 });
  try {
    await app.init();
    const created = await seedDemo(app);
    console.log(`Demo data loaded (${created} new accounts).`);
    console.log(describeDemoAccounts(`http://localhost:${config.port}`));
    return 0;
  } finally {
    await app.close();
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
