import { mayDecideGate as apiMayDecideGate, mayRecordMeasurement as apiMayRecord } from '../src/common/access-policy';
import { maySetEffectGoals as apiMaySetGoals } from '../src/common/access-policy';
import { decideGate, GATE_OF_STAGE, goalProblem as apiGoalProblem } from '../src/pilots/gate-rules';
import { PILOT_STAGES, PILOT_STATUSES } from '../src/pilots/pilot-stage';
import type { Role } from '../src/users/role';
import {
  daysSince,
  goalProblem,
  goBlockers,
  mayDecideGate,
  mayRecordMeasurement,
  maySetEffectGoals,
  measuredAtOf,
  nextGate,
  parseFigure,
  parseKronor,
} from '../web/src/pilots/pilotRules';
import type { Gate } from '../web/src/pilots/pilotRules';

/** The web's pilot rules (web/src/pilots/pilotRules.ts) say what the API's rules say. */
const OWN = 'own-department';
const OTHER = 'other-department';
const ROLE_SETS: Role[][] = [[], ['partner'], ['evaluator'], ['department'], ['director'], ['admin']];
const GATES: Gate[] = ['time', 'money', 'scale', 'implement'];

describe('web pilot rules mirror the API', () => {
  const viewers = ROLE_SETS.flatMap((roles) =>
    [OWN, OTHER, null].map((departmentId) => ({ roles, departmentId, id: 'u', email: 'e', name: 'n' })),
  );

  it('gate authority: the same answer for every role, department and gate', () => {
    for (const viewer of viewers) {
      for (const gate of GATES) {
        expect({ viewer, gate, web: mayDecideGate(viewer, gate, OWN) }).toEqual({
          viewer,
          gate,
          web: apiMayDecideGate(viewer, gate, OWN),
        });
      }
    }
  });

  it('effect goals and measurements: the same answer, lead membership included', () => {
    for (const viewer of viewers) {
      expect(maySetEffectGoals(viewer, OWN)).toBe(apiMaySetGoals(viewer, OWN));
      for (const inLead of [true, false]) {
        expect(mayRecordMeasurement(viewer, OWN, inLead)).toBe(apiMayRecord(viewer, OWN, inLead));
      }
    }
  });

  it('the gate offered is the one that leaves the stage, none once finished', () => {
    for (const stage of PILOT_STAGES) {
      for (const status of PILOT_STATUSES) {
        const finished = status === 'implemented' || status === 'discontinued';
        expect(nextGate({ stage, status })).toBe(finished ? null : GATE_OF_STAGE[stage].gate);
      }
    }
  });

  it('a go is blocked exactly when the API refuses it for goals or measurements', () => {
    const goals = [
      { id: 'a', name: 'Besök' },
      { id: 'b', name: 'Fall' },
    ];
    const cases = [
      { goals: [], measurements: [] },
      { goals, measurements: [] },
      { goals, measurements: [{ effectGoalId: 'a' }] },
      { goals, measurements: [{ effectGoalId: 'a' }, { effectGoalId: 'b' }] },
    ];
    for (const stage of PILOT_STAGES) {
      const gate = GATE_OF_STAGE[stage].gate;
      for (const c of cases) {
        const measured = new Set(c.measurements.map((m) => m.effectGoalId));
        const api = decideGate({ stage, status: 'active' }, gate, 'go', {
          grantedBudgetSek: gate === 'money' ? 1000 : null,
          effectGoals: c.goals.length,
          unmeasuredGoals: c.goals.filter((g) => !measured.has(g.id)).map((g) => g.name),
        });
        expect({ stage, c, blocked: goBlockers(gate, c.goals, c.measurements).length > 0 }).toEqual({
          stage,
          c,
          blocked: !api.ok,
        });
      }
    }
    expect(goBlockers('scale', goals, [{ effectGoalId: 'a' }])).toEqual([{ kind: 'unmeasured', goals: ['Fall'] }]);
  });

  it('goal problems match the API (null exactly when it accepts)', () => {
    for (const [baseline, target] of [
      [10, 10],
      [10, 20],
      [20, 10],
    ]) {
      for (const direction of ['increase', 'decrease'] as const) {
        expect(goalProblem(baseline, target, direction) === null).toBe(
          apiGoalProblem(baseline, target, direction) === null,
        );
      }
    }
  });
});

describe('web pilot input helpers', () => {
  it('reads figures in Swedish and English notation, refuses anything else', () => {
    expect(parseFigure('12,5')).toBe(12.5);
    expect(parseFigure(' 1 200 ')).toBe(1200);
    expect(parseFigure('\u22123.5')).toBe(-3.5);
    expect(parseFigure('12a')).toBeNull();
    expect(parseFigure('')).toBeNull();
    expect(parseFigure('1e13')).toBeNull();
    expect(parseKronor('1 500 000')).toBe(1_500_000);
    expect(parseKronor('-5')).toBeNull();
    expect(parseKronor('1,5')).toBeNull();
    expect(parseKronor('3000000000')).toBeNull();
  });

  it('a measurement date becomes midday UTC, or now when that is still ahead; never the future', () => {
    const now = Date.parse('2026-03-10T08:00:00Z');
    expect(measuredAtOf('2026-03-09', now)).toBe('2026-03-09T12:00:00.000Z');
    expect(measuredAtOf('2026-03-10', now)).toBe('2026-03-10T08:00:00.000Z');
    expect(measuredAtOf('2026-03-11', now)).toBeNull();
    expect(measuredAtOf('2026-02-30', now)).toBeNull();
    expect(measuredAtOf('', now)).toBeNull();
  });

  it('counts whole days in a stage', () => {
    const now = Date.parse('2026-03-10T08:00:00Z');
    expect(daysSince('2026-03-10T07:00:00Z', now)).toBe(0);
    expect(daysSince('2026-03-01T09:00:00Z', now)).toBe(8);
  });
});
