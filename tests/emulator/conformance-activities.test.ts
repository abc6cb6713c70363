/**
 * Tasks and events as an activities screen uses them, over HTTP with jsforce and raw REST calls:
 * the TaskStatus picklist-value object, Task.IsClosed following the closed statuses.
 */
import { describe, expect, it } from 'vitest';
import { CLOSED_TASK_STATUSES, TASK_STATUSES } from '../../src/emulator/org/schema';
import { dataPath, rawRequest, useEmulatorSession, type EmulatorSession } from './helpers';

/** A Friday; every request moves the org clock on, so writes are ordered. */
const BASE = Date.parse('2026-05-15T16:00:00.000Z');
function advancingClock(): () => Date {
  let ms = BASE;
  return () => new Date((ms += 7));
}

let session: EmulatorSession;
useEmulatorSession((s) => (session = s), { now: advancingClock() });

type Row = Record<string, any>;
async function all(soql: string): Promise<Row[]> {
  return (await session.conn.query<Row>(soql, { autoFetch: true, maxFetch: 1_000_000 })).records;
}

describe('TaskStatus', () => {
  it('lists the Task Status values in order, Completed closed and Not Started the default', async () => {
    const statuses = await all(
      'SELECT Id, MasterLabel, ApiName, SortOrder, IsClosed, IsDefault, CreatedDate, SystemModstamp FROM TaskStatus ORDER BY SortOrder',
    );
    expect(statuses.map((s) => [s.ApiName, s.MasterLabel, s.SortOrder])).toEqual(TASK_STATUSES.map((v, i) => [v, v, i + 1]));
    expect(statuses.filter((s) => s.IsClosed).map((s) => s.ApiName)).toEqual(['Completed']);
    expect(statuses.filter((s) => s.IsDefault).map((s) => s.ApiName)).toEqual(['Not Started']);
    expect(statuses.every((s) => s.Id.startsWith('01J') && s.CreatedDate && s.SystemModstamp)).toBe(true);
    // The 01J Ids are unique across the picklist-value objects that share the prefix.
    const others = await all('SELECT Id FROM LeadStatus');
    const stages = await all('SELECT Id FROM OpportunityStage');
    const ids = [...statuses, ...others, ...stages].map((r) => r.Id);
    expect(new Set(ids).size).toBe(ids.length);
    const closed = await all('SELECT ApiName FROM TaskStatus WHERE IsClosed = true');
    expect(closed.map((s) => s.ApiName)).toEqual(CLOSED_TASK_STATUSES);
  });

  it('is read-only and retrievable by Id', async () => {
    const [row] = await all("SELECT Id, MasterLabel FROM TaskStatus WHERE ApiName = 'In Progress'");
    const retrieved = (await session.conn.sobject('TaskStatus').retrieve(row.Id)) as Row;
    expect(retrieved.MasterLabel).toBe('In Progress');
    const describe = await session.conn.sobject('TaskStatus').describe();
    expect(describe).toMatchObject({ keyPrefix: '01J', createable: false, updateable: false, deletable: false });
    expect(describe.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['Id', 'MasterLabel', 'ApiName', 'SortOrder', 'IsClosed', 'IsDefault', 'CreatedDate', 'SystemModstamp']),
    );
    const post = await rawRequest(session.emu, 'POST', dataPath('/sobjects/TaskStatus'), { token: session.token, body: { MasterLabel: 'Blocked' } });
    expect(post.status).toBe(405);
  });

  it("gives each task the IsClosed of its status's TaskStatus row", async () => {
    const statuses = await all('SELECT ApiName, IsClosed FROM TaskStatus');
    for (const status of statuses) {
      const created = await session.conn.sobject('Task').create({ Subject: `Status ${status.ApiName}`, Status: status.ApiName });
      const task = (await session.conn.sobject('Task').retrieve((created as { id: string }).id)) as Row;
      expect([status.ApiName, task.IsClosed]).toEqual([status.ApiName, status.IsClosed]);
    }
  });
});
