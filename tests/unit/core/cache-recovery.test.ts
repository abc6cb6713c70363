/**
 * A damaged org cache (checklist Q5) and the durability pragmas (Q1): a corrupt page, a file that
 * is not a database, a cache marked damaged in use, and a recovery a crash cut short. The unsent
 * changes that can still be read survive into a fresh cache; the damaged files are set aside
 * under a dated name, never deleted; other failures are not mistaken for damage.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isCorruptionError, salvageUnsentChanges } from '../../../src/main/core/cache/cache-recovery';
import { CACHE_MIGRATIONS } from '../../../src/main/core/cache/migrations';
import { isRecoveryFileOf, markOrgCacheDamaged, openOrgCache, openOrgCacheWithRecovery, orgCachePath } from '../../../src/main/core/cache/org-cache';
import { upsertRecords } from '../../../src/main/core/cache/records.repo';
import type { Logger } from '../../../src/main/core/logger';
import { createCacheLocalRecords } from '../../../src/main/core/outbox/cache-local-records';
import { createOutboxStore } from '../../../src/main/core/outbox/outbox-store';
import { assertDurabilityPragmas, openDatabase } from '../../../src/main/core/storage/database';
import { rng, syntheticRecords } from './records-fixture';

const CONN = 'conn-q5';
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'atom-cache-recovery-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const logs: string[] = [];
const log: Logger = {
  debug: () => {},
  info: (m) => logs.push(`info ${m}`),
  warn: (m) => logs.push(`warn ${m}`),
  error: (m) => logs.push(`error ${m}`),
};

interface Seeded {
  /** The open outbox entries as the store saw them before the damage (id, op, record, uuid, payload). */
  open: Array<{ id: number; op: string; recordId: string; clientUuid: string | null; payload: unknown; state: string }>;
  updatedContactId: string;
  createdId: string;
}

/** A cache with 3,000 synced Contacts (hundreds of pages) and unsent changes of every kind, closed. */
function seedCache(dataDir: string): Seeded {
  const db = openOrgCache(dataDir, CONN);
  try {
    const contacts = syntheticRecords('Contact', 3_000, 5);
    db.transaction(() => upsertRecords(db, 'Contact', contacts))();
    const store = createOutboxStore(db, CONN, createCacheLocalRecords(db));
    const created = store.enqueueCreate('Contact', { LastName: 'Offline Ada', Email: 'ada@example.com' });
    const updated = contacts[0].Id as string;
    store.enqueueUpdate('Contact', updated, { Title: 'Chief Offline Officer' });
    store.enqueueDelete('Contact', contacts[1].Id as string);
    const sent = store.enqueueUpdate('Contact', contacts[2].Id as string, { Title: 'Already sent' });
    store.markSending(sent.id);
    store.markDone(sent.id);
    const needsFix = store.enqueueCreate('Contact', { LastName: 'Refused' });
    store.markSending(needsFix.entry.id);
    store.markNeedsAttention(needsFix.entry.id, { code: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing' });
    const open = store.open().map((e) => ({ id: e.id, op: e.op, recordId: e.recordId, clientUuid: e.clientUuid, payload: e.payload, state: e.state }));
    expect(open).toHaveLength(4);
    return { open, updatedContactId: updated, createdId: created.recordId };
  } finally {
    db.close();
  }
}

/** Pages of a table or index, from SQLite's own page map (the database must be closed afterwards). */
function pagesOf(file: string, name: string): number[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno`).pluck().all(name) as number[];
  } finally {
    db.close();
  }
}

/** Overwrites one whole page with seeded garbage, with no handle open (what a bad disk sector does). */
function smashPage(file: string, pageNo: number, seed = 9): void {
  const r = rng(seed);
  const probe = new Database(file, { readonly: true });
  const pageSize = probe.pragma('page_size', { simple: true }) as number;
  probe.close();
  const garbage = Buffer.alloc(pageSize);
  for (let i = 0; i < garbage.length; i++) garbage[i] = r.int(256);
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, garbage, 0, garbage.length, (pageNo - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
}

const quickCheck = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('quick_check', { simple: true });
  } catch (err) {
    return (err as Error).message;
  } finally {
    db.close();
  }
};

const openEntries = (db: Database.Database) =>
  createOutboxStore(db, CONN, createCacheLocalRecords(db))
    .open()
    .map((e) => ({ id: e.id, op: e.op, recordId: e.recordId, clientUuid: e.clientUuid, payload: e.payload, state: e.state }));

describe('a damaged org cache is replaced, keeping the unsent changes (Q5)', () => {
  it('a malformed page in the middle of the file: quarantined, outbox and pending edits carried over, integrity ok', () => {
    const dir = tempDir();
    const seeded = seedCache(dir);
    const file = orgCachePath(dir, CONN);
    const recordPages = pagesOf(file, 'records');
    expect(recordPages.length).toBeGreaterThan(50);
    // A page from the middle of the records table: not the first (the edited rows live there) and not an outbox page.
    const victim = recordPages[Math.floor(recordPages.length / 2)];
    expect(pagesOf(file, 'outbox')).not.toContain(victim);
    smashPage(file, victim);
    expect(quickCheck(file)).not.toBe('ok');

    const { db, recovery } = openOrgCacheWithRecovery(dir, CONN, log);
    try {
      expect(recovery).toMatchObject({ keptChanges: 4, lostChanges: 0, outboxReadable: true });
      expect(recovery?.reason).toMatch(/quick_check/);
      // Every unsent change, with its id (FIFO order) and client UUID (a resend upserts, never duplicates: X2).
      expect(openEntries(db)).toEqual(seeded.open);
      // The user still sees their edits: the locally created and modified rows came along; the synced rows wait for the sync.
      const rows = db.prepare(`SELECT id, local_state FROM records ORDER BY id`).all();
      expect(rows).toEqual(
        expect.arrayContaining([
          { id: seeded.createdId, local_state: 'created' },
          { id: seeded.updatedContactId, local_state: 'modified' },
        ]),
      );
      expect(rows.length).toBeLessThanOrEqual(4);
      // Their typed columns are derived again from their JSON (a related list finds the contact by account).
      const carried = db.prepare(`SELECT account_id, json_extract(fields, '$.AccountId') AS json FROM records WHERE id = ?`).get(seeded.updatedContactId) as {
        account_id: string | null;
        json: string | null;
      };
      expect(carried.json).toMatch(/^001/);
      expect(carried.account_id).toBe(carried.json);
      expect(db.prepare(`SELECT COUNT(*) FROM records WHERE local_state = 'synced'`).pluck().get()).toBe(0);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(CACHE_MIGRATIONS.length);
      db.prepare(`INSERT INTO records_fts (records_fts, rank) VALUES ('integrity-check', 1)`).run();
    } finally {
      db.close();
    }
    // The damaged file is kept aside under a dated name, never deleted; no rebuild left over.
    const names = readdirSync(join(dir, 'cache'));
    const quarantined = names.filter((n) => n.startsWith(`${CONN}.sqlite.corrupt-`));
    expect(quarantined).toContain(recovery?.quarantinedAs.split('/').pop());
    expect(names.some((n) => n.includes('rebuild'))).toBe(false);
    expect(quarantined.every((n) => isRecoveryFileOf(CONN, n))).toBe(true);
    expect(logs.some((l) => l.startsWith('warn The local cache of an org was damaged'))).toBe(true);

    // Opening again is an ordinary open: nothing more to repair.
    const again = openOrgCacheWithRecovery(dir, CONN, log);
    expect(again.recovery).toBeNull();
    again.db.close();
  });

  it('a file that is not a database at all (and a garbage WAL): replaced by an empty cache, reported as unreadable', () => {
    const dir = tempDir();
    const file = orgCachePath(dir, CONN);
    mkdirSync(join(dir, 'cache'), { recursive: true });
    writeFileSync(file, Buffer.from('this is a spreadsheet, not a database'.repeat(200)));
    writeFileSync(`${file}-wal`, Buffer.alloc(100, 7));

    const { db, recovery } = openOrgCacheWithRecovery(dir, CONN, log);
    try {
      expect(recovery).toMatchObject({ keptChanges: 0, outboxReadable: false });
      expect(db.prepare(`SELECT COUNT(*) FROM outbox`).pluck().get()).toBe(0);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
    expect(existsSync(recovery!.quarantinedAs)).toBe(true);
    // SQLite itself drops a WAL with an invalid header when the failed open closes; the fresh cache never sees it.
    const reopened = openOrgCacheWithRecovery(dir, CONN, log);
    expect(reopened.recovery).toBeNull();
    reopened.db.close();
  });

  it('a damaged outbox page: the loss is counted, the damaged copy kept, the cache still opens', () => {
    const dir = tempDir();
    seedCache(dir);
    const file = orgCachePath(dir, CONN);
    const outboxPages = pagesOf(file, 'outbox');
    expect(outboxPages.length).toBeGreaterThan(0);
    for (const page of outboxPages) smashPage(file, page, 3);

    const { db, recovery } = openOrgCacheWithRecovery(dir, CONN, log);
    try {
      expect(recovery).not.toBeNull();
      // Whatever could not be read is reported, never silently dropped.
      expect((recovery!.lostChanges > 0 || !recovery!.outboxReadable) && recovery!.keptChanges < 4).toBe(true);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
    expect(existsSync(recovery!.quarantinedAs)).toBe(true);
  });

  it('a cache SQLite reported damaged while in use is replaced at the next open, outbox kept', () => {
    const dir = tempDir();
    const seeded = seedCache(dir);
    markOrgCacheDamaged(dir, CONN, 'database disk image is malformed');
    const { db, recovery } = openOrgCacheWithRecovery(dir, CONN, log);
    try {
      expect(recovery).toMatchObject({ keptChanges: 4, reason: expect.stringMatching(/in use/) });
      expect(openEntries(db)).toEqual(seeded.open);
    } finally {
      db.close();
    }
    expect(existsSync(`${orgCachePath(dir, CONN)}.needs-recovery`)).toBe(false);
  });

  it('a crash between setting the damaged file aside and moving the rebuild in: the next open finishes the swap', () => {
    const dir = tempDir();
    const seeded = seedCache(dir);
    const file = orgCachePath(dir, CONN);
    // What the recovery leaves at that moment: a finished rebuild, no cache file, a stray side file of the old one.
    const rebuild = join(dir, 'cache', `${CONN}.rebuild.sqlite`);
    const db0 = new Database(file);
    db0.exec(`VACUUM INTO '${rebuild.replace(/'/g, "''")}'`);
    db0.close();
    rmSync(file);
    writeFileSync(`${file}-wal`, Buffer.alloc(64, 1));

    const { db, recovery } = openOrgCacheWithRecovery(dir, CONN, log);
    try {
      expect(recovery).toBeNull();
      expect(openEntries(db)).toEqual(seeded.open);
      expect(db.prepare(`SELECT COUNT(*) FROM records`).pluck().get()).toBe(3_002);
    } finally {
      db.close();
    }
    expect(existsSync(rebuild)).toBe(false);
    expect(readdirSync(join(dir, 'cache')).some((n) => n.startsWith(`${CONN}.sqlite.corrupt-`) && n.endsWith('-wal'))).toBe(true);
  });

  it('a rebuild left over from a crash before the swap is discarded; the cache in place is used', () => {
    const dir = tempDir();
    const seeded = seedCache(dir);
    const rebuild = join(dir, 'cache', `${CONN}.rebuild.sqlite`);
    writeFileSync(rebuild, 'half-written');
    const { db, recovery } = openOrgCacheWithRecovery(dir, CONN, log);
    try {
      expect(recovery).toBeNull();
      expect(openEntries(db)).toEqual(seeded.open);
    } finally {
      db.close();
    }
    expect(existsSync(rebuild)).toBe(false);
  });

  it('other failures are not taken for damage: a newer schema is refused and the file left alone', () => {
    const dir = tempDir();
    seedCache(dir);
    const raw = new Database(orgCachePath(dir, CONN));
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => openOrgCacheWithRecovery(dir, CONN, log)).toThrow(/newer version/);
    expect(readdirSync(join(dir, 'cache')).filter((n) => n.includes('corrupt'))).toEqual([]);
  });

  it('salvage reads a healthy cache fully and never writes to it', () => {
    const dir = tempDir();
    const seeded = seedCache(dir);
    const file = orgCachePath(dir, CONN);
    const before = readFileSync(file);
    const salvage = salvageUnsentChanges(file);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(salvage.outbox.map((r) => r.id)).toEqual(seeded.open.map((e) => e.id));
    expect(salvage.outboxReadable).toBe(true);
    expect(salvage.unreadableOutboxIds).toEqual([]);
    // The two creates, the update and the delete: each cached row an unsent change touched.
    expect(salvage.records.map((r) => r.local_state).sort()).toEqual(['created', 'created', 'deleted', 'modified']);
  });

  it('tells corruption errors from the rest', () => {
    expect(isCorruptionError(Object.assign(new Error('x'), { code: 'SQLITE_CORRUPT' }))).toBe(true);
    expect(isCorruptionError(Object.assign(new Error('x'), { code: 'SQLITE_CORRUPT_INDEX' }))).toBe(true);
    expect(isCorruptionError(Object.assign(new Error('x'), { code: 'SQLITE_NOTADB' }))).toBe(true);
    expect(isCorruptionError(Object.assign(new Error('x'), { code: 'SQLITE_BUSY' }))).toBe(false);
    expect(isCorruptionError(Object.assign(new Error('x'), { code: 'SQLITE_FULL' }))).toBe(false);
    expect(isCorruptionError(new Error('database disk image is malformed'))).toBe(false);
    expect(isCorruptionError(null)).toBe(false);
  });
});

describe('durability pragmas are asserted at open (Q1)', () => {
  it('the app database and an org cache run WAL with synchronous=FULL', () => {
    const dir = tempDir();
    const app = openDatabase(dir);
    try {
      expect(app.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(app.pragma('synchronous', { simple: true })).toBe(2);
      expect(() => assertDurabilityPragmas(app)).not.toThrow();
    } finally {
      app.close();
    }
    const cache = openOrgCache(dir, CONN);
    try {
      expect(() => assertDurabilityPragmas(cache)).not.toThrow();
    } finally {
      cache.close();
    }
  });

  it('fails loudly where WAL or FULL did not take', () => {
    // SQLite answers journal_mode=WAL on an in-memory database with "memory" instead of an error.
    const memory = new Database(':memory:');
    memory.pragma('journal_mode = WAL');
    memory.pragma('synchronous = FULL');
    expect(() => assertDurabilityPragmas(memory)).toThrow(/journal_mode=memory/);
    memory.close();

    const dir = tempDir();
    const db = openOrgCache(dir, CONN);
    try {
      db.pragma('synchronous = NORMAL');
      expect(() => assertDurabilityPragmas(db)).toThrow(/synchronous=1/);
    } finally {
      db.close();
    }
  });
});
