import type { ChallengeDto, ChallengeSummaryDto } from './dto/challenge.dto';
import type { Challenge } from './challenge.entity';
import type { SummaryRow } from './challenges.repository';

/** Every challenge row → response mapping, and what the audit trail keeps of a challenge. */

export const summaryView = (c: Challenge): ChallengeSummaryDto => ({
  id: c.id,
  title: c.title,
  summary: c.summary,
  welfareArea: c.welfareAreaCode,
  department: { id: c.departmentId, name: c.department?.name ?? '' },
  status: c.status,
  submissionDeadline: c.submissionDeadline,
  budgetSek: c.budgetSek,
  testbedSite: c.testbedSite,
  sdgs: c.sdgs,
  tags: c.tags,
  publishedAt: c.publishedAt,
  createdAt: c.createdAt,
});

export const summaryRowView = (r: SummaryRow): ChallengeSummaryDto => ({
  id: r.id,
  title: r.title,
  summary: r.summary,
  welfareArea: r.welfare_area_code,
  department: { id: r.department_id, name: r.department_name },
  status: r.status,
  submissionDeadline: r.submission_deadline,
  budgetSek: r.budget_sek,
  testbedSite: r.testbed_site,
  sdgs: r.sdgs,
  tags: r.tags,
  publishedAt: r.published_at,
  createdAt: r.created_at,
});

/**
 * The full challenge. `staff` (the challenge's department staff, directors, admins) also learn
 * whether its criteria are locked, which tells that evaluation has begun: nobody else does.
 */
export const fullView = (c: Challenge, staff: boolean): ChallengeDto => ({
  ...summaryView(c),
  description: c.description,
  expectedEffects: c.expectedEffects,
  blindReview: c.blindReview,
  criteria: c.criteria.map((k) => ({ id: k.id, name: k.name, description: k.description, weight: k.weight })),
  ...(staff ? { criteriaLocked: c.criteriaLockedAt !== null } : {}),
  closedAt: c.closedAt,
  archivedAt: c.archivedAt,
  updatedAt: c.updatedAt,
});

/** What the audit trail keeps of a field's value (dates as ISO text, like the API). */
const auditValue = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value);

export const auditView = (c: Challenge): Record<string, unknown> => ({
  title: c.title,
  summary: c.summary,
  description: c.description,
  welfareArea: c.welfareAreaCode,
  departmentId: c.departmentId,
  status: c.status,
  submissionDeadline: auditValue(c.submissionDeadline),
  budgetSek: c.budgetSek,
  testbedSite: c.testbedSite,
  expectedEffects: c.expectedEffects,
  sdgs: c.sdgs,
  tags: c.tags,
  blindReview: c.blindReview,
  criteria: c.criteria,
});
