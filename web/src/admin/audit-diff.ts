/** One line of an audit event's difference: a field that was added, removed or changed. */
export interface DiffLine {
  field: string;
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What an audit event changed, field by field, in the order the fields first appear: a creation
 * (no before) lists every field as added, a deletion every field as removed, and an update only
 * the fields whose values differ (compared as JSON, so arrays and objects compare by content).
 */
export function auditDiff(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
): DiffLine[] {
  const b = before ?? {};
  const a = after ?? {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields.flatMap((field): DiffLine[] => {
    const inBefore = Object.prototype.hasOwnProperty.call(b, field);
    const inAfter = Object.prototype.hasOwnProperty.call(a, field);
    if (inBefore && !inAfter) return [{ field, change: 'removed', before: b[field] }];
    if (!inBefore && inAfter) return [{ field, change: 'added', after: a[field] }];
    if (same(b[field], a[field])) return [];
    return [{ field, change: 'changed', before: b[field], after: a[field] }];
  });
}

/** A value as a person reads it: lists joined by commas, objects as compact JSON, nothing as ''. */
export function readableValue(value: unknown, yes: string, no: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? yes : no;
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)) {
    return value.map(String).join(', ');
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}

/** The offset of Europe/Stockholm at a moment, as `+01:00` or `+02:00`. */
function stockholmOffset(at: Date): string {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-]\d{2}:\d{2})/.exec(name ?? '');
  return match?.[1] ?? '+00:00';
}

/**
 * The start of a calendar day (`2026-03-29`) in Stockholm as an ISO timestamp with its offset,
 * `days` later: the audit filter's "from" is the day's start, its "to" the next day's, so both
 * days are included whatever the summer time. Null for anything that is not a date.
 */
export function stockholmDayStart(day: string, days = 0): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const start = new Date(Date.UTC(year, month, date));
  // 2026-02-30 is not a day (Date would roll it over to March).
  if (start.getUTCFullYear() !== year || start.getUTCMonth() !== month || start.getUTCDate() !== date) return null;
  start.setUTCDate(start.getUTCDate() + days);
  const iso = start.toISOString().slice(0, 10);
  // Midnight in Stockholm is 22:00 or 23:00 UTC the evening before, and the clocks change at 01:00
  // UTC: the offset at 22:00 UTC the evening before is the one in force at midnight.
  const offset = stockholmOffset(new Date(Date.parse(`${iso}T00:00:00Z`) - 2 * 3_600_000));
  return `${iso}T00:00:00${offset}`;
}
