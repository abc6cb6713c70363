/**
 * The workspace's live state, pushed instead of polled: the sync status and progress, the outbox
 * counts and online state, and the connection list, written into the TanStack Query keys the
 * status bar, the lists and the Changes screen read (and, when the outbox moves, the activities). Mounted once, by the shell.
 *
 * Each key still takes one snapshot when first read (use-workspace.ts); the browser-mode stream
 * re-takes the snapshots it may have missed whenever it (re)opens.
 */
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ApiUsageSnapshot, ConnectionSummary, OutboxSummary, SyncStatus } from '../../../../shared/ipc';
import { onEventStreamOpen } from '../../lib/api';
import { cacheKeys } from '../../lib/cache-records';
import { useAtomEvent } from '../../lib/events';
import { pushInto } from '../../lib/pushed-state';
import { queryKeys } from '../../lib/query-keys';
import { outboxMoved, withProgress } from './live-state';
import { activityKeys } from '../activities/use-activities';
import { usageSnapshotKey } from '../health/api-usage-indicator';
import { healthKeys } from '../health/use-health';

function activeConnectionId(queryClient: QueryClient): string | undefined {
  return queryClient.getQueryData<ConnectionSummary[]>(queryKeys.connections)?.find((c) => c.active)?.id;
}

/** Snapshots older than the moment the stream opened may have missed events: take them again. */
function refreshSnapshots(queryClient: QueryClient, openedAt: number): void {
  for (const queryKey of [cacheKeys.sync, cacheKeys.outboxSummary, cacheKeys.outbox, queryKeys.connections, usageSnapshotKey]) {
    void queryClient.invalidateQueries({ queryKey, exact: true, predicate: (query) => query.state.dataUpdatedAt < openedAt });
  }
}

export function useLiveUpdates(): void {
  const queryClient = useQueryClient();

  useEffect(() => onEventStreamOpen(() => refreshSnapshots(queryClient, Date.now())), [queryClient]);

  useAtomEvent('sync-status', (status) => pushInto<SyncStatus>(queryClient, cacheKeys.sync, () => status));

  useAtomEvent('sync-progress', (event) => pushInto<SyncStatus>(queryClient, cacheKeys.sync, (old) => withProgress(old, event)));

  useAtomEvent('outbox-summary', (summary) => {
    // Every connection's queue reports; the status bar shows the active org's.
    if (summary.connectionId !== activeConnectionId(queryClient)) return;
    const moved = outboxMoved(queryClient.getQueryData<OutboxSummary>(cacheKeys.outboxSummary), summary);
    pushInto<OutboxSummary>(queryClient, cacheKeys.outboxSummary, () => summary);
    // The Changes screen (when open) lists the changes themselves: something moved, read them again.
    void queryClient.invalidateQueries({ queryKey: cacheKeys.outbox, exact: true });
    // A call logged or a task completed offline has reached the org (or was refused): the timelines
    // and My tasks drop its "Pending" (the records' pages follow the next read of the cache).
    if (moved) void queryClient.invalidateQueries({ queryKey: activityKeys.all });
  });

  useAtomEvent('online', (event) =>
    pushInto<OutboxSummary>(queryClient, cacheKeys.outboxSummary, (old) =>
      old && old.connectionId === event.connectionId ? { ...old, online: event.online } : undefined,
    ),
  );

  useAtomEvent('connections-changed', (event) => {
    // A different org is active now: what was cached belonged to the previous one.
    const shown = activeConnectionId(queryClient);
    if (shown !== undefined && event.activeConnectionId !== shown) queryClient.removeQueries({ queryKey: queryKeys.org });
    void queryClient.invalidateQueries({ queryKey: queryKeys.connections });
  });

  // The budget guard's figures: the status bar's indicator takes the snapshot as it is; an open
  // Health panel reads its summary again (at most once a second: the event is coalesced).
  useAtomEvent('api-usage', (snapshot) => {
    if (snapshot.connectionId !== activeConnectionId(queryClient)) return;
    pushInto<ApiUsageSnapshot>(queryClient, usageSnapshotKey, () => snapshot);
    void queryClient.invalidateQueries({ queryKey: healthKeys.summary, exact: true });
  });
}
