import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Input, Label, NumberField, Text } from 'react-aria-components';
import { RequireRole } from '../account/RequireRole';
import type { User } from '../account/session';
import { useFormat } from '../i18n/format';
import { useAreaName, useDepartments, useWelfareAreas } from '../reference/hooks';
import { Button } from '../ui/Button';
import { Link } from '../ui/Link';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { Select } from '../ui/Select';
import { BarChart } from './BarChart';
import { DEFAULT_STALLED_DAYS, usePipeline } from './hooks';
import type { Pipeline, PipelineScope } from './hooks';
import { csvDialect, toCsv } from './pipeline-csv';
import { dashboardSections, funnelSteps, sectionRows } from './sections';
import type { Names, Section } from './sections';
import '../admin/tables.css';
import './pipeline.css';

/** Where a pilot's page is (the pilots workspace's route). */
export const pilotPath = (id: string) => `/workspace/pilots/${id}`;

function readScope(params: URLSearchParams): PipelineScope {
  const days = Number(params.get('stalledDays'));
  return {
    departmentId: params.get('departmentId') ?? '',
    area: params.get('area') ?? '',
    stalledDays: Number.isInteger(days) && days >= 1 && days <= 3650 ? days : DEFAULT_STALLED_DAYS,
  };
}

/** The innovation directors' view of the whole pipeline (department staff: their department's). */
export default function PipelinePage() {
  const { t } = useTranslation();
  return (
    <RequireRole title={t('pipeline.title')} roles={['director', 'admin', 'department']}>
      {(user) => <Dashboard user={user} />}
    </RequireRole>
  );
}

function Dashboard({ user }: { user: User }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const scope = readScope(params);
  const wholeCity = user.roles.includes('director') || user.roles.includes('admin');
  const pipeline = usePipeline(scope);
  const departments = useDepartments();
  const areas = useWelfareAreas();
  const areaName = useAreaName();
  const [days, setDays] = useState(scope.stalledDays);
  useEffect(() => setDays(scope.stalledDays), [scope.stalledDays]);

  const update = (changes: Partial<PipelineScope>) => {
    const next = { ...scope, ...changes };
    const search = new URLSearchParams();
    if (next.departmentId) search.set('departmentId', next.departmentId);
    if (next.area) search.set('area', next.area);
    if (next.stalledDays !== DEFAULT_STALLED_DAYS) search.set('stalledDays', String(next.stalledDays));
    setParams(search, { replace: true });
  };
  const departmentName = (id: string | null) => departments.data?.find((d) => d.id === id)?.name ?? '';
  const scopeText = (data: Pipeline) =>
    [
      data.scope.departmentId ? departmentName(data.scope.departmentId) : t('pipeline.wholeCity'),
      data.scope.area ? areaName(data.scope.area) : t('pipeline.allAreas'),
    ].join(', ');
  const names = (data: Pipeline): Names => ({
    title: (id) => t(`pipeline.sections.${id}`),
    column: (key) => t(`pipeline.columns.${key}` as 'pipeline.columns.count'),
    funnelStep: (step) => t(`pipeline.funnel.${step}` as 'pipeline.funnel.implemented'),
    stage: (stage) => t(`pilots.stages.${stage}`),
    status: (status) => t(`pilots.status.${status}`),
    area: (code) => (code ? areaName(code) : t('pipeline.noArea')),
    kind: (kind) => t(`pipeline.kinds.${kind}`),
    scope: scopeText(data),
    pilotUrl: (id) => new URL(pilotPath(id), window.location.origin).href,
  });

  const download = (data: Pipeline) => {
    const csv = toCsv(sectionRows(dashboardSections(data, names(data))), csvDialect(i18n.language));
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${t('pipeline.fileName')}-${new Date().toISOString().slice(0, 10)}.csv`;
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Page title={t('pipeline.title')} lead={t(wholeCity ? 'pipeline.leadCity' : 'pipeline.leadDepartment')}>
      <form
        className="dashboard-filters"
        aria-label={t('pipeline.filters')}
        onSubmit={(event) => event.preventDefault()}
      >
        {wholeCity && (
          <Select
            label={t('pipeline.department')}
            anyLabel={t('pipeline.allDepartments')}
            value={scope.departmentId}
            options={(departments.data ?? []).map((d) => ({ id: d.id, label: d.name }))}
            onChange={(departmentId) => update({ departmentId })}
          />
        )}
        <Select
          label={t('pipeline.area')}
          anyLabel={t('pipeline.allAreas')}
          value={scope.area}
          options={(areas.data ?? []).map((a) => ({ id: a.code, label: areaName(a.code) }))}
          onChange={(area) => update({ area })}
        />
        <NumberField
          className="field number-field"
          value={days}
          minValue={1}
          maxValue={3650}
          step={1}
          formatOptions={{ maximumFractionDigits: 0 }}
          onChange={(value) => {
            const next = Number.isNaN(value) ? DEFAULT_STALLED_DAYS : value;
            setDays(next);
            if (next !== scope.stalledDays) update({ stalledDays: next });
          }}
        >
          <Label className="field-label">{t('pipeline.stalledDays')}</Label>
          <Text slot="description" className="field-hint">
            {t('pipeline.stalledDaysHint')}
          </Text>
          <Input className="input" />
        </NumberField>
      </form>
      <QueryState query={pipeline}>
        {(data) => {
          const sections = dashboardSections(data, names(data));
          const section = (id: Section['id']) => sections.find((s) => s.id === id) as Section;
          return (
            <>
              <p role="status" className="result-count">
                {pipeline.isFetching ? t('actions.loading') : t('pipeline.showing', { scope: scopeText(data) })}
              </p>
              <div className="button-row">
                <Button variant="secondary" onPress={() => download(data)}>
                  {t('pipeline.download')}
                </Button>
              </div>

              <section className="dashboard-section" aria-labelledby="funnel-title">
                <h2 id="funnel-title">{t('pipeline.sections.funnel')}</h2>
                <p>{t('pipeline.funnelHint')}</p>
                <figure className="figure">
                  <BarChart
                    bars={funnelSteps(data.funnel).map(({ step, value }) => ({
                      label: t(`pipeline.funnel.${step}`),
                      value,
                    }))}
                    format={format.number}
                  />
                  <DataTable section={section('funnel')} />
                </figure>
              </section>

              <section className="dashboard-section" aria-labelledby="stages-title">
                <h2 id="stages-title">{t('pipeline.sections.stages')}</h2>
                <figure className="figure">
                  <BarChart
                    bars={data.stages.map((s) => ({
                      label: t(`pilots.stages.${s.stage}`),
                      value: s.active + s.onHold,
                    }))}
                    format={format.number}
                  />
                  <DataTable
                    section={section('stages')}
                    render={(value, column) => (column === 3 && value === null ? t('pipeline.noMedian') : undefined)}
                  />
                </figure>
              </section>

              <section className="dashboard-section" aria-labelledby="areas-title">
                <h2 id="areas-title">{t('pipeline.sections.areas')}</h2>
                <figure className="figure">
                  <BarChart
                    bars={data.areas.map((a) => ({ label: areaName(a.area), value: a.pilots }))}
                    format={format.number}
                  />
                  <DataTable section={section('areas')} />
                </figure>
              </section>

              <section className="dashboard-section" aria-labelledby="stalled-title">
                <h2 id="stalled-title">{t('pipeline.sections.stalled')}</h2>
                <p>{t('pipeline.stalledLead', { count: data.scope.stalledDays })}</p>
                {data.stalled.length === 0 ? (
                  <p>{t('pipeline.noneStalled')}</p>
                ) : (
                  <div className="table-scroll">
                    <table className="data-table">
                      <caption>{t('pipeline.stalledCaption', { count: data.stalled.length })}</caption>
                      <thead>
                        <tr>
                          {section('stalled')
                            .columns.slice(0, 5)
                            .map((column, index) => (
                              <th key={column} scope="col" className={index === 4 ? 'number' : undefined}>
                                {column}
                              </th>
                            ))}
                        </tr>
                      </thead>
                      <tbody>
                        {data.stalled.map((pilot) => (
                          <tr key={pilot.pilotId}>
                            <th scope="row">
                              <Link href={pilotPath(pilot.pilotId)}>{pilot.title}</Link>
                            </th>
                            <td>{pilot.department}</td>
                            <td>{t(`pilots.stages.${pilot.stage}`)}</td>
                            <td>{t(`pilots.status.${pilot.status}`)}</td>
                            <td className="number">{format.number(pilot.daysWithoutDecision)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </section>

              <section className="dashboard-section" aria-labelledby="backlog-title">
                <h2 id="backlog-title">{t('pipeline.sections.backlog')}</h2>
                {data.evaluatorBacklog.length === 0 ? (
                  <p>{t('pipeline.noBacklog')}</p>
                ) : (
                  <DataTable section={section('backlog')} />
                )}
              </section>

              <section className="dashboard-section" aria-labelledby="events-title">
                <h2 id="events-title">{t('pipeline.sections.events')}</h2>
                <ul className="key-figures">
                  {(['held', 'participants', 'people', 'organizations'] as const).map((key) => (
                    <li key={key} className="key-figure">
                      <span className="key-figure-value">{format.number(data.events[key])}</span>
                      {t(`pipeline.columns.${key}`)}
                    </li>
                  ))}
                </ul>
                {data.events.byKind.length > 0 && <DataTable section={section('eventKinds')} />}
                {data.events.byArea.length > 0 && <DataTable section={section('eventAreas')} />}
              </section>
            </>
          );
        }}
      </QueryState>
    </Page>
  );
}

/** A section as a table: the first column names the row, numbers right-aligned in the person's format. */
function DataTable({
  section,
  render,
}: {
  section: Section;
  render?: (value: Section['rows'][number][number], column: number) => string | undefined;
}) {
  const format = useFormat();
  const show = (value: Section['rows'][number][number], column: number) =>
    render?.(value, column) ?? (typeof value === 'number' ? format.number(value) : (value ?? ''));
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption>{section.title}</caption>
        <thead>
          <tr>
            {section.columns.map((column, index) => (
              <th key={column} scope="col" className={index > 0 ? 'number' : undefined}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {section.rows.map((row, rowIndex) => (
            <tr key={rowIndex}>
              {row.map((value, index) =>
                index === 0 ? (
                  <th key={index} scope="row">
                    {show(value, index)}
                  </th>
                ) : (
                  <td key={index} className="number">
                    {show(value, index)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
