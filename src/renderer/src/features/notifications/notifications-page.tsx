/**
 * #/notifications: every change notification the active org keeps (the newest 50), the list a
 * summary pop-up opens. Opening one opens its record and marks it read.
 */
import { EmptyState, ErrorState, PageLoading } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { formatCount } from '../../lib/format';
import { NotificationList } from './notification-list';
import { useMarkRead, useOpenNotification, useRecentNotifications } from './use-notifications';

export function NotificationsPage() {
  const recent = useRecentNotifications();
  const markRead = useMarkRead();
  const openNotification = useOpenNotification();
  const unread = recent.data?.unread ?? 0;
  return (
    <div className="page page-narrow">
      <PageHeader
        title="Notifications"
        subtitle={
          recent.data && recent.data.notifications.length > 0
            ? `${unread > 0 ? `${formatCount(unread)} unread. ` : ''}What others changed on your records, as each sync found it.`
            : 'What others changed on your records, as each sync found it.'
        }
        actions={
          <>
            <a className="button" href="#/settings">
              Settings
            </a>
            <button type="button" className="button" disabled={unread === 0 || markRead.isPending} onClick={() => markRead.mutate(undefined)}>
              Mark all read
            </button>
          </>
        }
      />
      {recent.isPending && <PageLoading />}
      {recent.isError && <ErrorState error={recent.error} onRetry={() => void recent.refetch()} />}
      {recent.data && recent.data.notifications.length === 0 && (
        <EmptyState title="No notifications yet">
          When someone else assigns you a case, lead or task, changes the stage, amount or close date of your opportunity, or opens a high-priority case on your
          account, it shows here after the next sync.
        </EmptyState>
      )}
      {recent.data && recent.data.notifications.length > 0 && (
        <section className="card notification-card" aria-label="Notifications">
          <NotificationList notifications={recent.data.notifications} onOpen={openNotification} />
        </section>
      )}
    </div>
  );
}
