import { AppConfig, loadConfig } from '../../src/config/config';

export const BENCH_JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256-000';

/** The API as production runs it, minus what would measure something else: logs and the rate limit. */
export function benchConfig(env: Record<string, string | undefined> = {}): AppConfig {
  return loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    // No mail leaves a bench run.
    MAIL_TRANSPORT: 'none',
    JWT_SECRET: BENCH_JWT_SECRET,
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'silent',
    CHALLENGE_CLOSE_INTERVAL_SECONDS: '60',
    ...env,
  });
}
