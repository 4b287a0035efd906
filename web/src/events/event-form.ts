import { fromLocalInput, toLocalInput } from './calendar';
import type { EventChanges, EventInput, EventItem, EventKind } from './hooks';

/** The event form's fields, as text (what the person typed stays as typed). */
export interface EventFormValues {
  title: string;
  titleEn: string;
  description: string;
  descriptionEn: string;
  kind: string;
  startsAt: string;
  endsAt: string;
  placeKind: string;
  roomId: string;
  address: string;
  onlineUrl: string;
  capacity: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
}
export type EventField = keyof EventFormValues;

/** The reasons a field is refused before sending; the page turns each into a sentence. */
export type EventProblem =
  | 'required'
  | 'tooShort'
  | 'notATime'
  | 'past'
  | 'endBeforeStart'
  | 'closesAfterStart'
  | 'opensAfterCloses'
  | 'notACapacity'
  | 'overRoom'
  | 'notAUrl';

export const emptyEventForm: EventFormValues = {
  title: '',
  titleEn: '',
  description: '',
  descriptionEn: '',
  kind: 'workshop',
  startsAt: '',
  endsAt: '',
  placeKind: 'room',
  roomId: '',
  address: '',
  onlineUrl: '',
  capacity: '',
  registrationOpensAt: '',
  registrationClosesAt: '',
};

/** The form as the event stands (times as Stockholm clocks show them). */
export function eventFormOf(event: EventItem): EventFormValues {
  return {
    title: event.title,
    titleEn: event.titleEn ?? '',
    description: event.description,
    descriptionEn: event.descriptionEn ?? '',
    kind: event.kind,
    startsAt: toLocalInput(event.startsAt),
    endsAt: toLocalInput(event.endsAt),
    placeKind: event.place.kind,
    roomId: event.place.room?.id ?? '',
    address: event.place.address ?? '',
    onlineUrl: event.place.onlineUrl ?? '',
    capacity: String(event.capacity),
    registrationOpensAt: toLocalInput(event.registrationOpensAt),
    registrationClosesAt: toLocalInput(event.registrationClosesAt),
  };
}

/**
 * The early checks (the API checks them all again): each field's first problem. `before` is the
 * form as the event stood, so an unchanged start of a running event is not called past.
 */
export function eventFormProblems(
  v: EventFormValues,
  now: Date,
  roomCapacity: number | null,
  before: EventFormValues | null = null,
): Partial<Record<EventField, EventProblem>> {
  const problems: Partial<Record<EventField, EventProblem>> = {};
  if (!v.title.trim()) problems.title = 'required';
  else if (v.title.trim().length < 3) problems.title = 'tooShort';
  if (v.titleEn.trim() && v.titleEn.trim().length < 3) problems.titleEn = 'tooShort';
  if (!v.description.trim()) problems.description = 'required';
  const time = (field: EventField, optional = false) => {
    const text = v[field].trim();
    if (!text) {
      if (!optional) problems[field] = 'required';
      return null;
    }
    const iso = fromLocalInput(text);
    if (!iso) problems[field] = 'notATime';
    return iso;
  };
  const start = time('startsAt');
  const end = time('endsAt');
  const opens = time('registrationOpensAt', true);
  const closes = time('registrationClosesAt', true);
  if (start && new Date(start) <= now && (!before || before.startsAt !== v.startsAt)) problems.startsAt = 'past';
  if (start && end && end <= start) problems.endsAt = 'endBeforeStart';
  if (start && closes && closes > start) problems.registrationClosesAt = 'closesAfterStart';
  if (opens && (closes ?? start) && opens >= (closes ?? start)!) problems.registrationOpensAt = 'opensAfterCloses';
  if (v.placeKind === 'room' && !v.roomId) problems.roomId = 'required';
  if (v.placeKind === 'address' && !v.address.trim()) problems.address = 'required';
  else if (v.placeKind === 'address' && v.address.trim().length < 3) problems.address = 'tooShort';
  if (v.placeKind === 'online' && !/^https?:\/\/\S+\.\S+/.test(v.onlineUrl.trim())) {
    problems.onlineUrl = v.onlineUrl.trim() ? 'notAUrl' : 'required';
  }
  const capacity = Number(v.capacity);
  if (!v.capacity.trim()) problems.capacity = 'required';
  else if (!/^\d+$/.test(v.capacity.trim()) || capacity < 1 || capacity > 10_000) problems.capacity = 'notACapacity';
  else if (v.placeKind === 'room' && roomCapacity !== null && capacity > roomCapacity) problems.capacity = 'overRoom';
  return problems;
}

/** The new event the form describes (registration opens now and closes at the start unless given). */
export function eventInputOf(v: EventFormValues, now: Date): EventInput {
  const startsAt = fromLocalInput(v.startsAt)!;
  return {
    title: v.title.trim(),
    titleEn: v.titleEn.trim() || undefined,
    description: v.description.trim(),
    descriptionEn: v.descriptionEn.trim() || undefined,
    kind: v.kind as EventKind,
    startsAt,
    endsAt: fromLocalInput(v.endsAt)!,
    placeKind: v.placeKind as EventInput['placeKind'],
    roomId: v.placeKind === 'room' ? v.roomId : undefined,
    address: v.placeKind === 'address' ? v.address.trim() : undefined,
    onlineUrl: v.placeKind === 'online' ? v.onlineUrl.trim() : undefined,
    capacity: Number(v.capacity),
    registrationOpensAt: fromLocalInput(v.registrationOpensAt) ?? new Date(now.getTime() - 60_000).toISOString(),
    registrationClosesAt: fromLocalInput(v.registrationClosesAt) ?? startsAt,
  };
}

/** Only what changed, with the version the form was made from (the API refuses a stale one). */
export function eventChangesOf(before: EventFormValues, v: EventFormValues, version: number, now: Date): EventChanges {
  const next = eventInputOf(v, now);
  const old = eventInputOf(before, now);
  const changes: Record<string, unknown> = { version };
  for (const key of Object.keys(next) as (keyof EventInput)[]) {
    if (next[key] !== old[key]) changes[key] = next[key] ?? null;
  }
  // The place is sent whole when any part of it changed (the API checks it as one).
  if (['placeKind', 'roomId', 'address', 'onlineUrl'].some((key) => key in changes)) {
    changes.placeKind = next.placeKind;
    if (next.placeKind === 'room') changes.roomId = next.roomId;
    if (next.placeKind === 'address') changes.address = next.address;
    if (next.placeKind === 'online') changes.onlineUrl = next.onlineUrl;
  }
  for (const key of ['titleEn', 'descriptionEn'] as const) if (key in changes && !next[key]) changes[key] = null;
  return changes as unknown as EventChanges;
}
