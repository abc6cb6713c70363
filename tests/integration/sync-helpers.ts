/** Helpers of the sync integration tests: run a sync through the gate, compare the cache with the org. */
import type { RunningEmulator } from '../../src/emulator';
import { canonicalDatetime, CACHED_OBJECTS, type CachedObject } from '../../src/main/core/cache/objects';
import { openOrgCache } from '../../src/main/core/cache/org-cache';
import type { Harness } from './core-harness';

export async function syncAndWait(h: Harness, options: { full?: boolean } = {}) {
  await h.call('sync:start', options);
  for (;;) {
    const status = await h.call('sync:status');
    if (!status.running) return status;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The org's live rows of an object (optionally only the demo user's), Id → canonical SystemModstamp. */
export function orgStamps(emulator: RunningEmulator, object: CachedObject, ownerId?: string): Map<string, string> {
  const rows = emulator.store.db
    .prepare(`SELECT "Id", "SystemModstamp" FROM "${object}" WHERE "IsDeleted" = 0 ${ownerId ? 'AND "OwnerId" = ?' : ''}`)
    .all(...(ownerId ? [ownerId] : [])) as Array<{ Id: string; SystemModstamp: string }>;
  return new Map(rows.map((r) => [r.Id, canonicalDatetime(r.SystemModstamp)]));
}

export function cacheStamps(dataDir: string, connectionId: string, object: CachedObject): Map<string, string> {
  const db = openOrgCache(dataDir, connectionId);
  try {
    const rows = db.prepare(`SELECT id, system_modstamp FROM records WHERE object = ?`).all(object) as Array<{ id: string; system_modstamp: string }>;
    return new Map(rows.map((r) => [r.id, r.system_modstamp]));
  } finally {
    db.close();
  }
}

/** Objects whose cache differs from the org (ids or versions), with a short reason. */
export function differences(emulator: RunningEmulator, dataDir: string, connectionId: string, scope: 'mine' | 'all'): string[] {
  const out: string[] = [];
  for (const object of CACHED_OBJECTS) {
    const expected = orgStamps(emulator, object, scope === 'mine' && object !== 'Campaign' ? emulator.demoUserId : undefined);
    const actual = cacheStamps(dataDir, connectionId, object);
    const missing = [...expected.keys()].filter((id) => !actual.has(id));
    const extra = [...actual.keys()].filter((id) => !expected.has(id));
    const stale = [...expected].filter(([id, stamp]) => actual.has(id) && actual.get(id) !== stamp).map(([id]) => id);
    if (missing.length || extra.length || stale.length) {
      out.push(`${object}: ${missing.length} missing, ${extra.length} extra, ${stale.length} stale (of ${expected.size})`);
    }
  }
  return out;
}

/**
 * A clock for the emulator that runs `skew` ms ahead of the wall clock: moving it on lets a test
 * see what only shows later (Campaign changes once their minute has ended, a day's reconciliation).
 */
export function clock() {
  const c = { skew: 0, now: () => new Date(Date.now() + c.skew) };
  return c;
}
