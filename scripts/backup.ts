/**
 * npm run backup [-- <file>]   pg_dump of DATABASE_URL in the custom format (compressed, restorable
 *                              with `npm run restore`), to <file> or ./backups/testbed-<timestamp>.dump
 *
 * Needs DATABASE_URL and the PostgreSQL client tools (pg_dump of the server's major version or
 * newer). The embedded database is not supported: pg_dump cannot read PGlite; back it up by
 * stopping the API and copying DATA_DIR.
 */
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { databaseUrl, libpqConnection } from '../src/config/config';
import { listArchive, run, runCommand } from './pg-tools';

/** Dumps into `file` and returns the number of tables in it, read back from the archive. */
async function dump(dbname: string, env: NodeJS.ProcessEnv, file: string): Promise<number> {
  await run('pg_dump', ['--format=custom', '--no-password', `--file=${file}`, `--dbname=${dbname}`], { env });
  // A backup nobody can read is no backup: list the archive's contents before calling it done.
  return (await listArchive(file)).tables;
}

async function main(): Promise<number> {
  const url = databaseUrl(process.env);
  if (!url) {
    console.error(
      'Backup needs DATABASE_URL: pg_dump cannot read the embedded database. ' +
        'To back that up, stop the API and copy its DATA_DIR (./data by default).',
    );
    return 2;
  }
  const file = resolve(process.argv[2] ?? `backups/testbed-${new Date().toISOString().replace(/[:.]/g, '-')}.dump`);
  mkdirSync(dirname(file), { recursive: true });
  const { dbname, env } = libpqConnection(url);
  const started = Date.now();
  // Written under another name first, so that a failed dump never leaves a file that looks like a backup.
  const partial = `${file}.partial`;
  let tables: number;
  try {
    tables = await dump(dbname, env, partial);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  renameSync(partial, file);
  console.log(
    `Backed up ${dbname} to ${file}: ${tables} tables, ${statSync(file).size} bytes, in ${Date.now() - started} ms.`,
  );
  return 0;
}

runCommand(main);
