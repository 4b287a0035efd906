/** What a notification tells about (docs/product.md §3.8). */
export const NOTIFICATION_KINDS = [
  'proposal.submitted',
  'consortium.invited',
  'assignment.created',
  'reviews.completed',
  'proposal.decided',
  'pilot.gate-decided',
  'organization.invited',
  'assignment.recused',
  'event.cancelled',
  'event.changed',
  'event.promoted',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
