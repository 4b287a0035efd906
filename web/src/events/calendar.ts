/**
 * The events calendar's date arithmetic, as pure functions. Every day and time is the one a clock
 * in Europe/Stockholm shows (the innovation centre's), whatever the browser's own time zone.
 */

export const TIME_ZONE = 'Europe/Stockholm';

const parts = (date: Date): Record<string, string> =>
  Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );

/** `2027-03-01`: the day in Stockholm on which the instant falls. */
export function stockholmDay(iso: string | Date): string {
  const p = parts(new Date(iso));
  return `${p.year}-${p.month}-${p.day}`;
}

/** `2027-03-01T13:00`: the instant as a `datetime-local` input shows it, in Stockholm time. */
export function toLocalInput(iso: string): string {
  const p = parts(new Date(iso));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * The instant that a Stockholm wall clock reading `2027-03-01T13:00` names, as ISO 8601 UTC. In
 * the autumn hour that occurs twice the first is taken; a spring time that never occurs moves on
 * by the hour skipped. Null when the text is not a date and time.
 */
export function fromLocalInput(local: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0] = match.slice(1).map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(wall) || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  // Stockholm is UTC+1 or UTC+2: try both offsets and keep one whose clock shows the wall time.
  for (const offsetHours of [2, 1]) {
    const candidate = new Date(wall - offsetHours * 3_600_000);
    if (toLocalInput(candidate.toISOString()) === local) return candidate.toISOString();
  }
  return new Date(wall - 3_600_000).toISOString();
}

/** `2027-03`: the month a Stockholm day belongs to. */
export const monthOf = (day: string): string => day.slice(0, 7);

/** The month before or after `month` (`2027-03`, ±1). */
export function addMonths(month: string, delta: number): string {
  const [year = 0, m = 1] = month.split('-').map(Number);
  const date = new Date(Date.UTC(year, m - 1 + delta, 1));
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Whether the text is a month (`2027-03`). */
export const isMonth = (text: string | null): text is string => !!text && /^\d{4}-(0[1-9]|1[0-2])$/.test(text);

/**
 * The month as weeks of seven days, Monday first (as Swedish calendars are): each cell a day
 * (`2027-03-01`), or null for the days of the neighbouring months.
 */
export function monthGrid(month: string): (string | null)[][] {
  const [year = 0, m = 1] = month.split('-').map(Number);
  const first = new Date(Date.UTC(year, m - 1, 1));
  const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: (string | null)[] = [
    ...Array<null>(lead).fill(null),
    ...Array.from({ length: days }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`),
  ];
  while (cells.length % 7 !== 0) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, week) => cells.slice(week * 7, week * 7 + 7));
}

/** The first instant of a Stockholm month, for the API's `from` (events that end after it). */
export const monthStart = (month: string): string => fromLocalInput(`${month}-01T00:00`) ?? `${month}-01T00:00:00Z`;

/** Events grouped by the Stockholm day they start on, days in order, each day's events in order. */
export function groupByDay<E extends { startsAt: string }>(events: readonly E[]): { day: string; events: E[] }[] {
  const days = new Map<string, E[]>();
  for (const event of [...events].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const day = stockholmDay(event.startsAt);
    days.set(day, [...(days.get(day) ?? []), event]);
  }
  return [...days.entries()].map(([day, list]) => ({ day, events: list }));
}

/** What the event page offers the signed-in person: register, join the waiting list, or nothing. */
export function registrationAction(event: {
  registrationOpen: boolean;
  placesLeft: number;
  myRegistration: unknown;
}): 'register' | 'wait' | null {
  if (!event.registrationOpen || event.myRegistration) return null;
  return event.placesLeft > 0 ? 'register' : 'wait';
}

/** Attendance is marked from an hour before the start until seven days after the end (the API's rule). */
export function attendanceOpen(event: { startsAt: string; endsAt: string }, now: Date): boolean {
  const start = new Date(event.startsAt).getTime() - 3_600_000;
  const end = new Date(event.endsAt).getTime() + 7 * 86_400_000;
  return now.getTime() >= start && now.getTime() <= end;
}
