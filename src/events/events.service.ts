import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth.decorators';
import { hasRole } from '../common/access-policy';
import { isExclusionViolation } from '../common/database-errors';
import { Conflict, Forbidden, NotFound, RuleViolation } from '../common/errors';
import { toPage } from '../common/pagination';
import { APP_CONFIG } from '../config/config';
import type { AppConfig } from '../config/config';
import {
  CreateEventDto,
  EventDto,
  EventFiguresDto,
  EventPageDto,
  ListEventsQueryDto,
  UpdateEventDto,
} from './dto/event.dto';
import { allow, managedEvent, visibleEvent } from './event-access';
import { EventNotices } from './event-notices';
import {
  mayOrganise,
  nextStatus,
  pastTimeProblems,
  promotions,
  publishProblem,
  scheduleProblems,
  transition,
} from './event-rules';
import { calendarView, eventAudit, eventView, figuresView } from './event-views';
import { EventsRepository, EventValues } from './events.repository';
import { writeCalendar } from './ical';

const ROOM_RULE = 'events_room_no_overlap';
const STATUS_AUDIT = { publish: 'event.published', cancel: 'event.cancelled', complete: 'event.completed' } as const;

/**
 * The event workflow: reading and the calendars, creating and editing (the schedule rules and the
 * room rule), publishing, cancelling and completing. Rooms (RoomsService), registrations and
 * attendance (EventRegistrationsService), what people are told (EventNotices) and the reminder
 * job (EventReminders) are units of their own.
 */
@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventsRepository,
    private readonly audit: AuditService,
    private readonly notices: EventNotices,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ── Reading ───────────────────────────────────────────────────────────────────────────────

  async list(caller: AuthUser | undefined, q: ListEventsQueryDto): Promise<EventPageDto> {
    const rows = await this.events.list(this.db.manager, caller, q);
    const now = new Date();
    return toPage(
      rows,
      q.limit,
      (r) => [r.starts_key, r.id],
      (r) => eventView(r, caller, now),
    );
  }

  async get(caller: AuthUser | undefined, id: string): Promise<EventDto> {
    return eventView(await visibleEvent(this.events, this.db.manager, caller, id), caller);
  }

  /** One published (or cancelled, or completed) event as an iCalendar document. */
  async calendarOf(id: string): Promise<string> {
    const row = await this.events.findVisible(this.db.manager, undefined, id);
    if (!row) throw new NotFound('No such event.');
    return writeCalendar(row.title_sv, [calendarView(row, this.config.publicUrl)]);
  }

  /** Every event that has not ended (and those that ended in the last 30 days), to subscribe to. */
  async calendarFeed(): Promise<string> {
    const rows = await this.events.upcomingForCalendar(this.db.manager);
    return writeCalendar(
      'Innovationscentrum Oceanhamnen',
      rows.map((r) => calendarView(r, this.config.publicUrl)),
    );
  }

  // ── Organising ────────────────────────────────────────────────────────────────────────────

  create(actor: AuthUser, dto: CreateEventDto): Promise<EventDto> {
    const departmentId =
      dto.departmentId !== undefined
        ? dto.departmentId
        : hasRole(actor, 'admin', 'director')
          ? null
          : actor.departmentId;
    if (!mayOrganise(actor, departmentId)) {
      throw new Forbidden(
        departmentId === null
          ? "The innovation centre's own events are organised by directors and admins."
          : 'Department staff organise events for their own department only.',
      );
    }
    return this.db.transaction(async (manager) => {
      const values: EventValues = {
        titleSv: dto.title,
        titleEn: dto.titleEn ?? null,
        descriptionSv: dto.description,
        descriptionEn: dto.descriptionEn ?? null,
        kind: dto.kind,
        startsAt: new Date(dto.startsAt),
        endsAt: new Date(dto.endsAt),
        placeKind: dto.placeKind,
        roomId: dto.placeKind === 'room' ? (dto.roomId ?? null) : null,
        address: dto.placeKind === 'address' ? (dto.address ?? null) : null,
        onlineUrl: dto.placeKind === 'online' ? (dto.onlineUrl ?? null) : null,
        capacity: dto.capacity,
        registrationOpensAt: new Date(dto.registrationOpensAt),
        registrationClosesAt: new Date(dto.registrationClosesAt),
        challengeId: dto.challengeId ?? null,
        pilotId: dto.pilotId ?? null,
      };
      const roomName = await this.checkValues(manager, values, null);
      const id = await this.withRoomRule(roomName, () => this.events.insert(manager, values, departmentId, actor.id));
      const row = (await this.events.findVisible(manager, actor, id))!;
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'event.created',
        entityType: 'event',
        entityId: id,
        after: eventAudit(row),
      });
      return eventView(row, actor);
    });
  }

  update(actor: AuthUser, id: string, dto: UpdateEventDto): Promise<EventDto> {
    return this.db.transaction(async (manager) => {
      const before = await managedEvent(this.events, manager, actor, id);
      allow(transition(before.status, 'edit', before.ends_at, new Date()));
      if (dto.version !== before.version) {
        throw new Conflict(`The event has changed (version ${dto.version} is stale); reload it.`);
      }
      const placeKind = dto.placeKind ?? before.place_kind;
      const pick = <T>(value: T | undefined, current: T): T => (value === undefined ? current : value);
      const values: EventValues = {
        titleSv: pick(dto.title, before.title_sv),
        titleEn: pick(dto.titleEn, before.title_en),
        descriptionSv: pick(dto.description, before.description_sv),
        descriptionEn: pick(dto.descriptionEn, before.description_en),
        kind: pick(dto.kind, before.kind),
        startsAt: dto.startsAt ? new Date(dto.startsAt) : before.starts_at,
        endsAt: dto.endsAt ? new Date(dto.endsAt) : before.ends_at,
        placeKind,
        roomId: placeKind === 'room' ? pick(dto.roomId, before.room_id) : null,
        address: placeKind === 'address' ? pick(dto.address, before.address) : null,
        onlineUrl: placeKind === 'online' ? pick(dto.onlineUrl, before.online_url) : null,
        capacity: pick(dto.capacity, before.capacity),
        registrationOpensAt: dto.registrationOpensAt ? new Date(dto.registrationOpensAt) : before.registration_opens_at,
        registrationClosesAt: dto.registrationClosesAt
          ? new Date(dto.registrationClosesAt)
          : before.registration_closes_at,
        challengeId: pick(dto.challengeId, before.challenge_id),
        pilotId: pick(dto.pilotId, before.pilot_id),
      };
      const roomName = await this.checkValues(manager, values, { startsAt: before.starts_at, endsAt: before.ends_at });
      if (values.capacity < before.registered_count) {
        throw RuleViolation.of([
          {
            field: 'capacity',
            message: `capacity may not go below the ${before.registered_count} people already registered`,
          },
        ]);
      }
      const updated = await this.withRoomRule(roomName, () => this.events.update(manager, id, dto.version, values));
      if (!updated) throw new Conflict('The event has changed; reload it.');
      // More places: the waiting list moves up, in order.
      const promoted = await this.events.promote(
        manager,
        id,
        promotions(before.registered_count, values.capacity, before.waiting_count),
      );
      const after = (await this.events.findVisible(manager, actor, id))!;
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'event.updated',
        entityType: 'event',
        entityId: id,
        before: eventAudit(before),
        after: eventAudit(after),
      });
      await this.notices.promoted(manager, actor, after, promoted);
      await this.notices.changed(manager, actor, before, after);
      return eventView(after, actor);
    });
  }

  publish(actor: AuthUser, id: string): Promise<EventDto> {
    return this.changeStatus(actor, id, 'publish');
  }

  complete(actor: AuthUser, id: string): Promise<EventDto> {
    return this.changeStatus(actor, id, 'complete');
  }

  /** Everyone registered or waiting is told in the app and by mail, in the same transaction. */
  cancel(actor: AuthUser, id: string): Promise<EventDto> {
    return this.changeStatus(actor, id, 'cancel');
  }

  private changeStatus(actor: AuthUser, id: string, action: 'publish' | 'cancel' | 'complete'): Promise<EventDto> {
    return this.db.transaction(async (manager) => {
      const before = await managedEvent(this.events, manager, actor, id);
      const now = new Date();
      allow(transition(before.status, action, before.ends_at, now));
      if (action === 'publish') {
        const problem = publishProblem(before.starts_at, now);
        if (problem) throw new RuleViolation(problem);
      }
      const to = nextStatus(action);
      if (!(await this.events.setStatus(manager, id, before.status, to))) {
        throw new Conflict('The event has changed; reload it.');
      }
      const after = (await this.events.findVisible(manager, actor, id))!;
      await this.audit.record(manager, {
        actorId: actor.id,
        action: STATUS_AUDIT[action],
        entityType: 'event',
        entityId: id,
        before: { status: before.status },
        after: { status: to },
      });
      if (action === 'cancel') await this.notices.cancelled(manager, actor, after);
      return eventView(after, actor);
    });
  }

  // ── Figures ───────────────────────────────────────────────────────────────────────────────

  /** For the pipeline: events held and attendance in the scope (the caller has settled who may see it). */
  async figures(departmentId: string | null, area: string | null): Promise<EventFiguresDto> {
    return figuresView(await this.events.figures(this.db.manager, departmentId, area));
  }

  // ── Helpers ───────────────────────────────────────────────────────────────────────────────

  /** The rules a new or edited event must meet, and its links must exist (422 naming each). */
  private async checkValues(
    manager: EntityManager,
    v: EventValues,
    before: { startsAt: Date; endsAt: Date } | null,
  ): Promise<string | null> {
    const problems: { field: string; message: string }[] = [];
    let roomCapacity: number | null = null;
    let roomName: string | null = null;
    if (v.roomId !== null) {
      // Locked: a room being deleted at this moment is waited for, and then not found; and two
      // bookings of one room queue here, so the second sees the first's event and the exclusion
      // constraint refuses it by name. Inserting both at once would deadlock in the constraint's
      // check (40P01: a 409 that cannot name the room).
      const room = await this.events.room(manager, v.roomId, 'FOR NO KEY UPDATE');
      if (!room) problems.push({ field: 'roomId', message: 'roomId names no room of the innovation centre' });
      else [roomCapacity, roomName] = [room.capacity, room.name];
    }
    if (v.placeKind === 'room' && v.roomId === null)
      problems.push({ field: 'roomId', message: 'a room event needs roomId' });
    if (v.placeKind === 'address' && v.address === null) {
      problems.push({ field: 'address', message: 'an event at another address needs address' });
    }
    if (v.placeKind === 'online' && v.onlineUrl === null) {
      problems.push({ field: 'onlineUrl', message: 'an online event needs onlineUrl' });
    }
    problems.push(...pastTimeProblems(v, before, new Date()));
    problems.push(...scheduleProblems({ ...v, roomCapacity }));
    if (v.challengeId !== null && !(await this.events.challengeExists(manager, v.challengeId))) {
      problems.push({ field: 'challengeId', message: 'challengeId names no challenge' });
    }
    if (v.pilotId !== null && !(await this.events.pilotExists(manager, v.pilotId))) {
      problems.push({ field: 'pilotId', message: 'pilotId names no pilot' });
    }
    if (problems.length > 0) throw RuleViolation.of(problems);
    return roomName;
  }

  /** The room rule is the database's: its exclusion violation becomes a 409 that names the room. */
  private async withRoomRule<T>(roomName: string | null, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isExclusionViolation(error, ROOM_RULE)) {
        throw new Conflict(
          `The room ${roomName ? `"${roomName}" ` : ''}is already booked at an overlapping time: a room of the innovation centre is never double-booked (cancel or move the other event first).`,
          [{ field: 'roomId', message: 'the room is booked at an overlapping time' }],
        );
      }
      throw error;
    }
  }
}
