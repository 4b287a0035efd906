import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ShowMore } from '../ui/ShowMore';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { Select } from '../ui/Select';
import { useAreaName, useWelfareAreas } from '../reference/hooks';
import { STAGES, useRegistry } from './hooks';
import type { RegistryFilters, Stage } from './hooks';
import { PilotCard } from './PilotCard';

function readFilters(params: URLSearchParams): RegistryFilters {
  const stage = params.get('stage') ?? '';
  return {
    area: params.get('area') ?? '',
    stage: (STAGES as readonly string[]).includes(stage) ? (stage as Stage) : '',
  };
}

/** The public registry: every pilot the city runs, its stage and, where public, its effect goals. */
export default function RegistryPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const areas = useWelfareAreas();
  const areaName = useAreaName();
  const registry = useRegistry(filters);
  const update = (changes: Partial<RegistryFilters>) => {
    const next = { ...filters, ...changes };
    const search = new URLSearchParams();
    if (next.area) search.set('area', next.area);
    if (next.stage) search.set('stage', next.stage);
    setParams(search);
  };
  const items = registry.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Page title={t('pilots.registry.title')} lead={t('pilots.registry.lead')}>
      <section aria-labelledby="track-title" className="panel">
        <h2 id="track-title">{t('pilots.registry.trackTitle')}</h2>
        <ol className="track-explained">
          {STAGES.map((stage) => (
            <li key={stage}>
              <strong>{t(`pilots.stages.${stage}`)}</strong>: {t(`pilots.stageInfo.${stage}`)}
            </li>
          ))}
        </ol>
      </section>
      <div className="filter-grid" role="group" aria-label={t('pilots.registry.filters')}>
        <Select
          label={t('pilots.registry.area')}
          anyLabel={t('challenges.filters.anyArea')}
          value={filters.area}
          options={(areas.data ?? []).map((area) => ({ id: area.code, label: areaName(area.code) }))}
          onChange={(area) => update({ area })}
        />
        <Select
          label={t('pilots.registry.stage')}
          anyLabel={t('pilots.registry.anyStage')}
          value={filters.stage}
          options={STAGES.map((stage) => ({ id: stage, label: t(`pilots.stages.${stage}`) }))}
          onChange={(stage) => update({ stage: stage as RegistryFilters['stage'] })}
        />
      </div>
      <QueryState query={registry}>
        {() => (
          <>
            <p role="status" className="result-count">
              {items.length === 0
                ? t('pilots.registry.none')
                : t(registry.hasNextPage ? 'pilots.registry.showingMore' : 'pilots.registry.showing', {
                    count: items.length,
                  })}
            </p>
            <ul className="grid">
              {items.map((pilot) => (
                <li key={pilot.id}>
                  <PilotCard pilot={pilot} headingLevel={2} />
                </li>
              ))}
            </ul>
            <ShowMore pages={registry} />
          </>
        )}
      </QueryState>
    </Page>
  );
}
