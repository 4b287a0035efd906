/**
 * The pilot rules the screens need before asking the API, mirrored from src/common/access-policy.ts
 * and src/pilots/gate-rules.ts (scripts/web-pilot-rules.spec.ts holds them to the API's). The API
 * decides; these only offer what it would allow and say early what it would refuse. No imports:
 * the unit spec loads this file outside the web build.
 */
export type Stage = 'explore_idea' | 'explore_setup' | 'develop_pilot' | 'scale';
export type PilotStatus = 'active' | 'on_hold' | 'implemented' | 'discontinued';
export type Gate = 'time' | 'money' | 'scale' | 'implement';
export type Outcome = 'go' | 'hold' | 'stop';
export type Direction = 'increase' | 'decrease';

export const OUTCOMES: readonly Outcome[] = ['go', 'hold', 'stop'];
export const STATUSES: readonly PilotStatus[] = ['active', 'on_hold', 'implemented', 'discontinued'];

/** The gate that leaves each stage. */
const GATE_OF_STAGE: Record<Stage, Gate> = {
  explore_idea: 'time',
  explore_setup: 'money',
  develop_pilot: 'scale',
  scale: 'implement',
};

/** Who is looking: the session's roles and department. */
export interface Viewer {
  roles: readonly string[];
  departmentId: string | null;
}

const has = (viewer: Viewer, ...roles: string[]) => roles.some((role) => viewer.roles.includes(role));

/** Directors, admins and department staff: the city's side of a pilot (filters by department and area). */
export const isCityStaff = (viewer: Viewer): boolean => has(viewer, 'admin', 'director', 'department');

const isStaffOf = (viewer: Viewer, departmentId: string) =>
  has(viewer, 'admin', 'director') || (has(viewer, 'department') && viewer.departmentId === departmentId);

/** A finished pilot takes no more decisions, and its effect goals are fixed. */
export const isFinished = (status: PilotStatus): boolean => status === 'implemented' || status === 'discontinued';

/** The gate that leaves the pilot's current stage, or null when the pilot is finished. */
export function nextGate(pilot: { stage: Stage; status: PilotStatus }): Gate | null {
  return isFinished(pilot.status) ? null : GATE_OF_STAGE[pilot.stage];
}

/** Time: the pilot's own department staff or a director; money, scale, implement: a director (admins all). */
export function mayDecideGate(viewer: Viewer, gate: Gate, pilotDepartmentId: string): boolean {
  if (has(viewer, 'admin', 'director')) return true;
  return gate === 'time' && has(viewer, 'department') && viewer.departmentId === pilotDepartmentId;
}

/** Effect goals: the pilot's department staff, directors and admins. */
export const maySetEffectGoals = (viewer: Viewer, pilotDepartmentId: string): boolean =>
  isStaffOf(viewer, pilotDepartmentId);

/** Measurements: also the members of the lead organisation. */
export const mayRecordMeasurement = (viewer: Viewer, pilotDepartmentId: string, callerInLead: boolean): boolean =>
  isStaffOf(viewer, pilotDepartmentId) || callerInLead;

/** What stands in the way of a `go` at this gate (the API refuses the go with 422 until it is done). */
export type Blocker = { kind: 'noGoals' } | { kind: 'unmeasured'; goals: string[] };

export function goBlockers(
  gate: Gate,
  goals: readonly { id: string; name: string }[],
  measurements: readonly { effectGoalId: string }[],
): Blocker[] {
  if (gate !== 'money' && gate !== 'scale') return [];
  if (goals.length === 0) return [{ kind: 'noGoals' }];
  if (gate === 'money') return [];
  const measured = new Set(measurements.map((m) => m.effectGoalId));
  const unmeasured = goals.filter((goal) => !measured.has(goal.id)).map((goal) => goal.name);
  return unmeasured.length > 0 ? [{ kind: 'unmeasured', goals: unmeasured }] : [];
}

/** A goal's target must differ from its baseline, in the stated direction (as the API says). */
export function goalProblem(
  baseline: number,
  target: number,
  direction: Direction,
): 'same' | 'notAbove' | 'notBelow' | null {
  if (target === baseline) return 'same';
  if (direction === 'increase' && target < baseline) return 'notAbove';
  if (direction === 'decrease' && target > baseline) return 'notBelow';
  return null;
}

/** A figure typed in either language: "12,5", "12.5", "−3", "1 200" (spaces as thousands). */
export function parseFigure(text: string): number | null {
  const cleaned = text
    .trim()
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/\u2212/g, '-')
    .replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isFinite(value) && Math.abs(value) <= 1e12 ? value : null;
}

/** A whole number of kronor, 0 to 2 147 483 647 (spaces as thousands allowed). */
export function parseKronor(text: string): number | null {
  const cleaned = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (!/^\d+$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return value <= 2_147_483_647 ? value : null;
}

const DAY_MS = 86_400_000;

/** Whole days since `iso` (0 on the day itself). */
export const daysSince = (iso: string, now = Date.now()): number =>
  Math.max(0, Math.floor((now - new Date(iso).getTime()) / DAY_MS));

/** Today's date (YYYY-MM-DD) in Stockholm, the default of a measurement's date. */
export function stockholmToday(now = Date.now()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date(now));
}

/**
 * A measurement's instant from the date picked (YYYY-MM-DD): midday UTC on that day (the same
 * date in Stockholm), or now when that is still ahead (today, in the morning), since the API
 * refuses a time in the future. null for no date, an impossible one or a future day.
 */
export function measuredAtOf(date: string, now = Date.now()): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const midday = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(midday.getTime()) || midday.toISOString().slice(0, 10) !== date) return null;
  if (date > stockholmToday(now)) return null;
  return midday.getTime() > now ? new Date(now).toISOString() : midday.toISOString();
}
