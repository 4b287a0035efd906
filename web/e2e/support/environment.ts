import { join } from 'node:path';

/** Where the suite's server listens (a port of its own, so a running `npm start` does not matter). */
export const PORT = Number(process.env.WEB_E2E_PORT ?? 3410);
export const BASE_URL = `http://127.0.0.1:${PORT}`;
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Git-ignored: screenshots (375 and 1280 px), the axe log, Playwright's traces. */
export const OUTPUT_DIR = join(__dirname, '..', 'output');
export const SCREENSHOT_DIR = join(OUTPUT_DIR, 'screenshots');
export const AXE_LOG = join(OUTPUT_DIR, 'axe.jsonl');
export const STATE_FILE = join(OUTPUT_DIR, 'server.json');

/** The suite's own database on the PostgreSQL server of DATABASE_URL (or the local one). */
export function databaseUrls(): { admin: string; suite: string; name: string } {
  const base = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = `testbed_web_e2e_${process.pid}`;
  const admin = new URL(base);
  admin.pathname = '/postgres';
  const suite = new URL(base);
  suite.pathname = `/${name}`;
  return { admin: admin.toString(), suite: suite.toString(), name };
}
