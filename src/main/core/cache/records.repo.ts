/**
 * Writes to the cached records (Signal style: plain functions that take the db handle; reads live
 * in records.read.ts). None of them opens a transaction of its own: callers wrap them — the sync
 * engine commits a page of rows together with its watermark, the offline outbox
 * commits a local change together with its outbox row — so a crash keeps both or neither.
 */
import type { CacheDb } from './org-cache';
import { OBJECT_REGISTRY, type CachedObject, type FlatRecord, type ObjectDef, type ObjectRegistry } from './objects';

export type LocalState = 'synced' | 'created' | 'modified' | 'deleted';

/** The typed columns of `records` filled from a record's fields (cache migrations 0001, 0006, 0007 and 0012). */
const COLUMN_NAMES = [
  'name',
  'email',
  'phone',
  'company',
  'account_name',
  'owner_id',
  'owner_name',
  'status',
  'amount',
  'close_date',
  'last_modified',
  'created_date',
  'account_id',
  'contact_id',
  'campaign_id',
  'text_a',
  'text_b',
  'number_a',
  'date_a',
  'date_b',
  'flag_a',
  'flag_b',
  'code',
] as const;

type ColumnValues = Record<(typeof COLUMN_NAMES)[number], string | number | null>;

const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const flag = (v: unknown): number | null => (typeof v === 'boolean' ? (v ? 1 : 0) : null);

export function extractColumns(spec: ObjectDef, rec: FlatRecord): ColumnValues {
  const c = spec.columns;
  const pick = (field: string | undefined) => (field ? str(rec[field]) : null);
  return {
    name: pick(c.name),
    email: pick(c.email),
    phone: pick(c.phone),
    company: pick(c.company),
    account_name: pick(c.accountName),
    owner_id: str(rec.OwnerId),
    owner_name: str(rec['Owner.Name']),
    status: pick(c.status),
    amount: c.amount ? num(rec[c.amount]) : null,
    close_date: pick(c.closeDate),
    last_modified: str(rec.LastModifiedDate),
    created_date: str(rec.CreatedDate),
    account_id: pick(c.accountId),
    contact_id: pick(c.contactId),
    campaign_id: pick(c.campaignId),
    text_a: pick(c.textA),
    text_b: pick(c.textB),
    number_a: c.numberA ? num(rec[c.numberA]) : null,
    date_a: pick(c.dateA),
    date_b: pick(c.dateB),
    flag_a: c.flagA ? flag(rec[c.flagA]) : null,
    flag_b: c.flagB ? flag(rec[c.flagB]) : null,
    code: pick(c.code),
  };
}

const statements = new WeakMap<CacheDb, Map<string, import('better-sqlite3').Statement>>();
function stmt(db: CacheDb, sql: string) {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  return s;
}

/**
 * An upsert with every typed column, `rows` rows per statement. Parameters are positional, in the
 * order of `rowValues`: binding a named-parameter object costs more per row in better-sqlite3, and
 * a page of 2,000 rows runs it 2,000 times. The app writes one row per statement: multi-row VALUES
 * lists were measured too and were no faster (bench/cache-write.bench.ts, which is why `rows` exists).
 */
export function upsertSql(state: 'synced' | 'local', rows = 1): string {
  const columns = ['object', 'id', ...COLUMN_NAMES, 'system_modstamp', 'fields', 'local_state'];
  const updated = [...COLUMN_NAMES, 'fields', ...(state === 'synced' ? ['system_modstamp'] : ['local_state'])];
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  return `INSERT INTO records (${columns.join(', ')}) VALUES ${Array(rows).fill(tuple).join(', ')}
    ON CONFLICT (object, id) DO UPDATE SET ${updated.map((c) => `${c} = excluded.${c}`).join(', ')}
    ${state === 'synced' ? "WHERE records.local_state = 'synced'" : ''}`;
}
const UPSERT_SYNCED = upsertSql('synced');
const UPSERT_LOCAL = upsertSql('local');

/** The parameters of one row of `upsertSql`. */
export function rowValues(spec: ObjectDef, object: string, id: string, stamp: string, rec: FlatRecord, state: LocalState): unknown[] {
  const columns = extractColumns(spec, rec);
  return [object, id, ...COLUMN_NAMES.map((c) => columns[c]), stamp, JSON.stringify(rec), state];
}

/**
 * Stores records as the server sent them. Rows with a pending local change (local_state other than
 * 'synced') are left alone: the outbox owns them until it has replayed the change.
 * Returns how many rows were inserted or changed.
 */
export function upsertRecords(db: CacheDb, object: CachedObject, records: FlatRecord[], registry: ObjectRegistry = OBJECT_REGISTRY): number {
  const spec = registry.get(object);
  const insert = stmt(db, UPSERT_SYNCED);
  let changed = 0;
  for (const rec of records) {
    const id = str(rec.Id);
    const stamp = str(rec.SystemModstamp);
    if (!id || !stamp) throw new Error(`A ${object} record without Id or SystemModstamp cannot be cached`);
    changed += insert.run(rowValues(spec, object, id, stamp, rec, 'synced')).changes;
  }
  return changed;
}

/**
 * Forgets records the server deleted, or that left the sync scope. Rows with a pending local
 * change are kept (the outbox will find out on replay). Returns how many rows were removed.
 */
export function removeRecords(db: CacheDb, object: CachedObject, ids: readonly string[]): number {
  const del = stmt(db, `DELETE FROM records WHERE object = ? AND id = ? AND local_state = 'synced'`);
  let removed = 0;
  for (const id of ids) removed += del.run(object, id).changes;
  return removed;
}

/** Drops every synced row of an object (a full sync in a new scope starts from nothing). */
export function clearSyncedRecords(db: CacheDb, object: CachedObject): number {
  return stmt(db, `DELETE FROM records WHERE object = ? AND local_state = 'synced'`).run(object).changes;
}

/**
 * For the offline outbox: applies a local edit to the cached row in place (fields merged into the
 * JSON and the extracted columns) and sets its local_state. `create` inserts a row with a local id
 * and state 'created'; later edits of a 'created' row keep 'created'. Call it inside the same
 * transaction as the outbox row. `systemModstamp` defaults to the row's current one (or now).
 */
export function applyLocalChange(
  db: CacheDb,
  change: { object: CachedObject; id: string; fields: FlatRecord; kind: 'create' | 'update' },
  registry: ObjectRegistry = OBJECT_REGISTRY,
): void {
  const spec = registry.get(change.object);
  const existing = stmt(db, `SELECT fields, local_state, system_modstamp FROM records WHERE object = ? AND id = ?`).get(change.object, change.id) as
    { fields: string; local_state: LocalState; system_modstamp: string } | undefined;
  if (change.kind === 'update' && !existing) throw new Error(`No cached ${change.object} ${change.id} to change`);
  if (change.kind === 'create' && existing) throw new Error(`${change.object} ${change.id} is already cached`);
  const merged: FlatRecord = { ...(existing ? (JSON.parse(existing.fields) as FlatRecord) : {}), ...change.fields, Id: change.id };
  const state: LocalState = existing?.local_state === 'created' || change.kind === 'create' ? 'created' : 'modified';
  const stamp = existing?.system_modstamp ?? new Date().toISOString();
  stmt(db, UPSERT_LOCAL).run(rowValues(spec, change.object, change.id, stamp, merged, state));
}

/**
 * Derives a row's typed columns again from its stored JSON (the cache recovery copies rows of an
 * older or damaged file with the columns that file had). Returns whether the row exists.
 */
export function refreshColumns(db: CacheDb, object: CachedObject, id: string, registry: ObjectRegistry = OBJECT_REGISTRY): boolean {
  if (!registry.has(object)) return false;
  const row = stmt(db, `SELECT fields FROM records WHERE object = ? AND id = ?`).get(object, id) as { fields: string } | undefined;
  if (!row) return false;
  const columns = extractColumns(registry.get(object), JSON.parse(row.fields) as FlatRecord);
  stmt(db, `UPDATE records SET ${COLUMN_NAMES.map((c) => `${c} = ?`).join(', ')} WHERE object = ? AND id = ?`).run(
    ...COLUMN_NAMES.map((c) => columns[c]),
    object,
    id,
  );
  return true;
}

/** For the outbox: a local delete hides the row from lists and search until it is replayed. */
export function markDeleted(db: CacheDb, object: CachedObject, id: string): boolean {
  return stmt(db, `UPDATE records SET local_state = 'deleted' WHERE object = ? AND id = ?`).run(object, id).changes > 0;
}

/**
 * For the outbox after a successful replay: the row becomes the server's version again
 * (`serverRecord`, e.g. re-read after the write), or disappears (`null`, a replayed delete).
 * A locally created row whose server id differs is re-keyed by passing `localId`.
 */
export function markSynced(
  db: CacheDb,
  object: CachedObject,
  id: string,
  serverRecord: FlatRecord | null,
  localId?: string,
  registry: ObjectRegistry = OBJECT_REGISTRY,
): void {
  stmt(db, `DELETE FROM records WHERE object = ? AND id = ?`).run(object, localId ?? id);
  if (serverRecord) upsertRecords(db, object, [{ ...serverRecord, Id: id }], registry);
}
