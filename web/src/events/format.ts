import { useFormat } from '../i18n/format';
import { stockholmDay, TIME_ZONE } from './calendar';

/** The event texts in the person's language: day headings, times and spans, all in Stockholm time. */
export function useDayName() {
  const { locale } = useFormat();
  // A calendar day (`2027-03-01`) named at noon UTC, which is that same day in Stockholm.
  return (day: string) =>
    new Intl.DateTimeFormat(locale, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: TIME_ZONE,
    }).format(new Date(`${day}T12:00:00Z`));
}

export function useEventTimes() {
  const { locale } = useFormat();
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE });
  const dateTime = new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: TIME_ZONE,
  });
  return {
    time: (iso: string) => time.format(new Date(iso)),
    dateTime: (iso: string) => dateTime.format(new Date(iso)),
    /** `13:00–15:00` on one day, else both dates in full. */
    span: (start: string, end: string) =>
      stockholmDay(start) === stockholmDay(end)
        ? `${dateTime.format(new Date(start))}–${time.format(new Date(end))}`
        : `${dateTime.format(new Date(start))} – ${dateTime.format(new Date(end))}`,
    monthName: (month: string) =>
      new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(`${month}-15T12:00:00Z`),
      ),
    weekday: (index: number, style: 'long' | 'short') =>
      // 2024-01-01 was a Monday.
      new Intl.DateTimeFormat(locale, { weekday: style, timeZone: 'UTC' }).format(
        new Date(Date.UTC(2024, 0, 1 + index, 12)),
      ),
  };
}
