/**
 * The top bar's bell: how many change notifications are unread, and a popover with the latest
 * ones (open one: its record; "Mark all read"; "See all" for #/notifications). Keyboard: the bell
 * is a button that says its count and whether the popover is open; opening moves focus into the
 * popover, Escape closes it and gives focus back to the bell, and focus or a click leaving it closes
 * it. Not modal: the rest of the page stays usable.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { ChangeNotification } from '../../../../shared/ipc';
import { ErrorState } from '../../components/feedback';
import { BellIcon } from '../../components/icons';
import { formatCount } from '../../lib/format';
import { NotificationList } from './notification-list';
import { useMarkRead, useOpenNotification, useRecentNotifications } from './use-notifications';

/** How many the popover lists (the page lists all that are kept). */
const POPOVER_LIMIT = 8;

export function NotificationBell() {
  const recent = useRecentNotifications();
  const [open, setOpen] = useState(false);
  const bellRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const titleId = useId();
  const unread = recent.data?.unread ?? 0;

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) bellRef.current?.focus();
  };

  // Focus moves into the popover when it opens; a click outside it closes it.
  useEffect(() => {
    if (!open) return;
    panelRef.current?.querySelector<HTMLElement>('h2')?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panelRef.current?.contains(target) && !bellRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const label = unread > 0 ? `Notifications, ${formatCount(unread)} unread` : 'Notifications';
  return (
    <div className="notification-bell">
      <button
        ref={bellRef}
        type="button"
        className="bell-button"
        aria-label={label}
        title={label}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-haspopup="dialog"
        data-testid="notification-bell"
        onClick={() => setOpen((o) => !o)}
      >
        <BellIcon size={19} />
        {unread > 0 && (
          <span className="bell-count" aria-hidden="true" data-testid="notification-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div
          ref={panelRef}
          id={panelId}
          className="notification-popover"
          role="dialog"
          aria-labelledby={titleId}
          data-testid="notification-popover"
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              close(true);
            }
          }}
          onBlur={(event) => {
            // Focus went somewhere outside the popover and the bell (Tab past the end): close.
            const next = event.relatedTarget as Node | null;
            if (next && !panelRef.current?.contains(next) && !bellRef.current?.contains(next)) setOpen(false);
          }}
        >
          <PopoverContent
            titleId={titleId}
            notifications={recent.data?.notifications ?? []}
            unread={unread}
            loading={recent.isPending}
            error={recent.isError ? recent.error : null}
            onRetry={() => void recent.refetch()}
            onDone={() => close(false)}
          />
        </div>
      )}
    </div>
  );
}

function PopoverContent({
  titleId,
  notifications,
  unread,
  loading,
  error,
  onRetry,
  onDone,
}: {
  titleId: string;
  notifications: readonly ChangeNotification[];
  unread: number;
  loading: boolean;
  /** Why the list could not be read (null: it was). */
  error: unknown;
  onRetry: () => void;
  onDone: () => void;
}) {
  const markRead = useMarkRead();
  const openNotification = useOpenNotification();
  return (
    <>
      <div className="notification-popover-header">
        <h2 id={titleId} className="notification-popover-title" tabIndex={-1}>
          Notifications
        </h2>
        <button type="button" className="button button-small" disabled={unread === 0 || markRead.isPending} onClick={() => markRead.mutate(undefined)}>
          Mark all read
        </button>
      </div>
      {/* A list read before still shows when reading it again fails; with none, "Nothing yet" would not be true. */}
      {notifications.length === 0 && error ? (
        <div className="notification-empty">
          <ErrorState error={error} onRetry={onRetry} compact />
        </div>
      ) : notifications.length === 0 ? (
        <p className="notification-empty muted">
          {loading ? 'Loading…' : 'Nothing yet. When someone else assigns you a case, lead or task, or changes your opportunities, it shows here after a sync.'}
        </p>
      ) : (
        <NotificationList
          notifications={notifications.slice(0, POPOVER_LIMIT)}
          onOpen={(n) => {
            openNotification(n);
            onDone();
          }}
        />
      )}
      <div className="notification-popover-footer">
        <a href="#/notifications" onClick={onDone}>
          See all notifications
        </a>
        <a href="#/settings" onClick={onDone}>
          Notification settings
        </a>
      </div>
    </>
  );
}
