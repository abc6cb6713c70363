/**
 * The cockpit's reads (src/main/core/analytics) over an org cache of 100,000 opportunities with
 * their OpportunityHistory (about four rows each) and 33,000 leads, in process: every `analytics:*`
 * read the screens make, through the service as the gate calls it, and the daily snapshot the sync
 * takes (takePipelineSnapshot).
 *
 *   npx tsx bench/analytics.bench.ts [--count 100000] [--runs 30] [--plans] [--keep DIR]
 *
 * The cache is filled through the app's write path (upsertRecords with the registry, upsertHistory,
 * a first load's deferred indexes), seeded, so every run reads the same org. Reads are timed first
 * with the waterfall's start rebuilt from history (no snapshot yet), then after two snapshots (the
 * first eight days ago, a twentieth of the deals changed since), over the app's own states.
 * `--plans` prints SQLite's plan (EXPLAIN QUERY PLAN) of every statement a read runs. `--keep DIR`
 * keeps the filled cache in DIR and reuses it on the next run (the fill takes a minute).
 *
 * Goals (exit 0 met, 2 missed): p95 ≤ 50 ms for every read; a routine snapshot (a twentieth of the
 * deals changed) ≤ 500 ms. Run on an idle machine: the load average is printed at both ends.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3';
import { localDate } from '../src/shared/analytics/fiscal';
import { createAnalyticsService, type AnalyticsService } from '../src/main/core/analytics/analytics-service';
import { takePipelineSnapshot } from '../src/main/core/analytics/snapshots';
import { getConnection } from '../src/main/core/storage/connections.repo';
import { openDatabase } from '../src/main/core/storage/database';
import { ensureObjectIndexes } from '../src/main/core/cache/object-indexes';
import { OBJECT_REGISTRY, type FlatRecord } from '../src/main/core/cache/objects';
import { openOrgCache, type CacheDb } from '../src/main/core/cache/org-cache';
import { upsertRecords } from '../src/main/core/cache/records.repo';
import { insertActiveTestConnection } from '../tests/unit/core/connection-fixture';
import { generatePipeline, writeOrg } from '../tests/unit/core/analytics-fixture';
import { rng } from '../tests/unit/core/records-fixture';
import { flagOption, formatCount, intOption } from './bench-options';

const count = intOption('count', 100_000);
const runs = intOption('runs', 30);
const showPlans = flagOption('plans');
const keepIndex = process.argv.indexOf('--keep');
const keepDir = keepIndex >= 0 ? process.argv[keepIndex + 1] : undefined;
const P95_GOAL_MS = 50;
const SNAPSHOT_GOAL_MS = 500;
const CONNECTION = 'bench';
const today = localDate();

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)];

/** Fills (or reopens) the cache: the org's reference data, the deals with their history, the leads. */
function openFilledCache(dir: string): CacheDb {
  const reuse = existsSync(join(dir, 'cache', `${CONNECTION}.sqlite`));
  const db = openOrgCache(dir, CONNECTION);
  ensureObjectIndexes(db, OBJECT_REGISTRY);
  if (reuse) {
    console.log(`Reusing the cache in ${dir}`);
    return db;
  }
  const started = performance.now();
  writeOrg(db);
  // The fill is not what is measured: no fsync per page.
  db.pragma('synchronous = OFF');
  const made = generatePipeline(db, { count, seed: 1, today });
  db.pragma('synchronous = FULL');
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Filled: ${formatCount(made.opportunities)} opportunities, ${formatCount(made.history)} history rows, ${formatCount(made.leads)} leads in ${seconds} s`,
  );
  return db;
}

interface Recorded {
  sql: string;
  params: unknown[];
}

/** Wraps `prepare` so each statement a read runs is remembered with its parameters (for --plans). */
function recording(db: CacheDb): { db: CacheDb; take(): Recorded[] } {
  let seen: Recorded[] = [];
  const prepare = db.prepare.bind(db);
  const wrapped = Object.create(db) as CacheDb;
  wrapped.prepare = ((sql: string) => {
    const statement = prepare(sql);
    for (const method of ['all', 'get', 'run'] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => {
        seen.push({ sql, params });
        return original(...params);
      };
    }
    return statement;
  }) as CacheDb['prepare'];
  return {
    db: wrapped,
    take() {
      const out = seen;
      seen = [];
      return out;
    },
  };
}

function printPlans(db: CacheDb, statements: Recorded[]) {
  const seen = new Set<string>();
  for (const { sql, params } of statements) {
    if (seen.has(sql) || !/^\s*(WITH|SELECT)/i.test(sql)) continue;
    seen.add(sql);
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(params as [])) as Array<{ detail: string }>;
    console.log(`    ${sql.replace(/\s+/g, ' ').slice(0, 140)}…`);
    for (const row of plan) console.log(`      ${row.detail}`);
  }
}

type Read = [label: string, run: (s: AnalyticsService) => unknown];

const READS: Read[] = [
  ['home', (s) => s.home()],
  ...(['mine', 'all'] as const).flatMap((scope): Read[] => [
    [`pipeline this quarter, ${scope}`, (s) => s.pipeline({ period: { kind: 'this-quarter' }, scope })],
    [`pipeline this year, ${scope}`, (s) => s.pipeline({ period: { kind: 'this-year' }, scope })],
    [`slipped this quarter, ${scope}`, (s) => s.slipped({ period: { kind: 'this-quarter' }, scope })],
    [`waterfall 7 days, ${scope}`, (s) => s.waterfall({ period: { kind: 'this-quarter' }, scope, days: 7 })],
    [`leads this quarter, ${scope}`, (s) => s.leads({ period: { kind: 'this-quarter' }, scope })],
    [`deals: a stage's bar, ${scope}`, (s) => s.deals({ period: { kind: 'this-quarter' }, scope, limit: 200, filter: { kind: 'open', stage: 'Proposal' } })],
    [`deals: won, ${scope}`, (s) => s.deals({ period: { kind: 'this-quarter' }, scope, limit: 200, filter: { kind: 'won' } })],
    [`deals: stale, ${scope}`, (s) => s.deals({ period: { kind: 'this-quarter' }, scope, limit: 200, filter: { kind: 'stale', anyCloseDate: false } })],
    [`deals: overdue, ${scope}`, (s) => s.deals({ period: { kind: 'this-quarter' }, scope, limit: 200, filter: { kind: 'overdue' } })],
    [
      `deals: a waterfall step, ${scope}`,
      (s) => s.deals({ period: { kind: 'this-quarter' }, scope, limit: 200, filter: { kind: 'waterfall', step: 'pushed-out', days: 7 } }),
    ],
  ]),
  ['board, my open deals', (s) => s.board({ owner: 'me' })],
  ['board, everyone this quarter', (s) => s.board({ period: { kind: 'this-quarter' } })],
  ['board, everyone (all open deals)', (s) => s.board({})],
  ['fiscal periods', (s) => s.fiscal()],
];

/** Times every read: one untimed warm-up, then `runs` timed runs; returns the reads over the goal. */
function timeReads(title: string, service: AnalyticsService, recorder: ReturnType<typeof recording>, only?: (label: string) => boolean): string[] {
  console.log(`\n${title} (${runs} runs each, after one warm-up):`);
  const missed: string[] = [];
  for (const [label, run] of READS.filter(([label]) => !only || only(label))) {
    recorder.take();
    const answer = run(service);
    const statements = recorder.take();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      run(service);
      times.push(performance.now() - started);
    }
    const p95 = percentile(times, 95);
    const size = JSON.stringify(answer).length;
    const verdict = p95 <= P95_GOAL_MS ? 'met   ' : 'MISSED';
    console.log(
      `  ${verdict} ${label.padEnd(36)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms  p95 ${p95.toFixed(1).padStart(6)} ms  (${formatCount(size)} bytes)`,
    );
    if (p95 > P95_GOAL_MS) missed.push(label);
    if (showPlans) printPlans(recorder.db, statements);
  }
  return missed;
}

/** A twentieth of the deals changed (amount, close date or stage), as a day of syncing brings. */
function changeSome(db: CacheDb, seed: number): number {
  const r = rng(seed);
  const rows = db.prepare(`SELECT fields FROM records WHERE object = 'Opportunity' AND local_state = 'synced'`).pluck().all() as string[];
  const changed: FlatRecord[] = [];
  for (const text of rows) {
    if (r.next() > 0.05) continue;
    const rec = JSON.parse(text) as FlatRecord;
    const roll = r.next();
    if (roll < 0.4) rec.Amount = Number(rec.Amount ?? 0) + 1000;
    else if (roll < 0.8) rec.CloseDate = new Date(Date.parse(String(rec.CloseDate)) + 30 * 86_400_000).toISOString().slice(0, 10);
    else Object.assign(rec, { StageName: 'Closed Won', IsClosed: true, IsWon: true, ForecastCategoryName: 'Closed' });
    changed.push(rec);
  }
  db.transaction(() => upsertRecords(db, 'Opportunity', changed))();
  return changed.length;
}

function timeSnapshots(db: CacheDb): { first: number; routine: number } {
  const eightDaysAgo = new Date(Date.parse(today) - 8 * 86_400_000).toISOString().slice(0, 10);
  db.exec('DELETE FROM opportunity_states; DELETE FROM pipeline_snapshots;');
  let started = performance.now();
  const first = takePipelineSnapshot(db, eightDaysAgo);
  const firstMs = performance.now() - started;
  console.log(`\nSnapshot, the first (every deal opens its state): ${firstMs.toFixed(0)} ms for ${formatCount(first.opportunities)} opportunities`);
  const changed = changeSome(db, 7);
  started = performance.now();
  const routine = takePipelineSnapshot(db, today);
  const routineMs = performance.now() - started;
  console.log(
    `Snapshot after a sync that changed ${formatCount(changed)} deals: ${routineMs.toFixed(0)} ms (${routine.closed} states closed, ${routine.opened} opened)`,
  );
  started = performance.now();
  takePipelineSnapshot(db, today);
  console.log(`Snapshot with nothing changed: ${(performance.now() - started).toFixed(0)} ms`);
  return { first: firstMs, routine: routineMs };
}

function serviceOver(db: CacheDb, appDb: Database.Database): AnalyticsService {
  return createAnalyticsService({
    db: appDb,
    activeOrg: { require: () => getConnection(appDb, CONNECTION)! },
    caches: { cacheFor: () => db, guarded: (_id, read) => read() },
  });
}

function main(): number {
  console.log(`Load average at the start: ${load()}`);
  const dir = keepDir ?? mkdtempSync(join(tmpdir(), 'atom-analytics-bench-'));
  if (keepDir) mkdirSync(keepDir, { recursive: true });
  const db = openFilledCache(dir);
  const appDb = openDatabase(dir);
  try {
    if (!getConnection(appDb, CONNECTION)) insertActiveTestConnection(appDb, CONNECTION);
    db.exec('DELETE FROM opportunity_states; DELETE FROM pipeline_snapshots;');
    const recorder = recording(db);
    const service = serviceOver(recorder.db, appDb);
    const missed = timeReads('Reads, the waterfall rebuilt from history (no snapshot yet)', service, recorder);
    const snapshots = timeSnapshots(db);
    missed.push(
      ...timeReads('Reads over the app’s own states (snapshots 8 days ago and today)', service, recorder, (l) => l.includes('waterfall')).map(
        (l) => `${l} (snapshots)`,
      ),
    );
    const snapshotMet = snapshots.routine <= SNAPSHOT_GOAL_MS;
    console.log(`\n  ${snapshotMet ? 'met   ' : 'MISSED'} a routine snapshot ≤ ${SNAPSHOT_GOAL_MS} ms: ${snapshots.routine.toFixed(0)} ms`);
    console.log(`  ${missed.length ? 'MISSED' : 'met   '} every read p95 ≤ ${P95_GOAL_MS} ms${missed.length ? `: ${missed.join('; ')}` : ''}`);
    console.log(`Load average at the end: ${load()}`);
    return missed.length || !snapshotMet ? 2 : 0;
  } finally {
    db.close();
    appDb.close();
    if (!keepDir) rmSync(dir, { recursive: true, force: true });
  }
}

process.exit(main());
