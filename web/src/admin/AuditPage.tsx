import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Form } from 'react-aria-components';
import type { User } from '../account/session';
import { useFormat } from '../i18n/format';
import { ShowMore } from '../ui/ShowMore';
import { Button } from '../ui/Button';
import { ErrorSummary } from '../ui/ErrorSummary';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { Select } from '../ui/Select';
import { TextField } from '../ui/TextField';
import { AdminNav } from './AdminNav';
import { auditDiff, readableValue, stockholmDayStart } from './audit-diff';
import { useAudit } from './hooks';
import type { AuditEvent, AuditFilters } from './hooks';
import { RequireRole } from '../account/RequireRole';
import './admin.css';
import './tables.css';

/** The entity types the API records (docs/product.md §3.8); the filter offers these. */
const ENTITY_TYPES = [
  'user',
  'department',
  'welfare_area',
  'organization',
  'challenge',
  'proposal',
  'assignment',
  'pilot',
  'room',
  'event',
  'event-registration',
  'invitation',
  'notification',
] as const;
const KEYS = ['entityType', 'entityId', 'actorId', 'from', 'to'] as const;

function readFilters(params: URLSearchParams): AuditFilters {
  return {
    entityType: params.get('entityType') ?? '',
    entityId: params.get('entityId') ?? '',
    actorId: params.get('actorId') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
}

/** Admins and directors read the audit trail: who changed what, when, and what it was before. */
export default function AuditPage() {
  const { t } = useTranslation();
  return (
    <RequireRole title={t('admin.audit.title')} roles={['admin', 'director']}>
      {(me) => <Audit me={me} />}
    </RequireRole>
  );
}

function Audit({ me }: { me: User }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const [entityId, setEntityId] = useState(filters.entityId);
  const [from, setFrom] = useState(filters.from);
  const [to, setTo] = useState(filters.to);
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  useEffect(() => {
    setEntityId(filters.entityId);
    setFrom(filters.from);
    setTo(filters.to);
  }, [filters.entityId, filters.from, filters.to]);
  const events = useAudit({
    entityType: filters.entityType || undefined,
    entityId: filters.entityId || undefined,
    actorId: filters.actorId || undefined,
    from: stockholmDayStart(filters.from) ?? undefined,
    to: stockholmDayStart(filters.to, 1) ?? undefined,
  });
  const update = (changes: Partial<AuditFilters>) => {
    const next = { ...filters, ...changes };
    const search = new URLSearchParams();
    for (const key of KEYS) if (next[key]) search.set(key, next[key]);
    setParams(search);
  };
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  const actorName = items.find((e) => e.actor?.id === filters.actorId)?.actor?.name;
  const active = KEYS.some((key) => filters[key]);
  const summary = [
    ...(errors.from ? [{ fieldId: 'audit-from', message: errors.from }] : []),
    ...(errors.to ? [{ fieldId: 'audit-to', message: errors.to }] : []),
  ];

  return (
    <Page title={t('admin.audit.title')} lead={t('admin.audit.lead')}>
      {me.roles.includes('admin') && <AdminNav />}
      <Form
        role="search"
        aria-label={t('admin.audit.filters')}
        className="filters"
        validationBehavior="aria"
        onSubmit={(event) => {
          event.preventDefault();
          const found = {
            from: from && !stockholmDayStart(from) ? t('admin.audit.dateInvalid') : undefined,
            to:
              to && !stockholmDayStart(to)
                ? t('admin.audit.dateInvalid')
                : from && to && to < from
                  ? t('admin.audit.toBeforeFrom')
                  : undefined,
          };
          setErrors(found);
          if (found.from || found.to) return;
          update({ entityId: entityId.trim(), from, to });
        }}
      >
        <ErrorSummary errors={summary} />
        <div className="filter-grid">
          <Select
            label={t('admin.audit.entityType')}
            anyLabel={t('admin.audit.anyEntity')}
            value={filters.entityType}
            options={ENTITY_TYPES.map((type) => ({ id: type, label: t(`admin.audit.entities.${type}`) }))}
            onChange={(entityType) => update({ entityType })}
          />
          <TextField
            id="audit-entity-id"
            label={t('admin.audit.entityId')}
            hint={t('admin.audit.entityIdHint')}
            value={entityId}
            onChange={setEntityId}
          />
          <TextField
            id="audit-from"
            type="date"
            label={t('admin.audit.from')}
            value={from}
            onChange={setFrom}
            error={errors.from}
          />
          <TextField
            id="audit-to"
            type="date"
            label={t('admin.audit.to')}
            value={to}
            onChange={setTo}
            error={errors.to}
          />
        </div>
        <div className="button-row">
          <Button type="submit">{t('admin.audit.apply')}</Button>
          {active && (
            <Button
              variant="quiet"
              onPress={() => {
                setErrors({});
                setParams(new URLSearchParams());
              }}
            >
              {t('admin.audit.clear')}
            </Button>
          )}
        </div>
        {filters.actorId && (
          <p className="active-filter">
            {t('admin.audit.actorFilter', { name: actorName ?? filters.actorId })}{' '}
            <Button variant="quiet" onPress={() => update({ actorId: '' })}>
              {t('admin.audit.everyone')}
            </Button>
          </p>
        )}
      </Form>
      <QueryState query={events}>
        {() => (
          <>
            <p role="status" className="result-count">
              {items.length === 0
                ? t('admin.audit.none')
                : t(events.hasNextPage ? 'admin.audit.showingMore' : 'admin.audit.showing', { count: items.length })}
            </p>
            <ol className="audit-list">
              {items.map((event) => (
                <li key={event.id}>
                  <AuditEntry event={event} onActor={(actorId) => update({ actorId })} onEntity={update} />
                </li>
              ))}
            </ol>
            <ShowMore pages={events} />
          </>
        )}
      </QueryState>
    </Page>
  );
}

function AuditEntry({
  event,
  onActor,
  onEntity,
}: {
  event: AuditEvent;
  onActor: (actorId: string) => void;
  onEntity: (filters: Partial<AuditFilters>) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const lines = auditDiff(event.before, event.after);
  const value = (v: unknown) => readableValue(v, t('admin.audit.yes'), t('admin.audit.no'));
  const entityLabel = (ENTITY_TYPES as readonly string[]).includes(event.entityType)
    ? t(`admin.audit.entities.${event.entityType as (typeof ENTITY_TYPES)[number]}`)
    : event.entityType;
  return (
    <article className="audit-entry" aria-labelledby={`audit-${event.id}`}>
      <h2 id={`audit-${event.id}`} className="audit-title">
        <code>{event.action}</code> · {entityLabel}
      </h2>
      <p className="muted">
        <time dateTime={String(event.occurredAt)}>{format.dateTime(String(event.occurredAt))}</time> ·{' '}
        {event.actor ? event.actor.name : t('admin.audit.system')}
      </p>
      <div className="button-row">
        {event.actor && (
          <Button
            variant="quiet"
            aria-label={t('admin.audit.onlyActorNamed', { name: event.actor.name })}
            onPress={() => onActor(event.actor?.id ?? '')}
          >
            {t('admin.audit.onlyActor')}
          </Button>
        )}
        <Button
          variant="quiet"
          aria-label={t('admin.audit.onlyEntityNamed', { entity: entityLabel, id: event.entityId })}
          onPress={() => onEntity({ entityType: event.entityType, entityId: event.entityId })}
        >
          {t('admin.audit.onlyEntity')}
        </Button>
      </div>
      {lines.length === 0 ? (
        <p>{t('admin.audit.noFields')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table diff-table">
            <caption className="visually-hidden">{t('admin.audit.diffCaption', { action: event.action })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.audit.field')}</th>
                <th scope="col">{t('admin.audit.before')}</th>
                <th scope="col">{t('admin.audit.after')}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.field} className={`diff-${line.change}`}>
                  <th scope="row">
                    <code>{line.field}</code>{' '}
                    <span className="diff-change">({t(`admin.audit.change.${line.change}`)})</span>
                  </th>
                  <td className="break">
                    {line.change === 'added' ? (
                      <span className="muted">{t('admin.audit.empty')}</span>
                    ) : (
                      <del>{value(line.before)}</del>
                    )}
                  </td>
                  <td className="break">
                    {line.change === 'removed' ? (
                      <span className="muted">{t('admin.audit.empty')}</span>
                    ) : (
                      <ins>{value(line.after)}</ins>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted audit-id">{t('admin.audit.entityRef', { entity: entityLabel, id: event.entityId })}</p>
    </article>
  );
}
