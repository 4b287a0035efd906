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
 */
const SCOPE = `($1::uuid IS NULL OR c.department_id = $1) AND ($2::text IS NULL OR c.welfare_area_code = $2)`;

const FUNNEL_SQL = `
SELECT
  (SELECT count(*)::int FROM challenges c WHERE c.published_at IS NOT NULL AND ${SCOPE}) AS challenges_published,
  (SELECT count(*)::int FROM proposals p JOIN challenges c ON c.id = p.challenge_id
     WHERE p.submitted_at IS NOT NULL AND ${SCOPE}) AS proposals_submitted,
  (SELECT count(*)::int FROM proposals p JOIN challenges c ON c.id = p.challenge_id
     WHERE p.status = 'accepted' AND ${SCOPE}) AS proposals_accepted,
  (SELECT json_build_object(
      'explore_idea', count(*),
      'explore_setup', count(*) FILTER (WHERE pl.stage IN ('explore_setup','develop_pilot','scale')),
      'develop_pilot', count(*) FILTER (WHERE pl.stage IN ('develop_pilot','scale')),
      'scale', count(*) FILTER (WHERE pl.stage = 'scale'),
      'implemented', count(*) FILTER (WHERE pl.status = 'implemented'),
      'discontinued', count(*) FILTER (WHERE pl.status = 'discontinued'))
   FROM pilots pl JOIN challenges c ON c.id = pl.challenge_id WHERE ${SCOPE}) AS pilots`;

const STAGES_SQL = `
SELECT pl.stage,
       count(*) FILTER (WHERE pl.status = 'active')::int AS active,
       count(*) FILTER (WHERE pl.status = 'on_hold')::int AS on_hold,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM now() - pl.stage_entered_at) / 86400) AS median_days
FROM pilots pl JOIN challenges c ON c.id = pl.challenge_id
WHERE pl.status IN ('active', 'on_hold') AND ${SCOPE}
GROUP BY pl.stage`;

const AREAS_SQL = `
SELECT w.code AS area,
       (SELECT count(*)::int FROM challenges c WHERE c.welfare_area_code = w.code AND c.published_at IS NOT NULL
          AND ${SCOPE}) AS challenges_published,
       (SELECT count(*)::int FROM proposals p JOIN challenges c ON c.id = p.challenge_id
          WHERE c.welfare_area_code = w.code AND p.submitted_at IS NOT NULL AND ${SCOPE}) AS proposals_submitted,
       (SELECT count(*)::int FROM pilots pl JOIN challenges c ON c.id = pl.challenge_id
          WHERE c.welfare_area_code = w.code AND ${SCOPE}) AS pilots
FROM welfare_areas w WHERE $2::text IS NULL OR w.code = $2
ORDER BY w.code`;

const STALLED_SQL = `
SELECT pl.id, pr.title, d.name AS department, pl.stage, pl.status,
       floor(extract(epoch FROM now() - coalesce(last.decided_at, pl.created_at)) / 86400)::int AS days
FROM pilots pl
JOIN proposals pr ON pr.id = pl.proposal_id
JOIN challenges c ON c.id = pl.challenge_id
JOIN departments d ON d.id = pl.department_id
LEFT JOIN LATERAL (SELECT max(g.decided_at) AS decided_at FROM gate_decisions g WHERE g.pilot_id = pl.id) last ON TRUE
WHERE pl.status IN ('active', 'on_hold') AND ${SCOPE}
  AND coalesce(last.decided_at, pl.created_at) < now() - make_interval(days => $3)
ORDER BY coalesce(last.decided_at, pl.created_at), pl.id
LIMIT 100`;

const BACKLOG_SQL = `
SELECT u.id, u.name,
       count(*) FILTER (WHERE a.status = 'assigned')::int AS assigned,
       count(*) FILTER (WHERE a.status = 'submitted')::int AS submitted,
       count(*) FILTER (WHERE a.status = 'assigned' AND a.due_at < now())::int AS overdue
FROM assignments a
JOIN users u ON u.id = a.evaluator_id
JOIN proposals p ON p.id = a.proposal_id
JOIN challenges c ON c.id = p.challenge_id
WHERE ${SCOPE}
GROUP BY u.id, u.name
HAVING count(*) FILTER (WHERE a.status <> 'recused') > 0
ORDER BY count(*) FILTER (WHERE a.status = 'assigned' AND a.due_at < now()) DESC,
         count(*) FILTER (WHERE a.status = 'assigned') DESC, u.name, u.id`;

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
