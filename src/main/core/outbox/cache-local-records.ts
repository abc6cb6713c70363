/**
 * LocalRecords on the org cache (`src/main/core/cache`): local edits go through
 * applyLocalChange/markDeleted, confirmations through markSynced with the re-read server record.
 * The few writes J's repo has no function for (re-key without a server copy, revert, references
 * to a temporary id) are plain prepared statements on the same table.
 */
import { normalizeRecord, OBJECT_REGISTRY, type CachedObject, type FlatRecord, type ObjectRegistry } from '../cache/objects';
import { orgRegistryOf } from '../cache/org-registry';
import type { CacheDb } from '../cache/org-cache';
import { getCachedRecord } from '../cache/records.read';
import { applyLocalChange, markDeleted, markSynced } from '../cache/records.repo';
import { stageDerivedFields } from '../cache/reference.repo';
import { activityDerivedFields } from '../activities/derived-fields';
import type { LocalRecords } from './local-records';
import type { FieldValues } from './types';

function flat(values: FieldValues): FlatRecord {
  const out: FlatRecord = {};
  for (const [k, v] of Object.entries(values)) {
    out[k] = v === undefined ? null : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : JSON.stringify(v);
  }
  return out;
}

/**
 * `registry`: which objects the cache keeps and which fields are the server's (default: the shared
 * one). `now`: the clock a task completed offline is stamped with.
 */
export function createCacheLocalRecords(db: CacheDb, registry: ObjectRegistry = OBJECT_REGISTRY, now: () => Date = () => new Date()): LocalRecords {
  const cachedObject = (object: string): CachedObject => {
    if (!registry.has(object)) throw new Error(`${object} is not kept in the local cache`);
    return object;
  };
  const rekey = db.prepare(`UPDATE records SET id = ?, fields = json_set(fields, '$.Id', ?), local_state = 'synced' WHERE object = ? AND id = ?`);
  const revert = db.prepare(`UPDATE records SET local_state = 'synced' WHERE object = ? AND id = ?`);
  const forget = db.prepare(`DELETE FROM records WHERE object = ? AND id = ?`);
  // Ids are unique strings, so a quoted temporary id in a row's JSON can only be a reference to it.
  const references = db.prepare(`UPDATE records SET fields = replace(fields, ?, ?) WHERE instr(fields, ?) > 0`);

  return {
    get(object, id) {
      const row = getCachedRecord(db, cachedObject(object), id);
      if (!row || row.localState === 'deleted') return undefined;
      return { ...row.fields, SystemModstamp: row.fields.SystemModstamp ?? row.systemModstamp };
    },
    applyLocal(object, id, values, kind) {
      const o = cachedObject(object);
      const existing = getCachedRecord(db, o, id);
      const exists = existing !== undefined;
      if (kind === 'update' && !exists) return;
      const fields = flat(values);
      // A task or event written offline: its names, account and closed state as Salesforce will set them.
      if (o === 'Task' || o === 'Event')
        Object.assign(fields, activityDerivedFields(db, registry, { object: o, fields, existing: existing?.fields, now: now() }));
      // A stage changed offline: the row takes what Salesforce derives from the stage (the cockpit's
      // pipeline and board read IsClosed, IsWon and the forecast category); the queued change does not.
      if (o === 'Opportunity' && typeof fields.StageName === 'string') {
        const derived = stageDerivedFields(db, fields.StageName);
        if (derived) Object.assign(fields, { ...derived, ...('ForecastCategoryName' in fields ? { ForecastCategoryName: fields.ForecastCategoryName } : {}) });
      }
      applyLocalChange(db, { object: o, id, fields, kind: exists ? 'update' : 'create' }, registry);
    },
    remove(object, id) {
      markDeleted(db, cachedObject(object), id);
    },
    confirmed(object, id, server, tempId) {
      const o = cachedObject(object);
      if (server && server.SystemModstamp) {
        markSynced(db, o, id, normalizeRecord(registry.get(o), server), tempId, registry);
      } else if (tempId) {
        rekey.run(id, id, o, tempId);
      } else {
        revert.run(o, id);
      }
      if (tempId) references.run(`"${tempId}"`, `"${id}"`, `"${tempId}"`);
    },
    forget(object, id) {
      forget.run(cachedObject(object), id);
    },
    revert(object, id) {
      revert.run(cachedObject(object), id);
    },
    serverFields(object) {
      // What the org has: a read-back naming a field the org lacks (CurrencyIsoCode) would fail.
      return orgRegistryOf(db, registry)
        .get(cachedObject(object))
        .fields.map((f) => f.name);
    },
    titleField: (object) => (registry.has(object) ? registry.get(object).titleField : undefined),
  };
}
