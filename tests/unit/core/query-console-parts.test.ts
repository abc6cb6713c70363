/**
 * Parts of the SOQL console's core on their own: the SELECT-only gate and where a query stops
 * parsing; the saved queries file's validation on import; the autocomplete schema when the org
 * cannot be reached; `query-export` progress coalesced per export (two exports never swallow each
 * other's final state); browser mode's one-time download tokens.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventBus } from '../../../src/main/core/events/event-bus';
import { createDownloads, DOWNLOAD_TTL_MS } from '../../../src/main/core/query/export/downloads';
import { createExportSaver } from '../../../src/main/core/query/export/save-export';
import { createQuerySchema } from '../../../src/main/core/query/query-schema';
import { exportDocument, importDocument } from '../../../src/main/core/query/saved-transfer';
import { soqlProblem } from '../../../src/main/core/query/soql-guard';
import type { RawConnection } from '../../../src/main/core/salesforce/gateway';
import { AppError } from '../../../src/shared/errors';
import type { AtomEvent } from '../../../src/shared/ipc';
import type { ExportProgressEvent } from '../../../src/shared/ipc/query.contract';
import { OBJECT_REGISTRY } from '../../../src/shared/objects/registry';
import { openTempCache } from './records-fixture';

describe('the SELECT-only gate', () => {
  it.each([
    ['DELETE FROM Account', 'DELETE'],
    ['\n  merge Account', 'MERGE'],
    ['(UPDATE Account)', 'UPDATE'],
  ])('%j is refused by name', (soql, word) => {
    expect(soqlProblem(soql)?.message).toBe(
      `Only SELECT queries can run here: this one starts with "${word}". The console reads data; it never changes or deletes it.`,
    );
  });

  it('says where a query stops parsing', () => {
    expect(soqlProblem('SELECT Id FROM Account WHERE Name = ')).toEqual({
      message: 'The query ends too early: a value or clause is missing',
      line: 1,
      column: 36,
    });
    // The second "Name" is where it fails, not the first.
    expect(soqlProblem('SELECT Name\nFROM Account\nWHERE Name Name')).toMatchObject({ line: 3, column: 12 });
    expect(soqlProblem("SELECT Id FROM Account WHERE Name = 'unterminated")).toMatchObject({ line: 1, column: expect.any(Number) });
    expect(soqlProblem('SELECT Id, (SELECT Id FROM Contacts) FROM Account WHERE Id IN (SELECT AccountId FROM Contact)')).toBeNull();
  });
});

describe('importing saved queries', () => {
  const doc = (queries: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ format: 'atom-saved-queries', version: 1, queries, ...extra });
  const refusal = (json: string) => {
    try {
      importDocument(json);
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('INVALID_INPUT');
      return (err as AppError).message;
    }
    throw new Error('accepted');
  };

  it('reads back what the export wrote', () => {
    const at = new Date('2026-12-03T06:00:00Z');
    const saved = [{ id: 'x', name: 'Été 🎉', folder: 'Q4', description: 'with "quotes"', soql: 'SELECT Id FROM Account', createdAt: '', updatedAt: '' }];
    const exported = exportDocument(saved, { org: 'me@example.com', at });
    expect(exported.fileName).toBe('saved-queries-2026-12-03.json');
    expect(importDocument(exported.json)).toEqual([{ name: 'Été 🎉', folder: 'Q4', description: 'with "quotes"', soql: 'SELECT Id FROM Account' }]);
  });

  it('fills defaults and drops unknown keys', () => {
    expect(importDocument(doc([{ name: ' Trimmed ', soql: 'SELECT Id FROM Lead', id: 'ignored', extra: 1 }]))).toEqual([
      { name: 'Trimmed', folder: '', description: '', soql: 'SELECT Id FROM Lead' },
    ]);
  });

  it.each([
    ['not JSON', '{nope', "The file can't be imported: it is not JSON."],
    ['another format', doc([], { format: 'other' }), "The file can't be imported: this is not a saved queries file."],
    ['a newer version', doc([], { version: 2 }), "The file can't be imported: this file was made by a newer version of the app."],
    ['no queries array', JSON.stringify({ format: 'atom-saved-queries', version: 1 }), "The file can't be imported:"],
    ['a query without a name', doc([{ name: '  ', soql: 'SELECT Id FROM Lead' }]), "The file can't be imported: query 1: a query has no name."],
    ['a name too long', doc([{ name: 'x'.repeat(121), soql: 'SELECT Id FROM Lead' }]), 'query 1: a name is longer than 120 characters'],
    ['a folder too long', doc([{ name: 'a', folder: 'f'.repeat(81), soql: 'SELECT Id FROM Lead' }]), 'query 1: a folder name is longer than 80 characters'],
    ['an empty SOQL', doc([{ name: 'a', soql: ' ' }]), 'query 1: Write a query first'],
    [
      'a non-SELECT',
      doc([
        { name: 'a', soql: 'SELECT Id FROM Lead' },
        { name: 'b', soql: 'DELETE FROM Lead' },
      ]),
      'query 2 ("b"): Only SELECT queries can run here',
    ],
    ['a SOQL that does not parse', doc([{ name: 'a', soql: 'SELECT FROM' }]), 'query 1 ("a"): '],
    [
      'a name twice in a folder',
      doc([
        { name: 'a', folder: 'F', soql: 'SELECT Id FROM Lead' },
        { name: 'a', folder: 'F', soql: 'SELECT Id FROM Case' },
      ]),
      'query 2: "a" appears twice in the folder "F"',
    ],
  ])('refuses %s', (_what, json, message) => {
    expect(refusal(json)).toContain(message);
  });

  it('allows the same name in two folders', () => {
    expect(
      importDocument(
        doc([
          { name: 'a', folder: 'F', soql: 'SELECT Id FROM Lead' },
          { name: 'a', soql: 'SELECT Id FROM Case' },
        ]),
      ),
    ).toHaveLength(2);
  });
});

describe('the autocomplete schema offline', () => {
  const opened: string[] = [];
  afterEach(() => {
    for (const dir of opened.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const describeGlobal = {
    sobjects: [
      { name: 'Account', label: 'Account', queryable: true },
      { name: 'AccountShare', label: 'Share', queryable: false },
      { name: 'User', label: 'User', queryable: true },
    ],
  };
  const describeAccount = {
    name: 'Account',
    label: 'Account',
    fields: [
      { name: 'Id', label: 'Account ID', type: 'id', filterable: true, sortable: true, groupable: true, aggregatable: true },
      {
        name: 'Industry',
        label: 'Industry',
        type: 'picklist',
        picklistValues: [
          { value: 'Banking', label: 'Banking', active: true },
          { value: 'Old', label: 'Old', active: false },
        ],
      },
    ],
    childRelationships: [
      { relationshipName: 'Contacts', childSObject: 'Contact', field: 'AccountId' },
      { relationshipName: null, childSObject: 'X', field: 'Y' },
    ],
  };

  function setup() {
    const { db, dir } = openTempCache();
    opened.push(dir);
    let clock = 0;
    let failWith: unknown = null;
    const requestJson = vi.fn(async (_method: string, url: string) => {
      if (failWith) throw failWith;
      return url.endsWith('/sobjects') ? describeGlobal : describeAccount;
    });
    const raw = { instanceUrl: 'https://x.my.salesforce.com', version: '62.0', requestJson, getCsv: vi.fn() } as unknown as RawConnection;
    const reader = createQuerySchema({ registry: OBJECT_REGISTRY, now: () => clock, ttlMs: 1_000 });
    const src = { db, connection: async () => raw };
    return { reader, src, requestJson, tick: (ms: number) => (clock += ms), fail: (err: unknown) => (failWith = err) };
  }

  it('serves the stored copy while fresh, and when stale and the org cannot be reached', async () => {
    const t = setup();
    const fresh = await t.reader.schema(t.src, 'Account');
    expect(fresh.source).toBe('org');
    expect(fresh.objects).toEqual([
      { name: 'Account', label: 'Account', cached: true },
      { name: 'User', label: 'User', cached: false },
    ]);
    expect(fresh.object?.fields[1].picklistValues).toEqual([{ value: 'Banking', label: 'Banking' }]);
    expect(fresh.object?.childRelationships).toEqual([{ relationshipName: 'Contacts', childSObject: 'Contact', field: 'AccountId' }]);
    expect(t.requestJson).toHaveBeenCalledTimes(2);
    expect(await t.reader.schema(t.src, 'Account')).toEqual({ ...fresh, source: 'cache' });
    expect(t.requestJson).toHaveBeenCalledTimes(2);
    t.tick(5_000);
    t.fail(new AppError('NETWORK', 'offline'));
    expect(await t.reader.schema(t.src, 'Account')).toEqual({ ...fresh, source: 'cache' });
    // A refusal that is not about reaching the org is the caller's to see.
    t.fail(new AppError('PERMISSION_DENIED', 'no'));
    await expect(t.reader.schema(t.src, 'Account')).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
  });

  it('never read and offline: the registry’s objects and a cached object’s synced fields', async () => {
    const t = setup();
    t.fail(new AppError('NETWORK', 'offline'));
    const schema = await t.reader.schema(t.src, 'Contact');
    expect(schema.source).toBe('cache');
    expect(schema.objects.every((o) => o.cached)).toBe(true);
    expect(schema.objects.map((o) => o.name)).toContain('Opportunity');
    const account = schema.object!.fields.find((f) => f.name === 'AccountId')!;
    expect(account).toMatchObject({ type: 'reference', relationshipName: 'Account', referenceTo: ['Account'] });
    expect(schema.object!.cachedFields).toContain('Account.Name');
    await expect(t.reader.schema(t.src, 'Opportunity__x')).rejects.toMatchObject({ code: 'NETWORK' });
  });
});

describe('query-export progress on the push channel', () => {
  it('is coalesced per export: two exports side by side both deliver their final state', () => {
    let now = 0;
    const timers: Array<{ at: number; run: () => void; off: boolean }> = [];
    const bus = createEventBus({
      log: { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() },
      now: () => now,
      setTimer: (run, ms) => {
        const timer = { at: now + ms, run, off: false };
        timers.push(timer);
        return timer;
      },
      clearTimer: (timer) => void ((timer as { off: boolean }).off = true),
    });
    const seen: ExportProgressEvent[] = [];
    bus.subscribe((e: AtomEvent) => seen.push(e.payload as ExportProgressEvent));
    const event = (exportId: string, state: ExportProgressEvent['state'], rows: number): ExportProgressEvent => ({
      exportId,
      state,
      method: 'rest',
      rows,
      totalRows: null,
      bytes: rows * 10,
      fileName: 'Account.csv',
      error: null,
    });
    const a = 'aaaaaaaa-0000-4000-8000-000000000001';
    const b = 'bbbbbbbb-0000-4000-8000-000000000002';
    bus.publish('query-export', event(a, 'running', 0));
    bus.publish('query-export', event(b, 'running', 0));
    now += 10;
    bus.publish('query-export', event(a, 'running', 500));
    bus.publish('query-export', event(a, 'done', 800));
    bus.publish('query-export', event(b, 'cancelled', 300));
    now += 300;
    for (const t of timers.filter((t) => !t.off && t.at <= now)) t.run();
    const last = (id: string) => seen.filter((e) => e.exportId === id).at(-1);
    expect(last(a)).toMatchObject({ state: 'done', rows: 800 });
    expect(last(b)).toMatchObject({ state: 'cancelled', rows: 300 });
  });
});

describe('one-time downloads', () => {
  it('a token is 256 random bits, good once and for a few minutes', () => {
    let now = 0;
    const downloads = createDownloads(() => now);
    const file = { file: '/tmp/x.csv', fileName: 'Account.csv', contentType: 'text/csv; charset=utf-8' };
    const url = downloads.register(file);
    expect(url).toMatch(/^\/api\/downloads\/[A-Za-z0-9_-]{43}$/);
    const token = url.slice('/api/downloads/'.length);
    expect(downloads.register(file)).not.toBe(url);
    expect(downloads.take('../../etc/passwd')).toBeUndefined();
    expect(downloads.take(token)).toEqual(file);
    expect(downloads.take(token)).toBeUndefined();
    const late = downloads.register(file).slice('/api/downloads/'.length);
    now += DOWNLOAD_TTL_MS;
    expect(downloads.take(late)).toBeUndefined();
  });
});

describe('handing a finished export to the user', () => {
  const finished = { file: '/data/tmp/exports/x.csv', fileName: 'Account-2026.csv', contentType: 'text/csv; charset=utf-8' };
  const exports = {
    finished: (id: string) => {
      if (id !== 'done-export') throw new Error('not done');
      return finished;
    },
    release: vi.fn(async () => undefined),
  };
  afterEach(() => exports.release.mockClear());

  it('Electron: the host’s save dialog gets the file, and says where it went', async () => {
    const saveFile = vi.fn(async (): Promise<{ saved: boolean; path: string | null }> => ({ saved: true, path: '/home/me/Downloads/Account-2026.csv' }));
    const downloads = createDownloads();
    const save = createExportSaver({ exports, desktop: { saveFile }, downloads });
    expect(await save('done-export')).toEqual({ saved: true, path: '/home/me/Downloads/Account-2026.csv', downloadUrl: null });
    expect(saveFile).toHaveBeenCalledWith(finished);
    // Saved: the export and its temporary file are released.
    expect(exports.release).toHaveBeenCalledWith('done-export');
    exports.release.mockClear();
    saveFile.mockResolvedValueOnce({ saved: false, path: null });
    expect(await save('done-export')).toEqual({ saved: false, path: null, downloadUrl: null });
    // A dismissed dialog keeps it, to be saved again.
    expect(exports.release).not.toHaveBeenCalled();
  });

  it('browser mode: a one-time download URL for that file', async () => {
    const downloads = createDownloads();
    const result = await createExportSaver({ exports, downloads })('done-export');
    expect(result).toMatchObject({ saved: false, path: null });
    const { served, ...taken } = downloads.take(result.downloadUrl!.slice('/api/downloads/'.length))!;
    expect(taken).toEqual(finished);
    // Released once the bridge has sent it whole, not before.
    expect(exports.release).not.toHaveBeenCalled();
    served!();
    expect(exports.release).toHaveBeenCalledWith('done-export');
  });
});
