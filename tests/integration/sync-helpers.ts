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

/**
 * The org's rows of an activity object that scope "mine" keeps: the user's own, and those owned by
 * others whose AccountId, WhatId or WhoId points at a record the user owns (the registry's
 * relatedScope), Id → canonical SystemModstamp.
 */
export function orgActivityStamps(emulator: RunningEmulator, object: 'Task' | 'Event', ownerId: string): Map<string, string> {
  const mine = (parent: string) => `(SELECT "Id" FROM "${parent}" WHERE "OwnerId" = @me AND "IsDeleted" = 0)`;
  const rows = emulator.store.db
    .prepare(
      `SELECT "Id", "SystemModstamp" FROM "${object}" WHERE "IsDeleted" = 0 AND ("OwnerId" = @me
         OR "AccountId" IN ${mine('Account')} OR "WhatId" IN ${mine('Opportunity')} OR "WhatId" IN ${mine('Case')}
         OR "WhoId" IN ${mine('Contact')} OR "WhoId" IN ${mine('Lead')})`,
    )
    .all({ me: ownerId }) as Array<{ Id: string; SystemModstamp: string }>;
  return new Map(rows.map((r) => [r.Id, canonicalDatetime(r.SystemModstamp)]));
}

/** The org's rows the cache should hold in `scope`. */
export function expectedStamps(emulator: RunningEmulator, object: CachedObject, scope: 'mine' | 'all'): Map<string, string> {
  if (scope === 'all' || object === 'Campaign') return orgStamps(emulator, object);
  if (object === 'Task' || object === 'Event') return orgActivityStamps(emulator, object, emulator.demoUserId);
  return orgStamps(emulator, object, emulator.demoUserId);
}

/** Objects whose cache differs from the org (ids or versions), with a short reason. */
export function differences(emulator: RunningEmulator, dataDir: string, connectionId: string, scope: 'mine' | 'all'): string[] {
  const out: string[] = [];
  for (const object of CACHED_OBJECTS) {
    const expected = expectedStamps(emulator, object, scope);
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
