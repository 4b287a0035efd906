import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/**
 * The migrated template every e2e file copies (real PostgreSQL only). Named per run (global
 * setup exports it to the workers), so two runs against one server cannot drop each other's.
 */
export function templateDatabase(): string {
  const name = process.env.TESTBED_TEMPLATE_DATABASE;
  if (!name || !/^testbed_template_\d+$/.test(name))
    throw new Error('TESTBED_TEMPLATE_DATABASE is not set by global setup');
  return name;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Refuses to touch a database unless this is a test run: these helpers create and drop databases. */
export function assertTestEnvironment(): void {
  if (process.env.NODE_ENV !== 'test') {
    throw new Error(`Test database helpers refuse to run with NODE_ENV=${process.env.NODE_ENV ?? '(unset)'}`);
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A clean, migrated database for one test file: a copy of the template on real PostgreSQL
 * (fast, isolated from parallel files), or a fresh in-memory embedded PostgreSQL that the
 * application migrates at boot.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  assertTestEnvironment();
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres('memory://');
    return { url: embedded.url, drop: () => embedded.stop() };
  }
  const name = `testbed_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${templateDatabase()}`);
  return {
    url: withDatabase(serverUrl, name),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** An empty database (no migrations) for boot-time migration tests. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  assertTestEnvironment();
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres('memory://');
    return { url: embedded.url, drop: () => embedded.stop() };
  }
  const name = `testbed_empty_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  return {
    url: withDatabase(serverUrl, name),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A client of its own on `url` for the length of `work`. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
