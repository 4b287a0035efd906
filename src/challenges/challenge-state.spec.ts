import {
  effectiveStatus,
  acceptsProposals,
  aChallengeIn,
  CHALLENGE_ACTIONS,
  CHALLENGE_STATUSES,
  editRefusal,
  isDueForClosing,
  nextStatus,
  publishProblems,
} from './challenge-state';
import type { ChallengeAction, ChallengeStatus, EditableField, EditContext } from './challenge-state';
import type { Criterion } from './criteria';

const NOW = new Date('2027-03-01T12:00:00Z');
const LATER = new Date('2027-04-01T12:00:00Z');
const EARLIER = new Date('2027-02-01T12:00:00Z');
const VALID: Criterion[] = [
  { id: 'a', name: 'Effekt', description: null, weight: 60 },
  { id: 'b', name: 'Genomförbarhet', description: null, weight: 40 },
];

describe('challenge lifecycle', () => {
  const allowed: Record<ChallengeAction, [ChallengeStatus, ChallengeStatus]> = {
    publish: ['draft', 'published'],
    close: ['published', 'closed'],
    archive: ['closed', 'archived'],
  };
  const combinations = CHALLENGE_STATUSES.flatMap((status) =>
    CHALLENGE_ACTIONS.map((action) => [status, action] as const),
  );

  it.each(combinations)('from %s, %s', (status, action) => {
    const [from, to] = allowed[action];
    expect(nextStatus(status, action)).toBe(status === from ? to : null);
  });

  it('has exactly three transitions: draft → published → closed → archived', () => {
    expect(combinations.filter(([s, a]) => nextStatus(s, a) !== null)).toHaveLength(3);
  });

  it('words statuses for messages', () => {
    expect(aChallengeIn('archived')).toBe('An archived challenge');
    expect(aChallengeIn('draft')).toBe('A draft challenge');
  });
});

describe('publishProblems', () => {
  it('accepts a future deadline and valid criteria', () => {
    expect(publishProblems({ submissionDeadline: LATER, criteria: VALID }, NOW)).toEqual([]);
  });

  it.each([
    [null, 'submissionDeadline is required to publish'],
    [EARLIER, 'submissionDeadline must be in the future to publish'],
    [NOW, 'submissionDeadline must be in the future to publish'],
  ])('refuses deadline %p', (submissionDeadline, message) => {
    expect(publishProblems({ submissionDeadline, criteria: VALID }, NOW)).toEqual([
      { field: 'submissionDeadline', message },
    ]);
  });

  it('refuses incomplete criteria, naming the sum, together with a deadline problem', () => {
    const problems = publishProblems({ submissionDeadline: null, criteria: [VALID[0]] }, NOW);
    expect(problems.map((p) => p.field)).toEqual(['submissionDeadline', 'criteria']);
    expect(problems[1].message).toContain('sum to 60');
  });
});

describe('deadline', () => {
  it.each(CHALLENGE_STATUSES)('accepts proposals only while published and before the deadline (%s)', (status) => {
    expect(acceptsProposals({ status, submissionDeadline: LATER }, NOW)).toBe(status === 'published');
    expect(acceptsProposals({ status, submissionDeadline: NOW }, NOW)).toBe(false);
    expect(acceptsProposals({ status, submissionDeadline: EARLIER }, NOW)).toBe(false);
    expect(acceptsProposals({ status, submissionDeadline: null }, NOW)).toBe(false);
  });

  it.each(CHALLENGE_STATUSES)('is due for closing only when published with a passed deadline (%s)', (status) => {
    expect(isDueForClosing({ status, submissionDeadline: EARLIER }, NOW)).toBe(status === 'published');
    expect(isDueForClosing({ status, submissionDeadline: NOW }, NOW)).toBe(status === 'published');
    expect(isDueForClosing({ status, submissionDeadline: LATER }, NOW)).toBe(false);
  });

  it.each(CHALLENGE_STATUSES)('makes a challenge closed for every rule from its deadline on (%s)', (status) => {
    expect(effectiveStatus({ status, submissionDeadline: LATER }, NOW)).toBe(status);
    expect(effectiveStatus({ status, submissionDeadline: NOW }, NOW)).toBe(status === 'published' ? 'closed' : status);
    expect(effectiveStatus({ status, submissionDeadline: EARLIER }, NOW)).toBe(
      status === 'published' ? 'closed' : status,
    );
  });
});

describe('editRefusal', () => {
  const context = (status: ChallengeStatus, criteriaLocked = false): EditContext => ({
    status,
    submissionDeadline: LATER,
    criteriaLocked,
  });
  const change = (...changed: EditableField[]) => ({ changed });

  it.each(['title', 'welfareArea', 'budgetSek', 'blindReview', 'criteria', 'submissionDeadline'] as const)(
    'a draft may change %s',
    (field) => {
      expect(
        editRefusal(context('draft'), { changed: [field], submissionDeadline: null, criteria: [] }, NOW),
      ).toBeNull();
    },
  );

  it.each(['title', 'summary', 'description', 'expectedEffects', 'testbedSite', 'tags', 'sdgs'] as const)(
    'a published challenge may change %s',
    (field) => {
      expect(editRefusal(context('published'), change(field), NOW)).toBeNull();
    },
  );

  it.each(['welfareArea', 'budgetSek', 'blindReview'] as const)('a published challenge keeps %s (409)', (field) => {
    expect(editRefusal(context('published'), change('title', field), NOW)).toEqual({
      kind: 'conflict',
      field,
      message: `${field} cannot change once the challenge is published.`,
    });
  });

  describe('the deadline of a published challenge', () => {
    it('may move later', () => {
      const later = new Date(LATER.getTime() + 86_400_000);
      expect(
        editRefusal(context('published'), { changed: ['submissionDeadline'], submissionDeadline: later }, NOW),
      ).toBeNull();
    });
    it.each([
      ['earlier', EARLIER, 'submissionDeadline of a published challenge may only move later.'],
      ['the same', LATER, 'submissionDeadline of a published challenge may only move later.'],
      ['cleared', null, 'submissionDeadline is required for a published challenge.'],
    ])('may not move %s (422)', (_, submissionDeadline, message) => {
      expect(editRefusal(context('published'), { changed: ['submissionDeadline'], submissionDeadline }, NOW)).toEqual({
        kind: 'rule',
        field: 'submissionDeadline',
        message,
      });
    });
    it('may not move once passed, not even later (issue 15 hole 4: the challenge is closed for every rule)', () => {
      const past: EditContext = {
        status: 'published',
        submissionDeadline: new Date('2027-01-01T00:00:00Z'),
        criteriaLocked: false,
      };
      for (const submissionDeadline of [EARLIER, LATER]) {
        expect(editRefusal(past, { changed: ['submissionDeadline'], submissionDeadline }, NOW)).toMatchObject({
          kind: 'rule',
          field: 'submissionDeadline',
          message: expect.stringContaining('The submission deadline has passed'),
        });
      }
      const atDeadline: EditContext = { ...past, submissionDeadline: NOW };
      expect(
        editRefusal(atDeadline, { changed: ['submissionDeadline'], submissionDeadline: LATER }, NOW),
      ).toMatchObject({ kind: 'rule', field: 'submissionDeadline' });
    });
    it('once passed, nothing else changes either (422 naming the field); an empty edit is no change', () => {
      const past: EditContext = { status: 'published', submissionDeadline: EARLIER, criteriaLocked: false };
      expect(editRefusal(past, change('title'), NOW)).toMatchObject({ kind: 'rule', field: 'title' });
      expect(editRefusal(past, change(), NOW)).toBeNull();
    });
  });

  it('a published challenge keeps valid criteria (422 naming the sum)', () => {
    const refusal = editRefusal(context('published'), { changed: ['criteria'], criteria: [VALID[0]] }, NOW);
    expect(refusal).toMatchObject({ kind: 'rule', field: 'criteria' });
    expect(refusal?.message).toContain('sum to 60');
    expect(editRefusal(context('published'), { changed: ['criteria'], criteria: VALID }, NOW)).toBeNull();
  });

  it.each(['draft', 'published'] as const)('locked criteria cannot change (%s, 409), other fields can', (status) => {
    expect(editRefusal(context(status, true), { changed: ['criteria'], criteria: VALID }, NOW)).toMatchObject({
      kind: 'conflict',
      field: 'criteria',
    });
    expect(editRefusal(context(status, true), change('title'), NOW)).toBeNull();
  });

  it.each(['closed', 'archived'] as const)('a %s challenge cannot change at all (409)', (status) => {
    expect(editRefusal(context(status), change('title'), NOW)).toEqual({
      kind: 'conflict',
      field: null,
      message: `${aChallengeIn(status)} cannot be edited.`,
    });
    expect(editRefusal(context(status), change(), NOW)).toBeNull();
  });
});
