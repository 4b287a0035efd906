import type { GateDecisionDto, MeasurementDto, PilotSummaryDto } from './dto/pilot.dto';
import type { GateRow, MeasurementRow, PilotRow } from './pilots.repository';

/** Pilot rows → response DTOs. */

export const summaryView = (r: PilotRow): PilotSummaryDto => ({
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

export const gateView = (g: GateRow): GateDecisionDto => ({
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

export const measurementView = (m: MeasurementRow): MeasurementDto => ({
  id: m.id,
  effectGoalId: m.effect_goal_id,
  value: m.value,
  measuredAt: m.measured_at,
  note: m.note,
  createdAt: m.created_at,
});
