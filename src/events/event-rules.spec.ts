import {
  attendanceProblem,
  cancellationProblem,
  materialChanges,
  pastTimeProblems,
  mayManage,
  maySeeParticipants,
  placeFor,
  promotions,
  publishProblem,
  registrationWindow,
  scheduleProblems,
  transition,
} from './event-rules';

const at = (iso: string) => new Date(iso);
const NOW = at('2027-03-01T10:00:00Z');

describe('event status transitions', () => {
  const later = at('2027-03-02T10:00:00Z');
  const earlier = at('2027-02-28T10:00:00Z');
  it.each([
    ['draft', 'publish', true],
    ['draft', 'cancel', true],
    ['draft', 'edit', true],
    ['draft', 'complete', false],
    ['published', 'publish', false],
    ['published', 'cancel', true],
    ['published', 'edit', true],
    ['cancelled', 'publish', false],
    ['cancelled', 'cancel', false],
    ['cancelled', 'edit', false],
    ['completed', 'cancel', false],
    ['completed', 'edit', false],
  ] as const)('%s → %s: %s', (status, action, allowed) => {
    expect(transition(status, action, later, NOW).ok).toBe(allowed);
  });

  it('completes a published event only once it has ended', () => {
    expect(transition('published', 'complete', later, NOW)).toMatchObject({ ok: false, status: 422 });
    expect(transition('published', 'complete', earlier, NOW)).toEqual({ ok: true });
  });

  it('final states are 409', () => {
    expect(transition('cancelled', 'publish', later, NOW)).toMatchObject({ ok: false, status: 409 });
  });

  it('publishes only what has not started', () => {
    expect(publishProblem(later, NOW)).toBeNull();
    expect(publishProblem(earlier, NOW)).toMatch(/already started/);
  });
});

describe('schedule rules', () => {
  const valid = {
    startsAt: at('2027-03-10T12:00:00Z'),
    endsAt: at('2027-03-10T14:00:00Z'),
    registrationOpensAt: at('2027-03-01T00:00:00Z'),
    registrationClosesAt: at('2027-03-10T12:00:00Z'),
    capacity: 40,
    roomCapacity: 40,
  };
  it('accepts a valid schedule (closing exactly at the start is allowed)', () => {
    expect(scheduleProblems(valid)).toEqual([]);
  });
  it('names every broken rule by its field', () => {
    const problems = scheduleProblems({
      ...valid,
      endsAt: valid.startsAt,
      registrationClosesAt: at('2027-03-10T12:00:01Z'),
      registrationOpensAt: at('2027-03-11T00:00:00Z'),
      capacity: 41,
    });
    expect(problems.map((p) => p.field)).toEqual(['endsAt', 'registrationClosesAt', 'registrationOpensAt', 'capacity']);
  });
  it('has no room limit outside a room', () => {
    expect(scheduleProblems({ ...valid, capacity: 5000, roomCapacity: null })).toEqual([]);
  });
});

describe('registration', () => {
  const e = {
    status: 'published' as const,
    registrationOpensAt: at('2027-02-01T00:00:00Z'),
    registrationClosesAt: at('2027-03-05T00:00:00Z'),
  };
  it('is open between opening and closing of a published event', () => {
    expect(registrationWindow(e, NOW)).toEqual({ ok: true });
    expect(registrationWindow(e, at('2027-01-31T23:59:59Z'))).toMatchObject({ ok: false, status: 422 });
    expect(registrationWindow(e, at('2027-03-05T00:00:00Z'))).toMatchObject({ ok: false, status: 422 });
    expect(registrationWindow({ ...e, status: 'draft' }, NOW)).toMatchObject({ ok: false, status: 409 });
    expect(registrationWindow({ ...e, status: 'cancelled' }, NOW)).toMatchObject({ ok: false, status: 409 });
  });
  it('gives a place within capacity and the waiting list above it', () => {
    expect(placeFor(0, 1)).toBe('registered');
    expect(placeFor(9, 10)).toBe('registered');
    expect(placeFor(10, 10)).toBe('waiting');
    expect(placeFor(11, 10)).toBe('waiting');
  });
  it('promotes as many as there are free places and people waiting', () => {
    expect(promotions(9, 10, 5)).toBe(1);
    expect(promotions(10, 10, 5)).toBe(0);
    expect(promotions(5, 10, 3)).toBe(3);
    expect(promotions(5, 10, 0)).toBe(0);
    expect(promotions(12, 10, 3)).toBe(0);
  });
  it('cancels one’s own registration until the event starts', () => {
    expect(cancellationProblem(at('2027-03-01T10:00:01Z'), NOW)).toBeNull();
    expect(cancellationProblem(NOW, NOW)).toMatch(/until the event starts/);
  });
});

describe('who organises and who sees participants', () => {
  const dept = 'd1';
  const staff = { roles: ['department'], departmentId: dept };
  const otherStaff = { roles: ['department'], departmentId: 'd2' };
  const director = { roles: ['director'], departmentId: null };
  const admin = { roles: ['admin'], departmentId: null };
  const partner = { roles: ['partner'], departmentId: null };
  it('department events: their staff and admins manage; directors read the participants', () => {
    expect([staff, otherStaff, director, admin, partner].map((c) => mayManage(c, dept))).toEqual([
      true,
      false,
      false,
      true,
      false,
    ]);
    expect([staff, otherStaff, director, admin, partner].map((c) => maySeeParticipants(c, dept))).toEqual([
      true,
      false,
      true,
      true,
      false,
    ]);
  });
  it('the innovation centre’s events: directors and admins', () => {
    expect([staff, director, admin, partner].map((c) => mayManage(c, null))).toEqual([false, true, true, false]);
    expect(maySeeParticipants(undefined, null)).toBe(false);
  });
});

describe('attendance window', () => {
  const start = at('2027-03-01T13:00:00Z');
  const end = at('2027-03-01T15:00:00Z');
  it.each([
    ['2027-03-01T11:59:00Z', false],
    ['2027-03-01T12:00:00Z', true],
    ['2027-03-01T14:00:00Z', true],
    ['2027-03-08T15:00:00Z', true],
    ['2027-03-08T15:01:00Z', false],
  ])('at %s open: %s', (now, open) => {
    expect(attendanceProblem(start, end, at(now)) === null).toBe(open);
  });
});

describe('times may not be set into the past', () => {
  const past = { startsAt: at('2027-02-28T10:00:00Z'), endsAt: at('2027-02-28T12:00:00Z') };
  const future = { startsAt: at('2027-03-02T10:00:00Z'), endsAt: at('2027-03-02T12:00:00Z') };
  it('a new event in the past: both fields named', () => {
    expect(pastTimeProblems(past, null, NOW).map((p) => p.field)).toEqual(['startsAt', 'endsAt']);
    expect(pastTimeProblems(future, null, NOW)).toEqual([]);
  });
  it('an unchanged past start is allowed (a running event), a changed one is not', () => {
    const running = { startsAt: at('2027-03-01T09:00:00Z'), endsAt: at('2027-03-01T12:00:00Z') };
    expect(pastTimeProblems(running, running, NOW)).toEqual([]);
    expect(pastTimeProblems({ ...running, startsAt: at('2027-03-01T08:00:00Z') }, running, NOW)).toHaveLength(1);
    expect(pastTimeProblems({ ...running, endsAt: at('2027-03-01T09:30:00Z') }, running, NOW)[0].field).toBe('endsAt');
  });
});

describe('changes that matter to participants', () => {
  const base = {
    startsAt: at('2027-03-02T10:00:00Z'),
    endsAt: at('2027-03-02T12:00:00Z'),
    placeKind: 'room' as const,
    roomId: 'r1',
    address: null,
    onlineUrl: null,
  };
  it('time, place, both or none', () => {
    expect(materialChanges(base, { ...base })).toEqual([]);
    expect(materialChanges(base, { ...base, endsAt: at('2027-03-02T13:00:00Z') })).toEqual(['time']);
    expect(materialChanges(base, { ...base, roomId: 'r2' })).toEqual(['place']);
    expect(
      materialChanges(base, {
        ...base,
        startsAt: at('2027-03-03T10:00:00Z'),
        placeKind: 'address',
        roomId: null,
        address: 'Drottninggatan 1',
      }),
    ).toEqual(['time', 'place']);
  });
});
