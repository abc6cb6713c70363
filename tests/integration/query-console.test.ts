/**
 * The SOQL console's core against the emulator (the tests' Salesforce), through the gate as the
 * renderer calls it: anything but SELECT refused before a call; an org run's rows flattened
 * (parent fields as `Account.Name` columns, child subqueries as arrays of flattened rows) and
 * equal to what the org answers; queryAll; COUNT(); the run on the cache; the query plan.
 */
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../emulator/helpers';
import { createHarness, type Harness } from './core-harness';
import { seedAccounts, seedContacts } from './query-helpers';
import { syncAndWait } from './sync-helpers';

/** Seeded accounts: more than CONFIRM_ABOVE_CALLS pages of 2,000. */
const SEEDED = 12_345;

type Row = Record<string, unknown>;

let h: Harness;
let conn: Connection;
let apiCalls: () => number;

beforeAll(async () => {
  h = await createHarness({ scale: 20, settings: { sync: { scope: 'all', intervalMinutes: 0 } } });
  await h.loginDemo();
  // The first session started the Demo org's emulator.
  await h.call('query:schema', {});
  seedAccounts(h.emulator(), SEEDED);
  conn = await connect(h.emulator());
  apiCalls = () => h.emulator().requestsReceived();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

/** A REST record's value at a dotted path (null when a parent on the way is null). */
function at(record: Row, path: string): unknown {
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (value === null || value === undefined) return null;
    value = (value as Row)[part];
  }
  return value ?? null;
}

describe('only SELECT', () => {
  it.each([
    ['DELETE FROM Account', 'DELETE'],
    ["UPDATE Account SET Name = 'x'", 'UPDATE'],
    ['insert into Account (Name) values (1)', 'INSERT'],
    ['  upsert Account', 'UPSERT'],
  ])('refuses %s with a clear message, before anything runs', async (soql, word) => {
    const check = await h.call('query:check', { soql });
    expect(check.problem?.message).toContain(`Only SELECT queries can run here: this one starts with "${word}"`);
    const history = await h.call('query:history', {});
    const refused = await h.raw('query:run', { soql, target: 'org' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(!refused.ok && refused.error.message).toContain('Only SELECT queries can run here');
    // Not a run: nothing written to the history.
    expect((await h.call('query:history', {})).entries).toEqual(history.entries);
  });

  it('points at where a SELECT stops parsing', async () => {
    const check = await h.call('query:check', { soql: 'SELECT Id,\n  Name FRM Account' });
    expect(check.problem).toEqual({ message: "Expected FROM but found 'Account'", line: 2, column: 12 });
    const early = await h.call('query:check', { soql: 'SELECT Id FROM' });
    expect(early.problem).toMatchObject({ line: 1, column: 15 });
    expect(early.problem?.message).toMatch(/ends too early/);
  });

  it('formats a good query and names the object', async () => {
    const check = await h.call('query:check', { soql: 'select id, name from account where name != null limit 5' });
    expect(check.problem).toBeNull();
    expect(check.object).toBe('account');
    expect(check.formatted).toBe('SELECT id, name\nFROM account\nWHERE name != NULL\nLIMIT 5');
  });
});

describe('a run on the org', () => {
  it('flattens parent fields into columns and child subqueries into arrays of flattened rows, as the org answers', async () => {
    const soql =
      'SELECT Id, name, Owner.Name, Parent.Name, (SELECT LastName, Account.Name FROM Contacts ORDER BY LastName), (SELECT Id FROM Opportunities LIMIT 1) FROM Account ORDER BY Name LIMIT 30';
    const result = await h.call('query:run', { soql, target: 'org' });
    expect(result.columns).toEqual([
      { path: 'Id', kind: 'field' },
      { path: 'Name', kind: 'field' },
      { path: 'Owner.Name', kind: 'field' },
      { path: 'Parent.Name', kind: 'field' },
      { path: 'Contacts', kind: 'subquery' },
      { path: 'Opportunities', kind: 'subquery' },
    ]);
    const org = await conn.query<Row>(soql);
    expect(result.totalSize).toBe(org.totalSize);
    expect(result.rows).toEqual(
      org.records.map((r) => ({
        Id: r.Id,
        Name: r.Name,
        'Owner.Name': at(r, 'Owner.Name'),
        'Parent.Name': at(r, 'Parent.Name'),
        Contacts: r.Contacts ? (r.Contacts as { records: Row[] }).records.map((c) => ({ LastName: c.LastName, 'Account.Name': at(c, 'Account.Name') })) : null,
        Opportunities: r.Opportunities ? (r.Opportunities as { records: Row[] }).records.map((c) => ({ Id: c.Id })) : null,
      })),
    );
    // Some accounts have no parent (null) and some have contacts: both shapes were exercised.
    expect(result.rows.some((r) => r['Parent.Name'] === null)).toBe(true);
    expect(result.rows.some((r) => Array.isArray(r.Contacts) && (r.Contacts as Row[]).length > 0)).toBe(true);
    expect(result).toMatchObject({ target: 'org', object: 'Account', truncated: false, apiCalls: 1 });
    expect(result.historyId).toMatch(/[0-9a-f-]{36}/);
  });

  it('refuses a run above the threshold unless confirmed, then follows nextRecordsUrl, a call a page', async () => {
    const soql = "SELECT Id, Name, Industry FROM Account WHERE Name LIKE 'Zeta Seed%'";
    const refused = await h.raw('query:run', { soql, target: 'org' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: ['confirmed'] } });
    expect(!refused.ok && refused.error.message).toBe(
      'This query would use 7 API calls (about 12,345 rows); the console asks before a run uses more than 5. Confirm to run it.',
    );
    const before = apiCalls();
    const result = await h.call('query:run', { soql, target: 'org', confirmed: true });
    expect(result.rows).toHaveLength(SEEDED);
    expect(new Set(result.rows.map((r) => r.Id)).size).toBe(SEEDED);
    expect(result.rows.filter((r) => r.Industry === 'Retail, "Food" & Drink')).toHaveLength(Math.ceil(SEEDED / 3));
    expect(result.apiCalls).toBe(7);
    expect(apiCalls() - before).toBe(7);
  });

  it('reads a child subquery to its end when Salesforce pages it (a call a page)', async () => {
    const parent = '001Zz0000000007AAA';
    seedContacts(h.emulator(), parent, 450);
    const soql = `SELECT Id, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account WHERE Id = '${parent}' LIMIT 1`;
    const first = await conn.query<Row>(soql);
    // The org answers the first 200 inline, with a locator for the rest.
    expect(first.records[0].Contacts).toMatchObject({ totalSize: 450, done: false });
    const result = await h.call('query:run', { soql, target: 'org' });
    const children = result.rows[0].Contacts as Row[];
    expect(children).toHaveLength(450);
    expect(children.map((c) => c.LastName)).toEqual(Array.from({ length: 450 }, (_, i) => `Child ${String(i + 1).padStart(4, '0')}`));
    // The first page and two more of children (a LIMIT needs no COUNT() first).
    expect(result.apiCalls).toBe(3);
  });

  it('COUNT() answers totalSize and no rows, as Salesforce does', async () => {
    const result = await h.call('query:run', { soql: "SELECT COUNT() FROM Account WHERE Name LIKE 'A%'", target: 'org' });
    const org = await conn.query("SELECT COUNT() FROM Account WHERE Name LIKE 'A%'");
    expect(result).toMatchObject({ rows: [], columns: [], totalSize: org.totalSize });
  });

  it('queryAll includes deleted rows; query does not', async () => {
    const [victim] = (await conn.query<Row>('SELECT Id FROM Lead ORDER BY Id LIMIT 1')).records;
    await conn.sobject('Lead').destroy(victim.Id as string);
    const soql = `SELECT Id, IsDeleted FROM Lead WHERE Id = '${String(victim.Id)}'`;
    const live = await h.call('query:run', { soql, target: 'org' });
    expect(live.rows).toEqual([]);
    const all = await h.call('query:run', { soql, target: 'org', queryAll: true });
    expect(all.rows).toEqual([{ Id: victim.Id, IsDeleted: true }]);
  });

  it('a Salesforce refusal is recorded in the history in words', async () => {
    const failed = await h.raw('query:run', { soql: 'SELECT Nope__c FROM Account LIMIT 5', target: 'org' });
    expect(failed.ok).toBe(false);
    const [last] = (await h.call('query:history', { limit: 1 })).entries;
    expect(last).toMatchObject({ soql: 'SELECT Nope__c FROM Account LIMIT 5', target: 'org', rows: null, apiCalls: 1 });
    expect(last.error).toMatch(/Nope__c/);
  });
});

describe('the cost', () => {
  it('a LIMIT costs nothing to estimate', async () => {
    const before = apiCalls();
    const estimate = await h.call('query:estimate', { soql: 'SELECT Id FROM Contact LIMIT 4500' });
    expect(estimate).toEqual({ rows: 4500, calls: 3, basis: 'limit', estimateCalls: 0, needsConfirmation: false, bulkExport: false });
    expect(apiCalls()).toBe(before);
  });

  it('without a LIMIT one COUNT() gives the rows and the pages', async () => {
    const total = (await conn.query("SELECT COUNT() FROM Account WHERE Industry != 'Retail'")).totalSize;
    expect(total).toBeGreaterThan(SEEDED);
    const before = apiCalls();
    const estimate = await h.call('query:estimate', { soql: "SELECT Id, Name FROM Account WHERE Industry != 'Retail' ORDER BY Name" });
    expect(apiCalls() - before).toBe(1);
    expect(estimate).toEqual({ rows: total, calls: Math.ceil(total / 2_000), basis: 'count', estimateCalls: 1, needsConfirmation: true, bulkExport: false });
    // The same query again: the figure is remembered, no second COUNT().
    expect(await h.call('query:estimate', { soql: "SELECT Id, Name FROM Account WHERE Industry != 'Retail' ORDER BY Name" })).toMatchObject({
      rows: total,
      estimateCalls: 0,
    });
    expect(apiCalls() - before).toBe(1);
    const offset = await h.call('query:estimate', { soql: "SELECT Id FROM Account WHERE Industry != 'Retail' LIMIT 11000 OFFSET 1500" });
    expect(offset).toMatchObject({ rows: Math.min(total - 1500, 11_000), basis: 'count', calls: 6, needsConfirmation: true });
  });

  it('an aggregate is one call', async () => {
    const estimate = await h.call('query:estimate', { soql: 'SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY StageName' });
    expect(estimate).toMatchObject({ rows: null, calls: 1, basis: 'aggregate', estimateCalls: 0, needsConfirmation: false });
  });
});

describe('a run on the cache', () => {
  it('answers from the local copy with no API call, and says what it cannot answer', async () => {
    await syncAndWait(h);
    const soql = 'SELECT Id, Name, Account.Name FROM Contact ORDER BY Name, Id LIMIT 10';
    const before = apiCalls();
    const cache = await h.call('query:run', { soql, target: 'cache' });
    expect(apiCalls()).toBe(before);
    const org = await h.call('query:run', { soql, target: 'org' });
    expect(cache.rows).toEqual(org.rows);
    expect(cache).toMatchObject({ target: 'cache', apiCalls: 0 });
    // Sorting by a picklist needs the org's order: completing Account in the editor (query:schema) keeps it.
    const sorted = 'SELECT Industry, COUNT(Id), MAX(NumberOfEmployees) most FROM Account GROUP BY Industry ORDER BY Industry NULLS FIRST';
    expect((await h.call('query:check', { soql: sorted })).cacheProblem).toMatch(/picklist order/);
    await h.call('query:schema', { object: 'Account' });
    expect((await h.call('query:check', { soql: sorted })).cacheProblem).toBeNull();
    // Aggregates: the same columns (alias, exprN, a grouped parent field by its own name) and rows on both.
    for (const aggregate of [
      'SELECT Industry, COUNT(Id), MAX(NumberOfEmployees) most FROM Account GROUP BY Industry ORDER BY Industry NULLS FIRST',
      'SELECT Account.Industry, COUNT(Id) FROM Contact GROUP BY Account.Industry ORDER BY Account.Industry NULLS FIRST',
    ]) {
      const onCache = await h.call('query:run', { soql: aggregate, target: 'cache' });
      const onOrg = await h.call('query:run', { soql: aggregate, target: 'org' });
      expect(onOrg.columns).toEqual(onCache.columns);
      expect(onOrg.rows).toEqual(onCache.rows);
      expect(onOrg.rows.length).toBeGreaterThan(1);
    }
    const check = await h.call('query:check', { soql: 'SELECT Id, Username FROM User' });
    expect(check.cacheProblem).toBe("User isn't kept in the local copy");
    const queryAll = await h.raw('query:run', { soql, target: 'cache', queryAll: true });
    expect(!queryAll.ok && queryAll.error.message).toMatch(/deleted or archived rows/);
  });
});

describe('the query plan', () => {
  it('is one explain call', async () => {
    const before = apiCalls();
    const plans = await h.call('query:explain', { soql: "SELECT Id FROM Account WHERE Name = 'Acme'" });
    expect(apiCalls() - before).toBe(1);
    expect(plans.plans[0]).toMatchObject({ sobjectType: 'Account', leadingOperationType: 'TableScan' });
    expect(plans.sourceQuery).toBe("SELECT Id FROM Account WHERE Name = 'Acme'");
  });
});
