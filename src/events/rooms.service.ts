import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth.decorators';
import { isUniqueViolation } from '../common/database-errors';
import { Conflict, NotFound, RuleViolation } from '../common/errors';
import { CreateRoomDto, RoomDto, UpdateRoomDto } from './dto/event.dto';
import { roomAudit, roomView } from './event-views';
import { EventsRepository } from './events.repository';

/** The rooms of the innovation centre: anyone reads them, admins add, change and remove them. */
@Injectable()
export class RoomsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventsRepository,
    private readonly audit: AuditService,
  ) {}

  async rooms(): Promise<RoomDto[]> {
    return (await this.events.rooms(this.db.manager)).map(roomView);
  }

  createRoom(actor: AuthUser, dto: CreateRoomDto): Promise<RoomDto> {
    return this.db.transaction(async (manager) => {
      const room = await this.events
        .insertRoom(manager, dto.name, dto.capacity, dto.accessibilityNotes ?? null)
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) throw new Conflict(`A room named "${dto.name}" already exists.`);
          throw error;
        });
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'room.created',
        entityType: 'room',
        entityId: room.id,
        after: roomAudit(room),
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
        if (isUniqueViolation(error)) {
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
        before: roomAudit(before),
        after: roomAudit(after),
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
      // FOR UPDATE waits for, and then blocks, a booking being made in the room (which locks it too).
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
}
