/** The org cache's migrations: each runs in one transaction and bumps user_version; 0001's schema works; 0004 and 0005 upgrade an older cache. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CACHE_MIGRATIONS } from '../../../src/main/core/cache/migrations';
import { fieldSetOf } from '../../../src/main/core/cache/objects';
import { openOrgCache, orgCachePath } from '../../../src/main/core/cache/org-cache';
import { openMigratedDatabase } from '../../../src/main/core/storage/database';
import { readSyncStates, updateSyncState } from '../../../src/main/core/cache/sync-state.repo';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'atom-cache-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('org cache database', () => {
  it('lives at <dataDir>/cache/<connectionId>.sqlite with WAL, synchronous=FULL and foreign keys', () => {
    const dir = tempDir();
    const db = openOrgCache(dir, 'conn-1');
    try {
      expect(db.name).toBe(join(dir, 'cache', 'conn-1.sqlite'));
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('user_version', { simple: true })).toBe(CACHE_MIGRATIONS.at(-1)!.version);
      // A new cache gets 16 KB pages (cache/page-size.ts); an existing one keeps its own.
      expect(db.pragma('page_size', { simple: true })).toBe(16_384);
    } finally {
      db.close();
    }
    const old = join(tempDir(), 'old.sqlite');
    const seeded = new Database(old);
    seeded.exec('CREATE TABLE t (x)');
    seeded.close();
    const reopened = openMigratedDatabase(old, [], { pageSize: 16_384 });
    expect(reopened.pragma('page_size', { simple: true })).toBe(4096);
    reopened.close();
  });

  it('refuses connection ids that could escape the cache folder', () => {
    expect(() => orgCachePath('/tmp/x', '../evil')).toThrow(/Bad connection id/);
    expect(() => orgCachePath('/tmp/x', 'a/b')).toThrow(/Bad connection id/);
  });

  it('refuses a cache written by a newer schema', () => {
    const dir = tempDir();
    openOrgCache(dir, 'c').close();
    const raw = new Database(orgCachePath(dir, 'c'));
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => openOrgCache(dir, 'c')).toThrow(/newer version/);
  });

  it('migrations are numbered 1..n without gaps', () => {
    expect(CACHE_MIGRATIONS.map((m) => m.version)).toEqual(CACHE_MIGRATIONS.map((_, i) => i + 1));
  });

  it('a failing migration leaves the previous version and no partial schema', () => {
    const dir = tempDir();
    const broken = {
      version: 2,
      name: 'broken',
      up(db: Database.Database) {
        db.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('boom');
      },
    };
    const first = CACHE_MIGRATIONS.slice(0, 1);
    expect(() => openOrgCache(dir, 'c', [...first, broken])).toThrow('boom');
    const db = openOrgCache(dir, 'c', first);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half_done'`).get()).toBeUndefined();
    } finally {
      db.close();
    }
  });
});

describe('migration 0001 (records, records_fts, sync_state)', () => {
  // Later migrations (the outbox) build on these tables; this checks 0001's own guarantees.
  const insert = (db: Database.Database, id: string, name: string, email: string | null = null) =>
    db
      .prepare(`INSERT INTO records (object, id, name, email, system_modstamp, fields) VALUES ('Contact', ?, ?, ?, '2024-01-01T00:00:00.000Z', '{}')`)
      .run(id, name, email);
  const match = (db: Database.Database, q: string) =>
    (
      db.prepare(`SELECT r.id FROM records_fts f JOIN records r ON r.rid = f.rowid WHERE records_fts MATCH ? ORDER BY r.id`).all(q) as Array<{ id: string }>
    ).map((r) => r.id);

  it('keeps the FTS index in step with inserts, updates and deletes (triggers)', () => {
    const db = openOrgCache(tempDir(), 'c');
    try {
      insert(db, '003A', 'Ada Lovelace', 'ada@example.com');
      insert(db, '003B', 'Grace Hopper');
      expect(match(db, '"lov"*')).toEqual(['003A']);
      expect(match(db, '"example"*')).toEqual(['003A']);
      db.prepare(`UPDATE records SET name = 'Ada Byron' WHERE id = '003A'`).run();
      expect(match(db, '"lov"*')).toEqual([]);
      expect(match(db, '"byr"*')).toEqual(['003A']);
      db.prepare(`DELETE FROM records WHERE id = '003B'`).run();
      expect(match(db, '"grace"*')).toEqual([]);
      db.prepare(`INSERT INTO records_fts (records_fts, rank) VALUES ('integrity-check', 1)`).run();
    } finally {
      db.close();
    }
  });

  it('rejects duplicate (object, id) and invalid JSON (unknown objects: up to 0004 only, see 0005 below)', () => {
    const db = openOrgCache(tempDir(), 'c');
    try {
      insert(db, '003A', 'Ada');
      expect(() => insert(db, '003A', 'Again')).toThrow(/UNIQUE/);
      expect(() => db.prepare(`INSERT INTO records (object, id, system_modstamp, fields) VALUES ('Lead', '00Q1', 'x', 'not json')`).run()).toThrow(/CHECK/);
      expect(() => db.prepare(`INSERT INTO sync_state (object, scope) VALUES ('Lead', 'some')`).run()).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });
});

describe('migration 0004 (sync_state.field_set, last_reconciled_at)', () => {
  it('adds both columns to an existing cache as NULL, keeping its rows and sync state', () => {
    const dir = tempDir();
    const before = openOrgCache(dir, 'c', CACHE_MIGRATIONS.slice(0, 3));
    before
      .prepare(
        `INSERT INTO records (object, id, name, system_modstamp, fields) VALUES ('Case', '500A', 'Printer', '2024-01-01T00:00:00.000Z', '{"Subject":"Printer"}')`,
      )
      .run();
    before
      .prepare(
        `INSERT INTO sync_state (object, scope, phase, watermark_stamp, watermark_id) VALUES ('Case', 'all', 'incremental', '2024-01-01T00:00:00.000Z', '500A')`,
      )
      .run();
    before.close();

    const db = openOrgCache(dir, 'c', CACHE_MIGRATIONS.slice(0, 4));
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(4);
      const states = readSyncStates(db, 'all');
      const state = states.get('Case');
      expect(state).toMatchObject({
        phase: 'incremental',
        watermarkStamp: '2024-01-01T00:00:00.000Z',
        watermarkId: '500A',
        fieldSet: null,
        lastReconciledAt: null,
      });
      // NULL differs from every field set, so the next sync reads the object again in place.
      expect(state?.fieldSet).not.toBe(fieldSetOf('Case'));
      expect(db.prepare(`SELECT COUNT(*) AS n FROM records`).get()).toEqual({ n: 1 });
      updateSyncState(db, 'Case', { fieldSet: fieldSetOf('Case'), lastReconciledAt: '2024-02-01T00:00:00.000Z' });
      expect(readSyncStates(db, 'all').get('Case')).toMatchObject({ fieldSet: fieldSetOf('Case'), lastReconciledAt: '2024-02-01T00:00:00.000Z' });
    } finally {
      db.close();
    }
  });

  it('the field set names every cached field with its kind, Description included', () => {
    expect(fieldSetOf('Case')).toMatch(/(^|,)Description:text(,|$)/);
    expect(fieldSetOf('Case')).toMatch(/^Id:text,/);
    for (const object of ['Account', 'Opportunity', 'Lead', 'Case'] as const) expect(fieldSetOf(object)).toContain('Description:text');
  });
});

describe('migration 0005: any object', () => {
  const schemaOf = (db: Database.Database, table: string) =>
    db.prepare(`SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') ORDER BY type, name`).all(table);

  it('drops the CHECK on object from records and sync_state, keeping every row, rid, index, trigger and the FTS index', () => {
    const dir = tempDir();
    const before = openOrgCache(dir, 'c', CACHE_MIGRATIONS.slice(0, 4));
    const insert = before.prepare(
      `INSERT INTO records (rid, object, id, name, email, system_modstamp, fields, local_state) VALUES (?, ?, ?, ?, ?, '2024-01-01T00:00:00.000Z', '{}', ?)`,
    );
    before.transaction(() => {
      insert.run(7, 'Contact', '003000000000001AAA', 'Ada Lovelace', 'ada@example.org', 'synced');
      insert.run(42, 'Lead', '00Q000000000001AAA', 'Grace Hopper', null, 'modified');
      before.prepare(`INSERT INTO sync_state (object, scope, phase, field_set) VALUES ('Contact', 'mine', 'incremental', 'Id:text')`).run();
    })();
    expect(() => insert.run(8, 'Task', '00T000000000001AAA', 'Call', null, 'synced')).toThrow(/CHECK/);
    const indexesBefore = schemaOf(before, 'records');
    before.close();

    const db = openOrgCache(dir, 'c', CACHE_MIGRATIONS.slice(0, 5));
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(5);
      expect(db.prepare(`SELECT rid, object, id, name, local_state FROM records ORDER BY rid`).all()).toEqual([
        { rid: 7, object: 'Contact', id: '003000000000001AAA', name: 'Ada Lovelace', local_state: 'synced' },
        { rid: 42, object: 'Lead', id: '00Q000000000001AAA', name: 'Grace Hopper', local_state: 'modified' },
      ]);
      expect(readSyncStates(db, 'mine', ['Contact']).get('Contact')).toMatchObject({ phase: 'incremental', fieldSet: 'Id:text' });
      expect(schemaOf(db, 'records')).toEqual(indexesBefore);
      expect(indexesBefore.length).toBeGreaterThan(20);
      // The FTS index still finds the rows by rid, and the triggers keep it in step.
      const fts = (text: string) => db.prepare(`SELECT rowid FROM records_fts WHERE records_fts MATCH ?`).pluck().all(text);
      expect(fts('"ada"*')).toEqual([7]);
      db.prepare(`UPDATE records SET name = 'Ada King' WHERE rid = 7`).run();
      expect(fts('"king"*')).toEqual([7]);
      expect(fts('"lovelace"*')).toEqual([]);
      // Any object name the registry admits can now be stored.
      db.prepare(`INSERT INTO records (object, id, name, system_modstamp, fields) VALUES ('Task', '00T000000000001AAA', 'Call back', 'x', '{}')`).run();
      db.prepare(`INSERT INTO sync_state (object, scope) VALUES ('Task', 'all')`).run();
      expect(fts('"call"*')).toHaveLength(1);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare(`INSERT INTO records_fts (records_fts) VALUES ('integrity-check')`).run().changes).toBeGreaterThanOrEqual(0);
    } finally {
      db.close();
    }
  });
});

describe('migration 0006: typed columns, FTS prefixes 1 and 2, cache_meta', () => {
  it('fills the typed columns from existing rows, moves the json_extract indexes onto them and rebuilds the FTS index', () => {
    const dir = tempDir();
    const before = openOrgCache(dir, 'c', CACHE_MIGRATIONS.slice(0, 5));
    const insert = before.prepare(`INSERT INTO records (rid, object, id, name, system_modstamp, fields) VALUES (?, ?, ?, ?, '2024-01-01T00:00:00.000Z', ?)`);
    before.transaction(() => {
      insert.run(
        1,
        'Account',
        '001000000000001AAA',
        'Alder Health',
        JSON.stringify({ Industry: 'Healthcare', BillingCity: 'Lyon', AnnualRevenue: 1200000, CreatedDate: '2024-01-01T00:00:00.000Z' }),
      );
      insert.run(
        2,
        'Case',
        '500000000000001AAA',
        'Printer on fire',
        JSON.stringify({ CaseNumber: '00001001', Priority: 'High', AccountId: '001000000000001AAA', ContactId: '003000000000001AAA' }),
      );
      insert.run(
        3,
        'Opportunity',
        '006000000000001AAA',
        'Big deal',
        JSON.stringify({ AccountId: '001000000000001AAA', CampaignId: '701000000000001AAA', CreatedDate: '2024-02-01T00:00:00.000Z' }),
      );
      insert.run(4, 'Contact', '003000000000001AAA', 'Ada Lovelace', JSON.stringify({ AccountId: '' }));
    })();
    before.close();

    const db = openOrgCache(dir, 'c');
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(CACHE_MIGRATIONS.at(-1)!.version);
      const row = (rid: number) =>
        db.prepare(`SELECT created_date, account_id, contact_id, campaign_id, text_a, text_b, number_a FROM records WHERE rid = ?`).get(rid);
      expect(row(1)).toEqual({
        created_date: '2024-01-01T00:00:00.000Z',
        account_id: null,
        contact_id: null,
        campaign_id: null,
        text_a: 'Healthcare',
        text_b: 'Lyon',
        number_a: 1200000,
      });
      expect(row(2)).toMatchObject({ account_id: '001000000000001AAA', contact_id: '003000000000001AAA', text_a: '00001001', text_b: 'High' });
      expect(row(3)).toMatchObject({ account_id: '001000000000001AAA', campaign_id: '701000000000001AAA', created_date: '2024-02-01T00:00:00.000Z' });
      expect(row(4)).toMatchObject({ account_id: null });
      const indexSql = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' AND sql IS NOT NULL`).pluck().all() as string[];
      expect(indexSql.filter((sql) => sql.includes('json_extract'))).toEqual([]);
      expect(indexSql.some((sql) => sql.includes('records_case_number') && sql.includes('text_a'))).toBe(true);
      // The Case list sorted by number uses the index over the typed column.
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM records WHERE object = 'Case' ORDER BY text_a COLLATE NOCASE, id LIMIT 5`).all() as Array<{
        detail: string;
      }>;
      expect(plan.map((p) => p.detail).join(' ')).toContain('records_case_number');
      const ftsSql = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'records_fts'`).pluck().get() as string;
      expect(ftsSql).toMatch(/prefix = '1 2'/);
      const fts = (text: string) => db.prepare(`SELECT rowid FROM records_fts WHERE records_fts MATCH ?`).pluck().all(text);
      expect(fts('"ald"*')).toEqual([1]);
      db.prepare(`UPDATE records SET name = 'Birch Health' WHERE rid = 1`).run();
      expect(fts('"birch"*')).toEqual([1]);
      expect(db.prepare(`INSERT INTO records_fts (records_fts) VALUES ('integrity-check')`).run().changes).toBeGreaterThanOrEqual(0);
      expect(db.prepare(`SELECT COUNT(*) FROM cache_meta`).pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe('migration 0007: the cockpit data', () => {
  it("fills Opportunity's and Lead's analytic columns from existing rows and adds the history, stage and lead status tables", () => {
    const dir = tempDir();
    const before = openOrgCache(dir, 'c', CACHE_MIGRATIONS.slice(0, 6));
    const insert = before.prepare(`INSERT INTO records (rid, object, id, name, system_modstamp, fields) VALUES (?, ?, ?, ?, '2024-01-01T00:00:00.000Z', ?)`);
    before.transaction(() => {
      insert.run(
        1,
        'Opportunity',
        '006000000000001AAA',
        'Won deal',
        JSON.stringify({ IsClosed: true, IsWon: true, ForecastCategoryName: 'Closed', Probability: 100 }),
      );
      insert.run(
        2,
        'Opportunity',
        '006000000000002AAA',
        'Open deal',
        JSON.stringify({ IsClosed: false, IsWon: false, ForecastCategoryName: 'Commit', Probability: 90 }),
      );
      insert.run(
        3,
        'Lead',
        '00Q000000000001AAA',
        'Ada',
        JSON.stringify({ IsConverted: true, LeadSource: 'Web', ConvertedDate: '2024-03-01', ConvertedOpportunityId: '006000000000001AAA' }),
      );
      insert.run(4, 'Account', '001000000000001AAA', 'Alder', JSON.stringify({ Industry: 'Healthcare' }));
    })();
    before.close();

    const db = openOrgCache(dir, 'c');
    try {
      const row = (rid: number) => db.prepare(`SELECT text_a, text_b, number_a, flag_a, flag_b, date_a, date_b FROM records WHERE rid = ?`).get(rid);
      expect(row(1)).toEqual({ text_a: 'Closed', text_b: null, number_a: 100, flag_a: 1, flag_b: 1, date_a: null, date_b: null });
      expect(row(2)).toEqual({ text_a: 'Commit', text_b: null, number_a: 90, flag_a: 0, flag_b: 0, date_a: null, date_b: null });
      expect(row(3)).toEqual({ text_a: 'Web', text_b: '006000000000001AAA', number_a: null, flag_a: 1, flag_b: null, date_a: '2024-03-01', date_b: null });
      // Other objects' rows are untouched.
      expect(row(4)).toEqual({ text_a: null, text_b: null, number_a: null, flag_a: null, flag_b: null, date_a: null, date_b: null });
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
      expect(tables).toEqual(expect.arrayContaining(['opportunity_history', 'opportunity_history_checked', 'opportunity_stages', 'lead_statuses']));
    } finally {
      db.close();
    }
  });
});

describe('migration 0012: identifying numbers in search', () => {
  it("fills the code column from existing cases' CaseNumber and rebuilds the FTS index with it, triggers included", () => {
    const dir = tempDir();
    const before = openOrgCache(
      dir,
      'c',
      CACHE_MIGRATIONS.filter((m) => m.version < 12),
    );
    const insert = before.prepare(`INSERT INTO records (rid, object, id, name, system_modstamp, fields) VALUES (?, ?, ?, ?, '2024-01-01T00:00:00.000Z', ?)`);
    before.transaction(() => {
      insert.run(1, 'Case', '500000000000001AAA', 'Printer on fire', JSON.stringify({ CaseNumber: '00001027' }));
      insert.run(2, 'Account', '001000000000001AAA', 'Alder Health', JSON.stringify({ AccountNumber: '00001027' }));
    })();
    before.close();

    const db = openOrgCache(dir, 'c');
    try {
      expect(db.prepare(`SELECT rid, code FROM records ORDER BY rid`).all()).toEqual([
        { rid: 1, code: '00001027' },
        { rid: 2, code: null },
      ]);
      const fts = (text: string) => db.prepare(`SELECT rowid FROM records_fts WHERE records_fts MATCH ?`).pluck().all(text);
      expect(fts('"00001027"*')).toEqual([1]);
      expect(fts('"print"*')).toEqual([1]);
      db.prepare(`UPDATE records SET code = '00002000' WHERE rid = 1`).run();
      expect(fts('"00001027"*')).toEqual([]);
      expect(fts('"00002000"*')).toEqual([1]);
      db.prepare(`DELETE FROM records WHERE rid = 1`).run();
      expect(fts('"00002000"*')).toEqual([]);
      expect(db.prepare(`INSERT INTO records_fts (records_fts) VALUES ('integrity-check')`).run().changes).toBeGreaterThanOrEqual(0);
    } finally {
      db.close();
    }
  });
});
