/**
 * getUpdated / getDeleted conformance through jsforce (`sobject.updated/deleted`) and raw HTTP,
 * including Salesforce's window validation. The org clock is driven by the test.
 */
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, dataPath, rawRequest, startTestEmulator, type RunningEmulator } from './helpers';

let emu: RunningEmulator;
let conn: Connection;
let orgNow = new Date('2026-03-10T12:00:30.000Z');
const minutes = (n: number) => new Date(orgNow.getTime() + n * 60_000);

beforeAll(async () => {
  emu = await startTestEmulator({ scale: 2, now: () => new Date(orgNow.getTime()) });
  conn = await connect(emu);
});
afterAll(async () => {
  await emu?.close();
});

const window = (path: string, start: Date | string, end: Date | string) =>
  rawRequest(
    emu,
    'GET',
    dataPath(`${path}?start=${encodeURIComponent(typeof start === 'string' ? start : start.toISOString())}&end=${encodeURIComponent(typeof end === 'string' ? end : end.toISOString())}`),
    { token: conn.accessToken! },
  );

describe('getUpdated and getDeleted', () => {
  it('report rows changed and deleted in the window, in whole minutes', async () => {
    const t0 = orgNow.getTime(); // 12:00:30
    const at = (n: number) => new Date(t0 + n * 60_000);
    const { id: changed } = (await conn.sobject('Account').create({ Name: 'Replicated' })) as { id: string };
    const { id: removed } = (await conn.sobject('Account').create({ Name: 'Replicated Then Deleted' })) as { id: string };
    orgNow = at(2); // 12:02:30
    await conn.sobject('Account').destroy(removed);
    orgNow = at(5); // 12:05:30

    const updated = await conn.sobject('Account').updated(at(-1), at(1));
    expect(updated.ids).toContain(changed);
    // The window ends at the earlier of `end` and now, truncated to the minute: 12:01.
    expect(updated.latestDateCovered).toBe('2026-03-10T12:01:00.000+0000');

    const deleted = await conn.sobject('Account').deleted(at(-1), at(4));
    expect(deleted.deletedRecords).toEqual([{ id: removed, deletedDate: '2026-03-10T12:02:30.000+0000' }]);
    expect(deleted.earliestDateAvailable).toMatch(/:00\.000\+0000$/);
    expect(deleted.latestDateCovered).toBe('2026-03-10T12:04:00.000+0000');
    const before = await conn.sobject('Account').deleted(at(-1), at(1));
    expect(before.deletedRecords).toEqual([]);
    const afterDelete = await conn.sobject('Account').updated(at(-1), at(4));
    expect(afterDelete.ids).not.toContain(removed);

    const future = await window('/sobjects/Account/updated', at(-1), at(60));
    expect(future.status).toBe(200);
    expect(future.json().latestDateCovered).toBe('2026-03-10T12:05:00.000+0000');
  });

  it('validate the window as Salesforce does', async () => {
    const bad = async (start: Date | string, end: Date | string, code: string) => {
      const res = await window('/sobjects/Account/updated', start, end);
      expect(res.status, `${String(start)} → ${String(end)}`).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
      expect(res.json()[0].errorCode).toBe(code);
      return res.json()[0].message as string;
    };
    expect(await bad(minutes(5), minutes(1), 'INVALID_REPLICATION_DATE')).toBe(
      'startDate must chronologically precede endDate by more than one minute',
    );
    await bad(minutes(1), new Date(minutes(1).getTime() + 20_000), 'INVALID_REPLICATION_DATE');
    await bad(minutes(-31 * 24 * 60), minutes(-1), 'INVALID_REPLICATION_DATE');
    await bad('garbage', minutes(1), 'INVALID_REPLICATION_DATE');
    const missing = await rawRequest(emu, 'GET', dataPath('/sobjects/Account/deleted?start=2026-03-10T00:00:00Z'), {
      token: conn.accessToken!,
    });
    expect(missing.status).toBe(400);
    expect(missing.json()[0].errorCode).toBe('MISSING_ARGUMENT');
    const unknown = await window('/sobjects/Nope__c/updated', minutes(-5), minutes(1));
    expect(unknown.status).toBe(404);
  });
});
