import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/config';
import { loadMigrations } from '../src/database/data-source-options';
import { openDatabase } from '../src/database/database-connection';
import { createUser } from './factories/users';
import { createEmptyDatabase } from './support/database';
import { startTestApp } from './support/test-app';

const testConfig = (databaseUrl?: string) =>
  loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: 'x'.repeat(40), DATABASE_URL: databaseUrl });

async function boot(url: string): Promise<NestFastifyApplication> {
  const app = await createApp(testConfig(url), { databaseUrl: url, poolSize: 2 });
  await app.init();
  return app;
}

/** Everything a migration could change, as one comparable value. */
async function schemaFingerprint(db: DataSource): Promise<unknown> {
  return {
    columns: await db.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`,
    ),
    indexes: await db.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`),
    migrations: await db.query(`SELECT id, timestamp, name FROM migrations ORDER BY id`),
    departments: await db.query(`SELECT id, slug FROM departments ORDER BY slug`),
  };
}

describe('boot', () => {
  it('migrates an empty database on first start; a second start changes nothing', async () => {
    const database = await createEmptyDatabase();
    try {
      const first = await boot(database.url);
      const migrations = await first.get(DataSource).query<{ name: string }[]>(`SELECT name FROM migrations`);
      expect(migrations).toHaveLength(loadMigrations().length);
      expect(migrations.length).toBeGreaterThan(0);
      const before = await schemaFingerprint(first.get(DataSource));
      await first.close();

      const second = await boot(database.url);
      expect(await schemaFingerprint(second.get(DataSource))).toEqual(before);
      await second.close();
    } finally {
      await database.drop();
    }
  });

  it('keeps the embedded database in its data folder across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'testbed-data-'));
    try {
      const first = await openDatabase(undefined, dataDir);
      expect(first.embedded).toBe(true);
      const app = await boot(first.url);
      await app
        .get(DataSource)
        .query(`INSERT INTO departments (name, slug) VALUES ('Kulturförvaltningen', 'kulturforvaltningen')`);
      await app.close();
      await first.stop();

      const second = await openDatabase(undefined, dataDir);
      const again = await boot(second.url);
      const rows = await again
        .get(DataSource)
        .query<{ name: string }[]>(`SELECT name FROM departments WHERE slug = 'kulturforvaltningen'`);
      expect(rows).toEqual([{ name: 'Kulturförvaltningen' }]);
      await again.close();
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('graceful shutdown', () => {
  it('finishes an in-flight request, then refuses new connections', async () => {
    const t = await startTestApp();
    const user = await createUser(t);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.getHttpServer().address() as AddressInfo;

    const send = (body: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          {
            port,
            host: '127.0.0.1',
            method: 'POST',
            path: '/api/v1/auth/login',
            agent: false,
            headers: { 'content-type': 'application/json', connection: 'close' },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });

    // A login verifies an argon2id hash (tens of milliseconds): long enough to be in flight.
    const inFlight = send(JSON.stringify({ email: user.email, password: user.password }));
    await new Promise((resolve) => setTimeout(resolve, 15));
    const closing = t.app.close();
    expect(await inFlight).toBe(200);
    await closing;
    await expect(send('{}')).rejects.toThrow(/ECONNREFUSED/);
    await t.database.drop();
  });
});
