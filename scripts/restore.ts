/**
 * npm run restore -- <file> [--force]   restore a backup of `npm run backup` into DATABASE_URL
 *
 * Replaces every object the backup holds (pg_restore --clean --if-exists --no-owner), in one
 * transaction: a restore that fails changes nothing. Objects the backup does not hold (tables of
 * a newer migration) are left alone, so restore into an empty database or one of the same
 * version. Refused when NODE_ENV=production unless --force. Stop the API first: a restore under
 * live traffic waits for its locks and then pulls the data from under the running requests.
 * Like backup, it needs DATABASE_URL: the embedded database is restored by copying DATA_DIR back.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { databaseUrl, libpqConnection } from '../src/config/config';
import { listArchive, run, runCommand } from './pg-tools';

/** What the archive says about itself: the database it came from, when, and its tables. */
async function describe(file: string): Promise<{ source: string; created: string; tables: number }> {
  const { listing: stdout, tables } = await listArchive(file);
  const header = (name: string) => new RegExp(`^;\\s+${name}:\\s*(.*)$`, 'm').exec(stdout)?.[1]?.trim() ?? '?';
  return {
    source: header('dbname'),
    created: new RegExp(`^;\\s+Archive created at (.*)$`, 'm').exec(stdout)?.[1]?.trim() ?? '?',
    tables,
  };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const [file] = args.filter((arg) => arg !== '--force');
  if (!file) {
    console.error('Usage: npm run restore -- <backup file> [--force]');
    return 2;
  }
  const url = databaseUrl(process.env);
  if (!url) {
    console.error(
      'Restore needs DATABASE_URL: pg_restore cannot write the embedded database. ' +
        'To restore that, stop the API and copy the saved DATA_DIR back.',
    );
    return 2;
  }
  if (process.env.NODE_ENV === 'production' && !force) {
    console.error('Refusing to overwrite a database with NODE_ENV=production; add --force if you mean it.');
    return 1;
  }
  const path = resolve(file);
  if (!existsSync(path)) {
    console.error(`No such backup: ${path}`);
    return 2;
  }
  const archive = await describe(path);
  const { dbname, env } = libpqConnection(url);
  const started = Date.now();
  await run(
    'pg_restore',
    ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--no-password', `--dbname=${dbname}`, path],
    { env },
  );
  console.log(
    `Restored ${path} (database ${archive.source}, taken ${archive.created}, ${archive.tables} tables) ` +
      `into ${dbname}, replacing what it held of them, in ${Date.now() - started} ms.`,
  );
  return 0;
}

runCommand(main);
