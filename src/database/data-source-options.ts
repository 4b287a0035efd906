import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSourceOptions, MigrationInterface } from 'typeorm';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

const MIGRATIONS_DIR = join(__dirname, '..', '..', 'migrations');

/**
 * Migration classes from `migrations/`: compiled `.js` in `dist/`, `.ts` under the test runner.
 * Loaded through our own `require` so that the test runner's TypeScript transform applies.
 */
export function loadMigrations(dir = MIGRATIONS_DIR): (new () => MigrationInterface)[] {
  if (!existsSync(dir)) return [];
  return (
    readdirSync(dir)
      .filter((file) => /^\d+-.+\.(js|ts)$/.test(file) && !file.endsWith('.d.ts'))
      .sort()
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous, and transformed under jest
      .flatMap((file) => Object.values(require(join(dir, file)) as Record<string, new () => MigrationInterface>))
  );
}

/** The configured bounds on database calls (`AppConfig.database`). */
export interface DatabaseTimeouts {
  connectTimeoutMs: number;
  statementTimeoutMs: number;
}

/** The client waits this much longer than the server's statement timeout, so the server cancels first. */
const READ_TIMEOUT_MARGIN_MS = 1000;

/**
 * pg pool settings that bound every database call, for each pool of the application: opening a
 * connection or waiting for a free one (`connectionTimeoutMillis`); one statement, cancelled by
 * the server (`statement_timeout`, sent at connect: SQLSTATE 57014); and the wait for an answer on
 * a connection that went silent (`query_timeout`), since a network partition drops packets
 * without a reset and the server's timeout then never arrives.
 *
 * Real PostgreSQL only: PGlite ignores `statement_timeout` (one WebAssembly backend with no timer
 * interrupt runs every statement to the end), and giving up on the client side would leave the
 * statement running on the single backend that every connection shares.
 */
export function poolTimeouts(timeouts: DatabaseTimeouts) {
  return {
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    statement_timeout: timeouts.statementTimeoutMs,
    query_timeout: timeouts.statementTimeoutMs + READ_TIMEOUT_MARGIN_MS,
  };
}

/** `timeouts`: the application's pool on a real server; scripts and migrations go without (see poolTimeouts). */
export function dataSourceOptions(url: string, poolSize = 10, timeouts?: DatabaseTimeouts): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: loadMigrations(),
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    // Schema changes happen through committed migrations only; there is deliberately no switch.
    synchronize: false,
    migrationsRun: false,
    // PGlite has no uuid-ossp; gen_random_uuid() is core PostgreSQL since 13.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 5000,
      application_name: 'testbed-platform',
      ...(timeouts ? poolTimeouts(timeouts) : {}),
    },
  };
}
