/**
 * The facts a notification is made of, beside its English `message`: the web app says them in
 * the reader's language from the kind and these fields (stage and outcome as codes it translates).
 * Which fields a kind carries is listed in docs/product.md (notifications).
 */
export interface NotificationData {
  /** What it is about: the proposal's, pilot's or event's title, or the organisation's name. */
  title?: string;
  /** The challenge a proposal was submitted to. */
  challengeTitle?: string;
  /** The person who acted: the inviter, the recused evaluator. */
  actorName?: string;
  /** An invitation's role in the organisation. */
  role?: string;
  /** A decision's outcome: `accepted`/`rejected` for a proposal, `go`/`hold`/`stop` for a gate. */
  outcome?: string;
  /** A gate decision's gate and where it left the pilot. */
  gate?: string;
  stage?: string;
  status?: string;
  /** A decision's or a recusal's reason, cut to fit. */
  reason?: string;
}

/** How much of a reason a notification carries; the whole text stays on the object. */
export const NOTIFICATION_REASON_MAX = 300;

export function shortReason(reason: string): string {
  return reason.length <= NOTIFICATION_REASON_MAX ? reason : `${reason.slice(0, NOTIFICATION_REASON_MAX - 1)}…`;
}
