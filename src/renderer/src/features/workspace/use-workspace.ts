/**
 * The workspace's live state: sync status (polled every 500 ms while a sync runs, for the progress
 * bar; every few seconds otherwise) and the outbox (online/offline, pending changes). Both are
 * local calls to the core — cheap — and neither touches the org's API limit by itself. The outbox
 * is asked even when the active org needs a new login: its changes wait on this computer, and the
 * user must see them and be asked to log in.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api, call } from '../../lib/api';
import { cacheKeys } from '../../lib/cache-records';
import { useActiveConnection } from '../connections/use-connections';

export function useSyncStatus() {
  const active = useActiveConnection();
  const connected = active?.status === 'connected';
  return useQuery({
    queryKey: cacheKeys.sync,
    queryFn: () => call(api.syncStatus()),
    enabled: connected,
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.running ? 500 : 5_000),
  });
}

export function useOutboxStatus() {
  const active = useActiveConnection();
  return useQuery({
    queryKey: cacheKeys.outbox,
    queryFn: () => call(api.outboxStatus()),
    enabled: Boolean(active),
    staleTime: 0,
    // Faster while something is moving (waiting changes, a replay, an unreachable org being probed).
    refetchInterval: (query) => (query.state.data && (query.state.data.pendingCount > 0 || query.state.data.draining || !query.state.data.online) ? 1_000 : 3_000),
  });
}

export function useStartSync() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (full?: boolean) => call(api.startSync(full ? { full } : {})),
    onSuccess: (result) => queryClient.setQueryData(cacheKeys.sync, result.status),
  });
}

export function useCancelSync() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.cancelSync()),
    onSettled: () => queryClient.invalidateQueries({ queryKey: cacheKeys.sync }),
  });
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
