import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ToggleButton, ToggleButtonGroup } from 'react-aria-components';
import type { Key } from 'react-aria-components';
import { useSession } from '../account/session';
import { useAreaName, useWelfareAreas } from '../reference/hooks';
import { ShowMore } from '../ui/ShowMore';
import { LinkButton } from '../ui/Button';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { Select } from '../ui/Select';
import { addMonths, groupByDay, isMonth, monthOf, monthStart, stockholmDay } from './calendar';
import { EventSummary } from './EventSummary';
import { MonthGrid } from './MonthGrid';
import { EVENT_KINDS, FEED_LINK, useMonthEvents, useUpcomingEvents } from './hooks';
import type { EventFilters, EventKind } from './hooks';
import { isCityStaff } from './roles';
import { useDayName } from './format';
import './events.css';

function readFilters(params: URLSearchParams): EventFilters {
  const kind = params.get('kind') ?? '';
  return {
    kind: (EVENT_KINDS as string[]).includes(kind) ? (kind as EventKind) : '',
    area: params.get('area') ?? '',
  };
}

/** The innovation centre's calendar: upcoming events as a list by day, or a month as a grid. */
export default function EventsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const view = params.get('view') === 'month' ? 'month' : 'list';
  const month = isMonth(params.get('month')) ? (params.get('month') as string) : monthOf(stockholmDay(new Date()));
  const areas = useWelfareAreas();
  const areaName = useAreaName();
  const session = useSession();

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

  return (
    <Page title={t('events.list.title')} lead={t('events.list.lead')}>
      {isCityStaff(session.data?.roles) && (
        <div className="button-row">
          <LinkButton href="/events/new">{t('events.list.create')}</LinkButton>
          <LinkButton variant="secondary" href="/events/rooms">
            {t('events.list.rooms')}
          </LinkButton>
        </div>
      )}
      <div className="filters" role="group" aria-label={t('events.list.filters')}>
        <div className="filter-grid">
          <Select
            label={t('events.filters.kind')}
            anyLabel={t('events.filters.anyKind')}
            value={filters.kind}
            options={EVENT_KINDS.map((kind) => ({ id: kind, label: t(`events.kind.${kind}`) }))}
            onChange={(kind) => update({ kind })}
          />
          <Select
            label={t('events.filters.area')}
            anyLabel={t('events.filters.anyArea')}
            value={filters.area}
            options={(areas.data ?? []).map((area) => ({ id: area.code, label: areaName(area.code) }))}
            onChange={(area) => update({ area })}
          />
        </div>
        <ToggleButtonGroup
          aria-label={t('events.list.view')}
          selectionMode="single"
          disallowEmptySelection
          selectedKeys={[view]}
          onSelectionChange={(keys: Set<Key>) => update({ view: keys.has('month') ? 'month' : '' })}
          className="view-switch"
        >
          <ToggleButton id="list" className="button button-secondary">
            {t('events.list.listView')}
          </ToggleButton>
          <ToggleButton id="month" className="button button-secondary">
            {t('events.list.monthView')}
          </ToggleButton>
        </ToggleButtonGroup>
      </div>
      {view === 'list' ? (
        <UpcomingList filters={filters} />
      ) : (
        <MonthView filters={filters} month={month} onMonth={(next) => update({ month: next })} />
      )}
      <section aria-labelledby="subscribe" className="notice">
        <h2 id="subscribe">{t('events.list.subscribeTitle')}</h2>
        <p>{t('events.list.subscribeBody')}</p>
        <p>
          <a href={FEED_LINK}>{t('events.list.subscribeLink')}</a>
        </p>
      </section>
    </Page>
  );
}

function UpcomingList({ filters }: { filters: EventFilters }) {
  const { t } = useTranslation();
  const dayName = useDayName();
  const events = useUpcomingEvents(filters);
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <QueryState query={events}>
      {() => (
        <>
          <p role="status" className="result-count">
            {items.length === 0 ? t('events.list.none') : t('events.list.showing', { count: items.length })}
          </p>
          {groupByDay(items).map(({ day, events: dayEvents }) => (
            <section key={day} aria-labelledby={`day-${day}`} className="event-day">
              <h2 id={`day-${day}`}>{dayName(day)}</h2>
              <ul className="event-list">
                {dayEvents.map((event) => (
                  <li key={event.id}>
                    <EventSummary event={event} headingLevel={3} />
                  </li>
                ))}
              </ul>
            </section>
          ))}
          <ShowMore pages={events} />
        </>
      )}
    </QueryState>
  );
}

function MonthView({
  filters,
  month,
  onMonth,
}: {
  filters: EventFilters;
  month: string;
  onMonth: (month: string) => void;
}) {
  const next = addMonths(month, 1);
  const events = useMonthEvents(filters, monthStart(month), monthStart(next));
  return (
    <QueryState query={events}>
      {(items) => (
        <MonthGrid
          month={month}
          events={items}
          onPrevious={() => onMonth(addMonths(month, -1))}
          onNext={() => onMonth(next)}
        />
      )}
    </QueryState>
  );
}
