import type { FieldError } from '../common/errors';

/**
 * Assignments, declarations and reviews (docs/product.md §3.4). Pure rules, no framework imports.
 */
export const ASSIGNMENT_STATUSES = ['assigned', 'recused', 'submitted'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export const RECOMMENDATIONS = ['yes', 'maybe', 'no'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export const MIN_SCORE = 0;
export const MAX_SCORE = 5;

export interface Score {
  criterionId: string;
  score: number;
  comment: string | null;
}

/**
 * What is wrong with a review's scores. Always: no score for a criterion the challenge does not
 * have, no criterion scored twice. To submit: exactly one score for every criterion.
 * (Types and the 0–5 range are the request validation's job.)
 */
export function scoreProblems(
  criterionIds: readonly string[],
  scores: readonly Score[],
  submit: boolean,
): FieldError[] {
  const problems: FieldError[] = [];
  const known = new Set(criterionIds);
  const foreign = scores.map((s) => s.criterionId).filter((id) => !known.has(id));
  if (foreign.length > 0) {
    problems.push({
      field: 'scores',
      message: `scores name criteria the challenge does not have: ${foreign.join(', ')}`,
    });
  }
  const ids = scores.map((s) => s.criterionId);
  const repeated = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  if (repeated.length > 0) {
    problems.push({ field: 'scores', message: `scores name a criterion more than once: ${repeated.join(', ')}` });
  }
  if (submit) {
    const missing = criterionIds.filter((id) => !ids.includes(id));
    if (missing.length > 0) {
      problems.push({
        field: 'scores',
        message: `to submit, every criterion needs a score; missing: ${missing.join(', ')}`,
      });
    }
  }
  return problems;
}

/**
 * Why this assignment cannot take a review now: 409 for a finished one, 422 for a rule.
 * `conflictOfInterest` is the message of the evaluator's interest in the proposal, if the rule
 * (conflict-of-interest.ts) finds one now, whatever they declared.
 */
export function reviewRefusal(
  assignment: { status: AssignmentStatus; conflict: boolean | null },
  conflictOfInterest: string | null = null,
): { kind: 'conflict' | 'rule'; message: string } | null {
  switch (assignment.status) {
    case 'submitted':
      return { kind: 'conflict', message: 'The review has been submitted and can no longer change.' };
    case 'recused':
      return { kind: 'rule', message: 'A recused evaluator cannot review this proposal.' };
    case 'assigned':
      if (conflictOfInterest) return { kind: 'rule', message: conflictOfInterest };
      return assignment.conflict === false
        ? null
        : { kind: 'rule', message: 'Declare that you have no conflict of interest before reviewing.' };
  }
}

/** A conflict of interest needs a reason; the absence of one does not. */
export function declarationProblem(conflict: boolean, reason: string | undefined): FieldError | null {
  return conflict && !reason?.trim()
    ? { field: 'reason', message: 'reason is required when declaring a conflict of interest' }
    : null;
}

/**
 * Acceptance needs at least one submitted review and nobody still assigned (names listed).
 * Reviews and evaluators with a conflict of interest (conflict-of-interest.ts) count for neither:
 * `excluded` describes the submitted reviews left out, named when they were all there was.
 */
export function acceptanceProblems(
  reviewsSubmitted: number,
  pendingEvaluators: readonly string[],
  excluded: readonly string[] = [],
): FieldError[] {
  const problems: FieldError[] = [];
  if (reviewsSubmitted === 0 && excluded.length > 0) {
    problems.push({
      field: 'outcome',
      message: `accepting needs at least one submitted review free of conflicts of interest; left out: ${excluded.join('; ')}`,
    });
  } else if (reviewsSubmitted === 0) {
    problems.push({ field: 'outcome', message: 'accepting needs at least one submitted review' });
  }
  if (pendingEvaluators.length > 0) {
    problems.push({
      field: 'outcome',
      message: `accepting needs every assigned evaluator to submit or recuse; pending: ${pendingEvaluators.join(', ')}`,
    });
  }
  return problems;
}
