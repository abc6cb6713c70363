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
    dataPath(
      `${path}?start=${encodeURIComponent(typeof start === 'string' ? start : start.toISOString())}&end=${encodeURIComponent(typeof end === 'string' ? end : end.toISOString())}`,
    ),
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
    expect(await bad(minutes(5), minutes(1), 'INVALID_REPLICATION_DATE')).toBe('startDate must chronologically precede endDate by more than one minute');
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

  it('a purged recycle bin drops rows from queryAll and the delete log, and moves earliestDateAvailable', async () => {
    const t0 = orgNow.getTime();
    const at = (n: number) => new Date(t0 + n * 60_000);
    const create = async (Name: string) => ((await conn.sobject('Account').create({ Name })) as { id: string }).id;
    const kept = await create('Stays In The Bin');
    const emptied = await create('Emptied From The Bin');
    const aged = await create('Aged Out Of The Bin');
    await conn.sobject('Account').destroy(aged);
    orgNow = at(16 * 24 * 60); // 16 days later
    await conn.sobject('Account').destroy(kept);
    await conn.sobject('Account').destroy(emptied);
    const deletedAt = formatDeleted(orgNow);
    orgNow = at(16 * 24 * 60 + 3);

    const admin = (body: unknown, headers: Record<string, string> = {}) => rawRequest(emu, 'POST', '/__emulator/recycle-bin/purge', { body, headers });
    // Salesforce's 15-day retention: only the row deleted 16 days ago goes.
    const ageOut = await admin({ olderThanDays: 15 });
    expect(ageOut.status).toBe(200);
    const agedOut = (ageOut.json().purged as Array<{ id: string }>).map((p) => p.id);
    expect(agedOut).toContain(aged); // (with the row the first test deleted, also long ago)
    expect(agedOut).not.toContain(kept);
    expect(agedOut).not.toContain(emptied);
    const before = await conn.sobject('Account').deleted(at(16 * 24 * 60 - 1), at(16 * 24 * 60 + 2));
    // The aged-out row was deleted before this window: the window is still complete.
    expect(Date.parse(before.earliestDateAvailable)).toBeLessThanOrEqual(at(16 * 24 * 60 - 1).getTime());

    // emptyRecycleBin of one row.
    const empty = await admin({ ids: [emptied] });
    expect(empty.json().purged).toEqual([{ object: 'Account', id: emptied }]);
    const all = await conn.query<{ Id: string; IsDeleted: boolean }>(`SELECT Id, IsDeleted FROM Account WHERE Id IN ('${kept}', '${emptied}', '${aged}')`, {
      scanAll: true,
    });
    expect(all.records.map((r) => [r.Id, r.IsDeleted])).toEqual([[kept, true]]);
    const log = await conn.sobject('Account').deleted(at(16 * 24 * 60 - 1), at(16 * 24 * 60 + 2));
    expect(log.deletedRecords).toEqual([{ id: kept, deletedDate: deletedAt }]);
    // The delete log is complete only after the purged row's deletion (rounded up to the minute).
    expect(log.earliestDateAvailable).toBe(formatDeleted(new Date(Math.floor(Date.parse(deletedAt.replace('+0000', 'Z')) / 60_000) * 60_000 + 60_000)));
    expect(Date.parse(log.earliestDateAvailable)).toBeGreaterThan(at(16 * 24 * 60 - 1).getTime());
    // Purged rows cannot come back; rows still in the bin can.
    await expect(conn.sobject('Account').retrieve(emptied)).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
    expect(emu.store.lastPurgedDeletedDate('Account')).toBe(deletedAt);

    // Bad requests are refused without effect.
    expect((await admin({ ids: 'nope' })).status).toBe(400);
    expect((await admin({ olderThanDays: -1 })).status).toBe(400);
    expect((await admin({ everything: true })).status).toBe(400);
    expect((await admin('{}', { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await rawRequest(emu, 'GET', '/__emulator/recycle-bin/purge')).status).toBe(405);
    // `{}` empties the whole bin.
    expect((await admin({})).json().purged).toEqual([{ object: 'Account', id: kept }]);
  });
});

function formatDeleted(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}
