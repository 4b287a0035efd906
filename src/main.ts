import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/config';
import { openDatabase } from './database/database-connection';
import { describeDemoAccounts, seedDemo } from '../demo/demo-seed';

/** A backstop: orchestrators kill after their grace period (often 10 s), so leave before that, and say so. */
const SHUTDOWN_TIMEOUT_MS = 9000;

async function bootstrap(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const database = await openDatabase(config.databaseUrl, config.dataDir);
  let closing = false;
  const app = await createApp(config, {
    databaseUrl: database.url,
    poolSize: database.embedded ? 5 : 10,
    draining: () => closing,
  });
  const fastify = app.getHttpAdapter().getInstance();
  const log = fastify.log;

  // A response sent during shutdown closes its connection. Fastify closes the connections that are
  // idle when it starts closing; one kept alive that goes idle later (its request was in flight)
  // would hold the process until the keep-alive timeout (72 s).
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'Shutting down: no new connections, finishing in-flight requests');
    setTimeout(() => {
      log.error({ signal }, `Shutdown took longer than ${SHUTDOWN_TIMEOUT_MS} ms; exiting with requests unfinished`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
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
