/**
 * npm run openapi         write openapi/openapi.json from the code
 * npm run openapi:check   fail when the committed file differs from the code
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp, openApiDocument } from '../src/app.factory';
import { loadConfig } from '../src/config/config';

const FILE = join(__dirname, '..', '..', 'openapi', 'openapi.json');

async function main(): Promise<number> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: undefined });
  // Preview mode builds the module graph without instantiating providers: no database needed.
  const app = await createApp(config, { databaseUrl: 'postgres://unused/unused', preview: true });
  const text = `${JSON.stringify(openApiDocument(app), null, 2)}\n`;
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(FILE, 'utf8');
    } catch {
      committed = '';
    }
    if (committed !== text) {
      console.error('OpenAPI drift: openapi/openapi.json differs from the code. Run `npm run openapi` and commit it.');
      return 1;
    }
    console.log('openapi/openapi.json matches the code.');
    return 0;
  }
  writeFileSync(FILE, text);
  console.log(`Wrote ${FILE}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
