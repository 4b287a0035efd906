/*
 * The proposal form's rules, without React: its values, the checks the browser makes before the
 * API does, the copy kept in localStorage until the server has it, and the submission checklist
 * read from the API's 422.
 */

export const FIELDS = [
  'leadOrganizationId',
  'title',
  'summary',
  'description',
  'expectedEffects',
  'requestedBudgetSek',
  'durationMonths',
  'trl',
] as const;
export type Field = (typeof FIELDS)[number];
export type Values = Record<Field, string>;

export const EMPTY: Values = {
  leadOrganizationId: '',
  title: '',
  summary: '',
  description: '',
  expectedEffects: '',
  requestedBudgetSek: '',
  durationMonths: '',
  trl: '',
};

/** The saved proposal as form values. */
export function valuesOf(p: {
  leadOrganization: { id: string };
  title: string;
  summary: string;
  description: string;
  expectedEffects: string | null;
  requestedBudgetSek: number;
  durationMonths: number;
  trl: number | null;
}): Values {
  return {
    leadOrganizationId: p.leadOrganization.id,
    title: p.title,
    summary: p.summary,
    description: p.description,
    expectedEffects: p.expectedEffects ?? '',
    requestedBudgetSek: String(p.requestedBudgetSek),
    durationMonths: String(p.durationMonths),
    trl: p.trl === null ? '' : String(p.trl),
  };
}

/** Digits only, spaces allowed ("250 000"): the integer, else NaN. */
export function integer(text: string): number {
  const compact = text.replace(/[\s\u00a0]/g, '');
  return /^\d+$/.test(compact) ? Number(compact) : Number.NaN;
}

/** The body the API takes (the lead only when creating). */
export function bodyOf(values: Values) {
  return {
    title: values.title.trim(),
    summary: values.summary.trim(),
    description: values.description,
    expectedEffects: values.expectedEffects.trim() ? values.expectedEffects : null,
    requestedBudgetSek: integer(values.requestedBudgetSek),
    durationMonths: integer(values.durationMonths),
    trl: values.trl.trim() ? integer(values.trl) : null,
  };
}

/** Why a field cannot be saved, as a catalogue key and its values; none when it can. */
export type Problem = { key: ProblemKey; max?: number };
export type ProblemKey =
  | 'leadRequired'
  | 'titleLength'
  | 'summaryRequired'
  | 'summaryTooLong'
  | 'descriptionRequired'
  | 'descriptionTooLong'
  | 'effectsTooLong'
  | 'budgetNumber'
  | 'budgetOverCap'
  | 'durationRange'
  | 'trlRange';

/** The checks the API makes again (its answer wins); `cap` is the challenge's budget, if any. */
export function problems(values: Values, cap: number | null): Partial<Record<Field, Problem>> {
  const found: Partial<Record<Field, Problem>> = {};
  const title = values.title.trim();
  if (!values.leadOrganizationId) found.leadOrganizationId = { key: 'leadRequired' };
  if (title.length < 3 || title.length > 200) found.title = { key: 'titleLength' };
  if (!values.summary.trim()) found.summary = { key: 'summaryRequired' };
  else if (values.summary.trim().length > 1000) found.summary = { key: 'summaryTooLong' };
  if (!values.description.trim()) found.description = { key: 'descriptionRequired' };
  else if (values.description.length > 20000) found.description = { key: 'descriptionTooLong' };
  if (values.expectedEffects.length > 5000) found.expectedEffects = { key: 'effectsTooLong' };
  const budget = integer(values.requestedBudgetSek);
  if (Number.isNaN(budget) || budget > 2_147_483_647) found.requestedBudgetSek = { key: 'budgetNumber' };
  else if (cap !== null && budget > cap) found.requestedBudgetSek = { key: 'budgetOverCap', max: cap };
  const duration = integer(values.durationMonths);
  if (Number.isNaN(duration) || duration < 1 || duration > 60) found.durationMonths = { key: 'durationRange' };
  if (values.trl.trim()) {
    const trl = integer(values.trl);
    if (Number.isNaN(trl) || trl < 1 || trl > 9) found.trl = { key: 'trlRange' };
  }
  return found;
}

/** Whether the form differs from what the server has. */
export const isDirty = (values: Values, saved: Values): boolean => FIELDS.some((f) => values[f] !== saved[f]);

/** Where the unsaved copy lives: per proposal, or per challenge before the first save. */
export const storageKey = (target: { proposalId: string } | { challengeId: string }): string =>
  'proposalId' in target
    ? `testbed.proposal-draft.${target.proposalId}`
    : `testbed.proposal-draft.new.${target.challengeId}`;

export interface LocalDraft {
  /** Whose typing it is: another person signing in on this browser does not get it. */
  userId: string;
  values: Values;
  keptAt: string;
}

/** The unsaved copy, if it is this person's and well-formed. */
export function readLocal(raw: string | null, userId: string): LocalDraft | null {
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<LocalDraft>;
    if (parsed.userId !== userId || typeof parsed.values !== 'object' || parsed.values === null) return null;
    const values = { ...EMPTY };
    for (const f of FIELDS) {
      const v = (parsed.values as Record<string, unknown>)[f];
      if (typeof v === 'string') values[f] = v;
    }
    return { userId, values, keptAt: typeof parsed.keptAt === 'string' ? parsed.keptAt : new Date(0).toISOString() };
  } catch {
    return null;
  }
}

/** One item of the submission checklist, from the API's 422 (a field error each). */
export type ChecklistItem =
  | { kind: 'unconfirmed'; names: string[] }
  | { kind: 'deadlinePassed' }
  | { kind: 'challengeClosed' }
  | { kind: 'other'; message: string };

/**
 * The API's refusal of a submission as a checklist: every field error at once, each in words the
 * page can translate. The partners still unconfirmed are named from the proposal itself.
 */
export function checklist(
  errors: readonly { field: string; message: string }[],
  context: { challengeStatus: string; unconfirmed: string[] },
): ChecklistItem[] {
  return errors.map((error): ChecklistItem => {
    if (error.field === 'partnerOrganizationIds') return { kind: 'unconfirmed', names: context.unconfirmed };
    if (error.field === 'challenge') {
      return context.challengeStatus === 'published' ? { kind: 'deadlinePassed' } : { kind: 'challengeClosed' };
    }
    return { kind: 'other', message: error.message };
  });
}

/** Time left until the deadline in whole days, hours and minutes (zero when passed). */
export function timeLeft(deadline: string, now: number): { days: number; hours: number; minutes: number } {
  const ms = Math.max(0, new Date(deadline).getTime() - now);
  const minutes = Math.floor(ms / 60_000);
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 };
}
