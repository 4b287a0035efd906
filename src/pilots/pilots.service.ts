import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { hasRole, mayDecideGate, mayRecordMeasurement, maySetEffectGoals } from '../common/access-policy';
import type { AuthUser } from '../common/auth.decorators';
import { Conflict, Forbidden, NotFound, RuleViolation } from '../common/errors';
import { createdAtKey, toPage } from '../common/pagination';
import { SqlFilter } from '../common/sql-filter';
import {
  CreateEffectGoalDto,
  CreateMeasurementDto,
  EffectGoalDto,
  GateDecisionDto,
  GateDecisionInputDto,
  HistoryDto,
  ListPilotsQueryDto,
  MeasurementDto,
  PilotDto,
  PilotPageDto,
  PilotSummaryDto,
  RegistryPageDto,
  RegistryQueryDto,
} from './dto/pilot.dto';
import { decideGate, goalProblem, progress } from './gate-rules';
import type { Gate, GateOutcome, GoalDirection } from './gate-rules';
import type { PilotStage, PilotStatus } from './pilot-stage';

export interface NewPilot {
  proposalId: string;
  challengeId: string;
  departmentId: string;
}

interface PilotRow {
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

interface GateRow {
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

/** Every query passes the caller's id as $1. */
const SELECT_PILOT = `SELECT pl.id, pr.title, pl.proposal_id, pl.challenge_id, c.title AS challenge_title,
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
function visibility(actor: AuthUser): { sql: string; params: unknown[] } {
  const params: unknown[] = [actor.id];
  if (hasRole(actor, 'admin', 'director')) return { sql: '$1::uuid IS NOT NULL', params };
  const lead = `pr.lead_organization_id IN (SELECT organization_id FROM memberships WHERE user_id = $1)`;
  if (hasRole(actor, 'department') && actor.departmentId) {
    params.push(actor.departmentId);
    return { sql: `(pl.department_id = $2 OR ${lead})`, params };
  }
  return { sql: lead, params };
}

const summaryView = (r: PilotRow): PilotSummaryDto => ({
  id: r.id,
  title: r.title,
  challenge: { id: r.challenge_id, title: r.challenge_title },
  department: { id: r.department_id, name: r.department_name },
  welfareArea: r.welfare_area,
  leadOrganization: { id: r.lead_id, name: r.lead_name },
  stage: r.stage,
  status: r.status,
  version: r.version,
  grantedBudgetSek: r.granted_budget_sek,
  stageEnteredAt: r.stage_entered_at,
  createdAt: r.created_at,
});

const gateView = (g: GateRow): GateDecisionDto => ({
  id: g.id,
  gate: g.gate,
  outcome: g.outcome,
  rationale: g.rationale,
  grantedBudgetSek: g.granted_budget_sek,
  fromStage: g.from_stage,
  toStage: g.to_stage,
  fromStatus: g.from_status,
  toStatus: g.to_status,
  decidedBy: { id: g.decided_by, name: g.decided_by_name },
  decidedAt: g.decided_at,
});

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

@Injectable()
export class PilotsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * The pilot of a just-accepted proposal, in `explore_idea`, `active`, written in the caller's
   * transaction together with the decision.
   */
  async createForAcceptedProposal(manager: EntityManager, actorId: string, pilot: NewPilot): Promise<string> {
    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO pilots (proposal_id, challenge_id, department_id) VALUES ($1, $2, $3) RETURNING id`,
      [pilot.proposalId, pilot.challengeId, pilot.departmentId],
    );
    await this.audit.record(manager, {
      actorId,
      action: 'pilot.created',
      entityType: 'pilot',
      entityId: id,
      after: { ...pilot, stage: 'explore_idea', status: 'active', version: 1 },
    });
    return id;
  }

  /** One statement whatever the page size; newest first. */
  async list(actor: AuthUser, query: ListPilotsQueryDto): Promise<PilotPageDto> {
    const filter = new SqlFilter(visibility(actor));
    if (query.stage) filter.add('pl.stage = ?', query.stage);
    if (query.status) filter.add('pl.status = ?', query.status);
    if (query.area) filter.add('c.welfare_area_code = ?', query.area);
    if (query.departmentId) filter.add('pl.department_id = ?', query.departmentId);
    filter.after(query.cursor, 'pl');
    const limit = filter.limit(query.limit);
    const rows = await this.db.query<PilotRow[]>(
      `${SELECT_PILOT} WHERE ${filter.where} ORDER BY pl.created_at DESC, pl.id DESC LIMIT ${limit}`,
      filter.params,
    );
    return toPage(rows, query.limit, (r) => [r.created_key, r.id], summaryView);
  }

  async get(actor: AuthUser, id: string): Promise<PilotDto> {
    return this.view(this.db.manager, await this.visibleRow(this.db.manager, actor, id));
  }

  /**
   * A gate decision: the rules of gate-rules.ts, the authority per gate, and `version` settled by
   * a conditional UPDATE, so that of concurrent decisions on one version exactly one is recorded.
   */
  decideGate(actor: AuthUser, id: string, dto: GateDecisionInputDto): Promise<PilotDto> {
    return this.db.transaction(async (manager) => {
      const pilot = await this.visibleRow(manager, actor, id);
      if (!mayDecideGate(actor, dto.gate, pilot.department_id)) {
        throw new Forbidden(
          dto.gate === 'time'
            ? "The time gate is decided by the pilot's department staff or a director."
            : `The ${dto.gate} gate is decided by a director.`,
        );
      }
      // A stale version is answered first: the caller's picture of the pilot is out of date, so
      // any rule it would break is judged on that old picture.
      const stale = () => new Conflict(`The pilot has changed (version ${dto.version} is stale); reload it.`);
      if (dto.version !== pilot.version) throw stale();
      const [goals] = await manager.query<{ total: number; unmeasured: string[] | null }[]>(
        `SELECT count(*)::int AS total,
                array_agg(g.name ORDER BY g.created_at) FILTER (
                  WHERE NOT EXISTS (SELECT 1 FROM measurements m WHERE m.effect_goal_id = g.id)) AS unmeasured
         FROM effect_goals g WHERE g.pilot_id = $1`,
        [id],
      );
      const result = decideGate(pilot, dto.gate, dto.outcome, {
        grantedBudgetSek: dto.grantedBudgetSek ?? null,
        effectGoals: goals.total,
        unmeasuredGoals: goals.unmeasured ?? [],
      });
      if (!result.ok) {
        if (result.status === 409) throw new Conflict(result.message);
        throw new RuleViolation(result.message, [{ field: 'gate', message: result.message }]);
      }
      const [updated] = await manager.query<[{ id: string }[], number]>(
        `UPDATE pilots SET stage = $3::varchar, status = $4::varchar, version = version + 1, updated_at = now(),
                granted_budget_sek = coalesce($5::int, granted_budget_sek),
                stage_entered_at = CASE WHEN stage <> $3::varchar THEN now() ELSE stage_entered_at END
         WHERE id = $1 AND version = $2 RETURNING id`,
        [id, dto.version, result.toStage, result.toStatus, dto.grantedBudgetSek ?? null],
      );
      if (updated.length === 0) throw stale();
      const [{ id: decisionId }] = await manager.query<{ id: string }[]>(
        `INSERT INTO gate_decisions (pilot_id, gate, outcome, rationale, granted_budget_sek, from_stage, to_stage,
                                     from_status, to_status, decided_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          id,
          dto.gate,
          dto.outcome,
          dto.rationale,
          dto.grantedBudgetSek ?? null,
          pilot.stage,
          result.toStage,
          pilot.status,
          result.toStatus,
          actor.id,
        ],
      );
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'pilot.gate-decided',
        entityType: 'pilot',
        entityId: id,
        before: { stage: pilot.stage, status: pilot.status, version: pilot.version },
        after: {
          stage: result.toStage,
          status: result.toStatus,
          version: pilot.version + 1,
          gate: dto.gate,
          outcome: dto.outcome,
          gateDecisionId: decisionId,
          grantedBudgetSek: dto.grantedBudgetSek ?? null,
        },
      });
      const notice = {
        kind: 'pilot.gate-decided' as const,
        entityType: 'pilot' as const,
        entityId: id,
        message: `${dto.gate} gate: ${dto.outcome} for the pilot "${pilot.title}" (now ${result.toStage}, ${result.toStatus}).`,
      };
      await this.notifications.notify(
        manager,
        [{ departmentStaff: pilot.department_id }, { organizationMembers: pilot.lead_id }],
        notice,
        actor.id,
      );
      return this.view(manager, await this.visibleRow(manager, actor, id));
    });
  }

  /** The pilot's creation and every gate decision, oldest first, with who and why. */
  async history(actor: AuthUser, id: string): Promise<HistoryDto> {
    const pilot = await this.visibleRow(this.db.manager, actor, id);
    const [created] = await this.db.query<{ decided_by: string; name: string; decided_at: Date; reason: string }[]>(
      `SELECT pr.decided_by, u.name, pr.decided_at, pr.decision_reason AS reason
       FROM proposals pr JOIN users u ON u.id = pr.decided_by WHERE pr.id = $1`,
      [pilot.proposal_id],
    );
    const gates = await this.gateRows(this.db.manager, id);
    return {
      items: [
        {
          kind: 'created',
          at: created.decided_at,
          by: { id: created.decided_by, name: created.name },
          gate: null,
          outcome: null,
          rationale: created.reason,
          fromStage: null,
          toStage: 'explore_idea',
          fromStatus: null,
          toStatus: 'active',
          grantedBudgetSek: null,
        },
        ...gates.map((g) => ({
          kind: 'gate' as const,
          at: g.decided_at,
          by: { id: g.decided_by, name: g.decided_by_name },
          gate: g.gate,
          outcome: g.outcome,
          rationale: g.rationale,
          fromStage: g.from_stage,
          toStage: g.to_stage,
          fromStatus: g.from_status,
          toStatus: g.to_status,
          grantedBudgetSek: g.granted_budget_sek,
        })),
      ],
    };
  }

  /** Set by the pilot's department staff, directors (and admins), while the pilot is not finished. */
  addEffectGoal(actor: AuthUser, id: string, dto: CreateEffectGoalDto): Promise<EffectGoalDto> {
    const problem = goalProblem(dto.baseline, dto.target, dto.direction);
    if (problem) throw new RuleViolation(problem, [{ field: 'target', message: problem }]);
    return this.db.transaction(async (manager) => {
      const pilot = await this.visibleRow(manager, actor, id, true);
      if (!maySetEffectGoals(actor, pilot.department_id)) {
        throw new Forbidden("Effect goals are set by the pilot's department staff and directors.");
      }
      if (pilot.status === 'implemented' || pilot.status === 'discontinued') {
        throw new Conflict(`The pilot is ${pilot.status}: its effect goals are fixed.`);
      }
      const [{ id: goalId }] = await manager.query<{ id: string }[]>(
        `INSERT INTO effect_goals (pilot_id, name, unit, baseline, target, direction, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [id, dto.name, dto.unit, dto.baseline, dto.target, dto.direction, actor.id],
      );
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'pilot.effect-goal-added',
        entityType: 'pilot',
        entityId: id,
        after: { effectGoalId: goalId, ...dto },
      });
      const goals = await effectGoalsOf(manager, [id]);
      return goals.find((g) => g.goal.id === goalId)!.goal;
    });
  }

  /** Recorded by the pilot's department staff, directors, admins and members of the lead organisation. */
  addMeasurement(actor: AuthUser, id: string, goalId: string, dto: CreateMeasurementDto): Promise<MeasurementDto> {
    const measuredAt = new Date(dto.measuredAt);
    if (measuredAt.getTime() > Date.now()) {
      const message = 'measuredAt must not be in the future';
      throw new RuleViolation(message, [{ field: 'measuredAt', message }]);
    }
    return this.db.transaction(async (manager) => {
      const pilot = await this.visibleRow(manager, actor, id);
      if (!mayRecordMeasurement(actor, pilot.department_id, pilot.in_lead)) {
        throw new Forbidden(
          "Measurements are recorded by the pilot's department staff, directors and the lead organisation.",
        );
      }
      const [goal] = await manager.query<unknown[]>(`SELECT 1 FROM effect_goals WHERE id = $1 AND pilot_id = $2`, [
        goalId,
        id,
      ]);
      if (!goal) throw new NotFound('No such effect goal on this pilot.');
      const [row] = await manager.query<
        { id: string; value: number; measured_at: Date; note: string | null; created_at: Date }[]
      >(
        `INSERT INTO measurements (effect_goal_id, value, measured_at, note, recorded_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING id, value, measured_at, note, created_at`,
        [goalId, dto.value, measuredAt, dto.note ?? null, actor.id],
      );
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'pilot.measurement-recorded',
        entityType: 'pilot',
        entityId: id,
        after: { effectGoalId: goalId, measurementId: row.id, value: dto.value, measuredAt: dto.measuredAt },
      });
      return {
        id: row.id,
        effectGoalId: goalId,
        value: row.value,
        measuredAt: row.measured_at,
        note: row.note,
        createdAt: row.created_at,
      };
    });
  }

  /**
   * The public registry: two statements whatever the page size (the page, then its effect goals).
   * Built from an explicit list of public fields: no person, email or orgNumber can reach it,
   * and a resident-led pilot shows "Resident initiative" instead of the residents' group name.
   */
  async registry(query: RegistryQueryDto): Promise<RegistryPageDto> {
    const filter = new SqlFilter();
    if (query.area) filter.add('c.welfare_area_code = ?', query.area);
    if (query.stage) filter.add('pl.stage = ?', query.stage);
    filter.after(query.cursor, 'pl');
    const limit = filter.limit(query.limit);
    const rows = await this.db.query<
      {
        id: string;
        title: string;
        summary: string;
        welfare_area: string;
        department: string;
        stage: PilotStage;
        status: PilotStatus;
        lead: string;
        created_key: string;
      }[]
    >(
      `SELECT pl.id, pr.title, pr.summary, c.welfare_area_code AS welfare_area, d.name AS department, pl.stage, pl.status,
              CASE WHEN o.kind = 'resident' THEN 'Resident initiative' ELSE o.name END AS lead,
              ${createdAtKey('pl')} AS created_key
       FROM pilots pl
       JOIN proposals pr ON pr.id = pl.proposal_id
       JOIN challenges c ON c.id = pl.challenge_id
       JOIN departments d ON d.id = pl.department_id
       JOIN organizations o ON o.id = pr.lead_organization_id
       WHERE ${filter.where}
       ORDER BY pl.created_at DESC, pl.id DESC LIMIT ${limit}`,
      filter.params,
    );
    const page = toPage(
      rows,
      query.limit,
      (r) => [r.created_key, r.id],
      (r) => r,
    );
    const goals = await effectGoalsOf(
      this.db.manager,
      page.items.map((r) => r.id),
    );
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((r) => ({
        id: r.id,
        title: r.title,
        summary: r.summary,
        welfareArea: r.welfare_area,
        department: r.department,
        stage: r.stage,
        status: r.status,
        lead: r.lead,
        effectGoals: goals
          .filter((g) => g.pilotId === r.id)
          .map(({ goal }) => ({
            name: goal.name,
            unit: goal.unit,
            baseline: goal.baseline,
            target: goal.target,
            direction: goal.direction,
            latestValue: goal.latestMeasurement?.value ?? null,
            progress: goal.progress,
          })),
      })),
    };
  }

  private async visibleRow(manager: EntityManager, actor: AuthUser, id: string, lock = false): Promise<PilotRow> {
    const { sql, params } = visibility(actor);
    params.push(id);
    const [row] = await manager.query<PilotRow[]>(
      `${SELECT_PILOT} WHERE pl.id = $${params.length} AND ${sql} ${lock ? 'FOR UPDATE OF pl' : ''}`,
      params,
    );
    if (!row) throw new NotFound('No such pilot.');
    return row;
  }

  private gateRows(manager: EntityManager, pilotId: string): Promise<GateRow[]> {
    return manager.query<GateRow[]>(
      `SELECT g.id, g.gate, g.outcome, g.rationale, g.granted_budget_sek, g.from_stage, g.to_stage, g.from_status,
              g.to_status, g.decided_by, u.name AS decided_by_name, g.decided_at
       FROM gate_decisions g JOIN users u ON u.id = g.decided_by
       WHERE g.pilot_id = $1 ORDER BY g.decided_at, g.id`,
      [pilotId],
    );
  }

  private async view(manager: EntityManager, row: PilotRow): Promise<PilotDto> {
    // One after the other: inside a transaction both would share one connection.
    const goals = await effectGoalsOf(manager, [row.id]);
    const gates = await this.gateRows(manager, row.id);
    const last = gates[gates.length - 1];
    return {
      ...summaryView(row),
      proposal: { id: row.proposal_id, title: row.title },
      effectGoals: goals.map((g) => g.goal),
      lastGateDecision: last ? gateView(last) : null,
    };
  }
}
