/**
 * npm run explain:challenges -- [--count 100000]
 *
 * Fills DATABASE_URL (a scratch database: it must be given) with generated challenges, then runs
 * the challenge list and search queries exactly as the API issues them (captured from the
 * service through TypeORM's logger) under EXPLAIN ANALYZE, and prints each plan's key lines.
 */
import { createApp } from '../src/app.factory';
import { ChallengesService } from '../src/challenges/challenges.service';
import type { AuthUser } from '../src/common/auth.decorators';
import { loadConfig } from '../src/config/config';
import { ListChallengesQueryDto } from '../src/challenges/dto/challenge.dto';
import { DataSource } from 'typeorm';

const WORDS_SV = [
  'äldreomsorgen',
  'hemtjänst',
  'ensamhet',
  'trygghet',
  'belysning',
  'skolan',
  'arbetsmarknaden',
  'unga',
  'klimatet',
  'leveranser',
  'elfordon',
  'cykel',
  'vården',
  'digitala',
  'mötesplatser',
  'invånare',
  'stadsmiljö',
];
const WORDS_EN = [
  'vehicles',
  'charging',
  'loneliness',
  'safety',
  'lighting',
  'schools',
  'employment',
  'youth',
  'climate',
  'deliveries',
  'sensors',
  'healthcare',
  'monitoring',
  'residents',
  'heat',
  'energy',
  'mobility',
];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Set-based generation: one INSERT ... SELECT generate_series, texts mixed from both vocabularies. */
async function generate(db: DataSource, count: number): Promise<void> {
  const [{ n }] = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM challenges`);
  if (n >= count) return;
  const [user] = await db.query<{ id: string }[]>(
    `INSERT INTO users (email, name, password_hash, roles) VALUES ('explain@bench.invalid', 'Explain', 'x', '{admin}')
     ON CONFLICT (email) DO UPDATE SET name = excluded.name RETURNING id`,
  );
  const started = Date.now();
  await db.query(
    `WITH words AS (SELECT $1::text[] AS sv, $2::text[] AS en),
          deps AS (SELECT array_agg(id ORDER BY slug) AS ids FROM departments),
          areas AS (SELECT array_agg(code ORDER BY code) AS codes FROM welfare_areas)
     INSERT INTO challenges (title, summary, description, welfare_area_code, department_id, status,
                             submission_deadline, sdgs, tags, criteria, created_by, created_at, published_at)
     SELECT
       initcap(sv[1 + i % 17]) || ' och ' || en[1 + (i / 17) % 17] || ' ' || i,
       'Hur kan ' || sv[1 + (i * 7) % 17] || ' förbättras med ' || en[1 + (i * 3) % 17] || '?',
       repeat(sv[1 + (i * 5) % 17] || ' ' || en[1 + (i * 11) % 17] || ' ', 20),
       codes[1 + i % array_length(codes, 1)],
       ids[1 + i % array_length(ids, 1)],
       (ARRAY['draft','published','published','published','published','closed','closed','closed','archived','archived'])[1 + i % 10],
       now() + make_interval(days => (i % 400) - 200),
       ARRAY[1 + i % 17, 1 + (i * 7) % 17]::smallint[],
       ARRAY[sv[1 + (i * 13) % 17], en[1 + (i * 13) % 17]],
       '[{"id":"00000000-0000-4000-8000-000000000001","name":"Effekt","description":null,"weight":100}]',
       $3, now() - make_interval(mins => i), now() - make_interval(mins => i)
     FROM generate_series($4::int, $5::int) AS i, words, deps, areas`,
    [WORDS_SV, WORDS_EN, user.id, n + 1, count],
  );
  await db.query(`ANALYZE challenges`);
  console.log(
    `Generated ${count - n} challenges in ${((Date.now() - started) / 1000).toFixed(1)} s (${count} in all).`,
  );
}

async function main(): Promise<number> {
  if (!process.env.DATABASE_URL) {
    console.error('Set DATABASE_URL to a scratch PostgreSQL database.');
    return 1;
  }
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn', CHALLENGE_CLOSE_INTERVAL_SECONDS: '60' });
  const app = await createApp(config, { databaseUrl: config.databaseUrl!, poolSize: 2 });
  await app.init();
  try {
    const db = app.get(DataSource);
    await generate(db, arg('count', 100_000));
    const [department] = await db.query<{ id: string }[]>(`SELECT id FROM departments ORDER BY slug LIMIT 1`);
    const staff: AuthUser = {
      id: department.id,
      email: 's@x',
      name: 'Staff',
      roles: ['department'],
      departmentId: department.id,
    };
    const service = app.get(ChallengesService);
    const query = (q: Partial<ListChallengesQueryDto>) =>
      Object.assign(new ListChallengesQueryDto(), { limit: 20, ...q });
    const firstPage = await service.list(undefined, query({}));
    const searchPage = await service.list(undefined, query({ q: 'äldreomsorg' }));
    const scenarios: [string, AuthUser | undefined, Partial<ListChallengesQueryDto>][] = [
      ['public list, page 1', undefined, {}],
      ['public list, page 2 (cursor)', undefined, { cursor: firstPage.nextCursor ?? undefined }],
      ['department staff list (own drafts visible)', staff, {}],
      ['filter area + status', undefined, { area: 'climate', status: 'published' }],
      ['filter departmentId', undefined, { departmentId: department.id }],
      ['filter tag', undefined, { tag: 'vehicles' }],
      ['filter sdg', undefined, { sdg: 13 }],
      ['search q=äldreomsorg', undefined, { q: 'äldreomsorg' }],
      [
        'search q=äldreomsorg, page 2 (cursor)',
        undefined,
        { q: 'äldreomsorg', cursor: searchPage.nextCursor ?? undefined },
      ],
      ['search q=vehicle + area', undefined, { q: 'vehicle', area: 'security' }],
    ];
    for (const [name, actor, q] of scenarios) {
      const captured: { sql: string; params: unknown[] }[] = [];
      const original = db.logger.logQuery.bind(db.logger);
      db.logger.logQuery = (sql, params) => {
        captured.push({ sql, params: Array.isArray(params) ? params : [] });
        original(sql, params);
      };
      await service.list(actor, query(q));
      db.logger.logQuery = original;
      const statement = captured.find((c) => /^\s*(SELECT|WITH)\b/.test(c.sql))!;
      const plan = await db.query<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`,
        statement.params,
      );
      const lines = plan.map((row) => row['QUERY PLAN']);
      const key = lines.filter((line) => /Scan|Sort|Limit|Execution Time|Bitmap|Join/.test(line));
      console.log(`\n## ${name} (${captured.length} statement${captured.length === 1 ? '' : 's'})`);
      for (const line of key) console.log(line.replace(/\s+\(cost=[^)]*\)/, ''));
    }
    return 0;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
