import {
  addMonths,
  attendanceOpen,
  fromLocalInput,
  groupByDay,
  monthGrid,
  registrationAction,
  stockholmDay,
  toLocalInput,
} from '../web/src/events/calendar';
import { eventFormProblems, emptyEventForm } from '../web/src/events/event-form';

/** The web calendar's date rules (web/src/events/calendar.ts, event-form.ts): Stockholm time whatever the browser's. */
describe('the events calendar in Stockholm time', () => {
  it('reads and writes the form inputs as Stockholm clocks, across both DST changes', () => {
    expect(fromLocalInput('2027-01-15T13:00')).toBe('2027-01-15T12:00:00.000Z');
    expect(fromLocalInput('2027-07-15T13:00')).toBe('2027-07-15T11:00:00.000Z');
    expect(toLocalInput('2027-07-15T11:00:00.000Z')).toBe('2027-07-15T13:00');
    // 02:30 on the last Sunday of March never occurs: moved on by the hour skipped.
    expect(fromLocalInput('2027-03-28T02:30')).toBe('2027-03-28T01:30:00.000Z');
    // 02:30 on the last Sunday of October occurs twice: the first.
    expect(fromLocalInput('2027-10-31T02:30')).toBe('2027-10-31T00:30:00.000Z');
    expect(fromLocalInput('tomorrow')).toBeNull();
    expect(fromLocalInput('2027-13-01T10:00')).toBeNull();
  });

  it('puts an event on its Stockholm day, not the UTC one', () => {
    expect(stockholmDay('2027-03-01T23:30:00Z')).toBe('2027-03-02');
    const days = groupByDay([
      { id: 'b', startsAt: '2027-03-02T08:00:00Z' },
      { id: 'a', startsAt: '2027-03-01T23:30:00Z' },
      { id: 'c', startsAt: '2027-03-01T10:00:00Z' },
    ]);
    expect(days.map((d) => [d.day, d.events.map((e) => e.id)])).toEqual([
      ['2027-03-01', ['c']],
      ['2027-03-02', ['a', 'b']],
    ]);
  });

  it('lays a month out in Monday-first weeks', () => {
    // March 2027 starts on a Monday and has 31 days: five weeks, the last with three days.
    const march = monthGrid('2027-03');
    expect(march).toHaveLength(5);
    expect(march[0]?.[0]).toBe('2027-03-01');
    expect(march[4]?.filter(Boolean)).toEqual(['2027-03-29', '2027-03-30', '2027-03-31']);
    // February 2027 starts on a Monday: four weeks exactly.
    expect(monthGrid('2027-02')).toHaveLength(4);
    expect(monthGrid('2026-12')[0]?.slice(0, 2)).toEqual([null, '2026-12-01']);
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
  });

  it('offers register, the waiting list, or nothing', () => {
    expect(registrationAction({ registrationOpen: true, placesLeft: 2, myRegistration: null })).toBe('register');
    expect(registrationAction({ registrationOpen: true, placesLeft: 0, myRegistration: null })).toBe('wait');
    expect(registrationAction({ registrationOpen: true, placesLeft: 2, myRegistration: { id: 'x' } })).toBeNull();
    expect(registrationAction({ registrationOpen: false, placesLeft: 2, myRegistration: null })).toBeNull();
  });

  it('opens the door an hour before the start and closes it seven days after the end', () => {
    const event = { startsAt: '2027-03-01T12:00:00Z', endsAt: '2027-03-01T14:00:00Z' };
    expect(attendanceOpen(event, new Date('2027-03-01T10:59:00Z'))).toBe(false);
    expect(attendanceOpen(event, new Date('2027-03-01T11:00:00Z'))).toBe(true);
    expect(attendanceOpen(event, new Date('2027-03-08T14:00:00Z'))).toBe(true);
    expect(attendanceOpen(event, new Date('2027-03-08T14:01:00Z'))).toBe(false);
  });

  it('checks the event form early, each field its first problem', () => {
    const now = new Date('2027-03-01T10:00:00Z');
    expect(eventFormProblems(emptyEventForm, now, null)).toMatchObject({
      title: 'required',
      description: 'required',
      startsAt: 'required',
      endsAt: 'required',
      roomId: 'required',
      capacity: 'required',
    });
    const filled = {
      ...emptyEventForm,
      title: 'Workshop',
      description: 'Om trygghet.',
      startsAt: '2027-03-02T13:00',
      endsAt: '2027-03-02T12:00',
      roomId: 'r1',
      capacity: '30',
      registrationClosesAt: '2027-03-02T14:00',
    };
    expect(eventFormProblems(filled, now, 20)).toEqual({
      endsAt: 'endBeforeStart',
      registrationClosesAt: 'closesAfterStart',
      capacity: 'overRoom',
    });
    expect(eventFormProblems({ ...filled, startsAt: '2027-02-28T13:00' }, now, null).startsAt).toBe('past');
    expect(
      eventFormProblems({ ...filled, placeKind: 'online', onlineUrl: 'javascript:alert(1)' }, now, null).onlineUrl,
    ).toBe('notAUrl');
  });
});
