/**
 * A cache already past its first sync, and an org that answers an incremental sync's Composite
 * change checks: no updated or deleted Ids, and for each object's change query its one changed row
 * (or none). Any other call is a test failure.
 */
import { CACHED_OBJECTS, fieldSetOf, OBJECT_REGISTRY, type CachedObject } from '../../../src/main/core/cache/objects';
import type { CacheDb } from '../../../src/main/core/cache/org-cache';
import { orgRegistryFor } from '../../../src/main/core/cache/org-registry';
import { readSyncStates, updateSyncState } from '../../../src/main/core/cache/sync-state.repo';
import type { CompositeAnswer, CompositeGet, SyncApi } from '../../../src/main/core/sync/sync-api';

/** Every object synced (scope all) at `stamp`; reconciled at `lastReconciledAt` (null: never, so it is due). */
export function markAllSynced(db: CacheDb, stamp: string, lastReconciledAt: string | null): void {
  readSyncStates(db, 'all');
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
      lastReconciledAt,
    });
  }
}

/** The org's answers to the change checks; `composites` holds each Composite's requests. */
export function changeCheckOrg(changed: Partial<Record<CachedObject, Record<string, unknown>>> = {}): SyncApi & { composites: CompositeGet[][] } {
  const composites: CompositeGet[][] = [];
  const latestDateCovered = new Date().toISOString();
  const notExpected = () => Promise.reject(new Error('not expected'));
  return {
    composites,
    get calls() {
      return composites.length;
    },
    async composite(requests) {
      composites.push(requests);
      const answers = new Map<string, CompositeAnswer>();
      for (const r of requests) {
        const row = changed[r.referenceId.split('_')[0] as CachedObject];
        const body = r.referenceId.endsWith('_updated')
          ? { ids: [], latestDateCovered }
          : r.referenceId.endsWith('_deleted')
            ? { deletedRecords: [], latestDateCovered }
            : { totalSize: row ? 1 : 0, done: true, records: row ? [row] : [] };
        answers.set(r.referenceId, { status: 200, body });
      }
      return answers;
    },
    query: notExpected,
    queryMore: notExpected,
    bulkQueryStart: notExpected,
    bulkQueryWait: notExpected,
    bulkQueryPage: notExpected,
  };
}
