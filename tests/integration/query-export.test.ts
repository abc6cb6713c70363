/**
 * Exports of the SOQL console against the emulator: a Bulk API 2.0 export of 200,000 rows written
 * to CSV with `query-export` progress events, read back by a CSV parser; a second one cancelled
 * while it runs (its file removed, the final state delivered); a REST export (JSON, with a child
 * subquery) below the Bulk threshold; an export from the cache; and the one-time download URL of
 * browser mode.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportsDir } from '../../src/main/core/query/export/export-service';
import type { ExportProgressEvent } from '../../src/shared/ipc/query.contract';
import { createHarness, type Harness } from './core-harness';
import { seedAccounts } from './query-helpers';
import { syncAndWait } from './sync-helpers';

const BULK_ROWS = 200_000;
const BULK_SOQL = "SELECT Id, Name, Industry, NumberOfEmployees FROM Account WHERE Name LIKE 'Bulk Seed%'";

let h: Harness;
const progress = new Map<string, ExportProgressEvent[]>();

beforeAll(async () => {
  h = await createHarness({ scale: 10, settings: { sync: { scope: 'all', intervalMinutes: 0 } } });
  await h.loginDemo();
  await h.call('query:schema', {});
  seedAccounts(h.emulator(), BULK_ROWS, 'Bulk Seed');
  h.core.events.subscribe((event) => {
    if (event.name !== 'query-export') return;
    const payload = event.payload as ExportProgressEvent;
    progress.set(payload.exportId, [...(progress.get(payload.exportId) ?? []), payload]);
  });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

/** Resolves with the export's last event once it is no longer running. */
async function settled(exportId: string, timeoutMs = 60_000): Promise<ExportProgressEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = progress.get(exportId)?.at(-1);
    if (last && last.state !== 'running') return last;
    if (Date.now() > deadline) throw new Error(`export ${exportId} still running`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function fileOf(exportId: string): string | undefined {
  const dir = exportsDir(h.dataDir);
  const name = existsSync(dir) ? readdirSync(dir).find((f) => f.startsWith(exportId)) : undefined;
  return name ? `${dir}/${name}` : undefined;
}

describe('a Bulk API 2.0 export', () => {
  it('writes 200,000 rows to CSV as they arrive, with progress', async () => {
    const estimate = await h.call('query:estimate', { soql: BULK_SOQL });
    expect(estimate).toMatchObject({ rows: BULK_ROWS, bulkExport: true, needsConfirmation: true });
    const started = await h.call('query:export-start', { soql: BULK_SOQL, target: 'org', format: 'csv' });
    expect(started).toMatchObject({ state: 'running', method: 'bulk', rows: 0, totalRows: BULK_ROWS, error: null });
    expect(started.fileName).toMatch(/^Account-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}\.csv$/);
    const last = await settled(started.exportId);
    expect(last).toMatchObject({ state: 'done', method: 'bulk', rows: BULK_ROWS, totalRows: BULK_ROWS, error: null });
    const events = progress.get(started.exportId)!;
    // Progress while running: more than the first and the last, rows growing.
    const running = events.filter((e) => e.state === 'running');
    expect(running.length).toBeGreaterThan(2);
    const counts = running.map((e) => e.rows);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts);
    expect(counts.some((n) => n > 0 && n < BULK_ROWS)).toBe(true);

    const file = fileOf(started.exportId)!;
    expect(last.bytes).toBe(readFileSync(file).length);
    const rows = parse(readFileSync(file, 'utf8'), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(BULK_ROWS);
    expect(Object.keys(rows[0])).toEqual(['Id', 'Name', 'Industry', 'NumberOfEmployees']);
    expect(new Set(rows.map((r) => r.Id)).size).toBe(BULK_ROWS);
    const third = rows.find((r) => r.Name === 'Bulk Seed 000004')!;
    expect(third).toEqual({ Id: '001Zz0000000004AAA', Name: 'Bulk Seed 000004', Industry: 'Retail, "Food" & Drink', NumberOfEmployees: '4' });
    expect(rows.find((r) => r.Name === 'Bulk Seed 000005')!.Industry).toBe('');

    // Browser mode (no desktop host): a one-time download of that file.
    const saved = await h.call('query:export-save', { exportId: started.exportId });
    expect(saved).toMatchObject({ saved: false, path: null });
    const token = saved.downloadUrl!.replace('/api/downloads/', '');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(h.core.downloads.take(token)).toMatchObject({ file, fileName: started.fileName, contentType: 'text/csv; charset=utf-8' });
    expect(h.core.downloads.take(token)).toBeUndefined();
  }, 120_000);

  it('a cancel stops it: the final state is delivered and the file removed', async () => {
    const started = await h.call('query:export-start', { soql: BULK_SOQL, target: 'org', format: 'xlsx' });
    expect(started.method).toBe('bulk');
    // Cancel once rows are being written.
    const deadline = Date.now() + 60_000;
    while (!(progress.get(started.exportId) ?? []).some((e) => e.rows > 0)) {
      const seen = progress.get(started.exportId) ?? [];
      if (Date.now() > deadline || seen.some((e) => e.state !== 'running')) throw new Error(`no progress: ${JSON.stringify(seen)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    await h.call('query:export-cancel', { exportId: started.exportId });
    const last = await settled(started.exportId);
    expect(last.state).toBe('cancelled');
    expect(last.rows).toBeLessThan(BULK_ROWS);
    expect(fileOf(started.exportId)).toBeUndefined();
    const notSaved = await h.raw('query:export-save', { exportId: started.exportId });
    expect(notSaved).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  }, 120_000);
});

describe('below the Bulk threshold', () => {
  it('reads REST pages: JSON with child subqueries as arrays of rows', async () => {
    const soql = "SELECT Id, Name, Owner.Name, (SELECT LastName FROM Contacts) FROM Account WHERE NOT Name LIKE 'Bulk Seed%' ORDER BY Name";
    const started = await h.call('query:export-start', { soql, target: 'org', format: 'json' });
    expect(started.method).toBe('rest');
    const last = await settled(started.exportId);
    expect(last.state).toBe('done');
    const rows = JSON.parse(readFileSync(fileOf(started.exportId)!, 'utf8')) as Array<Record<string, unknown>>;
    const run = await h.call('query:run', { soql, target: 'org' });
    expect(rows).toEqual(run.rows);
    expect(last.rows).toBe(run.rows.length);
  });

  it('refuses an export that would use more calls than the threshold without Bulk, unless confirmed', async () => {
    // OFFSET keeps Bulk API 2.0 out: 11,000 rows through REST are 6 calls.
    const soql = "SELECT Id FROM Account WHERE Name LIKE 'Bulk Seed%' LIMIT 11000 OFFSET 10";
    const refused = await h.raw('query:export-start', { soql, target: 'org', format: 'csv' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: ['confirmed'] } });
  });
});

describe('from the cache', () => {
  it('writes the cache’s rows, with no API call', async () => {
    // The seeded rows go first (straight from the emulator's store): a sync of 200,000 accounts is not what this tests.
    h.emulator().store.db.prepare(`DELETE FROM "Account" WHERE "Name" LIKE 'Bulk Seed%'`).run();
    await syncAndWait(h);
    const soql = 'SELECT Id, Name, Account.Name FROM Contact WHERE Account.Name != null ORDER BY Name, Id';
    const before = h.emulator().requestsReceived();
    const started = await h.call('query:export-start', { soql, target: 'cache', format: 'csv' });
    expect(started.method).toBe('cache');
    const last = await settled(started.exportId);
    expect(h.emulator().requestsReceived()).toBe(before);
    const rows = parse(readFileSync(fileOf(started.exportId)!, 'utf8'), { bom: true, columns: true }) as Array<Record<string, string>>;
    const run = await h.call('query:run', { soql, target: 'cache' });
    expect(rows).toEqual(run.rows.map((r) => ({ Id: r.Id, Name: r.Name, 'Account.Name': r['Account.Name'] })));
    expect(last).toMatchObject({ state: 'done', rows: run.rows.length });
  }, 120_000);
});

describe('when the org is disconnected', () => {
  it('its finished exports and their files go with the rest of its data', async () => {
    const started = await h.call('query:export-start', { soql: 'SELECT Id, Name FROM Contact', target: 'cache', format: 'csv' });
    await settled(started.exportId);
    expect(fileOf(started.exportId)).toBeDefined();
    const [connection] = await h.call('connections:list', {});
    await h.call('connections:disconnect', { connectionId: connection.id, discardUnsentChanges: true });
    await expect.poll(() => fileOf(started.exportId)).toBeUndefined();
  });
});
