import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { toPage } from '../common/pagination';
import { currentRequestId } from '../common/request-context';
import { auditEventView } from './audit-views';
import { AuditRepository } from './audit.repository';
import { AuditPageDto, ListAuditQueryDto } from './dto/audit.dto';

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
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly trail: AuditRepository,
  ) {}

  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    await this.trail.insert(manager, {
      actorId: record.actorId,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      before: record.before ? JSON.stringify(record.before) : null,
      after: record.after ? JSON.stringify(record.after) : null,
      requestId: currentRequestId(),
    });
  }

  /** The trail, newest first: one statement whatever the page size; keyset over (occurred_at, id). */
  async list(query: ListAuditQueryDto): Promise<AuditPageDto> {
    const rows = await this.trail.list(this.db.manager, query);
    return toPage(rows, query.limit, (r) => [r.key, r.id], auditEventView);
  }
}
