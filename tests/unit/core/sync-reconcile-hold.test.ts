/**
 * The engine's hook for the API budget guard: when `allowReconcile` says no (a background run while
 * the guard pauses background work), the daily reconciliation is skipped and stays due; the
 * incremental check still runs. A fake SyncApi answers "no change" and equal counts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CACHED_OBJECTS, fieldSetOf, OBJECT_REGISTRY } from '../../../src/main/core/cache/objects';
import { orgRegistryFor } from '../../../src/main/core/cache/org-registry';
import { openOrgCache, type CacheDb } from '../../../src/main/core/cache/org-cache';
import { readSyncStates, updateSyncState } from '../../../src/main/core/cache/sync-state.repo';
import type { CompositeAnswer, CompositeGet, SyncApi } from '../../../src/main/core/sync/sync-api';
import { runSync } from '../../../src/main/core/sync/sync-engine';

const USER = '005000000000001AAA';
let dir: string;
let db: CacheDb;

/** Every object synced, never reconciled: the next run's reconciliation is due. */
function syncedCache(): void {
  readSyncStates(db, 'all');
  const stamp = new Date(Date.now() - 60_000).toISOString();
  for (const object of CACHED_OBJECTS) {
    updateSyncState(db, object, {
      scope: 'all',
      phase: 'incremental',
      // The field set of a single-currency org (the optional CurrencyIsoCode left out).
      fieldSet: fieldSetOf(orgRegistryFor(OBJECT_REGISTRY, null).get(object)),
      watermarkStamp: stamp,
      lastFullSyncAt: stamp,
      lastIncrementalAt: stamp,
      replicationCursor: object === 'Campaign' ? stamp : null,
      lastReconciledAt: null,
    });
  }
}

function quietOrg(): SyncApi & { composites: CompositeGet[][] } {
  const composites: CompositeGet[][] = [];
  const latestDateCovered = new Date().toISOString();
  return {
    composites,
    get calls() {
      return composites.length;
    },
    async composite(requests) {
      composites.push(requests);
      const answers = new Map<string, CompositeAnswer>();
      for (const r of requests) {
        const body = r.referenceId.endsWith('_updated')
          ? { ids: [], latestDateCovered }
          : r.referenceId.endsWith('_deleted')
            ? { deletedRecords: [], latestDateCovered }
            : { totalSize: 0, done: true, records: [] };
        answers.set(r.referenceId, { status: 200, body });
      }
      return answers;
    },
    query: () => Promise.reject(new Error('not expected')),
    queryMore: () => Promise.reject(new Error('not expected')),
    bulkQueryStart: () => Promise.reject(new Error('not expected')),
    bulkQueryWait: () => Promise.reject(new Error('not expected')),
    bulkQueryPage: () => Promise.reject(new Error('not expected')),
  };
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
    const held = quietOrg();
    let asked = 0;
    const report = await runSync(db, held, { scope: 'all', userId: USER, bulkThreshold: 50_000, allowReconcile: () => (asked++, false) });
    expect(asked).toBe(1);
    expect(report.reconciled).toEqual([]);
    expect(report.apiCalls).toBe(1);
    expect([...readSyncStates(db, 'all').values()].every((s) => s.lastReconciledAt === null)).toBe(true);

    const allowed = quietOrg();
    const next = await runSync(db, allowed, { scope: 'all', userId: USER, bulkThreshold: 50_000, allowReconcile: () => true });
    expect(next.reconciled).toHaveLength(CACHED_OBJECTS.length);
    // One change check, then COUNT()s five to a Composite.
    expect(next.apiCalls).toBe(3);
  });
});
