/**
 * The SOQL console's offline engine against the emulator: a generated org synced by the app's own
 * sync (scope "mine"), then the same SOQL run on the emulator through REST (as the same user) and
 * on the local cache (src/main/core/query/cache-query), with identical rows expected — in the same
 * order where ORDER BY determines it, as sets otherwise. The queries keep to what the sync keeps
 * (the user's own records), and cover WHERE operators and null semantics, LIKE, IN, date literals,
 * ORDER BY with nulls and picklists, LIMIT and OFFSET, parent fields (flattened and joined), child
 * subqueries, semi-joins, aggregates with GROUP BY, HAVING and date functions.
 */
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOrgCache, type CacheDb } from '../../src/main/core/cache/org-cache';
import { cacheQueryProblem, runCacheQuery, type CacheQueryResult } from '../../src/main/core/query/cache-query';
import { OBJECT_REGISTRY } from '../../src/shared/objects/registry';
import { connect } from '../emulator/helpers';
import { createHarness, type Harness } from './core-harness';
import { syncAndWait } from './sync-helpers';

type Row = Record<string, unknown>;

interface Org {
  h: Harness;
  conn: Connection;
  db: CacheDb;
  me: string;
}

/** A generated org synced by the app, with the describes a form would have read (picklists' order). */
async function syncedOrg(scope: 'mine' | 'all', emulator: { fiscalYearStartMonth?: number; currencies?: string[] } = {}): Promise<Org> {
  const h = await createHarness({ scale: 80, settings: { sync: { scope, intervalMinutes: 0 } }, emulator });
  const connectionId = await h.loginDemo();
  const status = await syncAndWait(h);
  expect(status.lastRun).toMatchObject({ outcome: 'ok' });
  for (const object of ['Account', 'Case', 'Lead', 'Task'] as const) await h.call('describe:form', { object });
  return { h, conn: await connect(h.emulator()), me: h.emulator().demoUserId, db: openOrgCache(h.dataDir, connectionId) };
}

async function closeOrg(org: Org | undefined): Promise<void> {
  org?.db.close();
  await org?.h.close();
}

/** A value at a dotted path of a REST record (null when a parent on the way is null). */
function at(record: Row, path: string): unknown {
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (value === null || value === undefined) return null;
    value = (value as Row)[part];
  }
  return value === undefined ? null : value;
}

/** Numbers compared to 6 decimals (sums may add in another order). */
const norm = (v: unknown): unknown => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v);

/** The org's rows shaped as the cache's: the cache's columns, a subquery's rows by its rows' keys. */
function orgRows(records: Row[], result: CacheQueryResult): Row[] {
  return records.map((record) => {
    const out: Row = {};
    for (const column of result.columns) {
      if (column.kind !== 'subquery') {
        out[column.path] = norm(at(record, column.path));
        continue;
      }
      const children = record[column.path] as { records: Row[] } | null;
      const keys = [...new Set(result.rows.flatMap((r) => ((r[column.path] as Row[] | null) ?? []).flatMap((c) => Object.keys(c))))];
      out[column.path] = children ? children.records.map((c) => Object.fromEntries(keys.map((k) => [k, norm(at(c, k))]))) : null;
    }
    return out;
  });
}

const normRows = (rows: Row[]) =>
  rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        Array.isArray(v) ? v.map((c) => Object.fromEntries(Object.entries(c as Row).map(([ck, cv]) => [ck, norm(cv)]))) : norm(v),
      ]),
    ),
  );
const sortRows = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();

async function compare(o: Org, template: string, order: 'ordered' | 'set'): Promise<CacheQueryResult> {
  // The generated org's dates follow the clock: fixed dates in the queries are as far back from today.
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
  const soql = template
    .replace(/:me\b/g, `'${o.me}'`)
    .replace(/:day150\b/g, daysAgo(150).slice(0, 10))
    .replace(/:time700\b/g, `${daysAgo(700).slice(0, 19)}-05:00`);
  // The emulator's users live in UTC (its date literals are UTC days).
  expect(cacheQueryProblem(o.db, OBJECT_REGISTRY, soql, { timeZone: 'UTC' })).toBeNull();
  const cache = runCacheQuery(o.db, OBJECT_REGISTRY, soql, { timeZone: 'UTC' });
  const org = await o.conn.query<Row>(soql, { autoFetch: true, maxFetch: 100_000 });
  // The same columns: the org's record keys are the first segments of the cache's column paths.
  const orgKeys = new Set(org.records.flatMap((r) => Object.keys(r).filter((k) => k !== 'attributes')));
  if (org.records.length) expect(new Set(cache.columns.map((c) => c.path.split('.')[0]))).toEqual(orgKeys);
  const expected = orgRows(org.records, cache);
  const actual = normRows(cache.rows);
  if (order === 'ordered') expect(actual).toEqual(expected);
  else expect(sortRows(actual)).toEqual(sortRows(expected));
  expect(cache.totalSize).toBe(org.totalSize);
  return cache;
}

/** Each case: the SOQL (`:me` is the user's Id) and whether ORDER BY fixes the rows' order. */
const CASES: Array<[string, 'ordered' | 'set']> = [
  // Fields, equality without case, != and NOT keeping nulls, LIKE, IN / NOT IN with null.
  ['SELECT Id, Name, Industry, AnnualRevenue, Website FROM Account WHERE OwnerId = :me ORDER BY Name, Id', 'ordered'],
  ["SELECT Id, Name FROM Account WHERE OwnerId = :me AND Rating = 'HOT'", 'set'],
  ["SELECT Id, Name, BillingState FROM Account WHERE OwnerId = :me AND BillingState != 'CA'", 'set'],
  ["SELECT Id, Rating FROM Lead WHERE OwnerId = :me AND NOT (Rating = 'Cold' OR Status = 'Working - Contacted')", 'set'],
  ["SELECT Id, NextStep FROM Opportunity WHERE OwnerId = :me AND (NextStep = null OR NextStep LIKE 'send%')", 'set'],
  ["SELECT Name FROM Account WHERE OwnerId = :me AND (Name LIKE '%in%' OR Name LIKE 'S_m%')", 'set'],
  ["SELECT Name, BillingCity FROM Account WHERE OwnerId = :me AND BillingCity IN ('london', 'Paris', null)", 'set'],
  ["SELECT Name, Industry FROM Account WHERE OwnerId = :me AND Industry NOT IN ('Other', 'Retail')", 'set'],
  ["SELECT Id, CallType FROM Task WHERE OwnerId = :me AND CallType NOT IN ('Inbound')", 'set'],
  ["SELECT Id, CallType, CallDurationInSeconds FROM Task WHERE OwnerId = :me AND (CallType IN ('outbound', null) AND CallDurationInSeconds != 120)", 'set'],
  ["SELECT Name, Email FROM Contact WHERE OwnerId = :me AND Email LIKE '%.EXAMPLE.com' AND MailingCity != null", 'set'],
  ["SELECT Id, Title FROM Contact WHERE OwnerId = :me AND Title < 'M' ORDER BY Title, Id", 'ordered'],
  // ORDER BY: nulls first and last, picklists in the org's order (describe, stage and status tables), LIMIT, OFFSET.
  ['SELECT Id, Name, Rating FROM Account WHERE OwnerId = :me ORDER BY Rating DESC NULLS LAST, Id', 'ordered'],
  ['SELECT Id, BillingState, NumberOfEmployees FROM Account WHERE OwnerId = :me ORDER BY BillingState NULLS LAST, NumberOfEmployees DESC, Id', 'ordered'],
  ['SELECT Id, Rating FROM Lead WHERE OwnerId = :me ORDER BY Rating DESC, Id', 'ordered'],
  ['SELECT Id, LastActivityDate FROM Opportunity WHERE OwnerId = :me ORDER BY LastActivityDate DESC NULLS FIRST, Id', 'ordered'],
  [
    "SELECT Id, Name, AnnualRevenue FROM Account WHERE OwnerId = :me AND (Rating = 'Hot' OR Rating = 'Warm') ORDER BY AnnualRevenue DESC, Id LIMIT 5 OFFSET 2",
    'ordered',
  ],
  [
    'SELECT Id, Name, StageName, Amount, CloseDate, IsClosed, IsWon, Probability FROM Opportunity WHERE OwnerId = :me ORDER BY StageName, CloseDate DESC, Id',
    'ordered',
  ],
  ['SELECT CaseNumber, Subject, Status, Priority, Origin FROM Case WHERE OwnerId = :me ORDER BY Priority DESC, CaseNumber', 'ordered'],
  ['SELECT Id, ClosedDate, IsClosed FROM Case WHERE OwnerId = :me ORDER BY ClosedDate DESC NULLS FIRST, Id', 'ordered'],
  [
    "SELECT Name, Company, Status FROM Lead WHERE OwnerId = :me AND IsConverted = false AND (NOT Company LIKE 'a%') ORDER BY Status, Company DESC, Id",
    'ordered',
  ],
  ['SELECT Id, Subject, Status, Priority FROM Task WHERE OwnerId = :me ORDER BY Status, Id LIMIT 40 OFFSET 10', 'ordered'],
  ['SELECT Name, Type, Status, StartDate, EndDate, IsActive, BudgetedCost FROM Campaign ORDER BY StartDate NULLS LAST, Name', 'ordered'],
  // Dates, datetimes and date literals.
  [
    'SELECT Id, Name, CreatedDate, LastModifiedDate FROM Account WHERE OwnerId = :me AND CreatedDate = LAST_N_DAYS:365 ORDER BY CreatedDate DESC, Id',
    'ordered',
  ],
  ['SELECT Id, CloseDate FROM Opportunity WHERE OwnerId = :me AND CloseDate = THIS_QUARTER', 'set'],
  [
    'SELECT Id, CloseDate FROM Opportunity WHERE OwnerId = :me AND (CloseDate = NEXT_N_DAYS:90 OR CloseDate = LAST_FISCAL_QUARTER OR CloseDate = LAST_MONTH)',
    'set',
  ],
  ['SELECT Id FROM Opportunity WHERE OwnerId = :me AND CloseDate > :day150 AND CloseDate <= NEXT_YEAR AND IsClosed = false', 'set'],
  ['SELECT Id, LastStageChangeDate FROM Opportunity WHERE OwnerId = :me AND LastStageChangeDate < LAST_N_DAYS:30 AND LastStageChangeDate > :time700', 'set'],
  [
    'SELECT Subject, Status, ActivityDate, Who.Name, What.Name FROM Task WHERE OwnerId = :me AND ActivityDate = LAST_90_DAYS ORDER BY ActivityDate DESC, Id',
    'ordered',
  ],
  [
    'SELECT Id, Subject, StartDateTime, EndDateTime, IsAllDayEvent FROM Event WHERE OwnerId = :me AND StartDateTime >= THIS_WEEK ORDER BY StartDateTime, Id',
    'ordered',
  ],
  // Parent fields: flattened (Account.Name, Owner.Name), joined (Account.Industry, Account.Owner.Name), and in WHERE.
  ['SELECT Id, Name, Account.Name, Owner.Name, Email FROM Contact WHERE OwnerId = :me ORDER BY Account.Name NULLS LAST, Name, Id', 'ordered'],
  [
    'SELECT Name, Account.Industry, Account.Owner.Name, Account.Id FROM Contact WHERE OwnerId = :me AND AccountId IN (SELECT Id FROM Account WHERE OwnerId = :me) ORDER BY Account.Industry, Id',
    'ordered',
  ],
  ["SELECT Id, Name FROM Opportunity WHERE OwnerId = :me AND Account.Rating = 'Hot' AND AccountId IN (SELECT Id FROM Account WHERE OwnerId = :me)", 'set'],
  ['SELECT CaseNumber, Contact.Name, Account.Name FROM Case WHERE OwnerId = :me ORDER BY Contact.Name NULLS LAST, CaseNumber', 'ordered'],
  // Child subqueries and semi-/anti-joins.
  [
    'SELECT Id, Name, (SELECT Id, Name, Email FROM Contacts WHERE OwnerId = :me ORDER BY Name, Id), (SELECT Name, Amount FROM Opportunities WHERE OwnerId = :me ORDER BY Amount DESC NULLS LAST, Id LIMIT 2) FROM Account WHERE OwnerId = :me ORDER BY Name, Id',
    'ordered',
  ],
  [
    'SELECT Name, (SELECT Subject, ActivityDate FROM Tasks WHERE OwnerId = :me ORDER BY Subject, Id) FROM Contact WHERE OwnerId = :me ORDER BY Name, Id',
    'ordered',
  ],
  ['SELECT Id, Name FROM Account WHERE OwnerId = :me AND Id NOT IN (SELECT AccountId FROM Opportunity WHERE OwnerId = :me AND IsWon = true)', 'set'],
  // Aggregates: COUNT(), COUNT(field), COUNT_DISTINCT, SUM, AVG, MIN, MAX, GROUP BY, HAVING, date functions.
  ['SELECT COUNT() FROM Opportunity WHERE OwnerId = :me AND IsClosed = false', 'set'],
  ['SELECT COUNT(Id) total, COUNT(NextStep), COUNT_DISTINCT(AccountId), MAX(CreatedDate) FROM Opportunity WHERE OwnerId = :me', 'set'],
  [
    'SELECT CallType, COUNT(Id), SUM(CallDurationInSeconds), AVG(CallDurationInSeconds), MIN(CompletedDateTime) FROM Task WHERE OwnerId = :me GROUP BY CallType ORDER BY CallType NULLS LAST',
    'ordered',
  ],
  [
    'SELECT StageName, COUNT(Id), SUM(Amount), AVG(Amount), MIN(CloseDate), MAX(Amount) FROM Opportunity WHERE OwnerId = :me GROUP BY StageName ORDER BY StageName',
    'ordered',
  ],
  [
    'SELECT CALENDAR_YEAR(CloseDate) yr, FISCAL_QUARTER(CloseDate), COUNT(Id) n FROM Opportunity WHERE OwnerId = :me GROUP BY CALENDAR_YEAR(CloseDate), FISCAL_QUARTER(CloseDate) ORDER BY CALENDAR_YEAR(CloseDate), FISCAL_QUARTER(CloseDate)',
    'ordered',
  ],
  ['SELECT LeadSource, COUNT(Id) FROM Opportunity WHERE OwnerId = :me GROUP BY LeadSource HAVING COUNT(Id) > 2', 'set'],
  [
    'SELECT Account.Name, SUM(Amount) won FROM Opportunity WHERE OwnerId = :me AND IsWon = true GROUP BY Account.Name ORDER BY SUM(Amount) DESC, Account.Name',
    'ordered',
  ],
  ['SELECT Status, Priority, COUNT(Id) FROM Case WHERE OwnerId = :me GROUP BY Status, Priority', 'set'],
  ['SELECT Status, COUNT(Id) FROM Lead WHERE OwnerId = :me GROUP BY Status ORDER BY Status', 'ordered'],
  ['SELECT DAY_ONLY(StartDateTime) day, COUNT(Id) FROM Event WHERE OwnerId = :me GROUP BY DAY_ONLY(StartDateTime)', 'set'],
];

describe('the cache answers SOQL with the rows the org returns (scope "mine")', () => {
  let org: Org;
  beforeAll(async () => {
    org = await syncedOrg('mine');
  }, 120_000);
  afterAll(() => closeOrg(org));

  it.each(CASES)('%s', async (soql, order) => {
    const r = await compare(org, soql, order);
    // A query that matched nothing proves little: each matches some rows (or counts some).
    expect(r.rows.length + r.totalSize).toBeGreaterThan(0);
  });

  it('covers more than 30 queries', () => {
    expect(CASES.length).toBeGreaterThan(30);
  });

  it("refuses parent fields of rows whose parent the local copy doesn't keep (a colleague's account), naming the relationship", async () => {
    const soql = `SELECT Name, Account.Industry FROM Contact WHERE OwnerId = '${org.me}'`;
    const { store } = org.h.emulator();
    const others = store.db
      .prepare(`SELECT COUNT(*) FROM Contact c JOIN Account a ON a.Id = c.AccountId WHERE c.OwnerId = ? AND a.OwnerId <> ? AND c.IsDeleted = 0`)
      .pluck()
      .get(org.me, org.me) as number;
    expect(others).toBeGreaterThan(0);
    const problem = `${others} Contact${others === 1 ? ' points' : 's point'} at an Account the local copy doesn't keep, so Account fields can't be answered offline`;
    expect(cacheQueryProblem(org.db, OBJECT_REGISTRY, soql)).toBe(problem);
    expect(() => runCacheQuery(org.db, OBJECT_REGISTRY, soql)).toThrow(problem);
    // Flattened parent fields need no parent row; a WHERE that keeps only my accounts' contacts needs all of them.
    expect(cacheQueryProblem(org.db, OBJECT_REGISTRY, `SELECT Name, Account.Name FROM Contact WHERE OwnerId = '${org.me}'`)).toBeNull();
  });
});

/** A multi-currency org whose fiscal year starts in March (quarters unlike the calendar's), synced in full: fiscal literals and functions, converted sums, every parent cached. */
const ALL_SCOPE_CASES: Array<[string, 'ordered' | 'set']> = [
  ['SELECT Id, CloseDate FROM Opportunity WHERE CloseDate = THIS_FISCAL_QUARTER', 'set'],
  ['SELECT Id, CloseDate FROM Opportunity WHERE CloseDate = LAST_FISCAL_YEAR OR CloseDate = NEXT_N_FISCAL_QUARTERS:2', 'set'],
  ['SELECT Id FROM Opportunity WHERE CloseDate >= THIS_FISCAL_YEAR AND CloseDate = LAST_N_FISCAL_QUARTERS:5', 'set'],
  [
    'SELECT FISCAL_YEAR(CloseDate) fy, FISCAL_QUARTER(CloseDate) fq, COUNT(Id), SUM(Amount), MAX(Amount) FROM Opportunity GROUP BY FISCAL_YEAR(CloseDate), FISCAL_QUARTER(CloseDate) ORDER BY FISCAL_YEAR(CloseDate), FISCAL_QUARTER(CloseDate)',
    'ordered',
  ],
  ['SELECT CurrencyIsoCode, COUNT(Id), SUM(Amount), AVG(Amount) FROM Opportunity WHERE IsWon = true GROUP BY CurrencyIsoCode', 'set'],
  ['SELECT Id, Amount, CurrencyIsoCode FROM Opportunity WHERE Amount > 100000 ORDER BY Amount DESC, Id', 'ordered'],
  [
    'SELECT Name, Account.Industry, Account.Owner.Name, Account.Rating FROM Contact ORDER BY Account.Industry NULLS LAST, Account.Rating DESC, Id LIMIT 50 OFFSET 20',
    'ordered',
  ],
  ['SELECT Account.Type, COUNT(Id) FROM Case GROUP BY Account.Type', 'set'],
];

describe('the cache answers SOQL with the rows the org returns (scope "all", March fiscal year, multi-currency)', () => {
  let org: Org;
  beforeAll(async () => {
    org = await syncedOrg('all', { fiscalYearStartMonth: 3, currencies: ['USD', 'EUR', 'GBP'] });
  }, 120_000);
  afterAll(() => closeOrg(org));

  it.each(ALL_SCOPE_CASES)('%s', async (soql, order) => {
    const r = await compare(org, soql, order);
    expect(r.rows.length).toBeGreaterThan(0);
  });

  it('refuses what a multi-currency org converts and the cache cannot', () => {
    expect(cacheQueryProblem(org.db, OBJECT_REGISTRY, 'SELECT SUM(AnnualRevenue) FROM Account')).toBe(
      "SUM(AnnualRevenue) is in the corporate currency, and the local copy can't convert Account amounts",
    );
    expect(cacheQueryProblem(org.db, OBJECT_REGISTRY, 'SELECT Id FROM Opportunity WHERE Amount > USD5000')).toBe(
      "Amounts with a currency code (USD5000) aren't supported offline in a multi-currency org",
    );
  });
});
