import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { hasRole } from '../common/access-policy';
import type { AuthUser } from '../common/auth.decorators';
import { createdAtKey, decodeCursor } from '../common/pagination';
import { SqlFilter } from '../common/sql-filter';
import { Challenge } from './challenge.entity';
import type { ChallengeStatus } from './challenge-state';
import type { ListChallengesQueryDto } from './dto/challenge.dto';

/**
 * How many of the newest matches in the head, and of the newest matches anywhere, a search ranks
 * (docs/adr/0008-bounded-search-ranking.md): at most twice this many rows are ranked per query.
 */
export const SEARCH_CANDIDATES = 200;

/** Swedish and English stems of the search text ($n): matches a challenge written in either language. */
const searchQuery = (q: string) =>
  `(websearch_to_tsquery('pg_catalog.swedish', ${q}) || websearch_to_tsquery('pg_catalog.english', ${q}))`;

/** The summary's columns as the list reads them in SQL. */
const SUMMARY_SELECT = `c.id, c.title, c.summary, c.welfare_area_code, c.department_id, d.name AS department_name,
  c.status, c.submission_deadline, c.budget_sek, c.testbed_site, c.sdgs, c.tags, c.published_at, c.created_at`;

export interface SummaryRow {
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

/** A summary row of the list, with its keyset key. */
export type ListedRow = SummaryRow & { created_key: string };
/** A summary row of a search, with its relevance. */
export type SearchedRow = SummaryRow & { rank: number };

/**
 * The challenges feature's SQL: the list and the search (raw SQL, the public list is the hottest
 * path of the API), the single-challenge reads with their visibility, the job's conditional close,
 * and the small writes the service does not do through the entity. Every method takes the
 * manager of the caller's transaction (or the data source's for a plain read).
 */
@Injectable()
export class ChallengesRepository {
  /**
   * One statement whatever the page size: filters and visibility in the WHERE clause, keyset
   * pagination newest first. No query builder to assemble, no entities to hydrate.
   */
  list(manager: EntityManager, actor: AuthUser | undefined, query: ListChallengesQueryDto): Promise<ListedRow[]> {
    const filter = new SqlFilter(listVisibility(actor));
    if (query.status) filter.add('c.status = ?', query.status);
    if (query.area) filter.add('c.welfare_area_code = ?', query.area);
    if (query.departmentId) filter.add('c.department_id = ?', query.departmentId);
    if (query.sdg !== undefined) filter.add('c.sdgs @> ARRAY[?]::smallint[]', query.sdg);
    if (query.tag) filter.add('c.tags @> ARRAY[?]::text[]', query.tag);
    if (query.deadlineAfter) filter.add('c.submission_deadline > ?', new Date(query.deadlineAfter));
    filter.after(query.cursor, 'c');
    const limit = filter.limit(query.limit);
    return manager.query<ListedRow[]>(
      `SELECT ${SUMMARY_SELECT}, ${createdAtKey('c')} AS created_key
       FROM challenges c JOIN departments d ON d.id = c.department_id
       WHERE ${filter.where} ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit}`,
      filter.params,
    );
  }

  /**
   * The list by relevance, over a bounded set of candidates (docs/adr/0008-bounded-search-ranking.md):
   * the `SEARCH_CANDIDATES` newest matches in the head (title, tags, summary) and the
   * `SEARCH_CANDIDATES` newest matches anywhere, each read newest first (for a common word from the
   * creation-time index, stopping at the bound; for a rare one from the vector's index). A common
   * word matches a fifth of all challenges; ranking every match made the search grow with the city.
   * A match of a single word in the head outranks any match in the description alone, so the best
   * matches are among the candidates; what a query matching thousands of challenges loses is its
   * oldest matches in the description alone. The ranking
   * reads the narrow `challenge_search` (migrations ChallengeSearch, SearchBound), and the wide
   * `challenges` rows only for the page; the rarer filters on sdg, tag and deadline join
   * `challenges` for the candidates.
   */
  search(
    manager: EntityManager,
    actor: AuthUser | undefined,
    query: ListChallengesQueryDto,
    text: string,
  ): Promise<SearchedRow[]> {
    const filter = new SqlFilter(listVisibility(actor, 's'));
    if (query.status) filter.add('s.status = ?', query.status);
    if (query.area) filter.add('s.welfare_area_code = ?', query.area);
    if (query.departmentId) filter.add('s.department_id = ?', query.departmentId);
    // Filters on columns only `challenges` has: joined for the matches, correct if not as quick.
    const wide = query.sdg !== undefined || Boolean(query.tag) || Boolean(query.deadlineAfter);
    if (query.sdg !== undefined) filter.add('c.sdgs @> ARRAY[?]::smallint[]', query.sdg);
    if (query.tag) filter.add('c.tags @> ARRAY[?]::text[]', query.tag);
    if (query.deadlineAfter) filter.add('c.submission_deadline > ?', new Date(query.deadlineAfter));
    const tsquery = searchQuery(filter.param(text));
    const candidates = (vector: string) =>
      `(SELECT s.challenge_id FROM challenge_search s${wide ? ' JOIN challenges c ON c.id = s.challenge_id' : ''}
        WHERE ${filter.where} AND s.${vector} @@ ${tsquery}
        ORDER BY s.created_at DESC, s.challenge_id DESC LIMIT ${SEARCH_CANDIDATES})`;
    const rank = `ts_rank(s.search_vector, ${tsquery})`;
    // The position is a condition on the ranked candidates, not on the candidates' WHERE.
    let position = '';
    const after = decodeCursor(query.cursor, ['real', 'uuid']);
    if (after) {
      const [rankAt, idAt] = [filter.param(after[0]), filter.param(after[1])];
      // The rank is a float4; comparing as real makes the cursor's value equal to the row's.
      position = `WHERE (${rank} < ${rankAt}::real OR (${rank} = ${rankAt}::real AND s.challenge_id > ${idAt}::uuid))`;
    }
    const limit = filter.limit(query.limit);
    return manager.query<SearchedRow[]>(
      `WITH candidates AS (${candidates('head_vector')} UNION ${candidates('search_vector')}),
       hits AS (
         SELECT s.challenge_id AS id, ${rank} AS rank
         FROM candidates JOIN challenge_search s USING (challenge_id)
         ${position}
         ORDER BY rank DESC, s.challenge_id ASC LIMIT ${limit})
       SELECT ${SUMMARY_SELECT}, hits.rank
       FROM challenges c JOIN hits ON hits.id = c.id JOIN departments d ON d.id = c.department_id
       ORDER BY hits.rank DESC, c.id ASC`,
      filter.params,
    );
  }

  /**
   * Challenges the caller may see, with the department's name: the visibility rule of
   * docs/product.md §3.1.5 in the query (the list's SQL says the same in `listVisibility`).
   */
  visibleTo(manager: EntityManager, actor: AuthUser | undefined): SelectQueryBuilder<Challenge> {
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

  /** One challenge the caller may see, or null; `lock` takes a row lock for the caller's transaction. */
  findVisible(
    manager: EntityManager,
    actor: AuthUser | undefined,
    id: string,
    lock: 'share' | 'update' | 'none' = 'none',
  ): Promise<Challenge | null> {
    const query = this.visibleTo(manager, actor).andWhere('c.id = :id', { id });
    if (lock !== 'none') query.setLock(lock === 'share' ? 'pessimistic_read' : 'pessimistic_write', undefined, ['c']);
    return query.getOne();
  }

  /** One challenge with its department's name, whoever asks (the caller has decided who may). */
  findWithDepartment(manager: EntityManager, id: string): Promise<Challenge> {
    return manager
      .getRepository(Challenge)
      .createQueryBuilder('c')
      .innerJoin('c.department', 'd')
      .addSelect(['d.id', 'd.name'])
      .where('c.id = :id', { id })
      .getOneOrFail();
  }

  /** Whether a welfare area and a department exist in the reference tables. */
  async referencesExist(
    manager: EntityManager,
    refs: { welfareArea?: string; departmentId?: string },
  ): Promise<{ area: boolean; department: boolean }> {
    const [row] = await manager.query<{ area: boolean; department: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM welfare_areas WHERE code = $1) AS area,
              EXISTS (SELECT 1 FROM departments WHERE id = $2) AS department`,
      [refs.welfareArea ?? null, refs.departmentId ?? null],
    );
    return row;
  }

  /**
   * Closes every published challenge whose deadline has passed, once: the conditional UPDATE
   * closes each challenge exactly once even when several instances run the job; the advisory lock
   * (for the caller's transaction) only spares the others the work. Null when another instance
   * holds the lock.
   */
  async closeExpired(manager: EntityManager): Promise<string[] | null> {
    const [{ locked }] = await manager.query<{ locked: boolean }[]>(
      `SELECT pg_try_advisory_xact_lock(hashtext('testbed:challenges:close-expired')) AS locked`,
    );
    if (!locked) return null;
    // For an UPDATE, TypeORM answers [rows, affected count].
    const [closed] = await manager.query<[{ id: string }[], number]>(
      `UPDATE challenges SET status = 'closed', closed_at = now(), updated_at = now()
       WHERE status = 'published' AND submission_deadline <= now()
       RETURNING id`,
    );
    return closed.map((row) => row.id);
  }

  /** Freezes a challenge's criteria (the first submitted review). */
  async lockCriteria(manager: EntityManager, challengeId: string): Promise<void> {
    await manager.query(
      `UPDATE challenges SET criteria_locked_at = now() WHERE id = $1 AND criteria_locked_at IS NULL`,
      [challengeId],
    );
  }
}
