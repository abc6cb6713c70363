/**
 * The full sync's parallel object streams (sync-engine.ts): objects are read side by side, never
 * more than `streams` requests at once, every row committed; a network failure in one stream stops
 * the others and the run; the deferred FTS index is rebuilt whatever happened. A fake SyncApi serves
 * pages of generated rows with a delay, like a distant org.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { CACHED_OBJECTS, OBJECT_REGISTRY, OBJECT_SPECS, type CachedObject } from '../../../src/main/core/cache/objects';
import { workerPageWriter } from '../../../src/main/core/cache/page-writer';
import { readSyncStates } from '../../../src/main/core/cache/sync-state.repo';
import { openOrgCache, type CacheDb } from '../../../src/main/core/cache/org-cache';
import { countRecords } from '../../../src/main/core/cache/records.read';
import { areIndexesDeferred } from '../../../src/main/core/cache/deferred-indexes';
import type { QueryPage, SyncApi } from '../../../src/main/core/sync/sync-api';
import { runSync } from '../../../src/main/core/sync/sync-engine';

const USER = '005000000000001AAA';
const PAGE = 50;
let dir: string;
let db: CacheDb;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atom-streams-'));
  db = openOrgCache(dir, 'conn-streams');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `rows` generated records per object, served PAGE at a time after `delayMs`; `failOn` answers NETWORK for that object's second page. */
function distantOrg(rows: number, delayMs: number, failOn?: CachedObject) {
  let inFlight = 0;
  let maxInFlight = 0;
  const objectsInFlight = new Set<string>();
  let maxObjectsAtOnce = 0;
  let calls = 0;
  const records = (object: CachedObject, from: number) =>
    Array.from({ length: Math.max(0, Math.min(PAGE, rows - from)) }, (_, i) => {
      const n = from + i;
      const id = `${OBJECT_SPECS[object].keyPrefix}${String(n).padStart(12, '0')}AAA`;
      return { Id: id, Name: `${object} ${n}`, Subject: `${object} ${n}`, SystemModstamp: `2024-01-01T00:00:${String(n % 60).padStart(2, '0')}.000Z` };
    });
  const serve = async (object: CachedObject, from: number): Promise<QueryPage> => {
    calls++;
    inFlight++;
    objectsInFlight.add(object);
    maxInFlight = Math.max(maxInFlight, inFlight);
    maxObjectsAtOnce = Math.max(maxObjectsAtOnce, objectsInFlight.size);
    try {
      await new Promise((r) => setTimeout(r, delayMs));
      if (failOn === object && from > 0) throw new AppError('NETWORK', 'Salesforce did not answer.');
      const next = from + PAGE;
      return {
        totalSize: rows,
        done: next >= rows,
        nextRecordsUrl: next >= rows ? undefined : `/services/data/v62.0/query/${object}-${next}`,
        records: records(object, from),
      };
    } finally {
      inFlight--;
      objectsInFlight.delete(object);
    }
  };
  const api: SyncApi = {
    get calls() {
      return calls;
    },
    query: (soql) => serve(/FROM (\w+)/.exec(soql)?.[1] as CachedObject, 0),
    queryMore: (url) => {
      const [, object, from] = /query\/(\w+)-(\d+)$/.exec(url) as RegExpExecArray;
      return serve(object as CachedObject, Number(from));
    },
    composite: async (requests) => {
      calls++;
      return new Map(
        requests.map((r) => [
          r.referenceId,
          {
            status: 200,
            body: r.referenceId.endsWith('_changes')
              ? { totalSize: 0, done: true, records: [] }
              : { ids: [], deletedRecords: [], latestDateCovered: new Date().toISOString() },
          },
        ]),
      );
    },
    bulkQueryStart: () => Promise.reject(new Error('not expected')),
    bulkQueryWait: () => Promise.reject(new Error('not expected')),
    bulkQueryPage: () => Promise.reject(new Error('not expected')),
  };
  return { api, stats: () => ({ maxInFlight, maxObjectsAtOnce }) };
}

describe('parallel object streams', () => {
  it('reads objects side by side, at most `streams` requests at once, and caches every row', async () => {
    const org = distantOrg(220, 15);
    await runSync(db, org.api, { scope: 'all', userId: USER, bulkThreshold: 1_000_000, streams: 3, allowReconcile: () => false });
    expect(org.stats().maxObjectsAtOnce).toBe(3);
    expect(org.stats().maxInFlight).toBeLessThanOrEqual(3);
    expect(countRecords(db)).toEqual(Object.fromEntries(CACHED_OBJECTS.map((o) => [o, 220])));
    expect(areIndexesDeferred(db)).toBe(false);
  });

  it('commits through the worker-thread page writer the same rows, and leaves no commit behind', async () => {
    const org = distantOrg(330, 5);
    const writers: string[] = [];
    await runSync(db, org.api, {
      scope: 'all',
      userId: USER,
      bulkThreshold: 1_000_000,
      allowReconcile: () => false,
      pageWriter: (cache) => {
        writers.push(cache.name);
        return workerPageWriter(cache, OBJECT_REGISTRY);
      },
    });
    expect(writers).toEqual([db.name]);
    expect(countRecords(db)).toEqual(Object.fromEntries(CACHED_OBJECTS.map((o) => [o, 330])));
    expect(readSyncStates(db, 'all').get('Lead')).toMatchObject({ phase: 'incremental', fullDone: 330 });
    // A second run has nothing to load in full: no writer thread is started.
    await runSync(db, org.api, { scope: 'all', userId: USER, bulkThreshold: 1_000_000, allowReconcile: () => false, pageWriter: () => expect.unreachable() });
  });

  it('one stream at a time when asked', async () => {
    const org = distantOrg(120, 5);
    await runSync(db, org.api, { scope: 'all', userId: USER, bulkThreshold: 1_000_000, streams: 1, allowReconcile: () => false });
    expect(org.stats().maxObjectsAtOnce).toBe(1);
  });

  it('a network failure in one stream ends the run; committed pages stay, and the search index is rebuilt', async () => {
    const org = distantOrg(220, 10, 'Contact');
    await expect(runSync(db, org.api, { scope: 'all', userId: USER, bulkThreshold: 1_000_000, streams: 3 })).rejects.toMatchObject({ code: 'NETWORK' });
    const counts = countRecords(db);
    expect(counts.Contact).toBe(PAGE);
    // Objects after the failure never started; those running stopped at a page boundary.
    expect(counts.Campaign).toBe(0);
    expect(areIndexesDeferred(db)).toBe(false);
    expect(db.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'records_fts_%'`).pluck().get()).toBe(3);
    db.prepare(`INSERT INTO records_fts (records_fts, rank) VALUES ('integrity-check', 1)`).run();
  });
});
