import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';

export interface DatabaseTarget {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * `DATABASE_URL` when given; otherwise the embedded PostgreSQL stored under `dataDir`
 * (or in memory for `memory://`), started here and stopped by `stop()`.
 */
export async function openDatabase(databaseUrl: string | undefined, dataDir: string): Promise<DatabaseTarget> {
  if (databaseUrl) return { url: databaseUrl, embedded: false, stop: () => Promise.resolve() };
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres(
    dataDir.startsWith('memory://') ? dataDir : `${dataDir}/pg`,
  );
  return { url: embedded.url, embedded: true, stop: () => embedded.stop() };
}

export async function connect(url: string, poolSize = 5): Promise<DataSource> {
  return new DataSource(dataSourceOptions(url, poolSize)).initialize();
}
