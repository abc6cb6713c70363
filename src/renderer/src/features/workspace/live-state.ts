/**
 * How pushed events combine with what the workspace already shows. Pure, so the ordering rules
 * (a late progress never revives a finished run; a late answer never hides newer events) are
 * unit-tested without a browser.
 */
import type { OutboxStatus, OutboxSummary, SyncProgressEvent, SyncStatus } from '../../../../shared/ipc';

/** The status bar's counts, from a full outbox status (the snapshot) or as pushed. */
export function summarize(status: OutboxStatus): OutboxSummary {
  return {
    connectionId: status.connectionId,
    online: status.online,
    paused: status.paused,
    draining: status.draining,
    pendingCount: status.pendingCount,
    needsAttentionCount: status.needsAttention.length,
    conflictCount: status.conflicts.length,
    lastSyncAt: status.lastSyncAt,
    nextRetryAt: status.nextRetryAt,
  };
}

/** The sync status with a pushed progress, or undefined when the progress does not apply to it. */
export function withProgress(old: SyncStatus | undefined, event: SyncProgressEvent): SyncStatus | undefined {
  if (!old || old.connectionId !== event.connectionId) return undefined;
  // A run that already ended (its status came first) is not brought back by a late progress.
  if (!old.running && old.lastRun && old.lastRun.finishedAt >= event.startedAt) return undefined;
  return { ...old, running: true, startedAt: event.startedAt, progress: event.progress };
}

/** Whether `cached` already tells more about the run `answer` describes (its progress, or its end). */
export function isAheadOf(cached: SyncStatus, answer: SyncStatus): boolean {
  if (cached.connectionId !== answer.connectionId || !answer.startedAt) return false;
  if (cached.running) return cached.startedAt === answer.startedAt && cached.progress !== null;
  return cached.lastRun !== null && cached.lastRun.finishedAt >= answer.startedAt;
}

/**
 * Whether the outbox moved between two summaries: something was sent, refused or met a conflict
 * (or it is the first summary seen). Screens that show what waits (activities' "Pending") read again.
 */
export function outboxMoved(old: OutboxSummary | undefined, next: OutboxSummary): boolean {
  if (!old || old.connectionId !== next.connectionId) return true;
  return old.pendingCount !== next.pendingCount || old.needsAttentionCount !== next.needsAttentionCount || old.conflictCount !== next.conflictCount;
}
