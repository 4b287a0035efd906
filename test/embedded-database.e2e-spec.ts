import { Pool } from 'pg';
import { startEmbeddedPostgres, EmbeddedPostgres } from '../src/database/embedded-postgres';

/**
 * The embedded database multiplexes many `pg` connections onto PGlite's one session. These are
 * the guarantees the app relies on, shown on the raw driver. (The interleaving that the library's
 * own queue allowed shows reliably only through the API, in the concurrency tests of
 * challenges.e2e-spec.ts, which fail on the embedded database without ExclusiveQueryQueue.)
 */
describe('embedded PostgreSQL under concurrent connections', () => {
  let embedded: EmbeddedPostgres;
  let pool: Pool;

  beforeAll(async () => {
    embedded = await startEmbeddedPostgres('memory://');
    pool = new Pool({ connectionString: embedded.url, max: 8 });
    await pool.query(`CREATE TABLE counters (id int PRIMARY KEY, value int NOT NULL)`);
    await pool.query(`INSERT INTO counters VALUES (1, 0)`);
  });

  afterAll(async () => {
    await pool.end();
    await embedded.stop();
  });

  it('answers each of 200 simultaneous parameterised queries on 8 connections with its own result', async () => {
    // Different statements, so that one connection's Bind landing on another's Parse shows.
    const query = (i: number) =>
      i % 2
        ? pool.query(`SELECT $1::int * 2 AS n, repeat($2, 3) AS s`, [i, String(i % 10)])
        : pool.query(`SELECT $1::text AS t, $2::int + 1 AS m, $3::bool AS b`, [`t${i}`, i, true]);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => query(i)));
    results.forEach((result, i) =>
      expect(result.rows).toEqual([
        i % 2 ? { n: i * 2, s: String(i % 10).repeat(3) } : { t: `t${i}`, m: i + 1, b: true },
      ]),
    );
  });

  it('keeps each transaction to itself while plain queries run beside it', async () => {
    const increment = async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<{ value: number }>(`SELECT value FROM counters WHERE id = 1 FOR UPDATE`);
        await client.query(`UPDATE counters SET value = $1 WHERE id = 1`, [rows[0].value + 1]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    };
    const reads = Array.from({ length: 200 }, (_, i) =>
      pool.query<{ i: number }>(i % 2 ? `SELECT $1::int AS i` : `SELECT $1::int AS i, 'even' AS kind`, [i]),
    );
    await Promise.all([...Array.from({ length: 60 }, increment), ...reads]);
    const { rows } = await pool.query<{ value: number }>(`SELECT value FROM counters WHERE id = 1`);
    expect(rows[0].value).toBe(60);
    (await Promise.all(reads)).forEach((r, i) => expect(r.rows[0].i).toBe(i));
  });

  it('goes on serving after failed statements and an abandoned transaction', async () => {
    const failures = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => pool.query(i % 2 ? `SELECT 1/0` : `SELECT nope FROM nowhere`)),
    );
    expect(failures.every((f) => f.status === 'rejected')).toBe(true);
    const client = await pool.connect();
    await client.query('BEGIN');
    await client.query(`UPDATE counters SET value = -1 WHERE id = 1`);
    client.release(true); // the connection closes mid-transaction: its change must be rolled back
    const { rows } = await pool.query<{ value: number }>(`SELECT value FROM counters WHERE id = 1`);
    expect(rows[0].value).toBe(60);
  });
});
