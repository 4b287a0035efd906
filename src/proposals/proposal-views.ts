import type { OrganizationKind } from '../partners/org-number';
import type { BlindProposalDto, ConsortiumPartnerDto, ProposalDto, ProposalSummaryDto } from './dto/proposal.dto';
import type { ProposalStatus } from './proposal-state';
import type { ConsortiumRow } from './proposals.repository';

/*
 * Proposal views. Each reader gets a DTO built field by field from the row: the blind view has no
 * organisation or person fields at all, so nothing can leak into it by accident.
 */

/** A proposal row joined with what its views show of the challenge and the lead organisation. */
export interface ProposalRow {
  id: string;
  challenge_id: string;
  challenge_title: string;
  challenge_department_id: string;
  challenge_blind_review: boolean;
  lead_organization_id: string;
  lead_name: string;
  lead_kind: OrganizationKind;
  title: string;
  summary: string;
  description: string;
  expected_effects: string | null;
  requested_budget_sek: number;
  duration_months: number;
  trl: number | null;
  status: ProposalStatus;
  submitted_at: Date | null;
  withdrawn_at: Date | null;
  created_at: Date;
  updated_at: Date;
  decision_reason: string | null;
  decided_at: Date | null;
  decided_by: string | null;
  decided_by_name: string | null;
  /** The caller reads it as a member of the lead or of a partner organisation. */
  in_consortium: boolean;
}

export const organizationRef = (r: {
  lead_organization_id: string;
  lead_name: string;
  lead_kind: OrganizationKind;
}) => ({
  id: r.lead_organization_id,
  name: r.lead_name,
  kind: r.lead_kind,
});

export const summaryView = (r: Omit<ProposalSummaryRow, 'created_key'>): ProposalSummaryDto => ({
  id: r.id,
  challenge: { id: r.challenge_id, title: r.challenge_title, submissionDeadline: r.challenge_submission_deadline },
  leadOrganization: organizationRef(r),
  title: r.title,
  requestedBudgetSek: r.requested_budget_sek,
  status: r.status,
  submittedAt: r.submitted_at,
  decision:
    r.decided_at && (r.status === 'accepted' || r.status === 'rejected')
      ? { outcome: r.status, reason: r.decision_reason ?? '', decidedAt: r.decided_at }
      : null,
  createdAt: r.created_at,
});

export type ProposalSummaryRow = Pick<
  ProposalRow,
  | 'id'
  | 'challenge_id'
  | 'challenge_title'
  | 'lead_organization_id'
  | 'lead_name'
  | 'lead_kind'
  | 'title'
  | 'requested_budget_sek'
  | 'status'
  | 'submitted_at'
  | 'created_at'
  | 'decision_reason'
  | 'decided_at'
> & { created_key: string; challenge_submission_deadline: Date | null };

/** No organisation, no person: what an evaluator of a blind-review challenge reads. */
export const blindView = (r: ProposalRow): BlindProposalDto => ({
  id: r.id,
  challenge: { id: r.challenge_id, title: r.challenge_title },
  title: r.title,
  summary: r.summary,
  description: r.description,
  expectedEffects: r.expected_effects,
  requestedBudgetSek: r.requested_budget_sek,
  durationMonths: r.duration_months,
  trl: r.trl,
  status: r.status,
  submittedAt: r.submitted_at,
});

export const fullView = (r: ProposalRow, partners: ConsortiumPartnerDto[]): ProposalDto => ({
  ...blindView(r),
  leadOrganization: organizationRef(r),
  partners,
  withdrawnAt: r.withdrawn_at,
  decision:
    r.decided_at && (r.status === 'accepted' || r.status === 'rejected')
      ? {
          outcome: r.status,
          reason: r.decision_reason ?? '',
          decidedAt: r.decided_at,
          decidedBy: { id: r.decided_by ?? '', name: r.decided_by_name ?? '' },
        }
      : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** What the audit trail keeps of a proposal's content and consortium. */
export const auditView = (p: ProposalDto | BlindProposalDto): Record<string, unknown> => ({
  title: p.title,
  summary: p.summary,
  description: p.description,
  expectedEffects: p.expectedEffects,
  requestedBudgetSek: p.requestedBudgetSek,
  durationMonths: p.durationMonths,
  trl: p.trl,
  status: p.status,
  ...('leadOrganization' in p
    ? {
        leadOrganizationId: p.leadOrganization.id,
        partners: p.partners.map((x) => ({ organizationId: x.organization.id, status: x.status })),
      }
    : {}),
});

/** A partner organisation of the consortium. */
export const consortiumPartnerView = (p: ConsortiumRow): ConsortiumPartnerDto => ({
  organization: { id: p.id, name: p.name, kind: p.kind },
  status: p.status,
  confirmedAt: p.confirmed_at,
});
