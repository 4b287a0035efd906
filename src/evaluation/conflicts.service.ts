import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { interestMessage, interestOf, interestSql } from './conflict-of-interest';
import type { InterestRow } from './conflict-of-interest';
import { shortReason } from '../notifications/notification-data';

/** Whose open assignments to look at after a change that may have created a conflict of interest. */
export type ConflictScope =
  /** The user joined an organisation. */
  | { evaluatorId: string }
  /** A proposal of the challenge left draft, or its consortium changed: a new competitor or partner. */
  | { challengeId: string };

interface ConflictedRow extends InterestRow {
  id: string;
  conflict: boolean | null;
  proposal_id: string;
  proposal_title: string;
  department_id: string;
  evaluator_name: string;
}

/**
 * Applies the conflict-of-interest rule (conflict-of-interest.ts) when it changes under an open
 * assignment: membership gained after assignment recuses the evaluator (docs/product.md §3.4.2). Kept
 * apart from the evaluation service so partners and proposals can call it without depending on
 * evaluation (which depends on them).
 */
@Injectable()
export class ConflictsService {
  constructor(
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Recuses, in the caller's transaction, every open assignment in `scope` (status `assigned`, on
   * an undecided proposal) whose evaluator now has an interest in the proposal; each is audited
   * (`actorId` caused it) and the challenge's department staff are told. A submitted review is
   * immutable and stays: the ranking and the decision leave it out.
   */
  async recuseConflicted(manager: EntityManager, actorId: string, scope: ConflictScope): Promise<void> {
    const [condition, value] =
      'evaluatorId' in scope ? ['a.evaluator_id = $1', scope.evaluatorId] : ['p.challenge_id = $1', scope.challengeId];
    const rows = await manager.query<ConflictedRow[]>(
      `SELECT a.id, a.conflict, a.proposal_id, p.title AS proposal_title, c.department_id, u.name AS evaluator_name, ci.*
       FROM assignments a
       JOIN proposals p ON p.id = a.proposal_id
       JOIN challenges c ON c.id = p.challenge_id
       JOIN users u ON u.id = a.evaluator_id
       CROSS JOIN LATERAL (${interestSql('a.evaluator_id', 'a.proposal_id')}) ci
       WHERE ${condition} AND a.status = 'assigned' AND p.status = 'submitted'
       ORDER BY a.id
       FOR UPDATE OF a`,
      [value],
    );
    for (const row of rows) {
      const interest = interestOf(row)!;
      const reason = interestMessage(row.evaluator_name, interest);
      // Recorded as the conflict the assignment now has (a recusal always carries one, with its reason).
      await manager.query(
        `UPDATE assignments SET status = 'recused', conflict = true, conflict_reason = $2, declared_at = now(),
           updated_at = now()
         WHERE id = $1`,
        [row.id, reason],
      );
      await this.audit.record(manager, {
        actorId,
        action: 'assignment.recused',
        entityType: 'assignment',
        entityId: row.id,
        before: { status: 'assigned', conflict: row.conflict },
        after: {
          status: 'recused',
          organizationId: interest.organizationId,
          relation: interest.relation,
          reason,
        },
      });
      await this.notifications.notify(
        manager,
        { departmentStaff: row.department_id },
        {
          kind: 'assignment.recused',
          entityType: 'assignment',
          entityId: row.id,
          // NotificationsService shortens what does not fit its column.
          message: `${row.evaluator_name} is recused from the proposal "${row.proposal_title}". ${reason}`,
          data: { title: row.proposal_title, actorName: row.evaluator_name, reason: shortReason(reason) },
        },
        actorId,
      );
    }
  }
}
