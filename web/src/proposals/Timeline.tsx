import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format';
import type { HistoryEntry, ProposalStatus } from './hooks';

export function StatusBadge({ status }: { status: ProposalStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${status}`}>
      <span className="visually-hidden">{t('proposals.status.label')}: </span>
      {t(`proposals.status.${status}`)}
    </span>
  );
}

/** What happened to a proposal, oldest first, as an ordered list with times. */
export function Timeline({ entries }: { entries: HistoryEntry[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (entries.length === 0) return <p>{t('proposals.history.empty')}</p>;
  return (
    <ol className="timeline">
      {entries.map((entry, index) => (
        <li key={index}>
          <time dateTime={entry.occurredAt}>{format.dateTime(entry.occurredAt)}</time>{' '}
          <span>
            {t(`proposals.history.events.${entry.event}`, { name: entry.organization?.name ?? '' })}
            {entry.event === 'updated' &&
              entry.fields.length > 0 &&
              `: ${entry.fields.map((f) => t(`proposals.form.${f as 'title'}`).toLowerCase()).join(', ')}`}
          </span>
        </li>
      ))}
    </ol>
  );
}
