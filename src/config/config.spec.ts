import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, libpqConnection, loadConfig, parseDuration } from './config';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

describe('loadConfig', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'testbed-config-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A base environment that never writes outside the temporary data folder. */
  const load = (env: Record<string, string | undefined>) => loadConfig({ DATA_DIR: dataDir, ...env });

  /** Asserts a ConfigError whose message names the variable, as one line. */
  function expectConfigError(env: Record<string, string | undefined>, name: string): void {
    let caught: unknown;
    try {
      load(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as ConfigError).message;
    expect(message).toContain(name);
    expect(message).not.toContain('\n');
  }

  describe('defaults', () => {
    it('development: port 3000, 600 requests a minute, 1 h tokens, info logs, no CORS, no proxy, no admin', () => {
      const config = load({ JWT_SECRET: SECRET });
      expect(config).toMatchObject({
        nodeEnv: 'development',
        port: 3000,
        databaseUrl: undefined,
        dataDir,
        corsOrigins: [],
        rateLimitPerMinute: 600,
        trustProxy: false,
        admin: undefined,
        logLevel: 'info',
      });
      expect(config.jwt).toEqual({
        secret: SECRET,
        ttlSeconds: 3600,
        issuer: 'testbed-platform',
        audience: 'testbed-platform-api',
      });
    });

    it('test: logs are silent', () => {
      expect(load({ NODE_ENV: 'test' }).logLevel).toBe('silent');
    });

    it('production: logs at info', () => {
      expect(load({ NODE_ENV: 'production', JWT_SECRET: SECRET, MAIL_TRANSPORT: 'none' }).logLevel).toBe('info');
    });

    it('treats empty and blank variables as unset', () => {
      const config = load({ NODE_ENV: 'test', PORT: '', RATE_LIMIT_PER_MINUTE: '   ', CORS_ORIGINS: '' });
      expect(config.port).toBe(3000);
      expect(config.rateLimitPerMinute).toBe(600);
      expect(config.corsOrigins).toEqual([]);
    });

    it('an unknown NODE_ENV is refused', () => {
      expectConfigError({ NODE_ENV: 'staging' }, 'NODE_ENV');
    });
  });

  describe('PORT', () => {
    it.each(['0', '8080', '65535', ' 4000 '])('accepts %p', (port) => {
      expect(load({ NODE_ENV: 'test', PORT: port }).port).toBe(Number(port));
    });

    it.each(['abc', '70000', '65536', '-1', '3000.5', '1e3'])('refuses %p, naming PORT', (port) => {
      expectConfigError({ NODE_ENV: 'test', PORT: port }, 'PORT');
    });
  });

  describe('CHALLENGE_CLOSE_INTERVAL_SECONDS', () => {
    it('defaults to 30 and accepts 1–60, so expired challenges close within a minute', () => {
      expect(load({ NODE_ENV: 'test' }).challengeCloseIntervalSeconds).toBe(30);
      expect(load({ NODE_ENV: 'test', CHALLENGE_CLOSE_INTERVAL_SECONDS: '1' }).challengeCloseIntervalSeconds).toBe(1);
    });
    it.each(['0', '61', 'soon', '-5'])('refuses %s', (interval) => {
      expectConfigError(
        { NODE_ENV: 'test', CHALLENGE_CLOSE_INTERVAL_SECONDS: interval },
        'CHALLENGE_CLOSE_INTERVAL_SECONDS',
      );
    });
  });

  describe('EVENT_REMINDER_INTERVAL_SECONDS', () => {
    it('defaults to 60 and accepts 1–3600', () => {
      expect(load({ NODE_ENV: 'test' }).eventReminderIntervalSeconds).toBe(60);
      expect(load({ NODE_ENV: 'test', EVENT_REMINDER_INTERVAL_SECONDS: '3600' }).eventReminderIntervalSeconds).toBe(
        3600,
      );
    });
    it.each(['0', '3601', 'daily'])('refuses %s', (interval) => {
      expectConfigError(
        { NODE_ENV: 'test', EVENT_REMINDER_INTERVAL_SECONDS: interval },
        'EVENT_REMINDER_INTERVAL_SECONDS',
      );
    });
  });

  describe('DATABASE_CONNECT_TIMEOUT_MS and DATABASE_STATEMENT_TIMEOUT_MS', () => {
    it('default to 5 s to connect and 10 s a statement', () => {
      expect(load({ NODE_ENV: 'test' }).database).toEqual({ connectTimeoutMs: 5000, statementTimeoutMs: 10_000 });
    });

    it('accept milliseconds', () => {
      const config = load({
        NODE_ENV: 'test',
        DATABASE_CONNECT_TIMEOUT_MS: '750',
        DATABASE_STATEMENT_TIMEOUT_MS: '2500',
      });
      expect(config.database).toEqual({ connectTimeoutMs: 750, statementTimeoutMs: 2500 });
    });

    it.each(['0', '99', '60001', '5s', '-1'])('refuse a connect timeout of %p', (raw) => {
      expectConfigError({ NODE_ENV: 'test', DATABASE_CONNECT_TIMEOUT_MS: raw }, 'DATABASE_CONNECT_TIMEOUT_MS');
    });

    it.each(['0', '99', '600001', '10s'])('refuse a statement timeout of %p', (raw) => {
      expectConfigError({ NODE_ENV: 'test', DATABASE_STATEMENT_TIMEOUT_MS: raw }, 'DATABASE_STATEMENT_TIMEOUT_MS');
    });
  });

  describe('RATE_LIMIT_PER_MINUTE', () => {
    it('accepts a positive integer', () => {
      expect(load({ NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '3' }).rateLimitPerMinute).toBe(3);
    });

    it.each(['0', 'many', '-5'])('refuses %p', (limit) => {
      expectConfigError({ NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: limit }, 'RATE_LIMIT_PER_MINUTE');
    });
  });

  describe('JWT_SECRET', () => {
    it('is required in production', () => {
      expectConfigError({ NODE_ENV: 'production' }, 'JWT_SECRET');
    });

    it('must be at least 32 characters, in every environment', () => {
      for (const NODE_ENV of ['development', 'production', 'test']) {
        expectConfigError({ NODE_ENV, JWT_SECRET: 'x'.repeat(31) }, 'JWT_SECRET');
      }
      expect(load({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), MAIL_TRANSPORT: 'none' }).jwt.secret).toBe(
        'x'.repeat(32),
      );
    });

    it('production with a secret writes nothing to the data folder', () => {
      load({ NODE_ENV: 'production', JWT_SECRET: SECRET, MAIL_TRANSPORT: 'none' });
      expect(readdirSync(dataDir)).toEqual([]);
    });

    it('development without one generates a secret, persisted in DATA_DIR/jwt-secret with mode 0600', () => {
      const first = load({ NODE_ENV: 'development' });
      const second = load({ NODE_ENV: 'development' });
      expect(first.jwt.secret.length).toBeGreaterThanOrEqual(32);
      expect(second.jwt.secret).toBe(first.jwt.secret);
      const file = join(dataDir, 'jwt-secret');
      expect(statSync(file).mode & 0o777).toBe(0o600);
    });

    it('development creates a missing DATA_DIR for the secret', () => {
      const nested = join(dataDir, 'a', 'b');
      const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: nested });
      expect(config.dataDir).toBe(nested);
      expect(existsSync(join(nested, 'jwt-secret'))).toBe(true);
    });

    it('different data folders get different secrets', () => {
      const other = mkdtempSync(join(tmpdir(), 'testbed-config-'));
      try {
        const a = load({ NODE_ENV: 'development' });
        const b = loadConfig({ NODE_ENV: 'development', DATA_DIR: other });
        expect(a.jwt.secret).not.toBe(b.jwt.secret);
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    });

    it('test without one gets a random secret and writes no file', () => {
      const a = load({ NODE_ENV: 'test' });
      const b = load({ NODE_ENV: 'test' });
      expect(a.jwt.secret.length).toBeGreaterThanOrEqual(32);
      expect(a.jwt.secret).not.toBe(b.jwt.secret);
      expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false);
    });
  });

  describe('JWT_TTL', () => {
    it.each([
      ['15m', 900],
      ['12h', 43_200],
      ['1d', 86_400],
      ['3600', 3600],
    ])('%p → %p seconds', (ttl, seconds) => {
      expect(load({ NODE_ENV: 'test', JWT_TTL: ttl }).jwt.ttlSeconds).toBe(seconds);
    });

    it.each(['soon', '10s', '8d', '-1h'])('refuses %p, naming JWT_TTL', (ttl) => {
      expectConfigError({ NODE_ENV: 'test', JWT_TTL: ttl }, 'JWT_TTL');
    });
  });

  describe('DATABASE_URL', () => {
    it.each(['postgres://u:p@db:5432/testbed', 'postgresql://db/testbed'])('accepts %p', (url) => {
      expect(load({ NODE_ENV: 'test', DATABASE_URL: url }).databaseUrl).toBe(url);
    });

    it.each(['mysql://x', 'not a url', 'http://db:5432/testbed'])('refuses %p, naming DATABASE_URL', (url) => {
      expectConfigError({ NODE_ENV: 'test', DATABASE_URL: url }, 'DATABASE_URL');
    });

    it('does not echo a malformed URL, which may hold a password', () => {
      expect(() => load({ NODE_ENV: 'test', DATABASE_URL: 'postgres//user:hunter2@db' })).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
      );
    });
  });

  describe('CORS_ORIGINS', () => {
    it('splits a comma-separated list and trims it', () => {
      expect(load({ NODE_ENV: 'test', CORS_ORIGINS: 'https://a.se, https://b.se' }).corsOrigins).toEqual([
        'https://a.se',
        'https://b.se',
      ]);
    });

    it('accepts an origin with a port', () => {
      expect(load({ NODE_ENV: 'test', CORS_ORIGINS: 'http://localhost:5173' }).corsOrigins).toEqual([
        'http://localhost:5173',
      ]);
    });

    it.each(['https://a.se/path', 'https://a.se/', 'a.se', 'ftp://a.se', '*', 'https://a.se,'])(
      'refuses %p, naming CORS_ORIGINS',
      (origins) => {
        expectConfigError({ NODE_ENV: 'test', CORS_ORIGINS: origins }, 'CORS_ORIGINS');
      },
    );
  });

  describe('ADMIN_EMAIL and ADMIN_PASSWORD', () => {
    it('sets the bootstrap admin, email in lower case', () => {
      const config = load({ NODE_ENV: 'test', ADMIN_EMAIL: 'Admin@Helsingborg.SE', ADMIN_PASSWORD: 'long-enough-pw' });
      expect(config.admin).toEqual({ email: 'admin@helsingborg.se', password: 'long-enough-pw' });
    });

    it('an email without a password is refused', () => {
      expectConfigError({ NODE_ENV: 'test', ADMIN_EMAIL: 'admin@helsingborg.se' }, 'ADMIN_PASSWORD');
    });

    it('a password without an email is refused', () => {
      expectConfigError({ NODE_ENV: 'test', ADMIN_PASSWORD: 'long-enough-pw' }, 'ADMIN_EMAIL');
    });

    it('a password shorter than 12 characters is refused', () => {
      expectConfigError(
        { NODE_ENV: 'test', ADMIN_EMAIL: 'admin@helsingborg.se', ADMIN_PASSWORD: 'x'.repeat(11) },
        'ADMIN_PASSWORD',
      );
      expect(
        load({ NODE_ENV: 'test', ADMIN_EMAIL: 'admin@helsingborg.se', ADMIN_PASSWORD: 'x'.repeat(12) }).admin,
      ).toBeDefined();
    });

    it('a malformed email is refused', () => {
      expectConfigError({ NODE_ENV: 'test', ADMIN_EMAIL: 'admin', ADMIN_PASSWORD: 'long-enough-pw' }, 'ADMIN_EMAIL');
    });
  });

  describe('LOG_LEVEL', () => {
    it('accepts a pino level', () => {
      expect(load({ NODE_ENV: 'test', LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    });

    it('refuses an unknown level, naming LOG_LEVEL', () => {
      expectConfigError({ NODE_ENV: 'test', LOG_LEVEL: 'loud' }, 'LOG_LEVEL');
    });
  });

  describe('MAIL_TRANSPORT', () => {
    const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: SECRET };
    const SMTP = { NODE_ENV: 'test', MAIL_TRANSPORT: 'smtp' };

    it('development writes mails to the log, tests send none, both polling every 2 s', () => {
      expect(load({ JWT_SECRET: SECRET }).mail).toEqual({
        transport: 'log',
        from: 'Testbed Helsingborg <noreply@localhost>',
        pollIntervalMs: 2000,
      });
      expect(load({ NODE_ENV: 'test' }).mail.transport).toBe('none');
    });

    it('is required in production, where smtp and none are accepted', () => {
      expectConfigError(PRODUCTION, 'MAIL_TRANSPORT');
      expect(() => load(PRODUCTION)).toThrow('MAIL_TRANSPORT is required when NODE_ENV=production');
      expect(load({ ...PRODUCTION, MAIL_TRANSPORT: 'none' }).mail.transport).toBe('none');
      expect(load({ ...PRODUCTION, MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtps://mail.example.se' }).mail).toMatchObject({
        transport: 'smtp',
        smtpUrl: 'smtps://mail.example.se',
      });
    });

    it('log is refused in production: confirmation codes would end up in the logs', () => {
      expectConfigError({ ...PRODUCTION, MAIL_TRANSPORT: 'log' }, 'MAIL_TRANSPORT');
      expect(() => load({ ...PRODUCTION, MAIL_TRANSPORT: 'log' })).toThrow(/logs/);
    });

    it('log may be chosen outside production', () => {
      expect(load({ NODE_ENV: 'test', MAIL_TRANSPORT: 'log' }).mail.transport).toBe('log');
    });

    it.each(['sendmail', 'SMTP', 'true'])('refuses %p', (transport) => {
      expectConfigError({ NODE_ENV: 'test', MAIL_TRANSPORT: transport }, 'MAIL_TRANSPORT');
    });

    it('smtp needs SMTP_URL', () => {
      expectConfigError(SMTP, 'SMTP_URL');
    });

    it.each([
      'smtp://localhost:1025',
      'smtps://mail.example.se',
      'smtp://user%40example.se:p%40ss@mail.example.se:587',
      'smtp://user:secret@[::1]:2525',
    ])('accepts SMTP_URL %p, credentials included', (url) => {
      expect(load({ ...SMTP, SMTP_URL: url }).mail).toMatchObject({ transport: 'smtp', smtpUrl: url });
    });

    it.each(['http://mail.example.se', 'mail.example.se:25', 'smtp:mail', 'not a url', 'postgres://db/x'])(
      'refuses SMTP_URL %p',
      (url) => {
        expectConfigError({ ...SMTP, SMTP_URL: url }, 'SMTP_URL');
      },
    );

    it('never echoes SMTP_URL, which may hold a password', () => {
      for (const url of ['smtp//user:hunter22@mail', 'https://user:hunter22@mail', 'smtp:user:hunter22']) {
        expect(() => load({ ...SMTP, SMTP_URL: url })).toThrow(
          expect.objectContaining({ message: expect.not.stringContaining('hunter22') }),
        );
      }
    });

    it('SMTP_URL is not read unless the transport is smtp', () => {
      expect(load({ NODE_ENV: 'test', SMTP_URL: 'not a url' }).mail).not.toHaveProperty('smtpUrl');
    });
  });

  describe('MAIL_FROM', () => {
    it.each(['noreply@helsingborg.se', 'Testbed Helsingborg <noreply@helsingborg.se>', '"Testbed, HBG" <a@b>'])(
      'accepts %p',
      (from) => {
        expect(load({ NODE_ENV: 'test', MAIL_FROM: from }).mail.from).toBe(from);
      },
    );

    it.each([
      'Testbed Helsingborg',
      'noreply',
      '<>',
      'Testbed <noreply>',
      'a@b, c@d',
      'Testbed <a@b> extra',
      'Testbed\r\nBcc: x@y <a@b>',
    ])('refuses %p', (from) => {
      expectConfigError({ NODE_ENV: 'test', MAIL_FROM: from }, 'MAIL_FROM');
    });
  });

  describe('MAIL_POLL_INTERVAL_MS', () => {
    it('accepts 100–60000 ms', () => {
      expect(load({ NODE_ENV: 'test', MAIL_POLL_INTERVAL_MS: '100' }).mail.pollIntervalMs).toBe(100);
      expect(load({ NODE_ENV: 'test', MAIL_POLL_INTERVAL_MS: '60000' }).mail.pollIntervalMs).toBe(60_000);
    });

    it.each(['0', '99', '60001', '2s'])('refuses %p', (interval) => {
      expectConfigError({ NODE_ENV: 'test', MAIL_POLL_INTERVAL_MS: interval }, 'MAIL_POLL_INTERVAL_MS');
    });
  });

  describe('TRUST_PROXY', () => {
    it.each([
      ['false', false],
      ['true', true],
      ['10.0.0.1', ['10.0.0.1']],
      ['10.0.0.1,10.0.0.0/8', ['10.0.0.1', '10.0.0.0/8']],
      ['10.0.0.1, ::1', ['10.0.0.1', '::1']],
    ])('%p → %p', (raw, expected) => {
      expect(load({ NODE_ENV: 'test', TRUST_PROXY: raw }).trustProxy).toEqual(expected);
    });

    it.each(['nonsense', 'yes', '10.0.0.1,proxy.local'])('refuses %p, naming TRUST_PROXY', (raw) => {
      expectConfigError({ NODE_ENV: 'test', TRUST_PROXY: raw }, 'TRUST_PROXY');
    });
  });
});

describe('parseDuration', () => {
  it.each([
    ['300', 300],
    ['5m', 300],
    ['45m', 2700],
    ['12h', 43_200],
    ['1d', 86_400],
    ['7d', 604_800],
    ['3600s', 3600],
  ])('%p → %p seconds', (raw, seconds) => {
    expect(parseDuration('X', raw)).toBe(seconds);
  });

  it.each(['', 'soon', '10s', '299', '4m', '8d', '604801', '1.5h', '1w', '-5m', ' 5m', '5 m', 'm'])(
    'refuses %p (outside 5 minutes to 7 days, or not a duration)',
    (raw) => {
      expect(() => parseDuration('JWT_TTL', raw)).toThrow(ConfigError);
      expect(() => parseDuration('JWT_TTL', raw)).toThrow(/JWT_TTL/);
    },
  );
});

describe('libpqConnection', () => {
  it('moves the password out of the URL (and so out of the process list) into PGPASSWORD', () => {
    const { dbname, env } = libpqConnection('postgres://backup:s3cr%40t@db.example.se:5433/testbed?sslmode=require');
    expect(dbname).toBe('postgres://backup@db.example.se:5433/testbed?sslmode=require');
    expect(env.PGPASSWORD).toBe('s3cr@t');
  });

  it('leaves PGPASSWORD alone when the URL has no password', () => {
    const { dbname, env } = libpqConnection('postgres://postgres@127.0.0.1:5432/testbed');
    expect(dbname).toBe('postgres://postgres@127.0.0.1:5432/testbed');
    expect(env.PGPASSWORD).toBe(process.env.PGPASSWORD);
  });
});
