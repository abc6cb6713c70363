/** Cache writes (sync and outbox helpers) and search as you type. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalDatetime, normalizeRecord, OBJECT_SPECS } from '../../../src/main/core/cache/objects';
import { openOrgCache, type CacheDb } from '../../../src/main/core/cache/org-cache';
import { countRecords, ftsPrefixQuery, getCachedRecord } from '../../../src/main/core/cache/records.read';
import { searchCache } from '../../../src/main/core/search/search.read';
import { deferIndexes, finishIndexes } from '../../../src/main/core/cache/deferred-indexes';
import { applyLocalChange, markDeleted, markSynced, removeRecords, upsertRecords } from '../../../src/main/core/cache/records.repo';

let dir: string;
let db: CacheDb;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atom-cache-'));
  db = openOrgCache(dir, 'c');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const contact = (id: string, name: string, extra: Record<string, unknown> = {}) =>
  normalizeRecord(OBJECT_SPECS.Contact, {
    Id: id,
    Name: name,
    SystemModstamp: '2024-05-01T10:00:00.000+0000',
    LastModifiedDate: '2024-05-01T10:00:00.000+0000',
    Account: { Name: 'Acme Corp' },
    ...extra,
  });

describe('normalizeRecord', () => {
  it('flattens REST relationships and Bulk CSV columns to the same typed record', () => {
    const rest = normalizeRecord(OBJECT_SPECS.Opportunity, {
      Id: '006A',
      Amount: 12.5,
      IsClosed: false,
      Account: { Name: 'Acme' },
      SystemModstamp: '2024-01-02T03:04:05.000+0000',
    });
    const bulk = normalizeRecord(OBJECT_SPECS.Opportunity, {
      Id: '006A',
      Amount: '12.5',
      IsClosed: 'false',
      'Account.Name': 'Acme',
      SystemModstamp: '2024-01-02T03:04:05.000Z',
      CloseDate: '',
    });
    expect(bulk).toEqual(rest);
    expect(rest).toMatchObject({ Amount: 12.5, IsClosed: false, 'Account.Name': 'Acme', SystemModstamp: '2024-01-02T03:04:05.000Z', CloseDate: null });
  });

  it('canonicalDatetime gives one sortable text form', () => {
    expect(canonicalDatetime('2024-01-02T03:04:05.000+0000')).toBe('2024-01-02T03:04:05.000Z');
    expect(canonicalDatetime('2024-01-02T05:04:05.000+02:00')).toBe('2024-01-02T03:04:05.000Z');
  });
});

describe('sync writes', () => {
  it('upserts by (object, id) and removes; never touches rows with a pending local change', () => {
    upsertRecords(db, 'Contact', [contact('003A', 'Ada Lovelace'), contact('003B', 'Grace Hopper')]);
    upsertRecords(db, 'Contact', [contact('003A', 'Ada Byron')]);
    expect(countRecords(db).Contact).toBe(2);
    expect(getCachedRecord(db, 'Contact', '003A')?.fields.Name).toBe('Ada Byron');

    applyLocalChange(db, { object: 'Contact', id: '003A', kind: 'update', fields: { Title: 'Countess' } });
    expect(getCachedRecord(db, 'Contact', '003A')).toMatchObject({ localState: 'modified', fields: { Name: 'Ada Byron', Title: 'Countess' } });
    upsertRecords(db, 'Contact', [contact('003A', 'Server Name')]);
    expect(removeRecords(db, 'Contact', ['003A'])).toBe(0);
    expect(getCachedRecord(db, 'Contact', '003A')?.fields).toMatchObject({ Name: 'Ada Byron', Title: 'Countess' });

    markSynced(db, 'Contact', '003A', contact('003A', 'Ada Byron', { Title: 'Countess', SystemModstamp: '2024-06-01T00:00:00.000Z' }));
    expect(getCachedRecord(db, 'Contact', '003A')).toMatchObject({ localState: 'synced', systemModstamp: '2024-06-01T00:00:00.000Z' });
    expect(removeRecords(db, 'Contact', ['003A', '003B'])).toBe(2);
    expect(countRecords(db).Contact).toBe(0);
  });

  it('refuses records without Id or SystemModstamp', () => {
    expect(() => upsertRecords(db, 'Lead', [{ Id: '00Q1', SystemModstamp: null }])).toThrow(/SystemModstamp/);
  });

  it('local creates and deletes: created rows stay created; deleted rows leave search and counts', () => {
    applyLocalChange(db, { object: 'Lead', id: 'local-1', kind: 'create', fields: { Name: 'Nina Newlead', Company: 'Startup' } });
    applyLocalChange(db, { object: 'Lead', id: 'local-1', kind: 'update', fields: { Email: 'nina@startup.io' } });
    expect(getCachedRecord(db, 'Lead', 'local-1')?.localState).toBe('created');
    expect(searchCache(db, 'nina').map((h) => h.id)).toEqual(['local-1']);
    markSynced(db, 'Lead', '00Q000000000001AAA', { ...contact('x', 'y'), Id: '00Q000000000001AAA', Name: 'Nina Newlead' }, 'local-1');
    expect(getCachedRecord(db, 'Lead', 'local-1')).toBeUndefined();

    upsertRecords(db, 'Contact', [contact('003A', 'Ada Lovelace')]);
    expect(markDeleted(db, 'Contact', '003A')).toBe(true);
    expect(searchCache(db, 'ada')).toEqual([]);
    expect(countRecords(db).Contact).toBe(0);
  });
});

describe('searchCache', () => {
  beforeEach(() => {
    upsertRecords(db, 'Contact', [
      contact('003A', 'Ada Lovelace', { Email: 'ada@analytical.org', Phone: '(415) 555-0100' }),
      contact('003B', 'Adam Smith', { Email: 'adam@wealth.co' }),
      contact('003C', 'Zoë Adams'),
    ]);
    upsertRecords(db, 'Lead', [
      normalizeRecord(OBJECT_SPECS.Lead, { Id: '00QA', Name: 'Bob Builder', Company: 'Adaptive Inc', SystemModstamp: '2024-01-01T00:00:00Z' }),
    ]);
  });

  it('matches every word by prefix over name, email, phone, company and account name', () => {
    expect(
      searchCache(db, 'ada')
        .map((h) => h.id)
        .sort(),
    ).toEqual(['003A', '003B', '003C', '00QA']);
    expect(searchCache(db, 'ada lov').map((h) => h.id)).toEqual(['003A']);
    expect(searchCache(db, 'wealth').map((h) => h.id)).toEqual(['003B']);
    expect(searchCache(db, '555-01').map((h) => h.id)).toEqual(['003A']);
    expect(searchCache(db, 'acme').length).toBe(3);
    expect(searchCache(db, 'zoe').map((h) => h.title)).toEqual(['Zoë Adams']);
  });

  it('ranks the small result set: names starting with the text first, shorter first', () => {
    expect(searchCache(db, 'ada', { objects: ['Contact'] }).map((h) => h.title)).toEqual(['Adam Smith', 'Ada Lovelace', 'Zoë Adams']);
  });

  it('filters by object, honours the limit and gives a subtitle', () => {
    expect(searchCache(db, 'ada', { objects: ['Lead'] })).toEqual([{ object: 'Lead', id: '00QA', title: 'Bob Builder', subtitle: 'Adaptive Inc' }]);
    expect(searchCache(db, 'ada', { limit: 2 })).toHaveLength(2);
    expect(searchCache(db, 'ada lov')[0].subtitle).toBe('Acme Corp · ada@analytical.org');
  });

  it('finds a case by its number (the Cases list shows it), with the number in the subtitle', () => {
    upsertRecords(db, 'Case', [
      normalizeRecord(OBJECT_SPECS.Case, {
        Id: '500A',
        CaseNumber: '00001027',
        Subject: 'Printer jams',
        Status: 'New',
        Account: { Name: 'Acme Corp' },
        SystemModstamp: '2024-01-01T00:00:00Z',
      }),
    ]);
    expect(searchCache(db, '00001027')).toEqual([{ object: 'Case', id: '500A', title: 'Printer jams', subtitle: '00001027 · Acme Corp · New' }]);
    expect(searchCache(db, '0000102').map((h) => h.id)).toEqual(['500A']);
    // While a first load defers the FTS index, the column scan finds it too.
    deferIndexes(db);
    expect(searchCache(db, '00001027').map((h) => h.id)).toEqual(['500A']);
    finishIndexes(db);
    expect(searchCache(db, '00001027').map((h) => h.id)).toEqual(['500A']);
  });

  it('leaves out a subtitle part that repeats the title (an account is its own company)', () => {
    upsertRecords(db, 'Account', [
      normalizeRecord(OBJECT_SPECS.Account, { Id: '001A', Name: 'Alder Health SA', SystemModstamp: '2024-01-01T00:00:00Z' }),
      normalizeRecord(OBJECT_SPECS.Account, { Id: '001B', Name: 'Alder Foods', Phone: '555 0101', SystemModstamp: '2024-01-01T00:00:00Z' }),
    ]);
    const hits = searchCache(db, 'alder', { objects: ['Account'] });
    expect(hits.find((h) => h.id === '001A')?.subtitle).toBeNull();
    expect(hits.find((h) => h.id === '001B')?.subtitle).toBe('555 0101');
  });

  it('treats FTS syntax in the text as plain words, and empty text as no search', () => {
    expect(ftsPrefixQuery('a"b OR NEAR(')).toBe('"a"* AND "b"* AND "or"* AND "near"*');
    expect(() => searchCache(db, '"* AND (')).not.toThrow();
    expect(searchCache(db, '  ')).toEqual([]);
    expect(searchCache(db, '***')).toEqual([]);
  });
});
