/**
 * The workspace's live state: sync status and progress, and the outbox (online/offline, pending
 * changes). Each is read once (a snapshot) and then kept current by push events
 * (live-updates.ts); nothing polls. The outbox is read even when the active org needs a new login:
 * its changes wait on this computer, and the user must see them and be asked to log in.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { SyncStatus } from '../../../../shared/ipc';
import { api, call } from '../../lib/api';
import { cacheKeys } from '../../lib/cache-records';
import { snapshotQuery } from '../../lib/pushed-state';
import { useActiveConnection } from '../connections/use-connections';
import { isAheadOf, summarize } from './live-state';

export function useSyncStatus() {
  const active = useActiveConnection();
  const connected = active?.status === 'connected';
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: cacheKeys.sync,
    queryFn: () => snapshotQuery(queryClient, cacheKeys.sync, () => call(api.syncStatus())),
    enabled: connected,
    // Pushed: 'sync-status' and 'sync-progress' keep it current.
    staleTime: Infinity,
  });
}

/** The outbox's counts, online state and pause (status bar): one snapshot, then 'outbox-summary' events. */
export function useOutboxSummary() {
  const active = useActiveConnection();
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: cacheKeys.outboxSummary,
    queryFn: () => snapshotQuery(queryClient, cacheKeys.outboxSummary, async () => summarize(await call(api.outboxStatus()))),
    enabled: Boolean(active),
    staleTime: Infinity,
  });
}

/** The outbox with its changes (Changes screen): read on mount, and again when 'outbox-summary' says something moved. */
export function useOutboxStatus() {
  const active = useActiveConnection();
  return useQuery({
    queryKey: cacheKeys.outbox,
    queryFn: () => call(api.outboxStatus()),
    enabled: Boolean(active),
    staleTime: 0,
  });
}

export function useStartSync() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (full?: boolean) => call(api.startSync(full ? { full } : {})),
    // The answer can arrive after the run's own events (browser mode: another connection): keep those.
    onSuccess: (result) => queryClient.setQueryData<SyncStatus>(cacheKeys.sync, (old) => (old && isAheadOf(old, result.status) ? old : result.status)),
  });
}

export function useCancelSync() {
  // The run's end arrives as a 'sync-status' event.
  return useMutation({ mutationFn: () => call(api.cancelSync()) });
}

/**
 * Starts the first sync of a newly connected org by itself (nothing cached yet, nothing running),
 * and refreshes the cached lists when a sync finishes.
 */
export function useWorkspaceSync(): void {
  const status = useSyncStatus();
  const start = useStartSync();
  const queryClient = useQueryClient();
  const startedFor = useRef<string | null>(null);
  const wasRunning = useRef(false);
  const data = status.data;

  useEffect(() => {
    if (!data?.connectionId || data.running || start.isPending) return;
    const neverSynced = data.lastRun === null && data.objects.every((o) => o.state === 'never');
    if (neverSynced && startedFor.current !== data.connectionId) {
      startedFor.current = data.connectionId;
      start.mutate(false);
    }
  }, [data, start]);

  // Each object finished by a running sync has rows to show now.
  const syncingObject = data?.progress?.object;
  useEffect(() => {
    if (syncingObject) void queryClient.invalidateQueries({ queryKey: cacheKeys.all });
  }, [syncingObject, queryClient]);

  useEffect(() => {
    const running = Boolean(data?.running);
    if (wasRunning.current && !running) void queryClient.invalidateQueries({ queryKey: cacheKeys.all });
    wasRunning.current = running;
  }, [data?.running, queryClient]);
}
