import { Pool } from 'pg';
import { RateLimitCounts } from '../src/auth/postgres-rate-limit-store';
import { createTestDatabase, TestDatabase } from './support/database';

/**
 * The rate limit's counters without a database round trip per request (RateLimitCounts): exact in
 * one instance, shared by several through PostgreSQL, and counted there first near the limit.
 * (On the embedded database one process counts in memory: server only.)
 */
const onServer = process.env.DATABASE_URL ? describe : describe.skip;

onServer('rate-limit counts', () => {
  const MINUTE = 60_000;
  let database: TestDatabase;
  const pools: Pool[] = [];
  const counters: RateLimitCounts[] = [];

  /** A counter as one API instance has it, with its own pool, and the number of statements it sent. */
  function instance(options: { flushMs?: number } = {}): { counts: RateLimitCounts; statements: () => number } {
    const pool = new Pool({ connectionString: database.url, max: 2 });
    // As the app's rate-limit pool does: an idle connection the server drops is reported, not thrown.
    pool.on('error', () => undefined);
    let statements = 0;
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      statements += 1;
      return query(...args);
    };
    const counts = new RateLimitCounts(pool, { flushMs: options.flushMs ?? 60_000 });
    pools.push(pool);
    counters.push(counts);
    return { counts, statements: () => statements };
  }

  async function stored(key: string): Promise<number> {
    const pool = new Pool({ connectionString: database.url, max: 1 });
    try {
      const { rows } = await pool.query<{ count: number }>(`SELECT count FROM rate_limit_counters WHERE key = $1`, [
        key,
      ]);
      return rows[0]?.count ?? 0;
    } finally {
      await pool.end();
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const counts of counters) await counts.close();
    for (const pool of pools) await pool.end();
    await database.drop();
  });

  it('one instance counts exactly, and far from the limit asks the database once, not once a request', async () => {
    const { counts, statements } = instance();
    const currents: number[] = [];
    for (let i = 0; i < 40; i += 1) currents.push((await counts.incr('|10.0.0.1', MINUTE, 1000)).current);
    expect(currents).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // The first request learns the window; the other 39 are counted in memory.
    expect(statements()).toBe(1);
    await counts.flush();
    expect(statements()).toBe(2);
    expect(await stored('|10.0.0.1')).toBe(40);
  });

  it('near the limit every request is counted in the database first, so one instance refuses exactly at the limit', async () => {
    const { counts, statements } = instance();
    const currents: number[] = [];
    for (let i = 0; i < 12; i += 1) currents.push((await counts.incr('|10.0.0.2', MINUTE, 10)).current);
    expect(currents).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // The first learns the window, the next four (up to half the limit) are counted in memory, and
    // the seven from there on each in the database.
    expect(statements()).toBe(1 + 7);
    expect(await stored('|10.0.0.2')).toBe(12);
  });

  it('two instances share one count: alternating requests are refused from the limit on', async () => {
    const a = instance();
    const b = instance();
    const admitted: boolean[] = [];
    for (let i = 0; i < 16; i += 1) {
      const { current } = await (i % 2 === 0 ? a : b).counts.incr('|10.0.0.3', MINUTE, 10);
      admitted.push(current <= 10);
    }
    expect(admitted.filter(Boolean)).toHaveLength(10);
    expect(admitted.slice(10).every((ok) => !ok)).toBe(true);
    await a.counts.flush();
    await b.counts.flush();
    expect(await stored('|10.0.0.3')).toBe(16);
  });

  it('two instances under concurrent load: every request is counted, and the overshoot stays within the local share', async () => {
    // (300 requests through two pools of two connections: give a loaded machine time.)
    const a = instance({ flushMs: 20 });
    const b = instance({ flushMs: 20 });
    const max = 100;
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? a : b).counts.incr('|10.0.0.4', MINUTE, max)),
    );
    const admitted = results.filter((r) => r.current <= max).length;
    expect(admitted).toBeGreaterThanOrEqual(max);
    // Each instance counts at most half the limit locally before it asks the database: with two
    // instances the other's unwritten half is the most that can slip through.
    expect(admitted).toBeLessThanOrEqual(max + max / 2);
    await a.counts.flush();
    await b.counts.flush();
    expect(await stored('|10.0.0.4')).toBe(300);
  }, 30_000);

  it('a new window starts from one, and requests of the ended window are not carried into it', async () => {
    const { counts } = instance();
    for (let i = 0; i < 3; i += 1) await counts.incr('|10.0.0.5', 300, 1000);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const next = await counts.incr('|10.0.0.5', 300, 1000);
    expect(next.current).toBe(1);
    expect(next.ttl).toBeGreaterThan(0);
    expect(next.ttl).toBeLessThanOrEqual(300);
  });

  it('counts kept while the database is away are written when it answers again', async () => {
    const { counts } = instance();
    await counts.incr('|10.0.0.6', MINUTE, 1000);
    const pool = pools[pools.length - 1] as unknown as { query: (...args: unknown[]) => Promise<unknown> };
    const real = pool.query;
    pool.query = () => Promise.reject(new Error('connection refused'));
    for (let i = 0; i < 4; i += 1) await counts.incr('|10.0.0.6', MINUTE, 1000);
    await counts.flush();
    pool.query = real;
    await counts.flush();
    expect(await stored('|10.0.0.6')).toBe(5);
  });
});
