import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type MailTransportName = 'log' | 'smtp' | 'none';

/**
 * How queued mails (registration codes, invitations) leave the outbox: written to the application
 * log (development), sent over SMTP, or not at all (tests; the outbox keeps them).
 */
export type MailConfig = { from: string; pollIntervalMs: number } & (
  | { transport: 'log' | 'none' }
  | { transport: 'smtp'; /** smtp:// or smtps://, credentials allowed: never print it. */ smtpUrl: string }
);

/** The one typed configuration object, read from the environment once at boot. */
export interface AppConfig {
  nodeEnv: NodeEnv;
  port: number;
  /** PostgreSQL URL; undefined means the embedded database under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  jwt: { secret: string; ttlSeconds: number; issuer: string; audience: string };
  corsOrigins: string[];
  /** Where people reach the web app (PUBLIC_URL): mailed links point here. No trailing slash. */
  publicUrl: string;
  rateLimitPerMinute: number;
  /** Fastify's trustProxy: false, true, or the proxies' addresses/CIDRs (for the client IP). */
  trustProxy: boolean | string[];
  admin: { email: string; password: string } | undefined;
  logLevel: LogLevel;
  /** How often published challenges past their deadline are closed (1–60 s, so always within a minute). */
  challengeCloseIntervalSeconds: number;
  /** How often due day-before event reminders are mailed (1–3600 s). */
  eventReminderIntervalSeconds: number;
  /**
   * Bounds on every database call, so that an unreachable or stalled database fails requests fast
   * (503) instead of holding them: connecting or waiting for a pooled connection, and one statement.
   */
  database: { connectTimeoutMs: number; statementTimeoutMs: number };
  mail: MailConfig;
}

/** Thrown for a bad environment; `main.ts` prints its message as one line and exits. */
export class ConfigError extends Error {}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];
const MAIL_TRANSPORTS: readonly MailTransportName[] = ['log', 'smtp', 'none'];
const DEFAULT_MAIL_FROM = 'Testbed Helsingborg <noreply@localhost>';
/** An address, alone or after a display name in angle brackets; nothing that could end the header line. */
const MAIL_FROM = /^(?:[^\s@<>",;]+@[^\s@<>",;]+|[^<>\r\n]*<[^\s@<>",;]+@[^\s@<>",;]+>)$/;
const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

type Env = Record<string, string | undefined>;

function value(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/** `3600`, `45m`, `12h`, `1d` → seconds (5 minutes to 7 days). */
export function parseDuration(name: string, raw: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(raw);
  const seconds = match ? Number(match[1]) * DURATION_UNITS[match[2] || 's'] : NaN;
  if (!(seconds >= 300 && seconds <= 7 * 86400)) {
    throw new ConfigError(`${name} must be a duration between 5m and 7d such as 3600, 45m or 12h, got "${raw}"`);
  }
  return seconds;
}

/** DATABASE_URL, validated; also read alone by the backup and restore scripts, which need nothing else. */
export function databaseUrl(env: Env): string | undefined {
  const raw = value(env, 'DATABASE_URL');
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL must be a URL such as postgres://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL must use the postgres:// scheme, got "${url.protocol}"`);
  }
  return raw;
}

/**
 * How a libpq tool (pg_dump, pg_restore) reaches `url`: the URL without its password as
 * `--dbname`, safe to print, and the password in PGPASSWORD, so that it is not in the process list.
 */
export function libpqConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: password ? { ...process.env, PGPASSWORD: password } : { ...process.env } };
}

function corsOrigins(env: Env): string[] {
  const raw = value(env, 'CORS_ORIGINS');
  if (raw === undefined) return [];
  return raw.split(',').map((origin) => {
    const trimmed = origin.trim();
    let url: URL | undefined;
    try {
      url = new URL(trimmed);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== trimmed) {
      throw new ConfigError(
        `CORS_ORIGINS must be a comma-separated list of origins such as https://app.example.se, got "${trimmed}"`,
      );
    }
    return trimmed;
  });
}

function trustProxy(env: Env): AppConfig['trustProxy'] {
  const raw = value(env, 'TRUST_PROXY');
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  const list = raw.split(',').map((entry) => entry.trim());
  const validEntry = (entry: string): boolean => {
    const [address, prefix, ...rest] = entry.split('/');
    const version = isIP(address);
    if (version === 0 || rest.length > 0) return false;
    return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
  };
  if (list.every(validEntry)) return list;
  throw new ConfigError(`TRUST_PROXY must be false, true or a comma-separated list of proxy addresses, got "${raw}"`);
}

function admin(env: Env): AppConfig['admin'] {
  const email = value(env, 'ADMIN_EMAIL');
  const password = env.ADMIN_PASSWORD;
  if (email === undefined && !password) return undefined;
  if (email === undefined || !password) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new ConfigError(`ADMIN_EMAIL must be an email address, got "${email}"`);
  if (password.length < 12 || password.length > 256) throw new ConfigError('ADMIN_PASSWORD must be 12–256 characters');
  return { email: email.toLowerCase(), password };
}

/**
 * Outside production a missing JWT_SECRET is replaced by a random one persisted in the data
 * folder, so tokens survive restarts without anyone having to invent a secret.
 */
function jwtSecret(env: Env, nodeEnv: NodeEnv, dataDir: string): string {
  const raw = value(env, 'JWT_SECRET');
  if (raw !== undefined) {
    if (raw.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters');
    return raw;
  }
  if (nodeEnv === 'production') throw new ConfigError('JWT_SECRET is required when NODE_ENV=production');
  if (nodeEnv === 'test') return randomBytes(32).toString('hex');
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) {
    const persisted = readFileSync(file, 'utf8').trim();
    if (persisted.length < 32)
      throw new ConfigError(`${file} holds a JWT secret shorter than 32 characters; delete it`);
    return persisted;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** SMTP_URL, validated without ever echoing it: it may hold a password. */
function smtpUrl(env: Env): string {
  const raw = value(env, 'SMTP_URL');
  if (raw === undefined) throw new ConfigError('SMTP_URL is required when MAIL_TRANSPORT=smtp');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SMTP_URL must be a URL such as smtps://user:password@smtp.example.se:465');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError(`SMTP_URL must use the smtp:// or smtps:// scheme, got "${url.protocol}"`);
  }
  if (!url.hostname) throw new ConfigError('SMTP_URL must name a host, such as smtps://smtp.example.se:465');
  return raw;
}

/** `noreply@helsingborg.se` or `Testbed Helsingborg <noreply@helsingborg.se>`. */
function mailFrom(env: Env): string {
  const raw = value(env, 'MAIL_FROM') ?? DEFAULT_MAIL_FROM;
  if (!MAIL_FROM.test(raw)) {
    throw new ConfigError(
      `MAIL_FROM must be an address such as noreply@helsingborg.se or "Testbed <noreply@helsingborg.se>", got ${JSON.stringify(raw)}`,
    );
  }
  return raw;
}

/** No default in production (the operator must choose), and never `log` there: it would put confirmation codes in the logs. */
function mail(env: Env, nodeEnv: NodeEnv): MailConfig {
  if (nodeEnv === 'production' && value(env, 'MAIL_TRANSPORT') === undefined) {
    throw new ConfigError('MAIL_TRANSPORT is required when NODE_ENV=production (smtp, or none)');
  }
  const transport = oneOf(env, 'MAIL_TRANSPORT', MAIL_TRANSPORTS, nodeEnv === 'test' ? 'none' : 'log');
  if (transport === 'log' && nodeEnv === 'production') {
    throw new ConfigError(
      'MAIL_TRANSPORT=log is refused when NODE_ENV=production: it writes confirmation codes into the logs',
    );
  }
  const common = { from: mailFrom(env), pollIntervalMs: integer(env, 'MAIL_POLL_INTERVAL_MS', 2000, 100, 60_000) };
  return transport === 'smtp' ? { ...common, transport, smtpUrl: smtpUrl(env) } : { ...common, transport };
}

/** PUBLIC_URL: an http(s) origin (and optional path) that mailed links start with. */
function publicUrl(env: Env, port: number): string {
  const raw = value(env, 'PUBLIC_URL') ?? `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      `PUBLIC_URL must be a URL such as https://testbed.helsingborg.se, got ${JSON.stringify(raw)}`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`PUBLIC_URL must use http:// or https://, got "${url.protocol}"`);
  }
  if (url.search || url.hash || url.username) {
    throw new ConfigError('PUBLIC_URL must not carry credentials, a query or a fragment');
  }
  return url.href.replace(/\/+$/, '');
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', NODE_ENVS, 'development');
  const dataDir = resolve(value(env, 'DATA_DIR') ?? 'data');
  const ttl = value(env, 'JWT_TTL');
  const port = integer(env, 'PORT', 3000, 0, 65535);
  return {
    nodeEnv,
    port,
    databaseUrl: databaseUrl(env),
    dataDir,
    jwt: {
      secret: jwtSecret(env, nodeEnv, dataDir),
      ttlSeconds: ttl === undefined ? 3600 : parseDuration('JWT_TTL', ttl),
      issuer: 'testbed-platform',
      audience: 'testbed-platform-api',
    },
    corsOrigins: corsOrigins(env),
    publicUrl: publicUrl(env, port),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    trustProxy: trustProxy(env),
    admin: admin(env),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    challengeCloseIntervalSeconds: integer(env, 'CHALLENGE_CLOSE_INTERVAL_SECONDS', 30, 1, 60),
    eventReminderIntervalSeconds: integer(env, 'EVENT_REMINDER_INTERVAL_SECONDS', 60, 1, 3600),
    database: {
      connectTimeoutMs: integer(env, 'DATABASE_CONNECT_TIMEOUT_MS', 5000, 100, 60_000),
      statementTimeoutMs: integer(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 10_000, 100, 600_000),
    },
    mail: mail(env, nodeEnv),
  };
}

/** Injection token for {@link AppConfig}. */
export const APP_CONFIG = Symbol('APP_CONFIG');
