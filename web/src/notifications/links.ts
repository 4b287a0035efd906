import type { Notification } from './hooks';

/**
 * Where a notification leads: the page of the thing it is about, as the person who received it
 * sees it (a partner's proposal page, an evaluator's assignment, the invitations list).
 */
export function notificationHref({
  kind,
  entityType,
  entityId,
}: Pick<Notification, 'kind' | 'entityType' | 'entityId'>): string {
  // The department's staff are told about proposals in their own workspace.
  if (kind === 'proposal.submitted' || kind === 'reviews.completed') return `/department/proposals/${entityId}`;
  if (kind === 'assignment.recused') return '/department';
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
