import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth.decorators';
import { NotFound } from '../common/errors';
import { toPage } from '../common/pagination';
import {
  ListNotificationsQueryDto,
  NotificationDto,
  NotificationPageDto,
  NotificationsMarkedReadDto,
  UnreadNotificationsDto,
} from './dto/notification.dto';
import type { NotificationData } from './notification-data';
import type { NotificationKind } from './notification-kinds';
import { notificationView } from './notification-views';
import { NotificationsRepository, Recipients } from './notifications.repository';

export interface NewNotification {
  kind: NotificationKind;
  entityType: 'proposal' | 'assignment' | 'pilot' | 'invitation' | 'event';
  entityId: string;
  message: string;
  data: NotificationData;
}

/** notifications.message holds 500 characters. */
export const NOTIFICATION_MESSAGE_MAX = 500;

/**
 * A notification's text fits its column: a longer one (a decision's reason may have 5 000
 * characters) is cut with an ellipsis; the whole text stays on the object it is about.
 */
export function notificationText(message: string): string {
  return message.length <= NOTIFICATION_MESSAGE_MAX ? message : `${message.slice(0, NOTIFICATION_MESSAGE_MAX - 1)}…`;
}

@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly notifications: NotificationsRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * Notifies the union of some groups of people in the caller's transaction (one INSERT ...
   * SELECT, so a person in two groups is told once): if the change rolls back, so does its
   * notification. `except` is the person who caused it.
   */
  async notify(
    manager: EntityManager,
    to: Recipients | readonly Recipients[],
    n: NewNotification,
    except?: string,
  ): Promise<void> {
    const groups = Array.isArray(to) ? (to as readonly Recipients[]) : [to as Recipients];
    await this.notifications.insertFor(manager, groups, { ...n, message: notificationText(n.message) }, except ?? null);
  }

  /** The caller's own notifications, newest first; one statement whatever the page size. */
  async list(actor: AuthUser, query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    const rows = await this.notifications.list(this.db.manager, actor, query);
    return toPage(rows, query.limit, (r) => [r.created_key, r.id], notificationView);
  }

  async unreadCount(actor: AuthUser): Promise<UnreadNotificationsDto> {
    return { unread: await this.notifications.unreadCount(this.db.manager, actor.id) };
  }

  /** Marks all of the caller's unread notifications read, audited once with how many. */
  markAllRead(actor: AuthUser): Promise<NotificationsMarkedReadDto> {
    return this.db.transaction(async (manager) => {
      const marked = await this.notifications.markAllRead(manager, actor.id);
      if (marked > 0) {
        await this.audit.record(manager, {
          actorId: actor.id,
          action: 'notification.read-all',
          entityType: 'user',
          entityId: actor.id,
          after: { marked },
        });
      }
      return { marked };
    });
  }

  /** Marks the caller's own notification read (again is harmless); anyone else's is simply not found. */
  markRead(actor: AuthUser, id: string): Promise<NotificationDto> {
    return this.db.transaction(async (manager) => {
      if (await this.notifications.markRead(manager, id, actor.id)) {
        await this.audit.record(manager, {
          actorId: actor.id,
          action: 'notification.read',
          entityType: 'notification',
          entityId: id,
        });
      }
      const row = await this.notifications.findOwn(manager, id, actor.id);
      if (!row) throw new NotFound('No such notification.');
      return notificationView(row);
    });
  }
}
