import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { createdAtKey, toPage } from '../common/pagination';
import { SqlFilter } from '../common/sql-filter';
import { AuditPageDto, ListAuditQueryDto } from './dto/audit.dto';
import { currentRequestId } from '../common/request-context';

export interface AuditRecord {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/**
 * Writes audit events. It takes the caller's transaction manager on purpose: an event is
 * written in the same transaction as the change it records, so a failed change leaves none.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    await manager.query(
      `INSERT INTO audit_events (actor_id, action, entity_type, entity_id, before, after, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        record.actorId,
        record.action,
        record.entityType,
        record.entityId,
        record.before ? JSON.stringify(record.before) : null,
        record.after ? JSON.stringify(record.after) : null,
        currentRequestId(),
      ],
    );
  }

  /** The trail, newest first: one statement whatever the page size; keyset over (occurred_at, id). */
  async list(query: ListAuditQueryDto): Promise<AuditPageDto> {
    const filter = new SqlFilter();
    if (query.entityType) filter.add('e.entity_type = ?', query.entityType);
    if (query.entityId) filter.add('e.entity_id = ?', query.entityId);
    if (query.actorId) filter.add('e.actor_id = ?', query.actorId);
    if (query.from) filter.add('e.occurred_at >= ?::timestamptz', query.from);
    if (query.to) filter.add('e.occurred_at < ?::timestamptz', query.to);
    filter.after(query.cursor, 'e', 'occurred_at');
    const limit = filter.limit(query.limit);
    const rows = await this.db.query<
      {
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
      }[]
    >(
      `SELECT e.id, e.occurred_at, ${createdAtKey('e', 'occurred_at')} AS key,
            e.actor_id, u.name AS actor_name, e.action, e.entity_type, e.entity_id, e.before, e.after, e.request_id
     FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
     WHERE ${filter.where}
     ORDER BY e.occurred_at DESC, e.id DESC LIMIT ${limit}`,
      filter.params,
    );
    return toPage(
      rows,
      query.limit,
      (r) => [r.key, r.id],
      (r) => ({
        id: r.id,
        occurredAt: r.occurred_at,
        actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '' } : null,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        before: r.before,
        after: r.after,
        requestId: r.request_id,
      }),
    );
  }
}
