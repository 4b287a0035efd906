import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { IsTimestamp } from '../../common/timestamp';

export class ListAuditQueryDto extends PageQueryDto {
  /** e.g. `challenge`, `proposal`, `assignment`, `pilot`, `organization`, `user`. */
  @IsOptional()
  @IsString()
  @Length(1, 50)
  @Matches(/^[a-z_-]+$/, { message: 'entityType must be lower-case letters, - or _' })
  entityType?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  entityId?: string;

  @IsOptional()
  @IsUUID('all')
  actorId?: string;

  /** Events at or after this moment (ISO 8601 with a time zone). */
  @ApiProperty({ required: false, format: 'date-time' })
  @IsOptional()
  @IsTimestamp()
  from?: string;

  /** Events before this moment (ISO 8601 with a time zone): `from`–`to` is half-open, so days chain. */
  @ApiProperty({ required: false, format: 'date-time' })
  @IsOptional()
  @IsTimestamp()
  to?: string;
}

export class AuditActorDto {
  id!: string;
  name!: string;
}

export class AuditEventDto {
  id!: string;
  occurredAt!: Date;
  /** Null for the system itself (the job that closes challenges); a self-registered user is their own actor. */
  @ApiProperty({ type: AuditActorDto, nullable: true })
  actor!: AuditActorDto | null;
  action!: string;
  entityType!: string;
  entityId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  before!: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  after!: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true })
  requestId!: string | null;
}

export class AuditPageDto {
  items!: AuditEventDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
