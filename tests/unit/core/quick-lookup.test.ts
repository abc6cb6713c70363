/**
 * The quick lookup over the cache (search/lookup.read.ts, search/row-objects.ts): groups in the
 * registry's order with exact totals, the best few per object with their glance fields, locally
 * deleted rows hidden, and the in-memory rowid → object map kept right through writes from this
 * connection and from another one, and through a rowid SQLite gives again.
 */
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeRecord, OBJECT_REGISTRY, OBJECT_SPECS, type CachedObject } from '../../../src/main/core/cache/objects';
import type { CacheDb } from '../../../src/main/core/cache/org-cache';
import { ftsPrefixQuery } from '../../../src/main/core/cache/records.read';
import { applyLocalChange, markDeleted, removeRecords, upsertRecords } from '../../../src/main/core/cache/records.repo';
import { deferIndexes, finishIndexes } from '../../../src/main/core/cache/deferred-indexes';
import { lookupCache } from '../../../src/main/core/search/lookup.read';
import { fillCache, idOf, openTempCache, syntheticRecords } from './records-fixture';

let db: CacheDb;
let dir: string;
beforeEach(() => {
  ({ db, dir } = openTempCache());
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const STAMP = '2026-01-01T00:00:00.000+0000';
const rec = (object: CachedObject, fields: Record<string, unknown>) => normalizeRecord(OBJECT_SPECS[object], { SystemModstamp: STAMP, ...fields });

/** The same question answered the slow, obvious way: every match joined to its row. */
function referenceTotals(text: string): Record<string, number> {
  const rows = db
    .prepare(
      `SELECT r.object, count(*) AS n FROM records_fts f JOIN records r ON r.rid = f.rowid
        WHERE records_fts MATCH ? AND r.local_state <> 'deleted' GROUP BY r.object`,
    )
    .all(ftsPrefixQuery(text)) as Array<{ object: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.object, r.n]));
}

const totalsOf = (text: string) => Object.fromEntries(lookupCache(db, text).map((g) => [g.object, g.total]));

describe('lookupCache', () => {
  beforeEach(() => {
    for (const object of OBJECT_REGISTRY.names) fillCache(db, object, syntheticRecords(object, object === 'Campaign' ? 10 : 120, 3));
  });

  it('groups by object in the registry order, with every match counted and at most perObject shown', () => {
    for (const text of ['acme', 'a', 'c1', 'stark 1', '555', 'example', 'deal']) {
      const groups = lookupCache(db, text, { perObject: 3 });
      expect(totalsOf(text), text).toEqual(referenceTotals(text));
      const order = groups.map((g) => OBJECT_REGISTRY.names.indexOf(g.object));
      expect(
        [...order].sort((a, b) => a - b),
        text,
      ).toEqual(order);
      for (const group of groups) {
        expect(group.total).toBeGreaterThan(0);
        expect(group.records.length).toBe(Math.min(3, group.total));
      }
    }
    // Some objects have more matches than the candidates ranked (40): the name pass runs too.
    expect(lookupCache(db, 'example').some((g) => g.total > 40)).toBe(true);
  });

  it('shows only the objects asked for, and nothing for text with nothing searchable', () => {
    expect(lookupCache(db, 'acme', { objects: ['Lead', 'Contact'] }).map((g) => g.object)).toEqual(['Contact', 'Lead']);
    expect(lookupCache(db, '  ')).toEqual([]);
    expect(lookupCache(db, '"* AND (')).toEqual([]);
    expect(lookupCache(db, 'zzzqqq')).toEqual([]);
  });

  it('finds a name that starts with the text even when many more records match on other columns', () => {
    // 60 contacts whose account is "Zephyr…" (a match on account name), then one named Zephyr.
    const many = Array.from({ length: 60 }, (_, i) =>
      rec('Contact', { Id: idOf('Contact', 5000 + i), Name: `Person ${i}`, LastName: `Person ${i}`, Account: { Name: 'Zephyr Holdings' } }),
    );
    upsertRecords(db, 'Contact', [...many, rec('Contact', { Id: idOf('Contact', 6000), Name: 'Zephyrine Ola', LastName: 'Ola' })]);
    const contacts = lookupCache(db, 'zephyr').find((g) => g.object === 'Contact');
    expect(contacts?.total).toBe(61);
    expect(contacts?.records[0].title).toBe('Zephyrine Ola');
  });
});

describe('what a rep sees at a glance', () => {
  it('reads each object’s fields: phone, email, account, title, company, stage and amount with currency, case number and status', () => {
    upsertRecords(db, 'Contact', [
      rec('Contact', {
        Id: idOf('Contact', 1),
        Name: 'Quinn Glance',
        Email: 'quinn@example.com',
        MobilePhone: '+1 555 0101',
        Title: 'Buyer',
        Account: { Name: 'Glance Corp' },
      }),
    ]);
    upsertRecords(db, 'Opportunity', [
      rec('Opportunity', {
        Id: idOf('Opportunity', 1),
        Name: 'Glance renewal',
        StageName: 'Negotiation/Review',
        Amount: 125000,
        CurrencyIsoCode: 'EUR',
        CloseDate: '2026-03-31',
        Account: { Name: 'Glance Corp' },
      }),
    ]);
    upsertRecords(db, 'Lead', [
      rec('Lead', { Id: idOf('Lead', 1), Name: 'Lee Glance', Company: 'Glance Labs', Title: 'CTO', Phone: '555-0102', Status: 'Working - Contacted' }),
    ]);
    upsertRecords(db, 'Case', [
      rec('Case', { Id: idOf('Case', 1), Subject: 'Glance printer jam', CaseNumber: '00001001', Status: 'Escalated', SuppliedEmail: 'help@glance.example' }),
    ]);
    const byObject = Object.fromEntries(lookupCache(db, 'glance').map((g) => [g.object, g.records[0]]));
    expect(byObject.Contact).toMatchObject({
      title: 'Quinn Glance',
      email: 'quinn@example.com',
      phone: '+1 555 0101',
      jobTitle: 'Buyer',
      accountName: 'Glance Corp',
      amount: null,
    });
    expect(byObject.Opportunity).toMatchObject({
      title: 'Glance renewal',
      stage: 'Negotiation/Review',
      amount: 125000,
      currency: 'EUR',
      date: '2026-03-31',
      accountName: 'Glance Corp',
      phone: null,
    });
    expect(byObject.Lead).toMatchObject({ company: 'Glance Labs', jobTitle: 'CTO', phone: '555-0102', status: 'Working - Contacted', email: null });
    expect(byObject.Case).toMatchObject({ title: 'Glance printer jam', caseNumber: '00001001', status: 'Escalated', email: 'help@glance.example' });
    expect(byObject.Contact.id).toBe(idOf('Contact', 1));
  });
});

describe('keeping the rowid → object map right', () => {
  it('sees rows written after the first lookup, and hides locally deleted and removed ones', () => {
    expect(lookupCache(db, 'orla')).toEqual([]);
    upsertRecords(db, 'Contact', [rec('Contact', { Id: idOf('Contact', 1), Name: 'Orla Quick', LastName: 'Quick' })]);
    applyLocalChange(db, { object: 'Lead', id: 'local-1', kind: 'create', fields: { Name: 'Orla Lead', LastName: 'Lead', Company: 'Orla Inc' } });
    expect(lookupCache(db, 'orla').map((g) => [g.object, g.total])).toEqual([
      ['Contact', 1],
      ['Lead', 1],
    ]);
    expect(markDeleted(db, 'Contact', idOf('Contact', 1))).toBe(true);
    expect(lookupCache(db, 'orla').map((g) => g.object)).toEqual(['Lead']);
    upsertRecords(db, 'Account', [rec('Account', { Id: idOf('Account', 1), Name: 'Orla Holdings' })]);
    removeRecords(db, 'Account', [idOf('Account', 1)]);
    expect(lookupCache(db, 'orla').map((g) => g.object)).toEqual(['Lead']);
  });

  it('sees what another connection committed (the first load’s page writer)', () => {
    expect(lookupCache(db, 'petra')).toEqual([]);
    const other = new Database(db.name);
    try {
      upsertRecords(other, 'Lead', [rec('Lead', { Id: idOf('Lead', 7), Name: 'Petra Writer', LastName: 'Writer', Company: 'Elsewhere' })]);
    } finally {
      other.close();
    }
    expect(lookupCache(db, 'petra').map((g) => [g.object, g.total, g.records[0].title])).toEqual([['Lead', 1, 'Petra Writer']]);
  });

  it('does not mistake a rowid given again to a row of another object', () => {
    upsertRecords(db, 'Account', [rec('Account', { Id: idOf('Account', 1), Name: 'Reuse Account' })]);
    upsertRecords(db, 'Contact', [rec('Contact', { Id: idOf('Contact', 1), Name: 'Reuse Top', LastName: 'Top' })]);
    const top = db.prepare(`SELECT rid FROM records WHERE object = 'Contact'`).pluck().get() as number;
    expect(lookupCache(db, 'reuse').map((g) => g.object)).toEqual(['Account', 'Contact']);
    removeRecords(db, 'Contact', [idOf('Contact', 1)]);
    upsertRecords(db, 'Campaign', [rec('Campaign', { Id: idOf('Campaign', 1), Name: 'Reuse Campaign' })]);
    // SQLite gave the new campaign the rowid the removed contact had.
    expect(db.prepare(`SELECT rid FROM records WHERE object = 'Campaign'`).pluck().get()).toBe(top);
    expect(lookupCache(db, 'reuse').map((g) => [g.object, g.records.map((r) => r.title)])).toEqual([
      ['Account', ['Reuse Account']],
      ['Campaign', ['Reuse Campaign']],
    ]);
  });

  it('answers the same while a first load defers the FTS index (the columns are scanned)', () => {
    for (const object of ['Account', 'Contact', 'Lead'] as const) fillCache(db, object, syntheticRecords(object, 60, 5));
    const withIndex = lookupCache(db, 'stark', { perObject: 20 });
    deferIndexes(db);
    const scanned = lookupCache(db, 'stark', { perObject: 20 });
    expect(scanned.map((g) => [g.object, g.total])).toEqual(withIndex.map((g) => [g.object, g.total]));
    expect(scanned.flatMap((g) => g.records.map((r) => r.id)).sort()).toEqual(withIndex.flatMap((g) => g.records.map((r) => r.id)).sort());
    finishIndexes(db);
    expect(lookupCache(db, 'stark', { perObject: 20 })).toEqual(withIndex);
  });
});
