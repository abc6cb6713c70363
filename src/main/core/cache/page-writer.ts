/**
 * Where a full sync's pages are committed: on the caller's connection (inline), or on a second
 * connection in a worker thread, so SQLite's work on a first load — index maintenance and commits,
 * most of the core's CPU time there — runs on the other core while the main thread reads and parses
 * the next pages (bench/sync.bench.ts prints both sides).
 *
 * Either way a commit is one transaction: the rows and the sync-state patch that carries their
 * watermark. The worker's connection is opened on the same file with the same durability settings
 * (WAL, synchronous=FULL, a busy timeout: the main connection may write meanwhile, a short wait on
 * either side); it never migrates (the cache pool has), and it is closed when the run ends.
 * Errors come back with SQLite's code, so a damaged cache is reported as it is on the main side.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ObjectDef, ObjectRegistry } from '../../../shared/objects/registry';
import type { CachedObject, FlatRecord } from './objects';
import type { CacheDb } from './org-cache';
import { upsertRecords } from './records.repo';
import { finishIndexes } from './deferred-indexes';
import { updateSyncState, type SyncState } from './sync-state.repo';

export type SyncStatePatch = Partial<Omit<SyncState, 'object'>>;

export interface PageWriter {
  /** Upserts `rows` and applies `patch` in one transaction; resolves with the rows inserted or changed. */
  commit(object: CachedObject, rows: FlatRecord[], patch: SyncStatePatch): Promise<number>;
  /**
   * Builds the indexes a first load deferred (deferred-indexes.ts) after the commits sent so far:
   * on the worker's connection, so the main thread stays free while they are built.
   */
  finishIndexes(): Promise<void>;
  close(): Promise<void>;
}

/** Commits on `db` itself, synchronously (the incremental sync, tests, and where no worker is wanted). */
export function inlinePageWriter(db: CacheDb, registry: ObjectRegistry): PageWriter {
  return {
    async commit(object, rows, patch) {
      return db.transaction(() => {
        const changed = upsertRecords(db, object, rows, registry);
        updateSyncState(db, object, patch);
        return changed;
      })();
    },
    async finishIndexes() {
      finishIndexes(db);
    },
    async close() {},
  };
}

/** What the main thread sends the worker: one commit, or the deferred indexes to build. */
export type CommitMessage = { id: number; def: ObjectDef; rows: FlatRecord[]; patch: SyncStatePatch } | { id: number; finishIndexes: true };

/** What the worker answers. */
export type CommitAnswer = { id: number; changed: number } | { id: number; error: { message: string; code?: string } };

/**
 * The worker's script: the bundle's .js beside this module's output (the built app), or, when the
 * core runs from its TypeScript sources (browser mode, tests, benchmarks under tsx), a small module
 * that registers tsx in the worker and loads the .ts source (page-writer.worker.dev.mjs).
 */
function workerScript(): URL {
  const js = new URL('./page-writer.worker.js', import.meta.url);
  return existsSync(fileURLToPath(js)) ? js : new URL('./page-writer.worker.dev.mjs', import.meta.url);
}

/** Commits on a second connection to `db`'s file, in a worker thread started now. */
export function workerPageWriter(db: CacheDb, registry: ObjectRegistry): PageWriter {
  const worker = new Worker(workerScript(), { workerData: { file: db.name } });
  const waiting = new Map<number, { resolve: (n: number) => void; reject: (err: Error) => void }>();
  let nextId = 1;
  let failed: Error | null = null;
  /** The answer to the last message sent: the worker answers in order, so it settles last. */
  let last: Promise<unknown> = Promise.resolve();
  const failAll = (err: Error) => {
    failed ??= err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  worker.on('message', (answer: CommitAnswer) => {
    const w = waiting.get(answer.id);
    if (!w) return;
    waiting.delete(answer.id);
    if ('error' in answer) w.reject(Object.assign(new Error(answer.error.message), { code: answer.error.code }));
    else w.resolve(answer.changed);
  });
  worker.on('error', (err) => failAll(err));
  /** Sends one message; the worker answers each in order. */
  const send = (message: CommitMessage): Promise<number> => {
    if (failed) return Promise.reject(failed);
    const done = new Promise<number>((resolve, reject) => {
      waiting.set(message.id, { resolve, reject });
      worker.postMessage(message);
    });
    last = done.catch(() => undefined);
    return done;
  };
  worker.on('exit', (code) => failAll(new Error(`The cache writer stopped (exit code ${code}).`)));
  return {
    commit(object, rows, patch) {
      // The definition travels with each commit, so an extended registry reaches the worker too.
      return send({ id: nextId++, def: registry.get(object), rows, patch });
    },
    async finishIndexes() {
      await send({ id: nextId++, finishIndexes: true });
    },
    async close() {
      // Commits already sent finish first (a run that stops keeps what it read), then the thread ends.
      await last;
      await worker.terminate();
    },
  };
}
