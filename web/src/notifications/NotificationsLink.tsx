import { useTranslation } from 'react-i18next';
import { Link } from 'react-aria-components';
import { useUnreadCount } from './hooks';

/** The header's way to the notifications, with the unread count as a badge (read out as words). */
export function NotificationsLink() {
  const { t } = useTranslation();
  const unread = useUnreadCount(true).data?.unread ?? 0;
  return (
    <Link href="/notifications" className="header-button notifications-link">
      {t('nav.notifications')}
      {unread > 0 && (
        <>
          <span className="notification-badge" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
          <span className="visually-hidden">{t('nav.notificationsUnread', { count: unread })}</span>
        </>
      )}
    </Link>
  );
}
