/**
 * What the Salesforce CLI's first `data query` needs: request targets that start with `//` (an
 * instance URL kept with its trailing slash) reach the resource Salesforce serves for them, and
 * `query?columns=true` answers column metadata instead of rows.
 *
 * Raw node:http requests throughout: fetch would normalise the `//` away before sending.
 */
import { request as httpRequest } from 'node:http';
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_API_VERSION, connect, startTestEmulator, type RunningEmulator } from './helpers';

let emu: RunningEmulator;
let token: string;

beforeAll(async () => {
  emu = await startTestEmulator({ scale: 10 });
  token = (await connect(emu)).accessToken!;
});
afterAll(async () => {
  await emu?.close();
});

interface Answer {
  status: number;
  body: string;
  json: () => unknown;
}

/** GET with this exact request target on the wire. */
function rawGet(target: string, headers: Record<string, string> = { Authorization: `Bearer ${token}` }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: emu.port, method: 'GET', path: target, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, json: () => JSON.parse(body) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const queryPath = (soql: string, extra = '', resource = 'query') => `/services/data/v${TEST_API_VERSION}/${resource}?q=${encodeURIComponent(soql)}${extra}`;

interface Column {
  aggregate: boolean;
  apexType: string | null;
  booleanType: boolean;
  columnName: string;
  custom: boolean;
  displayName: string;
  foreignKeyName: string | null;
  insertable: boolean;
  joinColumns: Column[];
  numberType: boolean;
  textType: boolean;
  updatable: boolean;
}
interface Columns {
  columnMetadata: Column[];
  entityName: string;
  groupBy: boolean;
  idSelected: boolean;
  keyPrefix: string | null;
}

async function columns(soql: string, resource = 'query'): Promise<Columns> {
  const res = await rawGet(queryPath(soql, '&columns=true', resource));
  expect(res.status, res.body).toBe(200);
  return res.json() as Columns;
}

const COLUMN_KEYS = [
  'aggregate',
  'apexType',
  'booleanType',
  'columnName',
  'custom',
  'displayName',
  'foreignKeyName',
  'insertable',
  'joinColumns',
  'numberType',
  'textType',
  'updatable',
];

describe('request targets that start with //', () => {
  it('serves a query at //services/data/vXX.X/query as at /services/...', async () => {
    const soql = 'SELECT Id, Name FROM Account ORDER BY Name LIMIT 3';
    const doubled = await rawGet(`/${queryPath(soql)}`);
    const single = await rawGet(queryPath(soql));
    expect(doubled.status, doubled.body).toBe(200);
    const records = (doubled.json() as { records: Array<{ Name: string }> }).records;
    expect(records.map((r) => r.Name)).toEqual((single.json() as { records: Array<{ Name: string }> }).records.map((r) => r.Name));
  });

  it('lists versions at //services/data without a token', async () => {
    const res = await rawGet('//services/data', {});
    expect(res.status).toBe(200);
    expect((res.json() as Array<{ version: string }>).some((v) => v.version === TEST_API_VERSION)).toBe(true);
  });

  it('answers userinfo at //services/oauth2/userinfo', async () => {
    const res = await rawGet('//services/oauth2/userinfo');
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ preferred_username: emu.username });
  });

  it('still authenticates and still 404s unknown resources after folding', async () => {
    expect((await rawGet(`/${queryPath('SELECT Id FROM Account')}`, {})).status).toBe(401);
    expect((await rawGet(`//services/data/v${TEST_API_VERSION}/nothing-here`)).status).toBe(404);
  });

  it('keeps the admin routes loopback- and same-host-only under a // target', async () => {
    const admin = (host: string) => rawGet('//__emulator/health', { Host: host });
    expect((await admin(`127.0.0.1:${emu.port}`)).status).toBe(200);
    expect((await admin(`evil.example:${emu.port}`)).status).toBe(403);
  });
});

describe('query?columns=true', () => {
  it('answers column metadata for plain fields, not rows', async () => {
    const res = await columns('SELECT Id, Name, AnnualRevenue, IsDeleted FROM Account');
    expect(Object.keys(res).sort()).toEqual(['columnMetadata', 'entityName', 'groupBy', 'idSelected', 'keyPrefix']);
    expect(res).toMatchObject({ entityName: 'Account', groupBy: false, idSelected: true, keyPrefix: '001' });
    expect(res.columnMetadata.map((c) => c.columnName)).toEqual(['Id', 'Name', 'AnnualRevenue', 'IsDeleted']);
    for (const column of res.columnMetadata) expect(Object.keys(column).sort()).toEqual(COLUMN_KEYS);
    const [id, name, revenue, deleted] = res.columnMetadata;
    expect(id).toMatchObject({ apexType: 'Id', aggregate: false, insertable: false, updatable: false, textType: false, joinColumns: [] });
    expect(name).toMatchObject({ apexType: 'String', textType: true, insertable: true, updatable: true, foreignKeyName: null });
    expect(revenue).toMatchObject({ numberType: true, textType: false });
    expect(deleted).toMatchObject({ apexType: 'Boolean', booleanType: true });
  });

  it('uses the schema spelling of names and reports idSelected false without Id', async () => {
    const res = await columns('select name from contact');
    expect(res).toMatchObject({ entityName: 'Contact', idSelected: false, keyPrefix: '003' });
    expect(res.columnMetadata.map((c) => c.columnName)).toEqual(['Name']);
  });

  it('nests relationship fields in joinColumns, one column per relationship', async () => {
    const res = await columns('SELECT Id, Account.Name, Account.Industry, Owner.Name FROM Contact');
    expect(res.columnMetadata.map((c) => c.columnName)).toEqual(['Id', 'Account', 'Owner']);
    const [, account, owner] = res.columnMetadata;
    expect(account).toMatchObject({ aggregate: false, apexType: null, foreignKeyName: 'AccountId', insertable: false, updatable: false });
    expect(account.joinColumns.map((c) => c.columnName)).toEqual(['Name', 'Industry']);
    expect(owner.foreignKeyName).toBe('OwnerId');
    expect(owner.joinColumns).toHaveLength(1);
    expect(owner.joinColumns[0]).toMatchObject({ columnName: 'Name', textType: true });
  });

  it('nests deeper paths one relationship at a time', async () => {
    const res = await columns('SELECT Account.Owner.Name FROM Contact');
    expect(res.columnMetadata[0].columnName).toBe('Account');
    expect(res.columnMetadata[0].joinColumns[0].columnName).toBe('Owner');
    expect(res.columnMetadata[0].joinColumns[0].joinColumns[0].columnName).toBe('Name');
  });

  it('gives a subquery an aggregate column named after the relationship', async () => {
    const res = await columns('SELECT Name, (SELECT LastName, Email FROM Contacts) FROM Account');
    const sub = res.columnMetadata[1];
    expect(sub).toMatchObject({ columnName: 'Contacts', displayName: 'Contacts', aggregate: true, apexType: null, foreignKeyName: null });
    expect(sub.joinColumns.map((c) => c.columnName)).toEqual(['LastName', 'Email']);
  });

  it('marks aggregates with exprN names (or their alias) and reports grouping', async () => {
    const res = await columns('SELECT StageName, SUM(Amount), COUNT(Id) n, MAX(CloseDate) FROM Opportunity GROUP BY StageName');
    expect(res).toMatchObject({ entityName: 'Opportunity', groupBy: true, idSelected: false });
    expect(res.columnMetadata.map((c) => [c.columnName, c.aggregate])).toEqual([
      ['StageName', false],
      ['expr0', true],
      ['n', true],
      ['expr1', true],
    ]);
    expect(res.columnMetadata[1]).toMatchObject({ displayName: 'sum(Amount)', numberType: true, apexType: null });
    expect(res.columnMetadata[2]).toMatchObject({ displayName: 'count(Id)', numberType: true });
  });

  it('answers an ungrouped COUNT(Id) and a bare COUNT()', async () => {
    const counted = await columns('SELECT COUNT(Id) FROM Account');
    expect(counted.groupBy).toBe(false);
    expect(counted.columnMetadata).toHaveLength(1);
    expect(counted.columnMetadata[0]).toMatchObject({ columnName: 'expr0', aggregate: true });
    const bare = await columns('SELECT COUNT() FROM Account');
    expect(bare).toMatchObject({ entityName: 'Account', columnMetadata: [] });
  });

  it('works on queryAll and through a // target', async () => {
    expect((await columns('SELECT Id FROM Account', 'queryAll')).columnMetadata[0].columnName).toBe('Id');
    const res = await rawGet(`/${queryPath('SELECT Id FROM Account', '&columns=true')}`);
    expect(res.status).toBe(200);
    expect(res.json()).toHaveProperty('columnMetadata');
  });

  it('answers a bad query with the same error as without columns=true', async () => {
    for (const soql of ['SELECT Nope__c FROM Account', 'SELECT Id FROM NoSuchObject', 'SELECT FROM Account', 'SELECT Name, COUNT(Id) FROM Account']) {
      const plain = await rawGet(queryPath(soql));
      const withColumns = await rawGet(queryPath(soql, '&columns=true'));
      expect(withColumns.status, soql).toBe(plain.status);
      expect(plain.status, soql).toBe(400);
      expect(withColumns.json()).toEqual(plain.json());
    }
  });
});

describe('the Salesforce CLI data query sequence', () => {
  it('runs through jsforce with the instance URL kept with a trailing slash', async () => {
    // What `data query` does: the query, then the columns of the same statement from
    // `${_baseUrl()}/query?...&columns=true`, both on a base that now starts with `//services`.
    const cli = new jsforce.Connection({ instanceUrl: `${emu.url}/`, accessToken: token, version: TEST_API_VERSION });
    expect(cli._baseUrl()).toContain('//services/data');
    const soql = 'SELECT Id, Name, Owner.Name FROM Account ORDER BY Name LIMIT 2';
    const result = await cli.query<{ Name: string; Owner: { Name: string } }>(soql, { autoFetch: true });
    expect(result.totalSize).toBe(2);
    const meta = await cli.request<Columns>(`${cli._baseUrl()}/query?q=${encodeURIComponent(soql)}&columns=true`);
    const names = meta.columnMetadata.flatMap((c) => (c.joinColumns.length ? c.joinColumns.map((j) => `${c.columnName}.${j.columnName}`) : [c.columnName]));
    expect(names).toEqual(['Id', 'Name', 'Owner.Name']);
    expect(result.records[0].Owner.Name).toEqual(expect.any(String));
  });
});
