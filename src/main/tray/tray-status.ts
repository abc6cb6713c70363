/**
 * What the tray menu says, followed from the push channel as main sees it: the active org's sync
 * (`sync-status`), its outbox (`outbox-summary`, one per connection: only the active one's counts
 * are shown) and which org is active (`connections-changed`). A plain reducer, so the tray's words
 * are tested without Electron.
 */
import type { AtomEvent, OutboxSummary, SyncStatus } from '../../shared/ipc';

export interface TrayStatus {
  /** The active org's connection (null: no org connected). */
  connectionId: string | null;
  syncing: boolean;
  lastSync: { at: string; outcome: 'ok' | 'partial' | 'cancelled' | 'failed' } | null;
  /** Outbox counts per connection; the menu shows the active one's. */
  outboxes: Record<string, Pick<OutboxSummary, 'pendingCount' | 'needsAttentionCount' | 'conflictCount' | 'online'>>;
}

export const INITIAL_TRAY_STATUS: TrayStatus = { connectionId: null, syncing: false, lastSync: null, outboxes: {} };

export function withSyncStatus(status: TrayStatus, sync: Pick<SyncStatus, 'connectionId' | 'running' | 'lastRun'>): TrayStatus {
  return {
    ...status,
    connectionId: sync.connectionId,
    syncing: sync.running,
    lastSync: sync.lastRun ? { at: sync.lastRun.finishedAt, outcome: sync.lastRun.outcome } : null,
  };
}

export function withOutboxSummary(
  status: TrayStatus,
  summary: Pick<OutboxSummary, 'connectionId' | 'pendingCount' | 'needsAttentionCount' | 'conflictCount' | 'online'>,
): TrayStatus {
  const { connectionId, pendingCount, needsAttentionCount, conflictCount, online } = summary;
  return { ...status, outboxes: { ...status.outboxes, [connectionId]: { pendingCount, needsAttentionCount, conflictCount, online } } };
}

/** The next status after an event; events the tray does not show leave it as it was (the same object). */
export function trayStatusAfter(status: TrayStatus, event: AtomEvent): TrayStatus {
  switch (event.name) {
    case 'sync-status':
      return withSyncStatus(status, event.payload);
    case 'outbox-summary':
      return withOutboxSummary(status, event.payload);
    case 'connections-changed': {
      const active = event.payload.activeConnectionId;
      if (active === status.connectionId) return status;
      // Another org (or none): its sync status follows; until then nothing is known of its last sync.
      return { ...status, connectionId: active, syncing: false, lastSync: null };
    }
    default:
      return status;
  }
}
