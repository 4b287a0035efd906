/**
 * A small RFC 5545 (iCalendar) writer: text escaping (§3.3.11), line folding at 75 octets
 * (§3.1, never inside a UTF-8 character), CRLF line ends, UTC date-times. Pure: no clock, no I/O.
 */

export interface CalendarEvent {
  /** Stable across updates: the same event always has the same UID. */
  uid: string;
  sequence: number;
  status: 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE';
  start: Date;
  end: Date;
  /** DTSTAMP: when this version of the event was written. */
  stamp: Date;
  summary: string;
  description?: string | null;
  location?: string | null;
  url?: string | null;
  categories?: string | null;
}

/** TEXT value escaping: backslash, semicolon, comma and newlines. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line to at most 75 octets per line; continuation lines start with a space. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = out.length === 0 ? 75 : 74; // continuation lines spend one octet on the space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** A UTC DATE-TIME: 20270301T120000Z. */
export function formatDateTime(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function eventLines(e: CalendarEvent): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `SEQUENCE:${e.sequence}`,
    `DTSTAMP:${formatDateTime(e.stamp)}`,
    `DTSTART:${formatDateTime(e.start)}`,
    `DTEND:${formatDateTime(e.end)}`,
    `STATUS:${e.status}`,
    `SUMMARY:${escapeText(e.summary)}`,
  ];
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
  if (e.categories) lines.push(`CATEGORIES:${escapeText(e.categories)}`);
  if (e.url) lines.push(`URL:${e.url.replace(/[\r\n]/g, '')}`);
  lines.push('END:VEVENT');
  return lines;
}

/** A whole VCALENDAR with its events, CRLF-terminated. */
export function writeCalendar(name: string, events: readonly CalendarEvent[]): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Helsingborg//Testbed innovation centre//SV',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
    'X-WR-TIMEZONE:Europe/Stockholm',
    ...events.flatMap(eventLines),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
