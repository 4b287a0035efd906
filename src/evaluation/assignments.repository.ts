import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { hasRole } from '../common/access-policy';
import type { AuthUser } from '../common/auth.decorators';
import { createdAtKey } from '../common/pagination';
import { SqlFilter } from '../common/sql-filter';
import type { ProposalStatus } from '../proposals/proposal-state';
import { interestSql } from './conflict-of-interest';
import type { InterestRow } from './conflict-of-interest';
import type { ListAssignmentsQueryDto } from './dto/evaluation.dto';
import type { AssignmentStatus, Recommendation, Score } from './review-rules';

export interface AssignmentRow extends Partial<InterestRow> {
  id: string;
  proposal_id: string;
  proposal_title: string;
  proposal_status: ProposalStatus;
  challenge_id: string;
  challenge_title: string;
  department_id: string;
  evaluator_id: string;
  evaluator_name: string;
  status: AssignmentStatus;
  due_at: Date | null;
  conflict: boolean | null;
  conflict_reason: string | null;
  declared_at: Date | null;
  created_at: Date;
  /** created_at as cursor text. */
  created_key: string;
}

const ASSIGNMENT_COLUMNS = `a.id, a.proposal_id, p.title AS proposal_title, p.status AS proposal_status,
  c.id AS challenge_id, c.title AS challenge_title, c.department_id, a.evaluator_id, u.name AS evaluator_name, a.status, a.due_at,
  a.conflict, a.conflict_reason, a.declared_at, a.created_at, ${createdAtKey('a')} AS created_key`;

const ASSIGNMENT_FROM = `FROM assignments a
  JOIN proposals p ON p.id = a.proposal_id
  JOIN challenges c ON c.id = p.challenge_id
  JOIN users u ON u.id = a.evaluator_id`;

const SELECT_ASSIGNMENT = `SELECT ${ASSIGNMENT_COLUMNS} ${ASSIGNMENT_FROM}`;

/** SELECT_ASSIGNMENT with the evaluator's conflict of interest in the proposal (`InterestRow`'s columns). */
const SELECT_ASSIGNMENT_WITH_INTEREST = `SELECT ${ASSIGNMENT_COLUMNS}, ci.* ${ASSIGNMENT_FROM}
  LEFT JOIN LATERAL (${interestSql('a.evaluator_id', 'a.proposal_id')}) ci ON true`;

/**
 * Who sees an assignment, as a WHERE condition: its evaluator; directors and admins; department
 * staff of the challenge's department. The caller's id is $1.
 */
export function assignmentVisibility(actor: AuthUser): { sql: string; params: unknown[] } {
  const params: unknown[] = [actor.id];
  // Every branch mentions $1, so PostgreSQL always knows its type.
  if (hasRole(actor, 'admin', 'director')) return { sql: '$1::uuid IS NOT NULL', params };
  if (hasRole(actor, 'department') && actor.departmentId) {
    params.push(actor.departmentId);
    return { sql: '(a.evaluator_id = $1 OR c.department_id = $2)', params };
  }
  return { sql: 'a.evaluator_id = $1', params };
}

export interface ReviewRow extends InterestRow {
  assignment_id: string;
  evaluator_id: string;
  evaluator_name: string;
  scores: Score[];
  comment: string | null;
  recommendation: Recommendation | null;
  submitted_at: Date | null;
}

/**
 * The evaluation feature's SQL for assignments and reviews: the visibility rule of an assignment
 * (`assignmentVisibility`), the list, one assignment with an optional lock and conflict of
 * interest, and the reviews of a proposal. Each method takes the caller's transaction.
 */
@Injectable()
export class AssignmentsRepository {
  /** One statement: an evaluator's own assignments, or (staff) those of the proposals they act on. */
  list(manager: EntityManager, actor: AuthUser, query: ListAssignmentsQueryDto): Promise<AssignmentRow[]> {
    const filter = new SqlFilter(assignmentVisibility(actor));
    if (query.mine === 'true') filter.add('a.evaluator_id = ?', actor.id);
    if (query.proposalId) filter.add('a.proposal_id = ?', query.proposalId);
    filter.after(query.cursor, 'a');
    const limit = filter.limit(query.limit);
    return manager.query<AssignmentRow[]>(
      `${SELECT_ASSIGNMENT}
       WHERE ${filter.where}
       ORDER BY a.created_at DESC, a.id DESC LIMIT ${limit}`,
      filter.params,
    );
  }

  /**
   * The assignment if the caller may see it (null otherwise), with an optional locking clause and,
   * `withInterest`, the evaluator's conflict of interest in the proposal (conflict-of-interest.ts).
   */
  async findVisible(
    manager: EntityManager,
    actor: AuthUser,
    id: string,
    lock = '',
    withInterest = false,
  ): Promise<AssignmentRow | null> {
    const filter = new SqlFilter(assignmentVisibility(actor)).add('a.id = ?', id);
    const select = withInterest ? SELECT_ASSIGNMENT_WITH_INTEREST : SELECT_ASSIGNMENT;
    const [row] = await manager.query<AssignmentRow[]>(`${select} WHERE ${filter.where} ${lock}`, filter.params);
    return row ?? null;
  }

  /**
   * The reviews of a proposal (or one assignment's), in the order they were submitted, with each
   * evaluator's conflict of interest in it.
   */
  reviewRows(manager: EntityManager, proposalId: string, assignmentId?: string): Promise<ReviewRow[]> {
    return manager.query<ReviewRow[]>(
      `SELECT r.assignment_id, a.evaluator_id, u.name AS evaluator_name, r.scores, r.comment, r.recommendation,
              r.submitted_at, ci.*
       FROM reviews r JOIN assignments a ON a.id = r.assignment_id JOIN users u ON u.id = a.evaluator_id
       LEFT JOIN LATERAL (${interestSql('a.evaluator_id', 'a.proposal_id')}) ci ON true
       WHERE a.proposal_id = $1 AND ($2::uuid IS NULL OR a.id = $2)
       ORDER BY r.submitted_at NULLS LAST, r.assignment_id`,
      [proposalId, assignmentId ?? null],
    );
  }

  /** The named user's name, roles and whether disabled (undefined: no such user), for an assignment. */
  async evaluator(
    manager: EntityManager,
    userId: string,
  ): Promise<{ name: string; roles: string[]; disabled: boolean } | undefined> {
    const [evaluator] = await manager.query<{ name: string; roles: string[]; disabled: boolean }[]>(
      `SELECT name, roles, disabled FROM users WHERE id = $1`,
      [userId],
    );
    return evaluator;
  }

  /** The evaluator's conflict of interest in the proposal, if any (conflict-of-interest.ts). */
  async interest(manager: EntityManager, evaluatorId: string, proposalId: string): Promise<InterestRow | undefined> {
    const [row] = await manager.query<InterestRow[]>(interestSql('$1', '$2'), [evaluatorId, proposalId]);
    return row;
  }

  /** A new assignment's id; a second of the same evaluator throws assignments_proposal_evaluator_unique. */
  async insert(
    manager: EntityManager,
    a: { proposalId: string; evaluatorId: string; dueAt: Date | null; assignedBy: string },
  ): Promise<string> {
    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO assignments (proposal_id, evaluator_id, due_at, assigned_by) VALUES ($1, $2, $3, $4) RETURNING id`,
      [a.proposalId, a.evaluatorId, a.dueAt, a.assignedBy],
    );
    return id;
  }

  async declare(
    manager: EntityManager,
    id: string,
    d: { conflict: boolean; reason: string | null; status: AssignmentStatus },
  ): Promise<void> {
    await manager.query(
      `UPDATE assignments SET conflict = $2, conflict_reason = $3, declared_at = now(), status = $4, updated_at = now()
       WHERE id = $1`,
      [id, d.conflict, d.reason, d.status],
    );
  }

  /** Saves the review (a draft again, or submitted with `submit`); a submitted one also submits the assignment. */
  async saveReview(
    manager: EntityManager,
    assignmentId: string,
    r: { scores: Score[]; comment: string | null; recommendation: Recommendation | null; submit: boolean },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO reviews (assignment_id, scores, comment, recommendation, submitted_at)
       VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END)
       ON CONFLICT (assignment_id) DO UPDATE SET scores = excluded.scores, comment = excluded.comment,
         recommendation = excluded.recommendation, submitted_at = excluded.submitted_at, updated_at = now()`,
      [assignmentId, JSON.stringify(r.scores), r.comment, r.recommendation, r.submit],
    );
    if (r.submit) {
      await manager.query(`UPDATE assignments SET status = 'submitted', updated_at = now() WHERE id = $1`, [
        assignmentId,
      ]);
    }
  }

  async isAssigned(manager: EntityManager, proposalId: string, evaluatorId: string): Promise<boolean> {
    const assigned = await manager.query<unknown[]>(
      `SELECT 1 FROM assignments WHERE proposal_id = $1 AND evaluator_id = $2`,
      [proposalId, evaluatorId],
    );
    return assigned.length > 0;
  }

  /** How many of the proposal's evaluators are still to review, and how many have submitted. */
  async progress(manager: EntityManager, proposalId: string): Promise<{ pending: number; submitted: number }> {
    const [row] = await manager.query<{ pending: number; submitted: number }[]>(
      `SELECT count(*) FILTER (WHERE status = 'assigned')::int AS pending,
              count(*) FILTER (WHERE status = 'submitted')::int AS submitted
       FROM assignments WHERE proposal_id = $1`,
      [proposalId],
    );
    return row;
  }

  /**
   * What an acceptance needs to know: the submitted reviews and the evaluators still assigned,
   * leaving out those with a conflict of interest (they count neither as reviews nor as pending),
   * and those left out with their interest, to say why.
   */
  async acceptanceCounts(
    manager: EntityManager,
    proposalId: string,
  ): Promise<{ submitted: number; pending: string[] | null; excluded: ({ name: string } & InterestRow)[] | null }> {
    const [counts] = await manager.query<
      { submitted: number; pending: string[] | null; excluded: ({ name: string } & InterestRow)[] | null }[]
    >(
      `SELECT count(*) FILTER (WHERE a.status = 'submitted' AND ci.interest_relation IS NULL)::int AS submitted,
              array_agg(u.name ORDER BY u.name) FILTER (WHERE a.status = 'assigned' AND ci.interest_relation IS NULL)
                AS pending,
              jsonb_agg(jsonb_build_object('name', u.name) || to_jsonb(ci) ORDER BY u.name)
                FILTER (WHERE a.status = 'submitted' AND ci.interest_relation IS NOT NULL) AS excluded
       FROM assignments a JOIN users u ON u.id = a.evaluator_id
       LEFT JOIN LATERAL (${interestSql('a.evaluator_id', 'a.proposal_id')}) ci ON true
       WHERE a.proposal_id = $1`,
      [proposalId],
    );
    return counts;
  }
}
