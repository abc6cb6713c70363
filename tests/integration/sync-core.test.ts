/**
 * The local cache's sync against the emulator: full sync, incremental after server-side creates,
 * updates and deletes, one API call when nothing changed, scope, Bulk API 2.0, cancel and resume.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openOrgCache } from '../../src/main/core/cache/org-cache';
import { areIndexesDeferred } from '../../src/main/core/cache/deferred-indexes';
import { searchCache } from '../../src/main/core/search/search.read';
import { createHarness, type Harness } from './core-harness';
import { clock, differences, syncAndWait } from './sync-helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('sync of the local cache', () => {
  it('full sync equals the org; incremental after creates, updates and deletes equals it again; no change costs one call', async () => {
    const c = clock();
    h = await createHarness({ scale: 40, emulator: { now: c.now }, settings: { sync: { scope: 'all', intervalMinutes: 0 } } });
    const connectionId = await h.loginDemo();
    const full = await syncAndWait(h);
    expect(full.lastRun).toMatchObject({ outcome: 'ok' });
    expect(differences(h.emulator(), h.dataDir, connectionId, 'all')).toEqual([]);
    expect(full.objects.every((o) => o.state === 'incremental' && o.count > 0)).toBe(true);
    // The first load deferred the FTS index and rebuilt it once at the end: triggers back, index whole.
    const cache = openOrgCache(h.dataDir, connectionId);
    try {
      expect(areIndexesDeferred(cache)).toBe(false);
      expect(cache.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'records_fts_%'`).pluck().get()).toBe(3);
      cache.prepare(`INSERT INTO records_fts (records_fts, rank) VALUES ('integrity-check', 1)`).run();
      const someName = cache.prepare(`SELECT name FROM records WHERE object = 'Contact' LIMIT 1`).pluck().get() as string;
      expect(searchCache(cache, someName).length).toBeGreaterThan(0);
    } finally {
      cache.close();
    }

    const idle = await syncAndWait(h);
    expect(idle.lastRun).toMatchObject({ outcome: 'ok', apiCalls: 1 });

    // Server-side changes on every object.
    const { store, demoUserId } = h.emulator();
    const as = { userId: demoUserId };
    const pick = (object: string, n: number) =>
      (store.db.prepare(`SELECT "Id" FROM "${object}" WHERE "IsDeleted" = 0 ORDER BY "Id" LIMIT ?`).all(n) as Array<{ Id: string }>).map((r) => r.Id);
    const accountId = store.create('Account', { Name: 'Zephyr Sync Test' }, as);
    store.create('Contact', { LastName: 'Quill', FirstName: 'Ada', Email: 'ada.quill@example.com', AccountId: accountId }, as);
    store.create('Lead', { LastName: 'Newlead', Company: 'Leadco', Status: 'Open - Not Contacted' }, as);
    store.create('Campaign', { Name: 'Spring Sync Campaign' }, as);
    for (const object of ['Contact', 'Opportunity', 'Lead', 'Case', 'Campaign', 'Account']) {
      const [toUpdate, toDelete] = pick(object, 2);
      store.update(
        object,
        toUpdate,
        object === 'Case' ? { Subject: 'Changed subject' } : object === 'Contact' || object === 'Lead' ? { Title: 'Changed' } : { Description: 'Changed' },
        as,
      );
      store.delete(object, toDelete, as);
    }
    // Campaigns are checked through getUpdated/getDeleted, which cover whole minutes.
    c.skew += 2 * 60_000;

    const after = await syncAndWait(h);
    expect(after.lastRun).toMatchObject({ outcome: 'ok' });
    expect(differences(h.emulator(), h.dataDir, connectionId, 'all')).toEqual([]);

    const db = openOrgCache(h.dataDir, connectionId);
    try {
      const quiet = db.prepare(`PRAGMA integrity_check`).get() as { integrity_check: string };
      expect(quiet.integrity_check).toBe('ok');
      const hit = db.prepare(`SELECT object, id FROM records_fts f JOIN records r ON r.rid = f.rowid WHERE records_fts MATCH '"quill"*'`).all();
      expect(hit).toHaveLength(1);
    } finally {
      db.close();
    }
    const search = await h.call('search:query', { text: 'ada qui' });
    expect(search.hits.map((x) => x.title)).toContain('Ada Quill');

    const idleAgain = await syncAndWait(h);
    expect(idleAgain.lastRun).toMatchObject({ outcome: 'ok', apiCalls: 1 });
  });

  it('scope "mine" caches only the user\'s records (Campaigns: all); switching to "all" resyncs everything', async () => {
    h = await createHarness({ scale: 30, settings: { sync: { scope: 'mine', intervalMinutes: 0 } } });
    const connectionId = await h.loginDemo();
    await syncAndWait(h);
    expect(differences(h.emulator(), h.dataDir, connectionId, 'mine')).toEqual([]);
    const mine = (await h.call('sync:status')).objects.find((o) => o.object === 'Contact')?.count ?? 0;

    // A record given away leaves the cache at the next incremental sync.
    const { store, demoUserId } = h.emulator();
    const other = (store.db.prepare(`SELECT "Id" FROM "User" WHERE "Id" <> ? AND "IsActive" = 1 LIMIT 1`).get(demoUserId) as { Id: string }).Id;
    const given = (store.db.prepare(`SELECT "Id" FROM "Contact" WHERE "OwnerId" = ? AND "IsDeleted" = 0 LIMIT 1`).get(demoUserId) as { Id: string }).Id;
    store.update('Contact', given, { OwnerId: other }, { userId: demoUserId });
    await syncAndWait(h);
    expect(differences(h.emulator(), h.dataDir, connectionId, 'mine')).toEqual([]);

    await h.call('sync:settings-update', { scope: 'all' });
    await syncAndWait(h);
    expect(differences(h.emulator(), h.dataDir, connectionId, 'all')).toEqual([]);
    const all = (await h.call('sync:status')).objects.find((o) => o.object === 'Contact')?.count ?? 0;
    expect(all).toBeGreaterThan(mine);
  });

  it('uses Bulk API 2.0 above the threshold and still equals the org', async () => {
    h = await createHarness({ scale: 30, settings: { sync: { scope: 'all', intervalMinutes: 0, bulkThreshold: 20 } } });
    const connectionId = await h.loginDemo();
    const status = await syncAndWait(h);
    expect(status.lastRun).toMatchObject({ outcome: 'ok' });
    // Task and Event (registry objects since issue 11) have more than 20 rows at this scale too.
    expect(status.lastRun?.bulk.sort()).toEqual(['Account', 'Case', 'Contact', 'Event', 'Lead', 'Opportunity', 'Task']);
    expect(differences(h.emulator(), h.dataDir, connectionId, 'all')).toEqual([]);
    const idle = await syncAndWait(h);
    expect(idle.lastRun).toMatchObject({ outcome: 'ok', apiCalls: 1 });
  });

  it('a cancelled sync resumes where it stopped', async () => {
    h = await createHarness({ scale: 800, settings: { sync: { scope: 'all', intervalMinutes: 0 } } });
    const connectionId = await h.loginDemo();
    await h.call('sync:start', {});
    for (;;) {
      const s = await h.call('sync:status');
      if (s.progress && s.progress.done > 0) break;
      if (!s.running) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(await h.call('sync:cancel')).toEqual({ cancelled: true });
    let s = await h.call('sync:status');
    while (s.running) {
      await new Promise((r) => setTimeout(r, 10));
      s = await h.call('sync:status');
    }
    expect(s.lastRun?.outcome).toBe('cancelled');
    expect(differences(h.emulator(), h.dataDir, connectionId, 'all')).not.toEqual([]);
    const resumed = await syncAndWait(h);
    expect(resumed.lastRun).toMatchObject({ outcome: 'ok' });
    expect(differences(h.emulator(), h.dataDir, connectionId, 'all')).toEqual([]);
  });
});
