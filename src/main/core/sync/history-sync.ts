/**
 * OpportunityHistory into the cache, for the cockpit's slipped deals, days in stage and the
 * waterfall's reconstruction. Read-only in Salesforce: a row is written when an opportunity is
 * created and whenever its stage, amount, probability, close date or forecast category changes,
 * and rows never change afterwards. So:
 *
 * - The first load reads the history of the last two years (REST, 2,000 rows a call) of the
 *   opportunities in the sync's scope ("mine": `Opportunity.OwnerId` = the user).
 * - Later syncs read rows from the newest cached row's SystemModstamp on, and only when an
 *   opportunity's stage, amount, probability or close date changed since the last read (what writes
 *   a history row; a forecast category changed alone waits for the next such change): a quiet sync,
 *   or one that changed other fields, costs no call here.
 * - An opportunity that arrives in the cache later (a deal transferred to the user) has its older
 *   history read by Id, 200 Ids a call, once (opportunity_history_checked).
 * - History of opportunities no longer cached is dropped.
 */
import type { CacheDb } from '../cache/org-cache';
import { soqlId } from '../salesforce/soql';
import { upsertHistory, type HistoryRow } from '../cache/reference.repo';
import type { SyncScope } from '../cache/sync-state.repo';
import type { QueryPage, SyncApi } from './sync-api';

const FIELDS = 'Id, OpportunityId, CreatedDate, StageName, Amount, Probability, CloseDate, ForecastCategory, PrevAmount, PrevCloseDate, SystemModstamp';
const STATE_KEY = 'history_sync';
const WINDOW_DAYS = 730;
const IDS_PER_QUERY = 200;

interface HistoryState {
  scope: SyncScope;
  userId: string;
  loadedAt: string | null;
  /** The newest Opportunity SystemModstamp the last read covered. */
  throughOppStamp: string | null;
}

export interface HistorySyncOptions {
  scope: SyncScope;
  userId: string;
  now?: () => number;
  signal?: AbortSignal;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function toRow(r: Record<string, unknown>): HistoryRow | null {
  const id = text(r.Id);
  const opportunityId = text(r.OpportunityId);
  const createdDate = text(r.CreatedDate);
  if (!id || !opportunityId || !createdDate) return null;
  return {
    id,
    opportunityId,
    createdDate,
    stageName: text(r.StageName),
    amount: num(r.Amount),
    probability: num(r.Probability),
    closeDate: text(r.CloseDate),
    forecastCategory: text(r.ForecastCategory),
    prevAmount: num(r.PrevAmount),
    prevCloseDate: text(r.PrevCloseDate),
    systemModstamp: text(r.SystemModstamp) ?? createdDate,
  };
}

function readState(db: CacheDb): HistoryState | null {
  const value = db.prepare(`SELECT value FROM cache_meta WHERE key = ?`).pluck().get(STATE_KEY) as string | undefined;
  try {
    return value ? (JSON.parse(value) as HistoryState) : null;
  } catch {
    return null;
  }
}

function writeState(db: CacheDb, state: HistoryState): void {
  db.prepare(`INSERT INTO cache_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(STATE_KEY, JSON.stringify(state));
}

function forgetHistory(db: CacheDb): void {
  db.transaction(() => {
    db.prepare(`DELETE FROM opportunity_history`).run();
    db.prepare(`DELETE FROM opportunity_history_checked`).run();
    db.prepare(`DELETE FROM cache_meta WHERE key = ?`).run(STATE_KEY);
  })();
}

const newestOpportunityStamp = (db: CacheDb) =>
  (db.prepare(`SELECT max(system_modstamp) FROM records WHERE object = 'Opportunity' AND local_state = 'synced'`).pluck().get() as string | null) ?? null;

/**
 * Whether an opportunity changed since the last read in a way that writes a history row: its
 * stage, amount, probability or close date differ from its newest cached history row (or it has
 * none). A change to another field (a campaign cleared by a delete, a description) writes no row,
 * so it costs no call.
 */
function changedSinceHistory(db: CacheDb, throughStamp: string): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM records r
          WHERE r.object = 'Opportunity' AND r.local_state = 'synced' AND r.system_modstamp > ?
            AND NOT EXISTS (
              SELECT 1 FROM opportunity_history h
               WHERE h.id = (SELECT h2.id FROM opportunity_history h2 WHERE h2.opportunity_id = r.id ORDER BY h2.created_date DESC, h2.id DESC LIMIT 1)
                 AND h.stage_name IS r.status AND h.amount IS r.amount AND h.probability IS r.number_a AND h.close_date IS r.close_date)
          LIMIT 1`,
      )
      .get(throughStamp) !== undefined
  );
}

/** Cached opportunities with no history row that were never read by Id. */
function unreadOpportunities(db: CacheDb): string[] {
  return db
    .prepare(
      `SELECT r.id FROM records r
        WHERE r.object = 'Opportunity' AND r.local_state = 'synced'
          AND NOT EXISTS (SELECT 1 FROM opportunity_history h WHERE h.opportunity_id = r.id)
          AND NOT EXISTS (SELECT 1 FROM opportunity_history_checked c WHERE c.opportunity_id = r.id)
        LIMIT 2000`,
    )
    .pluck()
    .all() as string[];
}

/** Reads every page of a query, committing each page's rows. Returns the rows stored. */
async function readAll(db: CacheDb, api: SyncApi, soql: string, signal?: AbortSignal): Promise<number> {
  let page: QueryPage = await api.query(soql);
  let stored = 0;
  for (;;) {
    const rows = page.records.map(toRow).filter((r): r is HistoryRow => r !== null);
    stored += db.transaction(() => upsertHistory(db, rows))();
    if (page.done || !page.nextRecordsUrl) return stored;
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    page = await api.queryMore(page.nextRecordsUrl);
  }
}

/**
 * Brings the cached history up to date (see the header). Call after the engine's run, once the
 * opportunities are synced. Returns the rows stored.
 */
export async function syncOpportunityHistory(db: CacheDb, api: SyncApi, options: HistorySyncOptions): Promise<number> {
  const now = options.now ?? Date.now;
  let state = readState(db);
  if (state && (state.scope !== options.scope || state.userId !== options.userId)) {
    forgetHistory(db);
    state = null;
  }
  const oppStamp = newestOpportunityStamp(db);
  if (oppStamp === null) return 0;
  const owner = options.scope === 'mine' ? ` AND Opportunity.OwnerId = ${soqlId(options.userId)}` : '';
  const since = new Date(now() - WINDOW_DAYS * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  let stored = 0;
  if (!state?.loadedAt) {
    stored += await readAll(
      db,
      api,
      `SELECT ${FIELDS} FROM OpportunityHistory WHERE CreatedDate >= ${since}${owner} ORDER BY SystemModstamp, Id`,
      options.signal,
    );
    // Every opportunity cached now had its history read with that load.
    db.prepare(
      `INSERT OR IGNORE INTO opportunity_history_checked (opportunity_id) SELECT id FROM records WHERE object = 'Opportunity' AND local_state = 'synced'`,
    ).run();
  } else if (!state.throughOppStamp || (oppStamp > state.throughOppStamp && changedSinceHistory(db, state.throughOppStamp))) {
    const newest = db.prepare(`SELECT max(system_modstamp) FROM opportunity_history`).pluck().get() as string | null;
    const from = newest ? ` AND SystemModstamp >= ${newest}` : '';
    stored += await readAll(
      db,
      api,
      `SELECT ${FIELDS} FROM OpportunityHistory WHERE CreatedDate >= ${since}${from}${owner} ORDER BY SystemModstamp, Id`,
      options.signal,
    );
  }
  stored += await readUnread(db, api, since, options.signal);
  db.transaction(() => {
    db.prepare(`DELETE FROM opportunity_history WHERE opportunity_id NOT IN (SELECT id FROM records WHERE object = 'Opportunity')`).run();
    db.prepare(`DELETE FROM opportunity_history_checked WHERE opportunity_id NOT IN (SELECT id FROM records WHERE object = 'Opportunity')`).run();
    writeState(db, { scope: options.scope, userId: options.userId, loadedAt: state?.loadedAt ?? new Date(now()).toISOString(), throughOppStamp: oppStamp });
  })();
  return stored;
}

/** The history of opportunities that arrived in the cache after the load passed them, by Id. */
async function readUnread(db: CacheDb, api: SyncApi, since: string, signal?: AbortSignal): Promise<number> {
  const ids = unreadOpportunities(db);
  const mark = db.prepare(`INSERT OR IGNORE INTO opportunity_history_checked (opportunity_id) VALUES (?)`);
  let stored = 0;
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const chunk = ids.slice(i, i + IDS_PER_QUERY);
    stored += await readAll(
      db,
      api,
      `SELECT ${FIELDS} FROM OpportunityHistory WHERE CreatedDate >= ${since} AND OpportunityId IN (${chunk.map(soqlId).join(', ')})`,
      signal,
    );
    db.transaction(() => chunk.forEach((id) => mark.run(id)))();
  }
  return stored;
}
