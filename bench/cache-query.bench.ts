/**
 * The SOQL console's offline engine (src/main/core/query/cache-query) over an org cache of 100,000
 * opportunities, 100,000 contacts and 20,000 accounts, in process: the check the console makes as
 * the query is typed (cacheQueryProblem), a run (runCacheQuery, capped at MAX_RESULT_ROWS) and an
 * export's full read (iterateCacheQuery), for queries that filter and sort on typed columns, on the
 * record's JSON, through a parent join, and aggregate the whole object.
 *
 *   npx tsx bench/cache-query.bench.ts [--count 100000] [--runs 5] [--plans] [--keep DIR]
 *
 * The cache is filled through the app's write path (upsertRecords, the registry's indexes), seeded.
 * `--keep DIR` keeps the filled cache in DIR and reuses it on the next run (the fill takes minutes);
 * `--plans` prints SQLite's plan (EXPLAIN QUERY PLAN) of each query's main statement.
 * Goal (exit 0 met, 2 missed): every run ≤ 1 s and every check ≤ 50 ms at 100,000 rows an object.
 * Run on an idle machine: the load average is printed at both ends.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureObjectIndexes } from '../src/main/core/cache/object-indexes';
import { openOrgCache, type CacheDb } from '../src/main/core/cache/org-cache';
import { cacheQueryProblem, iterateCacheQuery, runCacheQuery } from '../src/main/core/query/cache-query';
import { CacheSchema } from '../src/main/core/query/cache-query/cache-schema';
import { planQuery } from '../src/main/core/query/cache-query/plan';
import { OBJECT_REGISTRY } from '../src/shared/objects/registry';
import { fillCache, openTempCache, syntheticRecords } from '../tests/unit/core/records-fixture';
import { flagOption, formatCount, intOption } from './bench-options';

const count = intOption('count', 100_000);
const runs = intOption('runs', 5);
const showPlans = flagOption('plans');
const keepIndex = process.argv.indexOf('--keep');
const keepDir = keepIndex >= 0 ? process.argv[keepIndex + 1] : undefined;
const RUN_GOAL_MS = 1_000;
const CHECK_GOAL_MS = 50;

const QUERIES: Array<[string, string]> = [
  [
    'typed columns: filter, sort, limit',
    "SELECT Id, Name, StageName, Amount, CloseDate FROM Opportunity WHERE StageName = 'Prospecting' ORDER BY Amount DESC, Id LIMIT 200",
  ],
  [
    'a field kept only in the JSON, LIKE, flattened parent',
    "SELECT Id, Name, FirstName, Account.Name FROM Contact WHERE FirstName = 'GRACE' AND Name LIKE '%an%' ORDER BY Name, Id LIMIT 2000",
  ],
  ['date literal, OFFSET', 'SELECT Id, Name, CloseDate FROM Opportunity WHERE CloseDate = THIS_YEAR ORDER BY CloseDate, Id LIMIT 500 OFFSET 1500'],
  ['joined parent field (20,000 accounts)', "SELECT Name, Account.Industry FROM Contact WHERE Account.Industry = 'Banking' ORDER BY Name LIMIT 1000"],
  ['aggregate of the whole object', 'SELECT StageName, COUNT(Id), SUM(Amount), AVG(Amount), MAX(CloseDate) FROM Opportunity GROUP BY StageName'],
  ['every row (capped at 50,000)', 'SELECT Id, Name, Amount, IsWon, Account.Name FROM Opportunity'],
];

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** A filled cache: kept in --keep DIR (and reused), else in a temporary directory. */
function openFilled(): { db: CacheDb; dir: string; temporary: boolean } {
  let opened: { db: CacheDb; dir: string };
  if (keepDir && existsSync(join(keepDir, 'cache', 'bench.sqlite'))) {
    console.log(`reusing the cache in ${keepDir}\n`);
    return { db: openOrgCache(keepDir, 'bench'), dir: keepDir, temporary: false };
  }
  if (keepDir) {
    mkdirSync(keepDir, { recursive: true });
    const db = openOrgCache(keepDir, 'bench');
    ensureObjectIndexes(db, OBJECT_REGISTRY);
    opened = { db, dir: keepDir };
  } else opened = openTempCache();
  const fillStart = performance.now();
  const refs = { accounts: count / 5, contacts: count, campaigns: 50 };
  fillCache(opened.db, 'Account', syntheticRecords('Account', count / 5, 1, refs));
  fillCache(opened.db, 'Contact', syntheticRecords('Contact', count, 2, refs));
  fillCache(opened.db, 'Opportunity', syntheticRecords('Opportunity', count, 3, refs));
  console.log(`filled in ${((performance.now() - fillStart) / 1000).toFixed(1)} s\n`);
  return { ...opened, temporary: !keepDir };
}

function printPlan(db: CacheDb, soql: string): void {
  const plan = planQuery(new CacheSchema(db, OBJECT_REGISTRY), soql, { now: new Date(), timeZone: 'UTC' });
  const sql = plan.kind === 'records' ? plan.ridSql : plan.sql;
  for (const step of db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(plan.params) as Array<{ detail: string }>) console.log(`    plan: ${step.detail}`);
}

function main(): number {
  console.log(`cache query bench: ${formatCount(count)} opportunities and contacts, ${runs} runs each; load ${load()}`);
  const { db, dir, temporary } = openFilled();
  try {
    let met = true;
    for (const [label, soql] of QUERIES) {
      cacheQueryProblem(db, OBJECT_REGISTRY, soql);
      const checks = Array.from({ length: runs }, () => time(() => cacheQueryProblem(db, OBJECT_REGISTRY, soql)));
      let rows = 0;
      const runsMs = Array.from({ length: runs }, () => time(() => (rows = runCacheQuery(db, OBJECT_REGISTRY, soql).rows.length)));
      let exported = 0;
      const exportMs = time(() => {
        for (const _row of iterateCacheQuery(db, OBJECT_REGISTRY, soql).rows) exported++;
      });
      const [check, run] = [median(checks), median(runsMs)];
      met &&= check <= CHECK_GOAL_MS && run <= RUN_GOAL_MS;
      console.log(`${label}\n  ${soql}`);
      if (showPlans) printPlan(db, soql);
      console.log(
        `  check ${check.toFixed(1)} ms · run ${run.toFixed(1)} ms (${formatCount(rows)} rows) · export ${exportMs.toFixed(0)} ms (${formatCount(exported)} rows)\n`,
      );
    }
    console.log(`load ${load()}; goal (run ≤ ${RUN_GOAL_MS} ms, check ≤ ${CHECK_GOAL_MS} ms): ${met ? 'met' : 'missed'}`);
    return met ? 0 : 2;
  } finally {
    db.close();
    if (temporary) rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = main();
