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

/** The facts a notification's text is made of (see NotificationData). */
export class NotificationDataDto {
  /** What it is about: the proposal's, pilot's or event's title, or the organisation's name. */
  title?: string;
  /** The challenge a proposal was submitted to. */
  challengeTitle?: string;
  /** The person who acted: the inviter, the recused evaluator. */
  actorName?: string;
  /** An invitation's role: `owner` or `member`. */
  role?: string;
  /** `accepted`/`rejected` for a proposal; `go`/`hold`/`stop` for a gate decision. */
  outcome?: string;
  /** A gate decision's gate (`time`, `money`, `scale`, `implement`). */
  gate?: string;
  /** The pilot's stage after a gate decision. */
  stage?: string;
  /** The pilot's status after a gate decision. */
  status?: string;
  /** A decision's or a recusal's reason (at most 300 characters). */
  reason?: string;
}

export class NotificationDto {
  id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS })
  kind!: NotificationKind;
  /** What it is about: `proposal`, `assignment`, `pilot` or `invitation`, and its id. */
  entityType!: string;
  entityId!: string;
  /** The text in English (what the API's clients have always had). */
  message!: string;
  data!: NotificationDataDto;
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
