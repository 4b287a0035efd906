import { DataSource } from 'typeorm';

/** Any constant works; it only has to be the same for every instance of this application. */
const MIGRATION_LOCK = 4_216_001;

/**
 * Runs pending migrations, each in its own transaction. An advisory lock makes instances that
 * boot at the same time take turns, so a migration never runs twice.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
