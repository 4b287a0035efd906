import { blindView, fullView } from './proposal-views';
import type { ProposalRow } from './proposal-views';

const row: ProposalRow = {
  id: 'p1',
  challenge_id: 'c1',
  challenge_title: 'Minskad ensamhet',
  challenge_department_id: 'd1',
  challenge_blind_review: true,
  lead_organization_id: 'o1',
  lead_name: 'Öresund Mobility AB',
  lead_kind: 'company',
  title: 'Fika',
  summary: 'Möten',
  description: 'Beskrivning',
  expected_effects: null,
  requested_budget_sek: 1000,
  duration_months: 6,
  trl: null,
  status: 'submitted',
  submitted_at: new Date('2027-01-01T00:00:00Z'),
  withdrawn_at: null,
  created_at: new Date('2026-12-01T00:00:00Z'),
  updated_at: new Date('2027-01-01T00:00:00Z'),
  decision_reason: null,
  decided_at: null,
  decided_by: null,
  decided_by_name: null,
  in_consortium: false,
};

describe('proposal views', () => {
  it('the blind view has no organisation, person or consortium field at all', () => {
    const view = blindView(row);
    expect(Object.keys(view).sort()).toEqual(
      [
        'challenge',
        'description',
        'durationMonths',
        'expectedEffects',
        'id',
        'requestedBudgetSek',
        'status',
        'submittedAt',
        'summary',
        'title',
        'trl',
      ].sort(),
    );
    expect(JSON.stringify(view)).not.toContain('Öresund');
    expect(JSON.stringify(view)).not.toContain('o1');
  });

  it('the full view adds the lead organisation and the consortium', () => {
    const partners = [
      {
        organization: { id: 'o2', name: 'Region Skåne', kind: 'public_sector' as const },
        status: 'confirmed' as const,
        confirmedAt: null,
      },
    ];
    expect(fullView(row, partners)).toMatchObject({
      leadOrganization: { id: 'o1', name: 'Öresund Mobility AB', kind: 'company' },
      partners,
    });
  });
});
