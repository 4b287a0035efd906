import type { AssignmentDto, ConflictOfInterestDto, ReviewDto } from './dto/evaluation.dto';
import type { AssignmentRow, ReviewRow } from './assignments.repository';
import { interestOf, interestView } from './conflict-of-interest';
import { reviewTotal } from './ranking';

/** Assignment and review rows → response DTOs. */

export const assignmentView = (r: AssignmentRow): AssignmentDto => ({
  id: r.id,
  proposal: { id: r.proposal_id, title: r.proposal_title, status: r.proposal_status },
  challenge: { id: r.challenge_id, title: r.challenge_title },
  evaluator: { id: r.evaluator_id, name: r.evaluator_name },
  status: r.status,
  dueAt: r.due_at,
  declaration:
    r.declared_at && r.conflict !== null
      ? { conflict: r.conflict, reason: r.conflict_reason, declaredAt: r.declared_at }
      : null,
  createdAt: r.created_at,
});

export function reviewView(
  r: ReviewRow,
  criteria: { id: string; weight: number }[],
  who: { label: string; mine: boolean; staff: boolean },
): ReviewDto {
  return {
    assignmentId: r.assignment_id,
    evaluator: who.label,
    ...(who.staff ? { evaluatorId: r.evaluator_id, conflictOfInterest: conflictOf(r) } : {}),
    mine: who.mine,
    scores: r.scores.map((s) => ({ criterionId: s.criterionId, score: s.score, comment: s.comment ?? null })),
    comment: r.comment,
    recommendation: r.recommendation,
    submittedAt: r.submitted_at,
    total: r.submitted_at ? reviewTotal(criteria, r.scores) : null,
  };
}

/** The staff's view of a review's conflict of interest, or null. */
function conflictOf(r: ReviewRow): ConflictOfInterestDto | null {
  const interest = interestOf(r);
  return interest && interestView(r.evaluator_name, interest);
}
