import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** pg_dump and pg_restore, with their output (stderr carries their own error messages). */
export const run = promisify(execFile);

/** The `TABLE DATA` entries of `pg_restore --list <file>`: the tables an archive holds. */
export async function listArchive(file: string): Promise<{ listing: string; tables: number }> {
  const { stdout } = await run('pg_restore', ['--list', file], { maxBuffer: 64 * 1024 * 1024 });
  return { listing: stdout, tables: stdout.split('\n').filter((line) => / TABLE DATA /.test(line)).length };
}

/** Runs a backup or restore command: its exit code, or 1 with the tool's own message (never the URL). */
export function runCommand(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      const failure = error as { code?: unknown; path?: unknown; stderr?: unknown; message?: unknown };
      if (failure.code === 'ENOENT' && typeof failure.path === 'string') {
        console.error(
          `${failure.path} not found: install the PostgreSQL client tools (the server's version or newer).`,
        );
      } else
        console.error(typeof failure.stderr === 'string' && failure.stderr ? failure.stderr.trim() : failure.message);
      process.exit(1);
    },
  );
}
