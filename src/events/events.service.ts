import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth.decorators';
import { hasRole } from '../common/access-policy';
import { isExclusionViolation } from '../common/database-errors';
import { Conflict, Forbidden, NotFound, RuleViolation } from '../common/errors';
import { decodeCursor, toPage } from '../common/pagination';
import { APP_CONFIG } from '../config/config';
import type { AppConfig } from '../config/config';
import { MailOutbox } from '../mail/mail-outbox';
import { NotificationsService } from '../notifications/notifications.service';
import {
  AttendanceDto,
  CreateEventDto,
  CreateRoomDto,
  EventDto,
  EventFiguresDto,
  EventPageDto,
  ListEventsQueryDto,
  ParticipantListDto,
  EventRegistrationInputDto,
  RegistrationDto,
  RoomDto,
  UpdateEventDto,
  UpdateRoomDto,
} from './dto/event.dto';
import { cancelledMail, changedMail, MailEvent, promotedMail, reminderMail } from './event-mails';
import {
  attendanceProblem,
  cancellationProblem,
  materialChanges,
  mayManage,
  mayOrganise,
  maySeeParticipants,
  nextStatus,
  pastTimeProblems,
  placeFor,
  promotions,
  publishProblem,
  registrationWindow,
  scheduleProblems,
  transition,
} from './event-rules';
import {
  calendarView,
  eventAudit,
  eventView,
  figuresView,
  participantsCsv,
  participantView,
  placeText,
  registrationView,
  roomView,
} from './event-views';
import { EventRow, EventsRepository, EventValues, RecipientRow } from './events.repository';
import { writeCalendar } from './ical';

const ROOM_RULE = 'events_room_no_overlap';
const STATUS_AUDIT = { publish: 'event.published', cancel: 'event.cancelled', complete: 'event.completed' } as const;

const mailEvent = (r: EventRow): MailEvent => ({
  id: r.id,
  title: r.title_sv,
  startsAt: r.starts_at,
  place: placeText(r),
});

@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventsRepository,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly mail: MailOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ── Rooms ─────────────────────────────────────────────────────────────────────────────────

  async rooms(): Promise<RoomDto[]> {
    return (await this.events.rooms(this.db.manager)).map(roomView);
  }

  createRoom(actor: AuthUser, dto: CreateRoomDto): Promise<RoomDto> {
    return this.db.transaction(async (manager) => {
      const room = await this.events
        .insertRoom(manager, dto.name, dto.capacity, dto.accessibilityNotes ?? null)
        .catch((error: unknown) => {
          if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') {
            throw new Conflict(`A room named "${dto.name}" already exists.`);
          }
          throw error;
        });
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'room.created',
        entityType: 'room',
        entityId: room.id,
        after: { name: room.name, capacity: room.capacity, accessibilityNotes: room.accessibility_notes },
      });
      return roomView(room);
    });
  }

  /** Admins rename a room, change its capacity (never below an upcoming event's in it) or its notes. */
  updateRoom(actor: AuthUser, id: string, dto: UpdateRoomDto): Promise<RoomDto> {
    return this.db.transaction(async (manager) => {
      const before = await this.events.room(manager, id, 'FOR UPDATE');
      if (!before) throw new NotFound('No such room.');
      const capacity = dto.capacity ?? before.capacity;
      const largest = await this.events.largestFutureCapacity(manager, id);
      if (capacity < largest) {
        throw RuleViolation.of([
          { field: 'capacity', message: `capacity may not go below ${largest}, the places of an upcoming event here` },
        ]);
      }
      const name = dto.name ?? before.name;
      const notes = dto.accessibilityNotes === undefined ? before.accessibility_notes : dto.accessibilityNotes;
      const after = await this.events.updateRoom(manager, id, name, capacity, notes).catch((error: unknown) => {
        if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') {
          throw new Conflict(`A room named "${name}" already exists.`, [
            { field: 'name', message: 'another room has this name' },
          ]);
        }
        throw error;
      });
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'room.updated',
        entityType: 'room',
        entityId: id,
        before: { name: before.name, capacity: before.capacity, accessibilityNotes: before.accessibility_notes },
        after: { name: after.name, capacity: after.capacity, accessibilityNotes: after.accessibility_notes },
      });
      return roomView(after);
    });
  }

  /**
   * Refused (409) while the room has bookings that have not ended; a room no event ever named is
   * deleted, one that past events name is retired (they keep their place; no new booking).
   */
  deleteRoom(actor: AuthUser, id: string): Promise<void> {
    return this.db.transaction(async (manager) => {
      // FOR UPDATE waits for, and then blocks, a booking being made in the room (which reads it FOR SHARE).
      const room = await this.events.room(manager, id, 'FOR UPDATE');
      if (!room) throw new NotFound('No such room.');
      const upcoming = await this.events.futureBookings(manager, id);
      if (upcoming > 0) {
        throw new Conflict(
          `The room "${room.name}" has ${upcoming} upcoming booking(s); move or cancel those events before deleting it.`,
        );
      }
      const how = await this.events.removeRoom(manager, id);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: how === 'deleted' ? 'room.deleted' : 'room.retired',
        entityType: 'room',
        entityId: id,
        before: { name: room.name, capacity: room.capacity },
      });
    });
  }

  // ── Reading ───────────────────────────────────────────────────────────────────────────────

  async list(caller: AuthUser | undefined, q: ListEventsQueryDto): Promise<EventPageDto> {
    const cursor = decodeCursor(q.cursor, ['timestamp', 'uuid']);
    const rows = await this.events.list(this.db.manager, caller, { ...q, cursor, limit: q.limit });
    const now = new Date();
    return toPage(
      rows,
      q.limit,
      (r) => [r.starts_key, r.id],
      (r) => eventView(r, caller, now),
    );
  }

  async get(caller: AuthUser | undefined, id: string): Promise<EventDto> {
    return eventView(await this.visible(this.db.manager, caller, id), caller);
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
      const before = await this.managed(manager, actor, id);
      this.allow(transition(before.status, 'edit', before.ends_at, new Date()));
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
      await this.tellPromoted(manager, actor, after, promoted);
      await this.tellChanged(manager, actor, before, after);
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
      const before = await this.managed(manager, actor, id);
      const now = new Date();
      this.allow(transition(before.status, action, before.ends_at, now));
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
      if (action === 'cancel') {
        const recipients = await this.events.recipients(manager, id);
        await this.notifications.notify(
          manager,
          { users: recipients.map((r) => r.user_id) },
          {
            kind: 'event.cancelled',
            entityType: 'event',
            entityId: id,
            message: `"${after.title_sv}" has been cancelled.`,
            data: { title: after.title_sv },
          },
          actor.id,
        );
        for (const r of recipients) {
          await this.mail.enqueue(manager, cancelledMail(r.email, mailEvent(after), this.config.publicUrl), {
            kind: 'user',
            id: actor.id,
          });
        }
      }
      return eventView(after, actor);
    });
  }

  // ── Registration ──────────────────────────────────────────────────────────────────────────

  /**
   * Under a lock of the event row, so that concurrent registrations are decided one at a time:
   * capacity is never exceeded and the waiting list is in arrival order.
   */
  register(actor: AuthUser, id: string, dto: EventRegistrationInputDto): Promise<RegistrationDto> {
    return this.db.transaction(async (manager) => {
      const event = await this.visible(manager, actor, id, true);
      this.allow(registrationWindow(this.schedule(event), new Date()));
      const organizationId = dto.organizationId ?? null;
      if (organizationId !== null && !(await this.events.isMember(manager, actor.id, organizationId))) {
        throw RuleViolation.of([
          { field: 'organizationId', message: 'you can register on behalf of your own organisations only' },
        ]);
      }
      if (await this.events.activeRegistration(manager, id, actor.id)) {
        throw new Conflict('You are already registered for this event (or on its waiting list).');
      }
      const status = placeFor(await this.events.registeredCount(manager, id), event.capacity);
      const registrationId = await this.events.insertRegistration(manager, {
        eventId: id,
        userId: actor.id,
        organizationId,
        needs: dto.needs ?? null,
        status,
      });
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'event.registered',
        entityType: 'event-registration',
        entityId: registrationId,
        // Needs are personal data for the organisers' eyes: the trail only says whether there were any.
        after: { eventId: id, status, organizationId, needs: dto.needs ? 'given' : null },
      });
      return registrationView((await this.events.registration(manager, registrationId))!);
    });
  }

  /** One's own registration, until the event starts; a freed place goes to the first in line (mailed). */
  cancelRegistration(actor: AuthUser, id: string): Promise<void> {
    return this.db.transaction(async (manager) => {
      const event = await this.visible(manager, actor, id, true);
      if (event.status !== 'published') {
        throw new Conflict(`Registrations of a ${event.status} event cannot be cancelled.`);
      }
      const mine = await this.events.activeRegistration(manager, id, actor.id);
      if (!mine) throw new NotFound('You have no registration for this event.');
      const problem = cancellationProblem(event.starts_at, new Date());
      if (problem) throw new RuleViolation(problem);
      await this.events.cancelRegistration(manager, mine.id);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'event.registration-cancelled',
        entityType: 'event-registration',
        entityId: mine.id,
        before: { status: mine.status },
        after: { status: 'cancelled' },
      });
      if (mine.status === 'registered') {
        const registered = event.registered_count - 1;
        const promoted = await this.events.promote(
          manager,
          id,
          promotions(registered, event.capacity, event.waiting_count),
        );
        await this.tellPromoted(manager, actor, event, promoted);
      }
    });
  }

  // ── Participants ──────────────────────────────────────────────────────────────────────────

  async participants(actor: AuthUser, id: string): Promise<ParticipantListDto> {
    const event = await this.visible(this.db.manager, actor, id);
    this.mayList(actor, event);
    return { items: (await this.events.participants(this.db.manager, id)).map(participantView) };
  }

  async participantsCsv(actor: AuthUser, id: string): Promise<string> {
    const event = await this.visible(this.db.manager, actor, id);
    this.mayList(actor, event);
    return participantsCsv(await this.events.participants(this.db.manager, id));
  }

  /** At the door: the organisers mark a registered participant present (or not). */
  markAttendance(actor: AuthUser, id: string, registrationId: string, dto: AttendanceDto): Promise<RegistrationDto> {
    return this.db.transaction(async (manager) => {
      const event = await this.managed(manager, actor, id);
      if (event.status !== 'published' && event.status !== 'completed') {
        throw new Conflict(`Attendance is marked at published or completed events (this one is ${event.status}).`);
      }
      const registration = await this.events.registration(manager, registrationId);
      if (!registration || registration.event_id !== id) throw new NotFound('No such registration at this event.');
      const outside = attendanceProblem(event.starts_at, event.ends_at, new Date());
      if (outside) throw new RuleViolation(outside);
      if (registration.status !== 'registered') {
        throw new RuleViolation(
          `Only registered participants can attend (this registration is ${registration.status}).`,
        );
      }
      await this.events.markAttendance(manager, registrationId, dto.attended);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'event.attendance-marked',
        entityType: 'event-registration',
        entityId: registrationId,
        after: { eventId: id, attended: dto.attended },
      });
      return registrationView((await this.events.registration(manager, registrationId))!);
    });
  }

  // ── Figures ───────────────────────────────────────────────────────────────────────────────

  /** For the pipeline: events held and attendance in the scope (the caller has settled who may see it). */
  async figures(departmentId: string | null, area: string | null): Promise<EventFiguresDto> {
    return figuresView(await this.events.figures(this.db.manager, departmentId, area));
  }

  // ── Reminders ─────────────────────────────────────────────────────────────────────────────

  /**
   * Mails the day-before reminders that are due. The rows are claimed (reminded_at) and the mails
   * queued in one transaction: a run that fails queues nothing and marks nothing; two instances
   * never claim the same person. Answers how many were sent.
   */
  sendDueReminders(): Promise<number> {
    return this.db.transaction(async (manager) => {
      const due = await this.events.claimDueReminders(manager);
      for (const r of due) {
        const event = { id: r.event_id, title: r.title_sv, startsAt: r.starts_at, place: placeText(r) };
        await this.mail.enqueue(
          manager,
          reminderMail(r.email, { ...event, onlineUrl: r.online_url }, this.config.publicUrl),
          // The platform's own job: not charged to the organiser's share of mail to this person.
          { kind: 'system', job: 'event-reminders' },
        );
      }
      return due.length;
    });
  }

  // ── Helpers ───────────────────────────────────────────────────────────────────────────────

  private async visible(manager: EntityManager, caller: AuthUser | undefined, id: string, lock = false) {
    const row = await this.events.findVisible(manager, caller, id, lock);
    if (!row) throw new NotFound('No such event.');
    return row;
  }

  /** The event, locked, for a change by its organisers: 404 when invisible, 403 when seen but not organised. */
  private async managed(manager: EntityManager, actor: AuthUser, id: string): Promise<EventRow> {
    const row = await this.visible(manager, actor, id, true);
    if (!mayManage(actor, row.department_id)) {
      throw new Forbidden(
        row.department_id === null
          ? "The innovation centre's own events are managed by directors and admins."
          : "Only the organising department's staff and admins manage this event.",
      );
    }
    return row;
  }

  private mayList(actor: AuthUser, event: EventRow): void {
    if (!maySeeParticipants(actor, event.department_id)) {
      throw new Forbidden(
        "Participant lists are for the organisers, the organising department's staff, directors and admins.",
      );
    }
  }

  private allow(outcome: ReturnType<typeof transition>): void {
    if (outcome.ok) return;
    throw outcome.status === 409 ? new Conflict(outcome.message) : new RuleViolation(outcome.message);
  }

  private schedule(r: EventRow) {
    return {
      status: r.status,
      registrationOpensAt: r.registration_opens_at,
      registrationClosesAt: r.registration_closes_at,
    };
  }

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
      // FOR SHARE: a room being deleted at this moment is waited for, and then not found.
      const room = await this.events.room(manager, v.roomId, 'FOR SHARE');
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

  /**
   * A published event moved in time or place: everyone registered or waiting is told in the app
   * and by mail (a new title or description troubles nobody).
   */
  private async tellChanged(manager: EntityManager, actor: AuthUser, before: EventRow, after: EventRow): Promise<void> {
    if (after.status !== 'published') return;
    const placeAndTime = (r: EventRow) => ({
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      placeKind: r.place_kind,
      roomId: r.room_id,
      address: r.address,
      onlineUrl: r.online_url,
    });
    const changes = materialChanges(placeAndTime(before), placeAndTime(after));
    if (changes.length === 0) return;
    const recipients = await this.events.recipients(manager, after.id);
    await this.notifications.notify(
      manager,
      { users: recipients.map((r) => r.user_id) },
      {
        kind: 'event.changed',
        entityType: 'event',
        entityId: after.id,
        message: `"${after.title_sv}" has changed (${changes.join(' and ')}).`,
        data: { title: after.title_sv },
      },
      actor.id,
    );
    for (const r of recipients) {
      await this.mail.enqueue(manager, changedMail(r.email, mailEvent(after), changes, this.config.publicUrl), {
        kind: 'user',
        id: actor.id,
      });
    }
  }

  private async tellPromoted(
    manager: EntityManager,
    actor: AuthUser,
    event: EventRow,
    promoted: readonly RecipientRow[],
  ): Promise<void> {
    if (promoted.length === 0) return;
    for (const p of promoted) {
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'event.registration-promoted',
        entityType: 'event-registration',
        entityId: p.registration_id,
        before: { status: 'waiting' },
        after: { status: 'registered', eventId: event.id },
      });
      await this.mail.enqueue(manager, promotedMail(p.email, mailEvent(event), this.config.publicUrl), {
        kind: 'user',
        id: actor.id,
      });
    }
    await this.notifications.notify(
      manager,
      { users: promoted.map((p) => p.user_id) },
      {
        kind: 'event.promoted',
        entityType: 'event',
        entityId: event.id,
        message: `A place became free: you are now registered for "${event.title_sv}".`,
        data: { title: event.title_sv },
      },
    );
  }
}
