/** The department workspace's rules as pure functions (the API checks them again; its answer wins). */

export const WEIGHT_TOTAL = 100;

/** A criterion as the editor holds it: the weight as typed, so nothing typed is lost. */
export interface CriterionDraft {
  /** Stable key for React while editing. */
  key: string;
  /** The stored criterion's id (reviews refer to it); absent for a new one. */
  id?: string;
  name: string;
  description: string;
  weight: string;
}

/** A typed weight as an integer 1–100, or null when it is not one. */
export function parseWeight(value: string): number | null {
  const trimmed = value.trim();
  if (!/^\d{1,3}$/.test(trimmed)) return null;
  const weight = Number(trimmed);
  return weight >= 1 && weight <= WEIGHT_TOTAL ? weight : null;
}

/** The sum of the weights that are whole numbers (others count as 0 until corrected). */
export function weightSum(criteria: readonly Pick<CriterionDraft, 'weight'>[]): number {
  return criteria.reduce((sum, c) => sum + (parseWeight(c.weight) ?? 0), 0);
}

export type CriteriaIssue =
  | { kind: 'none' }
  | { kind: 'sum'; sum: number }
  | { kind: 'name'; index: number }
  | { kind: 'weight'; index: number }
  | { kind: 'duplicate'; name: string };

/** What stops these criteria from being published (empty when nothing does), in the API's order. */
export function criteriaIssues(criteria: readonly CriterionDraft[]): CriteriaIssue[] {
  const issues: CriteriaIssue[] = [];
  if (criteria.length === 0) issues.push({ kind: 'none' });
  criteria.forEach((c, index) => {
    if (!c.name.trim()) issues.push({ kind: 'name', index });
    if (parseWeight(c.weight) === null) issues.push({ kind: 'weight', index });
  });
  const names = criteria.map((c) => c.name.trim().toLowerCase()).filter(Boolean);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) issues.push({ kind: 'duplicate', name: repeated });
  const sum = weightSum(criteria);
  if (criteria.length > 0 && sum !== WEIGHT_TOTAL) issues.push({ kind: 'sum', sum });
  return issues;
}

/** `2026-12-24T13:00:00.000Z` → `2026-12-24T14:00` in the browser's zone (a datetime-local input's value). */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value as an ISO instant, or null when empty or not a date. */
export function fromLocalInput(value: string): string | null {
  if (!value.trim()) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** "Äldre, Sensorer ,  " → ['äldre', 'sensorer']: tags as the API stores them, without repeats. */
export function parseTags(value: string): string[] {
  return [
    ...new Set(
      value
        .split(',')
        .map((tag) => tag.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

/** A whole number of SEK, null for empty, NaN for anything else (so the form can say so). */
export function parseSek(value: string): number | null {
  const compact = value.replace(/[\s\u00a0]/g, '');
  if (!compact) return null;
  return /^\d+$/.test(compact) ? Number(compact) : Number.NaN;
}

export type InterestRelation = 'lead' | 'partner' | 'competitor';

/**
 * Which organisation and which tie a conflict-of-interest refusal names: the API's message names
 * the organisation, and the page knows every consortium of the challenge, so the tie follows
 * from where that organisation stands (this proposal's lead, its partner, or another proposal's).
 */
export function explainConflict(
  message: string,
  proposal: { lead: { name: string }; partners: readonly { name: string }[] },
  others: readonly { name: string }[],
): { organization: string; relation: InterestRelation } | null {
  const named = (name: string) => message.includes(` ${name},`);
  if (named(proposal.lead.name)) return { organization: proposal.lead.name, relation: 'lead' };
  const partner = proposal.partners.find((p) => named(p.name));
  if (partner) return { organization: partner.name, relation: 'partner' };
  const other = [...others].sort((a, b) => b.name.length - a.name.length).find((o) => named(o.name));
  return other ? { organization: other.name, relation: 'competitor' } : null;
}

export type RankingSortKey = 'weightedScore' | 'normalizedScore' | 'spread' | 'title';

/** Rows sorted by a column; missing scores always last, ties by title. */
export function sortRows<T extends { title: string } & Record<Exclude<RankingSortKey, 'title'>, number | null>>(
  rows: readonly T[],
  key: RankingSortKey,
  direction: 'ascending' | 'descending',
): T[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (key === 'title') return sign * a.title.localeCompare(b.title);
    const x = a[key];
    const y = b[key];
    if (x === null && y === null) return a.title.localeCompare(b.title);
    if (x === null) return 1;
    if (y === null) return -1;
    return sign * (x - y) || a.title.localeCompare(b.title);
  });
}
