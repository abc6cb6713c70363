/**
 * records:list over a synthetic org cache: every whitelisted sort (order checked against a JS sort,
 * and served by an index), filters, search, windowing, local changes, never-synced, and a 20,000-
 * row list (its first-window time is printed, not asserted).
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHED_OBJECTS, type CachedObject, type FlatRecord } from '../../../src/main/core/cache/objects';
import type { CacheDb } from '../../../src/main/core/cache/org-cache';
import { applyLocalChange, markDeleted } from '../../../src/main/core/cache/records.repo';
import { buildListQuery } from '../../../src/main/core/records/list-sql';
import { listRecords } from '../../../src/main/core/records/records-read';
import type { ParsedListQuery } from '../../../src/main/core/records/types';
import { RecordListPage, RecordListQuery, SORT_FIELDS, type RecordListQuery as ListInput } from '../../../src/shared/ipc/records.contract';
import { listRowFieldsOf, objectDef } from '../../../src/shared/objects/registry';
import { ME, fillCache, idOf, openTempCache, syntheticRecords } from './records-fixture';

const COUNTS: Record<CachedObject, number> = { Account: 300, Contact: 400, Opportunity: 500, Lead: 300, Case: 400, Task: 200, Event: 100, Campaign: 60 };

let db: CacheDb;
let dir: string;
const data = new Map<CachedObject, FlatRecord[]>();

beforeAll(() => {
  ({ db, dir } = openTempCache());
  CACHED_OBJECTS.forEach((object, i) => {
    const rows = syntheticRecords(object, COUNTS[object], i + 1);
    data.set(object, rows);
    fillCache(db, object, rows);
  });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Parses like the gate does, runs the query, and checks the answer against the output schema. */
function list(input: ListInput, userId: string | null = ME) {
  const page = listRecords(db, RecordListQuery.parse(input) as ParsedListQuery, userId);
  return RecordListPage.parse(page);
}

/** SQLite's NOCASE folds ASCII letters only. */
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
type Key = string | number | boolean | null;
function compareKeys(a: Key, b: Key): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = asciiLower(String(a));
  const y = asciiLower(String(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The order records:list promises: by the field (NULLs first ascending), ties by Id in the index's direction. */
function expectedOrder(object: CachedObject, rows: FlatRecord[], field: string, dir: 'asc' | 'desc'): string[] {
  const sign = dir === 'asc' ? 1 : -1;
  const idSign = field === 'LastModifiedDate' ? -sign : sign;
  return [...rows]
    .sort((a, b) => sign * compareKeys(a[field] ?? null, b[field] ?? null) || idSign * (String(a.Id) < String(b.Id) ? -1 : 1))
    .map((r) => String(r.Id));
}

function allIds(input: ListInput, window = 97): string[] {
  const ids: string[] = [];
  for (let offset = 0; ; offset += window) {
    const page = list({ ...input, offset, limit: window });
    ids.push(...page.rows.map((r) => r.Id));
    if (page.rows.length < window) return ids;
  }
}

describe('records:list sorting', () => {
  for (const object of CACHED_OBJECTS) {
    for (const field of SORT_FIELDS[object]) {
      it(`${object} by ${field}, both directions, windows stitch into the full order`, () => {
        for (const sortDir of ['asc', 'desc'] as const) {
          const ids = allIds({ object, sortBy: field, sortDir } as ListInput);
          expect(ids).toEqual(expectedOrder(object, data.get(object)!, field, sortDir));
        }
      });
    }
  }

  it('every whitelisted sort of the big objects is served by an index (no temporary sort)', () => {
    // Campaigns are few: their lists sort without an index (migration 0003).
    for (const object of CACHED_OBJECTS.filter((o) => o !== 'Campaign')) {
      for (const field of SORT_FIELDS[object]) {
        for (const sortDir of ['asc', 'desc'] as const) {
          const built = buildListQuery(RecordListQuery.parse({ object, sortBy: field, sortDir }) as ParsedListQuery, ME);
          const plan = db
            .prepare(`EXPLAIN QUERY PLAN SELECT id FROM records WHERE ${built.where} ORDER BY ${built.orderBy} LIMIT 10 OFFSET 0`)
            .all(...built.params) as Array<{ detail: string }>;
          const text = plan.map((p) => p.detail).join(' | ');
          expect(text, `${object}.${field} ${sortDir}`).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
          expect(text, `${object}.${field} ${sortDir}`).toMatch(/USING (COVERING )?INDEX/);
        }
      }
    }
  });

  it("refuses a sort column outside the object's whitelist", () => {
    expect(RecordListQuery.safeParse({ object: 'Lead', sortBy: 'Amount' }).success).toBe(false);
    expect(RecordListQuery.safeParse({ object: 'Opportunity', sortBy: 'fields; DROP TABLE records' }).success).toBe(false);
    expect(RecordListQuery.safeParse({ object: 'Opportunity', limit: 501 }).success).toBe(false);
    // An object the registry does not declare (Task has been one since issue 11).
    expect(RecordListQuery.safeParse({ object: 'CampaignMember' }).success).toBe(false);
  });
});

describe('records:list filters and search', () => {
  const ids = (rows: FlatRecord[]) => rows.map((r) => String(r.Id)).sort();
  const got = (input: ListInput) => {
    const page = list({ ...input, limit: 500 });
    expect(page.totalCount).toBe(page.rows.length);
    return page.rows.map((r) => r.Id).sort();
  };
  const opps = () => data.get('Opportunity')!;

  it('Opportunity: stage, open/closed/won/lost, close-date range, account, owned by me', () => {
    expect(got({ object: 'Opportunity', filters: { stage: ['Prospecting', 'Closed Won'] } })).toEqual(
      ids(opps().filter((r) => r.StageName === 'Prospecting' || r.StageName === 'Closed Won')),
    );
    expect(got({ object: 'Opportunity', filters: { status: 'open' } })).toEqual(ids(opps().filter((r) => !r.IsClosed)));
    expect(got({ object: 'Opportunity', filters: { status: 'closed' } })).toEqual(ids(opps().filter((r) => r.IsClosed)));
    expect(got({ object: 'Opportunity', filters: { status: 'won' } })).toEqual(ids(opps().filter((r) => r.IsWon)));
    expect(got({ object: 'Opportunity', filters: { status: 'lost' } })).toEqual(ids(opps().filter((r) => r.IsClosed && !r.IsWon)));
    expect(got({ object: 'Opportunity', filters: { closeDateFrom: '2026-03-01', closeDateTo: '2026-05-31' } })).toEqual(
      ids(opps().filter((r) => String(r.CloseDate) >= '2026-03-01' && String(r.CloseDate) <= '2026-05-31')),
    );
    expect(got({ object: 'Opportunity', filters: { accountId: idOf('Account', 3) } })).toEqual(ids(opps().filter((r) => r.AccountId === idOf('Account', 3))));
    expect(got({ object: 'Opportunity', filters: { ownedByMe: true, status: 'open' } })).toEqual(ids(opps().filter((r) => r.OwnerId === ME && !r.IsClosed)));
  });

  it('Lead status and converted; Case status, priority, open; Campaign active; Account type', () => {
    const leads = data.get('Lead')!;
    expect(got({ object: 'Lead', filters: { status: ['Working - Contacted'] } })).toEqual(ids(leads.filter((r) => r.Status === 'Working - Contacted')));
    expect(got({ object: 'Lead', filters: { converted: false } })).toEqual(ids(leads.filter((r) => !r.IsConverted)));
    const cases = data.get('Case')!;
    expect(got({ object: 'Case', filters: { status: ['New', 'Escalated'], priority: ['High'] } })).toEqual(
      ids(cases.filter((r) => (r.Status === 'New' || r.Status === 'Escalated') && r.Priority === 'High')),
    );
    expect(got({ object: 'Case', filters: { open: true } })).toEqual(ids(cases.filter((r) => !r.IsClosed)));
    expect(got({ object: 'Case', filters: { contactId: idOf('Contact', 7) } })).toEqual(ids(cases.filter((r) => r.ContactId === idOf('Contact', 7))));
    expect(got({ object: 'Campaign', filters: { active: true } })).toEqual(ids(data.get('Campaign')!.filter((r) => r.IsActive)));
    expect(got({ object: 'Account', filters: { type: ['Customer'] } })).toEqual(ids(data.get('Account')!.filter((r) => r.Type === 'Customer')));
  });

  it('modifiedWithinDays keeps the rows changed since that many days before now, on every object, newest first from the index', () => {
    // The synthetic rows were modified between 2026-01-01 and 2026-01-12 (fixture BASE + up to 1e9 ms).
    const now = new Date('2026-01-13T00:00:00.000Z');
    const cutoff = new Date(now.getTime() - 5 * 86_400_000).toISOString();
    const windowed = (input: ListInput) => RecordListPage.parse(listRecords(db, RecordListQuery.parse({ ...input, limit: 500 }) as ParsedListQuery, ME, now));
    for (const object of CACHED_OBJECTS) {
      const recent = data.get(object)!.filter((r) => String(r.LastModifiedDate) >= cutoff);
      // Some, not all: the filter really cuts.
      expect(recent.length, object).toBeGreaterThan(0);
      expect(recent.length, object).toBeLessThan(data.get(object)!.length);
      const page = windowed({ object, sortBy: 'LastModifiedDate', sortDir: 'desc', filters: { modifiedWithinDays: 5 } } as ListInput);
      expect(page.totalCount, object).toBe(recent.length);
      expect(
        page.rows.map((r) => r.Id),
        object,
      ).toEqual(expectedOrder(object, recent, 'LastModifiedDate', 'desc'));
      // A window long enough for everything: all rows.
      expect(windowed({ object, filters: { modifiedWithinDays: 3650 } } as ListInput).totalCount, object).toBe(data.get(object)!.length);
    }
    // Combined with other filters (AND).
    const mineRecent = data.get('Account')!.filter((r) => String(r.LastModifiedDate) >= cutoff && r.OwnerId === ME);
    expect(windowed({ object: 'Account', filters: { modifiedWithinDays: 5, ownedByMe: true } }).totalCount).toBe(mineRecent.length);
    // Served by the LastModifiedDate index: a range on it, no temporary sort.
    const built = buildListQuery(
      RecordListQuery.parse({ object: 'Contact', sortBy: 'LastModifiedDate', sortDir: 'desc', filters: { modifiedWithinDays: 30 } }) as ParsedListQuery,
      ME,
      now,
    );
    const plan = (
      db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM records WHERE ${built.where} ORDER BY ${built.orderBy} LIMIT 10`).all(...built.params) as Array<{
        detail: string;
      }>
    )
      .map((p) => p.detail)
      .join(' | ');
    expect(plan).toMatch(/USING (COVERING )?INDEX records_by_modified \(object=\? AND last_modified>\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    // Whole days from 1 to ten years; nothing else.
    for (const bad of [0, -1, 1.5, 3651, '30']) {
      expect(RecordListQuery.safeParse({ object: 'Lead', filters: { modifiedWithinDays: bad } }).success, String(bad)).toBe(false);
    }
  });

  it('ownedByMe with no known user matches nothing rather than everything', () => {
    expect(list({ object: 'Account', filters: { ownedByMe: true } }, null).totalCount).toBe(0);
  });

  it('search is a prefix match on every word, combined with filters and sort', () => {
    const page = list({ object: 'Contact', search: 'glob', sortBy: 'Name', limit: 500 });
    const expected = data.get('Contact')!.filter((r) => /\bglobex\b/i.test(String(r.LastName)) || /globex/i.test(String(r['Account.Name'])));
    expect(page.rows.map((r) => r.Id).sort()).toEqual(ids(expected));
    expect(page.totalCount).toBe(expected.length);
    const names = page.rows.map((r) => asciiLower(String((r as { Name: string | null }).Name)));
    expect(names).toEqual([...names].sort());
    expect(list({ object: 'Contact', search: '   ' }).totalCount).toBe(COUNTS.Contact);
  });

  it("rows carry the object's list columns, typed", () => {
    // Exactly the registry's row fields (tests/unit/shared/object-registry.test.ts spells them out):
    // the columns shown by default, the ones a rep can add, and those links and filters need.
    const row = list({ object: 'Opportunity', limit: 1 }).rows[0] as Record<string, unknown>;
    expect(Object.keys(row).sort()).toEqual([...listRowFieldsOf(objectDef('Opportunity')), 'Id', 'localState'].sort());
    expect(row).toHaveProperty('NextStep');
    expect(typeof row.IsClosed).toBe('boolean');
  });
});

describe('records:list and local changes, freshness', () => {
  it('a locally modified row shows its new values and state; a locally deleted one is hidden', () => {
    const id = idOf('Lead', 5);
    db.transaction(() => applyLocalChange(db, { object: 'Lead', id, kind: 'update', fields: { Company: 'Aardvark Local Co' } }))();
    const first = list({ object: 'Lead', sortBy: 'Company', limit: 1 }).rows[0];
    expect(first).toMatchObject({ Id: id, Company: 'Aardvark Local Co', localState: 'modified' });
    const before = list({ object: 'Lead' }).totalCount;
    db.transaction(() => markDeleted(db, 'Lead', idOf('Lead', 6)))();
    expect(list({ object: 'Lead' }).totalCount).toBe(before - 1);
    expect(allIds({ object: 'Lead' })).not.toContain(idOf('Lead', 6));
  });

  it('a changed row says where its change stands in the outbox: refused, conflict or pending (the worst wins)', () => {
    const ids = [idOf('Case', 11), idOf('Case', 12), idOf('Case', 13)];
    const now = new Date().toISOString();
    const queue = db.prepare(
      `INSERT INTO outbox (connection_id, object, op, record_id, state, created_at, updated_at) VALUES ('c1', 'Case', 'update', ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (const id of ids) applyLocalChange(db, { object: 'Case', id, kind: 'update', fields: { Subject: `Changed ${id}` } });
      queue.run(ids[0], 'needs-attention', now, now);
      queue.run(ids[0], 'pending', now, now);
      queue.run(ids[1], 'conflict', now, now);
      queue.run(ids[2], 'sending', now, now);
    })();
    const rows = list({ object: 'Case', search: 'Changed', limit: 10 }).rows;
    const stateOf = (id: string) => rows.find((r) => r.Id === id)?.outboxState;
    expect([stateOf(ids[0]), stateOf(ids[1]), stateOf(ids[2])]).toEqual(['refused', 'conflict', 'pending']);
    // A synced row has none.
    expect(
      list({ object: 'Case', limit: 50 })
        .rows.filter((r) => r.localState === 'synced')
        .every((r) => r.outboxState === undefined),
    ).toBe(true);
  });

  it('an object never synced answers never-synced with no rows', () => {
    const { db: empty, dir: emptyDir } = openTempCache();
    try {
      const page = RecordListPage.parse(listRecords(empty, RecordListQuery.parse({ object: 'Case' }) as ParsedListQuery, ME));
      expect(page).toMatchObject({ rows: [], totalCount: 0, freshness: { state: 'never-synced', cachedAt: null, stale: true } });
    } finally {
      empty.close();
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });

  it('stale once the last sync is older than an hour or failed', () => {
    expect(list({ object: 'Account' }).freshness).toMatchObject({ state: 'ready', stale: false, lastError: null });
    db.prepare(`UPDATE sync_state SET last_full_sync_at = ? WHERE object = 'Campaign'`).run(new Date(Date.now() - 2 * 3600_000).toISOString());
    expect(list({ object: 'Campaign' }).freshness.stale).toBe(true);
    db.prepare(`UPDATE sync_state SET last_error = 'boom' WHERE object = 'Case'`).run();
    expect(list({ object: 'Case' }).freshness).toMatchObject({ stale: true, lastError: 'boom' });
  });
});

// Big enough that windows come from the index, small enough for the suite; the 100,000-row
// figures belong to the benchmarks (bench/), which print them.
const BIG = 20_000;

describe(`records:list at ${BIG} rows`, () => {
  it(`windows through ${BIG} opportunities (first-window time printed)`, () => {
    const { db: big, dir: bigDir } = openTempCache();
    try {
      const rows = syntheticRecords('Opportunity', BIG, 42, { accounts: 1000, contacts: 1, campaigns: 10 });
      let t = performance.now();
      fillCache(big, 'Opportunity', rows);
      const fillMs = performance.now() - t;
      const run = (input: ListInput) => RecordListPage.parse(listRecords(big, RecordListQuery.parse(input) as ParsedListQuery, ME));
      const timings: string[] = [];
      const time = (label: string, input: ListInput) => {
        const start = performance.now();
        const page = run(input);
        timings.push(`${label}: ${(performance.now() - start).toFixed(1)} ms`);
        return page;
      };
      const first = time('first window (CloseDate asc, 100 rows)', { object: 'Opportunity', limit: 100 });
      expect(first.totalCount).toBe(BIG);
      expect(first.rows).toHaveLength(100);
      time('same window again', { object: 'Opportunity', limit: 100 });
      const deep = time(`deep window (offset ${BIG - 100})`, { object: 'Opportunity', offset: BIG - 100, limit: 100 });
      expect(deep.rows).toHaveLength(100);
      time('Amount desc, first window', { object: 'Opportunity', sortBy: 'Amount', sortDir: 'desc', limit: 100 });
      time('open, owned by me, by Name', { object: 'Opportunity', sortBy: 'Name', filters: { status: 'open', ownedByMe: true }, limit: 100 });
      const searched = time('search "deal acme"', { object: 'Opportunity', search: 'deal acme', limit: 100 });
      expect(searched.totalCount).toBeGreaterThan(0);
      t = performance.now();
      const sortedIds = expectedOrder('Opportunity', rows, 'CloseDate', 'asc');
      expect(deep.rows.map((r) => r.Id)).toEqual(sortedIds.slice(BIG - 100));
      console.log(`records:list, ${BIG} cached opportunities (fill ${fillMs.toFixed(0)} ms):\n  ${timings.join('\n  ')}`);
    } finally {
      big.close();
      rmSync(bigDir, { recursive: true, force: true });
    }
  }, 120_000);
});
