import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TooManyRequests } from '../common/errors';

export const MAX_FAILED_LOGINS = 5;
export const FAILED_LOGIN_WINDOW_SECONDS = 60;

/**
 * At most five failed logins per email and per client IP in any sliding minute. Failures live in
 * PostgreSQL so every instance of the API counts the same ones.
 */
@Injectable()
export class LoginThrottle {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async assertAllowed(email: string, ip: string): Promise<void> {
    const [row] = await this.db.query<
      { by_email: number; by_ip: number; oldest_email: string | null; oldest_ip: string | null; now: string }[]
    >(
      `SELECT
         count(*) FILTER (WHERE email = $1)::int AS by_email,
         count(*) FILTER (WHERE ip = $2)::int AS by_ip,
         extract(epoch FROM min(occurred_at) FILTER (WHERE email = $1)) AS oldest_email,
         extract(epoch FROM min(occurred_at) FILTER (WHERE ip = $2)) AS oldest_ip,
         extract(epoch FROM now()) AS now
       FROM login_failures
       WHERE (email = $1 OR ip = $2) AND occurred_at > now() - make_interval(secs => $3)`,
      [email, ip, FAILED_LOGIN_WINDOW_SECONDS],
    );
    const blocked = [
      row.by_email >= MAX_FAILED_LOGINS ? Number(row.oldest_email) : undefined,
      row.by_ip >= MAX_FAILED_LOGINS ? Number(row.oldest_ip) : undefined,
    ].filter((oldest): oldest is number => oldest !== undefined);
    if (blocked.length === 0) return;
    // Allowed again when the oldest failure counted leaves the window.
    const retryAfter = Math.max(1, Math.ceil(Math.max(...blocked) + FAILED_LOGIN_WINDOW_SECONDS - Number(row.now)));
    throw new TooManyRequests(`Too many failed logins. Try again in ${retryAfter} seconds.`, retryAfter);
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await this.db.query(`INSERT INTO login_failures (email, ip) VALUES ($1, $2)`, [email, ip]);
    // Housekeeping: anything older than an hour no longer counts for anything.
    if (Math.random() < 0.05) {
      await this.db.query(`DELETE FROM login_failures WHERE occurred_at < now() - interval '1 hour'`);
    }
  }
}
