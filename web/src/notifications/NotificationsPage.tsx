import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ToggleButton, ToggleButtonGroup } from 'react-aria-components';
import { useProblemMessage } from '../api/problems';
import { RequireSignIn } from '../account/RequireSignIn';
import { useFormat } from '../i18n/format';
import { ShowMore } from '../ui/ShowMore';
import { Button } from '../ui/Button';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from './hooks';
import type { Notification } from './hooks';
import { notificationHref } from './links';
import { notificationText } from './texts';
import './notifications.css';

/** My notifications: unread first by default, each leading to what it is about and marked read on the way. */
export default function NotificationsPage() {
  const { t } = useTranslation();
  return <RequireSignIn title={t('notifications.title')}>{() => <Notifications />}</RequireSignIn>;
}

function Notifications() {
  const { t } = useTranslation();
  const problemMessage = useProblemMessage();
  const [params, setParams] = useSearchParams();
  const showAll = params.get('show') === 'all';
  const notifications = useNotifications(!showAll);
  const unread = useUnreadCount(true);
  const markAll = useMarkAllRead();
  // Held by the page, not the item: a read item leaves the unread list before the call's callbacks run.
  const markRead = useMarkRead();
  const [announcement, setAnnouncement] = useState('');
  const items = notifications.data?.pages.flatMap((page) => page.items) ?? [];
  const unreadCount = unread.data?.unread ?? 0;

  return (
    <Page title={t('notifications.title')} lead={t('notifications.lead')}>
      <div className="notifications-tools">
        <ToggleButtonGroup
          aria-label={t('notifications.show')}
          className="segmented"
          selectionMode="single"
          disallowEmptySelection
          selectedKeys={[showAll ? 'all' : 'unread']}
          onSelectionChange={(keys) => setParams(keys.has('all') ? { show: 'all' } : {}, { replace: true })}
        >
          <ToggleButton id="unread" className="segment">
            {t('notifications.showUnread', { count: unreadCount })}
          </ToggleButton>
          <ToggleButton id="all" className="segment">
            {t('notifications.showAll')}
          </ToggleButton>
        </ToggleButtonGroup>
        {unreadCount > 0 && (
          <Button
            variant="secondary"
            isPending={markAll.isPending}
            onPress={() =>
              markAll.mutate(undefined, {
                onSuccess: ({ marked }) => setAnnouncement(t('notifications.allMarked', { count: marked })),
                onError: (error) => setAnnouncement(problemMessage(error)),
              })
            }
          >
            {t('notifications.markAll')}
          </Button>
        )}
      </div>
      <p role="status" className="result-count">
        {announcement}
      </p>
      <QueryState query={notifications}>
        {() =>
          items.length === 0 ? (
            <p className="notice">{showAll ? t('notifications.noneAtAll') : t('notifications.noneUnread')}</p>
          ) : (
            <>
              <ul className="notification-list">
                {items.map((notification) => (
                  <NotificationItem
                    key={notification.id}
                    notification={notification}
                    isMarking={markRead.isPending && markRead.variables === notification.id}
                    onMarkRead={() =>
                      markRead.mutate(notification.id, {
                        onSuccess: () => setAnnouncement(t('notifications.marked')),
                        onError: (error) => setAnnouncement(problemMessage(error)),
                      })
                    }
                    onOpen={(open) => markRead.mutate(notification.id, { onSettled: open })}
                  />
                ))}
              </ul>
              <ShowMore pages={notifications} />
            </>
          )
        }
      </QueryState>
    </Page>
  );
}

function NotificationItem({
  notification,
  isMarking,
  onMarkRead,
  onOpen,
}: {
  notification: Notification;
  isMarking: boolean;
  onMarkRead: () => void;
  /** Marks it read, then calls `open`. */
  onOpen: (open: () => void) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const isUnread = notification.readAt === null;
  const text = notificationText(t, notification);
  const href = notificationHref(notification);
  const headingId = `notification-${notification.id}`;
  return (
    <li className={`notification${isUnread ? ' notification-unread' : ''}`} aria-labelledby={headingId}>
      <h2 className="notification-title" id={headingId}>
        {isUnread && <span className="notification-dot">{t('notifications.unread')}</span>}
        {t(`notifications.kinds.${notification.kind}`)}
      </h2>
      {/* An old notification without its facts shows the API's English text, declared as English. */}
      {text ? <p>{text}</p> : <p lang="en">{notification.message}</p>}
      <p className="muted">
        <time dateTime={notification.createdAt}>{format.dateTime(notification.createdAt)}</time>
      </p>
      <div className="button-row">
        <a
          className="link"
          href={href}
          onClick={(event) => {
            // Opening it marks it read; the link still works with a modifier key or no script.
            if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
            event.preventDefault();
            const open = () => void navigate(href);
            if (isUnread) onOpen(open);
            else open();
          }}
        >
          {t(`notifications.open.${notification.entityType as 'proposal'}`, {
            defaultValue: t('notifications.open.other'),
          })}
        </a>
        {isUnread && (
          <Button variant="quiet" isPending={isMarking} onPress={onMarkRead}>
            {t('notifications.markRead')}
          </Button>
        )}
      </div>
    </li>
  );
}
