import { mayDecide } from '../common/access-policy';
import { decideGate, GATE_OUTCOMES, GATES, goalProblem, progress } from './gate-rules';
import type { GatePreconditions } from './gate-rules';
import { PILOT_STAGES, PILOT_STATUSES } from './pilot-stage';
import type { PilotStage, PilotStatus } from './pilot-stage';

/** Preconditions that satisfy every gate: a budget (money only) and measured goals. */
const READY: GatePreconditions = { grantedBudgetSek: null, effectGoals: 1, unmeasuredGoals: [] };
const ready = (gate: string, outcome: string): GatePreconditions =>
  gate === 'money' && outcome === 'go' ? { ...READY, grantedBudgetSek: 100_000 } : READY;

// The city's model, written out as the table it is (docs/product.md §1.1).
const LEAVES: Record<PilotStage, string> = {
  explore_idea: 'time',
  explore_setup: 'money',
  develop_pilot: 'scale',
  scale: 'implement',
};
const AFTER_GO: Record<PilotStage, [PilotStage, PilotStatus]> = {
  explore_idea: ['explore_setup', 'active'],
  explore_setup: ['develop_pilot', 'active'],
  develop_pilot: ['scale', 'active'],
  scale: ['scale', 'implemented'],
};

describe('decideGate: every stage × status × gate × outcome', () => {
  const combinations = PILOT_STAGES.flatMap((stage) =>
    PILOT_STATUSES.flatMap((status) =>
      GATES.flatMap((gate) => GATE_OUTCOMES.map((outcome) => [stage, status, gate, outcome] as const)),
    ),
  );

  it('covers 4 × 4 × 4 × 3 = 192 combinations', () => {
    expect(combinations).toHaveLength(192);
  });

  it.each(combinations)('%s / %s: %s %s', (stage, status, gate, outcome) => {
    const result = decideGate({ stage, status }, gate, outcome, ready(gate, outcome));
    if (status === 'implemented' || status === 'discontinued') {
      expect(result).toMatchObject({ ok: false, status: 409 });
    } else if (gate !== LEAVES[stage]) {
      expect(result).toMatchObject({
        ok: false,
        status: 422,
        message: expect.stringContaining(`gate must be ${LEAVES[stage]}`),
      });
    } else if (outcome === 'hold') {
      expect(result).toEqual({ ok: true, toStage: stage, toStatus: 'on_hold' });
    } else if (outcome === 'stop') {
      expect(result).toEqual({ ok: true, toStage: stage, toStatus: 'discontinued' });
    } else {
      const [toStage, toStatus] = AFTER_GO[stage];
      expect(result).toEqual({ ok: true, toStage, toStatus });
    }
  });
});

describe('preconditions of a go', () => {
  const setup = { stage: 'explore_setup', status: 'active' } as const;
  const pilot = { stage: 'develop_pilot', status: 'active' } as const;

  it('money needs a granted budget and an effect goal, naming what is missing', () => {
    expect(decideGate(setup, 'money', 'go', { grantedBudgetSek: null, effectGoals: 0, unmeasuredGoals: [] })).toEqual({
      ok: false,
      status: 422,
      message: 'A money go needs grantedBudgetSek and at least one effect goal with baseline and target.',
    });
    expect(
      decideGate(setup, 'money', 'go', { grantedBudgetSek: 0, effectGoals: 1, unmeasuredGoals: [] }),
    ).toMatchObject({
      ok: true,
    });
  });

  it('scale needs a measurement of every effect goal, naming the unmeasured ones', () => {
    const result = decideGate(pilot, 'scale', 'go', { ...READY, effectGoals: 2, unmeasuredGoals: ['Färre olyckor'] });
    expect(result).toEqual({
      ok: false,
      status: 422,
      message: 'A scale go needs a measurement of every effect goal (none yet for: Färre olyckor).',
    });
    expect(decideGate(pilot, 'scale', 'go', { ...READY, effectGoals: 0 })).toMatchObject({ ok: false, status: 422 });
  });

  it('a budget is granted only by a money go', () => {
    expect(decideGate(setup, 'money', 'hold', { ...READY, grantedBudgetSek: 5 })).toMatchObject({
      ok: false,
      status: 422,
    });
    expect(
      decideGate({ stage: 'explore_idea', status: 'active' }, 'time', 'go', { ...READY, grantedBudgetSek: 5 }),
    ).toMatchObject({
      ok: false,
      status: 422,
    });
  });

  it('a hold or stop needs no preconditions', () => {
    const none = { grantedBudgetSek: null, effectGoals: 0, unmeasuredGoals: ['x'] };
    expect(decideGate(setup, 'money', 'hold', none)).toMatchObject({ ok: true, toStatus: 'on_hold' });
    expect(decideGate(pilot, 'scale', 'stop', none)).toMatchObject({ ok: true, toStatus: 'discontinued' });
  });

  it('a go resumes a pilot on hold into the next stage', () => {
    expect(decideGate({ stage: 'explore_idea', status: 'on_hold' }, 'time', 'go', READY)).toEqual({
      ok: true,
      toStage: 'explore_setup',
      toStatus: 'active',
    });
  });
});

describe('mayDecide', () => {
  it.each(GATES)('%s: directors and admins always', (gate) => {
    expect(mayDecide(gate, { director: true, admin: false, ownDepartment: false })).toBe(true);
    expect(mayDecide(gate, { director: false, admin: true, ownDepartment: false })).toBe(true);
    expect(mayDecide(gate, { director: false, admin: false, ownDepartment: false })).toBe(false);
  });
  it.each(GATES)("%s: the pilot's department staff only at the time gate", (gate) => {
    expect(mayDecide(gate, { director: false, admin: false, ownDepartment: true })).toBe(gate === 'time');
  });
});

describe('effect goals', () => {
  it.each([
    [10, 20, 'increase', null],
    [20, 10, 'decrease', null],
    [10, 10, 'increase', 'target must differ from baseline'],
    [20, 10, 'increase', 'target must be above baseline for an increase'],
    [10, 20, 'decrease', 'target must be below baseline for a decrease'],
  ] as const)('baseline %p, target %p, %s → %p', (baseline, target, direction, problem) => {
    expect(goalProblem(baseline, target, direction)).toBe(problem);
  });

  it('progress = (latest − baseline) / (target − baseline)', () => {
    expect(progress({ baseline: 10, target: 20 }, 15)).toBe(0.5);
    expect(progress({ baseline: 40, target: 20 }, 30)).toBe(0.5);
    expect(progress({ baseline: 40, target: 20 }, 45)).toBe(-0.25);
    expect(progress({ baseline: 10, target: 20 }, 25)).toBe(1.5);
    expect(progress({ baseline: 10, target: 20 }, null)).toBeNull();
  });
});
