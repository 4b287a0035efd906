import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth.decorators';
import { Conflict, NotFound, RuleViolation } from '../common/errors';
import { AttendanceDto, EventRegistrationInputDto, ParticipantListDto, RegistrationDto } from './dto/event.dto';
import { allow, assertMaySeeParticipants, managedEvent, visibleEvent } from './event-access';
import { EventNotices } from './event-notices';
import { attendanceProblem, cancellationProblem, placeFor, promotions, registrationWindow } from './event-rules';
import { participantsCsv, participantView, registrationView } from './event-views';
import { EventsRepository } from './events.repository';

/** Who comes to an event: registering, the waiting list, cancelling, the participant list and attendance. */
@Injectable()
export class EventRegistrationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventsRepository,
    private readonly audit: AuditService,
    private readonly notices: EventNotices,
  ) {}

  /**
   * Under a lock of the event row, so that concurrent registrations are decided one at a time:
   * capacity is never exceeded and the waiting list is in arrival order.
   */
  register(actor: AuthUser, id: string, dto: EventRegistrationInputDto): Promise<RegistrationDto> {
    return this.db.transaction(async (manager) => {
      const event = await visibleEvent(this.events, manager, actor, id, true);
      allow(
        registrationWindow(
          {
            status: event.status,
            registrationOpensAt: event.registration_opens_at,
            registrationClosesAt: event.registration_closes_at,
          },
          new Date(),
        ),
      );
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
      const event = await visibleEvent(this.events, manager, actor, id, true);
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
        await this.notices.promoted(manager, actor, event, promoted);
      }
    });
  }

  async participants(actor: AuthUser, id: string): Promise<ParticipantListDto> {
    const event = await visibleEvent(this.events, this.db.manager, actor, id);
    assertMaySeeParticipants(actor, event);
    return { items: (await this.events.participants(this.db.manager, id)).map(participantView) };
  }

  async participantsCsv(actor: AuthUser, id: string): Promise<string> {
    const event = await visibleEvent(this.events, this.db.manager, actor, id);
    assertMaySeeParticipants(actor, event);
    return participantsCsv(await this.events.participants(this.db.manager, id));
  }

  /** At the door: the organisers mark a registered participant present (or not). */
  markAttendance(actor: AuthUser, id: string, registrationId: string, dto: AttendanceDto): Promise<RegistrationDto> {
    return this.db.transaction(async (manager) => {
      const event = await managedEvent(this.events, manager, actor, id);
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
}
