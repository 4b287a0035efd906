import { adminQuery, templateDatabase } from './database';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${templateDatabase()} WITH (FORCE)`);
}
