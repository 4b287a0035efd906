import { useTranslation } from 'react-i18next';
import { Link } from 'react-aria-components';
import { EventSummary } from './EventSummary';
import { useRelatedEvents } from './hooks';
import './events.css';

/**
 * An entity's upcoming events at the innovation centre (a challenge's kick-off workshop, a pilot's
 * demo day), for its page. Shows nothing while loading or when there are none, so a page without
 * events does not grow an empty heading.
 */
export function RelatedEvents({ challengeId, pilotId }: { challengeId?: string; pilotId?: string }) {
  const { t } = useTranslation();
  const events = useRelatedEvents({ challengeId, pilotId });
  const items = events.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="related-events" className="related-events">
      <h2 id="related-events">{t('events.related.title')}</h2>
      <ul className="event-list">
        {items.map((event) => (
          <li key={event.id}>
            <EventSummary event={event} headingLevel={3} />
          </li>
        ))}
      </ul>
      <p>
        <Link href="/events">{t('events.related.all')}</Link>
      </p>
    </section>
  );
}

export default RelatedEvents;
