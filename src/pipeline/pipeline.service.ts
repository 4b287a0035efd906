import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hasRole } from '../common/auth.decorators';
import type { AuthUser } from '../common/auth.decorators';
import { Forbidden } from '../common/errors';
import { PILOT_STAGES } from '../pilots/pilot-stage';
import type { PilotStage, PilotStatus } from '../pilots/pilot-stage';
import { PipelineDto, PipelineQueryDto } from './dto/pipeline.dto';

/**
 * The directors' view of the whole innovation pipeline (PRODUCT.md §3), in five aggregate
 * statements whatever the volume. $1 = department (null: all), $2 = area (null: all).
 *
 * Each statement starts from the challenges in scope and reaches their proposals, pilots and
 * assignments through the per-challenge indexes (a LATERAL subquery per challenge; `OFFSET 0`
 * keeps the planner from flattening it into a join that would read the whole table), so the
 * cost follows the scope, not the size of the city.
 */
const SCOPED = `sc AS (SELECT c.id, c.welfare_area_code, c.published_at FROM challenges c
  WHERE ($1::uuid IS NULL OR c.department_id = $1) AND ($2::text IS NULL OR c.welfare_area_code = $2))`;

/** The scoped challenges' pilots, one index lookup per challenge. */
const SCOPED_PILOTS = `sp AS (SELECT sc.welfare_area_code, pl.* FROM sc
  CROSS JOIN LATERAL (SELECT * FROM pilots p WHERE p.challenge_id = sc.id OFFSET 0) pl)`;

const FUNNEL_SQL = `
WITH ${SCOPED}, ${SCOPED_PILOTS},
per AS (
  SELECT x.* FROM sc CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE p.submitted_at IS NOT NULL) AS submitted,
           count(*) FILTER (WHERE p.status = 'accepted') AS accepted
    FROM proposals p WHERE p.challenge_id = sc.id) x
)
SELECT
  (SELECT count(*)::int FROM sc WHERE sc.published_at IS NOT NULL) AS challenges_published,
  (SELECT coalesce(sum(submitted), 0)::int FROM per) AS proposals_submitted,
  (SELECT coalesce(sum(accepted), 0)::int FROM per) AS proposals_accepted,
  (SELECT json_build_object(
      'explore_idea', count(*),
      'explore_setup', count(*) FILTER (WHERE stage IN ('explore_setup','develop_pilot','scale')),
      'develop_pilot', count(*) FILTER (WHERE stage IN ('develop_pilot','scale')),
      'scale', count(*) FILTER (WHERE stage = 'scale'),
      'implemented', count(*) FILTER (WHERE status = 'implemented'),
      'discontinued', count(*) FILTER (WHERE status = 'discontinued'))
   FROM sp) AS pilots`;

const STAGES_SQL = `
WITH ${SCOPED}, ${SCOPED_PILOTS}
SELECT stage,
       count(*) FILTER (WHERE status = 'active')::int AS active,
       count(*) FILTER (WHERE status = 'on_hold')::int AS on_hold,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM now() - stage_entered_at) / 86400) AS median_days
FROM sp WHERE status IN ('active', 'on_hold')
GROUP BY stage`;

const AREAS_SQL = `
WITH ${SCOPED},
per AS (
  SELECT sc.welfare_area_code AS area, (sc.published_at IS NOT NULL)::int AS published, x.submitted, y.pilots
  FROM sc
  CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE p.submitted_at IS NOT NULL) AS submitted
                      FROM proposals p WHERE p.challenge_id = sc.id) x
  CROSS JOIN LATERAL (SELECT count(*) AS pilots FROM pilots pl WHERE pl.challenge_id = sc.id) y
)
SELECT w.code AS area,
       coalesce(sum(per.published), 0)::int AS challenges_published,
       coalesce(sum(per.submitted), 0)::int AS proposals_submitted,
       coalesce(sum(per.pilots), 0)::int AS pilots
FROM welfare_areas w LEFT JOIN per ON per.area = w.code
WHERE $2::text IS NULL OR w.code = $2
GROUP BY w.code
ORDER BY w.code`;

const STALLED_SQL = `
WITH ${SCOPED}, ${SCOPED_PILOTS},
aged AS (
  SELECT sp.id, sp.proposal_id, sp.department_id, sp.stage, sp.status,
         coalesce((SELECT max(g.decided_at) FROM gate_decisions g WHERE g.pilot_id = sp.id), sp.created_at) AS since
  FROM sp WHERE sp.status IN ('active', 'on_hold')
)
SELECT a.id, pr.title, d.name AS department, a.stage, a.status,
       floor(extract(epoch FROM now() - a.since) / 86400)::int AS days
FROM aged a
JOIN proposals pr ON pr.id = a.proposal_id
JOIN departments d ON d.id = a.department_id
WHERE a.since < now() - make_interval(days => $3)
ORDER BY a.since, a.id
LIMIT 100`;

const BACKLOG_SQL = `
WITH ${SCOPED},
sa AS (
  SELECT a.* FROM sc
  CROSS JOIN LATERAL (SELECT p.id FROM proposals p WHERE p.challenge_id = sc.id OFFSET 0) p
  CROSS JOIN LATERAL (SELECT * FROM assignments x WHERE x.proposal_id = p.id OFFSET 0) a
)
SELECT u.id, u.name,
       count(*) FILTER (WHERE sa.status = 'assigned')::int AS assigned,
       count(*) FILTER (WHERE sa.status = 'submitted')::int AS submitted,
       count(*) FILTER (WHERE sa.status = 'assigned' AND sa.due_at < now())::int AS overdue
FROM sa JOIN users u ON u.id = sa.evaluator_id
GROUP BY u.id, u.name
HAVING count(*) FILTER (WHERE sa.status <> 'recused') > 0
ORDER BY count(*) FILTER (WHERE sa.status = 'assigned' AND sa.due_at < now()) DESC,
         count(*) FILTER (WHERE sa.status = 'assigned') DESC, u.name, u.id`;

@Injectable()
export class PipelineService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async pipeline(actor: AuthUser, query: PipelineQueryDto): Promise<PipelineDto> {
    const departmentId = this.scopeFor(actor, query.departmentId);
    const scope = [departmentId, query.area ?? null];
    const [funnel] = await this.db.query<
      {
        challenges_published: number;
        proposals_submitted: number;
        proposals_accepted: number;
        pilots: Record<PilotStage | 'implemented' | 'discontinued', number>;
      }[]
    >(FUNNEL_SQL, scope);
    const stages = await this.db.query<
      { stage: PilotStage; active: number; on_hold: number; median_days: number | null }[]
    >(STAGES_SQL, scope);
    const areas = await this.db.query<
      { area: string; challenges_published: number; proposals_submitted: number; pilots: number }[]
    >(AREAS_SQL, scope);
    const stalled = await this.db.query<
      { id: string; title: string; department: string; stage: PilotStage; status: PilotStatus; days: number }[]
    >(STALLED_SQL, [...scope, query.stalledDays]);
    const backlog = await this.db.query<
      { id: string; name: string; assigned: number; submitted: number; overdue: number }[]
    >(BACKLOG_SQL, scope);

    return {
      scope: { departmentId, area: query.area ?? null, stalledDays: query.stalledDays },
      funnel: {
        challengesPublished: funnel.challenges_published,
        proposalsSubmitted: funnel.proposals_submitted,
        proposalsAccepted: funnel.proposals_accepted,
        pilotsReached: {
          explore_idea: funnel.pilots.explore_idea,
          explore_setup: funnel.pilots.explore_setup,
          develop_pilot: funnel.pilots.develop_pilot,
          scale: funnel.pilots.scale,
        },
        implemented: funnel.pilots.implemented,
        discontinued: funnel.pilots.discontinued,
      },
      stages: PILOT_STAGES.map((stage) => {
        const row = stages.find((s) => s.stage === stage);
        return {
          stage,
          active: row?.active ?? 0,
          onHold: row?.on_hold ?? 0,
          medianDaysInStage: row?.median_days ?? null,
        };
      }),
      areas: areas.map((a) => ({
        area: a.area,
        challengesPublished: a.challenges_published,
        proposalsSubmitted: a.proposals_submitted,
        pilots: a.pilots,
      })),
      stalled: stalled.map((s) => ({
        pilotId: s.id,
        title: s.title,
        department: s.department,
        stage: s.stage,
        status: s.status,
        daysWithoutDecision: s.days,
      })),
      evaluatorBacklog: backlog.map((b) => ({
        evaluatorId: b.id,
        name: b.name,
        assigned: b.assigned,
        submitted: b.submitted,
        overdue: b.overdue,
      })),
    };
  }

  /** Directors and admins choose (or see all); department staff see their own department only. */
  private scopeFor(actor: AuthUser, requested: string | undefined): string | null {
    if (hasRole(actor, 'admin', 'director')) return requested ?? null;
    if (requested !== undefined && requested !== actor.departmentId) {
      throw new Forbidden("Department staff see their own department's pipeline only.");
    }
    return actor.departmentId;
  }
}
