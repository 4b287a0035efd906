import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Form } from 'react-aria-components';
import { ShowMore } from '../ui/ShowMore';
import { Button } from '../ui/Button';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { SearchField } from '../ui/SearchField';
import { TextField } from '../ui/TextField';
import { Select } from '../ui/Select';
import { useAreaName, useDepartments, useWelfareAreas } from '../reference/hooks';
import { ChallengeCard } from './ChallengeCard';
import { useChallenges } from './hooks';
import type { ChallengeFilters, ChallengeStatus } from './hooks';

const STATUSES: ChallengeStatus[] = ['published', 'closed', 'archived'];
const SDGS = Array.from({ length: 17 }, (_, index) => String(index + 1));
const FILTER_KEYS = ['q', 'area', 'status', 'departmentId', 'sdg', 'tag'] as const;

function readFilters(params: URLSearchParams): ChallengeFilters {
  const status = params.get('status') ?? '';
  return {
    q: params.get('q') ?? '',
    area: params.get('area') ?? '',
    status: (STATUSES as string[]).includes(status) ? (status as ChallengeStatus) : '',
    departmentId: params.get('departmentId') ?? '',
    sdg: SDGS.includes(params.get('sdg') ?? '') ? (params.get('sdg') ?? '') : '',
    tag: params.get('tag') ?? '',
  };
}

/** Find a challenge: full-text search and filters, all in the URL so a search can be shared. */
export default function ChallengesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const [text, setText] = useState(filters.q);
  const [tag, setTag] = useState(filters.tag);
  // Back and forward change the URL under the page: the boxes follow it.
  useEffect(() => setText(filters.q), [filters.q]);
  useEffect(() => setTag(filters.tag), [filters.tag]);
  const areas = useWelfareAreas();
  const departments = useDepartments();
  const areaName = useAreaName();
  const challenges = useChallenges(filters);

  const update = (changes: Partial<ChallengeFilters>) => {
    const next = { ...filters, ...changes };
    const search = new URLSearchParams();
    for (const key of FILTER_KEYS) if (next[key]) search.set(key, next[key]);
    setParams(search, { replace: false });
  };
  const items = challenges.data?.pages.flatMap((page) => page.items) ?? [];
  const active = FILTER_KEYS.some((key) => filters[key]);

  return (
    <Page title={t('challenges.list.title')} lead={t('challenges.list.lead')}>
      <Form
        role="search"
        aria-label={t('challenges.list.searchRegion')}
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          update({ q: text.trim(), tag: tag.trim() });
        }}
      >
        <div className="search-bar">
          <SearchField
            label={t('challenges.list.search')}
            hint={t('challenges.list.searchHint')}
            clearLabel={t('actions.clearSearch')}
            value={text}
            onChange={setText}
            onClear={() => {
              setText('');
              update({ q: '' });
            }}
          />
          <Button type="submit">{t('actions.search')}</Button>
        </div>
        <div className="filter-grid">
          <Select
            label={t('challenges.filters.area')}
            anyLabel={t('challenges.filters.anyArea')}
            value={filters.area}
            options={(areas.data ?? []).map((area) => ({ id: area.code, label: areaName(area.code) }))}
            onChange={(area) => update({ area })}
          />
          <Select
            label={t('challenges.filters.status')}
            anyLabel={t('challenges.filters.anyStatus')}
            value={filters.status}
            options={STATUSES.map((status) => ({ id: status, label: t(`challenges.status.${status}`) }))}
            onChange={(status) => update({ status: status as ChallengeFilters['status'] })}
          />
          <Select
            label={t('challenges.filters.department')}
            anyLabel={t('challenges.filters.anyDepartment')}
            value={filters.departmentId}
            options={(departments.data ?? []).map((department) => ({ id: department.id, label: department.name }))}
            onChange={(departmentId) => update({ departmentId })}
          />
          <Select
            label={t('challenges.filters.sdg')}
            anyLabel={t('challenges.filters.anySdg')}
            value={filters.sdg}
            options={SDGS.map((sdg) => ({ id: sdg, label: t(`sdg.${sdg}` as 'sdg.1') }))}
            onChange={(sdg) => update({ sdg })}
          />
          <TextField
            id="filter-tag"
            label={t('challenges.filters.tag')}
            hint={t('challenges.filters.tagHint')}
            value={tag}
            onChange={setTag}
          />
        </div>
        {active && (
          <Button
            variant="quiet"
            onPress={() => {
              setText('');
              setTag('');
              setParams(new URLSearchParams());
            }}
          >
            {t('challenges.filters.clear')}
          </Button>
        )}
      </Form>
      <QueryState query={challenges}>
        {() => (
          <>
            <p role="status" className="result-count">
              {items.length === 0
                ? t('challenges.list.none')
                : t(challenges.hasNextPage ? 'challenges.list.showingMore' : 'challenges.list.showing', {
                    count: items.length,
                  })}
            </p>
            <ul className="grid">
              {items.map((challenge) => (
                <li key={challenge.id}>
                  <ChallengeCard challenge={challenge} headingLevel={2} />
                </li>
              ))}
            </ul>
            <ShowMore pages={challenges} />
          </>
        )}
      </QueryState>
    </Page>
  );
}
