import { connect } from '../../src/database/database-connection';
import { migrate } from '../../src/database/migrate';
import { adminQuery, assertTestEnvironment, TEMPLATE_DATABASE, withDatabase } from './database';

/** On real PostgreSQL: build the migrated template database once per run. */
export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV = process.env.NODE_ENV ?? 'test';
  assertTestEnvironment();
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return;
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await adminQuery(serverUrl, `CREATE DATABASE ${TEMPLATE_DATABASE}`);
  const dataSource = await connect(withDatabase(serverUrl, TEMPLATE_DATABASE), 2);
  try {
    await migrate(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
