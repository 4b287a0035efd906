import { useTranslation } from 'react-i18next';
import { Link } from 'react-aria-components';
import { Button } from '../ui/Button';
import { monthGrid, stockholmDay } from './calendar';
import { useEventTimes } from './format';
import type { EventItem } from './hooks';

/**
 * A month as a table, Monday first: the month's name is its caption, each day a cell with its
 * events as links (Tab moves from one to the next, in date order). The previous and next months
 * are buttons before the table, so the keyboard reaches them first.
 */
export function MonthGrid({
  month,
  events,
  onPrevious,
  onNext,
}: {
  month: string;
  events: EventItem[];
  onPrevious: () => void;
  onNext: () => void;
}) {
  const { t, i18n } = useTranslation();
  const times = useEventTimes();
  const today = stockholmDay(new Date());
  const byDay = new Map<string, EventItem[]>();
  for (const event of events) {
    const day = stockholmDay(event.startsAt);
    byDay.set(day, [...(byDay.get(day) ?? []), event]);
  }
  const weekdays = Array.from({ length: 7 }, (_, index) => index);
  const name = times.monthName(month);
  return (
    <section aria-labelledby="month-title" className="month">
      <div className="month-bar">
        <Button variant="secondary" onPress={onPrevious}>
          <span aria-hidden="true" className="month-arrow">
            ‹
          </span>
          {t('events.month.previous')}
        </Button>
        <h2 id="month-title" aria-live="polite">
          {name}
        </h2>
        <Button variant="secondary" onPress={onNext}>
          {t('events.month.next')}
          <span aria-hidden="true" className="month-arrow">
            ›
          </span>
        </Button>
      </div>
      <p role="status" className="result-count">
        {t('events.month.count', { count: events.length, month: name })}
      </p>
      <div className="month-scroll">
        <table className="month-grid">
          <caption className="visually-hidden">{name}</caption>
          <thead>
            <tr>
              {weekdays.map((index) => (
                <th key={index} scope="col" abbr={times.weekday(index, 'long')}>
                  {times.weekday(index, 'short')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {monthGrid(month).map((week, row) => (
              <tr key={row}>
                {week.map((day, column) =>
                  day === null ? (
                    <td key={column} className="month-outside" />
                  ) : (
                    <td
                      key={day}
                      className={`${byDay.has(day) ? 'month-busy' : ''}${day === today ? ' month-today' : ''}`}
                      aria-current={day === today ? 'date' : undefined}
                    >
                      <span className="month-day">{Number(day.slice(8))}</span>
                      {byDay.has(day) && (
                        <ul>
                          {byDay.get(day)!.map((event) => (
                            <li key={event.id}>
                              <Link href={`/events/${event.id}`} className="month-event">
                                <span className="visually-hidden">{times.dateTime(event.startsAt)}: </span>
                                <span aria-hidden="true">{times.time(event.startsAt)} </span>
                                {i18n.language === 'en' && event.titleEn ? event.titleEn : event.title}
                                {event.status === 'cancelled' && ` (${t('events.status.cancelled')})`}
                              </Link>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
