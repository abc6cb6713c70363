/**
 * The SOQL console's exports: rows written per second to a CSV file, (1) from the local cache
 * (cache-query's iterator over 100,000 cached contacts with a parent field) and (2) through a
 * Bulk API 2.0 query job of 200,000 accounts on the emulator (create, poll, results pages of
 * 50,000 read as CSV and written again as the app's CSV), both through the export service as the
 * console runs them (`query:export-start`, `query-export` events until done).
 *
 *   npx tsx bench/query-export.bench.ts [--count 100000] [--bulk 200000]
 *
 * Goals: ≥ 20,000 rows/s from the cache (median of three after a warm-up), ≥ 10,000 rows/s through Bulk (the emulator builds the
 * whole job when it is created, as Salesforce does before JobComplete: its time is in the figure).
 * Exit 0 when both are met, 2 otherwise.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEventBus } from '../src/main/core/events/event-bus';
import { createExportService, type ExportService } from '../src/main/core/query/export/export-service';
import { iterateCacheQuery } from '../src/main/core/query/cache-query';
import type { ExportProgressEvent } from '../src/shared/ipc/query.contract';
import { OBJECT_REGISTRY } from '../src/shared/objects/registry';
import { createHarness } from '../tests/integration/core-harness';
import { seedAccounts } from '../tests/integration/query-helpers';
import { fillCache, openTempCache, syntheticRecords } from '../tests/unit/core/records-fixture';
import { clearProxyEnvironment, formatCount, intOption } from './bench-options';

const CACHE_GOAL = 20_000;
const BULK_GOAL = 10_000;
const count = intOption('count', 100_000);
const bulkRows = intOption('bulk', 200_000);

clearProxyEnvironment();

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** Rows per second of one export, start to done. */
async function timeExport(
  start: () => Promise<ExportProgressEvent>,
  events: (listener: (e: ExportProgressEvent) => void) => void,
  expected: number,
  file: (id: string) => string,
) {
  let resolveDone: (e: ExportProgressEvent) => void = () => {};
  const done = new Promise<ExportProgressEvent>((resolve) => (resolveDone = resolve));
  let exportId = '';
  events((e) => {
    if (e.exportId === exportId && e.state !== 'running') resolveDone(e);
  });
  const started = performance.now();
  exportId = (await start()).exportId;
  const last = await done;
  const ms = performance.now() - started;
  if (last.state !== 'done' || last.rows !== expected)
    throw new Error(`export ended ${last.state} with ${last.rows} rows (expected ${expected}): ${last.error ?? ''}`);
  const bytes = statSync(file(exportId)).size;
  return { rowsPerSecond: (expected / ms) * 1000, ms, bytes };
}

async function cacheFigure(): Promise<number> {
  const { db, dir } = openTempCache();
  const dataDir = mkdtempSync(join(tmpdir(), 'atom-export-bench-'));
  let service: ExportService | undefined;
  try {
    const refs = { accounts: count / 5, contacts: count, campaigns: 20 };
    fillCache(db, 'Account', syntheticRecords('Account', count / 5, 1, refs));
    fillCache(db, 'Contact', syntheticRecords('Contact', count, 2, refs));
    const bus = createEventBus({ log: quiet });
    service = createExportService({
      dataDir,
      events: bus,
      log: quiet,
      cacheRows: (query) => iterateCacheQuery(db, OBJECT_REGISTRY, query),
      orgApi: () => Promise.reject(new Error('no org in this bench')),
      estimate: () => Promise.reject(new Error('no org in this bench')),
    });
    const s = service;
    const soql = 'SELECT Id, FirstName, LastName, Email, Phone, Title, Account.Name, CreatedDate FROM Contact ORDER BY LastName, Id';
    const once = () =>
      timeExport(
        () => s.start({ soql, target: 'cache', queryAll: false, format: 'csv', confirmed: false }),
        // The service's own promise: the bus's last event may wait in its coalescing window on an unref'd timer.
        (listener) =>
          bus.subscribe(
            (e) =>
              e.name === 'query-export' &&
              (e.payload as ExportProgressEvent).state === 'running' &&
              void s.settled((e.payload as ExportProgressEvent).exportId).then((last) => last && listener(last)),
          ),
        count,
        (id) => join(dataDir, 'tmp', 'exports', `${id}.csv`),
      );
    // One warm-up, then the median of three.
    await once();
    const runs = [await once(), await once(), await once()].sort((a, b) => a.rowsPerSecond - b.rowsPerSecond);
    const figure = runs[1];
    console.log(
      `  cache → CSV: ${formatCount(count)} rows in ${figure.ms.toFixed(0)} ms = ${formatCount(figure.rowsPerSecond)} rows/s (${formatCount(figure.bytes / 1024)} KB; goal ≥ ${formatCount(CACHE_GOAL)})`,
    );
    return figure.rowsPerSecond;
  } finally {
    await service?.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function bulkFigure(): Promise<number> {
  const h = await createHarness({ scale: 5, settings: { sync: { intervalMinutes: 0 } } });
  try {
    await h.loginDemo();
    await h.call('query:schema', {});
    seedAccounts(h.emulator(), bulkRows, 'Bench Seed');
    const soql = "SELECT Id, Name, Industry, NumberOfEmployees, CreatedDate FROM Account WHERE Name LIKE 'Bench Seed%'";
    // The estimate's COUNT() is part of what an export costs: it is inside the figure.
    const figure = await timeExport(
      async () => {
        const started = await h.call('query:export-start', { soql, target: 'org', format: 'csv' });
        if (started.method !== 'bulk') throw new Error(`expected a Bulk export, got ${started.method}`);
        return started;
      },
      (listener) => h.core.events.subscribe((e) => e.name === 'query-export' && listener(e.payload as ExportProgressEvent)),
      bulkRows,
      (id) => join(h.dataDir, 'tmp', 'exports', `${id}.csv`),
    );
    console.log(
      `  Bulk API 2.0 → CSV: ${formatCount(bulkRows)} rows in ${figure.ms.toFixed(0)} ms = ${formatCount(figure.rowsPerSecond)} rows/s (${formatCount(figure.bytes / 1024)} KB; goal ≥ ${formatCount(BULK_GOAL)})`,
    );
    return figure.rowsPerSecond;
  } finally {
    await h.close();
  }
}

const cache = await cacheFigure();
const bulk = await bulkFigure();
const met = cache >= CACHE_GOAL && bulk >= BULK_GOAL;
console.log(met ? 'query-export: goals met' : 'query-export: a goal was missed');
process.exit(met ? 0 : 2);
