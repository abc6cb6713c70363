/**
 * The sync engine: brings one org cache up to date with Salesforce.
 *
 * Full sync (per object, until it completes): REST query ordered by the keyset
 * (SystemModstamp, Id), read through the cursor's pages; each page is committed in one transaction
 * together with the keyset of its last row. A crash, kill or cancel resumes with a new query
 * `WHERE SystemModstamp > :w OR (SystemModstamp = :w AND Id > :id)`, so rows sharing a
 * SystemModstamp are neither skipped nor duplicated. When the first page says the object has more
 * rows than `bulkThreshold`, the rows come from a Bulk API 2.0 query job instead; its result pages
 * are committed with the job id and the next locator, so a resumed sync reads on from there.
 *
 * Incremental sync: one Composite request checks every object — a `queryAll` per object for rows
 * whose keyset is past the watermark (LIMIT 200, so a few changes arrive in that same call;
 * deletions come too, as IsDeleted rows, because a delete moves SystemModstamp). Salesforce allows
 * at most five query subrequests in a Composite, so objects the registry marks
 * `changeCheck: 'replication'` (Campaign, Task, Event) are checked with getUpdated/getDeleted
 * subrequests instead, which cover whole minutes up to `latestDateCovered`: such a change is seen at
 * the first sync after its minute has ended.
 * Objects whose check came back full are then paged with further queryAll calls. With no change
 * anywhere, an incremental sync costs exactly one API call.
 *
 * Scope "mine" fetches rows with OwnerId = the user in the full sync; incremental checks read every
 * visible change and drop rows that are no longer the user's (an ownership transfer must remove
 * the row, which a filtered query could not see).
 *
 * Activities (Task, Event: `relatedScope` in the registry, `changeCheck: 'replication'`). In scope
 * "mine" a rep also keeps the rows owned by others that point at a record the rep owns (a
 * colleague's call on my account). The keyset full sync reads the rep's own rows as for any object;
 * then the related pass (sync/related-activities.ts) reads the others' with one semi-join query per
 * rule parent (Account, Opportunity, Case, Contact, Lead: five an object), five to a Composite call,
 * and removes rows owned by others that it no longer returns. It runs at the object's first full
 * sync, then once a day (and after a full sync, which starts the object over). Between passes the
 * incremental check keeps a changed row owned by someone else when it points at a cached record of
 * its rule's parents, and drops it otherwise (a task reassigned away from me on someone else's
 * record). The reconciliation counts and checks only the rep's own rows of these objects, so
 * related rows are never taken for ghosts.
 *
 * What it costs. A quiet incremental sync: ONE call — the five 'query' objects' queryAll and the
 * getUpdated/getDeleted pairs of Campaign, Task and Event (11 subrequests of the 25 allowed, five of
 * them queries) ride in the same Composite. The first sync of Task and Event: one query call per
 * 2,000 of the rep's own rows each (or a Bulk job above the threshold), plus the related pass: two
 * Composite calls (ten semi-join queries) and one call per further page of 2,000 related rows.
 * The daily related pass: those two calls again (plus pages). A change to a task or an event is
 * read with queryAll pages from the object's watermark (one call per 2,000 changed rows).
 *
 * Reconciliation (rows deleted and purged unseen): a deleted row shows in queryAll only while it
 * sits in the recycle bin — 15 days, but a full bin is purged of rows older than two hours, and
 * emptyRecycleBin purges at once — and getDeleted's log is complete only after
 * `earliestDateAvailable` (the last purged deletion). A row deleted and purged between two syncs
 * would stay cached for ever (a ghost). So an object's cached Ids are checked against the org's
 * when its last check is older than a day, when its last sync is older than the two-hour safe gap,
 * or (Campaign) when getDeleted's earliestDateAvailable is past the window start. The check costs
 * one `SELECT COUNT()` per object, five to a Composite (two calls for all eight): after the
 * incremental the cache holds every row the org has, so equal counts mean no ghost. Only an object
 * whose counts differ has its Ids read (`SELECT Id`, 2,000 per page, or a Bulk job above the bulk
 * threshold: 50 calls for 100,000 rows by REST, about 4 by Bulk), candidates re-asked by Id (one
 * call per 200), ghosts removed and missing rows fetched (one call per 200). Rows with pending
 * local changes are never touched. On the normal path nothing is due, so an incremental sync with
 * no change still costs one call; a daily check of a healthy cache costs two.
 *
 * Field sets: sync_state records the cached field list each object's rows were written with; when
 * a release changes it (Description was added), the object is read again from its first row,
 * in place (rows stay visible), then reconciled.
 *
 * A network failure (the org did not answer) ends the run at once: every further call would fail
 * too, and the sync service reports the connection offline to the outbox.
 */
import { AppError } from '../../../shared/errors';
import {
  canonicalDatetime,
  fieldSetOf,
  normalizeRecord,
  OBJECT_REGISTRY,
  type CachedObject,
  type FlatRecord,
  type ObjectDef,
  type ObjectRegistry,
} from '../cache/objects';
import type { CacheDb } from '../cache/org-cache';
import { countObjectRows, countPending, getCachedRecords } from '../cache/records.read';
import { orgRegistryOf } from '../cache/org-registry';
import { clearSyncedRecords, removeRecords, upsertRecords } from '../cache/records.repo';
import { inlinePageWriter, type PageWriter } from '../cache/page-writer';
import { deferIndexes, finishIndexes } from '../cache/deferred-indexes';
import { readSyncStates, updateSyncState, type SyncScope, type SyncState } from '../cache/sync-state.repo';
import type { QueryPage, SyncApi } from './sync-api';
import { relatedRowKeeper, syncRelatedRows } from './related-activities';

export type SyncPhaseName = 'full' | 'bulk' | 'incremental' | 'reconcile';

export interface SyncProgress {
  object: CachedObject;
  phase: SyncPhaseName;
  done: number;
  total: number | null;
}

export interface SyncRunOptions {
  scope: SyncScope;
  /** The connected user's Id (scope "mine"). */
  userId: string;
  /** Objects with more rows than this are fully synced through Bulk API 2.0. */
  bulkThreshold: number;
  /** Forget the cache and sync everything again. */
  full?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  /** Rows per Bulk API results page (one commit each). */
  bulkPageSize?: number;
  /** The objects to sync and how (default: the shared registry). */
  registry?: ObjectRegistry;
  now?: () => number;
  /**
   * How many objects are read at once in the full sync (default 3). Each stream holds one request
   * at a time (plus the next page while a page is written), so the sync stays under the per-org
   * concurrency cap (api-meter, 6) with room for what the user opens meanwhile.
   */
  streams?: number;
  /**
   * Where the full sync's pages are committed (page-writer.ts); the default commits on `db` itself.
   * Called once per run that loads objects in full, closed at the end of those loads.
   */
  pageWriter?: (db: CacheDb) => PageWriter;
  /**
   * Asked just before the reconciliation (a background run asks the API budget guard): false skips
   * it this run and it stays due, so the next run that may spend the calls does it.
   */
  allowReconcile?: () => boolean;
  /**
   * Told of each page of changes the incremental check applies to one of the watch's objects that
   * was synced before this run (never during a first load, a full re-read or a forced full sync:
   * every row is new then): each changed row as the cache held it before the page was written and
   * as Salesforce sent it. Change notifications (notifications/) compare the two. The "before" rows
   * are one indexed read of the page's Ids in the cache, made only for the watch's objects: no API
   * call, and no reading or parsing of cached rows nobody compares.
   */
  watch?: Pick<ChangeWatch, 'objects' | 'onChanges'>;
}

/** What watches one run's incremental changes (change notifications, notifications-service.ts). */
export interface ChangeWatch {
  /** The objects whose changes it reads: pages of other objects are not reported. */
  readonly objects: ReadonlySet<CachedObject>;
  /** Each page of changes to one of `objects` (SyncRunOptions.watch). */
  onChanges(batch: ChangeBatch): void;
  /**
   * The run has ended, however it ended (the sync service calls it; pages already written stay
   * written, so what they changed is still news).
   */
  finish(): void;
}

/** One changed row of an incremental page (SyncRunOptions.watch). */
export interface RowChange {
  /** The row as cached before this page (null: the cache did not have it). */
  before: { fields: FlatRecord; localState: 'synced' | 'created' | 'modified' | 'deleted' } | null;
  /** The row as Salesforce sent it, normalized. */
  after: FlatRecord;
  /** Deleted in the org (an IsDeleted row). */
  deleted: boolean;
  /** Whether the cache keeps it (false: deleted, or out of the scope "mine" keeps). */
  kept: boolean;
}

export interface ChangeBatch {
  object: CachedObject;
  /** The object's watermark (SystemModstamp) when this run began: a row created after it is new since the last sync. */
  since: string | null;
  changes: RowChange[];
}

export interface SyncReport {
  apiCalls: number;
  fullSynced: CachedObject[];
  /** Objects whose full sync read a Bulk API 2.0 job. */
  bulk: CachedObject[];
  upserted: number;
  removed: number;
  /** Objects whose cached Ids were checked against the org's this run (see the header). */
  reconciled: CachedObject[];
  errors: Partial<Record<CachedObject, string>>;
}

export class SyncCancelled extends Error {
  constructor() {
    super('The sync was cancelled.');
    this.name = 'SyncCancelled';
  }
}

const CHECK_LIMIT = 200;
const MAX_COMPOSITE_QUERIES = 5;
const MAX_COMPOSITE_SUBREQUESTS = 25;
const DEFAULT_BULK_PAGE = 10_000;
const DEFAULT_STREAMS = 3;
/**
 * Rows of a REST full sync committed together (two pages of 2,000). Measured (bench/sync.bench.ts):
 * with the indexes deferred on a first load, 4,000 and 2,000 ran alike and 10,000 was slower and
 * used more memory (larger copies to the writer thread); with live indexes (a re-read in place)
 * larger commits rewrite fewer index pages.
 */
const COMMIT_ROWS = 4_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/**
 * Salesforce may purge a deleted row from a full recycle bin once it has been there two hours;
 * after a longer gap between syncs a deletion may have left no IsDeleted row behind.
 */
const DELETIONS_SAFE_GAP = 2 * HOUR;
/** Otherwise the cached Ids are checked once a day (an emptied recycle bin has no safe gap). */
const RECONCILE_EVERY = 24 * HOUR;
/** Ids per `Id IN (...)` query of the reconciliation (keeps the URL well under Salesforce's limit). */
const IDS_PER_QUERY = 200;
/** Rows per Bulk API results page when only Ids are read (about 20 bytes each). */
const BULK_ID_PAGE = 100_000;

const soqlString = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function selectList(def: ObjectDef, withDeleted: boolean): string {
  const names = def.fields.map((f) => f.name);
  return (withDeleted ? [...names, 'IsDeleted'] : names).join(', ');
}

function keysetClause(stamp: string | null, id: string | null): string | null {
  if (!stamp) return null;
  return id ? `(SystemModstamp > ${stamp} OR (SystemModstamp = ${stamp} AND Id > ${soqlString(id)}))` : `SystemModstamp > ${stamp}`;
}

function whereOf(clauses: Array<string | null>): string {
  const kept = clauses.filter((c): c is string => Boolean(c));
  return kept.length ? ` WHERE ${kept.join(' AND ')}` : '';
}

function effectiveScope(def: ObjectDef, scope: SyncScope): SyncScope {
  return def.ownerScoped ? scope : 'all';
}

const floorMinute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;

export async function runSync(db: CacheDb, api: SyncApi, options: SyncRunOptions): Promise<SyncReport> {
  const now = options.now ?? Date.now;
  const report: SyncReport = { apiCalls: 0, fullSynced: [], bulk: [], upserted: 0, removed: 0, reconciled: [], errors: {} };
  const callsAtStart = api.calls;
  /** Set when one object stream fails for the whole run (cancel, network): the others stop at their next page. */
  let stopRun: unknown = null;
  const checkCancelled = () => {
    if (options.signal?.aborted) throw new SyncCancelled();
    if (stopRun) throw stopRun;
  };
  const progress = (p: SyncProgress) => options.onProgress?.(p);
  const userId = options.userId;
  // The org's registry: no query names an optional field this org lacks (CurrencyIsoCode).
  const registry = orgRegistryOf(db, options.registry ?? OBJECT_REGISTRY);
  const objects = registry.names;
  const spec = (object: CachedObject) => registry.get(object);
  /** Objects whose incremental check uses getUpdated/getDeleted (see the header). */
  const checkedByReplication = (object: CachedObject) => spec(object).changeCheck === 'replication';
  if (!/^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/.test(userId)) throw new AppError('INTERNAL', 'The sync needs the connected user id.');

  // ---- scope changes and forced full syncs reset an object to "never synced" ------------------
  const states = readSyncStates(db, options.scope, objects);
  for (const object of objects) {
    const state = states.get(object) as SyncState;
    const scope = effectiveScope(spec(object), options.scope);
    if (options.full || state.scope !== scope) {
      db.transaction(() => {
        updateSyncState(db, object, resetPatch(scope));
      })();
    }
  }

  // ---- an object cached with another field list is read again in place ------------------------
  // (rows stay visible, pending local changes untouched; rows the org deleted meanwhile are found
  // by the reconciliation that follows the re-read)
  for (const object of objects) {
    const state = readState(object);
    if (state.phase !== 'never' && state.fieldSet !== fieldSetOf(spec(object))) {
      db.transaction(() => updateSyncState(db, object, { ...rereadPatch(), fieldSet: fieldSetOf(spec(object)), lastReconciledAt: null }))();
    }
  }

  const fresh = readSyncStates(db, options.scope, objects);
  const startedAt = now();
  // Objects whose last check is older than the safe gap: deletions may have been purged unseen.
  const staleAtStart = new Set(
    objects.filter((object) => {
      const s = fresh.get(object) as SyncState;
      if (s.phase !== 'incremental') return false;
      const seen = [s.lastIncrementalAt, s.lastFullSyncAt].filter((t): t is string => Boolean(t)).map(Date.parse);
      return !seen.length || startedAt - Math.max(...seen) > DELETIONS_SAFE_GAP;
    }),
  );
  /** Campaigns whose getDeleted window began before earliestDateAvailable (deletions purged unseen). */
  const purgeSuspected = new Set<CachedObject>();

  // ---- full syncs: up to `streams` objects at once --------------------------------------------
  // Objects stream side by side (each its own query cursor or Bulk job, pages still committed one
  // transaction at a time: better-sqlite3 is synchronous, so commits never interleave). A first load
  // of everything writes rows without the FTS triggers and secondary indexes and builds them once at the end.
  const toLoad = objects.filter((object) => (fresh.get(object) as SyncState).phase !== 'incremental');
  /** Objects already synced before this run, with their watermark then: only their changes are reported (watch). */
  const watched = new Map(
    objects.filter((object) => !toLoad.includes(object)).map((object) => [object, (fresh.get(object) as SyncState).watermarkStamp] as const),
  );
  if (toLoad.length && (toLoad.length === objects.length || cacheIsEmpty(db))) deferIndexes(db);
  // A full load commits through the run's page writer (a worker thread in the app); all else inline.
  let writer = toLoad.length && options.pageWriter ? options.pageWriter(db) : inlinePageWriter(db, registry);
  try {
    await eachInParallel(toLoad, Math.max(1, options.streams ?? DEFAULT_STREAMS), async (object) => {
      checkCancelled();
      try {
        const counts = await fullSync(object, fresh.get(object) as SyncState);
        report.upserted += counts;
        report.fullSynced.push(object);
      } catch (err) {
        if (err instanceof SyncCancelled || isNetworkError(err)) {
          stopRun ??= err;
          throw err;
        }
        recordError(object, err);
      }
    });
  } finally {
    // Every commit sent has landed (or failed) before the indexes are built from the rows: by the
    // writer (its thread), or here if it could not.
    await writer.finishIndexes().catch(() => undefined);
    await writer.close();
    // A later full read in this run (an expired replication window) commits inline.
    writer = inlinePageWriter(db, registry);
    finishIndexes(db);
  }

  // ---- incremental: one Composite for every fully synced object ---------------------------------
  // Objects synced in full just now are included: a full sync resumed from an older cursor or Bulk
  // job snapshot has not seen what changed since, and the check costs no extra call.
  const incremental = objects.filter((o) => readState(o).phase === 'incremental');
  if (incremental.length) {
    checkCancelled();
    await incrementalSync(incremental);
  }

  // ---- related rows (activities on the user's records, owned by others): first sync, then daily --
  const relatedDue = objects.filter((object) => {
    if (report.errors[object] || !keepsRelated(object)) return false;
    const s = readState(object);
    if (s.phase !== 'incremental') return false;
    const last = s.relatedSyncedAt ? Date.parse(s.relatedSyncedAt) : NaN;
    return Number.isNaN(last) || now() - last >= RECONCILE_EVERY;
  });
  // The first pass of an object always runs; a daily refresh waits while the guard holds background work back.
  const relatedNow = relatedDue.filter((object) => !readState(object).relatedSyncedAt || (options.allowReconcile?.() ?? true));
  if (relatedNow.length) {
    checkCancelled();
    await relatedPass(relatedNow);
  }

  // ---- reconciliation: ghosts of rows deleted and purged before a sync saw them -------------------
  const due = objects.filter((object) => {
    if (report.errors[object]) return false;
    const s = readState(object);
    if (s.phase !== 'incremental') return false;
    const last = s.lastReconciledAt ? Date.parse(s.lastReconciledAt) : NaN;
    return Number.isNaN(last) || now() - last >= RECONCILE_EVERY || staleAtStart.has(object) || purgeSuspected.has(object);
  });
  if (due.length && (options.allowReconcile?.() ?? true)) {
    checkCancelled();
    await reconcile(due);
  }
  report.apiCalls = api.calls - callsAtStart;
  return report;

  // ------------------------------------------------------------------------------------------

  function readState(object: CachedObject): SyncState {
    return readSyncStates(db, options.scope, objects).get(object) as SyncState;
  }

  function recordError(object: CachedObject, err: unknown) {
    const message = err instanceof Error ? err.message : String(err);
    report.errors[object] = message;
    updateSyncState(db, object, { lastError: message });
  }

  function resetPatch(scope: SyncScope): Partial<SyncState> {
    return { ...rereadPatch(), scope, phase: 'never' };
  }

  /** Back to a full read from the first row (the rows already cached stay until replaced). */
  function rereadPatch(): Partial<SyncState> {
    return {
      phase: 'full',
      watermarkStamp: null,
      watermarkId: null,
      bulkJobId: null,
      bulkLocator: null,
      bulkMaxStamp: null,
      bulkMaxId: null,
      replicationCursor: null,
      fullTotal: null,
      fullDone: 0,
      relatedSyncedAt: null,
    };
  }

  function scopeClause(object: CachedObject): string | null {
    return effectiveScope(spec(object), options.scope) === 'mine' ? `OwnerId = ${soqlString(userId)}` : null;
  }

  /**
   * Whether the object keeps rows owned by others that point at the user's records (scope "mine"
   * of an object with relatedScope): its counts and Id checks then cover only the user's own rows.
   */
  function keepsRelated(object: CachedObject): boolean {
    return Boolean(spec(object).relatedScope?.length) && effectiveScope(spec(object), options.scope) === 'mine';
  }

  async function fullSync(object: CachedObject, initial: SyncState): Promise<number> {
    const startedAt = now();
    let state = initial;
    // Only a full sync that starts from an empty object in this run knows the cache equals the
    // org's Ids (one resumed later may have missed deletions purged in between).
    const fromEmpty = state.phase === 'never';
    if (state.phase === 'never') {
      db.transaction(() => {
        clearSyncedRecords(db, object);
        updateSyncState(db, object, { phase: 'full', fullDone: 0, fullTotal: null, lastError: null, fieldSet: fieldSetOf(spec(object)) });
      })();
      state = readState(object);
    }
    let written = 0;
    if (state.bulkJobId) {
      written += await readBulk(object, state);
    } else {
      const soql =
        `SELECT ${selectList(spec(object), false)} FROM ${object}` +
        whereOf([scopeClause(object), keysetClause(state.watermarkStamp, state.watermarkId)]) +
        ' ORDER BY SystemModstamp, Id';
      let page = await api.query(soql);
      const total = state.fullDone + page.totalSize;
      if (state.fullDone === 0 && page.totalSize > options.bulkThreshold) {
        written += await startBulk(object, page.totalSize);
      } else {
        updateSyncState(db, object, { fullTotal: total });
        let done = state.fullDone;
        progress({ object, phase: 'full', done, total });
        // Pages are committed a few at a time (COMMIT_ROWS), each commit with the keyset of its last
        // row: where indexes are live, a commit rewrites every index page its rows touched, so fewer,
        // larger commits write less. Rows read but not yet committed are committed before the run
        // stops for any reason.
        let buffer: FlatRecord[] = [];
        // One commit in flight per stream: the next pages are read and parsed while the writer
        // commits, and a failed commit stops the stream at the next one.
        let previous: Promise<void> = Promise.resolve();
        const commit = async () => {
          await previous;
          if (!buffer.length) return;
          const rows = buffer;
          const last = rows[rows.length - 1];
          buffer = [];
          const patch = { watermarkStamp: String(last.SystemModstamp), watermarkId: String(last.Id), fullDone: done };
          previous = writer.commit(object, rows, patch).then((n) => {
            written += n;
          });
          previous.catch(() => undefined); // awaited by the next commit or at the end
        };
        for (;;) {
          // The next page is requested before this one is written, so the network and the disk overlap.
          const next = !page.done && page.nextRecordsUrl ? api.queryMore(page.nextRecordsUrl) : undefined;
          next?.catch(() => undefined);
          for (const r of page.records) buffer.push(normalizeRecord(spec(object), r));
          done += page.records.length;
          if (!next || buffer.length >= COMMIT_ROWS) await commit();
          progress({ object, phase: 'full', done, total });
          if (!next) break;
          try {
            checkCancelled();
            page = await next;
          } catch (err) {
            await commit();
            await previous;
            throw err;
          }
        }
        await previous;
      }
    }
    db.transaction(() => {
      updateSyncState(db, object, {
        phase: 'incremental',
        bulkJobId: null,
        bulkLocator: null,
        bulkMaxStamp: null,
        bulkMaxId: null,
        lastFullSyncAt: new Date(now()).toISOString(),
        lastReconciledAt: fromEmpty ? new Date(startedAt).toISOString() : null,
        lastError: null,
        // Replication checks start a minute before this sync began: duplicates are harmless.
        replicationCursor: checkedByReplication(object) ? new Date(floorMinute(startedAt) - MINUTE).toISOString() : null,
      });
    })();
    return written;
  }

  async function startBulk(object: CachedObject, total: number): Promise<number> {
    // Bulk results come in no promised order: the watermark becomes the largest keyset seen.
    const soql = `SELECT ${selectList(spec(object), false)} FROM ${object}` + whereOf([scopeClause(object)]);
    progress({ object, phase: 'bulk', done: 0, total });
    const jobId = await api.bulkQueryStart(soql);
    db.transaction(() => updateSyncState(db, object, { bulkJobId: jobId, bulkLocator: null, fullTotal: total, fullDone: 0 }))();
    return readBulk(object, readState(object));
  }

  async function readBulk(object: CachedObject, state: SyncState): Promise<number> {
    const jobId = state.bulkJobId as string;
    const total = state.fullTotal;
    if (!report.bulk.includes(object)) report.bulk.push(object);
    try {
      await api.bulkQueryWait(jobId, options.signal);
    } catch (err) {
      if (options.signal?.aborted) throw new SyncCancelled();
      // The job is gone or failed: forget it; the next sync starts the full sync over (upserts are idempotent).
      db.transaction(() => updateSyncState(db, object, { bulkJobId: null, bulkLocator: null, bulkMaxStamp: null, bulkMaxId: null, fullDone: 0 }))();
      throw err;
    }
    const locator = state.bulkLocator;
    let done = state.fullDone;
    let maxStamp = state.bulkMaxStamp;
    let maxId = state.bulkMaxId;
    let written = 0;
    // A stored locator of '' means "first page read, no more": resume finishes at once.
    if (locator === '') return 0;
    const pageSize = options.bulkPageSize ?? DEFAULT_BULK_PAGE;
    const fetchPage = (at: string | null) => {
      const request = api.bulkQueryPage(jobId, at, pageSize);
      request.catch(() => undefined); // awaited below, or abandoned by a cancel
      return request;
    };
    let pending = fetchPage(locator);
    let previous: Promise<void> = Promise.resolve();
    for (;;) {
      checkCancelled();
      const page = await pending;
      // The next page is requested before this one is written, so the network and the disk overlap.
      if (page.locator) pending = fetchPage(page.locator);
      const rows = page.records.map((r) => normalizeRecord(spec(object), r));
      for (const row of rows) {
        const stamp = String(row.SystemModstamp);
        const id = String(row.Id);
        if (!maxStamp || stamp > maxStamp || (stamp === maxStamp && id > (maxId ?? ''))) {
          maxStamp = stamp;
          maxId = id;
        }
      }
      done += rows.length;
      const patch: Partial<SyncState> = { bulkLocator: page.locator ?? '', bulkMaxStamp: maxStamp, bulkMaxId: maxId, fullDone: done };
      if (!page.locator) Object.assign(patch, { watermarkStamp: maxStamp, watermarkId: maxId });
      // Commits stay in order (one writer); this page's is awaited after the next page is asked for.
      await previous;
      previous = writer.commit(object, rows, patch).then((n) => {
        written += n;
      });
      previous.catch(() => undefined);
      progress({ object, phase: 'bulk', done, total });
      if (!page.locator) {
        await previous;
        return written;
      }
    }
  }

  /** Reads the rows owned by others that point at the user's records (sync/related-activities.ts). */
  async function relatedPass(objects: CachedObject[]): Promise<void> {
    const stamp = new Date(now()).toISOString();
    for (const object of objects) progress({ object, phase: 'full', done: 0, total: null });
    const outcome = await syncRelatedRows(db, api, objects.map(spec), { userId, registry, checkCancelled });
    report.upserted += outcome.upserted;
    report.removed += outcome.removed;
    for (const object of objects) {
      const err = outcome.errors.get(object);
      if (err) recordError(object, err);
      else updateSyncState(db, object, { relatedSyncedAt: stamp });
    }
  }

  /**
   * Checks the cached Ids of `objects` against the org's. Cheap first: one `SELECT COUNT()` per
   * object (five to a Composite). After a successful incremental sync the cache holds every row
   * the org has, so equal counts mean no ghost; only an object whose counts differ has its Ids
   * read and compared (see reconcileIds).
   */
  async function reconcile(objects: CachedObject[]): Promise<void> {
    const answers = new Map<string, { status: number; body: unknown }>();
    for (let i = 0; i < objects.length; i += MAX_COMPOSITE_QUERIES) {
      checkCancelled();
      const batch = objects.slice(i, i + MAX_COMPOSITE_QUERIES).map((object) => ({
        referenceId: `${object}_count`,
        path: `/query?q=${encodeURIComponent(`SELECT COUNT() FROM ${object}${whereOf([scopeClause(object)])}`)}`,
      }));
      for (const [key, value] of await api.composite(batch)) answers.set(key, value);
    }
    for (const object of objects) {
      checkCancelled();
      const checkedAt = new Date(now()).toISOString();
      try {
        const answer = answers.get(`${object}_count`);
        if (!answer || answer.status !== 200) throw new AppError('SALESFORCE', compositeError(answer));
        const orgCount = (answer.body as QueryPage).totalSize;
        // Rows created offline have local ids the org does not know yet; related rows owned by
        // others are not in the org's count of the user's rows (the related pass keeps them).
        const created = countPending(db, 'created').find((r) => r.object === object)?.n ?? 0;
        const cached = keepsRelated(object) ? countOwnedRows(db, object, userId) : countObjectRows(db, object) - created;
        if (orgCount !== cached) await reconcileIds(object, orgCount);
        report.reconciled.push(object);
        updateSyncState(db, object, { lastReconciledAt: checkedAt });
      } catch (err) {
        if (err instanceof SyncCancelled || isNetworkError(err)) throw err;
        recordError(object, err);
      }
    }
  }

  /**
   * Reads the org's Ids of the object in scope (REST pages of 2,000, or one Bulk API job above the
   * bulk threshold), removes cached synced rows the org no longer has, and fetches rows the cache
   * lacks. Rows with pending local changes are never touched. Before removal, candidates are
   * asked for once more by Id, so a row the outbox created while the Ids were being read stays.
   */
  async function reconcileIds(object: CachedObject, total: number): Promise<void> {
    const soql = `SELECT Id FROM ${object}${whereOf([scopeClause(object)])}`;
    const orgIds = new Set<string>();
    progress({ object, phase: 'reconcile', done: 0, total });
    if (total > options.bulkThreshold) {
      const jobId = await api.bulkQueryStart(soql);
      await api.bulkQueryWait(jobId, options.signal);
      let locator: string | null = null;
      do {
        checkCancelled();
        const results = await api.bulkQueryPage(jobId, locator, BULK_ID_PAGE);
        for (const row of results.records) if (row.Id) orgIds.add(row.Id);
        progress({ object, phase: 'reconcile', done: orgIds.size, total });
        locator = results.locator;
      } while (locator);
    } else {
      let page = await api.query(soql);
      for (;;) {
        for (const row of page.records) orgIds.add(String(row.Id));
        progress({ object, phase: 'reconcile', done: orgIds.size, total });
        if (page.done || !page.nextRecordsUrl) break;
        checkCancelled();
        page = await api.queryMore(page.nextRecordsUrl);
      }
    }

    // The user's own rows only where related rows owned by others are kept: those are no ghosts.
    const cached = (
      keepsRelated(object)
        ? db.prepare(`SELECT id, local_state AS state FROM records WHERE object = ? AND owner_id = ?`).all(object, userId)
        : db.prepare(`SELECT id, local_state AS state FROM records WHERE object = ?`).all(object)
    ) as Array<{ id: string; state: string }>;
    const cachedIds = new Set(cached.map((r) => r.id));
    const candidates = cached.filter((r) => r.state === 'synced' && !orgIds.has(r.id)).map((r) => r.id);
    const missing = [...orgIds].filter((id) => !cachedIds.has(id));

    const stillThere = new Set<string>();
    for (let i = 0; i < candidates.length; i += IDS_PER_QUERY) {
      checkCancelled();
      const ids = candidates.slice(i, i + IDS_PER_QUERY);
      const found = await api.query(`SELECT Id FROM ${object}${whereOf([idList(ids), scopeClause(object)])}`);
      for (const row of found.records) stillThere.add(String(row.Id));
    }
    const ghosts = candidates.filter((id) => !stillThere.has(id));
    if (ghosts.length) {
      db.transaction(() => {
        report.removed += removeRecords(db, object, ghosts);
      })();
    }

    for (let i = 0; i < missing.length; i += IDS_PER_QUERY) {
      checkCancelled();
      const ids = missing.slice(i, i + IDS_PER_QUERY);
      const rows = await api.query(`SELECT ${selectList(spec(object), false)} FROM ${object}${whereOf([idList(ids), scopeClause(object)])}`);
      const records = rows.records.map((r) => normalizeRecord(spec(object), r));
      db.transaction(() => {
        report.upserted += upsertRecords(db, object, records, registry);
      })();
    }
  }

  /**
   * Applies rows from a queryAll (deleted, out of scope → removed; others upserted) and moves the
   * watermark. In scope "mine" a row owned by someone else stays when it is related to a cached
   * record of the user's (relatedScope: a colleague's call on my account).
   */
  function applyChanges(object: CachedObject, raw: Array<Record<string, unknown>>): void {
    if (!raw.length) return;
    const def = spec(object);
    const mine = effectiveScope(def, options.scope) === 'mine';
    const related = keepsRelated(object) ? relatedRowKeeper(db, def) : () => false;
    const rows = raw.map((r) => ({ row: normalizeRecord(def, r), deleted: r.IsDeleted === true }));
    const keep: FlatRecord[] = [];
    const drop: string[] = [];
    for (const { row, deleted } of rows) {
      if (deleted || (mine && row.OwnerId !== userId && !related(row))) drop.push(String(row.Id));
      else keep.push(row);
    }
    const last = rows[rows.length - 1].row;
    if (options.watch?.objects.has(object) && watched.has(object)) reportChanges(object, rows, new Set(keep.map((row) => String(row.Id))));
    db.transaction(() => {
      report.upserted += upsertRecords(db, object, keep, registry);
      report.removed += removeRecords(db, object, drop);
      updateSyncState(db, object, { watermarkStamp: String(last.SystemModstamp), watermarkId: String(last.Id) });
    })();
  }

  /** Tells the watch what a page changes, each row with its cached state before the page is written. */
  function reportChanges(object: CachedObject, rows: ReadonlyArray<{ row: FlatRecord; deleted: boolean }>, kept: ReadonlySet<string>): void {
    const before = getCachedRecords(
      db,
      object,
      rows.map(({ row }) => String(row.Id)),
    );
    const changes = rows.map(({ row, deleted }): RowChange => {
      const cached = before.get(String(row.Id));
      return { before: cached ? { fields: cached.fields, localState: cached.localState } : null, after: row, deleted, kept: kept.has(String(row.Id)) };
    });
    options.watch?.onChanges({ object, since: watched.get(object) ?? null, changes });
  }

  function changesSoql(object: CachedObject, limit?: number): string {
    const state = readState(object);
    return (
      `SELECT ${selectList(spec(object), true)} FROM ${object}` +
      whereOf([keysetClause(state.watermarkStamp, state.watermarkId)]) +
      ' ORDER BY SystemModstamp, Id' +
      (limit ? ` LIMIT ${limit}` : '')
    );
  }

  /** Reads every change past the watermark, page by page, each page committed. */
  async function pageChanges(object: CachedObject): Promise<void> {
    let done = 0;
    let page: QueryPage = await api.query(changesSoql(object), { includeDeleted: true });
    for (;;) {
      applyChanges(object, page.records);
      done += page.records.length;
      progress({ object, phase: 'incremental', done, total: page.totalSize });
      if (page.done || !page.nextRecordsUrl) return;
      checkCancelled();
      page = await api.queryMore(page.nextRecordsUrl);
    }
  }

  async function incrementalSync(objects: CachedObject[]): Promise<void> {
    const queried = objects.filter((o) => !checkedByReplication(o));
    const replicated = objects.filter((o) => checkedByReplication(o));
    const requests: Array<{ referenceId: string; path: string; object: CachedObject; kind: 'changes' | 'updated' | 'deleted' }> = [];
    for (const object of queried) {
      requests.push({ referenceId: `${object}_changes`, object, kind: 'changes', path: `/queryAll?q=${encodeURIComponent(changesSoql(object, CHECK_LIMIT))}` });
    }
    const windows = new Map<CachedObject, string>();
    for (const object of replicated) {
      const cursor = readState(object).replicationCursor;
      if (!cursor) continue;
      // getUpdated/getDeleted need the window to span more than a minute; `end` is capped by the server's clock.
      const end = new Date(Math.max(now(), Date.parse(cursor) + 2 * MINUTE)).toISOString();
      const params = `start=${encodeURIComponent(cursor)}&end=${encodeURIComponent(end)}`;
      windows.set(object, cursor);
      requests.push({ referenceId: `${object}_updated`, object, kind: 'updated', path: `/sobjects/${object}/updated?${params}` });
      requests.push({ referenceId: `${object}_deleted`, object, kind: 'deleted', path: `/sobjects/${object}/deleted?${params}` });
    }

    // Salesforce: at most 25 subrequests, of which at most 5 queries, per Composite.
    const batches: (typeof requests)[] = [];
    let current: typeof requests = [];
    let queries = 0;
    for (const r of requests) {
      const isQuery = r.kind === 'changes';
      if (current.length >= MAX_COMPOSITE_SUBREQUESTS || (isQuery && queries >= MAX_COMPOSITE_QUERIES)) {
        batches.push(current);
        current = [];
        queries = 0;
      }
      current.push(r);
      if (isQuery) queries++;
    }
    if (current.length) batches.push(current);

    const answers = new Map<string, { status: number; body: unknown }>();
    for (const batch of batches) {
      checkCancelled();
      const result = await api.composite(batch.map(({ referenceId, path }) => ({ referenceId, path })));
      for (const [key, value] of result) answers.set(key, value);
    }

    const stamp = new Date(now()).toISOString();
    for (const object of queried) {
      checkCancelled();
      const answer = answers.get(`${object}_changes`);
      try {
        if (!answer || answer.status !== 200) throw new AppError('SALESFORCE', compositeError(answer));
        const body = answer.body as QueryPage;
        applyChanges(object, body.records ?? []);
        progress({ object, phase: 'incremental', done: body.records?.length ?? 0, total: body.records?.length ?? 0 });
        if ((body.records?.length ?? 0) >= CHECK_LIMIT) await pageChanges(object);
        updateSyncState(db, object, { lastIncrementalAt: stamp, lastError: null });
      } catch (err) {
        if (err instanceof SyncCancelled || isNetworkError(err)) throw err;
        recordError(object, err);
      }
    }

    for (const object of replicated) {
      checkCancelled();
      if (!windows.has(object)) continue;
      const updated = answers.get(`${object}_updated`);
      const deleted = answers.get(`${object}_deleted`);
      try {
        const replicationExpired = [updated, deleted].some((a) => a && a.status === 400 && JSON.stringify(a.body).includes('INVALID_REPLICATION_DATE'));
        if (replicationExpired) {
          // Older than the replication window (30 days): sync the object in full again.
          db.transaction(() => updateSyncState(db, object, resetPatch(effectiveScope(spec(object), options.scope))))();
          report.upserted += await fullSync(object, readState(object));
          continue;
        }
        if (!updated || updated.status !== 200) throw new AppError('SALESFORCE', compositeError(updated));
        if (!deleted || deleted.status !== 200) throw new AppError('SALESFORCE', compositeError(deleted));
        const up = updated.body as { ids?: string[]; latestDateCovered?: string };
        const del = deleted.body as { deletedRecords?: Array<{ id: string }>; latestDateCovered?: string; earliestDateAvailable?: string };
        const deletedIds = (del.deletedRecords ?? []).map((d) => d.id);
        // The delete log is complete only after earliestDateAvailable (rows purged from the recycle
        // bin leave it): a window that began earlier may have missed deletions.
        const previousCursor = windows.get(object) as string;
        if (typeof del.earliestDateAvailable === 'string' && canonicalDatetime(del.earliestDateAvailable) > previousCursor) purgeSuspected.add(object);
        if (deletedIds.length) {
          db.transaction(() => {
            report.removed += removeRecords(db, object, deletedIds);
          })();
        }
        if ((up.ids ?? []).length || deletedIds.length) await pageChanges(object);
        const covered = [up.latestDateCovered, del.latestDateCovered]
          .filter((d): d is string => typeof d === 'string')
          .map((d) => canonicalDatetime(d))
          .sort()[0];
        updateSyncState(db, object, {
          replicationCursor: covered && covered > previousCursor ? covered : previousCursor,
          lastIncrementalAt: stamp,
          lastError: null,
        });
      } catch (err) {
        if (err instanceof SyncCancelled || isNetworkError(err)) throw err;
        recordError(object, err);
      }
    }
  }
}

/**
 * Runs `work` over `items`, at most `limit` at a time. The first error stops new items from
 * starting; the items already running finish (they see the stop at their next page through the
 * run's checkCancelled), and that first error is thrown once all have settled.
 */
async function eachInParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  let failure: { err: unknown } | null = null;
  const worker = async () => {
    while (!failure && queue.length) {
      const item = queue.shift() as T;
      try {
        await work(item);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw (failure as { err: unknown }).err;
}

/** No synced row at all: a first sync, or one after a scope change emptied the cache. */
function cacheIsEmpty(db: CacheDb): boolean {
  return db.prepare(`SELECT 1 FROM records WHERE local_state = 'synced' LIMIT 1`).get() === undefined;
}

/** Cached rows of an object the user owns that the org knows (offline creations excluded). */
function countOwnedRows(db: CacheDb, object: CachedObject, userId: string): number {
  return db.prepare(`SELECT COUNT(*) FROM records WHERE object = ? AND owner_id = ? AND local_state <> 'created'`).pluck().get(object, userId) as number;
}

const idList = (ids: readonly string[]) => `Id IN (${ids.map(soqlString).join(', ')})`;

/** The org did not answer (as opposed to answering with an error): the rest of the run would fail too. */
function isNetworkError(err: unknown): boolean {
  return err instanceof AppError && err.code === 'NETWORK';
}

function compositeError(answer: { status: number; body: unknown } | undefined): string {
  if (!answer) return 'Salesforce did not answer the change check.';
  const first = Array.isArray(answer.body) ? (answer.body[0] as { message?: string } | undefined) : undefined;
  return first?.message ? `Salesforce refused the change check: ${first.message}` : `Salesforce answered the change check with status ${answer.status}.`;
}
