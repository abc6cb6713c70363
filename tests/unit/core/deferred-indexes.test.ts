/**
 * The indexes deferred during a first full load (cache/deferred-indexes.ts): rows written meanwhile
 * are found by a scan, the indexes are built once and the FTS triggers restored, and a crash in between
 * (the flag left set) is finished by the next open through the cache pool's path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeRecord, OBJECT_REGISTRY, OBJECT_SPECS } from '../../../src/main/core/cache/objects';
import { ensureObjectIndexes } from '../../../src/main/core/cache/object-indexes';
import { openOrgCache, type CacheDb } from '../../../src/main/core/cache/org-cache';
import { removeRecords, upsertRecords } from '../../../src/main/core/cache/records.repo';
import { deferIndexes, finishIndexes, areIndexesDeferred } from '../../../src/main/core/cache/deferred-indexes';
import { buildListQuery } from '../../../src/main/core/records/list-sql';
import { searchCache } from '../../../src/main/core/search/search.read';

let dir: string;
let db: CacheDb;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atom-fts-defer-'));
  db = openOrgCache(dir, 'c');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const contact = (id: string, name: string, email: string) =>
  normalizeRecord(OBJECT_SPECS.Contact, { Id: id, Name: name, Email: email, SystemModstamp: '2024-05-01T10:00:00.000+0000', Account: { Name: 'Acme Corp' } });
const indexes = () => db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' AND sql IS NOT NULL ORDER BY name`).all();
const triggers = () => db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'records_fts_%' ORDER BY name`).pluck().all();
const ftsRows = (match: string) => db.prepare(`SELECT rowid FROM records_fts WHERE records_fts MATCH ?`).pluck().all(match);

describe('deferred search index', () => {
  it('writes without the triggers, searches by scan meanwhile, then rebuilds once and restores the triggers', () => {
    upsertRecords(db, 'Contact', [contact('003000000000001AAA', 'Old Name', 'old@example.org')]);
    const original = triggers();
    const originalIndexes = indexes();
    expect(original).toHaveLength(3);
    expect(originalIndexes.length).toBeGreaterThan(20);

    deferIndexes(db);
    expect(areIndexesDeferred(db)).toBe(true);
    expect(triggers()).toEqual([]);
    // Only the index the outbox and the lists' deleted-row filter read stays (and the unique one).
    expect(indexes().map((i) => (i as { name: string }).name)).toEqual(['records_pending']);
    upsertRecords(db, 'Contact', [contact('003000000000002AAA', 'Zoë Ávila', 'zoe@example.org'), contact('003000000000001AAA', 'New Name', 'new@example.org')]);
    removeRecords(db, 'Contact', []);
    // The index is behind (no row for Zoë), but search scans the columns instead.
    expect(ftsRows('"zo"*')).toEqual([]);
    expect(searchCache(db, 'zoë').map((h) => h.id)).toEqual(['003000000000002AAA']);
    expect(searchCache(db, 'new exam').map((h) => h.id)).toEqual(['003000000000001AAA']);
    expect(searchCache(db, 'old')).toEqual([]);
    const list = buildListQuery(
      { object: 'Contact', search: 'zoë', sortBy: 'Name', sortDir: 'asc', offset: 0, limit: 10 } as never,
      null,
      new Date(),
      undefined,
      false,
    );
    expect(list.where).not.toContain('records_fts');
    expect(
      db
        .prepare(`SELECT id FROM records WHERE ${list.where}`)
        .pluck()
        .all(...list.params),
    ).toEqual(['003000000000002AAA']);

    finishIndexes(db);
    expect(areIndexesDeferred(db)).toBe(false);
    expect(triggers()).toEqual(original);
    expect(indexes()).toEqual(originalIndexes);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(ftsRows('"zoe"*')).toHaveLength(1);
    expect(ftsRows('"old"*')).toEqual([]);
    expect(searchCache(db, 'new').map((h) => h.id)).toEqual(['003000000000001AAA']);
    expect(db.prepare(`INSERT INTO records_fts (records_fts) VALUES ('integrity-check')`).run().changes).toBeGreaterThanOrEqual(0);
    // The triggers work again.
    upsertRecords(db, 'Contact', [contact('003000000000003AAA', 'Grace Hopper', 'grace@example.org')]);
    expect(ftsRows('"grace"*')).toHaveLength(1);
    // Both calls are idempotent.
    finishIndexes(db);
    deferIndexes(db);
    deferIndexes(db);
    finishIndexes(db);
    expect(triggers()).toEqual(original);
  });

  it('survives a close while deferred: the saved SQL restores the indexes and triggers at the next finish', () => {
    deferIndexes(db);
    upsertRecords(db, 'Contact', [contact('003000000000009AAA', 'Ada Lovelace', 'ada@example.org')]);
    db.close();
    db = openOrgCache(dir, 'c');
    expect(areIndexesDeferred(db)).toBe(true);
    // The cache pool creates the registry's missing indexes at open before it finishes: no clash.
    ensureObjectIndexes(db, OBJECT_REGISTRY);
    finishIndexes(db);
    expect(triggers()).toHaveLength(3);
    expect(indexes().length).toBeGreaterThan(20);
    expect(ftsRows('"ada"*')).toHaveLength(1);
  });
});
