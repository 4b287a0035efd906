import { criteriaProblems } from './criteria';
import type { FieldError } from '../common/errors';
import type { Criterion } from './criteria';

/**
 * The challenge lifecycle (docs/product.md §3.1): draft → published → closed → archived. Pure rules,
 * no framework imports: the service asks, these answer.
 */
export const CHALLENGE_STATUSES = ['draft', 'published', 'closed', 'archived'] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];

export const CHALLENGE_ACTIONS = ['publish', 'close', 'archive'] as const;
export type ChallengeAction = (typeof CHALLENGE_ACTIONS)[number];

/** Statuses anyone may read, signed in or not (the Swedish public-access principle). */
export const PUBLIC_CHALLENGE_STATUSES: readonly ChallengeStatus[] = ['published', 'closed', 'archived'];

/** "A draft challenge", "An archived challenge": for messages. */
export const aChallengeIn = (status: ChallengeStatus): string =>
  `${status === 'archived' ? 'An' : 'A'} ${status} challenge`;

/** The status an action leads to from `status`, or null when that transition does not exist (409). */
export function nextStatus(status: ChallengeStatus, action: ChallengeAction): ChallengeStatus | null {
  switch (action) {
    case 'publish':
      return status === 'draft' ? 'published' : null;
    case 'close':
      return status === 'published' ? 'closed' : null;
    case 'archive':
      return status === 'closed' ? 'archived' : null;
  }
}

export interface PublishableChallenge {
  submissionDeadline: Date | null;
  criteria: readonly Criterion[];
}

/** What stops a draft from being published (empty when nothing does); each message names the rule. */
export function publishProblems(challenge: PublishableChallenge, now: Date): FieldError[] {
  const problems: FieldError[] = [];
  const field = 'submissionDeadline';
  if (challenge.submissionDeadline === null) problems.push({ field, message: `${field} is required to publish` });
  else if (challenge.submissionDeadline <= now) {
    problems.push({ field, message: `${field} must be in the future to publish` });
  }
  return [...problems, ...criteriaProblems(challenge.criteria)];
}

/** A published challenge whose deadline has passed is due to be closed by the scheduled job. */
export function isDueForClosing(
  challenge: { status: ChallengeStatus; submissionDeadline: Date | null },
  now: Date,
): boolean {
  return (
    challenge.status === 'published' && challenge.submissionDeadline !== null && challenge.submissionDeadline <= now
  );
}

/**
 * The status every rule applies: once `now >= submissionDeadline` a published challenge is closed
 * for every rule, whether or not the job that closes it has run yet (docs/product.md §3.1.4).
 */
export function effectiveStatus(
  challenge: { status: ChallengeStatus; submissionDeadline: Date | null },
  now: Date,
): ChallengeStatus {
  return isDueForClosing(challenge, now) ? 'closed' : challenge.status;
}

/** Proposals are accepted only while published and strictly before the deadline, closed by the job or not. */
export function acceptsProposals(
  challenge: { status: ChallengeStatus; submissionDeadline: Date | null },
  now: Date,
): boolean {
  return effectiveStatus(challenge, now) === 'published' && challenge.submissionDeadline !== null;
}

/** The fields of a challenge an edit may touch. */
export const EDITABLE_FIELDS = [
  'title',
  'summary',
  'description',
  'expectedEffects',
  'testbedSite',
  'tags',
  'sdgs',
  'welfareArea',
  'budgetSek',
  'blindReview',
  'submissionDeadline',
  'criteria',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/**
 * Fields fixed once a challenge is published: partners answer these terms, so changing them
 * under their feet would be unfair. Texts, tags, goals, a later deadline and (until the first
 * review) criteria may still change.
 */
export const FIXED_WHEN_PUBLISHED: readonly EditableField[] = ['welfareArea', 'budgetSek', 'blindReview'];

export interface EditRefusal {
  /** `conflict` → 409 (the state does not allow it), `rule` → 422 (the new value breaks a rule). */
  kind: 'conflict' | 'rule';
  field: EditableField | null;
  message: string;
}

export interface EditContext {
  status: ChallengeStatus;
  submissionDeadline: Date | null;
  /** Set once the first review of any proposal of the challenge is submitted. */
  criteriaLocked: boolean;
}

export interface EditChanges {
  /** Fields whose value actually changes. */
  changed: readonly EditableField[];
  /** The new deadline when it changes (null clears it, which only a draft may do). */
  submissionDeadline?: Date | null;
  criteria?: readonly Criterion[];
}

/** Whether an edit is allowed; null when it is, else the first reason it is not. */
export function editRefusal(challenge: EditContext, changes: EditChanges, now: Date): EditRefusal | null {
  const { changed } = changes;
  switch (challenge.status) {
    case 'closed':
    case 'archived':
      return changed.length === 0
        ? null
        : { kind: 'conflict', field: null, message: `${aChallengeIn(challenge.status)} cannot be edited.` };
    case 'draft':
    case 'published':
      break;
  }
  if (changed.length > 0 && effectiveStatus(challenge, now) === 'closed') {
    // Past the deadline the challenge is closed, job or not: nothing changes, and above all the
    // deadline cannot be moved to reopen it for late proposals.
    return {
      kind: 'rule',
      field: changed.includes('submissionDeadline') ? 'submissionDeadline' : changed[0],
      message:
        'The submission deadline has passed: the challenge is closed for every rule (whether or not it has been closed yet) and cannot be edited; its deadline cannot be moved to reopen it.',
    };
  }
  if (changed.includes('criteria') && challenge.criteriaLocked) {
    return {
      kind: 'conflict',
      field: 'criteria',
      message: 'criteria cannot change: a review of a proposal to this challenge has been submitted.',
    };
  }
  if (challenge.status === 'draft') return null;
  const fixed = changed.find((field) => FIXED_WHEN_PUBLISHED.includes(field));
  if (fixed) {
    return { kind: 'conflict', field: fixed, message: `${fixed} cannot change once the challenge is published.` };
  }
  if (changed.includes('submissionDeadline')) {
    if (!changes.submissionDeadline) {
      return {
        kind: 'rule',
        field: 'submissionDeadline',
        message: 'submissionDeadline is required for a published challenge.',
      };
    }
    const current = challenge.submissionDeadline;
    if (current && changes.submissionDeadline <= current) {
      return {
        kind: 'rule',
        field: 'submissionDeadline',
        message: 'submissionDeadline of a published challenge may only move later.',
      };
    }
    if (changes.submissionDeadline <= now) {
      return { kind: 'rule', field: 'submissionDeadline', message: 'submissionDeadline must be in the future.' };
    }
  }
  if (changed.includes('criteria') && changes.criteria) {
    const problems = criteriaProblems(changes.criteria);
    if (problems.length > 0) {
      return { kind: 'rule', field: 'criteria', message: problems.map((p) => p.message).join('; ') };
    }
  }
  return null;
}
