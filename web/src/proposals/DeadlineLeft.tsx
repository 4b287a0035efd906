import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format';
import { timeLeft } from './draft';

/**
 * The challenge's deadline in the person's own time zone (named, since a proposer abroad must
 * not misread it), with the time left to the minute; refreshed every minute.
 */
export function DeadlineLeft({ iso }: { iso: string }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  // dateStyle/timeStyle cannot be combined with timeZoneName: the parts are named one by one.
  const local = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
  const left = timeLeft(iso, now);
  const passed = new Date(iso).getTime() <= now;
  return (
    <p className="deadline">
      <strong>{t('proposals.deadline.label')}:</strong> <time dateTime={iso}>{local}</time>{' '}
      <span className="deadline-left">
        (
        {passed
          ? t('proposals.deadline.passed')
          : left.days > 0
            ? t('proposals.deadline.daysHours', {
                days: t('proposals.deadline.days', { count: left.days }),
                hours: t('proposals.deadline.hours', { count: left.hours }),
              })
            : t('proposals.deadline.hoursMinutes', {
                hours: t('proposals.deadline.hours', { count: left.hours }),
                minutes: t('proposals.deadline.minutes', { count: left.minutes }),
              })}
        )
      </span>
    </p>
  );
}
