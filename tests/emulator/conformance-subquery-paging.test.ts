/**
 * Child subquery paging (audit gaps G-1, G-2) and Sforce-Limit-Info on failures (G-3):
 * child rows count toward a query page, a large child set carries its own nextRecordsUrl that
 * /query/{locator} resolves, jsforce autoFetch follows it to every child row, and injected or
 * unexpected 5xx answers on the data API still carry Sforce-Limit-Info.
 */
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHILD_PAGE_SIZE } from '../../src/emulator/soql/child-paging';
import { connect, dataPath, rawRequest, startTestEmulator, type RunningEmulator } from './helpers';

/** Contacts on the big account: two full 200-row chunks and a partial one. */
const BIG = 450;
/** Accounts with a few contacts each, to fill parent pages with child rows. */
const SMALL_ACCOUNTS = 600;
const CONTACTS_EACH = 5;
const NESTED_URL = /^\/services\/data\/v62\.0\/query\/(01g[a-zA-Z0-9]{15})-(\d+)-(\d+)$/;

let emu: RunningEmulator;
let conn: Connection;
let token: string;
let bigAccountId: string;

beforeAll(async () => {
  emu = await startTestEmulator({ scale: 1, maxBodyBytes: 64 * 1024 });
  const userId = emu.demoUserId;
  emu.store.transaction(() => {
    bigAccountId = emu.store.create('Account', { Name: 'Subpage Big' }, { userId });
    for (let i = 0; i < BIG; i++) {
      emu.store.create('Contact', { LastName: `Big ${String(i).padStart(4, '0')}`, AccountId: bigAccountId }, { userId });
    }
    for (let a = 0; a < SMALL_ACCOUNTS; a++) {
      const accountId = emu.store.create('Account', { Name: `Subpage Small ${String(a).padStart(4, '0')}` }, { userId });
      for (let c = 0; c < CONTACTS_EACH; c++) {
        emu.store.create('Contact', { LastName: `Small ${a}-${c}`, AccountId: accountId }, { userId });
      }
    }
  });
  conn = await connect(emu);
  token = conn.accessToken!;
});
afterAll(async () => {
  await emu?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => rawRequest(emu, 'GET', path, { token, headers });
const queryPath = (soql: string, version = '62.0') => `/services/data/v${version}/query?q=${encodeURIComponent(soql)}`;

const SMALL_SOQL = "SELECT Id, Name, (SELECT Id, LastName FROM Contacts ORDER BY LastName) FROM Account WHERE Name LIKE 'Subpage Small%' ORDER BY Name";
const bigSoql = () => `SELECT Id, Name, (SELECT Id, LastName FROM Contacts ORDER BY LastName) FROM Account WHERE Id = '${bigAccountId}'`;

interface Page {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: Array<{
    Id: string;
    Name: string;
    Contacts: { totalSize: number; done: boolean; nextRecordsUrl?: string; records: Array<{ LastName: string }> } | null;
  }>;
}

describe('G-1: child rows count toward the batch', () => {
  it('puts fewer parents on a page when they carry children, and every parent exactly once', async () => {
    const first = await get(queryPath(SMALL_SOQL));
    expect(first.status).toBe(200);
    const page1 = first.json<Page>();
    expect(page1.totalSize).toBe(SMALL_ACCOUNTS);
    expect(page1.done).toBe(false);
    // 2000 rows per page, each account being 1 + 5 rows: 333 accounts, not 600.
    expect(page1.records).toHaveLength(Math.floor(2000 / (1 + CONTACTS_EACH)));
    expect(page1.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g[a-zA-Z0-9]{15}-333$/);
    const page2 = (await get(page1.nextRecordsUrl!)).json<Page>();
    expect(page2.done).toBe(true);
    expect(page2).not.toHaveProperty('nextRecordsUrl');
    const all = [...page1.records, ...page2.records];
    expect(all.map((r) => r.Name)).toEqual(Array.from({ length: SMALL_ACCOUNTS }, (_, a) => `Subpage Small ${String(a).padStart(4, '0')}`));
    for (const record of all) {
      expect(record.Contacts).toMatchObject({ totalSize: CONTACTS_EACH, done: true });
      expect(Object.keys(record.Contacts!)).toEqual(['totalSize', 'done', 'records']);
    }
  });

  it('counts child rows against Sforce-Query-Options batchSize too', async () => {
    const page = (await get(queryPath(SMALL_SOQL), { 'Sforce-Query-Options': 'batchSize=200' })).json<Page>();
    expect(page.records).toHaveLength(Math.floor(200 / (1 + CONTACTS_EACH)));
    const next = (await get(page.nextRecordsUrl!)).json<Page>();
    expect(next.records[0].Name).toBe(`Subpage Small ${String(page.records.length).padStart(4, '0')}`);
  });

  it('still pages parents 2000 at a time when the subquery finds no children', async () => {
    const soql = "SELECT Id, (SELECT Id FROM Contacts WHERE LastName = 'nobody') FROM Account WHERE Name LIKE 'Subpage Small%'";
    const page = (await get(queryPath(soql))).json<Page>();
    expect(page).toMatchObject({ totalSize: SMALL_ACCOUNTS, done: true });
    expect(page.records.every((r) => r.Contacts === null)).toBe(true);
  });
});

describe('G-2: large child sets page with a nested nextRecordsUrl', () => {
  it('carries the first 200 children, done:false and a nested locator that resolves chunk by chunk', async () => {
    const page = (await get(queryPath(bigSoql()))).json<Page>();
    expect(page).toMatchObject({ totalSize: 1, done: true });
    expect(page).not.toHaveProperty('nextRecordsUrl');
    const contacts = page.records[0].Contacts!;
    expect(Object.keys(contacts)).toEqual(['totalSize', 'done', 'nextRecordsUrl', 'records']);
    expect(contacts.totalSize).toBe(BIG);
    expect(contacts.done).toBe(false);
    expect(contacts.records).toHaveLength(CHILD_PAGE_SIZE);
    const [, cursorId, set, offset] = NESTED_URL.exec(contacts.nextRecordsUrl!)!;
    expect([set, offset]).toEqual(['1', '200']);

    const chunk2Response = await get(contacts.nextRecordsUrl!);
    expect(chunk2Response.status).toBe(200);
    expect(chunk2Response.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/\d+$/);
    const chunk2 = chunk2Response.json<Page>();
    expect(Object.keys(chunk2)).toEqual(['totalSize', 'done', 'nextRecordsUrl', 'records']);
    expect(chunk2).toMatchObject({ totalSize: BIG, done: false, nextRecordsUrl: `/services/data/v62.0/query/${cursorId}-1-400` });
    expect(chunk2.records).toHaveLength(200);
    const chunk3 = (await get(chunk2.nextRecordsUrl!)).json<Page>();
    expect(chunk3).toMatchObject({ totalSize: BIG, done: true });
    expect(chunk3).not.toHaveProperty('nextRecordsUrl');
    expect(chunk3.records).toHaveLength(BIG - 400);

    const names = [...contacts.records, ...chunk2.records, ...chunk3.records].map((c) => (c as { LastName: string }).LastName);
    expect(names).toEqual(Array.from({ length: BIG }, (_, i) => `Big ${String(i).padStart(4, '0')}`));
    expect((chunk3.records[0] as unknown as { attributes: { type: string; url: string } }).attributes).toEqual({
      type: 'Contact',
      url: expect.stringMatching(/^\/services\/data\/v62\.0\/sobjects\/Contact\/003[a-zA-Z0-9]{15}$/),
    });

    // Chunks can be read again while the cursor lives, under /queryAll and at another version,
    // whose URLs then name that version.
    const again = (await get(`/services/data/v55.0/queryAll/${cursorId}-1-200`)).json<Page>();
    expect(again.nextRecordsUrl).toBe(`/services/data/v55.0/query/${cursorId}-1-400`);
    expect((again.records[0] as unknown as { attributes: { url: string } }).attributes.url).toMatch(/^\/services\/data\/v55\.0\//);
  });

  it('counts only the inline chunk toward the parent page', async () => {
    const soql = "SELECT Id, Name, (SELECT Id FROM Contacts) FROM Account WHERE Name = 'Subpage Big' OR Name LIKE 'Subpage Small%' ORDER BY Name";
    const page = (await get(queryPath(soql))).json<Page>();
    // 'Subpage Big' first: 1 + 200 rows, then (2000 - 201) / 6 = 299 small accounts.
    expect(page.records[0].Contacts).toMatchObject({ totalSize: BIG, done: false });
    expect(page.records).toHaveLength(1 + Math.floor((2000 - 1 - CHILD_PAGE_SIZE) / (1 + CONTACTS_EACH)));
  });

  it('refuses nested locators that do not exist', async () => {
    const contacts = (await get(queryPath(bigSoql()))).json<Page>().records[0].Contacts!;
    const [, cursorId] = NESTED_URL.exec(contacts.nextRecordsUrl!)!;
    for (const locator of [`${cursorId}-2-200`, `${cursorId}-1-0`, `${cursorId}-1-${BIG}`, `${cursorId}-0-200`, `${cursorId}-1-200-1`]) {
      const res = await get(`/services/data/v62.0/query/${locator}`);
      expect(res.status, locator).toBe(400);
      expect(res.json()).toEqual([{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
    }
  });

  it('splits nothing when no child set exceeds 200 (byte-identical to the unsplit shape)', async () => {
    const soql = "SELECT Id, (SELECT Id FROM Contacts LIMIT 200) FROM Account WHERE Name = 'Subpage Big'";
    const page = (await get(queryPath(soql))).json<Page>();
    expect(Object.keys(page.records[0].Contacts!)).toEqual(['totalSize', 'done', 'records']);
    expect(page.records[0].Contacts).toMatchObject({ totalSize: 200, done: true });
  });

  it('jsforce autoFetch follows the nested nextRecordsUrl to every child row', async () => {
    const result = await conn
      .query<{ Name: string; Contacts: { records: Array<{ LastName: string }>; done: boolean; totalSize: number } }>(bigSoql())
      .run({ autoFetch: true, maxFetch: 10 });
    expect(result.records).toHaveLength(1);
    const contacts = result.records[0].Contacts;
    expect(contacts.done).toBe(true);
    expect(contacts.totalSize).toBe(BIG);
    expect(contacts.records.map((c) => c.LastName)).toEqual(Array.from({ length: BIG }, (_, i) => `Big ${String(i).padStart(4, '0')}`));
  });

  it('jsforce autoFetch reads every parent and child across parent pages and nested chunks', async () => {
    const soql = "SELECT Id, Name, (SELECT Id, LastName FROM Contacts) FROM Account WHERE Name = 'Subpage Big' OR Name LIKE 'Subpage Small%' ORDER BY Name";
    const result = await conn.query<{ Name: string; Contacts: { records: unknown[] } }>(soql).run({ autoFetch: true, maxFetch: 10_000 });
    expect(result.records).toHaveLength(SMALL_ACCOUNTS + 1);
    const childRows = result.records.reduce((n, r) => n + r.Contacts.records.length, 0);
    expect(childRows).toBe(BIG + SMALL_ACCOUNTS * CONTACTS_EACH);
  });

  it('without autoFetch, jsforce hands back the nested locator as Salesforce sends it', async () => {
    const result = await conn.query<{ Contacts: { done: boolean; nextRecordsUrl?: string; records: unknown[] } }>(bigSoql()).run({ autoFetch: false });
    expect(result.records[0].Contacts.done).toBe(false);
    expect(result.records[0].Contacts.nextRecordsUrl).toMatch(NESTED_URL);
    expect(result.records[0].Contacts.records).toHaveLength(CHILD_PAGE_SIZE);
  });
});

describe('G-3: Sforce-Limit-Info on failure answers', () => {
  it('is on injected 500 and 503 fault answers', async () => {
    try {
      for (const failureStatus of [500, 503] as const) {
        emu.faults.set({ failureRate: 1, failureStatus, methods: ['GET'] });
        const res = await get(dataPath('/limits'));
        expect(res.status).toBe(failureStatus);
        expect(res.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/\d+$/);
      }
    } finally {
      emu.faults.reset();
    }
  });

  it('is on the 413 for an oversized data-API body', async () => {
    const res = await rawRequest(emu, 'POST', dataPath('/sobjects/Account'), {
      token,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ Name: 'x'.repeat(80 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/\d+$/);
  });

  it('is on the catch-all 500 for a data-API path', async () => {
    const store = emu.store as unknown as { getUpdated: (...args: unknown[]) => unknown };
    const original = store.getUpdated;
    // A result that cannot be written breaks the request after the router has answered.
    store.getUpdated = () => [
      {
        toJSON: () => {
          throw new Error('unwritable');
        },
      },
    ];
    try {
      const now = new Date();
      const start = new Date(now.getTime() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
      const end = now.toISOString().replace(/\.\d+Z$/, 'Z');
      const res = await get(dataPath(`/sobjects/Account/updated?start=${start}&end=${end}`));
      expect(res.status).toBe(500);
      expect(res.json()[0].errorCode).toBe('UNKNOWN_EXCEPTION');
      expect(res.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/\d+$/);
    } finally {
      store.getUpdated = original;
    }
  });
});
