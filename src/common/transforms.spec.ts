import { decimalInteger } from './transforms';

describe('decimalInteger', () => {
  it.each([
    ['20', 20],
    ['1', 1],
    ['-3', -3],
    ['007', 7],
  ])('turns the decimal %p into %p', (raw, expected) => {
    expect(decimalInteger({ value: raw })).toBe(expected);
  });

  it.each(['0x10', '1e1', ' 5', '5 ', '', '1.5', '+5', 'NaN', 'Infinity', '1'.repeat(16)])(
    'leaves %p a string, for validation to refuse',
    (raw) => {
      expect(decimalInteger({ value: raw })).toBe(raw);
    },
  );

  it('passes a non-string through (an array from a repeated parameter)', () => {
    expect(decimalInteger({ value: ['1', '2'] })).toEqual(['1', '2']);
  });
});
