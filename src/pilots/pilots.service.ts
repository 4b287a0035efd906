import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { mayDecideGate, mayRecordMeasurement, maySetEffectGoals } from '../common/access-policy';
import type { AuthUser } from '../common/auth.decorators';
import { Conflict, Forbidden, NotFound, RuleViolation } from '../common/errors';
import { toPage } from '../common/pagination';
import { gateView, measurementView, summaryView } from './pilot-views';
import { effectGoalsOf, PilotsRepository } from './pilots.repository';
import type { MeasurementRow, PilotRow } from './pilots.repository';
import {
  CreateEffectGoalDto,
  CreateMeasurementDto,
  EffectGoalDto,
  GateDecisionInputDto,
  HistoryDto,
  ListPilotsQueryDto,
  MeasurementDto,
  MeasurementListDto,
  PilotDto,
  PilotPageDto,
} from './dto/pilot.dto';
import { decideGate, goalProblem } from './gate-rules';
import { shortReason } from '../notifications/notification-data';

export interface NewPilot {
  proposalId: string;
  challengeId: string;
  departmentId: string;
}

@Injectable()
export class PilotsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly pilots: PilotsRepository,
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
    const rows = await this.pilots.list(this.db.manager, actor, query);
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
        data: {
          title: pilot.title,
          gate: dto.gate,
          outcome: dto.outcome,
          stage: result.toStage,
          status: result.toStatus,
          reason: shortReason(dto.rationale),
        },
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
    const gates = await this.pilots.gateRows(this.db.manager, id);
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

  /** Whoever sees the pilot sees its measurements: the lead organisation records them, the city decides on them. */
  async measurements(actor: AuthUser, id: string): Promise<MeasurementListDto> {
    await this.visibleRow(this.db.manager, actor, id);
    const rows = await this.pilots.measurementRows(this.db.manager, id);
    return { items: rows.map(measurementView) };
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
      const [row] = await manager.query<Omit<MeasurementRow, 'effect_goal_id'>[]>(
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
      return measurementView({ ...row, effect_goal_id: goalId });
    });
  }

  private async visibleRow(manager: EntityManager, actor: AuthUser, id: string, lock = false): Promise<PilotRow> {
    const row = await this.pilots.findVisible(manager, actor, id, lock);
    if (!row) throw new NotFound('No such pilot.');
    return row;
  }

  private async view(manager: EntityManager, row: PilotRow): Promise<PilotDto> {
    // One after the other: inside a transaction both would share one connection.
    const goals = await effectGoalsOf(manager, [row.id]);
    const gates = await this.pilots.gateRows(manager, row.id);
    const last = gates[gates.length - 1];
    return {
      ...summaryView(row),
      proposal: { id: row.proposal_id, title: row.title },
      callerInLead: row.in_lead,
      effectGoals: goals.map((g) => g.goal),
      lastGateDecision: last ? gateView(last) : null,
    };
  }
}
