import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import type { Pool } from 'pg';

type Callback = (error: Error | null, result: { current: number; ttl: number }) => void;
type ChildOptions = Parameters<FastifyRateLimitStore['child']>[0] & {
  routeInfo?: { method?: string | string[]; url?: string };
};

/** How often (in counted requests) a store instance deletes counters of long-gone windows. */
const PRUNE_EVERY = 1000;

/**
 * A store for @fastify/rate-limit that keeps the counters in PostgreSQL: one UPSERT per request,
 * atomic, so two API instances count one client's requests together. Keyed per route and client
 * IP for routes with a limit of their own, per client IP for the global limit, like the plugin's
 * in-memory store. It uses its own small pool, so a saturated application
 * pool does not hold up the decision whether to serve a request at all.
 */
export function postgresRateLimitStore(pool: Pool) {
  let counted = 0;

  return class PostgresRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options: unknown,
      private readonly route = '',
    ) {}

    incr(ip: string, callback: Callback, timeWindow: number): void {
      pool
        .query<{ count: number; ttl: number }>(
          `INSERT INTO rate_limit_counters AS r (key, window_start, count) VALUES ($1, now(), 1)
           ON CONFLICT (key) DO UPDATE SET
             count = CASE WHEN r.window_start + make_interval(secs => $2 / 1000.0) <= now() THEN 1 ELSE r.count + 1 END,
             window_start = CASE WHEN r.window_start + make_interval(secs => $2 / 1000.0) <= now() THEN now()
                                 ELSE r.window_start END
           RETURNING count,
             greatest(0, extract(epoch FROM window_start + make_interval(secs => $2 / 1000.0) - now()) * 1000)::float8 AS ttl`,
          [`${this.route}|${ip}`, timeWindow],
        )
        .then(({ rows: [row] }) => callback(null, { current: row.count, ttl: Math.ceil(row.ttl) }))
        .catch((error: Error) => callback(error, { current: 0, ttl: 0 }));
      counted += 1;
      if (counted % PRUNE_EVERY === 0) {
        void pool
          .query(`DELETE FROM rate_limit_counters WHERE window_start < now() - interval '1 day'`)
          .catch(() => undefined);
      }
    }

    /** The current count without counting this look (the plugin's `increment: false`). */
    read(ip: string, callback: Callback, timeWindow: number): void {
      pool
        .query<{ count: number; ttl: number }>(
          `SELECT count, extract(epoch FROM window_start + make_interval(secs => $2 / 1000.0) - now()) * 1000 AS ttl
           FROM rate_limit_counters WHERE key = $1 AND window_start + make_interval(secs => $2 / 1000.0) > now()`,
          [`${this.route}|${ip}`, timeWindow],
        )
        .then(({ rows: [row] }) =>
          callback(null, row ? { current: row.count, ttl: Math.ceil(row.ttl) } : { current: 0, ttl: 0 }),
        )
        .catch((error: Error) => callback(error, { current: 0, ttl: 0 }));
    }

    /** A store for a route with its own limit: its counters are kept apart from the global ones. */
    child(routeOptions: ChildOptions): PostgresRateLimitStore {
      const method = [routeOptions.routeInfo?.method ?? ''].flat().join(',');
      return new PostgresRateLimitStore(routeOptions, `${method} ${routeOptions.routeInfo?.url ?? ''}`);
    }
  };
}
