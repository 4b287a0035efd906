import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hasRole, isCityStaffOf, managesChallenge } from '../common/access-policy';
import type { AuthUser } from '../common/auth.decorators';
import { Conflict, Forbidden, InvalidInput, NotFound, RuleViolation } from '../common/errors';
import { changes } from '../common/changes';
import { toPage } from '../common/pagination';
import { Challenge } from './challenge.entity';
import { auditView, fullView, summaryRowView } from './challenge-views';
import { ChallengesRepository } from './challenges.repository';
import { aChallengeIn, editRefusal, nextStatus, publishProblems } from './challenge-state';
import type { ChallengeAction, ChallengeStatus, EditableField } from './challenge-state';
import { assertNoForeignCriteria, withIds } from './criteria';
import { COLUMN, proposedValues, sameValue } from './challenge-edit';
import type { Criterion } from './criteria';
import {
  ChallengeDto,
  ChallengePageDto,
  CreateChallengeDto,
  ListChallengesQueryDto,
  UpdateChallengeDto,
} from './dto/challenge.dto';

const PAST_TENSE: Record<ChallengeAction, string> = { publish: 'published', close: 'closed', archive: 'archived' };
const STATUS_TIMESTAMP: Record<ChallengeAction, 'publishedAt' | 'closedAt' | 'archivedAt'> = {
  publish: 'publishedAt',
  close: 'closedAt',
  archive: 'archivedAt',
};

/** What the proposals feature needs to know of a challenge. */
export interface ProposalTerms {
  id: string;
  title: string;
  status: ChallengeStatus;
  submissionDeadline: Date | null;
  budgetSek: number | null;
  departmentId: string;
  blindReview: boolean;
  criteria: Criterion[];
}

@Injectable()
export class ChallengesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly challenges: ChallengesRepository,
    private readonly audit: AuditService,
  ) {}

  create(actor: AuthUser, dto: CreateChallengeDto): Promise<ChallengeDto> {
    const departmentId = this.departmentFor(actor, dto.departmentId);
    const criteria = withIds(dto.criteria ?? [], []);
    assertNoForeignCriteria(criteria.foreign);
    return this.db.transaction(async (manager) => {
      await this.assertReferences(manager, { welfareArea: dto.welfareArea, departmentId });
      const challenge = manager.create(Challenge, {
        title: dto.title,
        summary: dto.summary,
        description: dto.description,
        welfareAreaCode: dto.welfareArea,
        departmentId,
        status: 'draft',
        submissionDeadline: dto.submissionDeadline ? new Date(dto.submissionDeadline) : null,
        budgetSek: dto.budgetSek ?? null,
        testbedSite: dto.testbedSite ?? null,
        expectedEffects: dto.expectedEffects ?? null,
        sdgs: [...(dto.sdgs ?? [])].sort((a, b) => a - b),
        tags: dto.tags ?? [],
        blindReview: dto.blindReview ?? true,
        criteria: criteria.criteria,
        createdBy: actor.id,
      });
      await manager.save(challenge);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'challenge.created',
        entityType: 'challenge',
        entityId: challenge.id,
        after: auditView(challenge),
      });
      return this.view(manager, challenge.id);
    });
  }

  /** 404 unless the caller may see it: public statuses for anyone, drafts for their department, directors, admins. */
  async get(actor: AuthUser | undefined, id: string): Promise<ChallengeDto> {
    const challenge = await this.challenges.findVisible(this.db.manager, actor, id);
    if (!challenge) throw new NotFound('No such challenge.');
    return fullView(challenge, isCityStaffOf(actor, challenge.departmentId));
  }

  /** The list, newest first, or by relevance when `q` is given: one statement whatever the page size. */
  async list(actor: AuthUser | undefined, query: ListChallengesQueryDto): Promise<ChallengePageDto> {
    if (query.q) {
      const rows = await this.challenges.search(this.db.manager, actor, query, query.q);
      return toPage(rows, query.limit, (r) => [Number(r.rank), r.id], summaryRowView);
    }
    const rows = await this.challenges.list(this.db.manager, actor, query);
    return toPage(rows, query.limit, (r) => [r.created_key, r.id], summaryRowView);
  }

  update(actor: AuthUser, id: string, dto: UpdateChallengeDto): Promise<ChallengeDto> {
    return this.db.transaction(async (manager) => {
      const challenge = await this.lockForManager(manager, actor, id);
      const criteria = dto.criteria === undefined ? undefined : withIds(dto.criteria, challenge.criteria);
      const next = proposedValues(dto, criteria?.criteria);
      const changed = (Object.keys(next) as EditableField[]).filter(
        (field) => !sameValue(field, challenge[COLUMN[field]], next[field]),
      );
      const refusal = editRefusal(
        {
          status: challenge.status,
          submissionDeadline: challenge.submissionDeadline,
          criteriaLocked: challenge.criteriaLockedAt !== null,
        },
        {
          changed,
          submissionDeadline: next.submissionDeadline as Date | null | undefined,
          criteria: next.criteria as Criterion[] | undefined,
        },
        new Date(),
      );
      if (refusal) {
        const errors = refusal.field ? [{ field: refusal.field, message: refusal.message }] : undefined;
        throw refusal.kind === 'conflict'
          ? new Conflict(refusal.message, errors)
          : new RuleViolation(refusal.message, errors);
      }
      if (criteria) assertNoForeignCriteria(criteria.foreign);
      if (changed.length === 0) return this.view(manager, id);
      if (changed.includes('welfareArea')) {
        await this.assertReferences(manager, { welfareArea: next.welfareArea as string });
      }
      const columns = Object.fromEntries(changed.map((field) => [COLUMN[field], next[field]])) as Partial<Challenge>;
      await manager.update(Challenge, { id }, columns);
      // The audit projections before and after differ in exactly the changed fields (sameValue and
      // changes() agree on dates, arrays and criteria), so the event names those and nothing else.
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'challenge.updated',
        entityType: 'challenge',
        entityId: id,
        ...changes(auditView(challenge), auditView({ ...challenge, ...columns })),
      });
      return this.view(manager, id);
    });
  }

  /** publish / close / archive: the one transition each allows (409 otherwise), audited. */
  transition(actor: AuthUser, id: string, action: ChallengeAction): Promise<ChallengeDto> {
    return this.db.transaction(async (manager) => {
      const challenge = await this.lockForManager(manager, actor, id);
      const status = nextStatus(challenge.status, action);
      if (!status) throw new Conflict(`${aChallengeIn(challenge.status)} cannot be ${PAST_TENSE[action]}.`);
      if (action === 'publish') {
        const problems = publishProblems(challenge, new Date());
        if (problems.length > 0) {
          const reasons = problems.map((p) => p.message).join('; ');
          throw new RuleViolation(`The challenge cannot be published: ${reasons}.`, problems);
        }
      }
      await manager.update(Challenge, { id }, { status, [STATUS_TIMESTAMP[action]]: new Date() });
      await this.audit.record(manager, {
        actorId: actor.id,
        action: `challenge.${PAST_TENSE[action]}`,
        entityType: 'challenge',
        entityId: id,
        before: { status: challenge.status },
        after: { status },
      });
      return this.view(manager, id);
    });
  }

  /**
   * Closes every published challenge whose deadline has passed, with an audit event each (actor
   * null: the system). The conditional UPDATE closes each challenge exactly once even when several
   * instances run the job; the advisory lock only spares the others the work.
   */
  async closeExpired(): Promise<string[]> {
    return this.db.transaction(async (manager) => {
      const closed = await this.challenges.closeExpired(manager);
      if (!closed) return [];
      for (const id of closed) {
        await this.audit.record(manager, {
          actorId: null,
          action: 'challenge.closed',
          entityType: 'challenge',
          entityId: id,
          before: { status: 'published' },
          after: { status: 'closed', reason: 'submission deadline passed' },
        });
      }
      return closed;
    });
  }

  /**
   * What a proposal (or a review) of this challenge must respect. 404 when invisible. `lock`:
   * `share` keeps the challenge from closing or changing its budget while the caller's
   * transaction runs; `update` also serialises with criteria edits and other first reviews
   * (taking a share lock and then updating the row would deadlock two such transactions).
   */
  async proposalTerms(
    manager: EntityManager,
    actor: AuthUser,
    id: string,
    lock: 'share' | 'update' | 'none' = 'share',
  ): Promise<ProposalTerms> {
    const challenge = await this.challenges.findVisible(manager, actor, id, lock);
    if (!challenge) throw new NotFound('No such challenge.');
    return {
      id: challenge.id,
      title: challenge.title,
      status: challenge.status,
      submissionDeadline: challenge.submissionDeadline,
      budgetSek: challenge.budgetSek,
      departmentId: challenge.departmentId,
      blindReview: challenge.blindReview,
      criteria: challenge.criteria,
    };
  }

  /**
   * Freezes a challenge's criteria. The evaluation module calls this in the transaction that
   * submits the first review; `PATCH` then refuses criteria changes with 409.
   */
  lockCriteria(manager: EntityManager, challengeId: string): Promise<void> {
    return this.challenges.lockCriteria(manager, challengeId);
  }

  /** Locks the row for a change by someone who may manage it: 404 if invisible, 403 if only visible. */
  private async lockForManager(manager: EntityManager, actor: AuthUser, id: string): Promise<Challenge> {
    const challenge = await this.challenges.findVisible(manager, actor, id, 'update');
    if (!challenge) throw new NotFound('No such challenge.');
    if (!managesChallenge(actor, challenge.departmentId)) {
      throw new Forbidden("Only the challenge's department staff and admins may change it.");
    }
    return challenge;
  }

  private async view(manager: EntityManager, id: string): Promise<ChallengeDto> {
    const challenge = await this.challenges.findWithDepartment(manager, id);
    // Only those who may change a challenge get here (create, edit, transitions): city staff.
    return fullView(challenge, true);
  }

  /** Department staff create for their own department; admins name one (or use their own). */
  private departmentFor(actor: AuthUser, requested: string | undefined): string {
    if (hasRole(actor, 'admin')) {
      const departmentId = requested ?? actor.departmentId;
      if (!departmentId) {
        throw new InvalidInput('departmentId is required.', [
          { field: 'departmentId', message: 'departmentId is required for an admin without a department' },
        ]);
      }
      return departmentId;
    }
    if (!actor.departmentId) throw new Forbidden('Only department staff and admins create challenges.');
    if (requested !== undefined && requested !== actor.departmentId) {
      throw new Forbidden('Department staff create challenges only for their own department.');
    }
    return actor.departmentId;
  }

  /** The welfare area and department must exist in the reference tables (422 naming the field). */
  private async assertReferences(
    manager: EntityManager,
    refs: { welfareArea?: string; departmentId?: string },
  ): Promise<void> {
    const row = await this.challenges.referencesExist(manager, refs);
    if (refs.welfareArea !== undefined && !row.area) {
      const message = `welfareArea "${refs.welfareArea}" is not a welfare area (see GET /api/v1/welfare-areas)`;
      throw new RuleViolation(message, [{ field: 'welfareArea', message }]);
    }
    if (refs.departmentId !== undefined && !row.department) {
      const message = 'departmentId does not name a department (see GET /api/v1/departments)';
      throw new RuleViolation(message, [{ field: 'departmentId', message }]);
    }
  }
}
