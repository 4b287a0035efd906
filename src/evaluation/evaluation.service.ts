import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ChallengesService } from '../challenges/challenges.service';
import { isCityStaffOf } from '../common/access-policy';
import type { AuthUser } from '../common/auth.decorators';
import { isUniqueViolation } from '../common/database-errors';
import { Conflict, Forbidden, InvalidInput, NotFound, RuleViolation } from '../common/errors';
import { toPage } from '../common/pagination';
import { NotificationsService } from '../notifications/notifications.service';
import { PilotsService } from '../pilots/pilots.service';
import { ProposalsService } from '../proposals/proposals.service';
import type { ProposalFacts } from '../proposals/proposals.service';
import {
  AssignmentDto,
  AssignmentPageDto,
  CreateAssignmentDto,
  DeclarationDto,
  DecisionInputDto,
  DecisionResultDto,
  ListAssignmentsQueryDto,
  ReviewDto,
  ReviewInputDto,
  ReviewListDto,
} from './dto/evaluation.dto';
import { assignmentView, reviewView } from './evaluation-views';
import { AssignmentsRepository } from './assignments.repository';
import type { AssignmentRow, ReviewRow } from './assignments.repository';
import { interestMessage, interestOf } from './conflict-of-interest';
import type { InterestRow } from './conflict-of-interest';
import { acceptanceProblems, declarationProblem, reviewRefusal, scoreProblems } from './review-rules';
import type { AssignmentStatus, Score } from './review-rules';
import { shortReason } from '../notifications/notification-data';

@Injectable()
export class EvaluationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly assignments: AssignmentsRepository,
    private readonly audit: AuditService,
    private readonly proposals: ProposalsService,
    private readonly challenges: ChallengesService,
    private readonly pilots: PilotsService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Assigns an evaluator to a submitted proposal. Refused with 422 when the evaluator has an
   * interest in it (conflict-of-interest.ts: a member of its consortium or of a competitor's),
   * 409 when already assigned.
   */
  assign(actor: AuthUser, proposalId: string, dto: CreateAssignmentDto): Promise<AssignmentDto> {
    if (dto.dueAt && new Date(dto.dueAt).getTime() <= Date.now()) {
      const message = 'dueAt must be in the future';
      throw new RuleViolation(message, [{ field: 'dueAt', message }]);
    }
    return this.db.transaction(async (manager) => {
      const proposal = await this.proposals.forEvaluation(manager, actor, proposalId, true);
      this.assertStaff(actor, proposal);
      if (proposal.status !== 'submitted') {
        throw new Conflict(`Evaluators are assigned to submitted proposals; this one is ${proposal.status}.`);
      }
      const evaluator = await this.assignments.evaluator(manager, dto.evaluatorId);
      if (!evaluator || evaluator.disabled || !evaluator.roles.includes('evaluator')) {
        const message = 'evaluatorId does not name an enabled user with the role evaluator';
        throw new RuleViolation(message, [{ field: 'evaluatorId', message }]);
      }
      const row = await this.assignments.interest(manager, dto.evaluatorId, proposalId);
      const interest = row ? interestOf(row) : null;
      if (interest) {
        const message = interestMessage(evaluator.name, interest);
        throw new RuleViolation(message, [{ field: 'evaluatorId', message }]);
      }
      let id: string;
      try {
        id = await this.assignments.insert(manager, {
          proposalId,
          evaluatorId: dto.evaluatorId,
          dueAt: dto.dueAt ? new Date(dto.dueAt) : null,
          assignedBy: actor.id,
        });
      } catch (error) {
        if (isUniqueViolation(error, 'assignments_proposal_evaluator_unique')) {
          throw new Conflict(`${evaluator.name} is already assigned to this proposal.`);
        }
        throw error;
      }
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'assignment.created',
        entityType: 'assignment',
        entityId: id,
        after: { proposalId, evaluatorId: dto.evaluatorId, dueAt: dto.dueAt ?? null },
      });
      await this.notifications.notify(
        manager,
        { users: [dto.evaluatorId] },
        {
          kind: 'assignment.created',
          entityType: 'assignment',
          entityId: id,
          message: `You are assigned to review the proposal "${proposal.title}".`,
          data: { title: proposal.title },
        },
        actor.id,
      );
      return this.assignmentOf(manager, actor, id);
    });
  }

  /** One statement: an evaluator's own assignments, or (staff) those of the proposals they act on. */
  async listAssignments(actor: AuthUser, query: ListAssignmentsQueryDto): Promise<AssignmentPageDto> {
    const rows = await this.assignments.list(this.db.manager, actor, query);
    return toPage(rows, query.limit, (r) => [r.created_key, r.id], assignmentView);
  }

  /**
   * The assigned evaluator declares a conflict of interest, or its absence, once. A conflict recuses
   * them. Declaring none is refused (422) while the rule finds one: a member of the consortium or
   * of a competitor cannot declare it away.
   */
  declare(actor: AuthUser, assignmentId: string, dto: DeclarationDto): Promise<AssignmentDto> {
    const problem = declarationProblem(dto.conflict, dto.reason);
    if (problem) throw new InvalidInput(problem.message, [problem]);
    return this.db.transaction(async (manager) => {
      const assignment = await this.lockOwnAssignment(manager, actor, assignmentId);
      if (assignment.declared_at) throw new Conflict('The declaration has already been made and cannot change.');
      const interest = interestOf(assignment as InterestRow);
      if (interest && !dto.conflict) {
        const message = interestMessage('you', interest);
        throw new RuleViolation(message, [{ field: 'conflict', message }]);
      }
      const status: AssignmentStatus = dto.conflict ? 'recused' : 'assigned';
      await this.assignments.declare(manager, assignmentId, {
        conflict: dto.conflict,
        reason: dto.conflict ? dto.reason!.trim() : (dto.reason?.trim() ?? null),
        status,
      });
      await this.audit.record(manager, {
        actorId: actor.id,
        action: dto.conflict ? 'assignment.recused' : 'assignment.declared-no-conflict',
        entityType: 'assignment',
        entityId: assignmentId,
        before: { status: assignment.status },
        after: { status, conflict: dto.conflict, reason: dto.reason ?? null },
      });
      if (dto.conflict) await this.notifyIfReviewsComplete(manager, actor, assignment);
      return this.assignmentOf(manager, actor, assignmentId);
    });
  }

  /**
   * Saves the evaluator's review: a draft may be partial; `submit` needs exactly one score for
   * every criterion, then the review is immutable and the challenge's criteria are locked.
   */
  saveReview(actor: AuthUser, assignmentId: string, dto: ReviewInputDto): Promise<ReviewDto> {
    return this.db.transaction(async (manager) => {
      const assignment = await this.lockOwnAssignment(manager, actor, assignmentId);
      const interest = interestOf(assignment as InterestRow);
      const refusal = reviewRefusal(assignment, interest && interestMessage('you', interest));
      if (refusal)
        throw refusal.kind === 'conflict' ? new Conflict(refusal.message) : new RuleViolation(refusal.message);
      if (assignment.proposal_status !== 'submitted') {
        throw new Conflict(`The proposal is ${assignment.proposal_status}: it takes no more reviews.`);
      }
      const terms = await this.challenges.proposalTerms(
        manager,
        actor,
        assignment.challenge_id,
        dto.submit ? 'update' : 'none',
      );
      const scores: Score[] = dto.scores.map((s) => ({
        criterionId: s.criterionId,
        score: s.score,
        comment: s.comment ?? null,
      }));
      const problems = scoreProblems(
        terms.criteria.map((c) => c.id),
        scores,
        dto.submit,
      );
      if (dto.submit && !dto.recommendation) {
        problems.push({ field: 'recommendation', message: 'recommendation is required to submit' });
      }
      if (problems.length > 0) throw RuleViolation.of(problems);

      await this.assignments.saveReview(manager, assignmentId, {
        scores,
        comment: dto.comment ?? null,
        recommendation: dto.recommendation ?? null,
        submit: dto.submit,
      });
      if (dto.submit) {
        // Scores now refer to the criteria: from here on they cannot change.
        await this.challenges.lockCriteria(manager, assignment.challenge_id);
        await this.notifyIfReviewsComplete(manager, actor, assignment);
      }
      await this.audit.record(manager, {
        actorId: actor.id,
        action: dto.submit ? 'review.submitted' : 'review.saved',
        entityType: 'assignment',
        entityId: assignmentId,
        after: { scores, comment: dto.comment ?? null, recommendation: dto.recommendation ?? null },
      });
      const [own] = await this.assignments.reviewRows(manager, assignment.proposal_id, assignmentId);
      return reviewView(own, terms.criteria, { label: 'You', mine: true, staff: false });
    });
  }

  /**
   * Reviews of a proposal. City staff of the challenge: every submitted review, with names. An
   * assigned evaluator: their own review, and once it is submitted the other submitted ones as
   * "Evaluator 1, 2, …" — never a name. Partners: never (403).
   */
  async reviews(actor: AuthUser, proposalId: string): Promise<ReviewListDto> {
    const manager = this.db.manager;
    const proposal = await this.proposals.forEvaluation(manager, actor, proposalId, false);
    const terms = await this.challenges.proposalTerms(manager, actor, proposal.challengeId, 'none');
    const rows = await this.assignments.reviewRows(manager, proposalId);
    const submitted = rows.filter((r) => r.submitted_at !== null);
    const label = (r: ReviewRow) => `Evaluator ${submitted.indexOf(r) + 1}`;
    if (isCityStaffOf(actor, proposal.departmentId)) {
      return {
        items: submitted.map((r) =>
          reviewView(r, terms.criteria, {
            label: r.evaluator_name,
            mine: r.evaluator_id === actor.id,
            staff: true,
          }),
        ),
      };
    }
    const own = rows.find((r) => r.evaluator_id === actor.id);
    if (!(await this.assignments.isAssigned(manager, proposalId, actor.id)))
      throw new Forbidden('Reviews are shown to assigned evaluators and city staff only.');
    if (!own) return { items: [] };
    if (own.submitted_at === null) {
      return { items: [reviewView(own, terms.criteria, { label: 'You', mine: true, staff: false })] };
    }
    return {
      items: submitted.map((r) => reviewView(r, terms.criteria, { label: label(r), mine: r === own, staff: false })),
    };
  }

  /**
   * Accepts or rejects a submitted proposal. Acceptance needs a submitted review and nobody still
   * assigned (422 naming them) and creates the pilot in the same transaction; of two concurrent
   * decisions the second finds the proposal decided (409).
   */
  decide(actor: AuthUser, proposalId: string, dto: DecisionInputDto): Promise<DecisionResultDto> {
    return this.db.transaction(async (manager) => {
      const proposal = await this.proposals.forEvaluation(manager, actor, proposalId, true);
      this.assertStaff(actor, proposal);
      if (proposal.status !== 'submitted') {
        throw new Conflict(`Only a submitted proposal can be decided; this one is ${proposal.status}.`);
      }
      if (dto.outcome === 'accepted') {
        // Evaluators with a conflict of interest count neither as reviews nor as pending.
        const counts = await this.assignments.acceptanceCounts(manager, proposalId);
        const excluded = (counts.excluded ?? []).map((e) => interestMessage(e.name, interestOf(e)!));
        const problems = acceptanceProblems(counts.submitted, counts.pending ?? [], excluded);
        if (problems.length > 0) throw RuleViolation.of(problems);
      }
      await this.proposals.recordDecision(manager, actor, proposalId, dto.outcome, dto.reason);
      await this.notifications.notify(
        manager,
        { organizationMembers: proposal.leadOrganizationId },
        {
          kind: 'proposal.decided',
          entityType: 'proposal',
          entityId: proposalId,
          message: `Your proposal "${proposal.title}" was ${dto.outcome}: ${dto.reason}`,
          data: { title: proposal.title, outcome: dto.outcome, reason: shortReason(dto.reason) },
        },
        actor.id,
      );
      const pilotId =
        dto.outcome === 'accepted'
          ? await this.pilots.createForAcceptedProposal(manager, actor.id, {
              proposalId,
              challengeId: proposal.challengeId,
              departmentId: proposal.departmentId,
            })
          : null;
      return { proposalId, outcome: dto.outcome, pilotId };
    });
  }

  /**
   * Tells the department when the last pending evaluator of a proposal is done (submitted or
   * recused) and at least one review is in: the proposal can be decided.
   */
  private async notifyIfReviewsComplete(manager: EntityManager, actor: AuthUser, assignment: AssignmentRow) {
    const { pending, submitted } = await this.assignments.progress(manager, assignment.proposal_id);
    if (pending > 0 || submitted === 0) return;
    await this.notifications.notify(
      manager,
      { departmentStaff: assignment.department_id },
      {
        kind: 'reviews.completed',
        entityType: 'proposal',
        entityId: assignment.proposal_id,
        message: `Every review of the proposal "${assignment.proposal_title}" is in: it can be decided.`,
        data: { title: assignment.proposal_title },
      },
      actor.id,
    );
  }

  private assertStaff(actor: AuthUser, proposal: ProposalFacts): void {
    if (!isCityStaffOf(actor, proposal.departmentId)) {
      throw new Forbidden("Only the challenge's department staff, directors and admins may do this.");
    }
  }

  /** The caller's own assignment, locked: 404 if they cannot see it, 403 if it is someone else's. */
  private async lockOwnAssignment(manager: EntityManager, actor: AuthUser, id: string): Promise<AssignmentRow> {
    // The proposal is share-locked too: a decision cannot land between this check and the review.
    const row = await this.visibleAssignment(manager, actor, id, 'FOR UPDATE OF a FOR SHARE OF p', true);
    if (row.evaluator_id !== actor.id) throw new Forbidden('Only the assigned evaluator may do this.');
    return row;
  }

  private async assignmentOf(manager: EntityManager, actor: AuthUser, id: string): Promise<AssignmentDto> {
    return assignmentView(await this.visibleAssignment(manager, actor, id));
  }

  /**
   * The assignment if the caller may see it (404 otherwise), with an optional locking clause and,
   * `withInterest`, the evaluator's conflict of interest in the proposal (conflict-of-interest.ts).
   */
  private async visibleAssignment(
    manager: EntityManager,
    actor: AuthUser,
    id: string,
    lock = '',
    withInterest = false,
  ): Promise<AssignmentRow> {
    const row = await this.assignments.findVisible(manager, actor, id, lock, withInterest);
    if (!row) throw new NotFound('No such assignment.');
    return row;
  }
}
