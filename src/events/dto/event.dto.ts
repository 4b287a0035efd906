import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  MaxLength,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { OptionalNotNull } from '../../common/optional-not-null';
import { IsTimestamp } from '../../common/timestamp';
import { trim } from '../../common/transforms';
import { EVENT_KINDS, EVENT_STATUSES, PLACE_KINDS, REGISTRATION_STATUSES } from '../event-rules';
import type { EventKind, EventStatus, PlaceKind, RegistrationStatus } from '../event-rules';

const MAX_CAPACITY = 10_000;
const URL_OPTIONS = { protocols: ['https', 'http'], require_protocol: true };

export class CreateEventDto {
  /** Title in Swedish. */
  @Transform(trim)
  @IsString()
  @Length(3, 200)
  title!: string;

  /** Title in English (optional). */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(3, 200)
  titleEn?: string | null;

  @Transform(trim)
  @IsString()
  @Length(1, 10_000)
  description!: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 10_000)
  descriptionEn?: string | null;

  @ApiProperty({ enum: EVENT_KINDS })
  @IsIn(EVENT_KINDS)
  kind!: EventKind;

  /** ISO 8601 with a time zone. */
  @IsTimestamp()
  startsAt!: string;

  /** After startsAt. */
  @IsTimestamp()
  endsAt!: string;

  /** `room` (roomId), `address` (address) or `online` (onlineUrl, shown only to registered participants). */
  @ApiProperty({ enum: PLACE_KINDS })
  @IsIn(PLACE_KINDS)
  placeKind!: PlaceKind;

  @ValidateIf((o: CreateEventDto) => o.placeKind === 'room' || (o.roomId !== undefined && o.roomId !== null))
  @IsUUID('all')
  roomId?: string | null;

  @ValidateIf((o: CreateEventDto) => o.placeKind === 'address' || (o.address !== undefined && o.address !== null))
  @Transform(trim)
  @IsString()
  @Length(3, 300)
  address?: string | null;

  @ValidateIf((o: CreateEventDto) => o.placeKind === 'online' || (o.onlineUrl !== undefined && o.onlineUrl !== null))
  @IsUrl(URL_OPTIONS, { message: 'onlineUrl must be an http(s) URL' })
  @MaxLength(500)
  onlineUrl?: string | null;

  /** Places; at most the room's capacity. */
  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity!: number;

  @IsTimestamp()
  registrationOpensAt!: string;

  /** No later than startsAt. */
  @IsTimestamp()
  registrationClosesAt!: string;

  /** A challenge this event belongs to (its kick-off workshop, …). */
  @IsOptional()
  @IsUUID('all')
  challengeId?: string | null;

  /** A pilot this event belongs to (its demo day, …). */
  @IsOptional()
  @IsUUID('all')
  pilotId?: string | null;

  /**
   * The organising department; `null` for the innovation centre itself. Omitted: department staff
   * organise for their own department, directors and admins for the innovation centre.
   */
  @IsOptional()
  @IsUUID('all')
  departmentId?: string | null;
}

/** Every field optional; `version` is the event's current version (409 when stale). */
export class UpdateEventDto {
  @IsInt()
  @Min(1)
  version!: number;

  // Left out: unchanged. null is refused (400) on the fields an event must have (title,
  // description, kind, times, place kind, capacity); only the others may be cleared with null.
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @Length(3, 200)
  title?: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(3, 200)
  titleEn?: string | null;

  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @Length(1, 10_000)
  description?: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 10_000)
  descriptionEn?: string | null;

  @ApiProperty({ enum: EVENT_KINDS, required: false })
  @OptionalNotNull()
  @IsIn(EVENT_KINDS)
  kind?: EventKind;

  @OptionalNotNull()
  @IsTimestamp()
  startsAt?: string;

  @OptionalNotNull()
  @IsTimestamp()
  endsAt?: string;

  @ApiProperty({ enum: PLACE_KINDS, required: false })
  @OptionalNotNull()
  @IsIn(PLACE_KINDS)
  placeKind?: PlaceKind;

  @IsOptional()
  @IsUUID('all')
  roomId?: string | null;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(3, 300)
  address?: string | null;

  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'onlineUrl must be an http(s) URL' })
  @MaxLength(500)
  onlineUrl?: string | null;

  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity?: number;

  @OptionalNotNull()
  @IsTimestamp()
  registrationOpensAt?: string;

  @OptionalNotNull()
  @IsTimestamp()
  registrationClosesAt?: string;

  @IsOptional()
  @IsUUID('all')
  challengeId?: string | null;

  @IsOptional()
  @IsUUID('all')
  pilotId?: string | null;
}

export class ListEventsQueryDto extends PageQueryDto {
  /** Everyone sees published, cancelled and completed events; drafts only their organisers, directors and admins. */
  @ApiProperty({ enum: EVENT_STATUSES, required: false })
  @IsOptional()
  @IsIn(EVENT_STATUSES)
  status?: EventStatus;

  @ApiProperty({ enum: EVENT_KINDS, required: false })
  @IsOptional()
  @IsIn(EVENT_KINDS)
  kind?: EventKind;

  @IsOptional()
  @IsUUID('all')
  challengeId?: string;

  @IsOptional()
  @IsUUID('all')
  pilotId?: string;

  @IsOptional()
  @IsUUID('all')
  roomId?: string;

  /** The welfare area (a code from `GET /welfare-areas`) of the linked challenge, or of the linked pilot's challenge. */
  @IsOptional()
  @IsString()
  @Length(1, 50)
  area?: string;

  /** Events that end after this moment (default: all). ISO 8601 with a time zone. */
  @IsOptional()
  @IsTimestamp()
  from?: string;
}

export class EventRegistrationInputDto {
  /** Register on behalf of one of your organisations. */
  @IsOptional()
  @IsUUID('all')
  organizationId?: string | null;

  /** Dietary or accessibility needs: only the organisers see them. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  needs?: string | null;
}

export class AttendanceDto {
  @IsBoolean()
  attended!: boolean;
}

export class CreateRoomDto {
  @Transform(trim)
  @IsString()
  @Length(2, 120)
  name!: string;

  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity!: number;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  accessibilityNotes?: string | null;
}

/** Every field optional; a capacity below an upcoming event's in the room is refused (422). */
export class UpdateRoomDto {
  // Left out: unchanged; null is not a name or a capacity (400, never a silent no-op).
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @Length(2, 120)
  name?: string;

  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity?: number;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  accessibilityNotes?: string | null;
}

export class RoomDto {
  id!: string;
  name!: string;
  capacity!: number;
  @ApiProperty({ type: String, nullable: true })
  accessibilityNotes!: string | null;
}

export class EventRefDto {
  id!: string;
  name!: string;
}

export class EventTitledRefDto {
  id!: string;
  title!: string;
}

export class PlaceDto {
  @ApiProperty({ enum: PLACE_KINDS })
  kind!: PlaceKind;
  @ApiProperty({ type: RoomDto, nullable: true })
  room!: RoomDto | null;
  @ApiProperty({ type: String, nullable: true })
  address!: string | null;
  /** Only for registered participants and the organisers; otherwise null. */
  @ApiProperty({ type: String, nullable: true })
  onlineUrl!: string | null;
}

export class OrganiserDto {
  /** `department`, or `innovation_centre` for the centre's own events. */
  @ApiProperty({ enum: ['department', 'innovation_centre'] })
  kind!: 'department' | 'innovation_centre';
  @ApiProperty({ type: EventRefDto, nullable: true })
  department!: EventRefDto | null;
}

export class MyRegistrationDto {
  id!: string;
  @ApiProperty({ enum: REGISTRATION_STATUSES })
  status!: RegistrationStatus;
  /** Place on the waiting list (1 = next in line); null when registered. */
  @ApiProperty({ type: Number, nullable: true })
  waitingPosition!: number | null;
  @ApiProperty({ type: String, nullable: true })
  organizationId!: string | null;
}

export class AttendanceFiguresDto {
  /** Registered participants marked present. */
  attended!: number;
  /** Distinct organisations among those present. */
  organizations!: number;
}

export class EventDto {
  id!: string;
  title!: string;
  @ApiProperty({ type: String, nullable: true })
  titleEn!: string | null;
  description!: string;
  @ApiProperty({ type: String, nullable: true })
  descriptionEn!: string | null;
  @ApiProperty({ enum: EVENT_KINDS })
  kind!: EventKind;
  @ApiProperty({ enum: EVENT_STATUSES })
  status!: EventStatus;
  startsAt!: Date;
  endsAt!: Date;
  /** Always Europe/Stockholm: how the times are shown. */
  timeZone!: string;
  /** Start and end in Europe/Stockholm local time (`2027-03-01T13:00:00+01:00`). */
  startsAtLocal!: string;
  endsAtLocal!: string;
  place!: PlaceDto;
  capacity!: number;
  registeredCount!: number;
  waitingCount!: number;
  placesLeft!: number;
  registrationOpensAt!: Date;
  registrationClosesAt!: Date;
  /** Registration is open right now. */
  registrationOpen!: boolean;
  @ApiProperty({ type: EventTitledRefDto, nullable: true })
  challenge!: EventTitledRefDto | null;
  /** The welfare area code of the linked challenge (or of the linked pilot's challenge). */
  @ApiProperty({ type: String, nullable: true })
  welfareArea!: string | null;
  @ApiProperty({ type: EventTitledRefDto, nullable: true })
  pilot!: EventTitledRefDto | null;
  organiser!: OrganiserDto;
  version!: number;
  /** The iCalendar SEQUENCE. */
  sequence!: number;
  /** The caller's own registration (signed in), else null. */
  @ApiProperty({ type: MyRegistrationDto, nullable: true })
  myRegistration!: MyRegistrationDto | null;
  /** The caller organises it (may edit, cancel, see participants and mark attendance). */
  canManage!: boolean;
  /** Once the event has taken place (or attendance is being marked). */
  @ApiProperty({ type: AttendanceFiguresDto, nullable: true })
  attendance!: AttendanceFiguresDto | null;
  createdAt!: Date;
}

export class EventPageDto {
  @ApiProperty({ type: [EventDto] })
  items!: EventDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class RegistrationDto {
  id!: string;
  eventId!: string;
  @ApiProperty({ enum: REGISTRATION_STATUSES })
  status!: RegistrationStatus;
  @ApiProperty({ type: Number, nullable: true })
  waitingPosition!: number | null;
  @ApiProperty({ type: String, nullable: true })
  organizationId!: string | null;
  createdAt!: Date;
}

export class ParticipantDto {
  /** The registration's id (for attendance). */
  id!: string;
  user!: EventRefDto;
  email!: string;
  @ApiProperty({ type: EventRefDto, nullable: true })
  organization!: EventRefDto | null;
  @ApiProperty({ type: String, nullable: true })
  needs!: string | null;
  @ApiProperty({ enum: REGISTRATION_STATUSES })
  status!: RegistrationStatus;
  @ApiProperty({ type: Number, nullable: true })
  waitingPosition!: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  attendedAt!: Date | null;
  createdAt!: Date;
}

export class ParticipantListDto {
  /** Registered first, then the waiting list in order. Cancelled registrations are left out. */
  @ApiProperty({ type: [ParticipantDto] })
  items!: ParticipantDto[];
}

export class EventFigureRowDto {
  /** Events held (completed). */
  held!: number;
  /** Attendances marked at the door. */
  participants!: number;
  /** Distinct people among them. */
  people!: number;
  /** Distinct organisations people attended on behalf of. */
  organizations!: number;
}

export class EventKindFiguresDto extends EventFigureRowDto {
  @ApiProperty({ enum: EVENT_KINDS })
  kind!: EventKind;
}

export class EventAreaFiguresDto extends EventFigureRowDto {
  /** The welfare area of the linked challenge (or the pilot's challenge); null for events linked to neither. */
  @ApiProperty({ type: String, nullable: true })
  area!: string | null;
}

/** The innovation centre's reach, for the directors' pipeline: completed events and their attendance. */
export class EventFiguresDto extends EventFigureRowDto {
  @ApiProperty({ type: [EventKindFiguresDto] })
  byKind!: EventKindFiguresDto[];
  @ApiProperty({ type: [EventAreaFiguresDto] })
  byArea!: EventAreaFiguresDto[];
}
