import { DataSource } from 'typeorm';

/** What a generated dataset holds, by table. */
export type DatasetSummary = Record<string, number>;

const SV = ['äldreomsorgen', 'hemtjänst', 'ensamhet', 'trygghet', 'belysning', 'skolan', 'arbetsmarknaden', 'klimatet'];
const EN = ['vehicles', 'charging', 'loneliness', 'safety', 'lighting', 'schools', 'employment', 'deliveries'];

/** The row triggers that keep the pipeline's counts (migration PipelineCounts). */
const PIPELINE_TRIGGERS = [
  ['challenges', 'pipeline_count_challenge'],
  ['proposals', 'pipeline_count_proposal'],
  ['pilots', 'pipeline_count_pilot'],
  ['assignments', 'pipeline_count_assignment'],
  ['gate_decisions', 'pipeline_last_decision'],
] as const;

/**
 * Fills the database with a city (or a country) of data, set-based: one INSERT ... SELECT over
 * generate_series per table, on one connection (the index tables are temporary). Proportions per
 * `proposals` = N: N/10 challenges, N/20 organisations, N/50 partner users, N/500 (≥ 20)
 * evaluators; proposals in every state, two assignments and reviews per submitted proposal, a
 * pilot per accepted one in every stage and status with gate decisions, effect goals and
 * measurements, and an audit event per proposal. Meant for benchmarks and plan checks, never for
 * a database with real data (it refuses one that has proposals already).
 */
export async function generateDataset(db: DataSource, proposals: number): Promise<DatasetSummary> {
  const runner = db.createQueryRunner();
  await runner.connect();
  const q = (sql: string, params: unknown[] = []): Promise<unknown> => runner.query(sql, params);
  // One transaction: a failure leaves nothing half-generated.
  await runner.startTransaction();
  try {
    // A bulk load, not a request: the application's statement timeout does not apply to it.
    await q(`SET LOCAL statement_timeout = 0`);
    const [{ n }] = (await q(`SELECT count(*)::int AS n FROM proposals`)) as { n: number }[];
    if (n > 0) throw new Error('generateDataset: the database already has proposals; use an empty one.');
    // The pipeline's counting triggers fire per row; a million rows in one transaction would pile up
    // versions of the same few counter rows. Off during the load, then one recount (same transaction).
    for (const [table, trigger] of PIPELINE_TRIGGERS) await q(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
    const N = proposals;
    const challenges = Math.max(10, Math.floor(N / 10));
    const organizations = Math.max(10, Math.floor(N / 20));
    const evaluators = Math.max(20, Math.floor(N / 500));

    await q(`CREATE TEMP TABLE ix_users (i int PRIMARY KEY, id uuid NOT NULL DEFAULT gen_random_uuid())`);
    await q(`CREATE TEMP TABLE ix_evaluators (i int PRIMARY KEY, id uuid NOT NULL DEFAULT gen_random_uuid())`);
    await q(`CREATE TEMP TABLE ix_orgs (i int PRIMARY KEY, id uuid NOT NULL DEFAULT gen_random_uuid())`);
    await q(`CREATE TEMP TABLE ix_challenges (i int PRIMARY KEY, id uuid NOT NULL DEFAULT gen_random_uuid(),
               criteria jsonb NOT NULL)`);
    await q(`INSERT INTO ix_users (i) SELECT generate_series(1, $1)`, [organizations]);
    await q(`INSERT INTO ix_evaluators (i) SELECT generate_series(1, $1)`, [evaluators]);
    await q(`INSERT INTO ix_orgs (i) SELECT generate_series(1, $1)`, [organizations]);
    await q(
      `INSERT INTO ix_challenges (i, criteria)
       SELECT i, jsonb_build_array(
         jsonb_build_object('id', gen_random_uuid(), 'name', 'Effekt', 'description', null, 'weight', 50),
         jsonb_build_object('id', gen_random_uuid(), 'name', 'Genomförbarhet', 'description', null, 'weight', 30),
         jsonb_build_object('id', gen_random_uuid(), 'name', 'Skalbarhet', 'description', null, 'weight', 20))
       FROM generate_series(1, $1) i`,
      [challenges],
    );

    // People: a bench admin (the city's decisions), partners (one per organisation), evaluators.
    const [{ id: admin }] = (await q(
      `INSERT INTO users (email, name, password_hash, roles) VALUES ('bench-admin@bench.invalid', 'Bench Admin', '!', '{admin}')
       RETURNING id`,
    )) as { id: string }[];
    await q(
      `INSERT INTO users (id, email, name, password_hash, roles)
       SELECT id, 'partner' || i || '@bench.invalid', 'Partner ' || i, '!', '{partner}' FROM ix_users`,
    );
    await q(
      `INSERT INTO users (id, email, name, password_hash, roles)
       SELECT id, 'evaluator' || i || '@bench.invalid', 'Evaluator ' || i, '!', '{evaluator}' FROM ix_evaluators`,
    );
    await q(
      `INSERT INTO organizations (id, name, kind, org_number)
       SELECT o.id, 'Bench ' || (ARRAY['Mobility','Omsorg','Trygghet','Energi','Lärande'])[1 + o.i % 5] || ' ' || o.i,
              (ARRAY['company','startup','association','academia','resident','public_sector'])[1 + o.i % 6],
              CASE WHEN o.i % 6 = 4 THEN NULL ELSE lpad((200000000 + o.i)::text, 10, '0') END
       FROM ix_orgs o`,
    );
    await q(`UPDATE organizations SET org_number = substr(org_number, 1, 6) || '-' || substr(org_number, 7)
             WHERE org_number IS NOT NULL AND name LIKE 'Bench %'`);
    await q(
      `INSERT INTO memberships (organization_id, user_id, role) SELECT o.id, u.id, 'owner' FROM ix_orgs o JOIN ix_users u USING (i)`,
    );

    // Challenges: every department and area, mostly published or closed.
    await q(
      `WITH deps AS (SELECT array_agg(id ORDER BY slug) AS ids FROM departments),
            areas AS (SELECT array_agg(code ORDER BY code) AS codes FROM welfare_areas)
       INSERT INTO challenges (id, title, summary, description, welfare_area_code, department_id, status,
                               submission_deadline, budget_sek, sdgs, tags, criteria, created_by, created_at, published_at,
                               closed_at)
       SELECT x.id,
              initcap(($2::text[])[1 + x.i % 8]) || ' och ' || ($3::text[])[1 + (x.i / 8) % 8] || ' ' || x.i,
              'Hur kan ' || ($2::text[])[1 + (x.i * 3) % 8] || ' förbättras med ' || ($3::text[])[1 + (x.i * 5) % 8] || '?',
              repeat(($2::text[])[1 + (x.i * 5) % 8] || ' ' || ($3::text[])[1 + (x.i * 7) % 8] || ' ', 15),
              areas.codes[1 + x.i % array_length(areas.codes, 1)],
              deps.ids[1 + x.i % array_length(deps.ids, 1)],
              (ARRAY['published','published','closed','closed','closed','archived','draft'])[1 + x.i % 7],
              now() + make_interval(days => (x.i % 120) - 60),
              1000000,
              ARRAY[1 + x.i % 17]::smallint[], ARRAY[($3::text[])[1 + x.i % 8]],
              x.criteria, $1, now() - make_interval(mins => x.i), now() - make_interval(mins => x.i),
              CASE WHEN x.i % 7 IN (2, 3, 4, 5) THEN now() - make_interval(mins => x.i / 2) END
       FROM ix_challenges x, deps, areas`,
      [admin, SV, EN],
    );
    await q(`UPDATE challenges SET published_at = NULL WHERE status = 'draft' AND created_by = $1`, [admin]);
    await q(`UPDATE challenges SET archived_at = now() WHERE status = 'archived' AND created_by = $1`, [admin]);

    // Proposals: 10 % draft, 50 % submitted, 10 % withdrawn, 10 % accepted, 20 % rejected. Challenge 7
    // (published) also gets the first 200: the ranking of a challenge with 200 proposals (issue 7).
    await q(
      `INSERT INTO proposals (challenge_id, lead_organization_id, title, summary, description, requested_budget_sek,
                              duration_months, status, submitted_at, withdrawn_at, decision_reason, decided_by, decided_at,
                              created_by, created_at)
       SELECT c.id, o.id, 'Förslag ' || g.i, 'Summary of proposal ' || g.i, repeat('Beskrivning av förslaget. ', 20),
              (g.i % 900) * 1000, 1 + g.i % 24, s.status,
              CASE WHEN s.status <> 'draft' THEN now() - make_interval(mins => g.i % 50000) END,
              CASE WHEN s.status = 'withdrawn' THEN now() END,
              CASE WHEN s.status IN ('accepted','rejected') THEN 'Beslut enligt bedömningen.' END,
              CASE WHEN s.status IN ('accepted','rejected') THEN $1::uuid END,
              CASE WHEN s.status IN ('accepted','rejected') THEN now() END,
              u.id, now() - make_interval(secs => g.i)
       FROM generate_series(1, $2) g(i)
       JOIN ix_challenges ic ON ic.i = CASE WHEN g.i <= 200 THEN 7 ELSE 1 + g.i % $3 END
       JOIN challenges c ON c.id = ic.id
       JOIN ix_orgs o ON o.i = 1 + (g.i * 7) % $4
       JOIN ix_users u ON u.i = o.i
       CROSS JOIN LATERAL (SELECT (ARRAY['draft','submitted','submitted','submitted','submitted','submitted',
                                         'withdrawn','accepted','rejected','rejected'])[1 + g.i % 10] AS status) s`,
      [admin, N, challenges, organizations],
    );
    // A consortium partner on every fifth proposal.
    await q(
      `INSERT INTO proposal_partners (proposal_id, organization_id, status, confirmed_by, confirmed_at)
       SELECT p.id, o2.id, 'confirmed', u2.id, now()
       FROM (SELECT id, lead_organization_id, row_number() OVER (ORDER BY id) AS r FROM proposals) p
       JOIN ix_orgs o1 ON o1.id = p.lead_organization_id
       JOIN ix_orgs o2 ON o2.i = 1 + o1.i % $1
       JOIN ix_users u2 ON u2.i = o2.i
       WHERE p.r % 5 = 0`,
      [organizations],
    );
    // Two assignments per submitted or decided proposal; most reviewed, some pending, a few recused.
    await q(
      `INSERT INTO assignments (proposal_id, evaluator_id, status, due_at, conflict, conflict_reason, declared_at, assigned_by)
       SELECT p.id, e.id,
              CASE WHEN k = 2 AND p.r % 13 = 0 THEN 'recused'
                   WHEN p.status = 'submitted' AND k = 2 AND p.r % 3 = 0 THEN 'assigned' ELSE 'submitted' END,
              now() + make_interval(days => ((p.r % 30) - 10)::int),
              CASE WHEN k = 2 AND p.r % 13 = 0 THEN true
                   WHEN p.status = 'submitted' AND k = 2 AND p.r % 3 = 0 THEN NULL ELSE false END,
              CASE WHEN k = 2 AND p.r % 13 = 0 THEN 'Jäv: tidigare uppdrag åt organisationen.' END,
              CASE WHEN p.status = 'submitted' AND k = 2 AND p.r % 3 = 0 AND p.r % 13 <> 0 THEN NULL ELSE now() END,
              $1
       FROM (SELECT id, status, row_number() OVER (ORDER BY id) AS r FROM proposals WHERE status <> 'draft') p
       CROSS JOIN generate_series(1, 2) k
       JOIN ix_evaluators e ON e.i = 1 + (p.r * 3 + k * 7) % $2`,
      [admin, evaluators],
    );
    await q(
      `INSERT INTO reviews (assignment_id, scores, comment, recommendation, submitted_at)
       SELECT a.id,
              (SELECT jsonb_agg(jsonb_build_object('criterionId', k->>'id', 'score', (abs(hashtext(a.id::text || (k->>'id'))) % 6), 'comment', null))
               FROM jsonb_array_elements(c.criteria) k),
              'Bedömning.', (ARRAY['yes','maybe','no'])[1 + abs(hashtext(a.id::text)) % 3], now()
       FROM assignments a JOIN proposals p ON p.id = a.proposal_id JOIN challenges c ON c.id = p.challenge_id
       WHERE a.status = 'submitted'`,
    );
    await q(
      `UPDATE challenges SET criteria_locked_at = now()
       WHERE id IN (SELECT DISTINCT p.challenge_id FROM proposals p JOIN assignments a ON a.proposal_id = p.id
                    WHERE a.status = 'submitted')`,
    );

    // A pilot per accepted proposal, in every stage and status, with its history.
    await q(
      `INSERT INTO pilots (proposal_id, challenge_id, department_id, stage, status, granted_budget_sek, version,
                           stage_entered_at, created_at)
       SELECT p.id, p.challenge_id, c.department_id,
              (ARRAY['explore_idea','explore_setup','develop_pilot','scale'])[1 + p.r % 4],
              CASE WHEN p.r % 11 = 0 THEN 'discontinued' WHEN p.r % 7 = 0 THEN 'on_hold'
                   WHEN p.r % 4 = 3 AND p.r % 3 = 0 THEN 'implemented' ELSE 'active' END,
              CASE WHEN p.r % 4 >= 2 THEN 400000 END, 1 + p.r % 4,
              now() - make_interval(days => (p.r % 200)::int), now() - make_interval(days => (200 + p.r % 300)::int)
       FROM (SELECT id, challenge_id, row_number() OVER (ORDER BY id) AS r FROM proposals WHERE status = 'accepted') p
       JOIN challenges c ON c.id = p.challenge_id`,
    );
    await q(
      `INSERT INTO gate_decisions (pilot_id, gate, outcome, rationale, granted_budget_sek, from_stage, to_stage,
                                   from_status, to_status, decided_by, decided_at)
       SELECT pl.id, g.gate, 'go', 'Beslut i innovationsrådet.', CASE WHEN g.gate = 'money' THEN 400000 END,
              g.from_stage, g.to_stage, 'active', 'active', $1, pl.stage_entered_at - make_interval(days => 30 * (3 - g.n))
       FROM pilots pl
       JOIN (VALUES (1, 'time', 'explore_idea', 'explore_setup'), (2, 'money', 'explore_setup', 'develop_pilot'),
                    (3, 'scale', 'develop_pilot', 'scale')) AS g(n, gate, from_stage, to_stage)
         ON g.n <= array_position(ARRAY['explore_idea','explore_setup','develop_pilot','scale'], pl.stage) - 1`,
      [admin],
    );
    await q(
      `INSERT INTO effect_goals (pilot_id, name, unit, baseline, target, direction, created_by)
       SELECT id, 'Nöjda invånare', '%', 50, 70, 'increase', $1 FROM pilots WHERE stage <> 'explore_idea'`,
      [admin],
    );
    await q(
      `INSERT INTO measurements (effect_goal_id, value, measured_at, recorded_by)
       SELECT g.id, 50 + k * 4, now() - make_interval(days => 40 - k * 10), $1
       FROM effect_goals g JOIN pilots pl ON pl.id = g.pilot_id CROSS JOIN generate_series(1, 3) k
       WHERE pl.stage IN ('develop_pilot', 'scale')`,
      [admin],
    );
    // The audit trail: an event per proposal and per decision.
    await q(
      `INSERT INTO audit_events (occurred_at, actor_id, action, entity_type, entity_id, after)
       SELECT p.created_at, p.created_by, 'proposal.created', 'proposal', p.id::text, jsonb_build_object('title', p.title)
       FROM proposals p`,
    );
    await q(
      `INSERT INTO audit_events (occurred_at, actor_id, action, entity_type, entity_id, after)
       SELECT p.decided_at, p.decided_by, 'proposal.' || p.status, 'proposal', p.id::text, jsonb_build_object('status', p.status)
       FROM proposals p WHERE p.decided_at IS NOT NULL`,
    );
    for (const [table, trigger] of PIPELINE_TRIGGERS) await q(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
    await q(`SELECT pipeline_counts_rebuild()`);
    await q(`ANALYZE`);
    await runner.commitTransaction();
    const tables = [
      'users',
      'organizations',
      'challenges',
      'proposals',
      'proposal_partners',
      'assignments',
      'reviews',
      'pilots',
      'gate_decisions',
      'effect_goals',
      'measurements',
      'audit_events',
    ];
    const [counts] = (await q(
      `SELECT ${tables.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}`,
    )) as DatasetSummary[];
    const summary: DatasetSummary = { ...counts };
    return summary;
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.query(`DROP TABLE IF EXISTS ix_users, ix_evaluators, ix_orgs, ix_challenges`).catch(() => undefined);
    await runner.release();
  }
}
