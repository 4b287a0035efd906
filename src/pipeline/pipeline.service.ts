import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hasRole } from '../common/auth.decorators';
import type { AuthUser } from '../common/auth.decorators';
import { Forbidden } from '../common/errors';
import { EventsService } from '../events/events.service';
import { PILOT_STAGES } from '../pilots/pilot-stage';
import type { PilotStage, PilotStatus } from '../pilots/pilot-stage';
import { PipelineDto, PipelineQueryDto } from './dto/pipeline.dto';

/**
 * The directors' view of the whole innovation pipeline (PRODUCT.md §3), in six statements whose
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

const BACKLOG_SQL = `
WITH counts AS (
  SELECT c.evaluator_id, sum(c.assigned)::int AS assigned, sum(c.submitted)::int AS submitted
  FROM evaluator_counts c WHERE ${SCOPE}
  GROUP BY c.evaluator_id HAVING sum(c.assigned) + sum(c.submitted) > 0),
overdue AS (
  SELECT c.evaluator_id, count(*)::int AS overdue
  FROM pending_assignments c WHERE c.due_at < now() AND ${SCOPE}
  GROUP BY c.evaluator_id)
SELECT u.id, u.name, counts.assigned, counts.submitted, coalesce(overdue.overdue, 0) AS overdue
FROM counts
JOIN users u ON u.id = counts.evaluator_id
LEFT JOIN overdue ON overdue.evaluator_id = counts.evaluator_id
ORDER BY coalesce(overdue.overdue, 0) DESC, counts.assigned DESC, u.name, u.id
LIMIT 100`;

@Injectable()
export class PipelineService {
  /** Computations under way, by scope: callers asking for the same scope meanwhile share the one answer. */
  private readonly inFlight = new Map<string, Promise<PipelineDto>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventsService,
  ) {}

  /**
   * A dashboard that many directors and staff open at once (a Monday-morning meeting) asks the
   * same question many times over: concurrent requests for one scope share one computation, so
   * an answer is never older than the computation the caller waited for, and the database does
   * the work once instead of once per caller.
   */
  pipeline(actor: AuthUser, query: PipelineQueryDto): Promise<PipelineDto> {
    const departmentId = this.scopeFor(actor, query.departmentId);
    const key = JSON.stringify([departmentId, query.area ?? null, query.stalledDays]);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const computation = this.compute(departmentId, query).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, computation);
    return computation;
  }

  private async compute(departmentId: string | null, query: PipelineQueryDto): Promise<PipelineDto> {
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
    const events = await this.events.figures(departmentId, query.area ?? null);

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
      events,
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
