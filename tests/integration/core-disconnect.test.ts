/**
 * Disconnect and the org's local data, through the gate against the emulator (security checklist
 * X8): an org whose outbox holds unsent changes is not disconnected unless the caller says to
 * discard them (the refusal names how many); the changes can be listed for export first; a
 * disconnect removes the org's cache file from disk after closing it; leftovers of a connection
 * that no longer exists are swept at the next start. Also: live reads that hit a network error
 * flip the outbox offline at once, and its probe brings it back.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { orgCachePath } from '../../src/main/core/cache/org-cache';
import { createHarness, type Harness } from './core-harness';
import { syncAndWait } from './sync-helpers';

let current: Harness | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function connected(options: Parameters<typeof createHarness>[0] = {}) {
  current = await createHarness({
    scale: 5,
    settings: { sync: { scope: 'all', intervalMinutes: 0 } },
    core: { outbox: { probeIntervalMs: 50, writeWaitMs: 3_000 } },
    ...options,
  });
  const h = current;
  const id = await h.loginDemo();
  await syncAndWait(h);
  return { h, id };
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Files (deleted ones included) that this process holds open under `path`: Linux's /proc/self/fd. */
function openHandlesTo(path: string): string[] {
  const targets: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      targets.push(readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      // closed between the listing and the read
    }
  }
  return targets.filter((t) => t.startsWith(path));
}

const cacheFiles = (dataDir: string, id: string) => ['', '-wal', '-shm'].map((s) => `${orgCachePath(dataDir, id)}${s}`).filter((f) => existsSync(f));

async function opportunities(h: Harness) {
  const page = await h.call('records:list', { object: 'Opportunity', limit: 10 });
  return page.rows as Array<{ Id: string; Name: string; LastModifiedDate: string }>;
}

describe('disconnect with unsent changes', () => {
  it('is refused with the count until the caller says to discard them; the changes can be listed for export', async () => {
    const { h, id } = await connected();
    const [a, b] = await opportunities(h);
    // One change waits (the org is unreachable), one was refused by Salesforce's validation rule.
    h.emulator().faults.set({ resetRate: 1 });
    expect((await h.call('records:update', { object: 'Opportunity', id: a.Id, values: { NextStep: 'Offline step' } })).state).toBe('queued');
    h.emulator().faults.set({ resetRate: 0 });
    await until(async () => (await h.call('outbox:status')).pendingCount === 0);
    expect((await h.call('records:update', { object: 'Opportunity', id: b.Id, values: { Amount: -5 } })).state).toBe('needs-attention');
    h.emulator().faults.set({ resetRate: 1 });
    expect((await h.call('records:update', { object: 'Opportunity', id: a.Id, values: { NextStep: 'Second offline step' } })).state).toBe('queued');

    const refused = await h.raw('connections:disconnect', { connectionId: id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNSENT_CHANGES', fields: ['discardUnsentChanges'] } });
    expect(!refused.ok && refused.error.message).toMatch(/would lose 2 changes .*\(1 waiting to be sent, 1 needing attention\)/);
    // Nothing happened: still connected, tokens not revoked, cache in place.
    expect((await h.call('connections:list')).map((c) => c.id)).toEqual([id]);
    expect(h.revokeRequests).toBe(0);
    expect(cacheFiles(h.dataDir, id).length).toBeGreaterThan(0);

    const unsent = await h.call('connections:unsent-changes', { connectionId: id });
    expect(unsent).toMatchObject({ connectionId: id, total: 2, pending: 1, needsAttention: 1, conflicts: 0 });
    expect(unsent.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          object: 'Opportunity',
          op: 'update',
          recordId: a.Id,
          title: a.Name,
          state: 'pending',
          values: { NextStep: 'Second offline step' },
        }),
        expect.objectContaining({
          recordId: b.Id,
          title: b.Name,
          state: 'needs-attention',
          values: { Amount: -5 },
          error: expect.objectContaining({ code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Amount cannot be negative.' }),
        }),
      ]),
    );
    expect(await h.raw('connections:unsent-changes', { connectionId: 'no-such-connection' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const done = await h.call('connections:disconnect', { connectionId: id, discardUnsentChanges: true });
    expect(done).toEqual({ revoked: true, localDataRemoved: true, discardedChanges: 2 });
    expect(h.revokeRequests).toBe(1);
    expect(await h.call('connections:list')).toEqual([]);
    // The local copy of the revoked org is gone from disk, WAL and shared-memory files included.
    expect(cacheFiles(h.dataDir, id)).toEqual([]);
    expect(h.logs.some((l) => l.includes('discarded 2 unsent change(s)'))).toBe(true);
    // Nothing was sent behind the user's back.
    const org = h.emulator().store.db.prepare(`SELECT "NextStep", "Amount" FROM "Opportunity" WHERE "Id" = ?`);
    expect((org.get(a.Id) as { NextStep: string }).NextStep).toBe('Offline step');
    expect((org.get(b.Id) as { Amount: number }).Amount).not.toBe(-5);
    h.emulator().faults.set({ resetRate: 0 });
  });

  it('an org with nothing unsent disconnects at once; a new login starts from an empty cache that works', async () => {
    const { h, id } = await connected();
    expect(cacheFiles(h.dataDir, id).length).toBeGreaterThan(0);
    expect(await h.call('connections:unsent-changes', { connectionId: id })).toMatchObject({ total: 0, changes: [] });
    expect(await h.call('connections:disconnect', { connectionId: id })).toEqual({ revoked: true, localDataRemoved: true, discardedChanges: 0 });
    expect(cacheFiles(h.dataDir, id)).toEqual([]);

    const again = await h.loginDemo();
    expect(again).not.toBe(id);
    expect(await h.call('records:list', { object: 'Opportunity' })).toMatchObject({ totalCount: 0, freshness: { state: 'never-synced' } });
    await syncAndWait(h);
    expect((await h.call('records:list', { object: 'Opportunity' })).totalCount).toBeGreaterThan(0);
    const [opp] = await opportunities(h);
    expect((await h.call('records:update', { object: 'Opportunity', id: opp.Id, values: { NextStep: 'After reconnect' } })).state).toBe('saved');
  });

  it('disconnecting while a sync runs stops it first, then removes the cache', async () => {
    const { h, id } = await connected({ scale: 20 });
    expect(openHandlesTo(orgCachePath(h.dataDir, id)).length).toBeGreaterThan(0);
    h.emulator().faults.set({ latencyMs: 150 });
    await h.call('sync:start', { full: true });
    expect((await h.call('sync:status')).running).toBe(true);
    expect(await h.call('connections:disconnect', { connectionId: id })).toMatchObject({ localDataRemoved: true });
    expect(cacheFiles(h.dataDir, id)).toEqual([]);
    // Closed, not merely unlinked: this process holds no descriptor to the deleted files.
    expect(openHandlesTo(orgCachePath(h.dataDir, id))).toEqual([]);
    // The sync was cancelled, not broken by a database closed under it.
    expect(h.logs.filter((l) => /Sync of connection .* failed|did not stop|could not be closed/.test(l))).toEqual([]);
    expect(await h.call('sync:status')).toMatchObject({ connectionId: null, running: false });
    h.emulator().faults.set({ latencyMs: 0 });
  });

  it('cache files of connections that no longer exist are removed at the next start; others are kept', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'atom-orphans-'));
    try {
      const first = await createHarness({ dataDir, keepDataDir: true, settings: { sync: { scope: 'all', intervalMinutes: 0 } } });
      const id = await first.loginDemo();
      await syncAndWait(first);
      await first.close();
      // A disconnect whose delete failed, or a crash in between, leaves files no connection owns.
      mkdirSync(join(dataDir, 'cache'), { recursive: true });
      const orphan = orgCachePath(dataDir, 'gone-connection');
      for (const suffix of ['', '-wal', '-shm']) writeFileSync(`${orphan}${suffix}`, 'x');
      writeFileSync(join(dataDir, 'cache', 'notes.txt'), 'not a cache file');

      current = await createHarness({ dataDir, settings: { sync: { scope: 'all', intervalMinutes: 0 } } });
      for (const suffix of ['', '-wal', '-shm']) expect(existsSync(`${orphan}${suffix}`)).toBe(false);
      expect(existsSync(orgCachePath(dataDir, id))).toBe(true);
      expect(existsSync(join(dataDir, 'cache', 'notes.txt'))).toBe(true);
      expect((await current.call('records:list', { object: 'Opportunity' })).totalCount).toBeGreaterThan(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('live reads report network failures to the online state', () => {
  it('a describe that cannot reach the org flips the outbox offline; the probe brings it back', async () => {
    const { h } = await connected();
    expect((await h.call('outbox:status')).online).toBe(true);
    h.emulator().faults.set({ resetRate: 1 });
    // No describe of Case is stored yet, so the form has to ask the org.
    expect(await h.raw('describe:form', { object: 'Case' })).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
    expect((await h.call('outbox:status')).online).toBe(false);
    h.emulator().faults.set({ resetRate: 0 });
    await until(async () => (await h.call('outbox:status')).online);
    expect((await h.call('describe:form', { object: 'Case' })).source).toBe('org');
  });

  it('campaign member counts that cannot reach the org flip it offline too', async () => {
    const { h } = await connected();
    const [campaign] = (await h.call('records:list', { object: 'Campaign', limit: 1 })).rows as Array<{ Id: string }>;
    h.emulator().faults.set({ resetRate: 1 });
    const detail = await h.call('records:get', { object: 'Campaign', id: campaign.Id });
    expect(detail.related.campaignMembers).toMatchObject({ state: 'unavailable-offline' });
    expect((await h.call('outbox:status')).online).toBe(false);
    h.emulator().faults.set({ resetRate: 0 });
    await until(async () => (await h.call('outbox:status')).online);
  });
});
