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
import { applyConnectionSettings } from '../storage/database';

const db = new Database((workerData as { file: string }).file);
applyConnectionSettings(db);

// A worker lives for one sync run, whose registry does not change: one registry per object sent.
const registries = new Map<string, ObjectRegistry>();
function registryFor(def: ObjectDef): ObjectRegistry {
  let registry = registries.get(def.name);
  if (!registry) registries.set(def.name, (registry = createObjectRegistry([def])));
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
