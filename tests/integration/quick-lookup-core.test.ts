/**
 * `search:lookup` through the gate, against a cache the app synced from the emulator: no request
 * reaches the org while looking up (the meter and the emulator both say so), it still answers while
 * the org does not, it sees rows the first load's page writer committed and a record created
 * offline, and its totals are every cached match.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiMeter, type ApiMeter } from '../../src/main/core/salesforce/api-meter';
import { openOrgCache } from '../../src/main/core/cache/org-cache';
import { ftsPrefixQuery } from '../../src/main/core/cache/records.read';
import { OBJECT_REGISTRY } from '../../src/main/core/cache/objects';
import { createHarness, type Harness } from './core-harness';
import { syncAndWait } from './sync-helpers';

describe('search:lookup over the synced cache', () => {
  let h: Harness;
  let meter: ApiMeter;
  let connectionId: string;

  beforeAll(async () => {
    meter = createApiMeter();
    h = await createHarness({ scale: 30, settings: { sync: { scope: 'all', intervalMinutes: 0 } }, core: { meter } });
    connectionId = await h.loginDemo();
  });
  afterAll(() => h.close());

  it('answers from the cache: nothing before the first sync, every match after it, no request to the org', async () => {
    // Before the first load: the map of rows is built over an empty cache …
    expect(await h.call('search:lookup', { text: 'a' })).toEqual({ groups: [] });
    await syncAndWait(h);
    const { store } = h.emulator();
    const account = store.db.prepare(`SELECT "Id", "Name" FROM "Account" WHERE "IsDeleted" = 0 LIMIT 1`).get() as { Id: string; Name: string };
    const word = account.Name.split(/\s+/)[0];

    const sent = meter.totals().total;
    const received = h.emulator().requestsReceived();
    // … and the rows the page writer (another connection) committed are seen afterwards.
    const { groups } = await h.call('search:lookup', { text: word, perObject: 3 });
    expect(meter.totals().total).toBe(sent);
    expect(h.emulator().requestsReceived()).toBe(received);

    const cache = openOrgCache(h.dataDir, connectionId);
    try {
      const expected = cache
        .prepare(
          `SELECT r.object, count(*) AS n FROM records_fts f JOIN records r ON r.rid = f.rowid
            WHERE records_fts MATCH ? AND r.local_state <> 'deleted' GROUP BY r.object`,
        )
        .all(ftsPrefixQuery(word)) as Array<{ object: string; n: number }>;
      const inRegistryOrder = expected.sort((a, b) => OBJECT_REGISTRY.names.indexOf(a.object as never) - OBJECT_REGISTRY.names.indexOf(b.object as never));
      expect(groups.map((g) => [g.object, g.total])).toEqual(inRegistryOrder.map((r) => [r.object, r.n]));
    } finally {
      cache.close();
    }
    const accounts = groups.find((g) => g.object === 'Account');
    expect(accounts?.records.map((r) => r.id)).toContain(account.Id);
    expect(groups.every((g) => g.records.length === Math.min(3, g.total))).toBe(true);
  });

  it('works while the org does not answer, and finds a record created offline', async () => {
    h.emulator().faults.set({ resetRate: 1 });
    try {
      const created = await h.call('records:create', { object: 'Account', values: { Name: 'Offlinelookup Holdings', Phone: '555-0199' } });
      expect(created.state).toBe('queued');
      const { groups } = await h.call('search:lookup', { text: 'offlinelook' });
      expect(groups).toEqual([
        {
          object: 'Account',
          total: 1,
          records: [expect.objectContaining({ id: created.recordId, title: 'Offlinelookup Holdings', phone: '555-0199' })],
        },
      ]);
    } finally {
      h.emulator().faults.set({ resetRate: 0 });
    }
  });

  it('refuses text longer than the search box allows', async () => {
    expect(await h.raw('search:lookup', { text: 'x'.repeat(101) })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
