import { InvalidInput } from './errors';

/** A keyset position: the sort key values of the last item of a page. */
export type CursorKey = (string | number)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * What each position of a cursor must hold; checked so a forged cursor is a 400, never a SQL
 * error: `real` is a PostgreSQL float4 (a search rank), `timestamp` a UTC instant as the database
 * writes it (`2026-11-27T02:03:48.857120Z`) that PostgreSQL can read back.
 */
export type CursorPart = 'string' | 'number' | 'real' | 'uuid' | 'timestamp';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?Z$/;
const FLOAT4_MAX = 3.4028234663852886e38;
const FLOAT4_MIN_NORMAL = 1.1754943508222875e-38;

/** A real calendar day in years 1–9999 (JavaScript would roll 30 February over into March). */
function isTimestamp(value: string): boolean {
  const match = TIMESTAMP.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isReal(value: number): boolean {
  const magnitude = Math.abs(value);
  return magnitude === 0 || (magnitude >= FLOAT4_MIN_NORMAL && magnitude <= FLOAT4_MAX);
}

function matches(value: unknown, part: CursorPart): boolean {
  switch (part) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'real':
      return typeof value === 'number' && Number.isFinite(value) && isReal(value);
    case 'timestamp':
      return typeof value === 'string' && isTimestamp(value);
  }
}

export function decodeCursor(cursor: string | undefined, shape: CursorPart[]): CursorKey | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const valid = Array.isArray(key) && key.length === shape.length && key.every((value, i) => matches(value, shape[i]));
  if (!valid) {
    throw new InvalidInput('cursor is not a cursor returned by this API.', [
      { field: 'cursor', message: 'cursor is not a cursor returned by this API' },
    ]);
  }
  return key as CursorKey;
}

/** Fetch `limit + 1` rows; the extra row only tells whether there is a next page. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  key: (row: Row) => CursorKey,
  map: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(map),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(key(last)) : null,
  };
}

/**
 * A `created_at` column as cursor text, to the microsecond (JavaScript dates stop at the
 * millisecond, which would make two rows created in the same millisecond one position).
 */
export const createdAtKey = (alias: string, column = 'created_at'): string =>
  `to_char(${alias}.${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
