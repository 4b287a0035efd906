import {
  budgetProblem,
  consortiumProblem,
  isEditable,
  nextProposalStatus,
  PROPOSAL_ACTIONS,
  PROPOSAL_STATUSES,
  submissionProblems,
} from './proposal-state';
import type { ProposalAction, ProposalStatus } from './proposal-state';

const NOW = new Date('2027-03-01T12:00:00Z');

describe('proposal lifecycle', () => {
  const allowed: Record<ProposalAction, [ProposalStatus, ProposalStatus]> = {
    submit: ['draft', 'submitted'],
    withdraw: ['submitted', 'withdrawn'],
  };
  const combinations = PROPOSAL_STATUSES.flatMap((status) => PROPOSAL_ACTIONS.map((a) => [status, a] as const));

  it.each(combinations)('from %s, %s', (status, action) => {
    const [from, to] = allowed[action];
    expect(nextProposalStatus(status, action)).toBe(status === from ? to : null);
  });

  it('cannot be withdrawn once decided', () => {
    expect(nextProposalStatus('accepted', 'withdraw')).toBeNull();
    expect(nextProposalStatus('rejected', 'withdraw')).toBeNull();
  });

  it.each(PROPOSAL_STATUSES)('is editable only as a draft (%s)', (s) => {
    expect(isEditable(s)).toBe(s === 'draft');
  });
});

describe('budgetProblem', () => {
  it.each([
    [100, null, false],
    [100, 100, false],
    [0, 0, false],
    [101, 100, true],
  ])('requested %p against a budget of %p → refused: %p', (requested, budget, refused) => {
    const problem = budgetProblem(requested, budget);
    expect(problem !== null).toBe(refused);
    if (problem) expect(problem).toEqual({ field: 'requestedBudgetSek', message: expect.stringContaining('100 SEK') });
  });
});

describe('consortiumProblem', () => {
  it('refuses the lead as its own partner', () => {
    expect(consortiumProblem('a', ['b', 'a'])).toMatchObject({ field: 'partnerOrganizationIds' });
    expect(consortiumProblem('a', ['b', 'c'])).toBeNull();
    expect(consortiumProblem('a', [])).toBeNull();
  });
});

describe('submissionProblems', () => {
  const open = {
    challengeStatus: 'published',
    submissionDeadline: new Date('2027-03-02T00:00:00Z'),
    unconfirmedPartners: [],
  };

  it('accepts a published challenge before its deadline with every partner confirmed', () => {
    expect(submissionProblems(open, NOW)).toEqual([]);
  });

  it.each([
    ['at the deadline', NOW],
    ['a second after it', new Date(NOW.getTime() - 1000)],
  ])('refuses %s even while the challenge is still published', (_, submissionDeadline) => {
    expect(submissionProblems({ ...open, submissionDeadline }, NOW)).toEqual([
      { field: 'challenge', message: 'the submission deadline of the challenge has passed' },
    ]);
  });

  it.each(['draft', 'closed', 'archived'])('refuses a %s challenge', (challengeStatus) => {
    expect(submissionProblems({ ...open, challengeStatus }, NOW)).toEqual([
      { field: 'challenge', message: `the challenge is ${challengeStatus}, not published` },
    ]);
  });

  it('lists the unconfirmed partners by name', () => {
    const problems = submissionProblems(
      { ...open, unconfirmedPartners: ['Föreningen Äldrekraft', 'Lunds universitet'] },
      NOW,
    );
    expect(problems).toEqual([
      {
        field: 'partnerOrganizationIds',
        message: 'every partner organisation must confirm first; unconfirmed: Föreningen Äldrekraft, Lunds universitet',
      },
    ]);
  });
});
