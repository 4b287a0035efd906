import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Link } from 'react-aria-components';
import { RequireSignIn } from '../account/RequireSignIn';
import type { User } from '../account/session';
import { useFormat } from '../i18n/format';
import { useAreaName, useDepartments, useWelfareAreas } from '../reference/hooks';
import { ShowMore } from '../ui/ShowMore';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { Select } from '../ui/Select';
import { STAGES, usePilots } from './hooks';
import type { PilotFilters, PilotSummary } from './hooks';
import { daysSince, isCityStaff, STATUSES } from './pilotRules';
import { StageTrack } from './StageTrack';
import './pilotWork.css';

/** The filters live in the address, so a filtered list can be shared and survives a reload. */
function readFilters(params: URLSearchParams): PilotFilters {
  const stage = params.get('stage') ?? '';
  const status = params.get('status') ?? '';
  return {
    stage: (STAGES as readonly string[]).includes(stage) ? (stage as PilotFilters['stage']) : '',
    status: (STATUSES as readonly string[]).includes(status) ? (status as PilotFilters['status']) : '',
    area: params.get('area') ?? '',
    departmentId: params.get('department') ?? '',
  };
}

/** The pilots the signed-in person works with: the city's staff by department, a lead organisation its own. */
export default function PilotListPage() {
  const { t } = useTranslation();
  return <RequireSignIn title={t('pilotWork.list.title')}>{(user) => <PilotList user={user} />}</RequireSignIn>;
}

function PilotList({ user }: { user: User }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const staff = isCityStaff(user);
  const areas = useWelfareAreas();
  const departments = useDepartments();
  const areaName = useAreaName();
  const pilots = usePilots(filters);
  const update = (changes: Partial<PilotFilters>) => {
    const next = { ...filters, ...changes };
    const search = new URLSearchParams();
    if (next.stage) search.set('stage', next.stage);
    if (next.status) search.set('status', next.status);
    if (next.area) search.set('area', next.area);
    if (next.departmentId) search.set('department', next.departmentId);
    setParams(search);
  };
  const items = pilots.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Page title={t('pilotWork.list.title')} lead={t(staff ? 'pilotWork.list.leadStaff' : 'pilotWork.list.leadPartner')}>
      <div className="filter-grid" role="group" aria-label={t('pilotWork.list.filters')}>
        <Select
          label={t('pilotWork.list.stage')}
          anyLabel={t('pilotWork.list.anyStage')}
          value={filters.stage}
          options={STAGES.map((stage) => ({ id: stage, label: t(`pilots.stages.${stage}`) }))}
          onChange={(stage) => update({ stage: stage as PilotFilters['stage'] })}
        />
        <Select
          label={t('pilotWork.list.status')}
          anyLabel={t('pilotWork.list.anyStatus')}
          value={filters.status}
          options={STATUSES.map((status) => ({ id: status, label: t(`pilots.status.${status}`) }))}
          onChange={(status) => update({ status: status as PilotFilters['status'] })}
        />
        {staff && (
          <>
            <Select
              label={t('pilotWork.list.area')}
              anyLabel={t('pilotWork.list.anyArea')}
              value={filters.area}
              options={(areas.data ?? []).map((area) => ({ id: area.code, label: areaName(area.code) }))}
              onChange={(area) => update({ area })}
            />
            <Select
              label={t('pilotWork.list.department')}
              anyLabel={t('pilotWork.list.anyDepartment')}
              value={filters.departmentId}
              options={(departments.data ?? []).map((department) => ({ id: department.id, label: department.name }))}
              onChange={(departmentId) => update({ departmentId })}
            />
          </>
        )}
      </div>
      <QueryState query={pilots}>
        {() => (
          <>
            <p role="status" className="result-count">
              {items.length === 0
                ? t('pilotWork.list.none')
                : t(pilots.hasNextPage ? 'pilotWork.list.showingMore' : 'pilotWork.list.showing', {
                    count: items.length,
                  })}
            </p>
            <ul className="pilot-list">
              {items.map((pilot) => (
                <li key={pilot.id}>
                  <PilotRow pilot={pilot} />
                </li>
              ))}
            </ul>
            <ShowMore pages={pilots} />
          </>
        )}
      </QueryState>
    </Page>
  );
}

function PilotRow({ pilot }: { pilot: PilotSummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  const areaName = useAreaName();
  return (
    <article className="card pilot-row">
      <p className="card-kicker">
        {areaName(pilot.welfareArea)} · {t(`pilots.status.${pilot.status}`)}
      </p>
      <h2 className="pilot-row-title">
        <Link href={`/workspace/pilots/${pilot.id}`}>{pilot.title}</Link>
      </h2>
      <p className="muted">
        {t('pilots.lead')}: {pilot.leadOrganization.name} · {pilot.department.name}
      </p>
      <StageTrack stage={pilot.stage} implemented={pilot.status === 'implemented'} />
      <p>
        {t('pilotWork.page.inStage', {
          stage: t(`pilots.stages.${pilot.stage}`),
          date: format.date(pilot.stageEnteredAt),
          count: daysSince(pilot.stageEnteredAt),
        })}
      </p>
    </article>
  );
}
