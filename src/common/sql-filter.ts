import { decodeCursor } from './pagination';
import type { CursorPart } from './pagination';

/**
 * A WHERE clause built from optional filters with numbered parameters ($1, $2, …), for the list
 * queries written in SQL: start from the visibility condition, add what the query asks for, the
 * keyset position, and the page size.
 */
export class SqlFilter {
  readonly params: unknown[];
  private readonly conditions: string[];

  constructor(visibility: { sql: string; params: unknown[] } = { sql: 'TRUE', params: [] }) {
    this.params = [...visibility.params];
    this.conditions = [visibility.sql];
  }

  /** Every `?` in `condition` stands for `value` (one parameter, however often it is used). */
  add(condition: string, value: unknown): this {
    this.params.push(value);
    this.conditions.push(condition.replaceAll('?', `$${this.params.length}`));
    return this;
  }

  /** A parameter used outside the WHERE clause too (a search term in a score): its placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** A condition without a parameter. */
  and(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  /**
   * Rows after the cursor's position in newest-first order of (`column`, id) (`order` 'asc':
   * soonest first), the cursor holding that column's timestamp to the microsecond and the id (see
   * `createdAtKey`).
   */
  after(cursor: string | undefined, alias: string, column = 'created_at', order: 'desc' | 'asc' = 'desc'): this {
    const op = order === 'desc' ? '<' : '>';
    return this.afterKey(
      cursor,
      ['timestamp', 'uuid'],
      (at, id) => `(${alias}.${column}, ${alias}.id) ${op} (${at}::timestamptz, ${id}::uuid)`,
    );
  }

  /**
   * Rows after a keyset position of any shape (a name, a search score): the cursor is decoded and
   * checked against `shape` (a forged one is a 400), and `condition` receives the placeholders of
   * its values, in order. Nothing is added without a cursor.
   */
  afterKey(cursor: string | undefined, shape: CursorPart[], condition: (...placeholders: string[]) => string): this {
    const position = decodeCursor(cursor, shape);
    if (position) {
      const placeholders = position.map((value) => {
        this.params.push(value);
        return `$${this.params.length}`;
      });
      this.conditions.push(condition(...placeholders));
    }
    return this;
  }

  /** The placeholder of the LIMIT: one more row than the page, to tell whether a next page exists. */
  limit(pageSize: number): string {
    this.params.push(pageSize + 1);
    return `$${this.params.length}`;
  }

  get where(): string {
    return this.conditions.join(' AND ');
  }
}
