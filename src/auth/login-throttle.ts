import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TooManyRequests } from '../common/errors';

/** Failures of one account from one client before that client waits, with back-off. */
export const MAX_FAILED_LOGINS = 5;
/** Failures of one IP, whatever the accounts, in a sliding minute (one client spraying many accounts). */
export const FAILED_LOGIN_WINDOW_SECONDS = 60;
/**
 * Failures of one account from all clients together in an hour before every client waits, with
 * back-off: far above five, so that strangers cannot lock the owner out, but a bound on
 * distributed guessing (at most this many guesses an hour, then fewer and fewer).
 */
export const ACCOUNT_FAILURE_CEILING = 100;
/** The memory of the per-account rules, and the longest wait. */
export const BACKOFF_WINDOW_SECONDS = 3600;

/**
 * When a key blocked by a sliding window is allowed again: the moment enough of its failures
 * (oldest first, as epoch seconds) have left the window that fewer than the maximum remain.
 * Undefined when not blocked.
 */
export function blockedUntil(failures: number[], max = MAX_FAILED_LOGINS, window = FAILED_LOGIN_WINDOW_SECONDS) {
  return failures.length >= max ? failures[failures.length - max] + window : undefined;
}

/**
 * Exponential back-off after `threshold` failures (oldest first, epoch seconds, within the last
 * hour): the next attempt waits a minute after the last failure, then two, four … at most an
 * hour. Undefined while below the threshold.
 */
export function backoffUntil(failures: number[], threshold: number): number | undefined {
  if (failures.length < threshold) return undefined;
  const wait = Math.min(60 * 2 ** (failures.length - threshold), BACKOFF_WINDOW_SECONDS);
  return failures[failures.length - 1] + wait;
}

/**
 * Failed logins, counted in PostgreSQL so every instance of the API counts the same ones, under
 * three rules (docs/SECURITY.md, finding 6):
 * - one account from one client (email, IP): five failures, then back-off. The attacker slows
 *   their own guesses; the owner, from their own address, is not affected;
 * - one account from everyone: {@link ACCOUNT_FAILURE_CEILING} an hour, then back-off;
 * - one IP over all accounts: five a minute (password spraying).
 *
 * An attempt is recorded *before* the password is checked and counted with everything recorded
 * before it, so parallel attempts cannot all slip through between a check and a record; a
 * successful attempt removes its own row.
 */
@Injectable()
export class LoginThrottle {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records an attempt (a failure until `succeeded` says otherwise); 429 when a rule blocks it. */
  async begin(email: string, ip: string): Promise<string> {
    const [{ id }] = await this.db.query<{ id: string }[]>(
      `INSERT INTO login_failures (email, ip) VALUES ($1, $2) RETURNING id`,
      [email, ip],
    );
    const [row] = await this.db.query<
      { by_pair: number[] | null; by_email: number[] | null; by_ip: number[] | null; now: number }[]
    >(
      `SELECT
         array_agg(extract(epoch FROM occurred_at)::float8 ORDER BY occurred_at, id) FILTER (WHERE email = $1 AND ip = $2) AS by_pair,
         array_agg(extract(epoch FROM occurred_at)::float8 ORDER BY occurred_at, id) FILTER (WHERE email = $1) AS by_email,
         array_agg(extract(epoch FROM occurred_at)::float8 ORDER BY occurred_at, id)
           FILTER (WHERE ip = $2 AND occurred_at > now() - make_interval(secs => $4)) AS by_ip,
         extract(epoch FROM now())::float8 AS now
       FROM login_failures
       WHERE (email = $1 OR ip = $2) AND id <> $3 AND occurred_at > now() - make_interval(secs => $5)`,
      [email, ip, id, FAILED_LOGIN_WINDOW_SECONDS, BACKOFF_WINDOW_SECONDS],
    );
    const until = [
      backoffUntil(row.by_pair ?? [], MAX_FAILED_LOGINS),
      backoffUntil(row.by_email ?? [], ACCOUNT_FAILURE_CEILING),
      blockedUntil(row.by_ip ?? []),
    ].filter((t): t is number => t !== undefined && t > row.now);
    if (until.length === 0) return id;
    // A refused attempt is not a failure: it must not extend the block.
    await this.db.query(`DELETE FROM login_failures WHERE id = $1`, [id]);
    const retryAfter = Math.max(1, Math.ceil(Math.max(...until) - row.now));
    throw new TooManyRequests(`Too many failed logins. Try again in ${retryAfter} seconds.`, retryAfter);
  }

  /** The attempt was a success after all: it does not count. */
  async succeeded(attemptId: string): Promise<void> {
    await this.db.query(`DELETE FROM login_failures WHERE id = $1`, [attemptId]);
  }

  /** Housekeeping: failures older than an hour no longer count for anything. */
  async prune(): Promise<void> {
    await this.db.query(`DELETE FROM login_failures WHERE occurred_at < now() - make_interval(secs => $1)`, [
      BACKOFF_WINDOW_SECONDS,
    ]);
  }
}
