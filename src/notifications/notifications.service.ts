import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth.decorators';
import { NotFound } from '../common/errors';
import { createdAtKey, toPage } from '../common/pagination';
import { SqlFilter } from '../common/sql-filter';
import {
  ListNotificationsQueryDto,
  NotificationDto,
  NotificationPageDto,
  NotificationsMarkedReadDto,
  UnreadNotificationsDto,
} from './dto/notification.dto';
import type { NotificationData } from './notification-data';
import type { NotificationKind } from './notification-kinds';

export interface NewNotification {
  kind: NotificationKind;
  entityType: 'proposal' | 'assignment' | 'pilot' | 'invitation' | 'event';
  entityId: string;
  message: string;
  data: NotificationData;
}

/** Who receives a notification, as a set: resolved in SQL in the sender's transaction. */
export type Recipients =
  | { users: readonly string[] }
  | { email: string }
  | { departmentStaff: string }
  | { organizationOwners: string }
  | { organizationMembers: string };

/** Each group as a SELECT of enabled users' ids; `$p` is the group's parameter. */
const RECIPIENTS_SQL: Record<string, (p: string) => string> = {
  users: (p) => `SELECT id FROM users WHERE id = ANY (${p}::uuid[]) AND NOT disabled`,
  // The account of an address, if there is one: no row otherwise, and the caller cannot tell.
  email: (p) => `SELECT id FROM users WHERE email = lower(${p}::text) AND NOT disabled`,
  departmentStaff: (p) =>
    `SELECT id FROM users WHERE department_id = ${p}::uuid AND 'department' = ANY (roles) AND NOT disabled`,
  organizationOwners: (p) =>
    `SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.organization_id = ${p}::uuid AND m.role = 'owner' AND NOT u.disabled`,
  organizationMembers: (p) =>
    `SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.organization_id = ${p}::uuid AND NOT u.disabled`,
};

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  entity_type: string;
  entity_id: string;
  message: string;
  data: NotificationData;
  read_at: Date | null;
  created_at: Date;
  created_key: string;
}

const view = (r: NotificationRow): NotificationDto => ({
  id: r.id,
  kind: r.kind,
  entityType: r.entity_type,
  entityId: r.entity_id,
  message: r.message,
  data: r.data,
  readAt: r.read_at,
  createdAt: r.created_at,
});

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
    const params: unknown[] = [
      n.kind,
      n.entityType,
      n.entityId,
      notificationText(n.message),
      except ?? null,
      JSON.stringify(n.data),
    ];
    const selects = groups.map((group) => {
      const [key, value] = Object.entries(group)[0] as [string, unknown];
      params.push(value);
      return RECIPIENTS_SQL[key](`$${params.length}`);
    });
    await manager.query(
      `INSERT INTO notifications (recipient_id, kind, entity_type, entity_id, message, data)
       SELECT r.id, $1, $2, $3::uuid, $4, $6::jsonb FROM (${selects.join(' UNION ')}) AS r(id)
       WHERE r.id IS DISTINCT FROM $5::uuid`,
      params,
    );
  }

  /** The caller's own notifications, newest first; one statement whatever the page size. */
  async list(actor: AuthUser, query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    const filter = new SqlFilter({ sql: 'n.recipient_id = $1', params: [actor.id] });
    if (query.unread === 'true') filter.and('n.read_at IS NULL');
    filter.after(query.cursor, 'n');
    const limit = filter.limit(query.limit);
    const rows = await this.db.query<NotificationRow[]>(
      `SELECT n.id, n.kind, n.entity_type, n.entity_id, n.message, n.data, n.read_at, n.created_at, ${createdAtKey('n')} AS created_key
       FROM notifications n WHERE ${filter.where}
       ORDER BY n.created_at DESC, n.id DESC LIMIT ${limit}`,
      filter.params,
    );
    return toPage(rows, query.limit, (r) => [r.created_key, r.id], view);
  }

  async unreadCount(actor: AuthUser): Promise<UnreadNotificationsDto> {
    const [row] = await this.db.query<{ unread: number }[]>(
      `SELECT count(*)::int AS unread FROM notifications WHERE recipient_id = $1 AND read_at IS NULL`,
      [actor.id],
    );
    return { unread: row?.unread ?? 0 };
  }

  /** Marks all of the caller's unread notifications read, audited once with how many. */
  markAllRead(actor: AuthUser): Promise<NotificationsMarkedReadDto> {
    return this.db.transaction(async (manager) => {
      const [updated] = await manager.query<[{ id: string }[], number]>(
        `UPDATE notifications SET read_at = now() WHERE recipient_id = $1 AND read_at IS NULL RETURNING id`,
        [actor.id],
      );
      if (updated.length > 0) {
        await this.audit.record(manager, {
          actorId: actor.id,
          action: 'notification.read-all',
          entityType: 'user',
          entityId: actor.id,
          after: { marked: updated.length },
        });
      }
      return { marked: updated.length };
    });
  }

  /** Marks the caller's own notification read (again is harmless); anyone else's is simply not found. */
  markRead(actor: AuthUser, id: string): Promise<NotificationDto> {
    return this.db.transaction(async (manager) => {
      const [updated] = await manager.query<[NotificationRow[], number]>(
        `UPDATE notifications SET read_at = now() WHERE id = $1 AND recipient_id = $2 AND read_at IS NULL
         RETURNING id`,
        [id, actor.id],
      );
      if (updated.length > 0) {
        await this.audit.record(manager, {
          actorId: actor.id,
          action: 'notification.read',
          entityType: 'notification',
          entityId: id,
        });
      }
      const [row] = await manager.query<NotificationRow[]>(
        `SELECT n.id, n.kind, n.entity_type, n.entity_id, n.message, n.data, n.read_at, n.created_at, ${createdAtKey('n')} AS created_key
         FROM notifications n WHERE n.id = $1 AND n.recipient_id = $2`,
        [id, actor.id],
      );
      if (!row) throw new NotFound('No such notification.');
      return view(row);
    });
  }
}
