import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { hasRole } from '../common/access-policy';
import type { AuthUser } from '../common/auth.decorators';
import { createdAtKey } from '../common/pagination';
import { SqlFilter } from '../common/sql-filter';
import type { EffectGoalDto, ListPilotsQueryDto } from './dto/pilot.dto';
import { progress } from './gate-rules';
import type { Gate, GateOutcome, GoalDirection } from './gate-rules';
import type { PilotStage, PilotStatus } from './pilot-stage';

export interface PilotRow {
  id: string;
  title: string;
  proposal_id: string;
  challenge_id: string;
  challenge_title: string;
  department_id: string;
  department_name: string;
  welfare_area: string;
  lead_id: string;
  lead_name: string;
  stage: PilotStage;
  status: PilotStatus;
  version: number;
  granted_budget_sek: number | null;
  stage_entered_at: Date;
  created_at: Date;
  created_key: string;
  /** The caller is a member of the lead organisation. */
  in_lead: boolean;
}

export interface GateRow {
  id: string;
  gate: Gate;
  outcome: GateOutcome;
  rationale: string;
  granted_budget_sek: number | null;
  from_stage: PilotStage;
  to_stage: PilotStage;
  from_status: PilotStatus;
  to_status: PilotStatus;
  decided_by: string;
  decided_by_name: string;
  decided_at: Date;
}

export interface MeasurementRow {
  id: string;
  effect_goal_id: string;
  value: number;
  measured_at: Date;
  note: string | null;
  created_at: Date;
}

/** Every query passes the caller's id as $1. */
export const SELECT_PILOT = `SELECT pl.id, pr.title, pl.proposal_id, pl.challenge_id, c.title AS challenge_title,
  pl.department_id, d.name AS department_name, c.welfare_area_code AS welfare_area, o.id AS lead_id, o.name AS lead_name,
  pl.stage, pl.status, pl.version, pl.granted_budget_sek, pl.stage_entered_at, pl.created_at,
  ${createdAtKey('pl')} AS created_key,
  EXISTS (SELECT 1 FROM memberships m WHERE m.organization_id = pr.lead_organization_id AND m.user_id = $1) AS in_lead
  FROM pilots pl
  JOIN proposals pr ON pr.id = pl.proposal_id
  JOIN challenges c ON c.id = pl.challenge_id
  JOIN departments d ON d.id = pl.department_id
  JOIN organizations o ON o.id = pr.lead_organization_id`;

/**
 * Who sees a pilot: directors and admins all; department staff their department's; members of
 * the lead organisation their own. A condition on the query, so the invisible are not found.
 */
export function visibility(actor: AuthUser): { sql: string; params: unknown[] } {
  const params: unknown[] = [actor.id];
  if (hasRole(actor, 'admin', 'director')) return { sql: '$1::uuid IS NOT NULL', params };
  const lead = `pr.lead_organization_id IN (SELECT organization_id FROM memberships WHERE user_id = $1)`;
  if (hasRole(actor, 'department') && actor.departmentId) {
    params.push(actor.departmentId);
    return { sql: `(pl.department_id = $2 OR ${lead})`, params };
  }
  return { sql: lead, params };
}

/** The effect goals of pilots, each with its latest measurement (by measuredAt) and progress. */
export async function effectGoalsOf(manager: EntityManager, pilotIds: readonly string[]) {
  const rows = await manager.query<
    {
      pilot_id: string;
      id: string;
      name: string;
      unit: string;
      baseline: number;
      target: number;
      direction: GoalDirection;
      latest_value: number | null;
      latest_at: Date | null;
    }[]
  >(
    `SELECT g.pilot_id, g.id, g.name, g.unit, g.baseline, g.target, g.direction, m.value AS latest_value,
            m.measured_at AS latest_at
     FROM effect_goals g
     LEFT JOIN LATERAL (SELECT value, measured_at FROM measurements WHERE effect_goal_id = g.id
                        ORDER BY measured_at DESC, created_at DESC LIMIT 1) m ON TRUE
     WHERE g.pilot_id = ANY($1::uuid[]) ORDER BY g.created_at, g.id`,
    [pilotIds],
  );
  return rows.map((g) => ({
    pilotId: g.pilot_id,
    goal: {
      id: g.id,
      name: g.name,
      unit: g.unit,
      baseline: g.baseline,
      target: g.target,
      direction: g.direction,
      latestMeasurement: g.latest_at === null ? null : { value: g.latest_value!, measuredAt: g.latest_at },
      progress: progress(g, g.latest_value),
    } satisfies EffectGoalDto,
  }));
}

/** The pilots feature's reads of one pilot (docs/product.md §3.5.1 in `visibility`). */
@Injectable()
export class PilotsRepository {
  /** The pilot if the caller may see it, else null; `lock` holds it for the caller's transaction. */
  async findVisible(manager: EntityManager, actor: AuthUser, id: string, lock = false): Promise<PilotRow | null> {
    const { sql, params } = visibility(actor);
    params.push(id);
    const [row] = await manager.query<PilotRow[]>(
      `${SELECT_PILOT} WHERE pl.id = $${params.length} AND ${sql} ${lock ? 'FOR UPDATE OF pl' : ''}`,
      params,
    );
    return row ?? null;
  }

  /** One statement whatever the page size; newest first. */
  list(manager: EntityManager, actor: AuthUser, query: ListPilotsQueryDto): Promise<PilotRow[]> {
    const filter = new SqlFilter(visibility(actor));
    if (query.stage) filter.add('pl.stage = ?', query.stage);
    if (query.status) filter.add('pl.status = ?', query.status);
    if (query.area) filter.add('c.welfare_area_code = ?', query.area);
    if (query.departmentId) filter.add('pl.department_id = ?', query.departmentId);
    filter.after(query.cursor, 'pl');
    const limit = filter.limit(query.limit);
    return manager.query<PilotRow[]>(
      `${SELECT_PILOT} WHERE ${filter.where} ORDER BY pl.created_at DESC, pl.id DESC LIMIT ${limit}`,
      filter.params,
    );
  }

  /** The measurements of a pilot's effect goals, oldest first by when measured. */
  measurementRows(manager: EntityManager, pilotId: string): Promise<MeasurementRow[]> {
    return manager.query<MeasurementRow[]>(
      `SELECT m.id, m.effect_goal_id, m.value, m.measured_at, m.note, m.created_at
       FROM measurements m JOIN effect_goals g ON g.id = m.effect_goal_id
       WHERE g.pilot_id = $1 ORDER BY m.measured_at, m.created_at, m.id`,
      [pilotId],
    );
  }

  /** The gate decisions of a pilot, oldest first. */
  gateRows(manager: EntityManager, pilotId: string): Promise<GateRow[]> {
    return manager.query<GateRow[]>(
      `SELECT g.id, g.gate, g.outcome, g.rationale, g.granted_budget_sek, g.from_stage, g.to_stage, g.from_status,
              g.to_status, g.decided_by, u.name AS decided_by_name, g.decided_at
       FROM gate_decisions g JOIN users u ON u.id = g.decided_by
       WHERE g.pilot_id = $1 ORDER BY g.decided_at, g.id`,
      [pilotId],
    );
  }
}
