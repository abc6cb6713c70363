/**
 * The API usage statistics: the `ApiCallSink` the metered path hands every call to, and the
 * `UsageReader` the Health panel and the budget guard read.
 *
 * Per org per local day (app database, 90 days): calls by feature and by resource family, failures
 * by code, bytes in and out, a latency histogram over fixed buckets (p50/p95 per day estimated from
 * it), and the org's own Sforce-Limit-Info figures (the highest `used` seen, and the last). In
 * memory only: the last hour's latencies, the last success, failures of the last 24 h, the last
 * 100 failed calls (see usage-live.ts).
 *
 * Cost per call: the meter runs on every request, and must stay far below 2% of a query page's
 * time (tens of ms), so `record` only bumps counters in memory (a few Map updates, microseconds).
 * A timer flushes them every few seconds in one transaction of additive UPSERTs; `close` flushes
 * what is left, so a normal close loses nothing (a crash may lose the last few seconds of
 * statistics, never anything else). Days older than 90 are pruned at most once a day (at open
 * and at the first flush of a new day).
 */
import type Database from 'better-sqlite3';
import type { Logger } from '../logger';
import { latencyBucket, percentileFromHistogram } from './latency';
import type { ApiCallRecord, ApiCallSink, ApiFeature, Connectivity, DailyUsage, RecentError, ResourceFamily, UsageReader } from './types';
import { addDays, daysEndingWith, HOUR_MS, hourStart, localDay } from './usage-calendar';
import { failureCode, LiveUsage } from './usage-live';
import { UsageBuffer } from './usage-buffer';
import { deleteUsageOf, pruneUsage, readCounts, readHourly, readLatestOrgFigures, readOrgFigures, writeUsageBatch, type CountRow } from './usage.repo';

export const USAGE_RETENTION_DAYS = 90;
export const DEFAULT_FLUSH_INTERVAL_MS = 5_000;
/** Past this many pending counters a flush happens at once (bounds memory on a busy burst). */
const FLUSH_AT_PENDING = 5_000;

/** A day of `daily()` with everything the store keeps about it (DailyUsage plus the details). */
export interface DailyUsageDetail extends DailyUsage {
  byFamily: Partial<Record<ResourceFamily, number>>;
  errorsByCode: Record<string, number>;
  bytesIn: number;
  bytesOut: number;
  /** Calls per latency bucket (key: upper bound in ms, or 'inf'), and p50/p95 estimated from them. */
  latency: { buckets: Record<string, number>; p50Ms: number | null; p95Ms: number | null };
}

export interface UsageStore extends ApiCallSink, UsageReader {
  daily(connectionId: string, days: number): DailyUsageDetail[];
  /** This app's calls to the org in the rolling last 24 hours (hourly buckets). */
  callsLast24h(connectionId: string): number;
  /** The org's newest Sforce-Limit-Info figures (epoch ms), or null before any. */
  orgFigures(connectionId: string): { used: number; max: number; at: number } | null;
  /** Called (synchronously, keep it cheap) after each recorded call of the org. */
  onRecorded(listener: (connectionId: string) => void): () => void;
  /** Writes the pending counters now (one transaction). */
  flush(): void;
  /** Drops an org's statistics (after a disconnect). */
  forget(connectionId: string): void;
  /** Flushes and stops the timer; later calls are ignored. Before the database closes. */
  close(): void;
}

export interface UsageStoreOptions {
  /** The app database, migrated (migration 0002). */
  db: Database.Database;
  now?: () => number;
  /** 0: no timer, only `flush()`/`close()` write (tests). */
  flushIntervalMs?: number;
  log?: Logger;
}

interface TodayTotals {
  day: string;
  total: number;
  byFeature: Partial<Record<ApiFeature, number>>;
}

/** Rows are keyed by org; calls made before a connection existed go under ''. */
const keyOf = (connectionId: string | null) => connectionId ?? '';

export function createUsageStore(options: UsageStoreOptions): UsageStore {
  const { db, log } = options;
  const now = options.now ?? Date.now;
  const live = new LiveUsage(now);
  const pending = new UsageBuffer();
  const orgLatest = new Map<string, { used: number; max: number; at: number }>();
  const todays = new Map<string, TodayTotals>();
  const listeners = new Set<(connectionId: string) => void>();
  let lastPrunedDay: string | null = null;
  let closed = false;

  const noteOrg = (connectionId: string, day: string, used: number, max: number, at: number) => {
    pending.orgFigures({ connectionId, day, peakUsed: used, peakMax: max, lastUsed: used, lastMax: max, lastAt: at });
    const latest = orgLatest.get(connectionId);
    if (!latest || at >= latest.at) orgLatest.set(connectionId, { used, max, at });
  };

  const maybePrune = () => {
    const today = localDay(now());
    if (lastPrunedDay === today) return;
    pruneUsage(db, addDays(today, -(USAGE_RETENTION_DAYS - 1)), hourStart(now()) - 48 * HOUR_MS);
    lastPrunedDay = today;
  };

  const flush = () => {
    if (!db.open) return;
    if (pending.size) {
      const batch = pending.take();
      try {
        writeUsageBatch(db, batch);
      } catch (err) {
        // Kept for the next flush: the statistics are worth a retry, never worth failing a call for.
        pending.restore(batch);
        log?.warn('Could not save the API usage statistics; will retry', err instanceof Error ? err.message : String(err));
        return;
      }
    }
    try {
      maybePrune();
    } catch (err) {
      log?.warn('Could not prune old API usage statistics', err instanceof Error ? err.message : String(err));
    }
  };

  /** Today's totals of an org: loaded once a day from the database plus what is pending, then kept in step by `record`. */
  const todayOf = (connectionId: string): TodayTotals => {
    const day = localDay(now());
    const cached = todays.get(connectionId);
    if (cached?.day === day) return cached;
    const rows: CountRow[] = db.open ? readCounts(db, connectionId, day, day) : [];
    rows.push(...pending.countsOf(connectionId, day));
    const totals: TodayTotals = { day, total: 0, byFeature: {} };
    for (const r of rows) {
      if (r.kind === 'total') totals.total += r.n;
      else if (r.kind === 'feature') totals.byFeature[r.key as ApiFeature] = (totals.byFeature[r.key as ApiFeature] ?? 0) + r.n;
    }
    todays.set(connectionId, totals);
    return totals;
  };

  const record = (raw: ApiCallRecord) => {
    if (closed) return;
    const call = sane(raw, now);
    const key = keyOf(call.connectionId);
    const day = localDay(call.startedAt);
    const code = failureCode(call);
    pending.count(key, day, 'total', '', 1);
    pending.count(key, day, 'feature', call.feature, 1);
    pending.count(key, day, 'family', call.family, 1);
    pending.count(key, day, 'latency', latencyBucket(call.latencyMs), 1);
    if (call.requestBytes > 0) pending.count(key, day, 'bytes_out', '', call.requestBytes);
    if (call.responseBytes > 0) pending.count(key, day, 'bytes_in', '', call.responseBytes);
    if (code !== null) pending.count(key, day, 'error', code, 1);
    if (call.limitInfo) noteOrg(key, day, call.limitInfo.used, call.limitInfo.max, call.startedAt + call.latencyMs);
    pending.hour(key, hourStart(call.startedAt), 1);
    live.add(key, call, code);
    const today = todays.get(key);
    if (today?.day === day) {
      today.total++;
      today.byFeature[call.feature] = (today.byFeature[call.feature] ?? 0) + 1;
    }
    if (pending.size >= FLUSH_AT_PENDING) flush();
    for (const listener of listeners) {
      try {
        listener(key);
      } catch (err) {
        log?.warn('An API usage listener failed', err instanceof Error ? err.message : String(err));
      }
    }
  };

  const daily = (connectionId: string, days: number): DailyUsageDetail[] => {
    flush();
    const span = Math.max(1, Math.min(USAGE_RETENTION_DAYS, Math.floor(days)));
    const list = daysEndingWith(localDay(now()), span);
    const byDay = new Map(list.map((day) => [day, emptyDay(day)]));
    if (db.open) {
      for (const row of readCounts(db, connectionId, list[0], list[list.length - 1])) addRow(byDay.get(row.day), row);
      for (const o of readOrgFigures(db, connectionId, list[0], list[list.length - 1])) {
        const d = byDay.get(o.day);
        if (d) Object.assign(d, { orgUsed: o.peakUsed, orgMax: o.peakMax });
      }
    }
    for (const d of byDay.values()) {
      d.latency.p50Ms = percentileFromHistogram(d.latency.buckets, 0.5);
      d.latency.p95Ms = percentileFromHistogram(d.latency.buckets, 0.95);
    }
    return list.map((day) => byDay.get(day) as DailyUsageDetail);
  };

  // ---- start: the guard's memory of the org figures and the last 24 hours comes from the database --
  for (const o of readLatestOrgFigures(db)) orgLatest.set(o.connectionId, { used: o.lastUsed, max: o.lastMax, at: o.lastAt });
  for (const h of readHourly(db, hourStart(now()) - 24 * HOUR_MS)) live.seedHour(h.connectionId, h.hour, h.calls);
  maybePrune();
  const interval = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
  const timer = interval > 0 ? setInterval(flush, interval) : undefined;
  timer?.unref();

  return {
    record,
    today(connectionId) {
      const totals = todayOf(connectionId);
      const org = orgLatest.get(connectionId);
      return {
        total: totals.total,
        byFeature: { ...totals.byFeature },
        org: org ? { used: org.used, max: org.max, at: new Date(org.at).toISOString() } : null,
      };
    },
    daily,
    connectivity: (connectionId): Connectivity => live.connectivity(connectionId),
    recentErrors: (connectionId, limit): RecentError[] => live.recentErrors(connectionId, limit),
    callsLast24h: (connectionId) => live.callsLast24h(connectionId),
    orgFigures: (connectionId) => {
      const org = orgLatest.get(connectionId);
      return org ? { ...org } : null;
    },
    onRecorded(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    flush,
    forget(connectionId) {
      pending.forget(connectionId);
      orgLatest.delete(connectionId);
      todays.delete(connectionId);
      live.forget(connectionId);
      if (db.open) deleteUsageOf(db, connectionId);
    },
    close() {
      if (closed) return;
      if (timer) clearInterval(timer);
      flush();
      closed = true;
    },
  };
}

/**
 * A record as the database can take it: whole, finite numbers (a NaN would make every later flush
 * fail), a limit figure only when it makes sense. The meter's records are trusted otherwise.
 */
function sane(call: ApiCallRecord, now: () => number): ApiCallRecord {
  const whole = (n: number) => (Number.isFinite(n) && n > 0 ? Math.round(n) : 0);
  const info = call.limitInfo;
  const limitOk = info !== null && Number.isInteger(info.used) && Number.isInteger(info.max) && info.used >= 0 && info.max > 0;
  return {
    ...call,
    startedAt: Number.isFinite(call.startedAt) ? call.startedAt : now(),
    latencyMs: whole(call.latencyMs),
    requestBytes: whole(call.requestBytes),
    responseBytes: whole(call.responseBytes),
    limitInfo: limitOk ? info : null,
  };
}

function emptyDay(day: string): DailyUsageDetail {
  return {
    day,
    total: 0,
    byFeature: {},
    errors: 0,
    orgUsed: null,
    orgMax: null,
    byFamily: {},
    errorsByCode: {},
    bytesIn: 0,
    bytesOut: 0,
    latency: { buckets: {}, p50Ms: null, p95Ms: null },
  };
}

function addRow(d: DailyUsageDetail | undefined, row: CountRow): void {
  if (!d) return;
  const add = (into: Record<string, number>) => (into[row.key] = (into[row.key] ?? 0) + row.n);
  switch (row.kind) {
    case 'total':
      d.total += row.n;
      break;
    case 'feature':
      add(d.byFeature);
      break;
    case 'family':
      add(d.byFamily);
      break;
    case 'error':
      add(d.errorsByCode);
      d.errors += row.n;
      break;
    case 'latency':
      add(d.latency.buckets);
      break;
    case 'bytes_in':
      d.bytesIn += row.n;
      break;
    case 'bytes_out':
      d.bytesOut += row.n;
      break;
  }
}
