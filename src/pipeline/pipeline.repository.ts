import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { PilotStage, PilotStatus } from '../pilots/pilot-stage';

/**
 * The directors' view of the whole innovation pipeline (docs/product.md §3.6), in five statements whose
 * cost does not grow with the installation: counts come from the read model that triggers keep
 * per department and welfare area (migration PipelineCounts), medians and stalled pilots from
 * partial indexes over open pilots, overdue reviews from the pending assignments the triggers keep.
 * $1 = department (null: all), $2 = area (null: all).
 */
const SCOPE = `($1::uuid IS NULL OR c.department_id = $1) AND ($2::text IS NULL OR c.welfare_area_code = $2)`;

/** The same scope for a pilot: its department is on the row, its area on its challenge. */
const PILOT_SCOPE = `($1::uuid IS NULL OR pl.department_id = $1)
  AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM challenges c WHERE c.id = pl.challenge_id AND c.welfare_area_code = $2))`;

const OPEN = `pl.status IN ('active', 'on_hold')`;

const FUNNEL_SQL = `
SELECT
  (SELECT coalesce(sum(c.challenges_published), 0)::int FROM pipeline_counts c WHERE ${SCOPE}) AS challenges_published,
  (SELECT coalesce(sum(c.proposals_submitted), 0)::int FROM pipeline_counts c WHERE ${SCOPE}) AS proposals_submitted,
  (SELECT coalesce(sum(c.proposals_accepted), 0)::int FROM pipeline_counts c WHERE ${SCOPE}) AS proposals_accepted,
  (SELECT json_build_object(
      'explore_idea', coalesce(sum(c.pilots), 0),
      'explore_setup', coalesce(sum(c.pilots) FILTER (WHERE c.stage IN ('explore_setup','develop_pilot','scale')), 0),
      'develop_pilot', coalesce(sum(c.pilots) FILTER (WHERE c.stage IN ('develop_pilot','scale')), 0),
      'scale', coalesce(sum(c.pilots) FILTER (WHERE c.stage = 'scale'), 0),
      'implemented', coalesce(sum(c.pilots) FILTER (WHERE c.status = 'implemented'), 0),
      'discontinued', coalesce(sum(c.pilots) FILTER (WHERE c.status = 'discontinued'), 0))
   FROM pilot_counts c WHERE ${SCOPE}) AS pilots`;

/**
 * The median is read off the ordered index instead of sorting every open pilot: with n open
 * pilots in a stage it is the middle one (n odd) or the mean of the middle two (n even), which is
 * what percentile_cont(0.5) computes.
 */
const STAGES_SQL = `
WITH counts AS (
  SELECT c.stage, sum(c.pilots) FILTER (WHERE c.status = 'active')::int AS active,
         sum(c.pilots) FILTER (WHERE c.status = 'on_hold')::int AS on_hold,
         sum(c.pilots) FILTER (WHERE c.status IN ('active', 'on_hold'))::int AS open
  FROM pilot_counts c WHERE ${SCOPE} GROUP BY c.stage)
SELECT counts.stage, counts.active, counts.on_hold,
       (SELECT avg(m.days)::float8 FROM (
          SELECT extract(epoch FROM now() - pl.stage_entered_at) / 86400 AS days
          FROM pilots pl WHERE pl.stage = counts.stage AND ${OPEN} AND ${PILOT_SCOPE}
          ORDER BY pl.stage_entered_at DESC
          OFFSET (counts.open - 1) / 2 LIMIT 2 - counts.open % 2) m) AS median_days
FROM counts WHERE counts.open > 0`;

const AREAS_SQL = `
SELECT w.code AS area,
       (SELECT coalesce(sum(c.challenges_published), 0)::int FROM pipeline_counts c
          WHERE c.welfare_area_code = w.code AND ${SCOPE}) AS challenges_published,
       (SELECT coalesce(sum(c.proposals_submitted), 0)::int FROM pipeline_counts c
          WHERE c.welfare_area_code = w.code AND ${SCOPE}) AS proposals_submitted,
       (SELECT coalesce(sum(c.pilots), 0)::int FROM pilot_counts c WHERE c.welfare_area_code = w.code AND ${SCOPE}) AS pilots
FROM welfare_areas w WHERE $2::text IS NULL OR w.code = $2
ORDER BY w.code`;

const STALLED_SQL = `
SELECT pl.id, pr.title, d.name AS department, pl.stage, pl.status,
       floor(extract(epoch FROM now() - coalesce(pl.last_decision_at, pl.created_at)) / 86400)::int AS days
FROM pilots pl
JOIN proposals pr ON pr.id = pl.proposal_id
JOIN departments d ON d.id = pl.department_id
WHERE ${OPEN} AND ${PILOT_SCOPE}
  AND coalesce(pl.last_decision_at, pl.created_at) < now() - make_interval(days => $3)
ORDER BY coalesce(pl.last_decision_at, pl.created_at), pl.id
LIMIT 100`;

/**
 * The evaluators with the most overdue reviews, then the most open ones. `counts` is the scope's
 * counters: for the whole city the kept per-evaluator totals (migration EvaluatorTotals), a row
 * per evaluator, instead of summing every department's and area's counter.
 */
const backlogSql = (counts: string, overdueScope: string) => `
WITH counts AS (${counts}),
overdue AS (
  SELECT c.evaluator_id, count(*)::int AS overdue
  FROM pending_assignments c WHERE c.due_at < now() AND ${overdueScope}
  GROUP BY c.evaluator_id)
SELECT u.id, u.name, counts.assigned, counts.submitted, coalesce(overdue.overdue, 0) AS overdue
FROM counts
JOIN users u ON u.id = counts.evaluator_id
LEFT JOIN overdue ON overdue.evaluator_id = counts.evaluator_id
ORDER BY coalesce(overdue.overdue, 0) DESC, counts.assigned DESC, u.name, u.id
LIMIT 100`;

const BACKLOG_SQL = backlogSql(
  `SELECT c.evaluator_id, sum(c.assigned)::int AS assigned, sum(c.submitted)::int AS submitted
   FROM evaluator_counts c WHERE ${SCOPE}
   GROUP BY c.evaluator_id HAVING sum(c.assigned) + sum(c.submitted) > 0`,
  SCOPE,
);

const CITY_BACKLOG_SQL = backlogSql(
  `SELECT c.evaluator_id, c.assigned, c.submitted FROM evaluator_totals c WHERE c.assigned + c.submitted > 0`,
  'TRUE',
);

export interface PipelineRows {
  funnel: {
    challenges_published: number;
    proposals_submitted: number;
    proposals_accepted: number;
    pilots: Record<PilotStage | 'implemented' | 'discontinued', number>;
  };
  stages: { stage: PilotStage; active: number; on_hold: number; median_days: number | null }[];
  areas: { area: string; challenges_published: number; proposals_submitted: number; pilots: number }[];
  stalled: { id: string; title: string; department: string; stage: PilotStage; status: PilotStatus; days: number }[];
  backlog: { id: string; name: string; assigned: number; submitted: number; overdue: number }[];
}

/** The pipeline's five statements, in order, for one scope. */
@Injectable()
export class PipelineRepository {
  async read(
    manager: EntityManager,
    departmentId: string | null,
    area: string | null,
    stalledDays: number,
  ): Promise<PipelineRows> {
    const scope = [departmentId, area];
    const [funnel] = await manager.query<PipelineRows['funnel'][]>(FUNNEL_SQL, scope);
    const stages = await manager.query<PipelineRows['stages']>(STAGES_SQL, scope);
    const areas = await manager.query<PipelineRows['areas']>(AREAS_SQL, scope);
    const stalled = await manager.query<PipelineRows['stalled']>(STALLED_SQL, [...scope, stalledDays]);
    const backlog = await (departmentId === null && area === null
      ? manager.query<PipelineRows['backlog']>(CITY_BACKLOG_SQL)
      : manager.query<PipelineRows['backlog']>(BACKLOG_SQL, scope));
    return { funnel, stages, areas, stalled, backlog };
  }
}
