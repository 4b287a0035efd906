import ICAL from 'ical.js';
import { escapeText, foldLine, formatDateTime, writeCalendar } from './ical';

describe('iCalendar writer (RFC 5545)', () => {
  it('escapes TEXT values', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds lines at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'åäö'.repeat(40)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const [i, part] of parts.entries()) {
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(' ')).toBe(true);
    }
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });

  it('writes UTC date-times', () => {
    expect(formatDateTime(new Date('2027-03-01T12:05:09.123Z'))).toBe('20270301T120509Z');
  });

  it('writes a calendar a real parser reads back field for field', () => {
    const text = writeCalendar('Innovationscentrum Oceanhamnen', [
      {
        uid: 'event-1@testbed.helsingborg.se',
        sequence: 3,
        status: 'CANCELLED',
        start: new Date('2027-03-01T12:00:00Z'),
        end: new Date('2027-03-01T14:00:00Z'),
        stamp: new Date('2027-02-01T08:00:00Z'),
        summary: 'Workshop: trygghet, ljus; och "öppna data"',
        description: `${'Lång beskrivning med åäö, '.repeat(10)}\nny rad`,
        location: 'Hörsalen, Innovationscentrum Oceanhamnen, Helsingborg',
        url: 'https://example.se/events/1',
        categories: 'WORKSHOP',
      },
    ]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n').every((l) => Buffer.byteLength(l, 'utf8') <= 75)).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(text));
    const [vevent] = calendar.getAllSubcomponents('vevent');
    const event = new ICAL.Event(vevent);
    expect(event.uid).toBe('event-1@testbed.helsingborg.se');
    expect(event.sequence).toBe(3);
    expect(event.summary).toBe('Workshop: trygghet, ljus; och "öppna data"');
    expect(event.description).toBe(`${'Lång beskrivning med åäö, '.repeat(10)}\nny rad`);
    expect(event.location).toBe('Hörsalen, Innovationscentrum Oceanhamnen, Helsingborg');
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-03-01T12:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2027-03-01T14:00:00.000Z');
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Innovationscentrum Oceanhamnen');
  });
});
