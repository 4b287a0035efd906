import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import type { Pool } from 'pg';

type Callback = (error: Error | null, result: { current: number; ttl: number }) => void;
type ChildOptions = Parameters<FastifyRateLimitStore['child']>[0] & {
  routeInfo?: { method?: string | string[]; url?: string };
};

/** What one instance knows of one client's window. */
interface Window {
  /** The count in PostgreSQL when this instance last wrote or read it (every instance's requests). */
  shared: number;
  /** Requests this instance has let through and not yet written. */
  pending: number;
  /** When the window ends, on this process's clock. */
  resetAt: number;
  timeWindow: number;
}

export interface RateLimitCountsOptions {
  /** How often the pending counts are written, in ms. */
  flushMs?: number;
  /** Below this share of its limit a client is counted locally; from it on, in PostgreSQL first. */
  localShare?: number;
  /** Clients remembered at most (beyond, every request is counted in PostgreSQL). */
  maxClients?: number;
}

/** How often (in flushes) stale counters of long-gone windows are deleted. */
const PRUNE_EVERY = 300;

/**
 * The rate limit's counters, shared by every instance through PostgreSQL without a database round
 * trip per request (docs/adr/0006-rate-limit-counted-locally.md). Far from its limit a client's
 * requests are counted in memory and written in one statement for all clients every `flushMs`;
 * from `localShare` of its limit on, each request is counted in PostgreSQL before it is answered,
 * atomically, with this instance's pending ones. Accuracy: one instance counts exactly; with
 * several, a client can exceed its limit only by requests the other instances let through locally
 * and have not yet written, that is at most what it sent them in one flush interval, and never more
 * than `localShare` of the limit per other instance.
 */
export class RateLimitCounts {
  private readonly windows = new Map<string, Window>();
  private readonly timer: NodeJS.Timeout;
  private readonly flushMs: number;
  private readonly localShare: number;
  private readonly maxClients: number;
  private flushing: Promise<void> | null = null;
  private flushes = 0;

  constructor(
    private readonly pool: Pool,
    options: RateLimitCountsOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 200;
    this.localShare = options.localShare ?? 0.5;
    this.maxClients = options.maxClients ?? 50_000;
    this.timer = setInterval(() => void this.flush(), this.flushMs);
    // The counters never keep a process alive on their own.
    this.timer.unref();
  }

  /** Counts one request of `key` and answers its count in the window and the window's time left. */
  async incr(key: string, timeWindow: number, max: number): Promise<{ current: number; ttl: number }> {
    const now = Date.now();
    let window = this.windows.get(key);
    if (window && (now >= window.resetAt || window.timeWindow !== timeWindow)) {
      // Requests of an ended window are not carried into the next one.
      this.windows.delete(key);
      window = undefined;
    }
    if (window && window.shared + window.pending + 1 <= Math.floor(max * this.localShare)) {
      window.pending += 1;
      return { current: window.shared + window.pending, ttl: window.resetAt - now };
    }
    const taken = window?.pending ?? 0;
    if (window) window.pending -= taken;
    try {
      const [row] = await this.add([key], [taken + 1], timeWindow);
      this.remember(key, row, timeWindow);
      return { current: row.count, ttl: row.ttl };
    } catch (error) {
      if (window) window.pending += taken;
      throw error;
    }
  }

  /** The count of `key` in its window without counting this look. */
  async read(key: string, timeWindow: number): Promise<{ current: number; ttl: number }> {
    const { rows } = await this.pool.query<{ count: number; ttl: number }>(
      `SELECT count, extract(epoch FROM window_start + make_interval(secs => $2 / 1000.0) - now()) * 1000 AS ttl
       FROM rate_limit_counters WHERE key = $1 AND window_start + make_interval(secs => $2 / 1000.0) > now()`,
      [key, timeWindow],
    );
    const pending = this.windows.get(key)?.pending ?? 0;
    return rows[0]
      ? { current: rows[0].count + pending, ttl: Math.ceil(rows[0].ttl) }
      : { current: pending, ttl: pending ? timeWindow : 0 };
  }

  /** Writes every pending count (one statement per time window), and forgets ended windows. */
  flush(): Promise<void> {
    this.flushing ??= this.writePending().finally(() => (this.flushing = null));
    return this.flushing;
  }

  /** Stops the timer and writes what is pending. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush().catch(() => undefined);
  }

  private async writePending(): Promise<void> {
    const now = Date.now();
    const batches = new Map<number, { keys: string[]; counts: number[] }>();
    for (const [key, window] of this.windows) {
      if (now >= window.resetAt) {
        this.windows.delete(key);
      } else if (window.pending > 0) {
        const batch = batches.get(window.timeWindow) ?? { keys: [], counts: [] };
        batch.keys.push(key);
        batch.counts.push(window.pending);
        batches.set(window.timeWindow, batch);
        window.pending = 0;
      }
    }
    for (const [timeWindow, { keys, counts }] of batches) {
      try {
        const rows = await this.add(keys, counts, timeWindow);
        for (const row of rows) this.remember(row.key, row, timeWindow);
      } catch {
        // The database is away: the counts wait for the next flush (the requests themselves fail
        // or wait on the application's pool, whose errors are reported there).
        keys.forEach((key, i) => {
          const window = this.windows.get(key);
          if (window) window.pending += counts[i];
        });
      }
    }
    this.flushes += 1;
    if (this.flushes % PRUNE_EVERY === 0) {
      await this.pool
        .query(`DELETE FROM rate_limit_counters WHERE window_start < now() - interval '1 day'`)
        .catch(() => undefined);
    }
  }

  /**
   * Adds `counts` to the keys' windows in one atomic statement, starting a new window where the
   * old one has ended. Sorted by key, so that two instances' batches lock rows in the same order.
   */
  private async add(
    keys: string[],
    counts: number[],
    timeWindow: number,
  ): Promise<{ key: string; count: number; ttl: number }[]> {
    const { rows } = await this.pool.query<{ key: string; count: number; ttl: number }>(
      `INSERT INTO rate_limit_counters AS r (key, window_start, count)
       SELECT k, now(), n FROM unnest($1::text[], $2::int[]) AS t(k, n) ORDER BY k
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN r.window_start + make_interval(secs => $3 / 1000.0) <= now() THEN excluded.count
                      ELSE r.count + excluded.count END,
         window_start = CASE WHEN r.window_start + make_interval(secs => $3 / 1000.0) <= now() THEN now()
                             ELSE r.window_start END
       RETURNING key, count,
         ceil(greatest(0, extract(epoch FROM window_start + make_interval(secs => $3 / 1000.0) - now()) * 1000))::float8 AS ttl`,
      [keys, counts, timeWindow],
    );
    return rows;
  }

  private remember(key: string, row: { count: number; ttl: number }, timeWindow: number): void {
    const window = this.windows.get(key);
    const resetAt = Date.now() + row.ttl;
    if (window) {
      window.shared = row.count;
      window.resetAt = resetAt;
    } else if (this.windows.size < this.maxClients) {
      this.windows.set(key, { shared: row.count, pending: 0, resetAt, timeWindow });
    }
  }
}

/**
 * A store for @fastify/rate-limit over `counts`: keyed per route and client IP for routes with a
 * limit of their own, per client IP for the global limit, like the plugin's in-memory store.
 */
export function postgresRateLimitStore(counts: RateLimitCounts) {
  return class PostgresRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options: unknown,
      private readonly route = '',
    ) {}

    incr(ip: string, callback: Callback, timeWindow: number, max?: number): void {
      counts.incr(`${this.route}|${ip}`, timeWindow, max ?? 0).then(
        (result) => callback(null, result),
        (error: Error) => callback(error, { current: 0, ttl: 0 }),
      );
    }

    /** The current count without counting this look (the plugin's `increment: false`). */
    read(ip: string, callback: Callback, timeWindow: number): void {
      counts.read(`${this.route}|${ip}`, timeWindow).then(
        (result) => callback(null, result),
        (error: Error) => callback(error, { current: 0, ttl: 0 }),
      );
    }

    /** A store for a route with its own limit: its counters are kept apart from the global ones. */
    child(routeOptions: ChildOptions): PostgresRateLimitStore {
      const method = [routeOptions.routeInfo?.method ?? ''].flat().join(',');
      return new PostgresRateLimitStore(routeOptions, `${method} ${routeOptions.routeInfo?.url ?? ''}`);
    }
  };
}
