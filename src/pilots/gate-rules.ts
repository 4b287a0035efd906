import type { PilotStage, PilotStatus } from './pilot-stage';

/**
 * Gate decisions (docs/product.md §1.1, §3.5): each gate leaves one stage. `go` moves on (`implement` go
 * ends in `implemented`), `hold` pauses in the same stage (a later `go` resumes), `stop`
 * discontinues. Pure rules over (stage, status, gate, outcome); the service adds who and when.
 */
export const GATES = ['time', 'money', 'scale', 'implement'] as const;
export type Gate = (typeof GATES)[number];

export const GATE_OUTCOMES = ['go', 'hold', 'stop'] as const;
export type GateOutcome = (typeof GATE_OUTCOMES)[number];

/** The gate that leaves each stage, and the stage a `go` leads to (null: `implement` ends the journey). */
export const GATE_OF_STAGE: Record<PilotStage, { gate: Gate; next: PilotStage | null }> = {
  explore_idea: { gate: 'time', next: 'explore_setup' },
  explore_setup: { gate: 'money', next: 'develop_pilot' },
  develop_pilot: { gate: 'scale', next: 'scale' },
  scale: { gate: 'implement', next: null },
};

/** What a `money` or `scale` go needs to know about the pilot. */
export interface GatePreconditions {
  grantedBudgetSek: number | null;
  effectGoals: number;
  /** Names of effect goals with no measurement yet. */
  unmeasuredGoals: readonly string[];
}

export type GateResult =
  { ok: true; toStage: PilotStage; toStatus: PilotStatus } | { ok: false; status: 409 | 422; message: string };

export function decideGate(
  pilot: { stage: PilotStage; status: PilotStatus },
  gate: Gate,
  outcome: GateOutcome,
  pre: GatePreconditions,
): GateResult {
  switch (pilot.status) {
    case 'implemented':
    case 'discontinued':
      return { ok: false, status: 409, message: `The pilot is ${pilot.status}: it takes no more gate decisions.` };
    case 'active':
    case 'on_hold':
      break;
  }
  const expected = GATE_OF_STAGE[pilot.stage];
  if (gate !== expected.gate) {
    return {
      ok: false,
      status: 422,
      message: `gate must be ${expected.gate}: it is the gate that leaves ${pilot.stage} (got ${gate})`,
    };
  }
  if (outcome !== 'go' && pre.grantedBudgetSek !== null) {
    return { ok: false, status: 422, message: 'grantedBudgetSek is granted only by a money go' };
  }
  switch (outcome) {
    case 'hold':
      return { ok: true, toStage: pilot.stage, toStatus: 'on_hold' };
    case 'stop':
      return { ok: true, toStage: pilot.stage, toStatus: 'discontinued' };
    case 'go':
      break;
  }
  const missing: string[] = [];
  if (gate === 'money') {
    if (pre.grantedBudgetSek === null) missing.push('grantedBudgetSek');
    if (pre.effectGoals === 0) missing.push('at least one effect goal with baseline and target');
  } else if (pre.grantedBudgetSek !== null) {
    return { ok: false, status: 422, message: 'grantedBudgetSek is granted only by a money go' };
  }
  if (gate === 'scale') {
    if (pre.effectGoals === 0) missing.push('at least one effect goal');
    if (pre.unmeasuredGoals.length > 0) {
      missing.push(`a measurement of every effect goal (none yet for: ${pre.unmeasuredGoals.join(', ')})`);
    }
  }
  if (missing.length > 0) {
    return { ok: false, status: 422, message: `A ${gate} go needs ${missing.join(' and ')}.` };
  }
  return expected.next === null
    ? { ok: true, toStage: pilot.stage, toStatus: 'implemented' }
    : { ok: true, toStage: expected.next, toStatus: 'active' };
}

export const GOAL_DIRECTIONS = ['increase', 'decrease'] as const;
export type GoalDirection = (typeof GOAL_DIRECTIONS)[number];

/** A goal's target must differ from its baseline, in the stated direction. */
export function goalProblem(baseline: number, target: number, direction: GoalDirection): string | null {
  if (target === baseline) return 'target must differ from baseline';
  if (direction === 'increase' && target < baseline) return 'target must be above baseline for an increase';
  if (direction === 'decrease' && target > baseline) return 'target must be below baseline for a decrease';
  return null;
}

/** Progress of a goal = (latest − baseline) / (target − baseline); null without a measurement. */
export function progress(goal: { baseline: number; target: number }, latest: number | null): number | null {
  return latest === null ? null : (latest - goal.baseline) / (goal.target - goal.baseline);
}
