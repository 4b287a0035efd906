import {
  EMPTY,
  checklist,
  integer,
  isDirty,
  problems,
  readLocal,
  storageKey,
  timeLeft,
} from '../web/src/proposals/draft';

const filled = {
  ...EMPTY,
  leadOrganizationId: 'org',
  title: 'Fika för alla',
  summary: 'Kort.',
  description: 'Lång.',
  requestedBudgetSek: '250 000',
  durationMonths: '12',
};

describe('the proposal form rules (web/src/proposals/draft.ts)', () => {
  it('reads whole kronor with spaces, and nothing else', () => {
    expect(integer('250 000')).toBe(250000);
    expect(integer('250\u00a0000')).toBe(250000);
    expect(integer('2,5')).toBeNaN();
    expect(integer('')).toBeNaN();
  });

  it('finds every problem at once, the budget against the challenge cap', () => {
    expect(problems(filled, 500000)).toEqual({});
    expect(problems({ ...filled, requestedBudgetSek: '500001' }, 500000)).toEqual({
      requestedBudgetSek: { key: 'budgetOverCap', max: 500000 },
    });
    expect(problems({ ...filled, requestedBudgetSek: '500001' }, null)).toEqual({});
    expect(Object.keys(problems(EMPTY, null)).sort()).toEqual(
      ['description', 'durationMonths', 'leadOrganizationId', 'requestedBudgetSek', 'summary', 'title'].sort(),
    );
    expect(problems({ ...filled, trl: '10' }, null)).toEqual({ trl: { key: 'trlRange' } });
    expect(problems({ ...filled, durationMonths: '61' }, null)).toEqual({ durationMonths: { key: 'durationRange' } });
  });

  it('keeps the local copy per proposal or challenge, and only for the person who typed it', () => {
    expect(storageKey({ proposalId: 'p' })).not.toEqual(storageKey({ challengeId: 'p' }));
    const raw = JSON.stringify({ userId: 'u1', values: { ...filled, title: 'Ny' }, keptAt: '2026-01-01T00:00:00Z' });
    expect(readLocal(raw, 'u1')?.values.title).toBe('Ny');
    expect(readLocal(raw, 'u2')).toBeNull();
    expect(readLocal('{not json', 'u1')).toBeNull();
    expect(isDirty(filled, { ...filled })).toBe(false);
    expect(isDirty({ ...filled, trl: '3' }, filled)).toBe(true);
  });

  it("turns the API's 422 into a checklist, every item at once", () => {
    const items = checklist(
      [
        { field: 'challenge', message: 'the submission deadline of the challenge has passed' },
        { field: 'partnerOrganizationIds', message: 'every partner organisation must confirm first; unconfirmed: X' },
      ],
      { challengeStatus: 'published', unconfirmed: ['Alfa AB'] },
    );
    expect(items).toEqual([{ kind: 'deadlinePassed' }, { kind: 'unconfirmed', names: ['Alfa AB'] }]);
    expect(checklist([{ field: 'challenge', message: 'x' }], { challengeStatus: 'closed', unconfirmed: [] })).toEqual([
      { kind: 'challengeClosed' },
    ]);
  });

  it('counts the time left in days, hours and minutes, never below zero', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0);
    expect(timeLeft(new Date(now + (2 * 1440 + 3 * 60 + 4) * 60_000).toISOString(), now)).toEqual({
      days: 2,
      hours: 3,
      minutes: 4,
    });
    expect(timeLeft(new Date(now - 1).toISOString(), now)).toEqual({ days: 0, hours: 0, minutes: 0 });
  });
});
