/**
 * Lists and details of cached records (`records:list`, `records:get`), read from one org cache.
 *
 * A list window is two prepared statements: a COUNT with the same WHERE (the virtualizer's total)
 * and the sorted rows `LIMIT ? OFFSET ?`, both served by the sort indexes of migration 0003. Only
 * the window's rows parse their JSON. Freshness comes from the object's sync_state row.
 */
import type { Statement } from 'better-sqlite3';
import { CACHE_STALE_AFTER_MS, RELATED_LIST_LIMIT, type CacheFreshness, type RecordDetail, type RecordListPage } from '../../../shared/ipc/records.contract';
import { fieldKindOf, listRowFieldsOf } from '../../../shared/objects/registry';
import { OBJECT_REGISTRY, type FlatRecord, type ObjectDef, type ObjectRegistry } from '../cache/objects';
import type { CacheDb } from '../cache/org-cache';
import { areIndexesDeferred } from '../cache/deferred-indexes';
import { readSyncState } from '../cache/sync-state.repo';
import { buildListQuery } from './list-sql';
import type { CrmObject, ParsedListQuery } from './types';

type Value = string | number | boolean | null;
type Row = Record<string, Value>;
/** Outbox states of a change not yet accepted by Salesforce. */
const OPEN_OUTBOX_STATES = ['pending', 'sending', 'conflict', 'needs-attention'] as const;

const statements = new WeakMap<CacheDb, Map<string, Statement>>();
function prepared(db: CacheDb, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) {
    // Bounded: statement shapes are finite (object × sort × direction × which filters are set).
    if (cache.size > 500) cache.clear();
    cache.set(sql, (stmt = db.prepare(sql)));
  }
  return stmt;
}

/** Cached values are typed by the sync engine; local edits may carry text for numbers, so coerce. */
function coerce(kind: string, value: unknown): Value {
  if (value === undefined || value === null || value === '') return null;
  if (kind === 'number') {
    const n = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(n) ? n : null;
  }
  if (kind === 'boolean') return typeof value === 'boolean' ? value : value === 1 || String(value).toLowerCase() === 'true';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

const rowFields = new WeakMap<ObjectDef, Array<[string, string]>>();
/** The row shape's fields of an object (registry) with the kind the cache keeps them as. */
function listFields(def: ObjectDef): Array<[string, string]> {
  let fields = rowFields.get(def);
  if (!fields) {
    fields = listRowFieldsOf(def).map((name) => [name, fieldKindOf(def, name)]);
    rowFields.set(def, fields);
  }
  return fields;
}

function toListRow(def: ObjectDef, id: string, localState: string, json: string): Row {
  const fields = JSON.parse(json) as FlatRecord;
  const row: Row = {};
  for (const [name, kind] of listFields(def)) row[name] = coerce(kind, fields[name]);
  row.Id = id;
  row.localState = localState;
  return row;
}

export function freshnessOf(db: CacheDb, object: CrmObject, now = Date.now()): CacheFreshness {
  const state = readSyncState(db, object);
  const times = [state?.lastFullSyncAt, state?.lastIncrementalAt].filter((t): t is string => Boolean(t)).sort();
  const cachedAt = times.at(-1) ?? null;
  const lastError = state?.lastError ?? null;
  let never = false;
  if (!state?.lastFullSyncAt) {
    // A first full sync may be under way (rows arriving): show what is there.
    const any = prepared(db, `SELECT 1 FROM records WHERE object = ? LIMIT 1`).get(object);
    never = !any;
  }
  const stale = cachedAt === null || now - Date.parse(cachedAt) > CACHE_STALE_AFTER_MS || lastError !== null;
  return { state: never ? 'never-synced' : 'ready', cachedAt, stale, lastError };
}

/**
 * How fresh one record's copy is. The object's last sync is a floor, not the copy's time: a record
 * written after that sync (created or saved from this app, fetched again after a write) was read
 * from Salesforce no earlier than its SystemModstamp. Using the later of the two, "Cached copy" is
 * never before the record's own Created or Last modified. A record made offline (local_state
 * 'created') has no copy from Salesforce yet: the object's freshness stands.
 */
export function recordFreshnessOf(db: CacheDb, object: CrmObject, id: string, now = Date.now()): CacheFreshness {
  const base = freshnessOf(db, object, now);
  const row = prepared(db, `SELECT local_state, system_modstamp FROM records WHERE object = ? AND id = ?`).get(object, id) as
    { local_state: string; system_modstamp: string | null } | undefined;
  const stamp = row && row.local_state !== 'created' ? Date.parse(row.system_modstamp ?? '') : Number.NaN;
  if (Number.isNaN(stamp) || (base.cachedAt !== null && Date.parse(base.cachedAt) >= stamp)) return base;
  const stale = now - stamp > CACHE_STALE_AFTER_MS || base.lastError !== null;
  return { ...base, cachedAt: new Date(stamp).toISOString(), stale };
}

/** `registry`: the objects the cache keeps and their list rows (default: the shared one). */
export function listRecords(
  db: CacheDb,
  query: ParsedListQuery,
  userId: string | null,
  now: Date = new Date(),
  registry: ObjectRegistry = OBJECT_REGISTRY,
): RecordListPage {
  const freshness = freshnessOf(db, query.object);
  if (freshness.state === 'never-synced') {
    return { object: query.object, rows: [], totalCount: 0, offset: query.offset, freshness } as RecordListPage;
  }
  const def = registry.get(query.object);
  const built = buildListQuery(query, userId, now, registry, !areIndexesDeferred(db));
  const total = prepared(db, `SELECT COUNT(*) AS n FROM records WHERE ${built.where}`).get(...built.params) as { n: number };
  const rows = (
    prepared(db, `SELECT id, local_state, fields FROM records WHERE ${built.where} ORDER BY ${built.orderBy} LIMIT ? OFFSET ?`).all(
      ...built.params,
      query.limit,
      query.offset,
    ) as Array<{ id: string; local_state: string; fields: string }>
  ).map((r) => toListRow(def, r.id, r.local_state, r.fields));
  markOutboxStates(db, query.object, rows);
  return { object: query.object, rows, totalCount: total.n, offset: query.offset, freshness } as unknown as RecordListPage;
}

/** The worst state wins: a refusal needs the user more than a conflict, a conflict more than a wait. */
const ROW_STATE_RANK = { refused: 3, conflict: 2, pending: 1 } as const;
const rowStateOf = (state: string): keyof typeof ROW_STATE_RANK => (state === 'needs-attention' ? 'refused' : state === 'conflict' ? 'conflict' : 'pending');

/**
 * Tells each row with a local change where that change stands in the outbox (a new record Salesforce
 * refused must not look like one merely waiting). One query for the window's changed rows, usually none.
 */
function markOutboxStates(db: CacheDb, object: CrmObject, rows: Row[]): void {
  const changed = rows.filter((row) => row.localState !== 'synced');
  if (changed.length === 0 || !prepared(db, `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'outbox'`).get()) return;
  const states = db
    .prepare(
      `SELECT record_id AS id, state FROM outbox WHERE object = ? AND record_id IN (${changed.map(() => '?').join(', ')}) AND state IN (${OPEN_OUTBOX_STATES.map((s) => `'${s}'`).join(', ')})`,
    )
    .all(object, ...changed.map((row) => String(row.Id))) as Array<{ id: string; state: string }>;
  const worst = new Map<string, keyof typeof ROW_STATE_RANK>();
  for (const { id, state } of states) {
    const next = rowStateOf(state);
    const current = worst.get(id);
    if (!current || ROW_STATE_RANK[next] > ROW_STATE_RANK[current]) worst.set(id, next);
  }
  // A local change with no open outbox entry is on its way (the entry is written with the row).
  for (const row of changed) row.outboxState = worst.get(String(row.Id)) ?? 'pending';
}

/** The first rows of a related list and how many there are (sorted like the object's list). */
function relatedList(db: CacheDb, query: ParsedListQuery): RelatedRows {
  const page = listRecords(db, query, null);
  return { rows: page.rows as unknown as Row[], totalCount: page.totalCount };
}

/** Row shapes are checked against the contract's schemas by the gate on the way out. */
interface RelatedRows {
  rows: Row[];
  totalCount: number;
}
export interface RelatedFromCache {
  contacts?: RelatedRows;
  opportunities?: RelatedRows;
  cases?: RelatedRows;
}

export interface CachedDetail {
  record: Row;
  localState: RecordDetail['localState'];
}

export function readRecord(db: CacheDb, object: CrmObject, id: string, registry: ObjectRegistry = OBJECT_REGISTRY): CachedDetail | undefined {
  const row = prepared(db, `SELECT local_state, fields FROM records WHERE object = ? AND id = ?`).get(object, id) as
    { local_state: RecordDetail['localState']; fields: string } | undefined;
  if (!row) return undefined;
  const kinds = new Map(registry.get(object).fields.map((f) => [f.name, f.kind] as const));
  const record: Row = {};
  for (const [name, value] of Object.entries(JSON.parse(row.fields) as Record<string, unknown>)) record[name] = coerce(kinds.get(name) ?? 'text', value);
  record.Id = id;
  return { record, localState: row.local_state };
}

const relatedWindow = { search: undefined, sortDir: 'asc' as const, offset: 0, limit: RELATED_LIST_LIMIT };

/** Related lists from the cache; campaign member counts are not cached and are added by the service. */
export function relatedLists(db: CacheDb, object: CrmObject, id: string, record: Row): RelatedFromCache {
  switch (object) {
    case 'Account':
      return {
        contacts: relatedList(db, { object: 'Contact', sortBy: 'Name', filters: { accountId: id }, ...relatedWindow }),
        opportunities: relatedList(db, { object: 'Opportunity', sortBy: 'CloseDate', filters: { accountId: id }, ...relatedWindow, sortDir: 'desc' }),
        cases: relatedList(db, { object: 'Case', sortBy: 'CreatedDate', filters: { accountId: id }, ...relatedWindow, sortDir: 'desc' }),
      };
    case 'Contact': {
      // OpportunityContactRole is not synced: a contact's opportunities are its account's.
      const accountId = typeof record.AccountId === 'string' ? record.AccountId : null;
      return {
        cases: relatedList(db, { object: 'Case', sortBy: 'CreatedDate', filters: { contactId: id }, ...relatedWindow, sortDir: 'desc' }),
        opportunities: accountId
          ? relatedList(db, { object: 'Opportunity', sortBy: 'CloseDate', filters: { accountId }, ...relatedWindow, sortDir: 'desc' })
          : { rows: [], totalCount: 0 },
      };
    }
    case 'Campaign':
      return { opportunities: campaignOpportunities(db, id) };
    default:
      return {};
  }
}

/** Opportunities attributed to a campaign (primary campaign source), newest close date first. */
function campaignOpportunities(db: CacheDb, campaignId: string): RelatedRows {
  const where = `object = 'Opportunity' AND local_state <> 'deleted' AND campaign_id = ?`;
  const total = prepared(db, `SELECT COUNT(*) AS n FROM records WHERE ${where}`).get(campaignId) as { n: number };
  const rows = (
    prepared(db, `SELECT id, local_state, fields FROM records WHERE ${where} ORDER BY close_date DESC, id DESC LIMIT ?`).all(
      campaignId,
      RELATED_LIST_LIMIT,
    ) as Array<{
      id: string;
      local_state: string;
      fields: string;
    }>
  ).map((r) => toListRow(OBJECT_REGISTRY.get('Opportunity'), r.id, r.local_state, r.fields));
  return { rows, totalCount: total.n };
}

/** This record's outbox changes Salesforce has not accepted yet (the outbox's table, if present). */
export function pendingChanges(db: CacheDb, connectionId: string, object: CrmObject, id: string): RecordDetail['pendingChanges'] {
  const hasOutbox = prepared(db, `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'outbox'`).get();
  if (!hasOutbox) return { count: 0, states: [] };
  const rows = prepared(
    db,
    `SELECT state FROM outbox WHERE connection_id = ? AND object = ? AND record_id = ? AND state IN (${OPEN_OUTBOX_STATES.map((s) => `'${s}'`).join(', ')}) ORDER BY id`,
  ).all(connectionId, object, id) as Array<{ state: (typeof OPEN_OUTBOX_STATES)[number] }>;
  return { count: rows.length, states: [...new Set(rows.map((r) => r.state))] };
}
