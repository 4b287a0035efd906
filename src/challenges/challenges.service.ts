import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hasRole, isCityStaffOf } from '../common/auth.decorators';
import type { AuthUser } from '../common/auth.decorators';
import { Conflict, Forbidden, InvalidInput, NotFound, RuleViolation } from '../common/errors';
import { createdAtKey, decodeCursor, toPage } from '../common/pagination';
import { SqlFilter } from '../common/sql-filter';
import { Challenge } from './challenge.entity';
import { aChallengeIn, editRefusal, nextStatus, publishProblems } from './challenge-state';
import type { ChallengeAction, ChallengeStatus, EditableField } from './challenge-state';
import { sameCriteria } from './criteria';
import type { Criterion } from './criteria';
import {
  ChallengeDto,
  ChallengePageDto,
  ChallengeSummaryDto,
  CreateChallengeDto,
  CriterionInputDto,
  ListChallengesQueryDto,
  UpdateChallengeDto,
} from './dto/challenge.dto';

/** Swedish and English stems of the search text ($n): matches a challenge written in either language. */
const searchQuery = (q: string) =>
  `(websearch_to_tsquery('pg_catalog.swedish', ${q}) || websearch_to_tsquery('pg_catalog.english', ${q}))`;

const PAST_TENSE: Record<ChallengeAction, string> = { publish: 'published', close: 'closed', archive: 'archived' };
const STATUS_TIMESTAMP: Record<ChallengeAction, 'publishedAt' | 'closedAt' | 'archivedAt'> = {
  publish: 'publishedAt',
  close: 'closedAt',
  archive: 'archivedAt',
};

const summaryView = (c: Challenge): ChallengeSummaryDto => ({
  id: c.id,
  title: c.title,
  summary: c.summary,
  welfareArea: c.welfareAreaCode,
  department: { id: c.departmentId, name: c.department?.name ?? '' },
  status: c.status,
  submissionDeadline: c.submissionDeadline,
  budgetSek: c.budgetSek,
  testbedSite: c.testbedSite,
  sdgs: c.sdgs,
  tags: c.tags,
  publishedAt: c.publishedAt,
  createdAt: c.createdAt,
});

/** The summary's columns as the list reads them in SQL. */
const SUMMARY_SELECT = `c.id, c.title, c.summary, c.welfare_area_code, c.department_id, d.name AS department_name,
  c.status, c.submission_deadline, c.budget_sek, c.testbed_site, c.sdgs, c.tags, c.published_at, c.created_at`;

interface SummaryRow {
  id: string;
  title: string;
  summary: string;
  welfare_area_code: string;
  department_id: string;
  department_name: string;
  status: ChallengeStatus;
  submission_deadline: Date | null;
  budget_sek: number | null;
  testbed_site: string | null;
  sdgs: number[];
  tags: string[];
  published_at: Date | null;
  created_at: Date;
}

const summaryRowView = (r: SummaryRow): ChallengeSummaryDto => ({
  id: r.id,
  title: r.title,
  summary: r.summary,
  welfareArea: r.welfare_area_code,
  department: { id: r.department_id, name: r.department_name },
  status: r.status,
  submissionDeadline: r.submission_deadline,
  budgetSek: r.budget_sek,
  testbedSite: r.testbed_site,
  sdgs: r.sdgs,
  tags: r.tags,
  publishedAt: r.published_at,
  createdAt: r.created_at,
});

/**
 * The list's visibility rule, the same as `visibleTo`'s: drafts only for their department and the
 * city's leads. `alias` is a table with `status` and `department_id`: `challenges` or `challenge_search`.
 */
function listVisibility(actor: AuthUser | undefined, alias = 'c'): { sql: string; params: unknown[] } {
  if (hasRole(actor, 'admin', 'director')) return { sql: 'TRUE', params: [] };
  if (actor && hasRole(actor, 'department') && actor.departmentId) {
    return { sql: `(${alias}.status <> 'draft' OR ${alias}.department_id = $1)`, params: [actor.departmentId] };
  }
  return { sql: `${alias}.status <> 'draft'`, params: [] };
}

/**
 * The full challenge. `staff` (the challenge's department staff, directors, admins) also learn
 * whether its criteria are locked, which tells that evaluation has begun: nobody else does.
 */
const fullView = (c: Challenge, staff: boolean): ChallengeDto => ({
  ...summaryView(c),
  description: c.description,
  expectedEffects: c.expectedEffects,
  blindReview: c.blindReview,
  criteria: c.criteria.map((k) => ({ id: k.id, name: k.name, description: k.description, weight: k.weight })),
  ...(staff ? { criteriaLocked: c.criteriaLockedAt !== null } : {}),
  closedAt: c.closedAt,
  archivedAt: c.archivedAt,
  updatedAt: c.updatedAt,
});

/** What the audit trail keeps of a field's value (dates as ISO text, like the API). */
const auditValue = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value);

/** The entity column behind each editable API field. */
const COLUMN: Record<EditableField, keyof Challenge> = {
  title: 'title',
  summary: 'summary',
  description: 'description',
  expectedEffects: 'expectedEffects',
  testbedSite: 'testbedSite',
  tags: 'tags',
  sdgs: 'sdgs',
  welfareArea: 'welfareAreaCode',
  budgetSek: 'budgetSek',
  blindReview: 'blindReview',
  submissionDeadline: 'submissionDeadline',
  criteria: 'criteria',
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

/** Department staff manage their own department's challenges; admins manage all. */
export function managesChallenge(actor: Pick<AuthUser, 'roles' | 'departmentId'>, departmentId: string): boolean {
  return hasRole(actor, 'admin') || (hasRole(actor, 'department') && actor.departmentId === departmentId);
}

@Injectable()
export class ChallengesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
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
    const challenge = await this.visibleTo(this.db.manager, actor).andWhere('c.id = :id', { id }).getOne();
    if (!challenge) throw new NotFound('No such challenge.');
    return fullView(challenge, isCityStaffOf(actor, challenge.departmentId));
  }

  /**
   * One statement whatever the page size: filters and visibility in the WHERE clause, keyset
   * pagination newest first, or by relevance when `q` is given. Written in SQL (the public list is
   * the hottest path of the API): no query builder to assemble, no entities to hydrate.
   */
  async list(actor: AuthUser | undefined, query: ListChallengesQueryDto): Promise<ChallengePageDto> {
    if (query.q) return this.search(actor, query, query.q);
    const filter = new SqlFilter(listVisibility(actor));
    if (query.status) filter.add('c.status = ?', query.status);
    if (query.area) filter.add('c.welfare_area_code = ?', query.area);
    if (query.departmentId) filter.add('c.department_id = ?', query.departmentId);
    if (query.sdg !== undefined) filter.add('c.sdgs @> ARRAY[?]::smallint[]', query.sdg);
    if (query.tag) filter.add('c.tags @> ARRAY[?]::text[]', query.tag);
    if (query.deadlineAfter) filter.add('c.submission_deadline > ?', new Date(query.deadlineAfter));
    filter.after(query.cursor, 'c');
    const limit = filter.limit(query.limit);
    const rows = await this.db.query<(SummaryRow & { created_key: string })[]>(
      `SELECT ${SUMMARY_SELECT}, ${createdAtKey('c')} AS created_key
       FROM challenges c JOIN departments d ON d.id = c.department_id
       WHERE ${filter.where} ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit}`,
      filter.params,
    );
    return toPage(rows, query.limit, (r) => [r.created_key, r.id], summaryRowView);
  }

  /**
   * The list by relevance. A common word matches a fifth of all challenges and each match must be
   * ranked, so the ranking reads the narrow `challenge_search` (the vector and the columns of
   * visibility and the usual filters, migration ChallengeSearch), and the wide `challenges` rows
   * only for the page. The rarer filters on sdg, tag and deadline join `challenges` for the matches.
   */
  private async search(
    actor: AuthUser | undefined,
    query: ListChallengesQueryDto,
    text: string,
  ): Promise<ChallengePageDto> {
    const filter = new SqlFilter(listVisibility(actor, 's'));
    if (query.status) filter.add('s.status = ?', query.status);
    if (query.area) filter.add('s.welfare_area_code = ?', query.area);
    if (query.departmentId) filter.add('s.department_id = ?', query.departmentId);
    // Filters on columns only `challenges` has: joined for the matches, correct if not as quick.
    const wide = query.sdg !== undefined || Boolean(query.tag) || Boolean(query.deadlineAfter);
    if (query.sdg !== undefined) filter.add('c.sdgs @> ARRAY[?]::smallint[]', query.sdg);
    if (query.tag) filter.add('c.tags @> ARRAY[?]::text[]', query.tag);
    if (query.deadlineAfter) filter.add('c.submission_deadline > ?', new Date(query.deadlineAfter));
    filter.params.push(text);
    const tsquery = searchQuery(`$${filter.params.length}`);
    const rank = `ts_rank(s.search_vector, ${tsquery})`;
    filter.and(`s.search_vector @@ ${tsquery}`);
    const after = decodeCursor(query.cursor, ['real', 'uuid']);
    if (after) {
      // The rank is a float4; comparing as real makes the cursor's value equal to the row's.
      filter.params.push(after[0], after[1]);
      const n = filter.params.length;
      filter.and(`(${rank} < $${n - 1}::real OR (${rank} = $${n - 1}::real AND s.challenge_id > $${n}::uuid))`);
    }
    const limit = filter.limit(query.limit);
    const rows = await this.db.query<(SummaryRow & { rank: number })[]>(
      `WITH hits AS (
         SELECT s.challenge_id AS id, ${rank} AS rank
         FROM challenge_search s${wide ? ' JOIN challenges c ON c.id = s.challenge_id' : ''}
         WHERE ${filter.where} ORDER BY rank DESC, s.challenge_id ASC LIMIT ${limit})
       SELECT ${SUMMARY_SELECT}, hits.rank
       FROM challenges c JOIN hits ON hits.id = c.id JOIN departments d ON d.id = c.department_id
       ORDER BY hits.rank DESC, c.id ASC`,
      filter.params,
    );
    return toPage(rows, query.limit, (r) => [Number(r.rank), r.id], summaryRowView);
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
      const changes: Partial<Record<keyof Challenge, unknown>> = {};
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const field of changed) {
        changes[COLUMN[field]] = next[field];
        before[field] = auditValue(challenge[COLUMN[field]]);
        after[field] = auditValue(next[field]);
      }
      await manager.update(Challenge, { id }, changes as Partial<Challenge>);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'challenge.updated',
        entityType: 'challenge',
        entityId: id,
        before,
        after,
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
      const [{ locked }] = await manager.query<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock(hashtext('testbed:challenges:close-expired')) AS locked`,
      );
      if (!locked) return [];
      // For an UPDATE, TypeORM answers [rows, affected count].
      const [closed] = await manager.query<[{ id: string }[], number]>(
        `UPDATE challenges SET status = 'closed', closed_at = now(), updated_at = now()
         WHERE status = 'published' AND submission_deadline <= now()
         RETURNING id`,
      );
      for (const { id } of closed) {
        await this.audit.record(manager, {
          actorId: null,
          action: 'challenge.closed',
          entityType: 'challenge',
          entityId: id,
          before: { status: 'published' },
          after: { status: 'closed', reason: 'submission deadline passed' },
        });
      }
      return closed.map((row) => row.id);
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
    const query = this.visibleTo(manager, actor).andWhere('c.id = :id', { id });
    if (lock !== 'none') query.setLock(lock === 'share' ? 'pessimistic_read' : 'pessimistic_write', undefined, ['c']);
    const challenge = await query.getOne();
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
  async lockCriteria(manager: EntityManager, challengeId: string): Promise<void> {
    await manager.query(
      `UPDATE challenges SET criteria_locked_at = now() WHERE id = $1 AND criteria_locked_at IS NULL`,
      [challengeId],
    );
  }

  /**
   * Challenges the caller may see, with the department's name: the visibility rule lives in the
   * query (the list's SQL says the same in `listVisibility`).
   */
  private visibleTo(manager: EntityManager, actor: AuthUser | undefined): SelectQueryBuilder<Challenge> {
    const qb = manager.getRepository(Challenge).createQueryBuilder('c');
    qb.innerJoin('c.department', 'd').addSelect(['d.id', 'd.name']);
    if (hasRole(actor, 'admin', 'director')) return qb;
    if (actor && hasRole(actor, 'department') && actor.departmentId) {
      return qb.andWhere(`(c.status <> 'draft' OR c.department_id = :myDepartmentId)`, {
        myDepartmentId: actor.departmentId,
      });
    }
    return qb.andWhere(`c.status <> 'draft'`);
  }

  /** Locks the row for a change by someone who may manage it: 404 if invisible, 403 if only visible. */
  private async lockForManager(manager: EntityManager, actor: AuthUser, id: string): Promise<Challenge> {
    const challenge = await this.visibleTo(manager, actor)
      .andWhere('c.id = :id', { id })
      .setLock('pessimistic_write', undefined, ['c'])
      .getOne();
    if (!challenge) throw new NotFound('No such challenge.');
    if (!managesChallenge(actor, challenge.departmentId)) {
      throw new Forbidden("Only the challenge's department staff and admins may change it.");
    }
    return challenge;
  }

  private async view(manager: EntityManager, id: string): Promise<ChallengeDto> {
    const challenge = await manager
      .getRepository(Challenge)
      .createQueryBuilder('c')
      .innerJoin('c.department', 'd')
      .addSelect(['d.id', 'd.name'])
      .where('c.id = :id', { id })
      .getOneOrFail();
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
    const [row] = await manager.query<{ area: boolean; department: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM welfare_areas WHERE code = $1) AS area,
              EXISTS (SELECT 1 FROM departments WHERE id = $2) AS department`,
      [refs.welfareArea ?? null, refs.departmentId ?? null],
    );
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

const auditView = (c: Challenge): Record<string, unknown> => ({
  title: c.title,
  summary: c.summary,
  description: c.description,
  welfareArea: c.welfareAreaCode,
  departmentId: c.departmentId,
  status: c.status,
  submissionDeadline: auditValue(c.submissionDeadline),
  budgetSek: c.budgetSek,
  testbedSite: c.testbedSite,
  expectedEffects: c.expectedEffects,
  sdgs: c.sdgs,
  tags: c.tags,
  blindReview: c.blindReview,
  criteria: c.criteria,
});

/**
 * Criteria as stored: an input naming an `id` keeps that existing criterion's id (reviews refer
 * to it); one without gets a new id. `foreign` lists the inputs whose id is not one of this
 * challenge's criteria (or repeats one), which the caller refuses once the state allows an edit.
 */
function withIds(
  input: CriterionInputDto[],
  existing: readonly Criterion[],
): { criteria: Criterion[]; foreign: number[] } {
  const known = new Set(existing.map((c) => c.id));
  const seen = new Set<string>();
  const foreign: number[] = [];
  const criteria = input.map((c, i) => {
    let id = c.id ?? randomUUID();
    if (c.id !== undefined && (!known.has(c.id) || seen.has(c.id))) {
      foreign.push(i);
      id = randomUUID();
    }
    seen.add(id);
    return { id, name: c.name, description: c.description ?? null, weight: c.weight };
  });
  return { criteria, foreign };
}

function assertNoForeignCriteria(foreign: number[]): void {
  if (foreign.length === 0) return;
  const errors = foreign.map((i) => ({
    field: `criteria.${i}.id`,
    message: `criteria.${i}.id is not the id of a criterion of this challenge`,
  }));
  throw new RuleViolation(errors.map((e) => e.message).join('; '), errors);
}

/** The new value of every field the request names, in the entity's representation (criteria already with ids). */
function proposedValues(dto: UpdateChallengeDto, criteria?: Criterion[]): Partial<Record<EditableField, unknown>> {
  const next: Partial<Record<EditableField, unknown>> = {};
  const set = (field: EditableField, value: unknown) => {
    if (value !== undefined) next[field] = value;
  };
  set('title', dto.title);
  set('summary', dto.summary);
  set('description', dto.description);
  set('expectedEffects', dto.expectedEffects);
  set('testbedSite', dto.testbedSite);
  set('tags', dto.tags);
  set('sdgs', dto.sdgs ? [...dto.sdgs].sort((a, b) => a - b) : undefined);
  set('welfareArea', dto.welfareArea);
  set('budgetSek', dto.budgetSek);
  set('blindReview', dto.blindReview);
  if (dto.submissionDeadline !== undefined) {
    next.submissionDeadline = dto.submissionDeadline === null ? null : new Date(dto.submissionDeadline);
  }
  if (criteria !== undefined) next.criteria = criteria;
  return next;
}

function sameValue(field: EditableField, current: unknown, next: unknown): boolean {
  if (field === 'criteria') return sameCriteria(current as Criterion[], next as Criterion[]);
  if (current instanceof Date || next instanceof Date) {
    return current instanceof Date && next instanceof Date && current.getTime() === next.getTime();
  }
  if (Array.isArray(current) && Array.isArray(next)) {
    return current.length === next.length && current.every((v, i) => v === next[i]);
  }
  return current === next;
}
