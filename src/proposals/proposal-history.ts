import type { ProposalHistoryEntryDto } from './dto/proposal.dto';

/** An audit event of a proposal as the repository reads it. */
export interface ProposalAuditRow {
  occurred_at: Date;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

type Partners = { organizationId: string; status: string }[];

const partnersOf = (side: Record<string, unknown> | null): Partners | undefined =>
  Array.isArray(side?.partners) ? (side.partners as Partners) : undefined;

const CONTENT_FIELDS = [
  'title',
  'summary',
  'description',
  'expectedEffects',
  'requestedBudgetSek',
  'durationMonths',
  'trl',
] as const;

const STATUS_EVENTS = {
  'proposal.submitted': 'submitted',
  'proposal.withdrawn': 'withdrawn',
  'proposal.accepted': 'accepted',
  'proposal.rejected': 'rejected',
} as const;

/**
 * A proposal's timeline for its consortium, from its audit events (oldest first). Only the
 * proposal's own actions are read, and only what the consortium already sees: which content
 * fields changed (not their old values), which organisations joined, confirmed, declined or were
 * removed, and the status changes. No person is named; evaluation events are not proposal actions.
 */
export function proposalHistory(
  events: readonly ProposalAuditRow[],
  organizationName: (id: string) => string,
): ProposalHistoryEntryDto[] {
  const entries: ProposalHistoryEntryDto[] = [];
  const push = (occurredAt: Date, event: ProposalHistoryEntryDto['event'], organizationId?: string) =>
    entries.push({
      occurredAt,
      event,
      organization: organizationId ? { id: organizationId, name: organizationName(organizationId) } : null,
      fields: [],
    });
  for (const e of events) {
    switch (e.action) {
      case 'proposal.created':
        push(e.occurred_at, 'created');
        for (const p of partnersOf(e.after) ?? []) push(e.occurred_at, 'partner-invited', p.organizationId);
        break;
      case 'proposal.updated': {
        const fields = CONTENT_FIELDS.filter((f) => e.after && f in e.after);
        if (fields.length > 0) {
          entries.push({ occurredAt: e.occurred_at, event: 'updated', organization: null, fields: [...fields] });
        }
        const before = new Set((partnersOf(e.before) ?? []).map((p) => p.organizationId));
        const after = partnersOf(e.after);
        if (after) {
          const now = new Set(after.map((p) => p.organizationId));
          for (const id of now) if (!before.has(id)) push(e.occurred_at, 'partner-invited', id);
          for (const id of before) if (!now.has(id)) push(e.occurred_at, 'partner-removed', id);
        }
        break;
      }
      case 'proposal.partner-confirmed':
        push(e.occurred_at, 'partner-confirmed', String(e.after?.organizationId ?? e.before?.organizationId));
        break;
      case 'proposal.partner-declined':
        push(e.occurred_at, 'partner-declined', String(e.before?.organizationId));
        break;
      default:
        if (e.action in STATUS_EVENTS) push(e.occurred_at, STATUS_EVENTS[e.action as keyof typeof STATUS_EVENTS]);
    }
  }
  return entries;
}

/** Every organisation id a timeline names, to look their names up in one query. */
export function historyOrganizationIds(events: readonly ProposalAuditRow[]): string[] {
  const ids = new Set<string>();
  for (const e of events) {
    for (const side of [e.before, e.after]) {
      for (const p of partnersOf(side) ?? []) ids.add(p.organizationId);
      if (typeof side?.organizationId === 'string') ids.add(side.organizationId);
    }
  }
  return [...ids];
}
