/**
 * The sync's known gaps, against the emulator: rows deleted and purged from the recycle bin before
 * an incremental sync saw them (ghosts) are removed by the reconciliation (daily, after a long
 * gap, or when getDeleted's earliestDateAvailable says the delete log has a hole); rows with
 * pending local changes survive it; an object cached with an older field list is read again in
 * place; a case body (Description) is on the form, written and cached; a sync that cannot reach
 * the org reports it offline to the outbox.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fieldSetOf } from '../../src/main/core/cache/objects';
import { openOrgCache } from '../../src/main/core/cache/org-cache';
import { createHarness, type Harness } from './core-harness';
import { clock, differences, syncAndWait } from './sync-helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const HOUR = 3_600_000;

/** Runs SQL on the org cache from outside the app (a second connection; the app keeps its own open). */
function withCache<T>(h: Harness, connectionId: string, fn: (db: ReturnType<typeof openOrgCache>) => T): T {
  const db = openOrgCache(h.dataDir, connectionId);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Pretends the given sync_state timestamps were written `hours` ago. */
function age(h: Harness, connectionId: string, column: 'last_reconciled_at' | 'last_incremental_at' | 'last_full_sync_at', hours: number) {
  const then = new Date(Date.now() - hours * HOUR).toISOString();
  withCache(h, connectionId, (db) => db.prepare(`UPDATE sync_state SET ${column} = ?`).run(then));
}

function liveIds(h: Harness, object: string, n: number): string[] {
  const rows = h.emulator().store.db.prepare(`SELECT "Id" FROM "${object}" WHERE "IsDeleted" = 0 ORDER BY "Id" LIMIT ?`).all(n) as Array<{ Id: string }>;
  return rows.map((r) => r.Id);
}

describe('reconciliation of the cache with the org', () => {
  it('removes ghosts of rows deleted and purged before a sync saw them: once a day, at a cost of a few calls', async () => {
    const c = clock();
    h = await createHarness({ scale: 40, emulator: { now: c.now }, settings: { sync: { scope: 'all', intervalMinutes: 0 } } });
    const connectionId = await h.loginDemo();
    await syncAndWait(h);
    // The generated org's changes of the last minutes reach getUpdated once their minute has ended
    // (activities are replication-checked since issue 11): read them before counting calls.
    c.skew += 2 * 60_000;
    await syncAndWait(h);
    const { store, demoUserId } = h.emulator();
    const as = { userId: demoUserId };

    // Deleted and purged server-side (emptyRecycleBin) before the next sync.
    const ghosts = { Contact: liveIds(h, 'Contact', 2), Case: liveIds(h, 'Case', 1), Opportunity: liveIds(h, 'Opportunity', 1) };
    for (const [object, ids] of Object.entries(ghosts)) for (const id of ids) store.delete(object, id, as);
    const purged = store.purgeRecycleBin({ ids: Object.values(ghosts).flat() }).purged;
    expect(purged.length).toBeGreaterThanOrEqual(4);

    // queryAll never shows them: within the safe gap the ghosts stay. The tasks and events deleted
    // with them (cascade) were purged with them too, and getDeleted's earliestDateAvailable says so
    // for Task and Event (replication-checked since issue 11) once the minute of the purge has ended:
    // their Ids are checked at once — one COUNT() Composite of the two, then a page of Ids and a
    // confirming query each: change check + 1 + 2 × (Task and/or Event). Which of the two had rows
    // under the ghosts depends on the generated org (its activities are dated from today).
    const cascaded = new Set(purged.filter((p) => p.object === 'Task' || p.object === 'Event').map((p) => p.object));
    expect(cascaded.size, 'the ghosts had activities deleted and purged with them').toBeGreaterThan(0);
    c.skew += 2 * 60_000;
    const quiet = await syncAndWait(h);
    expect(quiet.lastRun).toMatchObject({ outcome: 'ok', apiCalls: 1 + 1 + 2 * cascaded.size });
    expect(differences(h.emulator(), h.dataDir, connectionId, 'all').join(' ')).toMatch(/Contact: 0 missing, 2 extra/);

    // A day later the reconciliation runs: COUNT() of the eight objects (two Composites), then for
    // each object whose count differs one page of Ids and one query confirming the candidates.
    c.skew += 2 * 60_000;
    age(h, connectionId, 'last_reconciled_at', 25);
    const daily = await syncAndWait(h);
    expect(daily.lastRun).toMatchObject({ outcome: 'ok', apiCalls: 1 + 2 + 3 * 2 });
    expect(differences(h.emulator(), h.dataDir, connectionId, 'all')).toEqual([]);

    const idle = await syncAndWait(h);
    expect(idle.lastRun).toMatchObject({ outcome: 'ok', apiCalls: 1 });
  });

  it('reads the Ids of an object above the bulk threshold through a Bulk API 2.0 job', async () => {
    h = await createHarness({ scale: 30, settings: { sync: { scope: 'all', intervalMinutes: 0, bulkThreshold: 20 } } });
    const connectionId = await h.loginDemo();
    await syncAndWait(h);
    const { store, demoUserId } = h.emulator();
    const [ghost] = liveIds(h, 'Contact', 1);
    store.delete('Contact', ghost, { userId: demoUserId });
    store.purgeRecycleBin({ ids: [ghost] });
    age(h, connectionId, 'last_reconciled_at', 25);
    const after = await syncAndWait(h);
    // Change check, two COUNT() Composites, the Bulk job (create, status, one results page), the
    // confirming query (REST paging would have been 5 calls: one page of Ids instead of three).
    expect(after.lastRun).toMatchObject({ outcome: 'ok', apiCalls: 1 + 2 + 3 + 1 });
    expect(differences(h.emulator(), h.dataDir, connectionId, 'all')).toEqual([]);
  });

  it('after a gap longer than the recycle bin guarantees, checks counts (and finds nothing to do when nothing is missing)', async () => {
    h = await createHarness({ scale: 20, settings: { sync: { scope: 'mine', intervalMinutes: 0 } } });
    const connectionId = await h.loginDemo();
    await syncAndWait(h);
    age(h, connectionId, 'last_incremental_at', 3);
    age(h, connectionId, 'last_full_sync_at', 3);
    const after = await syncAndWait(h);
    // One change check, two Composites of COUNT() queries; counts match so no Ids are read.
    expect(after.lastRun).toMatchObject({ outcome: 'ok', apiCalls: 3 });
    expect(differences(h.emulator(), h.dataDir, connectionId, 'mine')).toEqual([]);
    const idle = await syncAndWait(h);
    expect(idle.lastRun).toMatchObject({ outcome: 'ok', apiCalls: 1 });
  });

  it('a Campaign purged before getDeleted saw it: earliestDateAvailable past the window start triggers the check at once', async () => {
    const c = clock();
    h = await createHarness({ scale: 20, emulator: { now: c.now }, settings: { sync: { scope: 'all', intervalMinutes: 0 } } });
    const connectionId = await h.loginDemo();
    await syncAndWait(h);
    const { store, demoUserId } = h.emulator();
    const [campaign] = liveIds(h, 'Campaign', 1);
    store.delete('Campaign', campaign, { userId: demoUserId });
    store.purgeRecycleBin({ ids: [campaign] });
    c.skew += 2 * 60_000; // getDeleted covers whole minutes
    const after = await syncAndWait(h);
    // Change check, one COUNT() Composite for Campaign, its Ids, the confirming query.
    expect(after.lastRun).toMatchObject({ outcome: 'ok', apiCalls: 4 });
    expect(differences(h.emulator(), h.dataDir, connectionId, 'all')).toEqual([]);
    c.skew += 2 * 60_000;
    const idle = await syncAndWait(h);
    expect(idle.lastRun).toMatchObject({ outcome: 'ok', apiCalls: 1 });
  });

  it('never removes rows with pending local changes, and fetches rows the cache lacks', async () => {
    h = await createHarness({ scale: 20, settings: { sync: { scope: 'all', intervalMinutes: 0 } } });
    const connectionId = await h.loginDemo();
    await syncAndWait(h);
    const { store, demoUserId } = h.emulator();
    const [edited, ghost, lost] = liveIds(h, 'Lead', 3);
    for (const id of [edited, ghost]) store.delete('Lead', id, { userId: demoUserId });
    store.purgeRecycleBin({ ids: [edited, ghost] });
    withCache(h, connectionId, (db) => {
      // An offline edit of a row the org has since purged, and an offline create (local id).
      db.prepare(`UPDATE records SET local_state = 'modified' WHERE object = 'Lead' AND id = ?`).run(edited);
      db.prepare(
        `INSERT INTO records (object, id, name, system_modstamp, fields, local_state) VALUES ('Lead', 'local-lead-1', 'Offline Lead', '2024-01-01T00:00:00.000Z', '{}', 'created')`,
      ).run();
      // A row the cache somehow lacks (e.g. it became visible through sharing, which moves no SystemModstamp).
      db.prepare(`DELETE FROM records WHERE object = 'Lead' AND id = ?`).run(lost);
    });
    age(h, connectionId, 'last_reconciled_at', 25);
    const after = await syncAndWait(h);
    expect(after.lastRun).toMatchObject({ outcome: 'ok' });
    const leads = withCache(
      h,
      connectionId,
      (db) => db.prepare(`SELECT id, local_state AS state FROM records WHERE object = 'Lead'`).all() as Array<{ id: string; state: string }>,
    );
    const byId = new Map(leads.map((r) => [r.id, r.state]));
    expect(byId.get(edited)).toBe('modified');
    expect(byId.get('local-lead-1')).toBe('created');
    expect(byId.has(ghost)).toBe(false);
    expect(byId.get(lost)).toBe('synced');
  });
});

describe('cached field set', () => {
  it('an object cached before Description was synced is read again in place, then costs one call again', async () => {
    h = await createHarness({ scale: 20, settings: { sync: { scope: 'all', intervalMinutes: 0 } } });
    const connectionId = await h.loginDemo();
    const { store, demoUserId } = h.emulator();
    const [caseId] = liveIds(h, 'Case', 1);
    store.update('Case', caseId, { Description: 'The printer on floor 3\nprints only blank pages.' }, { userId: demoUserId });
    await syncAndWait(h);
    const description = () =>
      withCache(
        h!,
        connectionId,
        (db) =>
          db.prepare(`SELECT json_extract(fields, '$.Description') AS d FROM records WHERE object = 'Case' AND id = ?`).get(caseId) as
            { d: string | null } | undefined,
      );
    expect(description()?.d).toBe('The printer on floor 3\nprints only blank pages.');
    expect(withCache(h, connectionId, (db) => db.prepare(`SELECT DISTINCT field_set AS f FROM sync_state WHERE object = 'Case'`).get())).toEqual({
      f: fieldSetOf('Case'),
    });

    // What an older release left: rows without the field, and (migration 0004) no field set.
    const [pendingId] = liveIds(h, 'Contact', 1);
    withCache(h, connectionId, (db) => {
      db.prepare(`UPDATE records SET fields = json_remove(fields, '$.Description') WHERE object IN ('Case', 'Account')`).run();
      db.prepare(`UPDATE sync_state SET field_set = NULL WHERE object IN ('Case', 'Account')`).run();
      db.prepare(`UPDATE records SET local_state = 'modified' WHERE object = 'Contact' AND id = ?`).run(pendingId);
    });
    const cases = (await h.call('sync:status')).objects.find((o) => o.object === 'Case')?.count;
    const backfill = await syncAndWait(h);
    expect(backfill.lastRun).toMatchObject({ outcome: 'ok' });
    expect(backfill.objects.find((o) => o.object === 'Case')?.count).toBe(cases);
    expect(description()?.d).toBe('The printer on floor 3\nprints only blank pages.');
    expect(differences(h.emulator(), h.dataDir, connectionId, 'all')).toEqual([]);
    expect(withCache(h, connectionId, (db) => db.prepare(`SELECT local_state AS s FROM records WHERE id = ?`).get(pendingId))).toEqual({ s: 'modified' });
    const idle = await syncAndWait(h);
    expect(idle.lastRun).toMatchObject({ outcome: 'ok', apiCalls: 1 });
  });
});

describe('descriptions', () => {
  it('a case body is on the form (long text area), saved to the org, and cached', async () => {
    h = await createHarness({ scale: 10, settings: { sync: { scope: 'all', intervalMinutes: 0 } } });
    const connectionId = await h.loginDemo();
    await syncAndWait(h);
    const form = await h.call('describe:form', { object: 'Case' });
    expect(form.fields.find((f) => f.name === 'Description')).toMatchObject({ type: 'textarea', updateable: true });
    const [caseId] = liveIds(h, 'Case', 1);
    const body = 'Customer reports:\n1. the printer jams\n2. then it prints blank pages';
    const saved = await h.call('records:update', { object: 'Case', id: caseId, values: { Description: body } });
    expect(saved.state).toBe('saved');
    expect(h.emulator().store.retrieve('Case', caseId)?.Description).toBe(body);
    const detail = await h.call('records:get', { object: 'Case', id: caseId });
    expect(detail.record.Description).toBe(body);
    await syncAndWait(h);
    expect(differences(h.emulator(), h.dataDir, connectionId, 'all')).toEqual([]);
  });
});

describe('a sync that cannot reach the org', () => {
  it('fails with a network error and reports the connection offline to the outbox', async () => {
    h = await createHarness({ scale: 5, settings: { sync: { scope: 'all', intervalMinutes: 0 } }, core: { outbox: { probeIntervalMs: 60_000 } } });
    await h.loginDemo();
    await syncAndWait(h);
    expect((await h.call('outbox:status')).online).toBe(true);
    h.emulator().faults.set({ resetRate: 1 });
    const failed = await syncAndWait(h);
    expect(failed.lastRun).toMatchObject({ outcome: 'failed' });
    expect(failed.lastRun?.error).toMatch(/reach Salesforce/);
    expect((await h.call('outbox:status')).online).toBe(false);
  });
});
