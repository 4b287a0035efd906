import { useTranslation } from 'react-i18next';
import { Link } from 'react-aria-components';
import type { EventItem } from './hooks';
import { useEventTimes } from './format';
import { usePlaceText } from './place';

/** One event in a list: kind, title (the link), time, place and places left; never names. */
export function EventSummary({ event, headingLevel }: { event: EventItem; headingLevel: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const times = useEventTimes();
  const place = usePlaceText();
  const Heading = `h${headingLevel}` as const;
  const title = i18n.language === 'en' && event.titleEn ? event.titleEn : event.title;
  return (
    <article className="card event-card">
      <p className="card-kicker">
        {t(`events.kind.${event.kind}`)}
        {event.status !== 'published' && <> · {t(`events.status.${event.status}`)}</>}
      </p>
      <Heading>
        <Link href={`/events/${event.id}`}>{title}</Link>
      </Heading>
      <p>
        <time dateTime={event.startsAt}>{times.span(event.startsAt, event.endsAt)}</time>
      </p>
      <p>{place(event)}</p>
      {event.status === 'published' && <p className="muted">{t('events.placesLeft', { count: event.placesLeft })}</p>}
    </article>
  );
}
