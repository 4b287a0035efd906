import { JwtService } from '@nestjs/jwt';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { createApp, CreateAppOptions } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/config';
import { createTestDatabase, TestDatabase } from './database';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  db: DataSource;
  database: TestDatabase;
  /** supertest against the in-process server. */
  http: () => TestAgent;
  /** A valid token for a user id (at its current session version), signed exactly as the login endpoint signs it. */
  tokenFor(userId: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Boots the real application on a clean, migrated database of its own. `env` overrides the
 * environment the app reads its configuration from (e.g. RATE_LIMIT_PER_MINUTE). With
 * `shared`, it boots a second instance on that app's database instead (closing it leaves the
 * database to its owner): two API processes behind one load balancer, as far as the database sees.
 * `options` reach `createApp` as main.ts would pass them (e.g. `draining`).
 */
export async function startTestApp(
  env: Record<string, string | undefined> = {},
  shared?: TestDatabase,
  options: Pick<CreateAppOptions, 'draining'> = {},
): Promise<TestApp> {
  const database = shared ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    ...env,
    DATABASE_URL: database.url,
  });
  const app = await createApp(config, { databaseUrl: database.url, poolSize: 5, ...options });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const jwt = app.get(JwtService);
  return {
    app,
    config,
    db: app.get(DataSource),
    database,
    http: () => request(app.getHttpServer()),
    async tokenFor(userId) {
      const [user] = await app
        .get(DataSource)
        .query<{ session_version: number }[]>(`SELECT session_version FROM users WHERE id = $1`, [userId]);
      return jwt.signAsync({ sub: userId, sv: user?.session_version ?? 0 });
    },
    async close() {
      await app.close();
      if (!shared) await database.drop();
    },
  };
}
