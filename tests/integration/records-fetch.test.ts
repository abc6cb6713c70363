/**
 * `records:fetch` against the emulator: a record that is not in the local copy (scope "mine", a
 * colleague's opportunity) is read from the org through the metered path (feature 'records') into
 * the cache and answered as `records:get` would; an Id Salesforce does not have is NOT_FOUND in
 * words; an unreachable org is NETWORK (and nothing is cached); an Id that is not one never reaches
 * the org.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiMeter } from '../../src/main/core/salesforce/api-meter';
import type { ApiCallRecord } from '../../src/main/core/usage/types';
import { idSuffix } from '../../src/shared/record-id';
import { createHarness, type Harness } from './core-harness';
import { syncAndWait } from './sync-helpers';

let h: Harness;
const seen: ApiCallRecord[] = [];
const emu = () => h.emulator();
const one = <T>(sql: string, ...params: unknown[]) =>
  emu()
    .store.db.prepare(sql)
    .get(...params) as T;

beforeAll(async () => {
  const meter = createApiMeter();
  meter.subscribe((call) => seen.push(call));
  h = await createHarness({ scale: 10, settings: { sync: { scope: 'mine', intervalMinutes: 0 } }, core: { meter, outbox: { probeIntervalMs: 50 } } });
  await h.loginDemo();
  expect((await syncAndWait(h)).lastRun).toMatchObject({ outcome: 'ok' });
});
afterAll(async () => {
  await h?.close();
});

describe('records:fetch', () => {
  it("reads a record outside the local copy from the org into the cache, metered as 'records'", async () => {
    const opp = one<{ Id: string; Name: string; Amount: number | null; StageName: string }>(
      `SELECT "Id", "Name", "Amount", "StageName" FROM "Opportunity" WHERE "OwnerId" <> ? AND "IsDeleted" = 0 ORDER BY "Id" LIMIT 1`,
      emu().demoUserId,
    );
    expect(opp, 'the demo org has opportunities of other owners').toBeTruthy();
    // Scope "mine": the colleague's deal is not cached, so the page would be a dead end.
    await expect(h.call('records:get', { object: 'Opportunity', id: opp.Id })).rejects.toMatchObject({ appError: { code: 'NOT_FOUND' } });

    const before = seen.length;
    // The 15-character form is accepted and comes back as the org's 18-character Id.
    const detail = await h.call('records:fetch', { object: 'Opportunity', id: opp.Id.slice(0, 15) });
    expect(detail).toMatchObject({ object: 'Opportunity', id: opp.Id, localState: 'synced' });
    expect(detail.record).toMatchObject({ Name: opp.Name, Amount: opp.Amount, StageName: opp.StageName });
    const calls = seen.slice(before);
    expect(calls.length).toBe(1);
    expect(calls[0]).toMatchObject({ feature: 'records', status: 200 });

    // Now it is in the local copy: records:get answers without the org.
    emu().faults.set({ resetRate: 1, failureRate: 0 });
    try {
      expect((await h.call('records:get', { object: 'Opportunity', id: opp.Id })).record.Name).toBe(opp.Name);
    } finally {
      emu().faults.set({ resetRate: 0, failureRate: 0 });
    }
  });

  it('an Id the org does not have is NOT_FOUND, in words', async () => {
    const body = '006000000ZZZZZZ';
    const missing = body + idSuffix(body);
    await expect(h.call('records:fetch', { object: 'Opportunity', id: missing })).rejects.toMatchObject({
      appError: { code: 'NOT_FOUND', message: expect.stringMatching(/deleted, or not shared with you/) },
    });
  });

  it('offline: NETWORK with a sentence, and nothing is cached', async () => {
    const acc = one<{ Id: string }>(`SELECT "Id" FROM "Account" WHERE "OwnerId" <> ? AND "IsDeleted" = 0 ORDER BY "Id" LIMIT 1`, emu().demoUserId);
    emu().faults.set({ resetRate: 1, failureRate: 0 });
    try {
      await expect(h.call('records:fetch', { object: 'Account', id: acc.Id })).rejects.toMatchObject({
        appError: { code: 'NETWORK', message: expect.stringMatching(/could not be reached/) },
      });
    } finally {
      emu().faults.set({ resetRate: 0, failureRate: 0 });
    }
    await expect(h.call('records:get', { object: 'Account', id: acc.Id })).rejects.toMatchObject({ appError: { code: 'NOT_FOUND' } });
  });

  it('refuses what is not a Salesforce Id before any call (a local Id, a bad suffix, SOQL)', async () => {
    const before = seen.length;
    for (const id of ['local-0123456789abcdef0123456789abcdef', '006000000ZZZZZZAAA', "006' OR Id != '"]) {
      const r = await h.raw('records:fetch', { object: 'Opportunity', id });
      expect(r, id).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(seen.length).toBe(before);
  });
});
