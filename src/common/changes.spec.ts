import { changes } from './changes';

describe('changes (the audit diff)', () => {
  it('is null when nothing differs, arrays and nested values compared by value', () => {
    expect(changes({}, {})).toBeNull();
    expect(
      changes({ name: 'A', roles: ['admin'], place: { room: 1 } }, { name: 'A', roles: ['admin'], place: { room: 1 } }),
    ).toBeNull();
  });

  it('keeps only the keys that differ, with their values before and after', () => {
    expect(changes({ name: 'A', capacity: 10, notes: null }, { name: 'B', capacity: 10, notes: null })).toEqual({
      before: { name: 'A' },
      after: { name: 'B' },
    });
  });

  it('tells null from a value, and an array in another order from the same array', () => {
    expect(changes({ notes: 'x' }, { notes: null })).toEqual({ before: { notes: 'x' }, after: { notes: null } });
    expect(changes({ roles: ['a', 'b'] }, { roles: ['b', 'a'] })).toEqual({
      before: { roles: ['a', 'b'] },
      after: { roles: ['b', 'a'] },
    });
  });

  it('compares objects whatever their key order (jsonb returns its own), arrays in their order', () => {
    const stored = [{ id: 'c1', name: 'Effekt', weight: 60, description: null }];
    const sent = [{ id: 'c1', name: 'Effekt', description: null, weight: 60 }];
    expect(changes({ criteria: stored, title: 'A' }, { criteria: sent, title: 'B' })).toEqual({
      before: { title: 'A' },
      after: { title: 'B' },
    });
    expect(changes({ criteria: stored }, { criteria: [{ ...sent[0], weight: 40 }] })).toEqual({
      before: { criteria: stored },
      after: { criteria: [{ ...sent[0], weight: 40 }] },
    });
  });

  it('counts a key on one side only as a change (undefined on the other)', () => {
    expect(changes({ a: 1 }, { a: 1, b: 2 })).toEqual({ before: { b: undefined }, after: { b: 2 } });
    expect(changes({ a: 1, b: 2 }, { a: 1 })).toEqual({ before: { b: 2 }, after: { b: undefined } });
  });
});
