/**
 * The outbox's replay state machine against a scripted org (tests/unit/core/outbox-fake-org.ts),
 * on the real per-org cache database (J's records table + the outbox migration).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openOrgCache, type CacheDb } from '../../../src/main/core/cache/org-cache';
import { getCachedRecord } from '../../../src/main/core/cache/records.read';
import { upsertRecords } from '../../../src/main/core/cache/records.repo';
import { createCacheLocalRecords } from '../../../src/main/core/outbox/cache-local-records';
import { createOutboxService, type OutboxService } from '../../../src/main/core/outbox/outbox-service';
import { createOutboxStore } from '../../../src/main/core/outbox/outbox-store';
import { backoffDelay } from '../../../src/main/core/outbox/replayer';
import { FakeOrg } from './outbox-fake-org';

const CONN = 'conn-1';
const silent = { debug() {}, info() {}, warn() {}, error() {} };

let dir: string;
let db: CacheDb;
let org: FakeOrg;
let outbox: OutboxService;
let clock: number;

function makeService() {
  return createOutboxService({
    cacheFor: () => ({ db, local: createCacheLocalRecords(db) }),
    transportFor: () => org,
    log: silent,
    now: () => clock,
    random: () => 0.5,
    probeIntervalMs: 10,
    writeWaitMs: 2_000,
  });
}

/** A record the cache already holds, as a sync would have stored it. */
function cached(object: 'Contact' | 'Account', values: Record<string, string | null>) {
  const { id, stamp } = org.seed(object, values);
  upsertRecords(db, object, [{ ...values, Id: id, SystemModstamp: stamp, LastModifiedDate: stamp }]);
  return id;
}

const outboxRows = () => (db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state != 'done'`).get() as { n: number }).n;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outbox-unit-'));
  db = openOrgCache(dir, CONN);
  org = new FakeOrg();
  clock = Date.parse('2025-06-01T00:00:00Z');
  outbox = makeService();
});
afterEach(async () => {
  await outbox.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('enqueueing (X1)', () => {
  it('commits the local record and the outbox row together, or neither', () => {
    db.exec(`CREATE TEMP TRIGGER refuse BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const store = createOutboxStore(db, CONN, createCacheLocalRecords(db));
    expect(() => store.enqueueCreate('Contact', { LastName: 'Nobody' })).toThrow(/disk full/);
    expect((db.prepare(`SELECT COUNT(*) AS n FROM records`).get() as { n: number }).n).toBe(0);
    expect(outboxRows()).toBe(0);
  });

  it('asserts the durable pragmas on the shared database', () => {
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  });
});

describe('offline writes replay exactly once', () => {
  it('queues create, update and delete while the org is down, then replays each once in order', async () => {
    const toUpdate = cached('Contact', { LastName: 'Old', Email: 'old@example.com' });
    const toDelete = cached('Contact', { LastName: 'Doomed' });
    org.down = 'network';
    const created = await outbox.create(CONN, 'Contact', { LastName: 'Offline', Email: 'off@example.com' });
    expect(created.state).toBe('queued');
    expect(created.recordId).toMatch(/^local-[0-9a-f]{32}$/);
    expect(outbox.status(CONN).online).toBe(false);
    // Offline: no send attempts for the later writes.
    const callsWhileOffline = org.calls.length;
    const updated = await outbox.update(CONN, 'Contact', toUpdate, { Email: 'new@example.com' });
    const deleted = await outbox.remove(CONN, 'Contact', toDelete);
    expect([updated.state, deleted.state]).toEqual(['queued', 'queued']);
    expect(org.calls.length).toBe(callsWhileOffline);
    expect(getCachedRecord(db, 'Contact', toUpdate)?.fields.Email).toBe('new@example.com');
    expect(getCachedRecord(db, 'Contact', toDelete)?.localState).toBe('deleted');
    expect(outbox.status(CONN).pendingCount).toBe(3);

    org.down = null;
    await waitFor(() => outbox.status(CONN).pendingCount === 0 && outbox.status(CONN).online);
    expect(org.live('Contact').filter((r) => r.LastName === 'Offline')).toHaveLength(1);
    expect(org.records.get(toUpdate)?.values.Email).toBe('new@example.com');
    expect(org.records.get(toDelete)?.deleted).toBe(true);
    expect(org.calls.filter((c) => c === 'upsert')).toHaveLength(1);
    expect(org.calls.filter((c) => c === 'update')).toHaveLength(1);
    expect(org.calls.filter((c) => c === 'remove')).toHaveLength(1);
    // The temporary record now has its real Id in the cache, with the server's version.
    const realId = org.live('Contact').find((r) => r.LastName === 'Offline')!.Id as string;
    expect(getCachedRecord(db, 'Contact', created.recordId)).toBeUndefined();
    expect(getCachedRecord(db, 'Contact', realId)).toMatchObject({ localState: 'synced' });
    expect(getCachedRecord(db, 'Contact', toDelete)).toBeUndefined();
    expect(outbox.status(CONN).lastSyncAt).not.toBeNull();
  });

  it('a create whose answer was lost is upserted again by its client UUID: one record', async () => {
    org.script.push({ call: 'upsert', kind: 'network', afterCommit: true });
    const first = await outbox.create(CONN, 'Contact', { LastName: 'Lost Answer' });
    expect(first.state).toBe('queued');
    expect(org.live('Contact')).toHaveLength(1); // it did land
    await waitFor(() => outbox.status(CONN).pendingCount === 0);
    expect(org.live('Contact')).toHaveLength(1);
    expect(org.calls.filter((c) => c === 'upsert')).toHaveLength(2);
  });

  it('without an external-ID field, a retried create looks for its record first', async () => {
    org.externalIdObjects.delete('Contact');
    org.script.push({ call: 'create', kind: 'server', afterCommit: true });
    const res = await outbox.create(CONN, 'Contact', { LastName: 'No Ext Id', Email: 'x@example.com' });
    expect(res.state).toBe('queued');
    clock += 60_000; // past the backoff
    await outbox.drain(CONN);
    expect(org.live('Contact')).toHaveLength(1);
    expect(org.calls.filter((c) => c === 'findCreated')).toHaveLength(1);
    expect(org.calls.filter((c) => c === 'create')).toHaveLength(1);
    expect(outbox.status(CONN).pendingCount).toBe(0);
  });

  it('a retried create never takes a record another create made with the same values', async () => {
    org.externalIdObjects.delete('Contact');
    const first = await outbox.create(CONN, 'Contact', { LastName: 'Twice', Email: 'twice@example.com' });
    expect(first.state).toBe('saved');
    org.script.push({ call: 'create', kind: 'server' });
    const second = await outbox.create(CONN, 'Contact', { LastName: 'Twice', Email: 'twice@example.com' });
    expect(second.state).toBe('queued');
    clock += 60_000; // past the backoff
    await outbox.drain(CONN);
    // The duplicate check found the first one, which is the first change's own: a second record.
    expect(org.calls.filter((c) => c === 'findCreated')).toHaveLength(1);
    expect(org.live('Contact')).toHaveLength(2);
    expect(outbox.status(CONN).pendingCount).toBe(0);
  });

  it('a child created offline waits for its parent and is linked to its real Id (X5)', async () => {
    org.down = 'network';
    const account = await outbox.create(CONN, 'Account', { Name: 'Parent Co' });
    const contact = await outbox.create(CONN, 'Contact', { LastName: 'Child', AccountId: account.recordId });
    org.down = null;
    await outbox.drain(CONN);
    const parent = org.live('Account')[0];
    const child = org.live('Contact')[0];
    expect(child.AccountId).toBe(parent.Id);
    expect(getCachedRecord(db, 'Contact', contact.recordId)).toBeUndefined();
    expect(org.calls.filter((c) => c === 'upsert')).toHaveLength(2);
  });

  it('an update queued behind an unsent create folds into it; a delete of an unsent create cancels both', async () => {
    org.down = 'network';
    outbox.reportOffline(CONN); // known offline: nothing is attempted, so later edits can fold
    const a = await outbox.create(CONN, 'Contact', { LastName: 'Draft' });
    await outbox.update(CONN, 'Contact', a.recordId, { Title: 'CTO' });
    expect(outbox.status(CONN).pendingCount).toBe(1);
    expect(outbox.status(CONN).pending[0].mine).toEqual({ LastName: 'Draft', Title: 'CTO' });
    const b = await outbox.create(CONN, 'Contact', { LastName: 'Never' });
    const gone = await outbox.remove(CONN, 'Contact', b.recordId);
    expect(gone).toMatchObject({ state: 'saved' });
    expect(getCachedRecord(db, 'Contact', b.recordId)).toBeUndefined();
    org.down = null;
    await outbox.drain(CONN);
    expect(org.live('Contact').map((r) => [r.LastName, r.Title])).toEqual([['Draft', 'CTO']]);
  });

  it('two updates of one record in a row do not conflict with each other', async () => {
    const id = cached('Contact', { LastName: 'Twice', Title: 'A' });
    org.script.push({ call: 'update', kind: 'network' });
    await outbox.update(CONN, 'Contact', id, { Title: 'B' }); // send fails: stays queued, attempts=1
    await outbox.update(CONN, 'Contact', id, { Department: 'Sales' }); // cannot fold into a sent one
    org.down = null;
    await outbox.drain(CONN);
    expect(outbox.status(CONN)).toMatchObject({ pendingCount: 0, conflicts: [] });
    expect(org.records.get(id)?.values).toMatchObject({ Title: 'B', Department: 'Sales' });
  });
});

describe('conflicts (X3)', () => {
  async function conflictOn(id: string) {
    org.down = 'network';
    await outbox.update(CONN, 'Contact', id, { Title: 'Mine', Department: 'My Dept' });
    org.serverEdit(id, { Title: 'Theirs', Department: 'Their Dept' });
    org.down = null;
    await outbox.drain(CONN);
    const [conflict] = outbox.status(CONN).conflicts;
    expect(conflict).toMatchObject({
      recordId: id,
      mine: { Title: 'Mine', Department: 'My Dept' },
      theirs: { Title: 'Theirs', Department: 'Their Dept' },
      differingFields: ['Title', 'Department'],
    });
    // Nothing was overwritten on the server.
    expect(org.records.get(id)?.values.Title).toBe('Theirs');
    return conflict;
  }

  it('keep mine re-sends against the version the user compared with', async () => {
    const id = cached('Contact', { LastName: 'C1', Title: 'Base', Department: 'Base' });
    const conflict = await conflictOn(id);
    await outbox.resolveConflict(CONN, conflict.id, { resolution: 'mine' });
    expect(org.records.get(id)?.values).toMatchObject({ Title: 'Mine', Department: 'My Dept' });
    expect(outbox.status(CONN).conflicts).toHaveLength(0);
    expect(getCachedRecord(db, 'Contact', id)).toMatchObject({ localState: 'synced', fields: { Title: 'Mine' } });
  });

  it('take theirs drops the change and puts the server values in the cache', async () => {
    const id = cached('Contact', { LastName: 'C2', Title: 'Base', Department: 'Base' });
    const conflict = await conflictOn(id);
    const updatesBefore = org.calls.filter((c) => c === 'update').length;
    await outbox.resolveConflict(CONN, conflict.id, { resolution: 'theirs' });
    expect(org.calls.filter((c) => c === 'update').length).toBe(updatesBefore);
    expect(getCachedRecord(db, 'Contact', id)).toMatchObject({ localState: 'synced', fields: { Title: 'Theirs', Department: 'Their Dept' } });
    expect(outbox.status(CONN).pendingCount + outbox.status(CONN).conflicts.length).toBe(0);
  });

  it('merge keeps the fields the user picks from each side', async () => {
    const id = cached('Contact', { LastName: 'C3', Title: 'Base', Department: 'Base' });
    const conflict = await conflictOn(id);
    await outbox.resolveConflict(CONN, conflict.id, { resolution: 'merge', fields: { Title: 'mine', Department: 'theirs' } });
    expect(org.records.get(id)?.values).toMatchObject({ Title: 'Mine', Department: 'Their Dept' });
    expect(getCachedRecord(db, 'Contact', id)?.fields).toMatchObject({ Title: 'Mine', Department: 'Their Dept' });
  });

  it('a conflict resolved with "mine" is detected again if the server moved once more', async () => {
    const id = cached('Contact', { LastName: 'C4', Title: 'Base', Department: 'Base' });
    const conflict = await conflictOn(id);
    org.serverEdit(id, { Title: 'Theirs again' });
    await outbox.resolveConflict(CONN, conflict.id, { resolution: 'mine' });
    expect(outbox.status(CONN).conflicts[0]?.theirs.Title).toBe('Theirs again');
  });

  it('a 412 whose server values already equal mine is our own earlier attempt, not a conflict', async () => {
    const id = cached('Contact', { LastName: 'C5', Title: 'Base' });
    org.script.push({ call: 'update', kind: 'network', afterCommit: true });
    await outbox.update(CONN, 'Contact', id, { Title: 'Landed' });
    await outbox.drain(CONN);
    expect(outbox.status(CONN)).toMatchObject({ pendingCount: 0, conflicts: [], needsAttention: [] });
  });
});

describe('failures (X4, X6)', () => {
  it('a delete of a record already gone counts as done', async () => {
    const id = cached('Contact', { LastName: 'Gone' });
    org.records.get(id)!.deleted = true;
    const res = await outbox.remove(CONN, 'Contact', id);
    expect(res.state).toBe('saved');
  });

  it('a validation error lands in needs-attention with Salesforce’s message; the data is kept and can be fixed', async () => {
    const res = await outbox.create(CONN, 'Contact', { LastName: 'Bad', Email: 'not-an-email' });
    expect(res).toMatchObject({ state: 'needs-attention', error: { code: 'INVALID_EMAIL_ADDRESS', fields: ['Email'] } });
    const [item] = outbox.status(CONN).needsAttention;
    expect(item).toMatchObject({ mine: { LastName: 'Bad', Email: 'not-an-email' }, error: { message: expect.stringContaining('invalid email') } });
    expect(getCachedRecord(db, 'Contact', res.recordId)?.fields.Email).toBe('not-an-email');
    await outbox.retry(CONN, item.id, { Email: 'good@example.com' });
    expect(org.live('Contact').map((r) => r.Email)).toEqual(['good@example.com']);
  });

  it('discard hands the user’s data back', async () => {
    const res = await outbox.create(CONN, 'Contact', { LastName: 'Bad', Email: 'nope' });
    const { discarded } = await outbox.discard(CONN, res.outboxId!);
    expect(discarded).toEqual([expect.objectContaining({ op: 'create', mine: { LastName: 'Bad', Email: 'nope' } })]);
    expect(getCachedRecord(db, 'Contact', res.recordId)).toBeUndefined();
    expect(outboxRows()).toBe(0);
  });

  it('an auth error pauses the queue until resumed', async () => {
    const id = cached('Contact', { LastName: 'Auth' });
    org.down = 'auth';
    const res = await outbox.update(CONN, 'Contact', id, { Title: 'X' });
    expect(res.state).toBe('queued');
    expect(outbox.status(CONN).paused).toMatchObject({ code: 'AUTH' });
    org.down = null;
    const before = org.calls.length;
    await outbox.drain(CONN);
    expect(org.calls.length).toBe(before); // paused: nothing sent
    outbox.resumeAll();
    await waitFor(() => outbox.status(CONN).pendingCount === 0);
    expect(outbox.status(CONN).paused).toBeNull();
  });

  it('5xx and REQUEST_LIMIT_EXCEEDED back off with jitter, then succeed', async () => {
    org.script.push({ call: 'upsert', kind: 'server' }, { call: 'upsert', kind: 'limit' });
    await outbox.create(CONN, 'Contact', { LastName: 'Busy' });
    const s1 = outbox.status(CONN);
    expect(s1.pendingCount).toBe(1);
    // attempts=1, server policy 2s base, random 0.5 → 1.5 s
    expect(Date.parse(s1.nextRetryAt!) - clock).toBe(1_500);
    clock += 1_500;
    await outbox.drain(CONN);
    // attempts=2, limit policy 60 s base → 120 s capped… half + half*0.5
    expect(Date.parse(outbox.status(CONN).nextRetryAt!) - clock).toBe(90_000);
    await outbox.drain(CONN);
    expect(outbox.status(CONN).pendingCount).toBe(1); // still waiting
    clock += 90_000;
    await outbox.drain(CONN);
    expect(outbox.status(CONN).pendingCount).toBe(0);
    expect(org.live('Contact')).toHaveLength(1);
  });

  it('backoff delays stay between half and all of the capped exponential', () => {
    for (let attempts = 1; attempts < 20; attempts++) {
      const cap = Math.min(300_000, 2_000 * 2 ** (attempts - 1));
      expect(backoffDelay(attempts, 2_000, 300_000, () => 0)).toBe(cap / 2);
      expect(backoffDelay(attempts, 2_000, 300_000, () => 0.999999)).toBeLessThanOrEqual(cap);
    }
  });
});

describe('one drainer (X7)', () => {
  it('concurrent drains send each change once', async () => {
    org.down = 'network';
    for (let i = 0; i < 5; i++) await outbox.create(CONN, 'Contact', { LastName: `P${i}` });
    org.down = null;
    await Promise.all([outbox.drain(CONN), outbox.drain(CONN), outbox.drain(CONN)]);
    expect(org.calls.filter((c) => c === 'upsert').length).toBe(5);
    expect(org.live('Contact')).toHaveLength(5);
  });

  it('entries left "sending" by a crash are sent again on restart', async () => {
    const store = createOutboxStore(db, CONN, createCacheLocalRecords(db));
    const { entry } = store.enqueueCreate('Contact', { LastName: 'Crashed' });
    store.markSending(entry.id);
    await outbox.close();
    outbox = makeService();
    await outbox.drain(CONN);
    expect(org.live('Contact')).toHaveLength(1);
    expect(outbox.status(CONN).pendingCount).toBe(0);
  });
});

async function waitFor(check: () => boolean, timeoutMs = 3_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}
