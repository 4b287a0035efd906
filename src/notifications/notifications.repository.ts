import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators';
import { createdAtKey } from '../common/pagination';
import { SqlFilter } from '../common/sql-filter';
import type { ListNotificationsQueryDto } from './dto/notification.dto';
import type { NotificationData } from './notification-data';
import type { NotificationKind } from './notification-kinds';

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

export interface NotificationRow {
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

const SELECT_NOTIFICATION = `SELECT n.id, n.kind, n.entity_type, n.entity_id, n.message, n.data, n.read_at, n.created_at,
  ${createdAtKey('n')} AS created_key FROM notifications n`;

/**
 * The notifications' SQL. Every method takes the transaction's (or the data source's)
 * EntityManager. A person sees only their own: every read and change is by recipient.
 */
@Injectable()
export class NotificationsRepository {
  /**
   * One row for each enabled person in the union of the groups (one INSERT ... SELECT, so a
   * person in two groups is told once), leaving out `except`.
   */
  async insertFor(
    manager: EntityManager,
    groups: readonly Recipients[],
    n: { kind: NotificationKind; entityType: string; entityId: string; message: string; data: NotificationData },
    except: string | null,
  ): Promise<void> {
    const params: unknown[] = [n.kind, n.entityType, n.entityId, n.message, except, JSON.stringify(n.data)];
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

  /** The recipient's own, newest first: keyset over (created_at, id); one statement whatever the page size. */
  list(manager: EntityManager, recipient: AuthUser, query: ListNotificationsQueryDto): Promise<NotificationRow[]> {
    const filter = new SqlFilter({ sql: 'n.recipient_id = $1', params: [recipient.id] });
    if (query.unread === 'true') filter.and('n.read_at IS NULL');
    filter.after(query.cursor, 'n');
    const limit = filter.limit(query.limit);
    return manager.query<NotificationRow[]>(
      `${SELECT_NOTIFICATION} WHERE ${filter.where} ORDER BY n.created_at DESC, n.id DESC LIMIT ${limit}`,
      filter.params,
    );
  }

  async unreadCount(manager: EntityManager, recipientId: string): Promise<number> {
    const [row] = await manager.query<{ unread: number }[]>(
      `SELECT count(*)::int AS unread FROM notifications WHERE recipient_id = $1 AND read_at IS NULL`,
      [recipientId],
    );
    return row?.unread ?? 0;
  }

  /** Marks all of the recipient's unread notifications read; how many. */
  async markAllRead(manager: EntityManager, recipientId: string): Promise<number> {
    const [updated] = await manager.query<[{ id: string }[], number]>(
      `UPDATE notifications SET read_at = now() WHERE recipient_id = $1 AND read_at IS NULL RETURNING id`,
      [recipientId],
    );
    return updated.length;
  }

  /** Marks one of the recipient's own unread notifications read; whether it was unread and theirs. */
  async markRead(manager: EntityManager, id: string, recipientId: string): Promise<boolean> {
    const [updated] = await manager.query<[{ id: string }[], number]>(
      `UPDATE notifications SET read_at = now() WHERE id = $1 AND recipient_id = $2 AND read_at IS NULL
         RETURNING id`,
      [id, recipientId],
    );
    return updated.length > 0;
  }

  /** One of the recipient's own notifications. */
  async findOwn(manager: EntityManager, id: string, recipientId: string): Promise<NotificationRow | undefined> {
    const [row] = await manager.query<NotificationRow[]>(
      `${SELECT_NOTIFICATION} WHERE n.id = $1 AND n.recipient_id = $2`,
      [id, recipientId],
    );
    return row;
  }
}
