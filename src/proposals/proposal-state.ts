import type { FieldError } from '../common/errors';

/**
 * The proposal lifecycle (docs/product.md §3.3): draft → submitted → (withdrawn | accepted | rejected).
 * Pure rules, no framework imports.
 */
export const PROPOSAL_STATUSES = ['draft', 'submitted', 'withdrawn', 'accepted', 'rejected'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const PROPOSAL_ACTIONS = ['submit', 'withdraw'] as const;
export type ProposalAction = (typeof PROPOSAL_ACTIONS)[number];

export const PARTNER_STATUSES = ['invited', 'confirmed'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

export const MAX_CONSORTIUM_PARTNERS = 10;

/** The status an action leads to, or null when the transition does not exist (409). */
export function nextProposalStatus(status: ProposalStatus, action: ProposalAction): ProposalStatus | null {
  switch (action) {
    case 'submit':
      return status === 'draft' ? 'submitted' : null;
    case 'withdraw':
      // Until a decision exists: accepted and rejected proposals stay as decided.
      return status === 'submitted' ? 'withdrawn' : null;
  }
}

/** Content and consortium change only while a draft; from submission on a proposal is a public record. */
export const isEditable = (status: ProposalStatus): boolean => status === 'draft';

/** The requested budget may not exceed the challenge's budget when it has one. */
export function budgetProblem(requestedBudgetSek: number, challengeBudgetSek: number | null): FieldError | null {
  if (challengeBudgetSek === null || requestedBudgetSek <= challengeBudgetSek) return null;
  return {
    field: 'requestedBudgetSek',
    message: `requestedBudgetSek ${requestedBudgetSek} exceeds the challenge's budget of ${challengeBudgetSek} SEK`,
  };
}

/** Partner organisations: not the lead (duplicates and the maximum are refused by validation). */
export function consortiumProblem(
  leadOrganizationId: string,
  partnerOrganizationIds: readonly string[],
): FieldError | null {
  if (!partnerOrganizationIds.includes(leadOrganizationId)) return null;
  return {
    field: 'partnerOrganizationIds',
    message: 'partnerOrganizationIds must not include the lead organisation',
  };
}

export interface SubmissionContext {
  challengeStatus: string;
  submissionDeadline: Date | null;
  /** Names (or ids) of partner organisations that have not confirmed yet. */
  unconfirmedPartners: readonly string[];
}

/**
 * Why a draft cannot be submitted now (empty when it can). The deadline is checked here, not
 * left to the job that closes challenges: a proposal a second late is refused even if the
 * challenge is still `published`.
 */
export function submissionProblems(context: SubmissionContext, now: Date): FieldError[] {
  const problems: FieldError[] = [];
  if (context.challengeStatus !== 'published') {
    problems.push({ field: 'challenge', message: `the challenge is ${context.challengeStatus}, not published` });
  } else if (context.submissionDeadline === null || now >= context.submissionDeadline) {
    problems.push({ field: 'challenge', message: 'the submission deadline of the challenge has passed' });
  }
  if (context.unconfirmedPartners.length > 0) {
    problems.push({
      field: 'partnerOrganizationIds',
      message: `every partner organisation must confirm first; unconfirmed: ${context.unconfirmedPartners.join(', ')}`,
    });
  }
  return problems;
}
