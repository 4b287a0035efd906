import { criteriaProblems, sameCriteria, weightSum } from './criteria';
import type { Criterion } from './criteria';

const c = (name: string, weight: number, id = name): Criterion => ({ id, name, description: null, weight });

describe('criteria', () => {
  it('sums the weights', () => {
    expect(weightSum([c('a', 40), c('b', 35), c('c', 25)])).toBe(100);
    expect(weightSum([])).toBe(0);
  });

  it.each([
    [[c('a', 100)]],
    [[c('a', 40), c('b', 35), c('c', 25)]],
    [Array.from({ length: 20 }, (_, i) => c(`k${i}`, 5))],
  ])('accepts integer weights 1–100 that sum to exactly 100 (%#)', (criteria) => {
    expect(criteriaProblems(criteria)).toEqual([]);
  });

  it.each([
    [[c('a', 40), c('b', 50)], 'criteria weights sum to 90; they must sum to exactly 100'],
    [[c('a', 60), c('b', 50)], 'criteria weights sum to 110; they must sum to exactly 100'],
    [[c('a', 99)], 'criteria weights sum to 99; they must sum to exactly 100'],
  ])('names the sum when the weights do not add up to 100 (%#)', (criteria, message) => {
    expect(criteriaProblems(criteria)).toEqual([{ field: 'criteria', message }]);
  });

  it('needs at least one criterion', () => {
    expect(criteriaProblems([])).toEqual([
      { field: 'criteria', message: 'criteria must contain at least one criterion' },
    ]);
  });

  it('allows at most 20 criteria', () => {
    const criteria = Array.from({ length: 21 }, (_, i) => c(`k${i}`, i === 0 ? 0 : 5));
    expect(criteriaProblems(criteria).map((p) => p.message)).toContain('criteria may contain at most 20 criteria');
  });

  it.each([0, 101, 2.5, -10, Number.NaN])('refuses weight %p, naming the criterion', (weight) => {
    const problems = criteriaProblems([c('a', 50), c('b', weight)]);
    expect(problems).toContainEqual({
      field: 'criteria.1.weight',
      message: `criteria.1.weight must be an integer from 1 to 100, got ${weight}`,
    });
  });

  it('refuses two criteria with the same name, whatever the case and spacing', () => {
    const problems = criteriaProblems([c('Effekt', 50), c(' effekt ', 50, 'x')]);
    expect(problems).toEqual([{ field: 'criteria', message: 'criteria names must be unique; repeated: effekt' }]);
  });

  it('reports every broken rule at once', () => {
    const problems = criteriaProblems([c('a', 0), c('a', 50)]);
    expect(problems.map((p) => p.field)).toEqual(['criteria.0.weight', 'criteria', 'criteria']);
  });

  describe('sameCriteria', () => {
    const base = [c('a', 60), c('b', 40)];
    it('is true for an identical list', () => {
      expect(
        sameCriteria(
          base,
          base.map((k) => ({ ...k })),
        ),
      ).toBe(true);
    });
    it.each([
      ['a weight', [c('a', 50), c('b', 40)]],
      ['a name', [{ ...c('a', 60), name: 'A' }, c('b', 40)]],
      ['a description', [{ ...c('a', 60), description: 'new' }, c('b', 40)]],
      ['an id', [c('a', 60, 'other'), c('b', 40)]],
      ['the order', [c('b', 40), c('a', 60)]],
      ['the length', [c('a', 60)]],
    ])('is false when %s differs', (_, other) => {
      expect(sameCriteria(base, other)).toBe(false);
    });
  });
});
