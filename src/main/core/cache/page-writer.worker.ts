/**
 * The worker thread of page-writer.ts: one connection to an org cache, committing what the main
 * thread sends, in order, one transaction each (rows and their sync-state patch together).
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { createObjectRegistry, type ObjectDef, type ObjectRegistry } from '../../../shared/objects/registry';
import type { CachedObject } from './objects';
import type { CommitAnswer, CommitMessage } from './page-writer';
import { finishIndexes } from './deferred-indexes';
import { upsertRecords } from './records.repo';
import { updateSyncState } from './sync-state.repo';

const db = new Database((workerData as { file: string }).file);
// The main connection's settings (storage/database.ts): durable commits, and a wait rather than an
// error when the main thread holds the write lock for a moment.
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');

const registries = new Map<string, { def: ObjectDef; registry: ObjectRegistry }>();
function registryFor(def: ObjectDef): ObjectRegistry {
  const known = registries.get(def.name);
  if (known && JSON.stringify(known.def) === JSON.stringify(def)) return known.registry;
  const registry = createObjectRegistry([def]);
  registries.set(def.name, { def, registry });
  return registry;
}

parentPort?.on('message', (message: CommitMessage) => {
  let answer: CommitAnswer;
  try {
    if ('finishIndexes' in message) {
      finishIndexes(db);
      answer = { id: message.id, changed: 0 };
    } else {
      const registry = registryFor(message.def);
      const object = message.def.name as CachedObject;
      let changed = 0;
      db.transaction(() => {
        changed = upsertRecords(db, object, message.rows, registry);
        updateSyncState(db, object, message.patch);
      })();
      answer = { id: message.id, changed };
    }
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    answer = { id: message.id, error: { message: err instanceof Error ? err.message : String(err), code: typeof code === 'string' ? code : undefined } };
  }
  parentPort?.postMessage(answer);
});
