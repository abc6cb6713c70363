/**
 * The SOQL console's offline engine (src/main/core/query/cache-query) on small caches written with
 * the sync's own repository functions: what it refuses and in which words, what Salesforce would
 * refuse too (INVALID_INPUT), and the behaviours the emulator comparison cannot reach — local
 * deletions, the user's time zone for date literals, 15-character Ids, the row cap, and exports
 * read in chunks without holding the connection.
 */
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeRecord, OBJECT_SPECS, type CachedObject } from '../../../src/main/core/cache/objects';
import type { CacheDb } from '../../../src/main/core/cache/org-cache';
import { markDeleted } from '../../../src/main/core/cache/records.repo';
import { writeOrgSettings } from '../../../src/main/core/cache/reference.repo';
import { cacheQueryProblem, iterateCacheQuery, runCacheQuery } from '../../../src/main/core/query/cache-query';
import { AppError } from '../../../src/shared/errors';
import { OBJECT_REGISTRY } from '../../../src/shared/objects/registry';
import { fillCache, idOf, ME, openTempCache, SOMEONE_ELSE } from './records-fixture';

let db: CacheDb;
let dir: string;

const account = (n: number, values: Record<string, unknown> = {}) => ({
  Id: idOf('Account', n),
  OwnerId: ME,
  Owner: { Name: 'Me Myself' },
  Name: `Account ${n}`,
  CreatedDate: '2026-01-01T00:00:00.000+0000',
  LastModifiedDate: '2026-01-02T00:00:00.000+0000',
  SystemModstamp: '2026-01-02T00:00:00.000+0000',
  ...values,
});
const contact = (n: number, accountN: number | null, values: Record<string, unknown> = {}) => ({
  Id: idOf('Contact', n),
  OwnerId: ME,
  Name: `Contact ${n}`,
  LastName: `Contact ${n}`,
  AccountId: accountN === null ? null : idOf('Account', accountN),
  Account: accountN === null ? null : { Name: `Account ${accountN}` },
  CreatedDate: '2026-01-01T00:00:00.000+0000',
  SystemModstamp: '2026-01-02T00:00:00.000+0000',
  ...values,
});

function fill(object: CachedObject, raws: Array<Record<string, unknown>>): void {
  fillCache(
    db,
    object,
    raws.map((raw) => normalizeRecord(OBJECT_SPECS[object], raw)),
  );
}

const problem = (soql: string) => cacheQueryProblem(db, OBJECT_REGISTRY, soql);
const run = (soql: string, opts: Parameters<typeof runCacheQuery>[3] = {}) => runCacheQuery(db, OBJECT_REGISTRY, soql, opts);

function invalidMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INVALID_INPUT');
    return (err as AppError).message;
  }
  throw new Error('expected INVALID_INPUT');
}

beforeEach(() => {
  ({ db, dir } = openTempCache());
  fill('Account', [
    account(1, { Industry: 'Banking', AnnualRevenue: 500, Rating: 'Hot' }),
    account(2, { OwnerId: SOMEONE_ELSE, Industry: null, CreatedDate: '2026-03-09T06:59:00.000Z' }),
    account(3, { Industry: 'energy', CreatedDate: '2026-03-09T07:00:00.000Z' }),
  ]);
  fill('Contact', [contact(1, 1), contact(2, 3), contact(3, null), contact(4, 9)]);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('what the cache refuses, in words', () => {
  it.each([
    ['SELECT Id FROM User', "User isn't kept in the local copy"],
    ['SELECT Id, Foo__c FROM Account', "The local copy doesn't keep Account.Foo__c"],
    ['SELECT Id, NextStep FROM Opportunity', "Opportunity hasn't been synced to the local copy yet"],
    ['SELECT Id, (SELECT Id FROM Cases) FROM Account', "Case hasn't been synced to the local copy yet"],
    ['SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity)', "Opportunity hasn't been synced to the local copy yet"],
    ['SELECT TYPEOF What WHEN Account THEN Name END FROM Task', "TYPEOF isn't supported offline"],
    ['SELECT Id FROM Account WITH SECURITY_ENFORCED', "WITH SECURITY_ENFORCED isn't supported offline"],
    ['SELECT Id FROM Account WITH USER_MODE', "WITH USER_MODE isn't supported offline"],
    ['SELECT Id FROM Account FOR VIEW', "FOR VIEW isn't supported offline"],
    ['SELECT Id FROM Account FOR UPDATE', "FOR UPDATE isn't supported offline"],
    ['SELECT Id FROM Account USING SCOPE mine', "USING SCOPE isn't supported offline"],
    ['SELECT Industry, COUNT(Id) FROM Account GROUP BY ROLLUP(Industry)', "GROUP BY ROLLUP isn't supported offline"],
    ['SELECT Industry, COUNT(Id) FROM Account GROUP BY CUBE(Industry)', "GROUP BY CUBE isn't supported offline"],
    ['SELECT FORMAT(AnnualRevenue) FROM Account', "FORMAT() isn't supported offline"],
    ['SELECT toLabel(Industry) FROM Account', "toLabel() isn't supported offline"],
    ['SELECT convertCurrency(AnnualRevenue) FROM Account', "convertCurrency() isn't supported offline"],
    ['SELECT FIELDS(ALL) FROM Account LIMIT 10', "FIELDS() isn't supported offline"],
    [
      'SELECT HOUR_IN_DAY(convertTimezone(CreatedDate)), COUNT(Id) FROM Account GROUP BY HOUR_IN_DAY(convertTimezone(CreatedDate))',
      "convertTimezone() isn't supported offline",
    ],
    ["SELECT Id FROM Account WHERE DISTANCE(BillingCity, GEOLOCATION(1, 2), 'mi') < 20", "DISTANCE() and GEOLOCATION() aren't supported offline"],
    ["SELECT Id FROM Account ORDER BY DISTANCE(BillingCity, GEOLOCATION(1, 2), 'mi')", "DISTANCE() and GEOLOCATION() aren't supported offline"],
    ['SELECT Id, Owner.Email FROM Account', "The local copy doesn't keep Owner.Email (User records aren't kept, only Owner.Name)"],
    ['SELECT Id, Account.Parent.Name FROM Contact', "The local copy doesn't keep Account.Parent.Name"],
    ['SELECT Id, ReportsTo.Name FROM Contact', "The local copy doesn't keep Contact.ReportsTo.Name"],
    ['SELECT Id, (SELECT Id FROM Notes) FROM Account', "The local copy can't answer the subquery on Account.Notes"],
    [
      'SELECT Id, (SELECT Account.Industry FROM Contacts) FROM Account',
      "Account.Industry can't be answered offline: a subquery reads only its own object's fields",
    ],
    [
      'SELECT Id FROM Account ORDER BY Industry',
      "Sorting by Industry follows the org's picklist order, which the local copy doesn't have yet (open a Account online first)",
    ],
  ])('%s', (soql, message) => {
    expect(problem(soql)).toBe(message);
    expect(invalidMessage(() => run(soql))).toBe(message);
  });

  it('names polymorphic fields it has only the name of', () => {
    fill('Task', [{ Id: idOf('Task', 1), OwnerId: ME, Subject: 'Call', SystemModstamp: '2026-01-02T00:00:00.000Z' }]);
    expect(problem('SELECT Id, Who.Email FROM Task')).toBe("Who.Email can't be answered offline: the local copy keeps only the Id and name of a Task's Who");
    expect(problem('SELECT Id, Who.Name, What.Id FROM Task')).toBeNull();
  });

  it("refuses parent fields of rows whose parent isn't cached, unless the WHERE leaves those rows out", () => {
    // Contact 4's account (9) is not in the cache; contact 3 has none, which is an answer (null).
    expect(problem('SELECT Name, Account.Industry FROM Contact')).toBe(
      "1 Contact points at an Account the local copy doesn't keep, so Account fields can't be answered offline",
    );
    expect(problem(`SELECT Name, Account.Industry FROM Contact WHERE Id != '${idOf('Contact', 4)}'`)).toBeNull();
    // A WHERE term that itself reads the parent cannot leave them out: its value is unknown too.
    expect(problem("SELECT Name FROM Contact WHERE Account.Industry = 'Banking'")).not.toBeNull();
    expect(run(`SELECT Name, Account.Industry FROM Contact WHERE Id != '${idOf('Contact', 4)}' ORDER BY Name`).rows).toEqual([
      { Name: 'Contact 1', 'Account.Industry': 'Banking' },
      { Name: 'Contact 2', 'Account.Industry': 'energy' },
      { Name: 'Contact 3', 'Account.Industry': null },
    ]);
  });

  it("reads the org's registry: CurrencyIsoCode only in a multi-currency org, sums as they are elsewhere", () => {
    fill('Opportunity', [{ Id: idOf('Opportunity', 1), OwnerId: ME, Name: 'Deal', Amount: 10, SystemModstamp: '2026-01-02T00:00:00.000Z' }]);
    // Before the sync has read the org's settings, optional fields count as absent (cache/org-registry.ts).
    expect(problem('SELECT CurrencyIsoCode FROM Opportunity')).toBe("The local copy doesn't keep Opportunity.CurrencyIsoCode");
    expect(run('SELECT SUM(Amount) total FROM Opportunity').rows).toEqual([{ total: 10 }]);
    writeOrgSettings(db, {
      fiscalYearStartMonth: 1,
      usesStartDateAsFiscalYearName: false,
      multiCurrency: true,
      currencies: [
        { isoCode: 'USD', isCorporate: true, conversionRate: 1, decimalPlaces: 2 },
        { isoCode: 'EUR', isCorporate: false, conversionRate: 0.8, decimalPlaces: 2 },
      ],
      refreshedAt: '2026-01-01T00:00:00Z',
    });
    fill('Opportunity', [
      { Id: idOf('Opportunity', 1), OwnerId: ME, Name: 'Deal', Amount: 10, CurrencyIsoCode: 'EUR', SystemModstamp: '2026-01-03T00:00:00.000Z' },
      { Id: idOf('Opportunity', 2), OwnerId: ME, Name: 'Other', Amount: 1, CurrencyIsoCode: 'USD', SystemModstamp: '2026-01-03T00:00:00.000Z' },
    ]);
    // In the corporate currency: 10 EUR at 0.8 to the dollar is 12.5 USD.
    expect(run('SELECT SUM(Amount) total, MAX(Amount) top FROM Opportunity').rows).toEqual([{ total: 13.5, top: 12.5 }]);
    expect(run('SELECT Name, CurrencyIsoCode, Amount FROM Opportunity ORDER BY Name').rows[0]).toEqual({ Name: 'Deal', CurrencyIsoCode: 'EUR', Amount: 10 });
  });

  it('refuses currency aggregates and ISO-coded amounts in a multi-currency org it cannot convert', () => {
    writeOrgSettings(db, {
      fiscalYearStartMonth: 1,
      usesStartDateAsFiscalYearName: false,
      multiCurrency: true,
      currencies: [],
      refreshedAt: '2026-01-01T00:00:00Z',
    });
    expect(problem('SELECT SUM(AnnualRevenue) FROM Account')).toBe(
      "SUM(AnnualRevenue) is in the corporate currency, and the local copy can't convert Account amounts",
    );
    expect(problem('SELECT Id FROM Account WHERE AnnualRevenue > USD100')).toBe(
      "Amounts with a currency code (USD100) aren't supported offline in a multi-currency org",
    );
    expect(problem('SELECT COUNT(Id), MAX(Name) FROM Account')).toBeNull();
  });
});

describe('what Salesforce would refuse too (INVALID_INPUT)', () => {
  it.each([
    ['SELEC Id FROM Account', /SELECT/],
    ['DELETE FROM Account', /SELECT/],
    ['SELECT Id FROM Account WHERE Name = 5', /value of filter criterion for field 'Name' must be of type string and should be enclosed in quotes/],
    ["SELECT Id FROM Account WHERE AnnualRevenue = '5'", /must be of type double and should not be enclosed in quotes/],
    ["SELECT Id FROM Account WHERE Id LIKE '001%'", /invalid operator on id field/],
    ['SELECT Id FROM Account WHERE AnnualRevenue LIKE 5', /invalid operator on double field/],
    ["SELECT Id FROM Account WHERE Id = 'nope'", /invalid ID field: nope/],
    ["SELECT Id FROM Account WHERE Industry INCLUDES ('Banking')", /includes or excludes operator only valid on multipicklist field/],
    ['SELECT Id FROM Account LIMIT 5 OFFSET 2001', /Maximum SOQL offset allowed is 2000/],
    ['SELECT Industry, Name, COUNT(Id) FROM Account GROUP BY Industry', /Field must be grouped or aggregated: Name/],
    ['SELECT Id, id FROM Account', /duplicate field selected: Id/],
    ["SELECT Id FROM Account WHERE Name = 'a' AND Industry = 'b' OR Rating = 'c'", /unexpected token: 'OR'/],
    ["SELECT Id FROM Contact WHERE AccountId IN (SELECT Id FROM Account) OR Name = 'x'", /not allowed with the 'OR' operator/],
    ['SELECT SUM(Name) FROM Account', /field Name does not support aggregate operator SUM/],
    ['SELECT Description, COUNT(Id) FROM Account GROUP BY Description', /field 'Description' can not be grouped/],
    ['SELECT CALENDAR_YEAR(CreatedDate) FROM Account', /Field must be grouped or aggregated/],
    ['SELECT Name n FROM Account', /only aggregate expressions use field aliasing/],
  ])('%s', (soql, message) => {
    expect(invalidMessage(() => problem(soql))).toMatch(message);
  });
});

describe('answers', () => {
  it('shapes values as Salesforce JSON gives them, without the rows deleted offline', () => {
    fill('Opportunity', [
      {
        Id: idOf('Opportunity', 1),
        OwnerId: ME,
        Name: 'Deal',
        StageName: 'Prospecting',
        Amount: 1200.5,
        CloseDate: '2026-05-01',
        IsClosed: false,
        LastStageChangeDate: '2026-04-01T10:00:00.000+0000',
        SystemModstamp: '2026-01-02T00:00:00.000+0000',
      },
    ]);
    expect(run('SELECT Name, amount, closedate, isclosed, LastStageChangeDate, owner.name FROM Opportunity').rows).toEqual([
      { Name: 'Deal', Amount: 1200.5, CloseDate: '2026-05-01', IsClosed: false, LastStageChangeDate: '2026-04-01T10:00:00.000+0000', 'Owner.Name': null },
    ]);
    markDeleted(db, 'Account', idOf('Account', 1));
    expect(run('SELECT Name FROM Account ORDER BY Name').rows.map((r) => r.Name)).toEqual(['Account 2', 'Account 3']);
    expect(run('SELECT COUNT() FROM Account')).toMatchObject({ rows: [], totalSize: 2, columns: [] });
  });

  it('reads date literals in the user’s days: TODAY on a datetime starts at their midnight', () => {
    // 06:00 UTC on 10 March 2026 is still 9 March in Los Angeles (UTC-7 since 8 March).
    const now = new Date('2026-03-10T06:00:00Z');
    const names = (timeZone: string) => run('SELECT Name FROM Account WHERE CreatedDate = TODAY', { now, timeZone }).rows.map((r) => r.Name);
    expect(names('America/Los_Angeles')).toEqual(['Account 3']);
    expect(names('UTC')).toEqual([]);
    expect(run('SELECT Name FROM Account WHERE CreatedDate = YESTERDAY', { now, timeZone: 'UTC' }).rows.map((r) => r.Name)).toEqual(['Account 2', 'Account 3']);
  });

  it('takes a 15-character Id for its 18-character form, and text without case', () => {
    const id15 = idOf('Account', 1).slice(0, 15);
    expect(run(`SELECT Name FROM Account WHERE Id = '${id15}'`).rows).toEqual([{ Name: 'Account 1' }]);
    expect(run("SELECT Name FROM Account WHERE Industry IN ('BANKING', 'Energy') ORDER BY Name").rows.map((r) => r.Name)).toEqual(['Account 1', 'Account 3']);
  });

  it('cuts a run at maxRows and says so, with the full count', () => {
    const result = run('SELECT Name FROM Contact ORDER BY Name', { maxRows: 2 });
    expect(result).toMatchObject({ totalSize: 4, truncated: true, rows: [{ Name: 'Contact 1' }, { Name: 'Contact 2' }] });
    expect(run('SELECT Name FROM Contact ORDER BY Name LIMIT 3', { maxRows: 3 })).toMatchObject({ totalSize: 3, truncated: false });
  });

  it('streams an export in order, chunk by chunk, leaving the connection free for writes between rows', () => {
    const many = Array.from({ length: 2_500 }, (_, i) => account(100 + i, { Name: `Bulk ${String(i).padStart(4, '0')}` }));
    fill('Account', many);
    const { rows, columns } = iterateCacheQuery(db, OBJECT_REGISTRY, "SELECT Name FROM Account WHERE Name LIKE 'Bulk%' ORDER BY Name DESC");
    expect(columns).toEqual([{ path: 'Name', kind: 'field' }]);
    const seen: string[] = [];
    for (const row of rows) {
      seen.push(row.Name as string);
      // The sync writes on the same connection while an export runs.
      if (seen.length === 1_100) db.prepare(`UPDATE records SET name = name WHERE object = 'Campaign'`).run();
    }
    expect(seen).toHaveLength(2_500);
    expect(seen[0]).toBe('Bulk 2499');
    expect(seen[2_499]).toBe('Bulk 0000');
  });

  it('names child subquery rows under the relationship, null when a parent has none', () => {
    const result = run('SELECT Name, (SELECT Name FROM Contacts ORDER BY Name) FROM Account WHERE OwnerId = :me ORDER BY Name'.replace(':me', `'${ME}'`));
    expect(result.columns).toEqual([
      { path: 'Name', kind: 'field' },
      { path: 'Contacts', kind: 'subquery' },
    ]);
    expect(result.rows).toEqual([
      { Name: 'Account 1', Contacts: [{ Name: 'Contact 1' }] },
      { Name: 'Account 3', Contacts: [{ Name: 'Contact 2' }] },
    ]);
  });
});
