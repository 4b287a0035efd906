import { connect } from '../../src/database/database-connection';
import { migrate } from '../../src/database/migrate';
import { adminQuery, assertTestEnvironment, templateDatabase, withDatabase } from './database';

/** On real PostgreSQL: build the migrated template database once per run. */
export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV = process.env.NODE_ENV ?? 'test';
  assertTestEnvironment();
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return;
  process.env.TESTBED_TEMPLATE_DATABASE = `testbed_template_${process.pid}`;
  const template = templateDatabase();
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await adminQuery(serverUrl, `CREATE DATABASE ${template}`);
  const dataSource = await connect(withDatabase(serverUrl, template), 2);
  try {
    await migrate(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
