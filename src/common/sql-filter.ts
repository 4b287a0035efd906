import { decodeCursor } from './pagination';

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

  /** `condition` holds one `?` for `value`. */
  add(condition: string, value: unknown): this {
    this.params.push(value);
    this.conditions.push(condition.replace('?', `$${this.params.length}`));
    return this;
  }

  /** A condition without a parameter. */
  and(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  /**
   * Rows after the cursor's position in newest-first order of (`column`, id), the cursor holding
   * that column's timestamp to the microsecond and the id (see `createdAtKey`).
   */
  after(cursor: string | undefined, alias: string, column = 'created_at'): this {
    const position = decodeCursor(cursor, ['timestamp', 'uuid']);
    if (position) {
      this.params.push(position[0], position[1]);
      const n = this.params.length;
      this.conditions.push(`(${alias}.${column}, ${alias}.id) < ($${n - 1}::timestamptz, $${n}::uuid)`);
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
