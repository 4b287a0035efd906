import { InvalidInput } from './errors';
import { CursorPart, decodeCursor, encodeCursor, toPage } from './pagination';

const raw = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function decodeError(cursor: string | undefined, shape: CursorPart[]): InvalidInput {
  try {
    decodeCursor(cursor, shape);
  } catch (error) {
    return error as InvalidInput;
  }
  throw new Error(`decodeCursor accepted ${String(cursor)}`);
}

describe('encodeCursor / decodeCursor', () => {
  it.each<[(string | number)[], CursorPart[]]>([
    [
      ['Anna Svensson', '6f1c2b1e-9f3a-4c59-9a7e-0c3f5d2b8a11'],
      ['string', 'string'],
    ],
    [
      ['2025-03-01T12:00:00.000Z', 42],
      ['string', 'number'],
    ],
    [
      [0, -1.5],
      ['number', 'number'],
    ],
    [['åäö – emoji 🚲, "quotes" and commas'], ['string']],
    [
      ['2026-11-27T02:03:48.857120Z', '6f1c2b1e-9f3a-4c59-9a7e-0c3f5d2b8a11'],
      ['timestamp', 'uuid'],
    ],
    [['2024-02-29T23:59:59Z'], ['timestamp']],
    [
      [0.0607927, 0, 1e-30],
      ['real', 'real', 'real'],
    ],
    [[''], ['string']],
  ])('round-trips %j', (key, shape) => {
    expect(decodeCursor(encodeCursor(key), shape)).toEqual(key);
  });

  it('is opaque and URL-safe: base64url without padding', () => {
    const cursor = encodeCursor(['a name with spaces/and?query&chars', 'ÅÄÖ>>>???']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('a name');
  });

  it('no cursor means the first page', () => {
    expect(decodeCursor(undefined, ['string', 'string'])).toBeUndefined();
  });

  it.each<[string, string, CursorPart[]]>([
    ['a non-UUID where a UUID belongs', raw(['a', 'not-a-uuid']), ['string', 'uuid']],
    [
      'a non-timestamp where a timestamp belongs',
      raw(['yesterday', '00000000-0000-4000-8000-000000000000']),
      ['timestamp', 'uuid'],
    ],
    ['an infinite number', Buffer.from('[1e400]', 'utf8').toString('base64url'), ['number']],
    ['a day that does not exist', raw(['2026-02-30T00:00:00.000000Z']), ['timestamp']],
    ['29 February of a common year', raw(['2025-02-29T00:00:00Z']), ['timestamp']],
    ['year 0', raw(['0000-01-01T00:00:00Z']), ['timestamp']],
    ['an hour that does not exist', raw(['2026-01-01T24:00:00Z']), ['timestamp']],
    ['a timestamp without a zone', raw(['2026-01-01T10:00:00']), ['timestamp']],
    ['a real too large for float4', raw([1e308]), ['real']],
    ['a real too small for float4', raw([1e-300]), ['real']],
    ['too few values', raw(['a']), ['string', 'string']],
    ['too many values', raw(['a', 'b', 'c']), ['string', 'string']],
    ['an empty array', raw([]), ['string']],
    ['a number where a string belongs', raw([1, 'b']), ['string', 'string']],
    ['a string where a number belongs', raw(['a', '1']), ['string', 'number']],
    ['null', raw([null, 'b']), ['string', 'string']],
    ['a nested array', raw([['a'], 'b']), ['string', 'string']],
    ['an object instead of an array', raw({ 0: 'a', 1: 'b', length: 2 }), ['string', 'string']],
    ['a bare string', raw('a'), ['string']],
    ['JSON null', raw(null), ['string']],
    ['non-JSON', Buffer.from('not json', 'utf8').toString('base64url'), ['string']],
    ['garbage', '!!!not-base64!!!', ['string']],
    ['an empty string', '', ['string']],
  ])('refuses %s with a 400 naming the cursor', (_what, cursor, shape) => {
    const error = decodeError(cursor, shape);
    expect(error).toBeInstanceOf(InvalidInput);
    expect(error.status).toBe(400);
    expect(error.errors).toEqual([{ field: 'cursor', message: expect.stringContaining('cursor') }]);
  });
});

describe('toPage', () => {
  interface Row {
    name: string;
    id: number;
  }
  const rows = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ name: `row ${i}`, id: i }));
  const key = (row: Row) => [row.name, row.id];
  const map = (row: Row) => ({ label: row.name.toUpperCase() });

  it('an empty result is an empty last page', () => {
    expect(toPage(rows(0), 3, key, map)).toEqual({ items: [], nextCursor: null });
  });

  it('fewer rows than the limit: every row, no next page', () => {
    expect(toPage(rows(2), 3, key, map)).toEqual({
      items: [{ label: 'ROW 0' }, { label: 'ROW 1' }],
      nextCursor: null,
    });
  });

  it('exactly the limit: every row, no next page', () => {
    const page = toPage(rows(3), 3, key, map);
    expect(page.items).toHaveLength(3);
    expect(page.nextCursor).toBeNull();
  });

  it('the extra row: items cut to the limit, the cursor is the last item’s key', () => {
    const page = toPage(rows(4), 3, key, map);
    expect(page.items).toEqual([{ label: 'ROW 0' }, { label: 'ROW 1' }, { label: 'ROW 2' }]);
    expect(page.nextCursor).not.toBeNull();
    expect(decodeCursor(page.nextCursor!, ['string', 'number'])).toEqual(['row 2', 2]);
  });

  it('maps only the rows on the page', () => {
    const mapped: number[] = [];
    toPage(rows(11), 10, key, (row) => mapped.push(row.id));
    expect(mapped).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('a limit of 1 pages one row at a time', () => {
    const page = toPage(rows(2), 1, key, map);
    expect(page.items).toEqual([{ label: 'ROW 0' }]);
    expect(decodeCursor(page.nextCursor!, ['string', 'number'])).toEqual(['row 0', 0]);
  });
});
