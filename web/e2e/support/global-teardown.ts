import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { AXE_LOG, STATE_FILE } from './environment';

/** Stops the suite's server, drops its database and prints the axe summary. */
export default async function globalTeardown(): Promise<void> {
  const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { pid: number; database: string; admin: string };
  try {
    process.kill(state.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const client = new Client({ connectionString: state.admin });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${state.database} WITH (FORCE)`);
  await client.end();

  const checks = readFileSync(AXE_LOG, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { violations: number });
  const violations = checks.reduce((sum, check) => sum + check.violations, 0);
  console.log(
    `axe (wcag2a, wcag2aa, wcag21a, wcag21aa): ${checks.length} page states checked, ${violations} violations`,
  );
}
