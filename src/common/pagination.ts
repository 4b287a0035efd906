import { InvalidInput } from './errors';

/** A keyset position: the sort key values of the last item of a page. */
export type CursorKey = (string | number)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** What each position of a cursor must hold; checked so a forged cursor is a 400, never a SQL error. */
export type CursorPart = 'string' | 'number' | 'uuid' | 'timestamp';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function matches(value: unknown, part: CursorPart): boolean {
  switch (part) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'timestamp':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
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
