import { acceptanceProblems, declarationProblem, reviewRefusal, scoreProblems } from './review-rules';
import type { Score } from './review-rules';

const s = (criterionId: string, score = 3): Score => ({ criterionId, score, comment: null });
const CRITERIA = ['a', 'b', 'c'];

describe('scoreProblems', () => {
  it('lets a draft be partial', () => {
    expect(scoreProblems(CRITERIA, [s('a')], false)).toEqual([]);
    expect(scoreProblems(CRITERIA, [], false)).toEqual([]);
  });

  it('needs exactly one score per criterion to submit, naming the missing ones', () => {
    expect(scoreProblems(CRITERIA, [s('a'), s('b'), s('c')], true)).toEqual([]);
    expect(scoreProblems(CRITERIA, [s('b')], true)).toEqual([
      { field: 'scores', message: 'to submit, every criterion needs a score; missing: a, c' },
    ]);
  });

  it('refuses foreign and repeated criteria, draft or not', () => {
    for (const submit of [false, true]) {
      expect(scoreProblems(CRITERIA, [s('a'), s('b'), s('c'), s('x')], submit)).toEqual([
        { field: 'scores', message: 'scores name criteria the challenge does not have: x' },
      ]);
      expect(scoreProblems(CRITERIA, [s('a'), s('a', 5), s('b'), s('c')], submit)).toEqual([
        { field: 'scores', message: 'scores name a criterion more than once: a' },
      ]);
    }
  });
});

describe('reviewRefusal', () => {
  it('allows a review only after declaring no conflict', () => {
    expect(reviewRefusal({ status: 'assigned', conflict: false })).toBeNull();
    expect(reviewRefusal({ status: 'assigned', conflict: null })).toMatchObject({ kind: 'rule' });
  });
  it('refuses an evaluator the conflict-of-interest rule finds conflicted, whatever they declared (422)', () => {
    expect(reviewRefusal({ status: 'assigned', conflict: false }, 'Conflict of interest: …')).toEqual({
      kind: 'rule',
      message: 'Conflict of interest: …',
    });
  });
  it('refuses a recused evaluator (422) and a submitted review (409)', () => {
    expect(reviewRefusal({ status: 'recused', conflict: true })).toMatchObject({ kind: 'rule' });
    expect(reviewRefusal({ status: 'submitted', conflict: false })).toMatchObject({ kind: 'conflict' });
  });
});

describe('declarationProblem', () => {
  it.each([
    [true, undefined, true],
    [true, '   ', true],
    [true, 'Jag sitter i styrelsen för leadorganisationen.', false],
    [false, undefined, false],
  ])('conflict %p with reason %p → refused: %p', (conflict, reason, refused) => {
    expect(declarationProblem(conflict, reason) !== null).toBe(refused);
  });
});

describe('acceptanceProblems', () => {
  it('needs a submitted review and nobody still assigned', () => {
    expect(acceptanceProblems(1, [])).toEqual([]);
    expect(acceptanceProblems(0, []).map((p) => p.message)).toEqual(['accepting needs at least one submitted review']);
    expect(acceptanceProblems(2, ['Anna', 'Bo']).map((p) => p.message)).toEqual([
      'accepting needs every assigned evaluator to submit or recuse; pending: Anna, Bo',
    ]);
  });
  it('names the reviews left out for a conflict of interest when they were all there was', () => {
    expect(acceptanceProblems(0, [], ['Sam is a member of X']).map((p) => p.message)).toEqual([
      'accepting needs at least one submitted review free of conflicts of interest; left out: Sam is a member of X',
    ]);
    expect(acceptanceProblems(1, [], ['Sam is a member of X'])).toEqual([]);
  });
});
