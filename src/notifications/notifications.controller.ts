import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../common/auth.decorators';
import type { AuthUser } from '../common/auth.decorators';
import { UuidParam } from '../common/uuid-param';
import {
  ListNotificationsQueryDto,
  NotificationDto,
  NotificationPageDto,
  NotificationsMarkedReadDto,
  UnreadNotificationsDto,
} from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** The caller's own notifications, newest first (`unread=true`: only unread). */
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    return this.notifications.list(user, query);
  }

  /** How many of the caller's notifications are unread: cheap enough for a header to poll. */
  @Get('unread-count')
  unreadCount(@CurrentUser() user: AuthUser): Promise<UnreadNotificationsDto> {
    return this.notifications.unreadCount(user);
  }

  /** Marks every one of the caller's notifications read. */
  @HttpCode(200)
  @Post('read-all')
  readAll(@CurrentUser() user: AuthUser): Promise<NotificationsMarkedReadDto> {
    return this.notifications.markAllRead(user);
  }

  /** Marks one of the caller's notifications read; another person's is 404. */
  @HttpCode(200)
  @Post(':id/read')
  read(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<NotificationDto> {
    return this.notifications.markRead(user, id);
  }
}
