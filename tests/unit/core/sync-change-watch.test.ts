/**
 * The engine's change watch (change notifications): a page of changes is compared with the cached
 * rows before it (one read of the page's Ids) only for the objects the watch names; a page of any
 * other object is written without that read and without telling the watch. A fake SyncApi answers
 * one changed Account and one changed Case; the reconciliation is not due.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CachedObject } from '../../../src/main/core/cache/objects';
import { openOrgCache, type CacheDb } from '../../../src/main/core/cache/org-cache';
import { getCachedRecord, getCachedRecords } from '../../../src/main/core/cache/records.read';
import { upsertRecords } from '../../../src/main/core/cache/records.repo';
import { runSync, type ChangeBatch } from '../../../src/main/core/sync/sync-engine';
import { changeCheckOrg, markAllSynced } from './sync-fixture';

vi.mock('../../../src/main/core/cache/records.read', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/main/core/cache/records.read')>();
  return { ...actual, getCachedRecords: vi.fn(actual.getCachedRecords) };
});

const USER = '005000000000001AAA';
const OTHER = '005000000000002AAA';
const ACCOUNT = '001000000000001AAA';
const CASE = '500000000000001AAA';
let dir: string;
let db: CacheDb;

const stampBefore = new Date(Date.now() - 60_000).toISOString();
const stampNow = new Date(Date.now() - 1_000).toISOString();

/** Every object synced and reconciled; one Account and one Case cached, both the user's. */
function syncedCache(): void {
  markAllSynced(db, stampBefore, new Date().toISOString());
  upsertRecords(db, 'Account', [{ Id: ACCOUNT, Name: 'Acme', OwnerId: USER, SystemModstamp: stampBefore }]);
  upsertRecords(db, 'Case', [{ Id: CASE, Subject: 'Printer', OwnerId: OTHER, SystemModstamp: stampBefore }]);
}

const changed: Partial<Record<CachedObject, Record<string, unknown>>> = {
  Account: { Id: ACCOUNT, Name: 'Acme Corp', OwnerId: USER, SystemModstamp: stampNow, IsDeleted: false, LastModifiedById: OTHER },
  Case: { Id: CASE, Subject: 'Printer', OwnerId: USER, SystemModstamp: stampNow, IsDeleted: false, LastModifiedById: OTHER },
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atom-change-watch-'));
  db = openOrgCache(dir, 'conn-watch');
  syncedCache();
  vi.mocked(getCachedRecords).mockClear();
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the change watch', () => {
  it("reads the old rows of the watch's objects only; other objects' pages are written without telling it", async () => {
    const batches: ChangeBatch[] = [];
    const report = await runSync(db, changeCheckOrg(changed), {
      scope: 'all',
      userId: USER,
      bulkThreshold: 50_000,
      watch: { objects: new Set<CachedObject>(['Case']), onChanges: (batch) => batches.push(batch) },
    });
    expect(report.errors).toEqual({});
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ object: 'Case', since: stampBefore });
    expect(batches[0].changes).toEqual([
      expect.objectContaining({
        before: expect.objectContaining({ fields: expect.objectContaining({ OwnerId: OTHER }), localState: 'synced' }),
        deleted: false,
        kept: true,
      }),
    ]);
    expect(batches[0].changes[0].after).toMatchObject({ Id: CASE, OwnerId: USER });
    // The old rows were read for the Case page only.
    expect(vi.mocked(getCachedRecords).mock.calls.map(([, object]) => object)).toEqual(['Case']);
    // Both pages were written all the same.
    expect(getCachedRecord(db, 'Account', ACCOUNT)?.fields.Name).toBe('Acme Corp');
    expect(getCachedRecord(db, 'Case', CASE)?.fields.OwnerId).toBe(USER);
  });

  it('a watch of no object reads no old rows and is never told', async () => {
    const onChanges = vi.fn();
    await runSync(db, changeCheckOrg(changed), { scope: 'all', userId: USER, bulkThreshold: 50_000, watch: { objects: new Set(), onChanges } });
    expect(onChanges).not.toHaveBeenCalled();
    expect(getCachedRecords).not.toHaveBeenCalled();
    expect(getCachedRecord(db, 'Case', CASE)?.fields.OwnerId).toBe(USER);
  });
});
