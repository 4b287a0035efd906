import type { NotificationDto } from './dto/notification.dto';
import type { NotificationRow } from './notifications.repository';

export const notificationView = (r: NotificationRow): NotificationDto => ({
  id: r.id,
  kind: r.kind,
  entityType: r.entity_type,
  entityId: r.entity_id,
  message: r.message,
  data: r.data,
  readAt: r.read_at,
  createdAt: r.created_at,
});
