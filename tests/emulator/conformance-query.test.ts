/**
 * Query conformance: cursor paging of thousands of records (raw and through jsforce autoFetch /
 * maxFetch), batch sizes, locators under /query and /queryAll at any version, cursor expiry,
 * explain, record shapes (attributes, parents, children, aggregates, COUNT()) and query errors.
 */
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, dataPath, rawRequest, startTestEmulator, type RunningEmulator } from './helpers';

const PAGED = 4_500;
const LOCATOR_URL = /^\/services\/data\/v62\.0\/query\/(01g[a-zA-Z0-9]{15})-(\d+)$/;

let emu: RunningEmulator;
let conn: Connection;
let token: string;
let clockOffsetMs = 0;

beforeAll(async () => {
  emu = await startTestEmulator({ scale: 5, clock: () => Date.now() + clockOffsetMs });
  // Thousands of rows, written straight into the store (the API under test is the reading side).
  emu.store.transaction(() => {
    for (let i = 0; i < PAGED; i++) {
      emu.store.create('Lead', { LastName: `Pager ${String(i).padStart(5, '0')}`, Company: 'Paging Inc' }, { userId: emu.demoUserId });
    }
  });
  conn = await connect(emu);
  token = conn.accessToken!;
});
afterAll(async () => {
  await emu?.close();
});

const PAGING_SOQL = "SELECT Id, LastName FROM Lead WHERE Company = 'Paging Inc' ORDER BY LastName";
const get = (path: string, headers: Record<string, string> = {}) => rawRequest(emu, 'GET', path, { token, headers });
const queryPath = (soql: string, resource = 'query', version = '62.0') => `/services/data/v${version}/${resource}?q=${encodeURIComponent(soql)}`;

describe('cursor paging', () => {
  it('pages 2000 at a time with <cursorId>-<offset> locators and ends with done:true', async () => {
    const first = await get(queryPath(PAGING_SOQL));
    expect(first.status).toBe(200);
    const page1 = first.json();
    expect(Object.keys(page1)).toEqual(['totalSize', 'done', 'nextRecordsUrl', 'records']);
    expect(page1.totalSize).toBe(PAGED);
    expect(page1.done).toBe(false);
    expect(page1.records).toHaveLength(2000);
    const [, cursorId, offset] = LOCATOR_URL.exec(page1.nextRecordsUrl)!;
    expect(offset).toBe('2000');
    const page2 = (await get(page1.nextRecordsUrl)).json();
    expect(page2.records).toHaveLength(2000);
    expect(page2.nextRecordsUrl).toBe(`/services/data/v62.0/query/${cursorId}-4000`);
    const page3 = (await get(page2.nextRecordsUrl)).json();
    expect(page3.done).toBe(true);
    expect(page3).not.toHaveProperty('nextRecordsUrl');
    expect(page3.records).toHaveLength(PAGED - 4000);
    const names = [...page1.records, ...page2.records, ...page3.records].map((r: { LastName: string }) => r.LastName);
    expect(new Set(names).size).toBe(PAGED);
    expect(names[0]).toBe('Pager 00000');
    expect(names.at(-1)).toBe(`Pager ${String(PAGED - 1).padStart(5, '0')}`);
    // A fully read cursor is released.
    const again = await get(page2.nextRecordsUrl);
    expect(again.status).toBe(400);
    expect(again.json()).toEqual([{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
  });

  it('honours Sforce-Query-Options batchSize within 200–2000', async () => {
    const small = (await get(queryPath(PAGING_SOQL), { 'Sforce-Query-Options': 'batchSize=500' })).json();
    expect(small.records).toHaveLength(500);
    expect(small.nextRecordsUrl).toMatch(/-500$/);
    const next = (await get(small.nextRecordsUrl)).json();
    expect(next.records).toHaveLength(500);
    expect(next.nextRecordsUrl).toMatch(/-1000$/);
    const tiny = (await get(queryPath(PAGING_SOQL), { 'Sforce-Query-Options': 'batchSize=10' })).json();
    expect(tiny.records).toHaveLength(200);
    const huge = (await get(queryPath(PAGING_SOQL), { 'Sforce-Query-Options': 'batchSize=9999' })).json();
    expect(huge.records).toHaveLength(2000);
  });

  it('resolves locators under /query and /queryAll at any version; queryAll locators say /query', async () => {
    const first = (await get(queryPath(PAGING_SOQL, 'queryAll'))).json();
    expect(first.nextRecordsUrl).toMatch(LOCATOR_URL);
    const locator = first.nextRecordsUrl.split('/').pop();
    const viaQueryAll = await get(`/services/data/v51.0/queryAll/${locator}`);
    expect(viaQueryAll.status).toBe(200);
    const body = viaQueryAll.json();
    expect(body.records[0].attributes.url).toMatch(/^\/services\/data\/v51\.0\/sobjects\/Lead\//);
    expect(body.nextRecordsUrl).toMatch(/^\/services\/data\/v51\.0\/query\/01g/);
    const viaQuery = await get(`/services/data/v45.0/query/${body.nextRecordsUrl.split('/').pop()}`);
    expect(viaQuery.status).toBe(200);
    expect(viaQuery.json().done).toBe(true);
  });

  it('rejects unknown and malformed locators, and expires cursors after 15 idle minutes', async () => {
    for (const locator of ['01g000000000000AAA-2000', 'garbage', '01g8d0000000001AAA-0']) {
      const res = await get(dataPath(`/query/${locator}`));
      expect(res.status, locator).toBe(400);
      expect(res.json()[0].errorCode).toBe('INVALID_QUERY_LOCATOR');
    }
    const first = (await get(queryPath(PAGING_SOQL))).json();
    clockOffsetMs = 15 * 60_000 + 1_000;
    try {
      const expired = await get(first.nextRecordsUrl);
      expect(expired.status).toBe(400);
      expect(expired.json()[0].errorCode).toBe('INVALID_QUERY_LOCATOR');
    } finally {
      clockOffsetMs = 0;
    }
  });

  it('jsforce autoFetch follows every page; maxFetch stops it', async () => {
    const all = await conn.query(PAGING_SOQL).autoFetch(true).maxFetch(10_000);
    expect(all.totalSize).toBe(PAGED);
    expect(all.records).toHaveLength(PAGED);
    const capped = await conn.query(PAGING_SOQL).run({ autoFetch: true, maxFetch: 3_000 });
    expect(capped.records.length).toBeGreaterThanOrEqual(3_000);
    expect(capped.records.length).toBeLessThan(PAGED);
    const onePage = await conn.query(PAGING_SOQL);
    expect(onePage.records).toHaveLength(2000);
    expect(onePage.done).toBe(false);
    // jsforce hands back the absolute URL built from the locator.
    expect(onePage.nextRecordsUrl).toMatch(new RegExp(`^${emu.url}/services/data/v62\\.0/query/01g[a-zA-Z0-9]{15}-2000$`));
    const more = await conn.queryMore(onePage.nextRecordsUrl!);
    expect(more.records).toHaveLength(2000);
  });

  it('jsforce streams records with execute() across pages', async () => {
    const seen: string[] = [];
    await new Promise<void>((resolve, reject) => {
      conn
        .query(PAGING_SOQL)
        .on('record', (r: { Id: string }) => seen.push(r.Id))
        .on('end', () => resolve())
        .on('error', reject)
        .run({ autoFetch: true, maxFetch: 10_000 });
    });
    expect(seen).toHaveLength(PAGED);
  });
});

describe('record shapes', () => {
  it('nests parents (or null), child subqueries and attributes', async () => {
    const res = await conn.query<Record<string, any>>(
      'SELECT Id, Name, Owner.Name, Parent.Name, (SELECT Id, LastName FROM Contacts) FROM Account ORDER BY Name LIMIT 5',
    );
    expect(res.done).toBe(true);
    for (const r of res.records) {
      expect(r.attributes).toEqual({ type: 'Account', url: `/services/data/v62.0/sobjects/Account/${r.Id}` });
      expect(r.Owner.attributes.type).toBe('User');
      expect(typeof r.Owner.Name).toBe('string');
      if (r.Parent !== null) expect(r.Parent.attributes.type).toBe('Account');
      if (r.Contacts !== null) {
        expect(r.Contacts).toMatchObject({ done: true });
        expect(r.Contacts.totalSize).toBe(r.Contacts.records.length);
        expect(r.Contacts.records[0].attributes.type).toBe('Contact');
      }
    }
  });

  it('shapes aggregates and COUNT()', async () => {
    const count = await conn.query('SELECT COUNT() FROM Lead');
    expect(count.records).toEqual([]);
    expect(count.totalSize).toBeGreaterThanOrEqual(PAGED);
    expect(await conn.sobject('Lead').count({ Company: 'Paging Inc' })).toBe(PAGED);
    const agg = await conn.query<Record<string, unknown>>("SELECT COUNT(Id), MAX(LastName) maxName FROM Lead WHERE Company = 'Paging Inc'");
    expect(agg.records).toEqual([{ attributes: { type: 'AggregateResult' }, expr0: PAGED, maxName: `Pager ${String(PAGED - 1).padStart(5, '0')}` }]);
  });

  it('parses SOQL keywords case-insensitively', async () => {
    const res = await conn.query("select id from lead where company = 'Paging Inc' limit 3");
    expect(res.records).toHaveLength(3);
  });
});

describe('explain and errors', () => {
  it('explains a query plan', async () => {
    const res = await get(dataPath(`/query/?explain=${encodeURIComponent("SELECT Id FROM Lead WHERE Company = 'Paging Inc'")}`));
    expect(res.status).toBe(200);
    const [plan] = res.json().plans;
    expect(plan).toMatchObject({ sobjectType: 'Lead', leadingOperationType: 'TableScan', cardinality: PAGED });
    expect(plan.sobjectCardinality).toBeGreaterThanOrEqual(PAGED);
  });

  it('explains the outer object of a query with a child subquery, a semi-join and a "FROM" in a literal', async () => {
    const soql = "SELECT Name, (SELECT Id FROM Contacts) FROM Account WHERE Id IN (SELECT AccountId FROM Contact) AND Name != 'x FROM Lead'";
    const res = await get(dataPath(`/query/?explain=${encodeURIComponent(soql)}`));
    expect(res.status).toBe(200);
    expect(res.json().plans[0].sobjectType).toBe('Account');
  });

  it('reports query errors with Salesforce codes and 400', async () => {
    const cases: Array<[string, string]> = [
      ['SELECT Nope FROM Account', 'INVALID_FIELD'],
      ['SELECT Id FROM NoSuchThing', 'INVALID_TYPE'],
      ['SELECT FROM', 'MALFORMED_QUERY'],
    ];
    for (const [soql, code] of cases) {
      const res = await get(queryPath(soql));
      expect(res.status, soql).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
      expect(res.json()[0].errorCode).toBe(code);
    }
    await expect(conn.query('SELECT Nope FROM Account')).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    const missing = await get(dataPath('/query'));
    expect(missing.status).toBe(400);
    expect(missing.json()[0].errorCode).toBe('MALFORMED_QUERY');
  });
});
