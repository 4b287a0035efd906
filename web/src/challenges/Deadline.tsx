import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format';

/** The submission deadline with the time left ("12 days left"), or that it has passed. */
export function Deadline({ iso }: { iso: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const days = format.daysUntil(iso);
  return (
    <p className="deadline">
      <strong>{t('challenges.deadline')}:</strong> <time dateTime={iso}>{format.dateTime(iso)}</time>{' '}
      <span className="deadline-left">
        ({days > 0 ? t('challenges.daysLeft', { count: days }) : t('challenges.deadlinePassed')})
      </span>
    </p>
  );
}
