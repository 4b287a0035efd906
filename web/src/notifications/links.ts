import type { Notification } from './hooks';

/**
 * Where a notification leads: the page of the thing it is about, as the person who received it
 * sees it (a partner's proposal page, an evaluator's assignment, the invitations list).
 */
export function notificationHref({ entityType, entityId }: Pick<Notification, 'entityType' | 'entityId'>): string {
  switch (entityType) {
    case 'proposal':
      return `/proposals/${entityId}`;
    case 'assignment':
      return `/evaluation/assignments/${entityId}`;
    case 'pilot':
      return `/workspace/pilots/${entityId}`;
    case 'invitation':
      return '/invitations';
    case 'event':
      return `/events/${entityId}`;
    default:
      return '/notifications';
  }
}
