import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { NOTIFICATION_KINDS } from '../notification-kinds';
import type { NotificationKind } from '../notification-kinds';

export class ListNotificationsQueryDto extends PageQueryDto {
  /** `true`: only unread ones. */
  @IsOptional()
  @IsIn(['true', 'false'])
  unread?: 'true' | 'false';
}

export class NotificationDto {
  id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS })
  kind!: NotificationKind;
  /** What it is about: `proposal`, `assignment`, `pilot` or `invitation`, and its id. */
  entityType!: string;
  entityId!: string;
  message!: string;
  @ApiProperty({ type: Date, nullable: true })
  readAt!: Date | null;
  createdAt!: Date;
}

export class NotificationPageDto {
  items!: NotificationDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class UnreadNotificationsDto {
  /** How many of the caller's notifications are unread (the header's badge). */
  unread!: number;
}

export class NotificationsMarkedReadDto {
  /** How many were unread and are now read. */
  marked!: number;
}
