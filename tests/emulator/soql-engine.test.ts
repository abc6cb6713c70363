/**
 * The SOQL engine against a generated Demo org with hand-made "Fx" records (see soql-fixture.ts),
 * clock pinned to Wednesday 2024-05-15 12:00 UTC. Each case asserts real results: counts,
 * values, order, nesting, aggregates, or Salesforce's exact error code and message.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SalesforceError } from '../../src/emulator/errors';
import { generateDemoOrg } from '../../src/emulator/org/generate';
import { openOrgStore } from '../../src/emulator/org/store';
import { dateLiteralRange } from '../../src/emulator/soql/date-literals';
import { runQuery, type RunQueryOptions } from '../../src/emulator/soql/engine';
import type { QueryResultSet, WireRecord } from '../../src/emulator/soql/types';
import { buildFixture, type Fixture } from './soql-fixture';

let fx: Fixture;
beforeAll(() => {
  fx = buildFixture();
});

const API = '62.0';
function q(soql: string, opts: Partial<RunQueryOptions> = {}): QueryResultSet {
  return runQuery(fx.store, soql, { includeDeleted: false, apiVersion: API, ...opts });
}
const names = (result: QueryResultSet): unknown[] => result.records.map((r) => r.Name);
const FX = "Name LIKE 'Fx%'";
const sqlCount = (sql: string, ...args: unknown[]): number => (fx.store.db.prepare(sql).get(...args) as { n: number }).n;

function queryError(soql: string, opts: Partial<RunQueryOptions> = {}): SalesforceError {
  try {
    q(soql, opts);
  } catch (error) {
    expect(error).toBeInstanceOf(SalesforceError);
    return error as SalesforceError;
  }
  throw new Error(`expected an error from: ${soql}`);
}

interface Case {
  name: string;
  soql: () => string;
  opts?: Partial<RunQueryOptions>;
  check: (result: QueryResultSet) => void;
}

const cases: Case[] = [
  // ---------------------------------------------------------------- fields and shapes
  {
    name: 'selects fields with attributes and canonical key casing',
    soql: () => "select id, name, industry from account where name = 'Fx Alpha'",
    check: (r) => {
      expect(r.totalSize).toBe(1);
      expect(r.records[0]).toEqual({
        attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${fx.ids.alpha}` },
        Id: fx.ids.alpha,
        Name: 'Fx Alpha',
        Industry: 'Technology',
      });
      expect(Object.keys(r.records[0])).toEqual(['attributes', 'Id', 'Name', 'Industry']);
    },
  },
  {
    name: 'types values for JSON (numbers, booleans, dates, datetimes)',
    soql: () => `SELECT AnnualRevenue, NumberOfEmployees, IsDeleted, CreatedDate FROM Account WHERE Id = '${fx.ids.alpha}'`,
    check: (r) => {
      const rec = r.records[0];
      expect(rec.AnnualRevenue).toBe(1000000);
      expect(rec.NumberOfEmployees).toBe(50);
      expect(rec.IsDeleted).toBe(false);
      expect(rec.CreatedDate).toBe('2024-05-15T08:00:00.000+0000');
    },
  },
  {
    name: 'booleans come back as true/false',
    soql: () => `SELECT LastName, DoNotCall FROM Contact WHERE AccountId = '${fx.ids.alpha}' ORDER BY LastName`,
    check: (r) => expect(r.records.map((c) => c.DoNotCall)).toEqual([false, true, false]),
  },
  {
    name: 'dates come back as YYYY-MM-DD',
    soql: () => `SELECT CloseDate FROM Opportunity WHERE Id = '${fx.ids.deal2}'`,
    check: (r) => expect(r.records[0].CloseDate).toBe('2024-05-20'),
  },
  {
    name: 'attributes.url carries the request API version',
    soql: () => `SELECT Id FROM Contact WHERE Id = '${fx.ids.ann}'`,
    opts: { apiVersion: '50.0' },
    check: (r) => expect((r.records[0].attributes as { url: string }).url).toBe(`/services/data/v50.0/sobjects/Contact/${fx.ids.ann}`),
  },
  {
    name: 'url is present even when Id is not selected',
    soql: () => `SELECT Name FROM Account WHERE Id = '${fx.ids.beta}'`,
    check: (r) =>
      expect(r.records[0]).toEqual({ attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${fx.ids.beta}` }, Name: 'Fx beta' }),
  },
  {
    name: 'an sObject alias prefixes fields',
    soql: () => "SELECT a.Name, a.Owner.Name FROM Account a WHERE a.Name = 'Fx Gamma'",
    check: (r) => {
      expect(r.records[0].Name).toBe('Fx Gamma');
      expect((r.records[0].Owner as WireRecord).Name).toBeTypeOf('string');
    },
  },
  {
    name: 'totalSize equals the number of live rows in the table',
    soql: () => 'SELECT Id FROM Contact',
    check: (r) => {
      expect(r.totalSize).toBe(sqlCount('SELECT COUNT(*) AS n FROM "Contact" WHERE "IsDeleted" = 0'));
      expect(r.records.length).toBe(r.totalSize);
    },
  },
  {
    name: 'unsorted rows come in creation order',
    soql: () => `SELECT Name FROM Account WHERE ${FX}`,
    check: (r) => expect(names(r)).toEqual(['Fx Alpha', 'Fx beta', 'Fx Gamma', 'Fx Delta_%', "Fx O'Brien Epsilon"]),
  },
  {
    name: 'FIELDS(STANDARD) selects every standard field and no custom one',
    soql: () => `SELECT FIELDS(STANDARD) FROM Account WHERE Id = '${fx.ids.alpha}'`,
    check: (r) => {
      const keys = Object.keys(r.records[0]);
      expect(keys).toContain('Name');
      expect(keys).toContain('BillingCity');
      expect(keys).not.toContain('External_Id__c');
      expect(r.records[0].BillingCity).toBe('Paris');
    },
  },
  {
    name: 'FIELDS(ALL) with LIMIT includes custom fields',
    soql: () => `SELECT FIELDS(ALL) FROM Account WHERE Id = '${fx.ids.alpha}' LIMIT 1`,
    check: (r) => {
      const keys = Object.keys(r.records[0]);
      expect(keys).toContain('External_Id__c');
      expect(keys).toContain('Industry');
    },
  },
  {
    name: 'FIELDS(CUSTOM) selects only custom fields',
    soql: () => `SELECT FIELDS(CUSTOM) FROM Competitor__c WHERE Id = '${fx.ids.rivalA}' LIMIT 10`,
    check: (r) => {
      const keys = Object.keys(r.records[0]).filter((k) => k !== 'attributes');
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.every((k) => k.endsWith('__c'))).toBe(true);
      expect(r.records[0].Threat_Level__c).toBe('High');
    },
  },
  {
    name: 'toLabel() returns the picklist label under the field name',
    soql: () => `SELECT toLabel(Rating) FROM Account WHERE Id = '${fx.ids.alpha}'`,
    check: (r) => expect(r.records[0].Rating).toBe('Hot'),
  },

  // ---------------------------------------------------------------- WHERE
  {
    name: 'string equality is case-insensitive',
    soql: () => "SELECT Name FROM Account WHERE Name = 'fx ALPHA'",
    check: (r) => expect(names(r)).toEqual(['Fx Alpha']),
  },
  {
    name: 'LIKE with % is case-insensitive',
    soql: () => "SELECT Name FROM Account WHERE Name LIKE 'fx%' ORDER BY Name",
    check: (r) => expect(r.totalSize).toBe(5),
  },
  {
    name: 'LIKE _ matches one character',
    soql: () => "SELECT Name FROM Account WHERE Name LIKE 'Fx _eta'",
    check: (r) => expect(names(r)).toEqual(['Fx beta']),
  },
  {
    name: 'LIKE with escaped \\_ and \\% matches them literally',
    soql: () => "SELECT Name FROM Account WHERE Name LIKE 'Fx Delta\\_\\%'",
    check: (r) => expect(names(r)).toEqual(['Fx Delta_%']),
  },
  {
    name: "string literal escapes (\\') work",
    soql: () => "SELECT Name FROM Account WHERE Name = 'Fx O\\'Brien Epsilon'",
    check: (r) => expect(names(r)).toEqual(["Fx O'Brien Epsilon"]),
  },
  {
    name: '!= keeps rows whose value is null',
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND Industry != 'Technology' ORDER BY Name`,
    check: (r) => expect(names(r)).toEqual(['Fx beta', 'Fx Gamma', "Fx O'Brien Epsilon"]),
  },
  {
    name: '= null finds empty fields',
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND Industry = null`,
    check: (r) => expect(names(r)).toEqual(['Fx Gamma']),
  },
  {
    name: "= '' behaves like = null",
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND Industry = ''`,
    check: (r) => expect(names(r)).toEqual(['Fx Gamma']),
  },
  {
    name: '!= null finds filled fields',
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND AnnualRevenue != null ORDER BY Name`,
    check: (r) => expect(names(r)).toEqual(['Fx Alpha', 'Fx beta', 'Fx Delta_%', "Fx O'Brien Epsilon"]),
  },
  {
    name: 'IN with a literal list',
    soql: () => `SELECT Name FROM Account WHERE Industry IN ('Banking', 'energy') AND ${FX}`,
    check: (r) => expect(names(r)).toEqual(['Fx beta', "Fx O'Brien Epsilon"]),
  },
  {
    name: 'NOT IN keeps nulls',
    soql: () => `SELECT Name FROM Account WHERE Industry NOT IN ('Technology', 'Energy') AND ${FX} ORDER BY Name`,
    check: (r) => expect(names(r)).toEqual(['Fx beta', 'Fx Gamma']),
  },
  {
    name: 'numeric comparisons',
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND AnnualRevenue > 5000 AND AnnualRevenue <= 1000000 ORDER BY AnnualRevenue`,
    check: (r) => expect(names(r)).toEqual(["Fx O'Brien Epsilon", 'Fx beta', 'Fx Alpha']),
  },
  {
    name: 'integer and decimal literals against an int field',
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND NumberOfEmployees >= 49.5 ORDER BY NumberOfEmployees DESC`,
    check: (r) => expect(names(r)).toEqual(['Fx Gamma', 'Fx Alpha']),
  },
  {
    name: 'AND / OR with parentheses',
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND (Industry = 'Banking' OR (Rating = 'Warm' AND NumberOfEmployees > 100)) ORDER BY Name`,
    check: (r) => expect(names(r)).toEqual(['Fx beta', 'Fx Gamma']),
  },
  {
    name: 'NOT over a group keeps null rows (two-valued logic)',
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND NOT (Industry = 'Technology' OR Industry = 'Energy') ORDER BY Name`,
    check: (r) => expect(names(r)).toEqual(['Fx beta', 'Fx Gamma']),
  },
  {
    name: 'NOT before a single comparison',
    soql: () => `SELECT Name FROM Account WHERE NOT AnnualRevenue > 5000 AND ${FX} ORDER BY Name`,
    check: (r) => expect(names(r)).toEqual(['Fx Delta_%', 'Fx Gamma']),
  },
  {
    name: 'boolean filter',
    soql: () => `SELECT LastName FROM Contact WHERE DoNotCall = true AND AccountId = '${fx.ids.alpha}'`,
    check: (r) => expect(r.records.map((c) => c.LastName)).toEqual(['Baker']),
  },
  {
    name: 'a 15-character Id matches the 18-character one',
    soql: () => `SELECT Name FROM Account WHERE Id = '${fx.ids.gamma.slice(0, 15)}'`,
    check: (r) => expect(names(r)).toEqual(['Fx Gamma']),
  },
  {
    name: 'reference field IN list',
    soql: () => `SELECT LastName FROM Contact WHERE AccountId IN ('${fx.ids.beta}', '${fx.ids.delta}') ORDER BY LastName`,
    check: (r) => expect(r.records.map((c) => c.LastName)).toEqual(['Dean', 'Evans']),
  },
  {
    name: 'filter on a parent field',
    soql: () => "SELECT LastName FROM Contact WHERE Account.Name = 'Fx Alpha' ORDER BY LastName",
    check: (r) => expect(r.records.map((c) => c.LastName)).toEqual(['Able', 'Baker', 'Cole']),
  },
  {
    name: 'filter on a polymorphic name',
    soql: () => "SELECT Subject FROM Task WHERE What.Name = 'Fx Alpha Deal 1'",
    check: (r) => expect(r.records.map((t) => t.Subject)).toEqual(['Other']),
  },
  {
    name: 'semi-join: Id IN (SELECT AccountId FROM Contact)',
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND Id IN (SELECT AccountId FROM Contact) ORDER BY Name`,
    check: (r) => expect(names(r)).toEqual(['Fx Alpha', 'Fx beta', 'Fx Delta_%']),
  },
  {
    name: 'semi-join with its own WHERE',
    soql: () => `SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity WHERE StageName = 'Closed Lost' AND Name LIKE 'Fx%')`,
    check: (r) => expect(names(r)).toEqual(['Fx beta']),
  },
  {
    name: 'anti-join: Id NOT IN (SELECT AccountId FROM Contact)',
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND Id NOT IN (SELECT AccountId FROM Contact) ORDER BY Name`,
    check: (r) => expect(names(r)).toEqual(['Fx Gamma', "Fx O'Brien Epsilon"]),
  },
  {
    name: 'INCLUDES on a multi-select picklist',
    soql: () => "SELECT LastName FROM Lead WHERE Product_Interest__c INCLUDES ('mobile', 'Support;Analytics') AND Company LIKE 'Fx%'",
    check: (r) => expect(r.records.map((l) => l.LastName)).toEqual(['Lopez']),
  },
  {
    name: 'INCLUDES with AND-ed values (a;b)',
    soql: () => "SELECT LastName FROM Lead WHERE Product_Interest__c INCLUDES ('Analytics;Mobile') AND Company LIKE 'Fx%'",
    check: (r) => expect(r.records.map((l) => l.LastName)).toEqual(['Lopez']),
  },
  {
    name: 'EXCLUDES on a multi-select picklist',
    soql: () => "SELECT LastName FROM Lead WHERE Product_Interest__c EXCLUDES ('Mobile') AND Company LIKE 'Fx%'",
    check: (r) => expect(r.records.map((l) => l.LastName)).toEqual(['Fxlead Second']),
  },
  {
    name: 'multi-select picklist values come back joined by ;',
    soql: () => `SELECT Product_Interest__c FROM Lead WHERE Id = '${fx.ids.lead1}'`,
    check: (r) => expect(r.records[0].Product_Interest__c).toBe('Analytics;Mobile'),
  },

  // ---------------------------------------------------------------- dates
  {
    name: 'date literal value on a date field',
    soql: () => "SELECT Name FROM Opportunity WHERE CloseDate = 2024-05-15 AND Name LIKE 'Fx%'",
    check: (r) => expect(names(r)).toEqual(['Fx Alpha Deal 1']),
  },
  {
    name: 'datetime value with Z',
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND CreatedDate > 2024-05-01T00:00:00Z ORDER BY CreatedDate`,
    check: (r) => expect(names(r)).toEqual(['Fx beta', 'Fx Alpha']),
  },
  {
    name: 'datetime value with an offset is converted to UTC',
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND CreatedDate >= 2024-05-15T10:00:00+02:00`,
    check: (r) => expect(names(r)).toEqual(['Fx Alpha']),
  },
  {
    name: 'TODAY on a datetime field',
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND CreatedDate = TODAY`,
    check: (r) => expect(names(r)).toEqual(['Fx Alpha']),
  },
  {
    name: 'YESTERDAY on a datetime field',
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND CreatedDate = YESTERDAY`,
    check: (r) => expect(names(r)).toEqual(['Fx beta']),
  },
  {
    name: 'TODAY on a date field',
    soql: () => "SELECT Name FROM Opportunity WHERE CloseDate = TODAY AND Name LIKE 'Fx%'",
    check: (r) => expect(names(r)).toEqual(['Fx Alpha Deal 1']),
  },
  {
    name: 'TOMORROW on a date field',
    soql: () => `SELECT Subject FROM Task WHERE ActivityDate = TOMORROW AND WhoId = '${fx.ids.ann}'`,
    check: (r) => expect(r.records.map((t) => t.Subject)).toEqual(['Call']),
  },
  {
    name: 'NEXT_WEEK starts on Sunday',
    soql: () => "SELECT Name FROM Opportunity WHERE CloseDate = NEXT_WEEK AND Name LIKE 'Fx%'",
    check: (r) => expect(names(r)).toEqual(['Fx Alpha Deal 2']),
  },
  {
    name: 'THIS_WEEK on a date field',
    soql: () => "SELECT Name FROM Opportunity WHERE CloseDate = THIS_WEEK AND Name LIKE 'Fx%'",
    check: (r) => expect(names(r)).toEqual(['Fx Alpha Deal 1']),
  },
  {
    name: 'LAST_WEEK on a date field',
    soql: () => `SELECT Subject FROM Task WHERE ActivityDate = LAST_WEEK AND WhoId = '${fx.ids.lead1}'`,
    check: (r) => expect(r.records.map((t) => t.Subject)).toEqual(['Send Quote']),
  },
  {
    name: 'LAST_MONTH on a date field',
    soql: () => "SELECT Name FROM Opportunity WHERE CloseDate = LAST_MONTH AND Name LIKE 'Fx%'",
    check: (r) => expect(names(r)).toEqual(['Fx Beta Deal']),
  },
  {
    name: 'THIS_MONTH on a datetime field',
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND CreatedDate = THIS_MONTH ORDER BY Name`,
    check: (r) => expect(names(r)).toEqual(['Fx Alpha', 'Fx beta']),
  },
  {
    name: 'LAST_N_DAYS:1 covers yesterday and today',
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND CreatedDate = LAST_N_DAYS:1 ORDER BY Name`,
    check: (r) => expect(names(r)).toEqual(['Fx Alpha', 'Fx beta']),
  },
  {
    name: 'LAST_N_DAYS:30 reaches back 30 days',
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND CreatedDate = LAST_N_DAYS:30 ORDER BY Name`,
    check: (r) => expect(names(r)).toEqual(['Fx Alpha', 'Fx beta', 'Fx Gamma']),
  },
  {
    name: 'NEXT_N_DAYS:5 starts tomorrow',
    soql: () => "SELECT Name FROM Opportunity WHERE CloseDate = NEXT_N_DAYS:5 AND Name LIKE 'Fx%'",
    check: (r) => expect(names(r)).toEqual(['Fx Alpha Deal 2']),
  },
  {
    name: 'N_DAYS_AGO:1 is exactly yesterday',
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND CreatedDate = N_DAYS_AGO:1`,
    check: (r) => expect(names(r)).toEqual(['Fx beta']),
  },
  {
    name: 'THIS_QUARTER (April to June)',
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND CreatedDate = THIS_QUARTER ORDER BY Name`,
    check: (r) => expect(names(r)).toEqual(['Fx Alpha', 'Fx beta', 'Fx Gamma']),
  },
  {
    name: 'LAST_QUARTER (January to March)',
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND CreatedDate = LAST_QUARTER`,
    check: (r) => expect(names(r)).toEqual(['Fx Delta_%']),
  },
  {
    name: 'NEXT_QUARTER on a date field',
    soql: () => "SELECT Name FROM Opportunity WHERE CloseDate = NEXT_QUARTER AND Name LIKE 'Fx%'",
    check: (r) => expect(names(r)).toEqual(['Fx Delta Deal']),
  },
  {
    name: 'LAST_YEAR and THIS_YEAR',
    soql: () =>
      `SELECT Name FROM Account WHERE ${FX} AND (CreatedDate = LAST_YEAR OR CreatedDate = THIS_FISCAL_YEAR) AND CreatedDate < THIS_QUARTER ORDER BY Name`,
    check: (r) => expect(names(r)).toEqual(['Fx Delta_%', "Fx O'Brien Epsilon"]),
  },
  {
    name: 'LAST_N_MONTHS:1 excludes the current month',
    soql: () => "SELECT Name FROM Opportunity WHERE CloseDate = LAST_N_MONTHS:1 AND Name LIKE 'Fx%'",
    check: (r) => expect(names(r)).toEqual(['Fx Beta Deal']),
  },
  {
    name: '> TODAY on a date field means after today',
    soql: () => "SELECT Name FROM Opportunity WHERE CloseDate > TODAY AND Name LIKE 'Fx%' ORDER BY CloseDate",
    check: (r) => expect(names(r)).toEqual(['Fx Alpha Deal 2', 'Fx Delta Deal']),
  },
  {
    name: '< THIS_MONTH means before the first of the month',
    soql: () => `SELECT Name FROM Account WHERE ${FX} AND CreatedDate < THIS_MONTH ORDER BY CreatedDate`,
    check: (r) => expect(names(r)).toEqual(["Fx O'Brien Epsilon", 'Fx Delta_%', 'Fx Gamma']),
  },
  {
    name: 'date literals inside IN',
    soql: () => "SELECT Name FROM Opportunity WHERE CloseDate IN (TODAY, LAST_MONTH) AND Name LIKE 'Fx%' ORDER BY Name",
    check: (r) => expect(names(r)).toEqual(['Fx Alpha Deal 1', 'Fx Beta Deal']),
  },
  {
    name: 'date function in WHERE',
    soql: () => "SELECT Name FROM Opportunity WHERE CALENDAR_MONTH(CloseDate) = 4 AND Name LIKE 'Fx%'",
    check: (r) => expect(names(r)).toEqual(['Fx Beta Deal']),
  },

  // ---------------------------------------------------------------- ORDER BY, LIMIT, OFFSET
  {
    name: 'ORDER BY text is case-insensitive',
    soql: () => `SELECT Name FROM Account WHERE ${FX} ORDER BY Name`,
    check: (r) => expect(names(r)).toEqual(['Fx Alpha', 'Fx beta', 'Fx Delta_%', 'Fx Gamma', "Fx O'Brien Epsilon"]),
  },
  {
    name: 'ORDER BY DESC',
    soql: () => `SELECT Name FROM Account WHERE ${FX} ORDER BY Name DESC`,
    check: (r) => expect(names(r)).toEqual(["Fx O'Brien Epsilon", 'Fx Gamma', 'Fx Delta_%', 'Fx beta', 'Fx Alpha']),
  },
  {
    name: 'ASC puts nulls first by default',
    soql: () => `SELECT Name FROM Account WHERE ${FX} ORDER BY AnnualRevenue`,
    check: (r) => expect(names(r)[0]).toBe('Fx Gamma'),
  },
  {
    name: 'DESC puts nulls last by default',
    soql: () => `SELECT Name FROM Account WHERE ${FX} ORDER BY AnnualRevenue DESC`,
    check: (r) => expect(names(r)).toEqual(['Fx Alpha', 'Fx beta', "Fx O'Brien Epsilon", 'Fx Delta_%', 'Fx Gamma']),
  },
  {
    name: 'NULLS LAST on ascending order',
    soql: () => `SELECT Name FROM Account WHERE ${FX} ORDER BY AnnualRevenue ASC NULLS LAST`,
    check: (r) => expect(names(r)).toEqual(['Fx Delta_%', "Fx O'Brien Epsilon", 'Fx beta', 'Fx Alpha', 'Fx Gamma']),
  },
  {
    name: 'ORDER BY several fields',
    soql: () => `SELECT Name FROM Account WHERE ${FX} ORDER BY BillingCity NULLS LAST, Name DESC`,
    check: (r) => expect(names(r)).toEqual(['Fx beta', 'Fx Alpha', "Fx O'Brien Epsilon", 'Fx Gamma', 'Fx Delta_%']),
  },
  {
    name: 'ORDER BY a picklist follows the picklist order (Hot, Warm, Cold)',
    soql: () => `SELECT Name, Rating FROM Account WHERE ${FX} AND Rating != null ORDER BY Rating`,
    check: (r) => expect(r.records.map((a) => a.Rating)).toEqual(['Hot', 'Warm', 'Cold']),
  },
  {
    name: 'ORDER BY a parent field',
    soql: () => `SELECT LastName FROM Contact WHERE AccountId IN ('${fx.ids.alpha}', '${fx.ids.beta}') ORDER BY Account.Name DESC, LastName`,
    check: (r) => expect(r.records.map((c) => c.LastName)).toEqual(['Dean', 'Able', 'Baker', 'Cole']),
  },
  {
    name: 'LIMIT',
    soql: () => `SELECT Name FROM Account WHERE ${FX} ORDER BY Name LIMIT 2`,
    check: (r) => expect(names(r)).toEqual(['Fx Alpha', 'Fx beta']),
  },
  {
    name: 'LIMIT with OFFSET',
    soql: () => `SELECT Name FROM Account WHERE ${FX} ORDER BY Name LIMIT 2 OFFSET 2`,
    check: (r) => {
      expect(names(r)).toEqual(['Fx Delta_%', 'Fx Gamma']);
      expect(r.totalSize).toBe(2);
    },
  },
  {
    name: 'OFFSET without LIMIT',
    soql: () => `SELECT Name FROM Account WHERE ${FX} ORDER BY Name OFFSET 4`,
    check: (r) => expect(names(r)).toEqual(["Fx O'Brien Epsilon"]),
  },

  // ---------------------------------------------------------------- relationships
  {
    name: 'parent relationship nests an object with its own attributes',
    soql: () => `SELECT LastName, Account.Name FROM Contact WHERE Id = '${fx.ids.dana}'`,
    check: (r) =>
      expect(r.records[0].Account).toEqual({
        attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${fx.ids.beta}` },
        Name: 'Fx beta',
      }),
  },
  {
    name: 'fields of one parent merge into one nested object, in query order',
    soql: () => `SELECT Account.Name, LastName, Account.Industry FROM Contact WHERE Id = '${fx.ids.dana}'`,
    check: (r) => {
      expect(Object.keys(r.records[0])).toEqual(['attributes', 'Account', 'LastName']);
      expect(r.records[0].Account).toMatchObject({ Name: 'Fx beta', Industry: 'Banking' });
    },
  },
  {
    name: 'a missing parent is null',
    soql: () => `SELECT LastName, Account.Name FROM Contact WHERE Id = '${fx.ids.orphan}'`,
    check: (r) => expect(r.records[0]).toMatchObject({ LastName: 'FxOrphan', Account: null }),
  },
  {
    name: 'two levels up: Account.Owner.Name',
    soql: () => `SELECT Account.Owner.Name, Account.Owner.Id FROM Contact WHERE Id = '${fx.ids.ann}'`,
    check: (r) => {
      const owner = (r.records[0].Account as WireRecord).Owner as WireRecord;
      expect(owner.attributes).toEqual({ type: 'User', url: `/services/data/v62.0/sobjects/User/${fx.userId}` });
      expect(owner.Id).toBe(fx.userId);
      const user = fx.store.retrieve('User', fx.userId, { fields: ['Name'] });
      expect(owner.Name).toBe(user?.Name);
    },
  },
  {
    name: 'custom parent relationship (__r)',
    soql: () => `SELECT Name, Opportunity__r.Name, Opportunity__r.Account.Name FROM Competitor__c WHERE Id = '${fx.ids.rivalB}'`,
    check: (r) =>
      expect(r.records[0].Opportunity__r).toMatchObject({
        Name: 'Fx Alpha Deal 1',
        Account: { attributes: { type: 'Account' }, Name: 'Fx Alpha' },
      }),
  },
  {
    name: 'child subquery nests {totalSize, done, records} or null',
    soql: () => `SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account WHERE Id IN ('${fx.ids.alpha}', '${fx.ids.gamma}') ORDER BY Name`,
    check: (r) => {
      const alpha = r.records[0].Contacts as { totalSize: number; done: boolean; records: WireRecord[] };
      expect(alpha.totalSize).toBe(3);
      expect(alpha.done).toBe(true);
      expect(alpha.records.map((c) => c.LastName)).toEqual(['Able', 'Baker', 'Cole']);
      expect(alpha.records[0].attributes).toEqual({ type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${fx.ids.ann}` });
      expect(r.records[1].Contacts).toBeNull();
    },
  },
  {
    name: 'child subquery WHERE and per-parent LIMIT',
    soql: () =>
      `SELECT Name, (SELECT LastName FROM Contacts WHERE LastName != 'Able' ORDER BY LastName DESC LIMIT 1) FROM Account WHERE Id IN ('${fx.ids.alpha}', '${fx.ids.beta}') ORDER BY Name`,
    check: (r) => {
      expect((r.records[0].Contacts as { records: WireRecord[] }).records.map((c) => c.LastName)).toEqual(['Cole']);
      expect((r.records[1].Contacts as { records: WireRecord[] }).records.map((c) => c.LastName)).toEqual(['Dean']);
    },
  },
  {
    name: 'child subquery with parent fields of the child',
    soql: () => `SELECT Name, (SELECT Name, Account.Name FROM Opportunities ORDER BY Name) FROM Account WHERE Id = '${fx.ids.alpha}'`,
    check: (r) => {
      const opps = (r.records[0].Opportunities as { records: WireRecord[] }).records;
      expect(opps.map((o) => o.Name)).toEqual(['Fx Alpha Deal 1', 'Fx Alpha Deal 2']);
      expect(opps[0].Account).toMatchObject({ Name: 'Fx Alpha' });
    },
  },
  {
    name: 'custom child relationship (Competitors__r)',
    soql: () => `SELECT Name, (SELECT Name, Threat_Level__c FROM Competitors__r ORDER BY Name) FROM Opportunity WHERE Id = '${fx.ids.deal1}'`,
    check: (r) => {
      const rivals = r.records[0].Competitors__r as { totalSize: number; records: WireRecord[] };
      expect(rivals.totalSize).toBe(2);
      expect(rivals.records.map((c) => c.Threat_Level__c)).toEqual(['High', 'Low']);
    },
  },
  {
    name: 'child subquery over every parent matches the child table',
    soql: () => 'SELECT Id, (SELECT Id FROM Contacts) FROM Account',
    check: (r) => {
      const nested = r.records.reduce((sum, a) => sum + ((a.Contacts as { totalSize: number } | null)?.totalSize ?? 0), 0);
      expect(nested).toBe(
        sqlCount('SELECT COUNT(*) AS n FROM "Contact" c JOIN "Account" a ON a."Id" = c."AccountId" WHERE c."IsDeleted" = 0 AND a."IsDeleted" = 0'),
      );
    },
  },
  {
    name: 'polymorphic Who/What with Id, Name and Type',
    soql: () =>
      `SELECT Subject, Who.Name, Who.Type, What.Id, What.Name, What.Type FROM Task WHERE Id IN ('${fx.ids.task1}', '${fx.ids.task2}', '${fx.ids.task3}') ORDER BY Subject`,
    check: (r) => {
      // Subject is a combobox (any text, suggested values): it sorts as text, not in the
      // suggestions' order as a picklist would (Call, Other, Send Quote).
      const [call, other, quote] = r.records;
      expect(call.Who).toEqual({
        attributes: { type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${fx.ids.ann}` },
        Name: 'Ann Able',
        Type: 'Contact',
      });
      expect(call.What).toMatchObject({ attributes: { type: 'Account' }, Id: fx.ids.alpha, Name: 'Fx Alpha', Type: 'Account' });
      expect(other.Who).toBeNull();
      expect(other.What).toMatchObject({ attributes: { type: 'Opportunity' }, Name: 'Fx Alpha Deal 1' });
      expect(quote.Who).toMatchObject({ attributes: { type: 'Lead' }, Name: 'Lara Lopez', Type: 'Lead' });
      expect(quote.What).toBeNull();
    },
  },
  {
    name: 'TYPEOF picks fields by the related type',
    soql: () =>
      `SELECT Subject, TYPEOF What WHEN Account THEN Name, Industry WHEN Opportunity THEN Name, StageName ELSE Name END FROM Task WHERE Id IN ('${fx.ids.task1}', '${fx.ids.task3}') ORDER BY Subject`,
    check: (r) => {
      expect(r.records[0].What).toEqual({
        attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${fx.ids.alpha}` },
        Name: 'Fx Alpha',
        Industry: 'Technology',
      });
      expect(r.records[1].What).toMatchObject({ attributes: { type: 'Opportunity' }, Name: 'Fx Alpha Deal 1', StageName: 'Closed Won' });
    },
  },
  {
    name: 'child subquery over a polymorphic child relationship (Account.Tasks)',
    soql: () => `SELECT Name, (SELECT Subject FROM Tasks) FROM Account WHERE Id = '${fx.ids.alpha}'`,
    check: (r) => {
      const tasks = (r.records[0].Tasks as { records: WireRecord[] }).records;
      expect(tasks.map((t) => t.Subject)).toContain('Call');
      expect(tasks.length).toBe(sqlCount('SELECT COUNT(*) AS n FROM "Task" WHERE "WhatId" = ? AND "IsDeleted" = 0', fx.ids.alpha));
    },
  },

  // ---------------------------------------------------------------- deleted rows
  {
    name: 'recycle-bin rows are hidden from query',
    soql: () => "SELECT Name FROM Account WHERE Name = 'Fx Deleted'",
    check: (r) => expect(r.totalSize).toBe(0),
  },
  {
    name: 'queryAll (includeDeleted) shows recycle-bin rows',
    soql: () => "SELECT Name, IsDeleted FROM Account WHERE Name = 'Fx Deleted'",
    opts: { includeDeleted: true },
    check: (r) => expect(r.records.map((a) => [a.Name, a.IsDeleted])).toEqual([['Fx Deleted', true]]),
  },
  {
    name: 'IsDeleted = true with queryAll',
    soql: () => `SELECT COUNT() FROM Account WHERE IsDeleted = true AND ${FX}`,
    opts: { includeDeleted: true },
    check: (r) => expect(r.totalSize).toBe(1),
  },

  // ---------------------------------------------------------------- aggregates
  {
    name: 'COUNT() returns the count as totalSize with no records',
    soql: () => `SELECT COUNT() FROM Account WHERE ${FX}`,
    check: (r) => expect(r).toEqual({ totalSize: 5, records: [] }),
  },
  {
    name: 'COUNT() of a whole table',
    soql: () => 'SELECT COUNT() FROM Opportunity',
    check: (r) => expect(r.totalSize).toBe(sqlCount('SELECT COUNT(*) AS n FROM "Opportunity" WHERE "IsDeleted" = 0')),
  },
  {
    name: 'COUNT() honours LIMIT',
    soql: () => `SELECT COUNT() FROM Account WHERE ${FX} LIMIT 3`,
    check: (r) => expect(r.totalSize).toBe(3),
  },
  {
    name: 'COUNT(Id) is an AggregateResult named expr0',
    soql: () => `SELECT COUNT(Id) FROM Account WHERE ${FX}`,
    check: (r) => expect(r.records).toEqual([{ attributes: { type: 'AggregateResult' }, expr0: 5 }]),
  },
  {
    name: 'unaliased aggregates count expr0, expr1; aliases replace names',
    soql: () => `SELECT MAX(AnnualRevenue), MIN(AnnualRevenue) low, SUM(AnnualRevenue), COUNT(Industry) FROM Account WHERE ${FX}`,
    check: (r) => expect(r.records[0]).toEqual({ attributes: { type: 'AggregateResult' }, expr0: 1000000, low: 5000, expr1: 1262501, expr2: 4 }),
  },
  {
    name: 'GROUP BY with COUNT and SUM',
    soql: () => `SELECT Industry, COUNT(Id) n, SUM(AnnualRevenue) total FROM Account WHERE ${FX} GROUP BY Industry ORDER BY Industry NULLS FIRST`,
    check: (r) =>
      expect(r.records.map((g) => [g.Industry, g.n, g.total])).toEqual([
        [null, 1, null],
        ['Banking', 1, 250001],
        ['Energy', 1, 7500],
        ['Technology', 2, 1005000],
      ]),
  },
  {
    name: 'GROUP BY a parent field (Account.Industry) keys by the field name',
    soql: () => "SELECT Account.Industry, COUNT(Id) FROM Opportunity WHERE Name LIKE 'Fx%' GROUP BY Account.Industry ORDER BY COUNT(Id) DESC",
    check: (r) => expect(r.records[0]).toEqual({ attributes: { type: 'AggregateResult' }, Industry: 'Technology', expr0: 3 }),
  },
  {
    name: 'HAVING filters groups',
    soql: () => `SELECT Industry, COUNT(Id) FROM Account WHERE ${FX} GROUP BY Industry HAVING COUNT(Id) > 1`,
    check: (r) => expect(r.records.map((g) => [g.Industry, g.expr0])).toEqual([['Technology', 2]]),
  },
  {
    name: 'AVG, MIN and MAX over dates and numbers',
    soql: () => "SELECT AVG(Amount) avgAmount, MIN(CloseDate) firstClose, MAX(CloseDate) lastClose FROM Opportunity WHERE Name LIKE 'Fx%'",
    check: (r) => expect(r.records[0]).toMatchObject({ avgAmount: (500 + 1500 + 300) / 3, firstClose: '2024-04-30', lastClose: '2024-07-01' }),
  },
  {
    name: 'COUNT_DISTINCT',
    soql: () => "SELECT COUNT_DISTINCT(StageName) FROM Opportunity WHERE Name LIKE 'Fx%'",
    check: (r) => expect(r.records[0].expr0).toBe(3),
  },
  {
    name: 'GROUP BY CALENDAR_YEAR and CALENDAR_MONTH',
    soql: () =>
      "SELECT CALENDAR_YEAR(CloseDate), CALENDAR_MONTH(CloseDate) m, COUNT(Id) FROM Opportunity WHERE Name LIKE 'Fx%' GROUP BY CALENDAR_YEAR(CloseDate), CALENDAR_MONTH(CloseDate) ORDER BY CALENDAR_MONTH(CloseDate)",
    check: (r) =>
      expect(r.records.map((g) => [g.expr0, g.m, g.expr1])).toEqual([
        [2024, 4, 1],
        [2024, 5, 2],
        [2024, 7, 1],
      ]),
  },
  {
    name: 'GROUP BY matches a plain SQL count over the generated org',
    soql: () => 'SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY StageName',
    check: (r) => {
      for (const group of r.records) {
        expect(group.expr0).toBe(sqlCount('SELECT COUNT(*) AS n FROM "Opportunity" WHERE "IsDeleted" = 0 AND "StageName" = ?', group.StageName));
      }
    },
  },
  {
    name: 'an aggregate over no rows still returns one row',
    soql: () => "SELECT COUNT(Id), SUM(Amount) FROM Opportunity WHERE Name = 'nothing here'",
    check: (r) => expect(r.records).toEqual([{ attributes: { type: 'AggregateResult' }, expr0: 0, expr1: null }]),
  },
  {
    name: 'Bulk API accepts a plain query with parent fields',
    soql: () => `SELECT Id, Account.Name FROM Contact WHERE Id = '${fx.ids.ann}'`,
    opts: { bulk: true },
    check: (r) => expect(r.records[0].Account).toMatchObject({ Name: 'Fx Alpha' }),
  },
];

describe('SOQL engine: results', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    c.check(q(c.soql(), c.opts));
  });
});

interface ErrorCase {
  name: string;
  soql: string;
  opts?: Partial<RunQueryOptions>;
  code: string;
  status?: number;
  message: string | RegExp;
}

const NO_SUCH_COLUMN_TAIL =
  "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";

const errorCases: ErrorCase[] = [
  {
    name: 'unknown field (INVALID_FIELD with the caret framing)',
    soql: 'SELECT Foo FROM Account',
    code: 'INVALID_FIELD',
    message: `\nSELECT Foo FROM Account\n       ^\nERROR at Row:1:Column:8\nNo such column 'Foo' on entity 'Account'. ${NO_SUCH_COLUMN_TAIL}`,
  },
  {
    name: 'unknown object (INVALID_TYPE)',
    soql: 'SELECT Id FROM Foo',
    code: 'INVALID_TYPE',
    message:
      "\nSELECT Id FROM Foo\n               ^\nERROR at Row:1:Column:16\nsObject type 'Foo' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
  },
  {
    name: 'syntax error (MALFORMED_QUERY unexpected token)',
    soql: 'SELECT Id, FROM Account',
    code: 'MALFORMED_QUERY',
    message: "\nSELECT Id, FROM Account\n           ^\nERROR at Row:1:Column:12\nunexpected token: 'FROM'",
  },
  {
    name: 'query cut short',
    soql: 'SELECT Id FROM',
    code: 'MALFORMED_QUERY',
    message: /unexpected token: '<EOF>'$/,
  },
  {
    name: 'unknown field in WHERE on a later line reports its row and column',
    soql: 'SELECT Id\nFROM Account\nWHERE Foo__c = 1',
    code: 'INVALID_FIELD',
    message: `\nWHERE Foo__c = 1\n      ^\nERROR at Row:3:Column:7\nNo such column 'Foo__c' on entity 'Account'. ${NO_SUCH_COLUMN_TAIL}`,
  },
  {
    name: 'AND and OR mixed without parentheses',
    soql: "SELECT Id FROM Account WHERE Name = 'a' AND Industry = 'b' OR Rating = 'c'",
    code: 'MALFORMED_QUERY',
    message: /ERROR at Row:1:Column:60\nunexpected token: 'OR'$/,
  },
  {
    name: 'unknown field through a relationship',
    soql: 'SELECT Account.Foo FROM Contact',
    code: 'INVALID_FIELD',
    message: `\nSELECT Account.Foo FROM Contact\n       ^\nERROR at Row:1:Column:8\nNo such column 'Foo' on entity 'Account'. ${NO_SUCH_COLUMN_TAIL}`,
  },
  {
    name: 'unknown parent relationship',
    soql: 'SELECT Acount.Name FROM Contact',
    code: 'INVALID_FIELD',
    message:
      "\nSELECT Acount.Name FROM Contact\n       ^\nERROR at Row:1:Column:8\nDidn't understand relationship 'Acount' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.",
  },
  {
    name: 'unknown child relationship',
    soql: 'SELECT Id, (SELECT Id FROM Contact) FROM Account',
    code: 'INVALID_TYPE',
    message:
      "\nSELECT Id, (SELECT Id FROM Contact) FROM Account\n                           ^\nERROR at Row:1:Column:28\nDidn't understand relationship 'Contact' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.",
  },
  {
    name: 'polymorphic relationship exposes only Name fields',
    soql: 'SELECT What.Industry FROM Task',
    code: 'INVALID_FIELD',
    message: /No such column 'Industry' on entity 'Name'/,
  },
  {
    name: 'field neither grouped nor aggregated',
    soql: 'SELECT Name, COUNT(Id) FROM Account',
    code: 'MALFORMED_QUERY',
    message: '\nSELECT Name, COUNT(Id) FROM Account\n       ^\nERROR at Row:1:Column:8\nField must be grouped or aggregated: Name',
  },
  {
    name: 'field outside GROUP BY',
    soql: 'SELECT Industry, Rating, COUNT(Id) FROM Account GROUP BY Industry',
    code: 'MALFORMED_QUERY',
    message: /Field must be grouped or aggregated: Rating$/,
  },
  {
    name: 'SUM of a text field',
    soql: 'SELECT SUM(Name) FROM Account',
    code: 'MALFORMED_QUERY',
    message: '\nSELECT SUM(Name) FROM Account\n           ^\nERROR at Row:1:Column:12\nfield Name does not support aggregate operator SUM',
  },
  {
    name: 'GROUP BY a currency field',
    soql: 'SELECT AnnualRevenue FROM Account GROUP BY AnnualRevenue',
    code: 'MALFORMED_QUERY',
    message: /field 'AnnualRevenue' can not be grouped in a query call$/,
  },
  {
    name: 'FIELDS(ALL) needs a LIMIT',
    soql: 'SELECT FIELDS(ALL) FROM Account',
    code: 'MALFORMED_QUERY',
    message: 'The SOQL FIELDS function must have a LIMIT of at most 200',
  },
  {
    name: 'FIELDS(CUSTOM) with LIMIT over 200',
    soql: 'SELECT FIELDS(CUSTOM) FROM Account LIMIT 201',
    code: 'MALFORMED_QUERY',
    message: 'The SOQL FIELDS function must have a LIMIT of at most 200',
  },
  {
    name: 'a field selected twice',
    soql: 'SELECT Id, Name, id FROM Account',
    code: 'INVALID_FIELD',
    message: 'duplicate field selected: Id',
  },
  {
    name: 'OFFSET over 2000',
    soql: 'SELECT Id FROM Account LIMIT 10 OFFSET 2001',
    code: 'NUMBER_OUTSIDE_VALID_RANGE',
    message: 'Maximum SOQL offset allowed is 2000',
  },
  {
    name: 'a malformed Id in a filter',
    soql: "SELECT Id FROM Account WHERE Id = 'abc'",
    code: 'INVALID_QUERY_FILTER_OPERATOR',
    message: "\nSELECT Id FROM Account WHERE Id = 'abc'\n                             ^\nERROR at Row:1:Column:30\ninvalid ID field: abc",
  },
  {
    name: 'LIKE on an Id field',
    soql: "SELECT Id FROM Account WHERE Id LIKE '001%'",
    code: 'INVALID_QUERY_FILTER_OPERATOR',
    message: /invalid operator on id field$/,
  },
  {
    name: 'a quoted number',
    soql: "SELECT Id FROM Account WHERE AnnualRevenue = '5'",
    code: 'INVALID_FIELD',
    message: /value of filter criterion for field 'AnnualRevenue' must be of type double and should not be enclosed in quotes$/,
  },
  {
    name: 'a quoted date',
    soql: "SELECT Id FROM Opportunity WHERE CloseDate = '2024-01-01'",
    code: 'INVALID_FIELD',
    message: /value of filter criterion for field 'CloseDate' must be of type date and should not be enclosed in quotes$/,
  },
  {
    name: 'a date value for a datetime field',
    soql: 'SELECT Id FROM Account WHERE CreatedDate > 2024-01-01',
    code: 'INVALID_FIELD',
    message: /value of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes$/,
  },
  {
    name: 'an unquoted string',
    soql: 'SELECT Id FROM Account WHERE Name = 5',
    code: 'INVALID_FIELD',
    message: /value of filter criterion for field 'Name' must be of type string and should be enclosed in quotes$/,
  },
  {
    name: 'INCLUDES on a non-multi-select field',
    soql: "SELECT Id FROM Account WHERE Industry INCLUDES ('Banking')",
    code: 'INVALID_QUERY_FILTER_OPERATOR',
    message: /includes or excludes operator only valid on multipicklist field$/,
  },
  {
    name: 'an alias on a plain field',
    soql: 'SELECT Name n FROM Account',
    code: 'MALFORMED_QUERY',
    message: /only aggregate expressions use field aliasing$/,
  },
  {
    name: 'an unterminated string literal',
    soql: "SELECT Id FROM Account WHERE Name = 'abc",
    code: 'MALFORMED_QUERY',
    message: "line 1:40 mismatched character '<EOF>' expecting '''",
  },
  {
    name: 'an empty query',
    soql: '   ',
    code: 'MALFORMED_QUERY',
    message: "unexpected token: '<EOF>'",
  },
  {
    name: 'Bulk API rejects child subqueries',
    soql: 'SELECT Id, (SELECT Id FROM Contacts) FROM Account',
    opts: { bulk: true },
    code: 'API_ERROR',
    message: 'Aggregate Relationships not supported in Bulk V2 Query with CSV content type.',
  },
  {
    name: 'Bulk API rejects GROUP BY',
    soql: 'SELECT Industry FROM Account GROUP BY Industry',
    opts: { bulk: true },
    code: 'API_ERROR',
    message: /GROUP BY is not supported/,
  },
  {
    name: 'Bulk API rejects aggregates',
    soql: 'SELECT COUNT(Id) FROM Account',
    opts: { bulk: true },
    code: 'API_ERROR',
    message: /Aggregate functions are not supported/,
  },
  {
    name: 'Bulk API rejects OFFSET',
    soql: 'SELECT Id FROM Account LIMIT 5 OFFSET 1',
    opts: { bulk: true },
    code: 'API_ERROR',
    message: /OFFSET is not supported/,
  },
  {
    name: 'Bulk API rejects TYPEOF',
    soql: 'SELECT TYPEOF What WHEN Account THEN Name END FROM Task',
    opts: { bulk: true },
    code: 'API_ERROR',
    message: /TYPEOF is not supported/,
  },
];

describe('SOQL engine: errors', () => {
  it.each(errorCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const error = queryError(c.soql, c.opts);
    expect(error.errorCode).toBe(c.code);
    expect(error.status).toBe(c.status ?? 400);
    if (typeof c.message === 'string') expect(error.message).toBe(c.message);
    else expect(error.message).toMatch(c.message);
  });

  it('turns every malformed input into a SalesforceError, never a raw exception', () => {
    const inputs = [
      'SELECT',
      'FROM Account',
      'SELECT Id FROM Account WHERE',
      'SELECT Id FROM Account WHERE Name =',
      'SELECT Id FROM Account ORDER BY',
      'SELECT Id FROM Account LIMIT x',
      'SELECT (SELECT Id FROM Contacts FROM Account',
      'SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS',
      'SELECT Id FROM Account WHERE Name IN ()',
      "SELECT Id FROM Account WHERE Name = 'a' AND",
      'SELECT Id FROM Account WHERE Id IN (SELECT Name, Id FROM Contact)',
      'SELECT COUNT(), Id FROM Account',
      'SELECT Id FROM Account GROUP BY ROLLUP(Industry)',
      'SELECT Id FROM Account WHERE Name = :name',
      '"; DROP TABLE Account; --',
    ];
    for (const soql of inputs) {
      const error = queryError(soql);
      expect(error.status, soql).toBe(400);
      expect(error.errorCode, soql).toMatch(/^[A-Z_]+$/);
    }
    // The store is untouched by the injection attempt.
    expect(q('SELECT COUNT() FROM Account').totalSize).toBeGreaterThan(0);
  });
});

describe('SOQL engine: values never reach SQL text', () => {
  it('treats quotes and SQL in literals as data', () => {
    const result = q("SELECT Id FROM Account WHERE Name = 'x\\' OR 1=1 --'");
    expect(result.totalSize).toBe(0);
    const like = q("SELECT Id FROM Account WHERE Name LIKE '%\\'; DROP TABLE Account; --%'");
    expect(like.totalSize).toBe(0);
    expect(q('SELECT COUNT() FROM Account').totalSize).toBeGreaterThan(0);
  });
});

describe('SOQL engine: fiscal years that do not start in January', () => {
  const NOW = new Date('2024-05-15T12:00:00.000Z');

  it('counts fiscal quarters from the start month', () => {
    const feb = { startMonth: 2, usesStartDateAsFiscalYearName: false };
    // Quarters of a February year: Feb-Apr, May-Jul, Aug-Oct, Nov-Jan.
    expect(dateLiteralRange('THIS_FISCAL_QUARTER', undefined, NOW, feb)).toEqual({ start: '2024-05-01', end: '2024-08-01' });
    expect(dateLiteralRange('LAST_FISCAL_QUARTER', undefined, NOW, feb)).toEqual({ start: '2024-02-01', end: '2024-05-01' });
    expect(dateLiteralRange('THIS_FISCAL_YEAR', undefined, NOW, feb)).toEqual({ start: '2024-02-01', end: '2025-02-01' });
    expect(dateLiteralRange('N_FISCAL_QUARTERS_AGO', 2, NOW, feb)).toEqual({ start: '2023-11-01', end: '2024-02-01' });
    expect(dateLiteralRange('NEXT_N_FISCAL_YEARS', 2, NOW, feb)).toEqual({ start: '2025-02-01', end: '2027-02-01' });
    // A start after today's month: the fiscal year began last calendar year.
    const oct = { startMonth: 10, usesStartDateAsFiscalYearName: false };
    expect(dateLiteralRange('THIS_FISCAL_YEAR', undefined, NOW, oct)).toEqual({ start: '2023-10-01', end: '2024-10-01' });
    expect(dateLiteralRange('THIS_FISCAL_QUARTER', undefined, NOW, oct)).toEqual({ start: '2024-04-01', end: '2024-07-01' });
    // Calendar literals ignore the fiscal year.
    expect(dateLiteralRange('THIS_QUARTER', undefined, NOW, feb)).toEqual({ start: '2024-04-01', end: '2024-07-01' });
    expect(dateLiteralRange('THIS_YEAR', undefined, NOW, oct)).toEqual({ start: '2024-01-01', end: '2025-01-01' });
  });

  it('names the fiscal year after its start or its end, as the org says', () => {
    // 2025-01-31 is the last day and 2024-02-01 the first of the fiscal year that starts in February 2024.
    for (const [usesStart, expected] of [
      [false, [2025, 4, 12, 2025, 1, 1]],
      [true, [2024, 4, 12, 2024, 1, 1]],
    ] as const) {
      const store = openOrgStore({ now: () => NOW });
      const { demoUserId } = generateDemoOrg(store, { seed: 1, scale: 0, fiscalYearStartMonth: 2, usesStartDateAsFiscalYearName: usesStart });
      for (const closeDate of ['2025-01-31', '2024-02-01']) {
        store.create('Opportunity', { Name: `FY ${closeDate}`, StageName: 'Prospecting', CloseDate: closeDate }, { userId: demoUserId });
      }
      const result = runQuery(
        store,
        "SELECT CloseDate, FISCAL_YEAR(CloseDate) y, FISCAL_QUARTER(CloseDate) q, FISCAL_MONTH(CloseDate) m FROM Opportunity WHERE Name LIKE 'FY %' GROUP BY CloseDate, FISCAL_YEAR(CloseDate), FISCAL_QUARTER(CloseDate), FISCAL_MONTH(CloseDate) ORDER BY CloseDate DESC",
        { includeDeleted: false, apiVersion: API },
      );
      expect(
        result.records.flatMap((r) => [r.y, r.q, r.m]),
        `usesStart ${usesStart}`,
      ).toEqual(expected);
      store.close();
    }
  });
});

describe('SOQL engine: semi-join and anti-join restrictions', () => {
  const sub = "Id IN (SELECT AccountId FROM Contact WHERE LastName = 'Cole')";
  const anti = 'Id NOT IN (SELECT AccountId FROM Opportunity)';
  const refused: Array<[string, string, RegExp]> = [
    ['an OR at the top level', `SELECT Id FROM Account WHERE Name = 'x' OR ${sub}`, /Semi join sub-selects are not allowed with the 'OR' operator$/],
    ['an anti-join under OR', `SELECT Id FROM Account WHERE ${anti} OR Rating = 'Hot'`, /Semi join sub-selects are not allowed with the 'OR' operator$/],
    [
      'a semi-join in a parenthesised OR',
      `SELECT Id FROM Account WHERE Rating = 'Hot' AND (Name = 'x' OR ${sub})`,
      /Semi join sub-selects are only allowed at the top level WHERE expressions and not in nested WHERE expressions\.$/,
    ],
    [
      'a semi-join under NOT',
      `SELECT Id FROM Account WHERE NOT ${sub}`,
      /Semi join sub-selects are only allowed at the top level WHERE expressions and not in nested WHERE expressions\.$/,
    ],
    [
      'three semi-joins',
      `SELECT Id FROM Account WHERE ${sub} AND ${anti} AND Id IN (SELECT AccountId FROM Case)`,
      /Maximum 2 semi join sub-selects are allowed$/,
    ],
    [
      'a semi-join inside a semi-join',
      'SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Id IN (SELECT ContactId FROM Case))',
      /Nesting of semi join sub-selects is not supported$/,
    ],
    ['a subquery on Task', 'SELECT Id FROM Account WHERE Id IN (SELECT WhatId FROM Task)', /Entity 'Task' is not supported for semi join inner selects$/],
    ['a subquery on Event', 'SELECT Id FROM Contact WHERE Id NOT IN (SELECT WhoId FROM Event)', /Entity 'Event' is not supported for semi join inner selects$/],
  ];
  it.each(refused)('refuses %s with MALFORMED_QUERY', (_name, soql, message) => {
    const error = queryError(soql);
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toMatch(message);
  });

  it('points at the offending subquery', () => {
    const soql = `SELECT Id FROM Account WHERE Name = 'x' OR ${sub}`;
    const column = soql.indexOf('(SELECT') + 2;
    expect(queryError(soql).message).toContain(`ERROR at Row:1:Column:${column}\n`);
    const entity = 'SELECT Id FROM Account WHERE Id IN (SELECT WhatId FROM Task)';
    expect(queryError(entity).message).toContain(`ERROR at Row:1:Column:${entity.indexOf('Task') + 1}\n`);
  });

  it('allows two semi-joins among the top-level AND terms, parenthesised or not', () => {
    const both = q(`SELECT Name FROM Account WHERE ${FX} AND (${sub} AND Rating = 'Hot') AND ${anti.replace('Opportunity', 'Case')}`);
    expect(names(both)).toEqual(['Fx Alpha']);
    const alone = q(`SELECT Name FROM Account WHERE ${sub}`);
    expect(names(alone)).toEqual(['Fx Alpha']);
  });

  it("answers the activity queries an app sends: Who.Name and What.Name through semi-joins on the user's records", () => {
    const mine = fx.userId;
    const byDeal = q(`SELECT Id, Subject, Who.Name, What.Name FROM Task WHERE WhatId IN (SELECT Id FROM Opportunity WHERE OwnerId = '${mine}')`);
    const task3 = byDeal.records.find((r) => r.Id === fx.ids.task3) as WireRecord;
    expect(task3).toMatchObject({ Subject: 'Other', Who: null, What: { attributes: { type: 'Opportunity' }, Name: 'Fx Alpha Deal 1' } });
    expect(byDeal.records.every((r) => typeof r.Id === 'string')).toBe(true);

    const other = (fx.store.db.prepare('SELECT "Id" FROM "User" WHERE "Id" != ? LIMIT 1').get(mine) as { Id: string }).Id;
    const byAccount = q(
      `SELECT Id, Who.Name, What.Name FROM Task WHERE AccountId IN (SELECT Id FROM Account WHERE OwnerId = '${mine}') AND OwnerId != '${other}' AND Id IN ('${fx.ids.task1}', '${fx.ids.task3}')`,
    );
    expect(byAccount.records.map((r) => r.Id).sort()).toEqual([fx.ids.task1, fx.ids.task3].sort());
    const task1 = byAccount.records.find((r) => r.Id === fx.ids.task1) as WireRecord;
    expect(task1).toMatchObject({ Who: { attributes: { type: 'Contact' }, Name: 'Ann Able' }, What: { attributes: { type: 'Account' }, Name: 'Fx Alpha' } });

    const byLead = q(`SELECT Id, Who.Name, What.Name FROM Task WHERE WhoId IN (SELECT Id FROM Lead WHERE OwnerId = '${mine}') AND Id = '${fx.ids.task2}'`);
    expect(byLead.records).toHaveLength(1);
    expect(byLead.records[0]).toMatchObject({ Who: { attributes: { type: 'Lead' }, Name: 'Lara Lopez' }, What: null });
  });
});
