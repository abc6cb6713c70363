/**
 * How pushed events combine with what the renderer holds: a snapshot in flight never overwrites
 * a newer event, a late progress never revives a finished run, a late start answer never hides
 * the run's own events.
 */
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { isAheadOf, outboxMoved, summarize, withProgress } from '../../../src/renderer/src/features/workspace/live-state';
import { pushInto, snapshotQuery } from '../../../src/renderer/src/lib/pushed-state';
import type { OutboxStatus, SyncStatus } from '../../../src/shared/ipc';

const base: SyncStatus = {
  connectionId: 'c1',
  running: false,
  startedAt: null,
  progress: null,
  lastRun: null,
  settings: { scope: 'mine', intervalMinutes: 5, bulkThreshold: 50_000 },
  objects: [],
};
const T0 = '2026-01-01T10:00:00.000Z';
const T1 = '2026-01-01T10:00:05.000Z';
const progress = { connectionId: 'c1', startedAt: T0, progress: { object: 'Account' as const, phase: 'full' as const, done: 5, total: 10 } };
const finished: SyncStatus = { ...base, lastRun: { finishedAt: T1, outcome: 'ok', apiCalls: 3, bulk: [], error: null } };

describe('withProgress', () => {
  it('moves a running (or not yet known to be running) status of the same org', () => {
    expect(withProgress({ ...base, running: true, startedAt: T0 }, progress)).toMatchObject({ running: true, progress: progress.progress });
    expect(withProgress(base, progress)).toMatchObject({ running: true, startedAt: T0 });
  });
  it('ignores another org, an unknown status, and a run that already ended', () => {
    expect(withProgress({ ...base, connectionId: 'c2' }, progress)).toBeUndefined();
    expect(withProgress(undefined, progress)).toBeUndefined();
    expect(withProgress(finished, progress)).toBeUndefined();
  });
});

describe('isAheadOf', () => {
  const answer: SyncStatus = { ...base, running: true, startedAt: T0 };
  it('keeps what events said after the start answer was computed', () => {
    expect(isAheadOf(finished, answer)).toBe(true);
    expect(isAheadOf({ ...answer, progress: progress.progress }, answer)).toBe(true);
  });
  it('takes the answer over older or unrelated data', () => {
    expect(isAheadOf(base, answer)).toBe(false);
    expect(isAheadOf({ ...finished, connectionId: 'c2' }, answer)).toBe(false);
    expect(isAheadOf({ ...base, lastRun: { ...finished.lastRun!, finishedAt: '2025-12-31T00:00:00.000Z' } }, answer)).toBe(false);
  });
});

describe('pushed query data', () => {
  it('a snapshot that an event overtook while in flight yields to the event', async () => {
    const client = new QueryClient();
    const key = ['org', 'sync-status'];
    let answer!: (s: SyncStatus) => void;
    const pending = snapshotQuery(client, key, () => new Promise<SyncStatus>((r) => (answer = r)));
    pushInto<SyncStatus>(client, key, () => finished);
    answer({ ...base, running: true, startedAt: T0 });
    expect(await pending).toEqual(finished);
  });

  it('a snapshot no event overtook is taken as is; an updater returning undefined writes nothing', async () => {
    const client = new QueryClient();
    const key = ['org', 'sync-status'];
    pushInto<SyncStatus>(client, key, () => undefined);
    expect(client.getQueryData(key)).toBeUndefined();
    expect(await snapshotQuery(client, key, async () => base)).toEqual(base);
  });

  it('summarize counts what the status bar shows', () => {
    const item = { id: 1, object: 'Account', op: 'create' as const, recordId: 'local-1', attempts: 0, createdAt: T0, error: null, mine: {} };
    const status: OutboxStatus = {
      connectionId: 'c1',
      online: false,
      paused: null,
      draining: false,
      pendingCount: 2,
      pending: [item, { ...item, id: 2 }],
      needsAttention: [{ ...item, id: 3 }],
      conflicts: [],
      lastSyncAt: null,
      nextRetryAt: null,
    };
    expect(summarize(status)).toEqual({
      connectionId: 'c1',
      online: false,
      paused: null,
      draining: false,
      pendingCount: 2,
      needsAttentionCount: 1,
      conflictCount: 0,
      lastSyncAt: null,
      nextRetryAt: null,
    });
  });

  it('says the outbox moved when something was sent, refused or met a conflict, not when only the online flag changed', () => {
    const summary = {
      connectionId: 'c1',
      online: true,
      paused: null,
      draining: false,
      pendingCount: 2,
      needsAttentionCount: 0,
      conflictCount: 0,
      lastSyncAt: null,
      nextRetryAt: null,
    };
    expect(outboxMoved(undefined, summary)).toBe(true);
    expect(outboxMoved(summary, { ...summary, online: false, draining: true })).toBe(false);
    expect(outboxMoved(summary, { ...summary, pendingCount: 1 })).toBe(true);
    expect(outboxMoved(summary, { ...summary, needsAttentionCount: 1 })).toBe(true);
    expect(outboxMoved(summary, { ...summary, conflictCount: 1 })).toBe(true);
    expect(outboxMoved(summary, { ...summary, connectionId: 'c2' })).toBe(true);
  });
});
