import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { createdAtKey } from '../common/pagination';
import { SqlFilter } from '../common/sql-filter';
import type { ListAuditQueryDto } from './dto/audit.dto';

/** An audit event as the trail reads it, with its actor's name. */
export interface AuditEventRow {
  id: string;
  occurred_at: Date;
  key: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  request_id: string | null;
}

/**
 * The audit trail's SQL. Every method takes the transaction's (or the data source's)
 * EntityManager. Who may read the trail is the route's (admins and directors see all of it).
 */
@Injectable()
export class AuditRepository {
  async insert(
    manager: EntityManager,
    e: {
      actorId: string | null;
      action: string;
      entityType: string;
      entityId: string;
      before: string | null;
      after: string | null;
      requestId: string | null;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO audit_events (actor_id, action, entity_type, entity_id, before, after, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [e.actorId, e.action, e.entityType, e.entityId, e.before, e.after, e.requestId],
    );
  }

  /** Newest first: keyset over (occurred_at, id); one statement whatever the page size. */
  list(manager: EntityManager, query: ListAuditQueryDto): Promise<AuditEventRow[]> {
    const filter = new SqlFilter();
    if (query.entityType) filter.add('e.entity_type = ?', query.entityType);
    if (query.entityId) filter.add('e.entity_id = ?', query.entityId);
    if (query.actorId) filter.add('e.actor_id = ?', query.actorId);
    if (query.from) filter.add('e.occurred_at >= ?::timestamptz', query.from);
    if (query.to) filter.add('e.occurred_at < ?::timestamptz', query.to);
    filter.after(query.cursor, 'e', 'occurred_at');
    const limit = filter.limit(query.limit);
    return manager.query<AuditEventRow[]>(
      `SELECT e.id, e.occurred_at, ${createdAtKey('e', 'occurred_at')} AS key,
            e.actor_id, u.name AS actor_name, e.action, e.entity_type, e.entity_id, e.before, e.after, e.request_id
     FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
     WHERE ${filter.where}
     ORDER BY e.occurred_at DESC, e.id DESC LIMIT ${limit}`,
      filter.params,
    );
  }
}
