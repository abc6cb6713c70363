/**
 * The offline outbox through the core's gate, jsforce and the emulator: offline writes replay once
 * when the org is back, a create whose answer is lost does not duplicate, concurrent edits become
 * conflicts with both versions kept, validation errors wait for the user, auth errors pause.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './core-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ scale: 5, core: { outbox: { probeIntervalMs: 50, writeWaitMs: 5_000 } } });
  await h.loginDemo();
});
afterAll(() => h.close());

const emu = () => h.emulator();
const row = (sql: string, ...params: unknown[]) =>
  emu()
    .store.db.prepare(sql)
    .get(...params) as Record<string, unknown> | undefined;
const count = (sql: string, ...params: unknown[]) => (row(sql, ...params) as { n: number }).n;
const goOffline = () => emu().faults.set({ resetRate: 1, failureRate: 0 });
const goOnline = () => emu().faults.set({ resetRate: 0, failureRate: 0 });

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
const drained = async () => (await h.call('outbox:status')).pendingCount === 0;

/** Up to 50 of the org's live contacts, by name: fixtures read straight from the emulator's store. */
async function someContact() {
  return emu().store.db.prepare(`SELECT "Id", "LastModifiedDate" FROM "Contact" WHERE "IsDeleted" = 0 ORDER BY "Name", "Id" LIMIT 50`).all() as Array<{
    Id: string;
    LastModifiedDate: string;
  }>;
}

describe('offline outbox against the emulator', () => {
  it('an online write is saved at once with its real Id', async () => {
    const res = await h.call('records:create', { object: 'Contact', values: { LastName: 'Online Now' } });
    expect(res).toMatchObject({ state: 'saved' });
    expect(res.recordId).toMatch(/^003/);
    expect(count(`SELECT COUNT(*) AS n FROM "Contact" WHERE "Id" = ? AND "External_Id__c" IS NOT NULL`, res.recordId)).toBe(1);
  });

  it('offline create, update and delete replay exactly once when the org is back', async () => {
    const [a, b] = (await someContact()).slice(0, 2);
    goOffline();
    const created = await h.call('records:create', { object: 'Contact', values: { LastName: 'Offline Create', Title: 'Rep' } });
    expect(created.state).toBe('queued');
    const status = await h.call('outbox:status');
    expect(status.online).toBe(false);
    const updated = await h.call('records:update', { object: 'Contact', id: a.Id, values: { Title: 'Offline Title' }, lastModifiedDate: a.LastModifiedDate });
    const deleted = await h.call('records:delete', { object: 'Contact', id: b.Id });
    expect([updated.state, deleted.state]).toEqual(['queued', 'queued']);
    expect((await h.call('outbox:status')).pendingCount).toBe(3);
    // Still unreachable: nothing reached the org.
    expect(count(`SELECT COUNT(*) AS n FROM "Contact" WHERE "LastName" = 'Offline Create'`)).toBe(0);

    goOnline(); // the probe notices and replays
    await until(drained);
    const s = await h.call('outbox:status');
    expect(s).toMatchObject({ online: true, conflicts: [], needsAttention: [], pendingCount: 0 });
    expect(s.lastSyncAt).not.toBeNull();
    expect(count(`SELECT COUNT(*) AS n FROM "Contact" WHERE "LastName" = 'Offline Create' AND "IsDeleted" = 0`)).toBe(1);
    expect(row(`SELECT "Title" FROM "Contact" WHERE "Id" = ?`, a.Id)).toMatchObject({ Title: 'Offline Title' });
    expect(row(`SELECT "IsDeleted" FROM "Contact" WHERE "Id" = ?`, b.Id)?.IsDeleted ?? 1).toBe(1);
  });

  it('a create whose response the emulator drops does not duplicate', async () => {
    emu().faults.dropNextResponses(1, { method: 'PATCH', pathPattern: /\/sobjects\/Contact\/External_Id__c\// });
    const res = await h.call('records:create', { object: 'Contact', values: { LastName: 'Dropped Answer' } });
    expect(res.state).toBe('queued'); // it landed, but we could not know
    await until(drained);
    const rows = emu().store.db.prepare(`SELECT "External_Id__c" AS ext FROM "Contact" WHERE "LastName" = 'Dropped Answer' AND "IsDeleted" = 0`).all() as {
      ext: string;
    }[];
    expect(rows).toHaveLength(1);
    expect(count(`SELECT COUNT(*) AS n FROM "Contact" WHERE "External_Id__c" = ?`, rows[0].ext)).toBe(1);
  });

  it('a concurrent server edit becomes a conflict with both versions; each resolution works', async () => {
    // Seeded records only: If-Unmodified-Since has whole-second precision, so a record changed in
    // this very second could not show a later edit as newer (a limit of HTTP dates, noted in the docs).
    const targets = (await someContact()).filter((c) => Date.parse(c.LastModifiedDate) < Date.now() - 5_000).slice(5, 8);
    goOffline();
    for (const c of targets) {
      await h.call('records:update', { object: 'Contact', id: c.Id, values: { Title: 'Mine', Department: 'My Dept' }, lastModifiedDate: c.LastModifiedDate });
    }
    for (const c of targets) emu().store.update('Contact', c.Id, { Title: 'Theirs', Department: 'Their Dept' }, { userId: emu().demoUserId });
    goOnline();
    await until(async () => (await h.call('outbox:status')).conflicts.length === 3);
    const { conflicts } = await h.call('outbox:status');
    for (const c of conflicts) {
      expect(c.mine).toEqual({ Title: 'Mine', Department: 'My Dept' });
      expect(c.theirs).toMatchObject({ Title: 'Theirs', Department: 'Their Dept' });
      expect(c.differingFields.sort()).toEqual(['Department', 'Title']);
    }
    // Nothing overwritten yet.
    for (const c of targets) expect(row(`SELECT "Title" FROM "Contact" WHERE "Id" = ?`, c.Id)).toMatchObject({ Title: 'Theirs' });

    const byRecord = new Map(conflicts.map((c) => [c.recordId, c.id]));
    const [mine, theirs, merge] = targets.map((t) => byRecord.get(t.Id)!);
    await h.call('outbox:resolve-conflict', { id: mine, resolution: 'mine' });
    await h.call('outbox:resolve-conflict', { id: theirs, resolution: 'theirs' });
    const after = await h.call('outbox:resolve-conflict', { id: merge, resolution: 'merge', fields: { Title: 'mine', Department: 'theirs' } });
    expect(after).toMatchObject({ conflicts: [], pendingCount: 0 });
    const values = (id: string) => row(`SELECT "Title", "Department" FROM "Contact" WHERE "Id" = ?`, id);
    expect(values(targets[0].Id)).toEqual({ Title: 'Mine', Department: 'My Dept' });
    expect(values(targets[1].Id)).toEqual({ Title: 'Theirs', Department: 'Their Dept' });
    expect(values(targets[2].Id)).toEqual({ Title: 'Mine', Department: 'Their Dept' });
  });

  it('a validation error waits in needs-attention with Salesforce’s message and the user’s data', async () => {
    const accountOfNoKind = (await someContact())[10].Id; // a Contact Id where an Account is expected
    const res = await h.call('records:create', { object: 'Contact', values: { LastName: 'Wrong Link', AccountId: accountOfNoKind } });
    expect(res.state).toBe('needs-attention');
    expect(res.error?.fields).toEqual(['AccountId']);
    const { needsAttention } = await h.call('outbox:status');
    expect(needsAttention).toEqual([expect.objectContaining({ op: 'create', mine: { LastName: 'Wrong Link', AccountId: accountOfNoKind } })]);
    expect(needsAttention[0].error?.message).toBeTruthy();
    // Fixed by the user: retried with corrected values.
    const fixed = await h.call('outbox:retry', { id: needsAttention[0].id, values: { AccountId: null } });
    expect(fixed.needsAttention).toEqual([]);
    expect(count(`SELECT COUNT(*) AS n FROM "Contact" WHERE "LastName" = 'Wrong Link' AND "AccountId" IS NULL`)).toBe(1);
  });

  it('discarding returns the user’s data', async () => {
    // A value only Salesforce refuses (a Contact Id where an Account is expected): the app's own
    // validation would stop an obviously bad email before it reached the outbox.
    const wrongKind = (await someContact())[11].Id;
    const res = await h.call('records:create', { object: 'Contact', values: { LastName: 'Discard Me', AccountId: wrongKind } });
    expect(res.state).toBe('needs-attention');
    const { discarded } = await h.call('outbox:discard', { id: res.outboxId! });
    expect(discarded[0].mine).toEqual({ LastName: 'Discard Me', AccountId: wrongKind });
    expect((await h.call('outbox:status')).needsAttention).toEqual([]);
  });

  it('an auth error pauses the queue; a new login resumes it', async () => {
    emu().store.db.prepare(`DELETE FROM "_emulator_refresh_token"`).run();
    emu().faults.expireAllAccessTokens();
    const res = await h.call('records:create', { object: 'Contact', values: { LastName: 'After Relogin' } });
    expect(res.state).toBe('queued');
    expect((await h.call('outbox:status')).paused).toMatchObject({ code: 'SESSION_EXPIRED' });
    await h.loginDemo();
    await until(drained);
    expect((await h.call('outbox:status')).paused).toBeNull();
    expect(count(`SELECT COUNT(*) AS n FROM "Contact" WHERE "LastName" = 'After Relogin'`)).toBe(1);
  });

  it('the inputs are checked at the gate', async () => {
    expect(await h.raw('records:create', { object: 'User', values: {} })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await h.raw('records:update', { object: 'Contact', id: "x' OR 1=1", values: {} })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await h.raw('records:create', { object: 'Contact', values: { Id: '003000000000000AAA' } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });
});
