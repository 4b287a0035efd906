/** The evaluators' workspace rules as pure functions (the API checks them again; its answer wins). */

export interface WeightedCriterion {
  id: string;
  weight: number;
}

/**
 * The running total, 0–100, as the ranking computes it: 100 × Σ(weight × score) / (5 × Σ weight);
 * a criterion not yet scored counts as 0, so the total only grows as scores are given.
 */
export function weightedTotal(
  criteria: readonly WeightedCriterion[],
  scores: Readonly<Record<string, number>>,
): number {
  const totalWeight = criteria.reduce((sum, c) => sum + c.weight, 0);
  if (totalWeight === 0) return 0;
  const weighted = criteria.reduce((sum, c) => sum + c.weight * (scores[c.id] ?? 0), 0);
  return (100 * weighted) / (5 * totalWeight);
}

export interface AssignmentLike {
  status: 'assigned' | 'recused' | 'submitted';
  dueAt: string | null;
}

export function isOverdue(assignment: AssignmentLike, now = Date.now()): boolean {
  return assignment.status === 'assigned' && !!assignment.dueAt && new Date(assignment.dueAt).getTime() < now;
}

/** Overdue first, then open work by due date (none last), then finished ones. */
export function byUrgency<T extends AssignmentLike>(assignments: readonly T[], now = Date.now()): T[] {
  const rank = (a: T) => (isOverdue(a, now) ? 0 : a.status === 'assigned' ? 1 : 2);
  const due = (a: T) => (a.dueAt ? new Date(a.dueAt).getTime() : Number.POSITIVE_INFINITY);
  return [...assignments].sort((a, b) => rank(a) - rank(b) || due(a) - due(b));
}
