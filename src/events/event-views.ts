import type { AuthUser } from '../common/auth.decorators';
import { hasRole } from '../common/access-policy';
import type { EventDto, EventFiguresDto, ParticipantDto, RegistrationDto, RoomDto } from './dto/event.dto';
import { EVENT_TIME_ZONE, mayManage } from './event-rules';
import type { EventRow, FigureRow, ParticipantRow, RegistrationRow, RoomRow } from './events.repository';
import type { CalendarEvent } from './ical';

/** `2027-03-01T13:00:00+01:00`: the instant as a clock in Europe/Stockholm shows it. */
export function stockholmTime(date: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: EVENT_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const local = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const offset = Math.round((local - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const sign = offset >= 0 ? '+' : '-';
  const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${sign}${hh}:${mm}`;
}

export const roomView = (r: RoomRow): RoomDto => ({
  id: r.id,
  name: r.name,
  capacity: r.capacity,
  accessibilityNotes: r.accessibility_notes,
});

/** What the audit trail keeps of a room. */
export const roomAudit = (r: RoomRow): Record<string, unknown> => ({
  name: r.name,
  capacity: r.capacity,
  accessibilityNotes: r.accessibility_notes,
});

/**
 * The event as `caller` may see it: the online link only for registered participants and the
 * organisers; a draft challenge's title only for those who see drafts; never participants' names.
 */
export function eventView(r: EventRow, caller: AuthUser | undefined, now = new Date()): EventDto {
  const manages = mayManage(caller, r.department_id);
  const seesLink = manages || r.my_status === 'registered';
  // A draft challenge is seen by its department's staff, directors and admins: here, by those who organise the event.
  const seesDraftChallenge = manages || hasRole(caller, 'admin', 'director');
  const attendanceShown = r.status === 'completed' || r.attended_count > 0;
  return {
    id: r.id,
    title: r.title_sv,
    titleEn: r.title_en,
    description: r.description_sv,
    descriptionEn: r.description_en,
    kind: r.kind,
    status: r.status,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    timeZone: EVENT_TIME_ZONE,
    startsAtLocal: stockholmTime(r.starts_at),
    endsAtLocal: stockholmTime(r.ends_at),
    place: {
      kind: r.place_kind,
      room:
        r.room_id === null
          ? null
          : {
              id: r.room_id,
              name: r.room_name ?? '',
              capacity: r.room_capacity ?? 0,
              accessibilityNotes: r.room_accessibility_notes,
            },
      address: r.address,
      onlineUrl: seesLink ? r.online_url : null,
    },
    capacity: r.capacity,
    registeredCount: r.registered_count,
    waitingCount: r.waiting_count,
    placesLeft: Math.max(0, r.capacity - r.registered_count),
    registrationOpensAt: r.registration_opens_at,
    registrationClosesAt: r.registration_closes_at,
    registrationOpen: r.status === 'published' && now >= r.registration_opens_at && now < r.registration_closes_at,
    challenge:
      r.challenge_id !== null && (!r.challenge_draft || seesDraftChallenge)
        ? { id: r.challenge_id, title: r.challenge_title ?? '' }
        : null,
    welfareArea: r.welfare_area,
    pilot: r.pilot_id === null ? null : { id: r.pilot_id, title: r.pilot_title ?? '' },
    organiser:
      r.department_id === null
        ? { kind: 'innovation_centre', department: null }
        : { kind: 'department', department: { id: r.department_id, name: r.department_name ?? '' } },
    version: r.version,
    sequence: r.sequence,
    myRegistration:
      r.my_id === null || r.my_status === null
        ? null
        : {
            id: r.my_id,
            status: r.my_status,
            waitingPosition: r.my_waiting_position,
            organizationId: r.my_organization_id,
          },
    canManage: manages,
    attendance: attendanceShown ? { attended: r.attended_count, organizations: r.attended_organizations } : null,
    createdAt: r.created_at,
  };
}

export const registrationView = (r: RegistrationRow): RegistrationDto => ({
  id: r.id,
  eventId: r.event_id,
  status: r.status,
  waitingPosition: r.waiting_position,
  organizationId: r.organization_id,
  createdAt: r.created_at,
});

export const participantView = (p: ParticipantRow): ParticipantDto => ({
  id: p.id,
  user: { id: p.user_id, name: p.user_name },
  email: p.email,
  organization: p.organization_id === null ? null : { id: p.organization_id, name: p.organization_name ?? '' },
  needs: p.needs,
  status: p.status,
  waitingPosition: p.waiting_position,
  attendedAt: p.attended_at,
  createdAt: p.created_at,
});

/** One CSV field (RFC 4180): quoted, quotes doubled; a leading =, +, - or @ is defused for spreadsheets. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The participant list as CSV for spreadsheets: UTF-8 with a BOM, CRLF line ends. */
export function participantsCsv(rows: readonly ParticipantRow[]): string {
  const header = ['name', 'email', 'organization', 'status', 'waiting_position', 'needs', 'attended', 'registered_at'];
  const lines = rows.map((p) =>
    [
      p.user_name,
      p.email,
      p.organization_name ?? '',
      p.status,
      p.waiting_position === null ? '' : String(p.waiting_position),
      p.needs ?? '',
      p.attended_at ? 'yes' : 'no',
      p.created_at.toISOString(),
    ]
      .map(csvField)
      .join(','),
  );
  return '\uFEFF' + [header.join(','), ...lines].join('\r\n') + '\r\n';
}

/** Where an event is, in words (for calendars and mails); never the online link. */
export function placeText(r: Pick<EventRow, 'place_kind' | 'room_name' | 'address'>): string {
  switch (r.place_kind) {
    case 'room':
      return `${r.room_name ?? ''}, Innovationscentrum Oceanhamnen, Helsingborg`;
    case 'address':
      return r.address ?? '';
    case 'online':
      return 'Online';
  }
}

/** The iCalendar form of a published, cancelled or completed event; the UID never changes. */
export function calendarView(r: EventRow, publicUrl: string): CalendarEvent {
  return {
    uid: `event-${r.id}@testbed.helsingborg.se`,
    sequence: r.sequence,
    status: r.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    start: r.starts_at,
    end: r.ends_at,
    stamp: r.updated_at,
    summary: r.title_sv,
    description: r.description_sv,
    location: placeText(r),
    url: `${publicUrl}/events/${r.id}`,
    categories: r.kind.toUpperCase(),
  };
}

/** What the audit trail keeps of an event: its fields, never participants. */
export function eventAudit(r: EventRow): Record<string, unknown> {
  return {
    title: r.title_sv,
    kind: r.kind,
    status: r.status,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    placeKind: r.place_kind,
    roomId: r.room_id,
    address: r.address,
    capacity: r.capacity,
    registrationOpensAt: r.registration_opens_at,
    registrationClosesAt: r.registration_closes_at,
    challengeId: r.challenge_id,
    pilotId: r.pilot_id,
    departmentId: r.department_id,
    version: r.version,
  };
}

const figure = (r: FigureRow | undefined) => ({
  held: r?.held ?? 0,
  participants: r?.participants ?? 0,
  people: r?.people ?? 0,
  organizations: r?.organizations ?? 0,
});

/** The grouping-sets rows as the pipeline shows them: the total, per kind, per welfare area. */
export function figuresView(rows: readonly FigureRow[]): EventFiguresDto {
  return {
    ...figure(rows.find((r) => r.grouping === 3)),
    byKind: rows.filter((r) => r.grouping === 1 && r.kind !== null).map((r) => ({ kind: r.kind!, ...figure(r) })),
    byArea: rows.filter((r) => r.grouping === 2).map((r) => ({ area: r.area, ...figure(r) })),
  };
}
