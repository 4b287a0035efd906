import type { DataSource } from 'typeorm';

/**
 * Tables whose rows change with every request by design, malformed or not. Nothing else may
 * change while the fuzzer runs: every fuzzed request is malformed, so none may write.
 */
export const VOLATILE_TABLES: Record<string, string> = {
  // The rate limiter's per-client counters (real PostgreSQL only; the embedded database keeps them
  // in memory): the global limit counts every request before the route even runs, so each fuzzed
  // request increments a counter by design.
  rate_limit_counters: 'counts every request, malformed or not, before routing',
};
// Deliberately *not* excluded: `login_failures` (a malformed login body is refused by validation
// before the throttle records an attempt) and `audit_events` (the API audits changes, not reads).

export interface TableSnapshot {
  checksums: Record<string, string>;
  rows: Record<string, string[]>;
}

async function tables(db: DataSource): Promise<string[]> {
  const rows = await db.query<{ table_name: string }[]>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name).filter((name) => !(name in VOLATILE_TABLES));
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** md5 of every row of every table of the public schema (but the volatile ones), plus the rows to diff. */
export async function snapshot(db: DataSource): Promise<TableSnapshot> {
  const checksums: Record<string, string> = {};
  const rows: Record<string, string[]> = {};
  for (const table of await tables(db)) {
    const [{ checksum, count }] = await db.query<{ checksum: string | null; count: number }[]>(
      `SELECT coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), 'empty') AS checksum, count(*)::int AS count
       FROM ${ident(table)} t`,
    );
    checksums[table] = `${checksum ?? 'empty'} (${count} rows)`;
    const texts = await db.query<{ row: string }[]>(`SELECT t::text AS row FROM ${ident(table)} t ORDER BY 1`);
    rows[table] = texts.map((r) => r.row);
  }
  return { checksums, rows };
}

/** What changed between two snapshots, table by table (rows added and removed), for the failure message. */
export function describeChanges(before: TableSnapshot, after: TableSnapshot): string {
  const lines: string[] = [];
  const names = new Set([...Object.keys(before.checksums), ...Object.keys(after.checksums)]);
  for (const table of [...names].sort()) {
    if (before.checksums[table] === after.checksums[table]) continue;
    const old = new Set(before.rows[table] ?? []);
    const now = new Set(after.rows[table] ?? []);
    lines.push(`${table}: ${before.checksums[table] ?? '(missing)'} → ${after.checksums[table] ?? '(missing)'}`);
    for (const row of now) if (!old.has(row)) lines.push(`  + ${row.slice(0, 300)}`);
    for (const row of old) if (!now.has(row)) lines.push(`  - ${row.slice(0, 300)}`);
  }
  return lines.join('\n');
}
