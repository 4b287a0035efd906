import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/config';
import { openDatabase } from './database/database-connection';
import { describeDemoAccounts, seedDemo } from './demo/demo-seed';

async function bootstrap(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const database = await openDatabase(config.databaseUrl, config.dataDir);
  const app = await createApp(config, { databaseUrl: database.url, poolSize: database.embedded ? 5 : 10 });
  const log = app.getHttpAdapter().getInstance().log;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'Shutting down: no new connections, finishing in-flight requests');
    try {
      await app.close(); // stops listening, waits for in-flight requests, closes the pool
      await database.stop();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'Unclean shutdown');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  const url = `http://localhost:${config.port}`;
  // Demo data before listening, so that "ready" means the demo accounts can log in.
  if (database.embedded && config.nodeEnv !== 'production') {
    await app.init();
    const created = await seedDemo(app);
    if (created > 0) log.info({ created }, 'Loaded demo data');
    console.log(describeDemoAccounts(url));
  }
  await app.listen({ port: config.port, host: '0.0.0.0' });
  log.info(
    {
      database: database.embedded ? `embedded (${config.dataDir}/pg)` : 'DATABASE_URL',
      startupMs: Date.now() - started,
    },
    `Testbed platform listening on ${url} (Swagger UI at ${url}/docs)`,
  );
}

bootstrap().catch((error: unknown) => {
  // A bad environment is one clear line, not a stack trace.
  if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
  else console.error('Failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
