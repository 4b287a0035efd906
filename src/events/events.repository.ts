import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators';
import { hasRole } from '../common/access-policy';
import { createdAtKey } from '../common/pagination';
import { SqlFilter } from '../common/sql-filter';
import type { EventKind, EventStatus, PlaceAndTime, PlaceKind, RegistrationStatus } from './event-rules';

/** An event as the views read it: its columns, room, organiser, links, counts and the caller's registration. */
export interface EventRow {
  id: string;
  title_sv: string;
  title_en: string | null;
  description_sv: string;
  description_en: string | null;
  kind: EventKind;
  status: EventStatus;
  starts_at: Date;
  ends_at: Date;
  place_kind: PlaceKind;
  room_id: string | null;
  room_name: string | null;
  room_capacity: number | null;
  room_accessibility_notes: string | null;
  address: string | null;
  online_url: string | null;
  capacity: number;
  registration_opens_at: Date;
  registration_closes_at: Date;
  challenge_id: string | null;
  challenge_title: string | null;
  /** The linked challenge is a draft (its title is shown only to whoever may see drafts). */
  challenge_draft: boolean | null;
  pilot_id: string | null;
  pilot_title: string | null;
  department_id: string | null;
  department_name: string | null;
  /** The welfare area of the linked challenge, or of the linked pilot's challenge. */
  welfare_area: string | null;
  version: number;
  sequence: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  starts_key: string;
  registered_count: number;
  waiting_count: number;
  attended_count: number;
  attended_organizations: number;
  my_id: string | null;
  my_status: RegistrationStatus | null;
  my_organization_id: string | null;
  my_waiting_position: number | null;
}

export interface RoomRow {
  id: string;
  name: string;
  capacity: number;
  accessibility_notes: string | null;
}

export interface ParticipantRow {
  id: string;
  user_id: string;
  user_name: string;
  email: string;
  organization_id: string | null;
  organization_name: string | null;
  needs: string | null;
  status: RegistrationStatus;
  waiting_position: number | null;
  attended_at: Date | null;
  created_at: Date;
}

export interface RegistrationRow {
  id: string;
  event_id: string;
  user_id: string;
  organization_id: string | null;
  status: RegistrationStatus;
  waiting_position: number | null;
  created_at: Date;
}

/** A person to tell about an event (mail and in-app). */
export interface RecipientRow {
  registration_id: string;
  user_id: string;
  email: string;
  name: string;
}

export interface ReminderRow extends RecipientRow {
  event_id: string;
  title_sv: string;
  starts_at: Date;
  ends_at: Date;
  place_kind: PlaceKind;
  room_name: string | null;
  address: string | null;
  online_url: string | null;
  created_by: string;
}

/** The writable columns of an event: its place and time (event-rules.ts) and the rest. */
export interface EventValues extends PlaceAndTime {
  titleSv: string;
  titleEn: string | null;
  descriptionSv: string;
  descriptionEn: string | null;
  kind: EventKind;
  capacity: number;
  registrationOpensAt: Date;
  registrationClosesAt: Date;
  challengeId: string | null;
  pilotId: string | null;
}

export interface EventFilters {
  status?: EventStatus;
  kind?: EventKind;
  challengeId?: string;
  pilotId?: string;
  roomId?: string;
  /** The welfare area of the linked challenge (or of the linked pilot's challenge). */
  area?: string;
  from?: string;
  cursor?: string;
  limit: number;
}

/** `$1` is always the caller's id (or null). */
const SELECT_EVENT = `SELECT e.id, e.title_sv, e.title_en, e.description_sv, e.description_en, e.kind, e.status,
  e.starts_at, e.ends_at, e.place_kind, e.room_id, r.name AS room_name, r.capacity AS room_capacity,
  r.accessibility_notes AS room_accessibility_notes, e.address, e.online_url, e.capacity,
  e.registration_opens_at, e.registration_closes_at, e.challenge_id, c.title AS challenge_title,
  (c.status = 'draft') AS challenge_draft, e.pilot_id, pp.title AS pilot_title, e.department_id,
  d.name AS department_name, coalesce(c.welfare_area_code, pc.welfare_area_code) AS welfare_area, e.version, e.sequence, e.created_by, e.created_at, e.updated_at,
  ${createdAtKey('e', 'starts_at')} AS starts_key,
  counts.registered_count, counts.waiting_count, counts.attended_count, counts.attended_organizations,
  me.id AS my_id, me.status AS my_status, me.organization_id AS my_organization_id,
  CASE WHEN me.status = 'waiting' THEN (SELECT count(*)::int FROM event_registrations w
    WHERE w.event_id = e.id AND w.status = 'waiting' AND w.arrival <= me.arrival) END AS my_waiting_position
  FROM events e
  LEFT JOIN rooms r ON r.id = e.room_id
  LEFT JOIN departments d ON d.id = e.department_id
  LEFT JOIN challenges c ON c.id = e.challenge_id
  LEFT JOIN pilots pl ON pl.id = e.pilot_id
  LEFT JOIN proposals pp ON pp.id = pl.proposal_id
  LEFT JOIN challenges pc ON pc.id = pl.challenge_id
  CROSS JOIN LATERAL (SELECT
      count(*) FILTER (WHERE x.status = 'registered')::int AS registered_count,
      count(*) FILTER (WHERE x.status = 'waiting')::int AS waiting_count,
      count(*) FILTER (WHERE x.status = 'registered' AND x.attended_at IS NOT NULL)::int AS attended_count,
      count(DISTINCT x.organization_id) FILTER (WHERE x.status = 'registered' AND x.attended_at IS NOT NULL)::int
        AS attended_organizations
    FROM event_registrations x WHERE x.event_id = e.id) counts
  LEFT JOIN LATERAL (SELECT m.id, m.status, m.organization_id, m.arrival FROM event_registrations m
    WHERE m.event_id = e.id AND m.user_id = $1::uuid AND m.status <> 'cancelled') me ON TRUE`;

const SELECT_REGISTRATION = `SELECT g.id, g.event_id, g.user_id, g.organization_id, g.status, g.created_at,
  CASE WHEN g.status = 'waiting' THEN (SELECT count(*)::int FROM event_registrations w
    WHERE w.event_id = g.event_id AND w.status = 'waiting' AND w.arrival <= g.arrival) END AS waiting_position
  FROM event_registrations g`;

export interface FigureRow {
  kind: EventKind | null;
  area: string | null;
  /** GROUPING(kind, area): 3 the total, 1 per kind, 2 per area. */
  grouping: number;
  held: number;
  participants: number;
  people: number;
  organizations: number;
}

/** The feature's SQL. Every method takes the transaction's (or the data source's) EntityManager. */
@Injectable()
export class EventsRepository {
  /**
   * Who sees an event: everyone its published, cancelled and completed ones; drafts only their
   * organising department's staff, directors and admins (and, for the innovation centre's own
   * drafts, directors and admins). `next` is the number of the first free parameter.
   */
  visibleTo(caller: AuthUser | undefined, next: number): { sql: string; params: unknown[] } {
    if (hasRole(caller, 'admin', 'director')) return { sql: 'TRUE', params: [] };
    if (hasRole(caller, 'department') && caller?.departmentId) {
      return { sql: `(e.status <> 'draft' OR e.department_id = $${next}::uuid)`, params: [caller.departmentId] };
    }
    return { sql: `e.status <> 'draft'`, params: [] };
  }

  /** One event if the caller may see it; `lock` takes the event row FOR UPDATE (registrations, changes). */
  async findVisible(
    manager: EntityManager,
    caller: AuthUser | undefined,
    id: string,
    lock = false,
  ): Promise<EventRow | undefined> {
    if (lock) await manager.query(`SELECT 1 FROM events WHERE id = $1 FOR UPDATE`, [id]);
    const visible = this.visibleTo(caller, 3);
    const [row] = await manager.query<EventRow[]>(`${SELECT_EVENT} WHERE e.id = $2 AND ${visible.sql}`, [
      caller?.id ?? null,
      id,
      ...visible.params,
    ]);
    return row;
  }

  /** Soonest first: keyset over (starts_at, id); one statement whatever the page size. */
  async list(manager: EntityManager, caller: AuthUser | undefined, f: EventFilters): Promise<EventRow[]> {
    const visible = this.visibleTo(caller, 2);
    const filter = new SqlFilter({ sql: visible.sql, params: [caller?.id ?? null, ...visible.params] });
    if (f.status) filter.add('e.status = ?', f.status);
    if (f.kind) filter.add('e.kind = ?', f.kind);
    if (f.challengeId) filter.add('e.challenge_id = ?::uuid', f.challengeId);
    if (f.pilotId) filter.add('e.pilot_id = ?::uuid', f.pilotId);
    if (f.roomId) filter.add('e.room_id = ?::uuid', f.roomId);
    if (f.area) filter.add('coalesce(c.welfare_area_code, pc.welfare_area_code) = ?::text', f.area);
    if (f.from) filter.add('e.ends_at > ?::timestamptz', f.from);
    filter.after(f.cursor, 'e', 'starts_at', 'asc');
    const limit = filter.limit(f.limit);
    return manager.query<EventRow[]>(
      `${SELECT_EVENT} WHERE ${filter.where} ORDER BY e.starts_at, e.id LIMIT ${limit}`,
      filter.params,
    );
  }

  /** Published (and cancelled, so calendars drop them) events that have not ended: the iCalendar feed. */
  upcomingForCalendar(manager: EntityManager): Promise<EventRow[]> {
    return manager.query<EventRow[]>(
      `${SELECT_EVENT} WHERE e.status IN ('published', 'cancelled', 'completed') AND e.ends_at > now() - interval '30 days'
       ORDER BY e.starts_at, e.id LIMIT 1000`,
      [null],
    );
  }

  async insert(
    manager: EntityManager,
    v: EventValues,
    departmentId: string | null,
    createdBy: string,
  ): Promise<string> {
    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO events (title_sv, title_en, description_sv, description_en, kind, starts_at, ends_at, place_kind,
         room_id, address, online_url, capacity, registration_opens_at, registration_closes_at, challenge_id, pilot_id,
         department_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
      [...this.values(v), departmentId, createdBy],
    );
    return id;
  }

  /** Writes the values if the event is still at `version`; raises sequence when it is published. Says whether it did. */
  async update(manager: EntityManager, id: string, version: number, v: EventValues): Promise<boolean> {
    const [rows] = await manager.query<[{ id: string }[], number]>(
      `UPDATE events SET title_sv = $1, title_en = $2, description_sv = $3, description_en = $4, kind = $5,
         starts_at = $6, ends_at = $7, place_kind = $8, room_id = $9, address = $10, online_url = $11, capacity = $12,
         registration_opens_at = $13, registration_closes_at = $14, challenge_id = $15, pilot_id = $16,
         version = version + 1, sequence = sequence + CASE WHEN status = 'published' THEN 1 ELSE 0 END,
         updated_at = now()
       WHERE id = $17 AND version = $18 RETURNING id`,
      [...this.values(v), id, version],
    );
    return rows.length === 1;
  }

  /** A status change from `from` only (a conditional UPDATE: of concurrent changes one wins). */
  async setStatus(manager: EntityManager, id: string, from: EventStatus, to: EventStatus): Promise<boolean> {
    const [rows] = await manager.query<[{ id: string }[], number]>(
      `UPDATE events SET status = $3::varchar, version = version + 1,
         sequence = sequence + CASE WHEN status = 'published' THEN 1 ELSE 0 END,
         published_at = CASE WHEN $3::varchar = 'published' THEN now() ELSE published_at END,
         cancelled_at = CASE WHEN $3::varchar = 'cancelled' THEN now() ELSE cancelled_at END, updated_at = now()
       WHERE id = $1 AND status = $2::varchar RETURNING id`,
      [id, from, to],
    );
    return rows.length === 1;
  }

  private values(v: EventValues): unknown[] {
    return [
      v.titleSv,
      v.titleEn,
      v.descriptionSv,
      v.descriptionEn,
      v.kind,
      v.startsAt,
      v.endsAt,
      v.placeKind,
      v.roomId,
      v.address,
      v.onlineUrl,
      v.capacity,
      v.registrationOpensAt,
      v.registrationClosesAt,
      v.challengeId,
      v.pilotId,
    ];
  }

  /** A room that has not been retired (retired rooms keep their past events but take no new ones). */
  async room(
    manager: EntityManager,
    id: string,
    lock: '' | 'FOR SHARE' | 'FOR NO KEY UPDATE' | 'FOR UPDATE' = '',
  ): Promise<RoomRow | undefined> {
    const [row] = await manager.query<RoomRow[]>(
      `SELECT id, name, capacity, accessibility_notes FROM rooms WHERE id = $1 AND retired_at IS NULL ${lock}`,
      [id],
    );
    return row;
  }

  rooms(manager: EntityManager): Promise<RoomRow[]> {
    return manager.query<RoomRow[]>(
      `SELECT id, name, capacity, accessibility_notes FROM rooms WHERE retired_at IS NULL ORDER BY name, id`,
    );
  }

  async insertRoom(manager: EntityManager, name: string, capacity: number, notes: string | null): Promise<RoomRow> {
    const [row] = await manager.query<RoomRow[]>(
      `INSERT INTO rooms (name, capacity, accessibility_notes) VALUES ($1, $2, $3)
       RETURNING id, name, capacity, accessibility_notes`,
      [name, capacity, notes],
    );
    return row;
  }

  async updateRoom(
    manager: EntityManager,
    id: string,
    name: string,
    capacity: number,
    notes: string | null,
  ): Promise<RoomRow> {
    const [[row]] = await manager.query<[RoomRow[], number]>(
      `UPDATE rooms SET name = $2, capacity = $3, accessibility_notes = $4 WHERE id = $1
       RETURNING id, name, capacity, accessibility_notes`,
      [id, name, capacity, notes],
    );
    return row;
  }

  /** The room's largest capacity among its events that have not ended and are not cancelled (0 when none). */
  async largestFutureCapacity(manager: EntityManager, roomId: string): Promise<number> {
    const [row] = await manager.query<{ max: number | null }[]>(
      `SELECT max(capacity)::int AS max FROM events WHERE room_id = $1 AND status <> 'cancelled' AND ends_at > now()`,
      [roomId],
    );
    return row.max ?? 0;
  }

  /** How many bookings of the room have not ended (cancelled events free it). */
  async futureBookings(manager: EntityManager, roomId: string): Promise<number> {
    const [row] = await manager.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM events WHERE room_id = $1 AND status <> 'cancelled' AND ends_at > now()`,
      [roomId],
    );
    return row.count;
  }

  /**
   * Deletes the room when no event ever named it; otherwise retires it (its past events keep
   * their place, new ones cannot book it). Says which.
   */
  async removeRoom(manager: EntityManager, id: string): Promise<'deleted' | 'retired'> {
    const used = await manager.query<unknown[]>(`SELECT 1 FROM events WHERE room_id = $1 LIMIT 1`, [id]);
    if (used.length === 0) {
      await manager.query(`DELETE FROM rooms WHERE id = $1`, [id]);
      return 'deleted';
    }
    await manager.query(`UPDATE rooms SET retired_at = now() WHERE id = $1`, [id]);
    return 'retired';
  }

  async challengeExists(manager: EntityManager, id: string): Promise<boolean> {
    return (await manager.query<unknown[]>(`SELECT 1 FROM challenges WHERE id = $1`, [id])).length > 0;
  }

  async pilotExists(manager: EntityManager, id: string): Promise<boolean> {
    return (await manager.query<unknown[]>(`SELECT 1 FROM pilots WHERE id = $1`, [id])).length > 0;
  }

  async isMember(manager: EntityManager, userId: string, organizationId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM memberships WHERE user_id = $1 AND organization_id = $2`,
      [userId, organizationId],
    );
    return rows.length > 0;
  }

  /** The caller's active (registered or waiting) registration. */
  async activeRegistration(
    manager: EntityManager,
    eventId: string,
    userId: string,
  ): Promise<RegistrationRow | undefined> {
    const [row] = await manager.query<RegistrationRow[]>(
      `${SELECT_REGISTRATION} WHERE g.event_id = $1 AND g.user_id = $2 AND g.status <> 'cancelled'`,
      [eventId, userId],
    );
    return row;
  }

  async registration(manager: EntityManager, id: string): Promise<RegistrationRow | undefined> {
    const [row] = await manager.query<RegistrationRow[]>(`${SELECT_REGISTRATION} WHERE g.id = $1`, [id]);
    return row;
  }

  /** Registered places taken, read under the event's lock. */
  async registeredCount(manager: EntityManager, eventId: string): Promise<number> {
    const [{ n }] = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM event_registrations WHERE event_id = $1 AND status = 'registered'`,
      [eventId],
    );
    return n;
  }

  async insertRegistration(
    manager: EntityManager,
    r: {
      eventId: string;
      userId: string;
      organizationId: string | null;
      needs: string | null;
      status: RegistrationStatus;
    },
  ): Promise<string> {
    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO event_registrations (event_id, user_id, organization_id, needs, status)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [r.eventId, r.userId, r.organizationId, r.needs, r.status],
    );
    return id;
  }

  async cancelRegistration(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE event_registrations SET status = 'cancelled', cancelled_at = now() WHERE id = $1 AND status <> 'cancelled'`,
      [id],
    );
  }

  /** Moves the first `count` of the waiting list (arrival order) to registered; answers whom. */
  async promote(manager: EntityManager, eventId: string, count: number): Promise<RecipientRow[]> {
    if (count <= 0) return [];
    const [rows] = await manager.query<[RecipientRow[], number]>(
      `UPDATE event_registrations g SET status = 'registered', promoted_at = now()
       FROM users u
       WHERE g.id IN (SELECT id FROM event_registrations WHERE event_id = $1 AND status = 'waiting'
                      ORDER BY arrival LIMIT $2)
         AND u.id = g.user_id
       RETURNING g.id AS registration_id, g.user_id, u.email, u.name`,
      [eventId, count],
    );
    return rows;
  }

  /** Everyone registered or waiting, to tell about a cancellation or a change. */
  recipients(manager: EntityManager, eventId: string): Promise<RecipientRow[]> {
    return manager.query<RecipientRow[]>(
      `SELECT g.id AS registration_id, g.user_id, u.email, u.name FROM event_registrations g
       JOIN users u ON u.id = g.user_id
       WHERE g.event_id = $1 AND g.status <> 'cancelled' AND NOT u.disabled ORDER BY g.arrival`,
      [eventId],
    );
  }

  /** Registered first, then the waiting list in arrival order. */
  participants(manager: EntityManager, eventId: string): Promise<ParticipantRow[]> {
    return manager.query<ParticipantRow[]>(
      `SELECT g.id, g.user_id, u.name AS user_name, u.email, g.organization_id, o.name AS organization_name, g.needs,
              g.status, g.attended_at, g.created_at,
              CASE WHEN g.status = 'waiting'
                THEN row_number() OVER (PARTITION BY g.status ORDER BY g.arrival)::int END AS waiting_position
       FROM event_registrations g
       JOIN users u ON u.id = g.user_id
       LEFT JOIN organizations o ON o.id = g.organization_id
       WHERE g.event_id = $1 AND g.status <> 'cancelled'
       ORDER BY (g.status = 'waiting'), g.arrival`,
      [eventId],
    );
  }

  async markAttendance(manager: EntityManager, registrationId: string, attended: boolean): Promise<void> {
    await manager.query(
      `UPDATE event_registrations SET attended_at = CASE WHEN $2::boolean THEN coalesce(attended_at, now()) END WHERE id = $1`,
      [registrationId, attended],
    );
  }

  /**
   * Completed events and their attendance, in total, per kind and per welfare area (that of the
   * linked challenge, or of the linked pilot's challenge). `departmentId` null: the whole city
   * (the innovation centre's own events included); `area` null: every area.
   */
  figures(manager: EntityManager, departmentId: string | null, area: string | null): Promise<FigureRow[]> {
    return manager.query<FigureRow[]>(
      `WITH held AS (
         SELECT e.id, e.kind, coalesce(c.welfare_area_code, pc.welfare_area_code) AS area
         FROM events e
         LEFT JOIN challenges c ON c.id = e.challenge_id
         LEFT JOIN pilots pl ON pl.id = e.pilot_id
         LEFT JOIN challenges pc ON pc.id = pl.challenge_id
         WHERE e.status = 'completed' AND ($1::uuid IS NULL OR e.department_id = $1::uuid)
           AND ($2::text IS NULL OR coalesce(c.welfare_area_code, pc.welfare_area_code) = $2::text))
       SELECT h.kind, h.area, GROUPING(h.kind, h.area)::int AS grouping, count(DISTINCT h.id)::int AS held,
              count(g.id)::int AS participants, count(DISTINCT g.user_id)::int AS people,
              count(DISTINCT g.organization_id)::int AS organizations
       FROM held h
       LEFT JOIN event_registrations g ON g.event_id = h.id AND g.status = 'registered' AND g.attended_at IS NOT NULL
       GROUP BY GROUPING SETS ((), (h.kind), (h.area))
       ORDER BY 3 DESC, 1, 2`,
      [departmentId, area],
    );
  }

  /**
   * Claims the reminders that are due: registered people of published events starting within a
   * day who have not been reminded. The conditional UPDATE marks them in the caller's transaction:
   * a concurrent run (another instance) waits for these rows and then finds them reminded, so each
   * person is claimed, and mailed, exactly once.
   */
  async claimDueReminders(manager: EntityManager, limit = 500): Promise<ReminderRow[]> {
    const [rows] = await manager.query<[ReminderRow[], number]>(
      `UPDATE event_registrations g SET reminded_at = now()
       FROM events e, users u
       WHERE g.id IN (SELECT x.id FROM event_registrations x JOIN events ev ON ev.id = x.event_id
                      WHERE x.status = 'registered' AND x.reminded_at IS NULL AND ev.status = 'published'
                        AND ev.starts_at > now() AND ev.starts_at <= now() + interval '1 day'
                      ORDER BY x.arrival LIMIT $1 FOR UPDATE OF x SKIP LOCKED)
         AND g.reminded_at IS NULL AND e.id = g.event_id AND u.id = g.user_id
       RETURNING g.id AS registration_id, g.user_id, u.email, u.name, e.id AS event_id, e.title_sv, e.starts_at,
                 e.ends_at, e.place_kind, (SELECT name FROM rooms WHERE id = e.room_id) AS room_name, e.address,
                 e.online_url, e.created_by`,
      [limit],
    );
    return rows;
  }
}
