/**
 * The top bar's always-visible state of the active org: online or offline, how many changes are
 * waiting to be sent (a link to Changes), when the cache last synced, and the sync itself — a
 * progress bar with the object, records done and total while it runs, with Cancel. When the org
 * needs a new login (its session ended and could not be refreshed) the bar says so, keeps counting
 * the changes waiting on this computer, and offers "Log in again"; sync hides until then. A notice
 * that the org's local cache was damaged and rebuilt (sync status `cacheNotice`) shows once.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../../../shared/ipc';
import { useToast } from '../../components/toast';
import { SyncIcon } from '../../components/icons';
import { formatCount, formatDateTime, formatRelative } from '../../lib/format';
import { queryKeys } from '../../lib/query-keys';
import { ApiUsageIndicator } from '../health/api-usage-indicator';
import { LogInAgainButton } from '../connections/log-in-again-button';
import { useActiveConnection } from '../connections/use-connections';
import { useCancelSync, useOutboxSummary, useSyncStatus } from './use-workspace';
import { useSyncNow } from './use-sync-now';
import { pendingText, syncProgressText } from './status-text';

/** Re-render every 30 s so "2 minutes ago" stays true. */
function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

function lastSyncedAt(status: SyncStatus | undefined): string | null {
  if (!status) return null;
  const times = status.objects.flatMap((o) => [o.lastFullSyncAt, o.lastIncrementalAt]).filter((t): t is string => Boolean(t));
  return times.sort().at(-1) ?? null;
}

export function ConnectivityBadge() {
  const active = useActiveConnection();
  const outbox = useOutboxSummary();
  const queryClient = useQueryClient();
  const data = outbox.data;
  // The queue paused on a refused session (the core marked the org needs-login): the connection
  // list may not know yet, and everything that hangs on it (sync, Connections) should.
  const pausedWhileConnected = Boolean(data?.paused) && active?.status === 'connected';
  useEffect(() => {
    if (pausedWhileConnected) void queryClient.invalidateQueries({ queryKey: queryKeys.connections });
  }, [pausedWhileConnected, queryClient]);

  if (!data || !active) return null;
  const needsLogin = active.status === 'needs-login' || Boolean(data.paused);
  const needs = data.needsAttentionCount + data.conflictCount;
  const pending = pendingText(data.pendingCount, needs);
  const waiting = data.pendingCount + needs;
  return (
    <div className="connectivity">
      <span
        className={`net-badge ${data.online && !needsLogin ? 'net-online' : 'net-offline'}`}
        data-testid="network-state"
        role="status"
        aria-live="polite"
        title={
          needsLogin
            ? `The Salesforce session of ${active.username} ended.${waiting > 0 ? ` ${formatCount(waiting)} change${waiting === 1 ? ' waits' : 's wait'} on this computer until you log in again.` : ''}`
            : undefined
        }
      >
        <span className="status-dot" aria-hidden="true" />
        {needsLogin ? 'Needs login' : data.online ? 'Online' : 'Offline'}
      </span>
      {needsLogin && <LogInAgainButton className="button button-small button-primary" testId="log-in-again" />}
      {!needsLogin && <ApiUsageIndicator />}
      <a
        className={`pending-link${data.pendingCount > 0 ? ' pending-some' : ''}${needs > 0 ? ' pending-attention' : ''}`}
        href="#/changes"
        data-testid="pending-count"
        title={pending.title ?? undefined}
      >
        {needs > 0 && <span className="attention-dot" aria-hidden="true" />}
        {pending.label}
      </a>
    </div>
  );
}

/** Cache notices already shown (connection + time): the core repeats one in every status of the session. */
const shownCacheNotices = new Set<string>();

export function SyncIndicator() {
  const status = useSyncStatus();
  const { syncNow, isPending: starting } = useSyncNow();
  const cancel = useCancelSync();
  const toast = useToast();
  const now = useNow();
  const active = useActiveConnection();
  const data = status.data;
  // The org's local cache was found damaged (and rebuilt, or to be rebuilt at restart): say so once.
  const notice = data?.cacheNotice ?? null;
  const noticeKey = notice && data?.connectionId ? `${data.connectionId} ${notice.at}` : null;
  useEffect(() => {
    if (!notice || !noticeKey || shownCacheNotices.has(noticeKey)) return;
    shownCacheNotices.add(noticeKey);
    toast(notice.message, notice.kind === 'damaged' || notice.lostChanges !== 0 ? 'error' : 'info');
  }, [notice, noticeKey, toast]);
  // An org that needs a new login cannot sync: the connectivity badge asks for the login instead.
  if (!data?.connectionId || active?.status !== 'connected') return null;

  const last = lastSyncedAt(data);
  if (data.running) {
    const progress = data.progress;
    const total = progress?.total ?? null;
    const done = progress?.done ?? 0;
    const { label, count } = syncProgressText(progress);
    const percent = total ? Math.min(100, Math.round((done / Math.max(total, 1)) * 100)) : undefined;
    const sentence = count ? `${label} · ${count}` : label;
    return (
      <div className="sync-indicator sync-running" data-testid="sync-indicator">
        <div className="sync-text" title={sentence}>
          <span className="sync-label">{label}</span>
          {count && (
            <span className="sync-count" data-testid="sync-progress-text">
              {count}
            </span>
          )}
        </div>
        <progress className="sync-progress" aria-label={sentence} max={total ?? undefined} value={total ? done : undefined}>
          {percent !== undefined ? `${percent}%` : ''}
        </progress>
        <button type="button" className="button button-small" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
          Cancel
        </button>
      </div>
    );
  }
  const failed = data.lastRun && (data.lastRun.outcome === 'failed' || data.lastRun.outcome === 'partial');
  return (
    <div className="sync-indicator" data-testid="sync-indicator">
      <span
        className={`sync-last${failed ? ' sync-failed' : ''}`}
        title={data.lastRun?.error ?? (last ? formatDateTime(last) : undefined)}
        data-testid="last-sync"
      >
        {last ? `Synced ${formatRelative(last, now)}` : 'Never synced'}
        {data.lastRun?.outcome === 'cancelled' && ' · cancelled'}
        {failed && ' · incomplete'}
      </span>
      <button type="button" className="button button-small" disabled={starting} onClick={() => syncNow()}>
        <SyncIcon size={14} /> Sync now
      </button>
    </div>
  );
}
