/**
 * SQL of the API usage statistics (tables of migration 0002, app database). Prepared statements
 * only; the store (usage-store.ts) batches in memory and hands one batch per flush, written here
 * in one transaction.
 */
import type Database from 'better-sqlite3';

export type CountKind = 'total' | 'feature' | 'family' | 'error' | 'latency' | 'bytes_in' | 'bytes_out';

export interface CountDelta {
  connectionId: string;
  day: string;
  kind: CountKind;
  key: string;
  n: number;
}

/** The org's Sforce-Limit-Info figures seen in one batch for one org and day. */
export interface OrgFigures {
  connectionId: string;
  day: string;
  peakUsed: number;
  peakMax: number;
  lastUsed: number;
  lastMax: number;
  /** Epoch ms when the last figure was seen. */
  lastAt: number;
}

export interface HourlyDelta {
  connectionId: string;
  /** Epoch ms of the hour's start. */
  hour: number;
  calls: number;
}

export interface UsageBatch {
  counts: CountDelta[];
  org: OrgFigures[];
  hourly: HourlyDelta[];
}

/** Writes one batch in one transaction (all or nothing). */
export function writeUsageBatch(db: Database.Database, batch: UsageBatch): void {
  const addCount = db.prepare(
    `INSERT INTO api_usage_counts (connection_id, day, kind, key, n) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (connection_id, day, kind, key) DO UPDATE SET n = n + excluded.n`,
  );
  // The peak keeps the highest `used` (with the max it was seen against); `last` the newest figure.
  const mergeOrg = db.prepare(
    `INSERT INTO api_usage_org (connection_id, day, peak_used, peak_max, last_used, last_max, last_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (connection_id, day) DO UPDATE SET
       peak_max  = CASE WHEN excluded.peak_used > peak_used THEN excluded.peak_max ELSE peak_max END,
       peak_used = MAX(peak_used, excluded.peak_used),
       last_used = CASE WHEN excluded.last_at >= last_at THEN excluded.last_used ELSE last_used END,
       last_max  = CASE WHEN excluded.last_at >= last_at THEN excluded.last_max ELSE last_max END,
       last_at   = MAX(last_at, excluded.last_at)`,
  );
  const addHour = db.prepare(
    `INSERT INTO api_usage_hourly (connection_id, hour, calls) VALUES (?, ?, ?)
     ON CONFLICT (connection_id, hour) DO UPDATE SET calls = calls + excluded.calls`,
  );
  db.transaction(() => {
    for (const c of batch.counts) addCount.run(c.connectionId, c.day, c.kind, c.key, c.n);
    for (const o of batch.org) mergeOrg.run(o.connectionId, o.day, o.peakUsed, o.peakMax, o.lastUsed, o.lastMax, o.lastAt);
    for (const h of batch.hourly) addHour.run(h.connectionId, h.hour, h.calls);
  })();
}

export interface CountRow {
  day: string;
  kind: CountKind;
  key: string;
  n: number;
}

/** Counters of one org for the days `fromDay`..`toDay` (inclusive, YYYY-MM-DD). */
export function readCounts(db: Database.Database, connectionId: string, fromDay: string, toDay: string): CountRow[] {
  return db
    .prepare(`SELECT day, kind, key, n FROM api_usage_counts WHERE connection_id = ? AND day BETWEEN ? AND ?`)
    .all(connectionId, fromDay, toDay) as CountRow[];
}

export function readOrgFigures(db: Database.Database, connectionId: string, fromDay: string, toDay: string): OrgFigures[] {
  const rows = db
    .prepare(
      `SELECT connection_id, day, peak_used, peak_max, last_used, last_max, last_at FROM api_usage_org
       WHERE connection_id = ? AND day BETWEEN ? AND ?`,
    )
    .all(connectionId, fromDay, toDay) as OrgRow[];
  return rows.map(toOrgFigures);
}

/** Every org's newest figures (of its latest day): what the budget guard starts from. */
export function readLatestOrgFigures(db: Database.Database): OrgFigures[] {
  const rows = db
    .prepare(
      `SELECT o.connection_id, o.day, o.peak_used, o.peak_max, o.last_used, o.last_max, o.last_at FROM api_usage_org o
       WHERE o.day = (SELECT MAX(day) FROM api_usage_org i WHERE i.connection_id = o.connection_id)`,
    )
    .all() as OrgRow[];
  return rows.map(toOrgFigures);
}

export function readHourly(db: Database.Database, sinceHour: number): HourlyDelta[] {
  const rows = db.prepare(`SELECT connection_id, hour, calls FROM api_usage_hourly WHERE hour >= ?`).all(sinceHour) as Array<{
    connection_id: string;
    hour: number;
    calls: number;
  }>;
  return rows.map((r) => ({ connectionId: r.connection_id, hour: r.hour, calls: r.calls }));
}

/** Drops days before `beforeDay` and hours before `beforeHour`; returns the rows removed. */
export function pruneUsage(db: Database.Database, beforeDay: string, beforeHour: number): number {
  return db.transaction(() => {
    let removed = db.prepare(`DELETE FROM api_usage_counts WHERE day < ?`).run(beforeDay).changes;
    removed += db.prepare(`DELETE FROM api_usage_org WHERE day < ?`).run(beforeDay).changes;
    removed += db.prepare(`DELETE FROM api_usage_hourly WHERE hour < ?`).run(beforeHour).changes;
    return removed;
  })();
}

/** Forgets an org's statistics (after a disconnect). */
export function deleteUsageOf(db: Database.Database, connectionId: string): void {
  db.transaction(() => {
    for (const table of ['api_usage_counts', 'api_usage_org', 'api_usage_hourly']) {
      db.prepare(`DELETE FROM ${table} WHERE connection_id = ?`).run(connectionId);
    }
  })();
}

interface OrgRow {
  connection_id: string;
  day: string;
  peak_used: number;
  peak_max: number;
  last_used: number;
  last_max: number;
  last_at: number;
}

function toOrgFigures(r: OrgRow): OrgFigures {
  return {
    connectionId: r.connection_id,
    day: r.day,
    peakUsed: r.peak_used,
    peakMax: r.peak_max,
    lastUsed: r.last_used,
    lastMax: r.last_max,
    lastAt: r.last_at,
  };
}
