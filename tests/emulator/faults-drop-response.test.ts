/**
 * The dropped-response fault: the emulator processes the request (a write commits), then hangs up
 * without answering — what a client sees when the network fails after the server acted.
 */
import { describe, expect, it } from 'vitest';
import { TEST_API_VERSION, useEmulatorSession, type EmulatorSession } from './helpers';

let s: EmulatorSession;
useEmulatorSession((session) => (s = session));

const api = (path: string) => `${s.emu.url}/services/data/v${TEST_API_VERSION}${path}`;
const countByExtId = (value: string) =>
  (s.emu.store.db.prepare(`SELECT COUNT(*) AS n FROM "Contact" WHERE "External_Id__c" = ? AND "IsDeleted" = 0`).get(value) as { n: number }).n;

function upsert(extId: string, lastName: string) {
  return fetch(api(`/sobjects/Contact/External_Id__c/${extId}`), {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ LastName: lastName }),
  });
}

describe('dropNextResponses', () => {
  it('commits the write, then destroys the connection without an answer', async () => {
    s.emu.faults.dropNextResponses(1, { method: 'PATCH', pathPattern: /\/sobjects\/Contact\/External_Id__c\// });
    const before = s.emu.faults.droppedResponses();
    await expect(upsert('drop-test-1', 'Dropped')).rejects.toThrow();
    expect(s.emu.faults.droppedResponses()).toBe(before + 1);
    expect(countByExtId('drop-test-1')).toBe(1);
    // One-shot: the retry is answered, and the upsert finds the record the lost attempt made.
    const retry = await upsert('drop-test-1', 'Dropped');
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ created: false });
    expect(countByExtId('drop-test-1')).toBe(1);
  });

  it('leaves requests the filter does not match alone, and counts down per match', async () => {
    s.emu.faults.dropNextResponses(2, { method: 'PATCH' });
    const get = await fetch(api('/limits'), { headers: { Authorization: `Bearer ${s.token}` } });
    expect(get.status).toBe(200);
    await expect(upsert('drop-test-2', 'A')).rejects.toThrow();
    await expect(upsert('drop-test-2', 'B')).rejects.toThrow();
    const third = await upsert('drop-test-2', 'C');
    expect(third.status).toBe(200);
    expect(countByExtId('drop-test-2')).toBe(1);
  });

  it('reset() disarms pending drops, and bad counts are refused', async () => {
    s.emu.faults.dropNextResponses(3);
    s.emu.faults.reset();
    expect((await upsert('drop-test-3', 'Fine')).status).toBe(201);
    expect(() => s.emu.faults.dropNextResponses(0)).toThrow(RangeError);
  });
});
