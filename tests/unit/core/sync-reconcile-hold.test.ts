/**
 * The engine's hook for the API budget guard: when `allowReconcile` says no (a background run while
 * the guard pauses background work), the daily reconciliation is skipped and stays due; the
 * incremental check still runs. A fake SyncApi answers "no change" and equal counts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CACHED_OBJECTS } from '../../../src/main/core/cache/objects';
import { openOrgCache, type CacheDb } from '../../../src/main/core/cache/org-cache';
import { readSyncStates } from '../../../src/main/core/cache/sync-state.repo';
import { runSync } from '../../../src/main/core/sync/sync-engine';
import { changeCheckOrg, markAllSynced } from './sync-fixture';

const USER = '005000000000001AAA';
let dir: string;
let db: CacheDb;

/** Every object synced, never reconciled: the next run's reconciliation is due. */
function syncedCache(): void {
  markAllSynced(db, new Date(Date.now() - 60_000).toISOString(), null);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atom-reconcile-hold-'));
  db = openOrgCache(dir, 'conn-hold');
  syncedCache();
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reconciliation held by the budget guard', () => {
  it('skips the due reconciliation when allowReconcile says no, and does it at the next run that may', async () => {
    const held = changeCheckOrg();
    let asked = 0;
    const report = await runSync(db, held, { scope: 'all', userId: USER, bulkThreshold: 50_000, allowReconcile: () => (asked++, false) });
    expect(asked).toBe(1);
    expect(report.reconciled).toEqual([]);
    expect(report.apiCalls).toBe(1);
    expect([...readSyncStates(db, 'all').values()].every((s) => s.lastReconciledAt === null)).toBe(true);

    const allowed = changeCheckOrg();
    const next = await runSync(db, allowed, { scope: 'all', userId: USER, bulkThreshold: 50_000, allowReconcile: () => true });
    expect(next.reconciled).toHaveLength(CACHED_OBJECTS.length);
    // One change check, then COUNT()s five to a Composite.
    expect(next.apiCalls).toBe(3);
  });
});
