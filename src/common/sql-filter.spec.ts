import { InvalidInput } from './errors';
import { encodeCursor } from './pagination';
import { SqlFilter } from './sql-filter';

describe('SqlFilter', () => {
  it('numbers parameters after the visibility condition', () => {
    const filter = new SqlFilter({ sql: 'p.owner = $1', params: ['me'] })
      .add('p.status = ?', 'submitted')
      .and('p.deleted_at IS NULL')
      .add('p.area = ?', 'climate');
    const limit = filter.limit(20);
    expect(filter.where).toBe('p.owner = $1 AND p.status = $2 AND p.deleted_at IS NULL AND p.area = $3');
    expect(limit).toBe('$4');
    expect(filter.params).toEqual(['me', 'submitted', 'climate', 21]);
  });

  it('uses one parameter for every ? of a condition', () => {
    const filter = new SqlFilter().add('(u.name ILIKE ? OR u.email ILIKE ?)', '%ada%');
    expect(filter.where).toBe('TRUE AND (u.name ILIKE $1 OR u.email ILIKE $1)');
    expect(filter.params).toEqual(['%ada%']);
  });

  it('numbers a parameter used in the select list or order too', () => {
    const filter = new SqlFilter({ sql: 'x = $1', params: [1] });
    const q = filter.param('ada');
    filter.and(`o.name LIKE ${q}`);
    expect(q).toBe('$2');
    expect(filter.where).toBe('x = $1 AND o.name LIKE $2');
    expect(filter.params).toEqual([1, 'ada']);
  });

  it('adds the keyset position of a cursor, and nothing without one', () => {
    const cursor = encodeCursor(['2026-11-27T02:03:48.857120Z', '6f1c2b1e-9f3a-4c59-9a7e-0c3f5d2b8a11']);
    const filter = new SqlFilter().after(cursor, 'e', 'occurred_at');
    expect(filter.where).toBe('TRUE AND (e.occurred_at, e.id) < ($1::timestamptz, $2::uuid)');
    expect(filter.params).toEqual(['2026-11-27T02:03:48.857120Z', '6f1c2b1e-9f3a-4c59-9a7e-0c3f5d2b8a11']);
    expect(new SqlFilter().after(undefined, 'e').where).toBe('TRUE');
  });

  it('adds a soonest-first position, and a position of any shape', () => {
    const at = encodeCursor(['2026-11-27T02:03:48.857120Z', '6f1c2b1e-9f3a-4c59-9a7e-0c3f5d2b8a11']);
    expect(new SqlFilter().after(at, 'e', 'starts_at', 'asc').where).toBe(
      'TRUE AND (e.starts_at, e.id) > ($1::timestamptz, $2::uuid)',
    );
    const named = new SqlFilter({ sql: 'u.x = $1', params: [1] }).afterKey(
      encodeCursor(['Ada', '6f1c2b1e-9f3a-4c59-9a7e-0c3f5d2b8a11']),
      ['string', 'uuid'],
      (name, id) => `(u.name, u.id) > (${name}, ${id}::uuid)`,
    );
    expect(named.where).toBe('u.x = $1 AND (u.name, u.id) > ($2, $3::uuid)');
    expect(named.params).toEqual([1, 'Ada', '6f1c2b1e-9f3a-4c59-9a7e-0c3f5d2b8a11']);
    expect(() => new SqlFilter().afterKey(encodeCursor([1, 'x']), ['string', 'uuid'], () => 'TRUE')).toThrow(
      InvalidInput,
    );
  });

  it('refuses a forged cursor with a 400 naming it', () => {
    expect(() => new SqlFilter().after(encodeCursor(['yesterday', 'x']), 'p')).toThrow(InvalidInput);
  });

  it('does not share parameters with the visibility it started from', () => {
    const visibility = { sql: 'TRUE', params: [] as unknown[] };
    new SqlFilter(visibility).add('a = ?', 1);
    expect(visibility.params).toEqual([]);
  });
});
