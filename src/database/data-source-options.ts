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

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
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
    extra: { max: poolSize, connectionTimeoutMillis: 5000, application_name: 'testbed-platform' },
  };
}
