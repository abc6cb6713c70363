/**
 * The change notifications of the active org as a list: each a button that opens its record (and
 * marks it read), newest first, unread ones marked in words as well as by a dot. Shared by the
 * bell's popover and the #/notifications page.
 */
import type { ChangeNotification } from '../../../../shared/ipc';
import { formatDateTime, formatRelative } from '../../lib/format';

const KIND_LABELS: Record<ChangeNotification['kind'], string> = {
  'case-assigned': 'Case assigned',
  'lead-assigned': 'Lead assigned',
  'opportunity-changed': 'Opportunity changed',
  'task-assigned': 'Task assigned',
  'high-priority-case': 'High-priority case',
};

export function NotificationList({
  notifications,
  onOpen,
  now = Date.now(),
}: {
  notifications: readonly ChangeNotification[];
  onOpen: (notification: ChangeNotification) => void;
  now?: number;
}) {
  return (
    <ul className="notification-list">
      {notifications.map((n) => (
        <li key={n.id} className={`notification-item${n.read ? '' : ' notification-unread'}`}>
          <button type="button" className="row-button notification-button" onClick={() => onOpen(n)} data-testid="notification-item">
            <span className="notification-dot" aria-hidden="true" />
            <span className="notification-text">
              <span className="notification-title">
                {!n.read && <span className="visually-hidden">Unread: </span>}
                {n.title}
              </span>
              <span className="notification-body">{n.body}</span>
              <span className="notification-meta">
                {KIND_LABELS[n.kind]} ·{' '}
                <time dateTime={n.at} title={formatDateTime(n.at)}>
                  {formatRelative(n.at, now, 'short')}
                </time>
                {n.held && ' · during quiet hours'}
              </span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
