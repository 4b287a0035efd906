import type { AuditEventRow } from './audit.repository';
import type { AuditEventDto } from './dto/audit.dto';

export const auditEventView = (r: AuditEventRow): AuditEventDto => ({
  id: r.id,
  occurredAt: r.occurred_at,
  actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '' } : null,
  action: r.action,
  entityType: r.entity_type,
  entityId: r.entity_id,
  before: r.before,
  after: r.after,
  requestId: r.request_id,
});
