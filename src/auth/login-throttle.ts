import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TooManyRequests } from '../common/errors';

export const MAX_FAILED_LOGINS = 5;
export const FAILED_LOGIN_WINDOW_SECONDS = 60;

/**
 * When a blocked key is allowed again: the moment enough of its failures (oldest first, as epoch
 * seconds) have left the window that fewer than the maximum remain. Undefined when not blocked.
 */
export function blockedUntil(failures: number[], max = MAX_FAILED_LOGINS, window = FAILED_LOGIN_WINDOW_SECONDS) {
  return failures.length >= max ? failures[failures.length - max] + window : undefined;
}

/**
 * At most five failed logins per email and per client IP in any sliding minute. Failures live in
 * PostgreSQL so every instance of the API counts the same ones.
 *
 * An attempt is recorded *before* the password is checked and counted with everything recorded
 * before it, so parallel attempts cannot all slip through between a check and a record; a
 * successful attempt removes its own row.
 */
@Injectable()
export class LoginThrottle {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records an attempt (a failure until `succeeded` says otherwise); 429 when over the limit. */
  async begin(email: string, ip: string): Promise<string> {
    const [{ id }] = await this.db.query<{ id: string }[]>(
      `INSERT INTO login_failures (email, ip) VALUES ($1, $2) RETURNING id`,
      [email, ip],
    );
    const [row] = await this.db.query<{ by_email: number[] | null; by_ip: number[] | null; now: number }[]>(
      `SELECT
         array_agg(extract(epoch FROM occurred_at)::float8 ORDER BY occurred_at, id) FILTER (WHERE email = $1) AS by_email,
         array_agg(extract(epoch FROM occurred_at)::float8 ORDER BY occurred_at, id) FILTER (WHERE ip = $2) AS by_ip,
         extract(epoch FROM now())::float8 AS now
       FROM login_failures
       WHERE (email = $1 OR ip = $2) AND id <> $3 AND occurred_at > now() - make_interval(secs => $4)`,
      [email, ip, id, FAILED_LOGIN_WINDOW_SECONDS],
    );
    const until = [blockedUntil(row.by_email ?? []), blockedUntil(row.by_ip ?? [])].filter(
      (t): t is number => t !== undefined,
    );
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
    await this.db.query(`DELETE FROM login_failures WHERE occurred_at < now() - interval '1 hour'`);
  }
}
