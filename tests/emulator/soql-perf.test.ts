/**
 * A quick throughput check at Demo-org scale 20000 (60,000 Contacts): the engine must serve a
 * full table with a parent relationship in one pass. The timing is printed; the assertions check
 * the results and guard only against pathological slowness (such as a query per row).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoOrg } from '../../src/emulator/org/generate';
import { openOrgStore } from '../../src/emulator/org/store';
import type { OrgStore } from '../../src/emulator/org/types';
import { runQuery } from '../../src/emulator/soql/engine';
import { runSearch } from '../../src/emulator/soql/sosl';

let store: OrgStore;
const options = { includeDeleted: false, apiVersion: '62.0' };

beforeAll(() => {
  store = openOrgStore({ now: () => new Date('2024-05-15T12:00:00.000Z') });
  generateDemoOrg(store, { seed: 42, scale: 20000 });
}, 300_000);

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

describe('SOQL engine throughput at scale 20000', () => {
  it('reads every Contact with Account.Name', () => {
    const soql = 'SELECT Id, FirstName, LastName, Email, Account.Name FROM Contact';
    const expected = (store.db.prepare('SELECT COUNT(*) AS n FROM "Contact" WHERE "IsDeleted" = 0').get() as { n: number }).n;
    runQuery(store, soql, options); // warm-up: statement preparation and JIT
    const runs = [0, 1, 2].map(() => timed(() => runQuery(store, soql, options)));
    const best = Math.min(...runs.map((r) => r.ms));
    const result = runs[0].value;
    console.log(
      `[soql perf] ${soql}: ${result.totalSize} records, best ${best.toFixed(0)} ms ` +
        `(${Math.round((result.totalSize / best) * 1000)} records/s); runs ${runs.map((r) => r.ms.toFixed(0)).join(', ')} ms`,
    );
    expect(expected).toBeGreaterThan(50_000);
    expect(result.totalSize).toBe(expected);
    expect(result.records[0]).toHaveProperty('Account');
    expect(best).toBeLessThan(15_000);
  }, 120_000);

  it('nests every Account with its Contacts in batched child queries', () => {
    const { value, ms } = timed(() => runQuery(store, 'SELECT Id, Name, (SELECT Id, LastName FROM Contacts) FROM Account', options));
    const nested = value.records.reduce((sum, a) => sum + ((a.Contacts as { totalSize: number } | null)?.totalSize ?? 0), 0);
    console.log(`[soql perf] 20000 Accounts with Contacts subquery: ${nested} children in ${ms.toFixed(0)} ms`);
    expect(value.totalSize).toBe(20000);
    expect(nested).toBeGreaterThan(50_000);
    expect(ms).toBeLessThan(30_000);
  }, 120_000);

  it('aggregates and searches the large org', () => {
    const aggregate = timed(() => runQuery(store, 'SELECT StageName, COUNT(Id), SUM(Amount) FROM Opportunity GROUP BY StageName', options));
    const search = timed(() => runSearch(store, 'FIND {Smith} RETURNING Contact(Id, Name LIMIT 50)', '62.0'));
    console.log(`[soql perf] GROUP BY over Opportunity: ${aggregate.ms.toFixed(0)} ms; SOSL over Contacts: ${search.ms.toFixed(0)} ms`);
    expect(aggregate.value.records.length).toBeGreaterThan(1);
    expect(search.value.searchRecords.length).toBeLessThanOrEqual(50);
    expect(aggregate.ms + search.ms).toBeLessThan(30_000);
  }, 120_000);
});
