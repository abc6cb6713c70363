/**
 * Exports (`query:export-*`): a query's full result written to a file in the data folder's
 * temporary area (`<dataDir>/tmp/exports`, owner-only) as the rows arrive, with `query-export`
 * progress events and a cancel, then handed to the user by the host (a save dialog in Electron, a
 * one-time download in browser mode).
 *
 * Where the rows come from: the local cache (cache-query's iterator, a chunk of rows at a time);
 * the org through REST pages (query/queryAll and nextRecordsUrl); or, when the estimate says more
 * than BULK_EXPORT_ABOVE_ROWS and Bulk API 2.0 can run the query (no aggregates, subqueries,
 * OFFSET or TYPEOF), a Bulk API 2.0 query job: created, polled, its results read a page at a time
 * (`maxRecords`, `Sforce-Locator`); a cancel aborts the job on the org.
 *
 * The exports of this process are kept in memory, each tied to the org it was made for: a finished
 * export is handed only to that org while it is the active one. An export's file is removed once
 * it has been saved or downloaded (`release`), when its org is disconnected (`discardConnection`),
 * when the core closes and, left over from a crash, when it starts.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Query } from '@jetstreamapp/soql-parser-js';
import { AppError } from '../../../../shared/errors';
import type { ExportProgressEvent, QueryColumn, QueryEstimate, QueryRow, QuerySchema, QueryTarget } from '../../../../shared/ipc/query.contract';
import type { EventPublisher } from '../../events/event-bus';
import type { Logger } from '../../logger';
import { bulkJobError } from '../../sync/sync-api';
import type { OrgQueryApi } from '../org-api';
import { bulkCapable, orgPages, rowShaper } from '../org-run';
import { columnsOfQuery } from '../org-rows';
import { isAggregateQuery, isCountOnly, parsedSelect, type ParsedSelect } from '../soql-guard';
import { createRowWriter, EXPORT_CONTENT_TYPES, EXPORT_EXTENSIONS, type ExportFormat, type RowWriter } from './writers';

/** Rows a Bulk API 2.0 results request asks for at once. */
const BULK_PAGE_ROWS = 50_000;
const BULK_POLL_MS = 500;
/** A job still not complete after this is given up (and aborted): the user can export again later. */
const BULK_WAIT_MS = 60 * 60_000;
/** Progress is published at most this often per export (the bus coalesces further). */
const PROGRESS_EVERY_MS = 200;

export interface ExportSource {
  method: ExportProgressEvent['method'];
  totalRows: number | null;
  /** The header, then the rows; stops early when `signal` is aborted. */
  run(signal: AbortSignal, begin: (columns: readonly QueryColumn[]) => Promise<void>, row: (row: QueryRow) => Promise<void>): Promise<void>;
}

export interface ExportStart {
  soql: string;
  target: QueryTarget;
  queryAll: boolean;
  format: ExportFormat;
  confirmed: boolean;
  /**
   * The org the export is made for, and who is active when it is handed over: another org's
   * export is refused as if it were not there. Without it (benches) an export belongs to no org.
   */
  owner?: ExportOwner;
  /**
   * The FROM object's schema (the console's autocomplete schema, kept per org): a Bulk API 2.0
   * export to XLSX or JSON reads its number and checkbox fields back as numbers and booleans.
   * Without it, or when it cannot be read, every Bulk value stays text.
   */
  schema?: (object: string) => Promise<QuerySchema>;
}

export interface ExportOwner {
  connectionId: string;
  /** The active org's connection id now, or null. */
  activeConnectionId(): string | null;
}

export interface FinishedExport {
  file: string;
  fileName: string;
  contentType: string;
}

export interface ExportServiceDeps {
  dataDir: string;
  events?: EventPublisher;
  log: Logger;
  /** The cache's rows of a parsed query (iterateCacheQuery over the active org's cache). */
  cacheRows(query: Query): { object: string; columns: QueryColumn[]; rows: Iterable<QueryRow> };
  /** A metered API of the active org, and the query's cost (may spend a COUNT()). */
  orgApi(): Promise<OrgQueryApi>;
  estimate(api: OrgQueryApi, select: ParsedSelect, queryAll: boolean): Promise<QueryEstimate>;
  now?: () => number;
}

interface Running {
  progress: ExportProgressEvent;
  controller: AbortController;
  file: string;
  contentType: string;
  done: Promise<void>;
  owner: ExportOwner | null;
}

export function exportsDir(dataDir: string): string {
  return join(dataDir, 'tmp', 'exports');
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The cache's rows, a chunk at a time with a turn of the event loop between (cancel, events). */
function cacheSource(rows: { columns: QueryColumn[]; rows: Iterable<QueryRow> }): ExportSource {
  return {
    method: 'cache',
    totalRows: null,
    async run(signal, begin, row) {
      await begin(rows.columns);
      let n = 0;
      for (const r of rows.rows) {
        if (signal.aborted) return;
        await row(r);
        if (++n % 2_000 === 0) await yieldToLoop();
      }
    },
  };
}

function restSource(api: OrgQueryApi, query: Query, soql: string, queryAll: boolean, totalRows: number | null): ExportSource {
  return {
    method: 'rest',
    totalRows,
    async run(signal, begin, row) {
      const shaper = rowShaper(query);
      let begun = false;
      for await (const page of orgPages(api, soql, queryAll)) {
        if (!begun) {
          await begin(isCountOnly(query) ? [] : shaper.columns(page.records));
          begun = true;
        }
        for (const record of page.records) {
          if (signal.aborted) return;
          await row(shaper.shape(record));
        }
        if (signal.aborted) return;
      }
    },
  };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Waits for the job; false when cancelled meanwhile. Not the sync's bulkQueryWait: an export may
 * wait longer (a whole object), is cancelled without an error, and aborts a job it gives up on.
 */
async function bulkWait(api: OrgQueryApi, jobId: string, signal: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + BULK_WAIT_MS;
  for (;;) {
    if (signal.aborted) return false;
    const info = await api.bulkInfo(jobId);
    if (info.state === 'JobComplete') return true;
    const failed = bulkJobError(info.state, info.errorMessage);
    if (failed) throw failed;
    if (Date.now() > deadline) {
      await api.bulkAbort(jobId).catch(() => undefined);
      throw new AppError('SALESFORCE', 'Salesforce took more than an hour to prepare the export. It was stopped; try again later or narrow the query.');
    }
    await sleep(BULK_POLL_MS, signal);
  }
}

export type BulkValueKind = 'number' | 'boolean';

const NUMBER_FIELD_TYPES = new Set(['int', 'double', 'currency', 'percent']);
/** What Bulk API 2.0 writes for a number (no grouping, no currency sign). */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;
/** Significant digits a double holds exactly: a longer figure stays text rather than be rounded. */
const EXACT_DIGITS = 15;

/** The object's number and checkbox fields by name (lower case): what a Bulk value is read back as. */
export function bulkValueKinds(object: QuerySchema['object']): Map<string, BulkValueKind> {
  const kinds = new Map<string, BulkValueKind>();
  for (const field of object?.fields ?? []) {
    const type = field.type.toLowerCase();
    if (NUMBER_FIELD_TYPES.has(type)) kinds.set(field.name.toLowerCase(), 'number');
    else if (type === 'boolean') kinds.set(field.name.toLowerCase(), 'boolean');
  }
  return kinds;
}

/**
 * A Bulk CSV value as its field's type: '' is null; a number or checkbox column's text that does
 * not read as one (a FORMAT() of the field under its name), or a number a double would round,
 * stays text.
 */
export function bulkValue(text: string, kind: BulkValueKind | undefined): unknown {
  if (text === '') return null;
  if (kind === 'number' && PLAIN_NUMBER.test(text) && text.split(/[eE]/)[0]!.replace(/^-?0*|\./g, '').length <= EXACT_DIGITS) return Number(text);
  if (kind === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/**
 * Bulk API 2.0 CSV: every value text, '' for null, read back as a number or boolean where `kinds`
 * names the column's field; the header is the first record's keys.
 */
function bulkSource(
  api: OrgQueryApi,
  query: Query,
  soql: string,
  queryAll: boolean,
  totalRows: number | null,
  kinds: ReadonlyMap<string, BulkValueKind> = new Map(),
  pageRows = BULK_PAGE_ROWS,
): ExportSource {
  return {
    method: 'bulk',
    totalRows,
    async run(signal, begin, row) {
      const jobId = await api.bulkStart(soql, queryAll);
      let complete = false;
      // A job still running is aborted on the org; a complete one has nothing left to stop (Salesforce refuses it).
      const abort = () => void (complete ? undefined : api.bulkAbort(jobId).catch(() => undefined));
      signal.addEventListener('abort', abort, { once: true });
      try {
        if (!(await bulkWait(api, jobId, signal))) return;
        complete = true;
        let locator: string | null = null;
        let begun = false;
        do {
          const page = await api.bulkPage(jobId, locator, pageRows);
          if (!begun) {
            const first = page.records[0];
            await begin(first ? Object.keys(first).map((path) => ({ path, kind: 'field' as const })) : columnsOfQuery(query));
            begun = true;
          }
          for (const record of page.records) {
            if (signal.aborted) return;
            await row(Object.fromEntries(Object.entries(record).map(([k, v]) => [k, bulkValue(v, kinds.get(k.toLowerCase()))])));
          }
          locator = page.locator;
        } while (locator && !signal.aborted);
      } finally {
        signal.removeEventListener('abort', abort);
      }
    },
  };
}

class ExportCancelled extends Error {}

/**
 * Runs one export to its end: rows from the source into the writer, progress published at most
 * every PROGRESS_EVERY_MS and always at the end; a cancelled or failed export's file removed.
 */
async function writeExport(
  entry: Running,
  source: ExportSource,
  writer: RowWriter,
  ctx: { publish: (p: ExportProgressEvent) => void; now: () => number; log: Logger },
) {
  let lastPublished = 0;
  const update = (patch: Partial<ExportProgressEvent>, force = false) => {
    entry.progress = { ...entry.progress, ...patch, bytes: writer.bytes };
    if (force || ctx.now() - lastPublished >= PROGRESS_EVERY_MS) {
      lastPublished = ctx.now();
      ctx.publish(entry.progress);
    }
  };
  const { signal } = entry.controller;
  try {
    let rows = 0;
    await source.run(
      signal,
      (columns) => writer.start(columns),
      async (row) => {
        await writer.write(row);
        rows++;
        if (rows % 500 === 0) update({ rows });
      },
    );
    if (signal.aborted) throw new ExportCancelled();
    await writer.close();
    update({ rows, state: 'done' }, true);
  } catch (err) {
    writer.abort();
    await rm(entry.file, { force: true });
    if (err instanceof ExportCancelled || signal.aborted) {
      update({ state: 'cancelled' }, true);
      return;
    }
    const message = err instanceof AppError ? err.message : 'The export failed.';
    if (!(err instanceof AppError)) ctx.log.warn(`Export ${entry.progress.exportId} failed`, err instanceof Error ? err.message : String(err));
    update({ state: 'failed', error: message }, true);
  }
}

export function createExportService(deps: ExportServiceDeps) {
  const now = deps.now ?? Date.now;
  const dir = exportsDir(deps.dataDir);
  // Files left by a process that did not close cleanly.
  rmSync(dir, { recursive: true, force: true });
  const exports = new Map<string, Running>();

  const publish = (progress: ExportProgressEvent) => deps.events?.publish('query-export', progress);

  /** CSV is text either way (and stays as Bulk wrote it); XLSX and JSON get the FROM object's types. */
  const bulkKinds = async (input: ExportStart, query: Query): Promise<Map<string, BulkValueKind>> => {
    if (input.format === 'csv' || !input.schema || !query.sObject) return new Map();
    try {
      return bulkValueKinds((await input.schema(query.sObject)).object);
    } catch (err) {
      deps.log.warn('Export: the object schema could not be read, values are written as text', err instanceof Error ? err.message : String(err));
      return new Map();
    }
  };

  const sourceFor = async (input: ExportStart, select: ParsedSelect): Promise<ExportSource> => {
    const { query } = select;
    if (input.target === 'cache') {
      if (input.queryAll) throw new AppError('INVALID_INPUT', "The local copy doesn't keep deleted or archived rows: export from the org to include them.");
      return cacheSource(deps.cacheRows(query));
    }
    const api = await deps.orgApi();
    const estimate = await deps.estimate(api, select, input.queryAll);
    if (estimate.needsConfirmation && !input.confirmed && !estimate.bulkExport) {
      throw new AppError('INVALID_INPUT', `This export would use ${estimate.calls} API calls. Confirm to export it.`, ['confirmed']);
    }
    if (estimate.bulkExport && bulkCapable(query)) return bulkSource(api, query, input.soql, input.queryAll, estimate.rows, await bulkKinds(input, query));
    return restSource(api, query, input.soql, input.queryAll, isAggregateQuery(query) ? null : estimate.rows);
  };

  /** An export of the active org (another org's is answered as not there: it reveals nothing). */
  const ownEntry = (exportId: string): Running | undefined => {
    const entry = exports.get(exportId);
    if (entry?.owner && entry.owner.activeConnectionId() !== entry.owner.connectionId) return undefined;
    return entry;
  };

  /** Forgets an export and removes its file (a running one is cancelled first). */
  const discard = async (exportId: string, entry: Running) => {
    exports.delete(exportId);
    entry.controller.abort();
    await entry.done;
    await rm(entry.file, { force: true });
  };

  return {
    async start(input: ExportStart): Promise<ExportProgressEvent> {
      const select = parsedSelect(input.soql);
      const { query } = select;
      const source = await sourceFor(input, select);
      // Exports that ended without a file (cancelled, failed) have nothing left to hand over.
      for (const [id, ended] of exports) if (ended.progress.state === 'cancelled' || ended.progress.state === 'failed') exports.delete(id);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const id = randomUUID();
      const stamp = new Date(now()).toISOString().slice(0, 19).replace(/[:T]/g, '-');
      const fileName = `${(query.sObject ?? 'query').replace(/[^A-Za-z0-9_]/g, '')}-${stamp}.${EXPORT_EXTENSIONS[input.format]}`;
      const file = join(dir, `${id}.${EXPORT_EXTENSIONS[input.format]}`);
      const writer = createRowWriter(input.format, file);
      const progress: ExportProgressEvent = {
        exportId: id,
        state: 'running',
        method: source.method,
        rows: 0,
        totalRows: source.totalRows,
        bytes: 0,
        fileName,
        error: null,
      };
      const entry: Running = {
        progress,
        controller: new AbortController(),
        file,
        contentType: EXPORT_CONTENT_TYPES[input.format],
        done: Promise.resolve(),
        owner: input.owner ?? null,
      };
      exports.set(id, entry);
      publish(progress);
      entry.done = writeExport(entry, source, writer, { publish, now, log: deps.log });
      return progress;
    },

    cancel(exportId: string): ExportProgressEvent {
      const entry = ownEntry(exportId);
      if (!entry) throw new AppError('NOT_FOUND', 'That export is no longer here.');
      if (entry.progress.state === 'running') entry.controller.abort();
      return entry.progress;
    },

    /** A finished export's file of the active org, for the host to save or serve. */
    finished(exportId: string): FinishedExport {
      const entry = ownEntry(exportId);
      if (!entry) throw new AppError('NOT_FOUND', 'That export is no longer here. Export again.');
      if (entry.progress.state !== 'done') throw new AppError('INVALID_INPUT', 'The export has not finished yet.');
      return { file: entry.file, fileName: entry.progress.fileName, contentType: entry.contentType };
    },

    /** Once the file has been saved or downloaded: the export and its file are gone. */
    async release(exportId: string): Promise<void> {
      const entry = exports.get(exportId);
      if (entry) await discard(exportId, entry);
    },

    /** A disconnected org's exports: running ones cancelled, every file removed. */
    async discardConnection(connectionId: string): Promise<void> {
      const owned = [...exports].filter(([, entry]) => entry.owner?.connectionId === connectionId);
      await Promise.all(owned.map(([id, entry]) => discard(id, entry)));
    },

    /** Resolves when the export has finished, failed or been cancelled (tests, close). */
    settled(exportId: string): Promise<ExportProgressEvent | undefined> {
      const entry = exports.get(exportId);
      return entry ? entry.done.then(() => entry.progress) : Promise.resolve(undefined);
    },

    async close(): Promise<void> {
      for (const entry of exports.values()) entry.controller.abort();
      await Promise.all([...exports.values()].map((e) => e.done));
      exports.clear();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
