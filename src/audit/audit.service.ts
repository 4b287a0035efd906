import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
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
}
