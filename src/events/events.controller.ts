import { Body, Controller, Delete, Get, Header, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, OptionalAuth, Public, Roles } from '../common/auth.decorators';
import type { AuthUser } from '../common/auth.decorators';
import { UuidParam } from '../common/uuid-param';
import {
  AttendanceDto,
  CreateEventDto,
  CreateRoomDto,
  EventDto,
  EventPageDto,
  ListEventsQueryDto,
  ParticipantListDto,
  EventRegistrationInputDto,
  RegistrationDto,
  RoomDto,
  UpdateEventDto,
  UpdateRoomDto,
} from './dto/event.dto';
import { EventRegistrationsService } from './event-registrations.service';
import { EventsService } from './events.service';
import { RoomsService } from './rooms.service';

@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly registrations: EventRegistrationsService,
  ) {}

  /** Department staff (for their department), directors and admins (also for the innovation centre); created as a draft. */
  @Roles('department', 'director', 'admin')
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateEventDto): Promise<EventDto> {
    return this.events.create(user, dto);
  }

  /** Soonest first. Anyone sees published, cancelled and completed events; drafts only their organisers, directors and admins. */
  @OptionalAuth()
  @Get()
  list(@CurrentUser() user: AuthUser | undefined, @Query() query: ListEventsQueryDto): Promise<EventPageDto> {
    return this.events.list(user, query);
  }

  /** Places left, never names; the online link only for registered participants and the organisers. */
  @OptionalAuth()
  @Get(':id')
  get(@CurrentUser() user: AuthUser | undefined, @UuidParam() id: string): Promise<EventDto> {
    return this.events.get(user, id);
  }

  /**
   * The organisers edit a draft or published event, with its current `version` (409 when stale); a
   * room clash is 409; a start or end set into the past is 422. A published event moved in time or
   * place: everyone registered or waiting is told in the app and by mail.
   */
  @Roles('department', 'director', 'admin')
  @Patch(':id')
  update(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: UpdateEventDto): Promise<EventDto> {
    return this.events.update(user, id, dto);
  }

  /** draft → published (before it starts). */
  @Roles('department', 'director', 'admin')
  @HttpCode(200)
  @Post(':id/publish')
  publish(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<EventDto> {
    return this.events.publish(user, id);
  }

  /** draft or published → cancelled; everyone registered or waiting is told in the app and by mail; the room is freed. */
  @Roles('department', 'director', 'admin')
  @HttpCode(200)
  @Post(':id/cancel')
  cancel(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<EventDto> {
    return this.events.cancel(user, id);
  }

  /** published → completed, once it has ended. */
  @Roles('department', 'director', 'admin')
  @HttpCode(200)
  @Post(':id/complete')
  complete(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<EventDto> {
    return this.events.complete(user, id);
  }

  /** Anyone signed in, while registration is open: a place, or the waiting list when full. */
  @Post(':id/registrations')
  register(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: EventRegistrationInputDto,
  ): Promise<RegistrationDto> {
    return this.registrations.register(user, id, dto);
  }

  /** Cancels the caller's own registration, until the event starts; the first in line gets the place. */
  @HttpCode(204)
  @Delete(':id/registrations/mine')
  cancelRegistration(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<void> {
    return this.registrations.cancelRegistration(user, id);
  }

  /** Names, organisations and needs: the organisers, the organising department's staff, directors and admins. */
  @Roles('department', 'director', 'admin')
  @Get(':id/registrations')
  participants(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<ParticipantListDto> {
    return this.registrations.participants(user, id);
  }

  /** The participant list as CSV (UTF-8 with BOM), for the same people. */
  @Roles('department', 'director', 'admin')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV, UTF-8 with BOM', schema: { type: 'string' } })
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="participants.csv"')
  @Get(':id/registrations/export')
  exportParticipants(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<string> {
    return this.registrations.participantsCsv(user, id);
  }

  /**
   * At the door: the organisers mark a registered participant present (`attended: false` undoes it),
   * from one hour before the start until seven days after the end (422 otherwise).
   */
  @Roles('department', 'director', 'admin')
  @HttpCode(200)
  @Post(':id/registrations/:registrationId/attendance')
  attendance(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @UuidParam('registrationId') registrationId: string,
    @Body() dto: AttendanceDto,
  ): Promise<RegistrationDto> {
    return this.registrations.markAttendance(user, id, registrationId, dto);
  }
}

/** iCalendar (RFC 5545) of published events, to subscribe to from Outlook or Google Calendar: no sign-in. */
@ApiTags('events')
@Controller('events')
export class EventCalendarController {
  constructor(private readonly events: EventsService) {}

  /** Every event that has not ended (cancelled ones with STATUS:CANCELLED), stable UIDs, SEQUENCE raised by each change. */
  @Public()
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'text/calendar (RFC 5545)', schema: { type: 'string' } })
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Get('calendar.ics')
  feed(): Promise<string> {
    return this.events.calendarFeed();
  }

  /** One published, cancelled or completed event. */
  @Public()
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'text/calendar (RFC 5545)', schema: { type: 'string' } })
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Get(':id/calendar.ics')
  one(@UuidParam() id: string): Promise<string> {
    return this.events.calendarOf(id);
  }
}

/** The rooms of the innovation centre: reference data. */
@ApiTags('events')
@Controller('rooms')
export class RoomsController {
  constructor(private readonly rooms: RoomsService) {}

  @Public()
  @Get()
  list(): Promise<RoomDto[]> {
    return this.rooms.rooms();
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateRoomDto): Promise<RoomDto> {
    return this.rooms.createRoom(user, dto);
  }

  /** Rename, change the capacity (never below an upcoming event's in the room) or the notes. */
  @ApiBearerAuth()
  @Roles('admin')
  @Patch(':id')
  update(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: UpdateRoomDto): Promise<RoomDto> {
    return this.rooms.updateRoom(user, id, dto);
  }

  /** 409 while the room has bookings that have not ended; a room past events name is retired, not erased. */
  @ApiBearerAuth()
  @Roles('admin')
  @HttpCode(204)
  @Delete(':id')
  remove(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<void> {
    return this.rooms.deleteRoom(user, id);
  }
}
