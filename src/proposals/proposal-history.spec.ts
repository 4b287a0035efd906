import { historyOrganizationIds, proposalHistory } from './proposal-history';
import type { ProposalAuditRow } from './proposal-history';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const names = (id: string) => ({ [A]: 'Alfa AB', [B]: 'Beta AB' })[id] ?? '?';

const events: ProposalAuditRow[] = [
  {
    occurred_at: at(0),
    action: 'proposal.created',
    before: null,
    after: { title: 'x', partners: [{ organizationId: A, status: 'invited' }] },
  },
  {
    occurred_at: at(1),
    action: 'proposal.updated',
    before: { summary: 'a', partners: [{ organizationId: A, status: 'invited' }] },
    after: { summary: 'b', trl: 4, partners: [{ organizationId: B, status: 'invited' }] },
  },
  {
    occurred_at: at(2),
    action: 'proposal.partner-confirmed',
    before: { organizationId: B, status: 'invited' },
    after: { organizationId: B, status: 'confirmed' },
  },
  {
    occurred_at: at(3),
    action: 'proposal.partner-declined',
    before: { organizationId: A, status: 'invited' },
    after: null,
  },
  { occurred_at: at(4), action: 'proposal.submitted', before: { status: 'draft' }, after: { status: 'submitted' } },
  { occurred_at: at(5), action: 'assignment.created', before: null, after: { evaluatorId: 'someone' } },
  {
    occurred_at: at(6),
    action: 'proposal.rejected',
    before: { status: 'submitted' },
    after: { status: 'rejected', reason: 'r' },
  },
];

describe('proposalHistory', () => {
  it('turns audit events into the consortium timeline, naming organisations and changed fields but no person', () => {
    expect(proposalHistory(events, names)).toEqual([
      { occurredAt: at(0), event: 'created', organization: null, fields: [] },
      { occurredAt: at(0), event: 'partner-invited', organization: { id: A, name: 'Alfa AB' }, fields: [] },
      { occurredAt: at(1), event: 'updated', organization: null, fields: ['summary', 'trl'] },
      { occurredAt: at(1), event: 'partner-invited', organization: { id: B, name: 'Beta AB' }, fields: [] },
      { occurredAt: at(1), event: 'partner-removed', organization: { id: A, name: 'Alfa AB' }, fields: [] },
      { occurredAt: at(2), event: 'partner-confirmed', organization: { id: B, name: 'Beta AB' }, fields: [] },
      { occurredAt: at(3), event: 'partner-declined', organization: { id: A, name: 'Alfa AB' }, fields: [] },
      { occurredAt: at(4), event: 'submitted', organization: null, fields: [] },
      { occurredAt: at(6), event: 'rejected', organization: null, fields: [] },
    ]);
  });

  it('an update that changed only the consortium has no "updated" entry', () => {
    const only = proposalHistory(
      [
        {
          occurred_at: at(0),
          action: 'proposal.updated',
          before: { partners: [] },
          after: { partners: [{ organizationId: A, status: 'invited' }] },
        },
      ],
      names,
    );
    expect(only.map((e) => e.event)).toEqual(['partner-invited']);
  });

  it('collects every organisation id the events name', () => {
    expect(historyOrganizationIds(events).sort()).toEqual([A, B]);
  });
});
