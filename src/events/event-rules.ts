/**
 * The rules of the innovation centre's events, as plain functions (no Nest, no TypeORM): the
 * status machine, the registration window, the capacity / waiting-list decision, and who may
 * manage an event or see its participants.
 */

export const EVENT_KINDS = ['lecture', 'workshop', 'meeting', 'matchmaking', 'demo_day'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_STATUSES = ['draft', 'published', 'cancelled', 'completed'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const PLACE_KINDS = ['room', 'address', 'online'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const REGISTRATION_STATUSES = ['registered', 'waiting', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** The time zone the centre's events are shown in. */
export const EVENT_TIME_ZONE = 'Europe/Stockholm';

export type EventAction = 'publish' | 'cancel' | 'complete' | 'edit';

export type Outcome = { ok: true } | { ok: false; status: 409 | 422; message: string };
const ok: Outcome = { ok: true };
const refuse = (status: 409 | 422, message: string): Outcome => ({ ok: false, status, message });

/**
 * draft → published (publish), draft | published → cancelled (cancel), published → completed
 * (complete, once it has ended); drafts and published events may be edited. Cancelled and
 * completed events are final.
 */
export function transition(status: EventStatus, action: EventAction, endsAt: Date, now: Date): Outcome {
  switch (status) {
    case 'draft':
      if (action === 'complete') return refuse(409, 'A draft event cannot be completed; publish it first.');
      return ok;
    case 'published':
      if (action === 'publish') return refuse(409, 'The event is already published.');
      if (action === 'complete' && endsAt > now)
        return refuse(422, 'An event can be completed only once it has ended.');
      return ok;
    case 'cancelled':
      return refuse(409, 'The event is cancelled; nothing more can change.');
    case 'completed':
      return refuse(409, 'The event is completed; nothing more can change.');
  }
}

export const nextStatus = (action: Exclude<EventAction, 'edit'>): EventStatus =>
  ({ publish: 'published', cancel: 'cancelled', complete: 'completed' })[action] as EventStatus;

export interface Schedule {
  startsAt: Date;
  endsAt: Date;
  registrationOpensAt: Date;
  registrationClosesAt: Date;
  capacity: number;
  /** The room's capacity, when the event is in a room. */
  roomCapacity: number | null;
}

/** Every broken rule of a schedule, each under its field (422). */
export function scheduleProblems(s: Schedule): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (s.endsAt <= s.startsAt) problems.push({ field: 'endsAt', message: 'endsAt must be after startsAt' });
  if (s.registrationClosesAt > s.startsAt) {
    problems.push({ field: 'registrationClosesAt', message: 'registration must close no later than the event starts' });
  }
  if (s.registrationOpensAt >= s.registrationClosesAt) {
    problems.push({ field: 'registrationOpensAt', message: 'registration must open before it closes' });
  }
  if (s.roomCapacity !== null && s.capacity > s.roomCapacity) {
    problems.push({ field: 'capacity', message: `capacity may not exceed the room's capacity of ${s.roomCapacity}` });
  }
  return problems;
}

/** Publishing needs an event that has not started yet. */
export function publishProblem(startsAt: Date, now: Date): string | null {
  return startsAt <= now ? 'An event that has already started cannot be published.' : null;
}

/** Registration is open to a published event between its opening and closing times. */
export function registrationWindow(
  e: { status: EventStatus; registrationOpensAt: Date; registrationClosesAt: Date },
  now: Date,
): Outcome {
  if (e.status !== 'published')
    return refuse(409, `Registration is only possible for a published event (this one is ${e.status}).`);
  if (now < e.registrationOpensAt) return refuse(422, 'Registration has not opened yet.');
  if (now >= e.registrationClosesAt) return refuse(422, 'Registration has closed.');
  return ok;
}

/** Within capacity a new registration gets a place; above it, it joins the waiting list. */
export const placeFor = (registered: number, capacity: number): 'registered' | 'waiting' =>
  registered < capacity ? 'registered' : 'waiting';

/** How many of the waiting list move up when places free (a cancellation, or more capacity). */
export const promotions = (registered: number, capacity: number, waiting: number): number =>
  Math.max(0, Math.min(waiting, capacity - registered));

/** One's own registration may be cancelled until the event starts. */
export function cancellationProblem(startsAt: Date, now: Date): string | null {
  return now >= startsAt ? 'A registration can be cancelled only until the event starts.' : null;
}

export interface Caller {
  roles: readonly string[];
  departmentId: string | null;
}

/**
 * Who organises: the organising department's staff (department events) and admins; an event of
 * the innovation centre itself (no department) is organised by the innovation directors and admins.
 */
export function mayManage(caller: Caller | undefined, departmentId: string | null): boolean {
  if (!caller) return false;
  if (caller.roles.includes('admin')) return true;
  if (departmentId === null) return caller.roles.includes('director');
  return caller.roles.includes('department') && caller.departmentId === departmentId;
}

/** May create an event for this organiser (the same people who manage it). */
export const mayOrganise = mayManage;

/**
 * Participant lists (names, organisations, needs): the organisers, the organising department's
 * staff, directors (who read everything) and admins; never the public or other participants.
 */
export function maySeeParticipants(caller: Caller | undefined, departmentId: string | null): boolean {
  return !!caller && (caller.roles.includes('director') || mayManage(caller, departmentId));
}

/** Attendance is marked at the door from this long before the start… */
export const ATTENDANCE_OPENS_BEFORE_START_MS = 60 * 60_000;
/** …until this long after the end (a paper list typed in the next days). */
export const ATTENDANCE_CLOSES_AFTER_END_MS = 7 * 24 * 3_600_000;

/** Attendance may be marked from an hour before the start until seven days after the end. */
export function attendanceProblem(startsAt: Date, endsAt: Date, now: Date): string | null {
  if (now.getTime() < startsAt.getTime() - ATTENDANCE_OPENS_BEFORE_START_MS) {
    return 'Attendance can be marked from one hour before the event starts.';
  }
  if (now.getTime() > endsAt.getTime() + ATTENDANCE_CLOSES_AFTER_END_MS) {
    return 'Attendance can be marked until seven days after the event ends.';
  }
  return null;
}

/**
 * A start or end that is set or changed may not lie in the past (an unchanged one may: a running
 * event's description can still be edited). Each problem under its field (422).
 */
export function pastTimeProblems(
  next: { startsAt: Date; endsAt: Date },
  before: { startsAt: Date; endsAt: Date } | null,
  now: Date,
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const changed = (key: 'startsAt' | 'endsAt') => !before || before[key].getTime() !== next[key].getTime();
  if (changed('startsAt') && next.startsAt <= now) {
    problems.push({ field: 'startsAt', message: 'startsAt may not be in the past' });
  }
  if (changed('endsAt') && next.endsAt <= now) {
    problems.push({ field: 'endsAt', message: 'endsAt may not be in the past' });
  }
  return problems;
}

export interface PlaceAndTime {
  startsAt: Date;
  endsAt: Date;
  placeKind: PlaceKind;
  roomId: string | null;
  address: string | null;
  onlineUrl: string | null;
}

/** What changed that matters to people who plan to come: the time, the place, or both. */
export function materialChanges(before: PlaceAndTime, after: PlaceAndTime): ('time' | 'place')[] {
  const changes: ('time' | 'place')[] = [];
  if (before.startsAt.getTime() !== after.startsAt.getTime() || before.endsAt.getTime() !== after.endsAt.getTime()) {
    changes.push('time');
  }
  if (
    before.placeKind !== after.placeKind ||
    before.roomId !== after.roomId ||
    before.address !== after.address ||
    before.onlineUrl !== after.onlineUrl
  ) {
    changes.push('place');
  }
  return changes;
}
