/**
 * Gaps found by auditing §8 of the Salesforce API reference against the conformance suite (see
 * docs/emulator-conformance.md for the full checklist → test map). Each test here pins one
 * checklist item the other files did not assert, or asserted only in passing: content types and
 * empty bodies everywhere, the one origin, raw PKCE/refresh shapes, null parents and children,
 * sObject Collections at the oldest versions, §3 errors as jsforce maps them, Bulk 2.0 session
 * refresh, identity/userinfo fields, describe field properties, 80+ SOQL statements through
 * jsforce, and the time to generate a `--scale 20000` org.
 */
import { createHash, randomBytes } from 'node:crypto';
import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SalesforceError } from '../../src/emulator/errors';
import { startEmulator } from '../../src/emulator/index';
import { runQuery } from '../../src/emulator/soql/engine';
import { authorizeThroughPages, connect, dataPath, loginWithPkce, rawRequest, startTestEmulator, TEST_REDIRECT_URI, type RunningEmulator } from './helpers';

const JSON_TYPE = 'application/json;charset=UTF-8';
const LIMIT_INFO = /^api-usage=\d+\/\d+$/;
/** A fixed org clock keeps date literals identical for the engine and the HTTP path. */
const ORG_NOW = new Date('2025-06-18T12:00:00.000Z');

let emu: RunningEmulator;
let conn: Connection;

beforeAll(async () => {
  emu = await startTestEmulator({ scale: 20, now: () => new Date(ORG_NOW.getTime()) });
  conn = await connect(emu);
});
afterAll(async () => {
  await emu?.close();
});

const token = () => conn.accessToken!;
const api = (method: string, path: string, opts: { body?: unknown; headers?: Record<string, string>; version?: string } = {}) =>
  rawRequest(emu, method, dataPath(path, opts.version), { token: token(), body: opts.body, headers: opts.headers });

async function anAccountId(): Promise<string> {
  return ((await conn.sobject('Account').create({ Name: `Checklist ${randomBytes(4).toString('hex')}` })) as { id: string }).id;
}

describe('§8 content types, empty bodies and Sforce-Limit-Info on every response', () => {
  it('sends application/json;charset=UTF-8 on every JSON answer, successes and errors alike', async () => {
    const accountId = await anAccountId();
    const job = (await api('POST', '/jobs/ingest', { body: { object: 'Account', operation: 'insert' } })).json();
    const cases: Array<[string, () => Promise<{ status: number; headers: Headers; text: string }>, number]> = [
      ['versions', () => rawRequest(emu, 'GET', '/services/data'), 200],
      ['version root', () => api('GET', ''), 200],
      ['describeGlobal', () => api('GET', '/sobjects'), 200],
      ['describe', () => api('GET', '/sobjects/Account/describe'), 200],
      ['basic info', () => api('GET', '/sobjects/Account'), 200],
      ['row', () => api('GET', `/sobjects/Account/${accountId}`), 200],
      ['create', () => api('POST', '/sobjects/Account', { body: { Name: 'CT create' } }), 201],
      ['query', () => api('GET', `/query?q=${encodeURIComponent('SELECT Id FROM Account LIMIT 1')}`), 200],
      ['query error', () => api('GET', `/query?q=${encodeURIComponent('SELECT Nope FROM Account')}`), 400],
      ['search', () => api('GET', `/search?q=${encodeURIComponent('FIND {Checklist} RETURNING Account(Id)')}`), 200],
      ['search error', () => api('GET', `/search?q=${encodeURIComponent('FIND Checklist')}`), 400],
      ['limits', () => api('GET', '/limits'), 200],
      ['recent', () => api('GET', '/recent'), 200],
      ['composite', () => api('POST', '/composite', { body: { compositeRequest: [{ method: 'GET', url: dataPath('/limits'), referenceId: 'l' }] } }), 200],
      ['collections', () => api('POST', '/composite/sobjects', { body: { records: [{ attributes: { type: 'Account' }, Name: 'CT coll' }] } }), 200],
      ['bulk job info', () => api('GET', `/jobs/ingest/${job.id}`), 200],
      ['bulk error', () => api('POST', '/jobs/ingest', { body: { object: 'Nope__c', operation: 'insert' } }), 400],
      ['not found', () => api('GET', '/sobjects/Nope__c/describe'), 404],
      ['method not allowed', () => api('PUT', '/sobjects'), 405],
      ['unauthenticated', () => rawRequest(emu, 'GET', dataPath('/limits'), { token: `${emu.orgId}!forged` }), 401],
      ['bad JSON', () => api('POST', '/sobjects/Account', { body: '{', headers: { 'Content-Type': 'application/json' } }), 400],
      ['precondition failed', () => api('PATCH', `/sobjects/Account/${accountId}`, { body: { Name: 'x' }, headers: { 'If-Match': '"stale"' } }), 412],
      [
        'oauth error',
        () =>
          rawRequest(emu, 'POST', '/services/oauth2/token', {
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: 'grant_type=refresh_token&client_id=nobody&refresh_token=x',
          }),
        400,
      ],
    ];
    for (const [name, call, status] of cases) {
      const res = await call();
      expect(res.status, name).toBe(status);
      expect(res.headers.get('content-type'), name).toBe(JSON_TYPE);
      expect(() => JSON.parse(res.text), name).not.toThrow();
    }
  });

  it('answers 204 and 304 with no body at all', async () => {
    const accountId = await anAccountId();
    const row = await api('GET', `/sobjects/Account/${accountId}`);
    const describe = await api('GET', '/sobjects/Account/describe');
    const job = (await api('POST', '/jobs/ingest', { body: { object: 'Account', operation: 'insert' } })).json();
    // Salesforce deletes only jobs that are no longer Open.
    await api('PATCH', `/jobs/ingest/${job.id}`, { body: { state: 'Aborted' } });
    const cases: Array<[string, () => Promise<{ status: number; headers: Headers; text: string }>, number]> = [
      ['row If-None-Match', () => api('GET', `/sobjects/Account/${accountId}`, { headers: { 'If-None-Match': row.headers.get('etag')! } }), 304],
      ['update', () => api('PATCH', `/sobjects/Account/${accountId}`, { body: { Phone: '1' } }), 204],
      [
        'describe If-Modified-Since',
        () => api('GET', '/sobjects/Account/describe', { headers: { 'If-Modified-Since': describe.headers.get('last-modified')! } }),
        304,
      ],
      ['describeGlobal If-Modified-Since', () => api('GET', '/sobjects', { headers: { 'If-Modified-Since': describe.headers.get('last-modified')! } }), 304],
      ['bulk job delete', () => api('DELETE', `/jobs/ingest/${job.id}`), 204],
      ['delete', () => api('DELETE', `/sobjects/Account/${accountId}`), 204],
    ];
    for (const [name, call, status] of cases) {
      const res = await call();
      expect(res.status, name).toBe(status);
      expect(res.text, name).toBe('');
      expect(['0', null], name).toContain(res.headers.get('content-length'));
      expect(res.headers.get('sforce-limit-info'), name).toMatch(LIMIT_INFO);
    }
  });

  it('puts Sforce-Limit-Info: api-usage=N/M on data-API answers of every kind, never on /services/data or OAuth', async () => {
    const before = /^api-usage=(\d+)\/(\d+)$/.exec((await api('GET', '/limits')).headers.get('sforce-limit-info')!)!;
    const job = (await api('POST', '/jobs/query', { body: { operation: 'query', query: 'SELECT Id FROM Account' } })).json();
    const answers = [
      await api('GET', `/jobs/query/${job.id}/results`),
      await api('POST', '/composite/sobjects', { body: { records: [] } }),
      await api('GET', '/nope'),
      await api('GET', `/query?q=${encodeURIComponent('SELECT FROM')}`),
    ];
    expect(answers[0].headers.get('content-type')).toMatch(/^text\/csv/);
    for (const res of answers) expect(res.headers.get('sforce-limit-info')).toMatch(LIMIT_INFO);
    const after = /^api-usage=(\d+)\/(\d+)$/.exec(answers.at(-1)!.headers.get('sforce-limit-info')!)!;
    expect(Number(after[1])).toBe(Number(before[1]) + 5); // job create + 4 calls
    expect(after[2]).toBe(before[2]);
    expect((await rawRequest(emu, 'GET', '/services/data/')).headers.get('sforce-limit-info')).toBeNull();
    expect((await rawRequest(emu, 'GET', '/services/oauth2/userinfo', { token: token() })).headers.get('sforce-limit-info')).toBeNull();
  });
});

describe('§4–5 headers the Salesforce CLI sends on every request', () => {
  it('accepts content-type: application/json, user-agent and Sforce-Call-Options on GETs and DELETEs without a body', async () => {
    const headers = { 'Content-Type': 'application/json', 'User-Agent': 'sfdx toolbelt:', 'Sforce-Call-Options': 'client=sfdx toolbelt:' };
    const accountId = await anAccountId();
    const calls: Array<[string, string, number]> = [
      ['GET', '/limits', 200],
      ['GET', `/query?q=${encodeURIComponent('SELECT Id FROM Account LIMIT 1')}`, 200],
      ['GET', '/sobjects/Account/describe', 200],
      ['GET', '/jobs/ingest', 200],
      ['DELETE', `/sobjects/Account/${accountId}`, 204],
    ];
    for (const [method, path, status] of calls) {
      expect((await api(method, path, { headers })).status, `${method} ${path}`).toBe(status);
    }
    const userinfo = await rawRequest(emu, 'GET', '/services/oauth2/userinfo', { token: token(), headers });
    expect(userinfo.status).toBe(200);
  });
});

describe('§8 one origin; instance_url and id', () => {
  it('serves OAuth, identity and data from the instance URL, which has no trailing slash; id is absolute', async () => {
    const { oauth2, refreshToken } = await loginWithPkce(emu);
    const res = await oauth2.refreshToken(refreshToken);
    expect(res.instance_url).toBe(emu.url);
    expect(res.instance_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(res.id).toMatch(new RegExp(`^${res.instance_url}/id/00D[a-zA-Z0-9]{15}/005[a-zA-Z0-9]{15}$`));
    const origin = new URL(res.instance_url).origin;
    for (const url of [res.id, `${origin}/services/oauth2/userinfo`, `${origin}/services/data/v62.0/limits`]) {
      const answer = await fetch(url, { headers: { Authorization: `Bearer ${res.access_token}` } });
      expect(answer.status, url).toBe(200);
      expect(new URL(answer.url).origin).toBe(origin);
    }
  });
});

describe('§8 PKCE and refresh over raw HTTP', () => {
  const tokenRequest = (params: Record<string, string>) =>
    rawRequest(emu, 'POST', '/services/oauth2/token', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });

  it("accepts jsforce's 171-character verifier with no code_challenge_method, and tolerates code_verifier on refresh", async () => {
    const verifier = randomBytes(128).toString('base64url');
    expect(verifier.length).toBe(171);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorizeUrl = `${emu.url}/services/oauth2/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: emu.consumerKey,
      redirect_uri: TEST_REDIRECT_URI,
      code_challenge: challenge,
      state: 'raw-pkce',
    })}`;
    const redirect = await authorizeThroughPages(emu, authorizeUrl);
    expect(redirect.searchParams.get('state')).toBe('raw-pkce');
    const issued = await tokenRequest({
      grant_type: 'authorization_code',
      code: redirect.searchParams.get('code')!,
      client_id: emu.consumerKey,
      redirect_uri: TEST_REDIRECT_URI,
      code_verifier: verifier,
    });
    expect(issued.status).toBe(200);
    const refreshToken = issued.json().refresh_token as string;
    // jsforce built with useVerifier posts code_verifier on the refresh grant too; even a stale one.
    const refreshed = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: emu.consumerKey,
      code_verifier: 'not-the-verifier-of-anything',
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.get('content-type')).toBe(JSON_TYPE);
    const body = refreshed.json();
    expect(body).toMatchObject({
      id: `${emu.url}/id/${emu.orgId}/${emu.demoUserId}`,
      instance_url: emu.url,
      token_type: 'Bearer',
      access_token: expect.stringMatching(/^00D\w{12,15}![.\w]*$/),
      issued_at: expect.stringMatching(/^\d{13}$/),
    });
    expect(body).not.toHaveProperty('refresh_token');
  });

  it('a failed refresh ends the call with the OAuth error instead of looping', async () => {
    const own = await startTestEmulator({ scale: 1 });
    try {
      const { conn: victim, oauth2, refreshToken } = await loginWithPkce(own);
      await oauth2.revokeToken(refreshToken); // also revokes its access tokens
      let refreshes = 0;
      victim.on('refresh', () => (refreshes += 1));
      await expect(victim.query('SELECT Id FROM Account LIMIT 1')).rejects.toThrow(/expired access\/refresh token/);
      expect(refreshes).toBe(0);
    } finally {
      await own.close();
    }
  });
});

describe('§8 record shapes: null parents and null child results', () => {
  it('returns null for a missing parent and for a subquery with no children, and nests both when present', async () => {
    const loneId = await anAccountId();
    const parentId = await anAccountId();
    const { id: childId } = (await conn.sobject('Account').create({ Name: 'Checklist child', ParentId: parentId })) as { id: string };
    await conn.sobject('Contact').create({ LastName: 'Checklist contact', AccountId: childId });
    const result = await conn.query<Record<string, any>>(
      `SELECT Id, Parent.Name, (SELECT LastName FROM Contacts) FROM Account WHERE Id IN ('${loneId}', '${childId}') ORDER BY Name`,
    );
    const lone = result.records.find((r) => r.Id === loneId)!;
    const child = result.records.find((r) => r.Id === childId)!;
    expect(lone.Parent).toBeNull();
    expect(lone.Contacts).toBeNull();
    expect(child.Parent).toEqual({ attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${parentId}` }, Name: expect.any(String) });
    expect(child.Contacts).toEqual({
      totalSize: 1,
      done: true,
      records: [
        { attributes: { type: 'Contact', url: expect.stringMatching(/^\/services\/data\/v62\.0\/sobjects\/Contact\/003/) }, LastName: 'Checklist contact' },
      ],
    });
  });
});

describe('§8 sObject Collections at the oldest versions that have them', () => {
  it('serves create, update (lowercase id), retrieve and delete at v42.0 and upsert at v46.0, all with 200', async () => {
    const old = await connect(emu, { version: '42.0' });
    const created = (await old.sobject('Account').create([{ Name: 'v42 a' }, { Name: 'v42 b' }])) as Array<{ id: string; success: boolean }>;
    expect(created.map((r) => r.success)).toEqual([true, true]);
    const ids = created.map((r) => r.id);
    const update = await rawRequest(emu, 'PATCH', dataPath('/composite/sobjects', '42.0'), {
      token: old.accessToken!,
      body: { records: [{ attributes: { type: 'Account' }, id: ids[0], Name: 'v42 renamed' }] },
    });
    expect(update.status).toBe(200);
    expect(update.json()).toEqual([{ id: ids[0], success: true, errors: [] }]);
    const retrieved = await rawRequest(emu, 'POST', dataPath('/composite/sobjects/Account', '42.0'), {
      token: old.accessToken!,
      body: { ids: [...ids, '001000000000000AAZ'], fields: ['Name'] },
    });
    expect(retrieved.status).toBe(200);
    expect(retrieved.json().map((r: { Name: string } | null) => r?.Name ?? null)).toEqual(['v42 renamed', 'v42 b', null]);
    expect(retrieved.json()[0].attributes.url).toBe(`/services/data/v42.0/sobjects/Account/${ids[0]}`);
    const removed = (await old.sobject('Account').destroy(ids)) as Array<{ success: boolean }>;
    expect(removed.map((r) => r.success)).toEqual([true, true]);

    const key = `V46-${randomBytes(3).toString('hex')}`;
    const upsert = await rawRequest(emu, 'PATCH', dataPath('/composite/sobjects/Account/External_Id__c', '46.0'), {
      token: old.accessToken!,
      body: { allOrNone: false, records: [{ attributes: { type: 'Account' }, External_Id__c: key, Name: 'v46 upsert' }] },
    });
    expect(upsert.status).toBe(200);
    expect(upsert.json()).toEqual([{ id: expect.stringMatching(/^001/), success: true, errors: [], created: true }]);
  });
});

describe('§3 errors as jsforce maps them', () => {
  it('DUPLICATE_VALUE, FIELD_CUSTOM_VALIDATION_EXCEPTION, MALFORMED_ID, INVALID_CROSS_REFERENCE_KEY: 400 with the documented wording', async () => {
    const key = `DUP-${randomBytes(3).toString('hex')}`;
    const { id: firstId } = (await conn.sobject('Account').create({ Name: 'Dup 1', External_Id__c: key })) as { id: string };
    const duplicate = await api('POST', '/sobjects/Account', { body: { Name: 'Dup 2', External_Id__c: key } });
    expect(duplicate.status).toBe(400);
    expect(duplicate.json()).toEqual([
      { message: `duplicate value found: External_Id__c duplicates value on record with id: ${firstId}`, errorCode: 'DUPLICATE_VALUE', fields: [] },
    ]);

    // jsforce turns a one-element error array into an error named after errorCode, data = the element.
    const validation = await conn
      .sobject('Opportunity')
      .create({ Name: 'Negative', StageName: 'Prospecting', CloseDate: '2025-07-01', Amount: -5 })
      .then(
        () => undefined,
        (err: Error & { errorCode?: string; data?: unknown }) => err,
      );
    expect(validation).toBeInstanceOf(Error);
    expect(validation!.name).toBe('FIELD_CUSTOM_VALIDATION_EXCEPTION');
    expect(validation!.errorCode).toBe('FIELD_CUSTOM_VALIDATION_EXCEPTION');
    expect(validation!.message).toBe('Amount cannot be negative.');
    expect(validation!.data).toEqual({ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Amount cannot be negative.', fields: ['Amount'] });

    const malformed = await api('POST', '/sobjects/Contact', { body: { LastName: 'L', AccountId: 'abc' } });
    expect(malformed.status).toBe(400);
    expect(malformed.json()).toEqual([{ message: 'Account ID: id value of incorrect type: abc', errorCode: 'MALFORMED_ID', fields: ['AccountId'] }]);

    const dangling = await api('POST', '/sobjects/Contact', { body: { LastName: 'L', AccountId: '001000000000777AAA' } });
    expect(dangling.status).toBe(400);
    expect(dangling.json()[0]).toMatchObject({ errorCode: 'INVALID_CROSS_REFERENCE_KEY', fields: ['AccountId'] });
  });

  it('never answers an expired session with the "not valid for use with the REST API" text', async () => {
    const { accessToken } = await loginWithPkce(emu);
    await rawRequest(emu, 'POST', '/services/oauth2/revoke', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: accessToken }).toString(),
    });
    for (const path of [dataPath('/limits'), dataPath('/jobs/ingest'), dataPath('/composite/sobjects?ids=001000000000000AAA')]) {
      const res = await rawRequest(emu, 'GET', path, { token: accessToken });
      expect(res.status, path).toBe(401);
      expect(res.text).not.toContain('not valid for use with the REST API');
      expect(res.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
  });
});

describe('§8 Bulk 2.0 session expiry', () => {
  it('a 401 from Bulk 2.0 carries INVALID_SESSION_ID, so jsforce refreshes (refresh event) and the job completes', async () => {
    const own = await startTestEmulator({ scale: 2 });
    try {
      const { conn: bulkConn } = await loginWithPkce(own);
      const refreshed: string[] = [];
      bulkConn.on('refresh', (accessToken: string) => refreshed.push(accessToken));
      own.faults.expireAllAccessTokens();
      const expected = (await own.store.db.prepare('SELECT COUNT(*) AS n FROM "Account" WHERE "IsDeleted" = 0').get()) as { n: number };
      const records = await (await bulkConn.bulk2.query('SELECT Id FROM Account', { pollInterval: 50, pollTimeout: 10_000 })).toArray();
      expect(records).toHaveLength(expected.n);
      expect(refreshed).toHaveLength(1);

      own.faults.expireAllAccessTokens();
      const loaded = await bulkConn.bulk2.loadAndWaitForResults({
        object: 'Account',
        operation: 'insert',
        input: [{ Name: 'After bulk refresh' }],
        pollInterval: 50,
        pollTimeout: 10_000,
      });
      expect(loaded.successfulResults).toHaveLength(1);
      expect(refreshed).toHaveLength(2);
    } finally {
      await own.close();
    }
  });
});

describe('§1.4–1.5 userinfo and identity fields', () => {
  it('userinfo carries every documented OIDC field', async () => {
    const body = (await rawRequest(emu, 'GET', '/services/oauth2/userinfo', { token: token() })).json();
    for (const field of [
      'sub',
      'user_id',
      'organization_id',
      'preferred_username',
      'nickname',
      'name',
      'email',
      'email_verified',
      'given_name',
      'family_name',
      'zoneinfo',
      'photos',
      'urls',
      'active',
      'user_type',
      'locale',
    ]) {
      expect(body, field).toHaveProperty(field);
    }
    expect(body.urls.rest).toContain('{version}');
    expect(body.photos).toMatchObject({ picture: expect.any(String), thumbnail: expect.any(String) });
  });

  it('the identity URL (as jsforce fetches it: ?format=json&oauth_token=) carries every documented field', async () => {
    const res = await fetch(`${emu.url}/id/${emu.orgId}/${emu.demoUserId}?format=json&oauth_token=${encodeURIComponent(token())}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(JSON_TYPE);
    const body = (await res.json()) as { urls: Record<string, string> };
    for (const field of ['id', 'user_id', 'organization_id', 'username', 'display_name', 'email', 'active', 'user_type', 'photos', 'urls']) {
      expect(body, field).toHaveProperty(field);
    }
    for (const name of ['rest', 'sobjects', 'query', 'search', 'recent']) expect(body.urls[name], name).toContain('{version}');
  });
});

describe('§2.4 describe field properties', () => {
  it('every field carries the properties the CLI and schema generators read', async () => {
    const describe = await conn.sobject('Opportunity').describe();
    for (const field of describe.fields) {
      for (const key of [
        'name',
        'type',
        'label',
        'length',
        'nillable',
        'createable',
        'updateable',
        'externalId',
        'idLookup',
        'unique',
        'defaultedOnCreate',
        'custom',
        'picklistValues',
        'soapType',
        'relationshipName',
        'referenceTo',
      ]) {
        expect(field, `${field.name}.${key}`).toHaveProperty(key);
      }
    }
    const stage = describe.fields.find((f) => f.name === 'StageName')!;
    expect(stage.type).toBe('picklist');
    expect(stage.picklistValues!.length).toBeGreaterThan(0);
    const account = describe.fields.find((f) => f.name === 'AccountId')!;
    expect(account).toMatchObject({ type: 'reference', relationshipName: 'Account', referenceTo: ['Account'], soapType: 'tns:ID' });
  });
});

/**
 * SOQL through the real client. Each statement goes through jsforce to the emulator and, on the
 * same org, straight to the engine; the wire answer must be exactly the engine's (records or
 * error code and message). soql-engine.test.ts pins the engine's answers themselves.
 */
const SOQL_OK: string[] = [
  'SELECT Id, Name FROM Account ORDER BY Name LIMIT 5',
  'select id, name from account order by name limit 5',
  "SELECT Id, Name, Industry FROM Account WHERE Industry = 'Technology' ORDER BY Id",
  "SELECT Id FROM Account WHERE Industry != 'Technology' ORDER BY Id LIMIT 10",
  'SELECT Id, AnnualRevenue FROM Account WHERE AnnualRevenue > 100000 ORDER BY AnnualRevenue DESC, Id LIMIT 10',
  'SELECT Id FROM Account WHERE AnnualRevenue >= 0 AND NumberOfEmployees < 500 ORDER BY Id',
  "SELECT Id, Industry FROM Account WHERE Industry IN ('Technology', 'Banking') ORDER BY Id",
  "SELECT Id FROM Account WHERE Industry NOT IN ('Technology', 'Banking') ORDER BY Id",
  "SELECT Name FROM Account WHERE Name LIKE 'A%' ORDER BY Name",
  "SELECT Name FROM Account WHERE Name LIKE '%Inc%' ORDER BY Name",
  'SELECT Id FROM Account WHERE Industry = null ORDER BY Id',
  'SELECT Id FROM Account WHERE Industry != null ORDER BY Id',
  "SELECT Id FROM Account WHERE (Industry = 'Technology' OR Industry = 'Banking') AND NumberOfEmployees > 10 ORDER BY Id",
  "SELECT Id FROM Account WHERE NOT Name LIKE 'A%' ORDER BY Id",
  'SELECT Name, Industry FROM Account ORDER BY Industry DESC NULLS LAST, Name',
  'SELECT Name, Industry FROM Account ORDER BY Industry ASC NULLS FIRST, Name',
  'SELECT Name FROM Account ORDER BY Name LIMIT 3 OFFSET 2',
  'SELECT COUNT() FROM Account',
  'SELECT COUNT() FROM Contact WHERE AccountId != null',
  'SELECT COUNT(Id) FROM Account',
  'SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry ORDER BY Industry',
  'SELECT Industry, COUNT(Id) c FROM Account GROUP BY Industry HAVING COUNT(Id) > 1 ORDER BY Industry',
  'SELECT MAX(AnnualRevenue), MIN(AnnualRevenue), SUM(AnnualRevenue), AVG(AnnualRevenue) FROM Account',
  'SELECT COUNT_DISTINCT(Industry) FROM Account',
  'SELECT StageName, SUM(Amount) total FROM Opportunity GROUP BY StageName ORDER BY StageName',
  'SELECT CALENDAR_YEAR(CloseDate), COUNT(Id) FROM Opportunity GROUP BY CALENDAR_YEAR(CloseDate) ORDER BY CALENDAR_YEAR(CloseDate)',
  'SELECT Id, Account.Name FROM Contact ORDER BY Id LIMIT 10',
  'SELECT Id, Account.Owner.Name FROM Contact ORDER BY Id LIMIT 10',
  'SELECT Id, Name, (SELECT Id, LastName FROM Contacts ORDER BY LastName) FROM Account ORDER BY Id LIMIT 5',
  'SELECT Id, (SELECT Id, StageName FROM Opportunities WHERE IsClosed = false) FROM Account ORDER BY Id LIMIT 5',
  'SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact) ORDER BY Id LIMIT 10',
  'SELECT Id FROM Account WHERE Id NOT IN (SELECT AccountId FROM Opportunity WHERE AccountId != null) ORDER BY Id',
  "SELECT Id FROM Contact WHERE Account.Industry = 'Technology' ORDER BY Id",
  'SELECT Id FROM Account WHERE CreatedDate = TODAY ORDER BY Id',
  'SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS:30 ORDER BY Id',
  'SELECT Id FROM Opportunity WHERE CloseDate = THIS_YEAR ORDER BY Id',
  'SELECT Id FROM Opportunity WHERE CloseDate < 2025-01-01 ORDER BY Id',
  'SELECT Id FROM Account WHERE CreatedDate > 2020-01-01T00:00:00Z ORDER BY Id LIMIT 10',
  'SELECT Id FROM Opportunity WHERE CloseDate = NEXT_N_DAYS:90 ORDER BY Id',
  'SELECT Id FROM Opportunity WHERE CloseDate = LAST_QUARTER ORDER BY Id',
  'SELECT Id, Name, Company, Status FROM Lead ORDER BY Id LIMIT 10',
  "SELECT Id, Status FROM Lead WHERE Status = 'Open - Not Contacted' ORDER BY Id",
  'SELECT CaseNumber, Status, Priority FROM Case ORDER BY CaseNumber LIMIT 10',
  'SELECT Id, Subject, Who.Name, What.Name FROM Task ORDER BY Id LIMIT 10',
  'SELECT TYPEOF What WHEN Account THEN Name WHEN Opportunity THEN StageName END FROM Task ORDER BY Id LIMIT 5',
  'SELECT Id, Name FROM User WHERE IsActive = true ORDER BY Username',
  'SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization',
  'SELECT Id FROM Account WHERE IsDeleted = false ORDER BY Id LIMIT 3',
  "SELECT Id FROM Account WHERE Name = 'O\\'Brien'",
  'SELECT Id FROM Account WITH SECURITY_ENFORCED ORDER BY Id LIMIT 2',
  'SELECT Id FROM Account ORDER BY Name LIMIT 2 FOR VIEW',
  'SELECT Id, Amount FROM Opportunity WHERE Amount > 1000 AND IsWon = true ORDER BY Id',
  'SELECT Id FROM Opportunity WHERE Probability >= 50 ORDER BY Id',
  'SELECT AccountId, COUNT(Id) FROM Contact GROUP BY AccountId HAVING COUNT(Id) >= 2 ORDER BY COUNT(Id) DESC, AccountId LIMIT 5',
  "SELECT Id FROM Contact WHERE Email LIKE '%@%' ORDER BY Id LIMIT 5",
  'SELECT Id, Birthdate FROM Contact WHERE Birthdate != null ORDER BY Birthdate, Id LIMIT 5',
  'SELECT Name, ParentId FROM Account WHERE ParentId != null ORDER BY Name',
  'SELECT Id, Parent.Name FROM Account ORDER BY Id LIMIT 10',
  'SELECT Id FROM CampaignMember ORDER BY Id LIMIT 5',
  'SELECT Id, Campaign.Name, Contact.Name, Lead.Name FROM CampaignMember ORDER BY Id LIMIT 5',
  'SELECT Id FROM Event WHERE IsAllDayEvent = false ORDER BY Id LIMIT 5',
  "SELECT Id FROM Account WHERE Name IN ('no such a', 'no such b')",
  "SELECT Id, Name FROM Account WHERE Name > 'M' ORDER BY Name LIMIT 5",
  'SELECT Id FROM Account WHERE LastModifiedDate = THIS_MONTH ORDER BY Id',
  'SELECT Id FROM Account WHERE CreatedDate < YESTERDAY ORDER BY Id',
  'SELECT Id FROM Opportunity WHERE CALENDAR_YEAR(CloseDate) = 2025 ORDER BY Id',
  'SELECT Id FROM Contact WHERE AccountId = null ORDER BY Id LIMIT 5',
  'SELECT toLabel(Industry) FROM Account ORDER BY Id LIMIT 2',
  'SELECT FORMAT(AnnualRevenue) FROM Account ORDER BY Id LIMIT 2',
  'SELECT Id FROM Account USING SCOPE Everything ORDER BY Id LIMIT 2',
  'SELECT Id FROM Account ORDER BY CreatedDate DESC, Id LIMIT 3',
  'SELECT COUNT() FROM Lead WHERE IsConverted = false',
  'SELECT Status, COUNT(Id) FROM Case GROUP BY Status ORDER BY Status',
  'SELECT Id FROM Case WHERE IsClosed = true AND ClosedDate = LAST_N_DAYS:365 ORDER BY Id',
  "SELECT Id, Subject FROM Case WHERE Subject LIKE '%a%' ORDER BY Id LIMIT 5",
  'SELECT Id FROM Task WHERE ActivityDate = NEXT_WEEK ORDER BY Id',
  'SELECT Id, Owner.Name FROM Opportunity WHERE Owner.IsActive = true ORDER BY Id LIMIT 5',
  'SELECT Id FROM Contact WHERE Account.Parent.Name != null ORDER BY Id',
  "SELECT Id FROM Lead WHERE Product_Interest__c INCLUDES ('GC1000') ORDER BY Id",
];

/** Statements Salesforce refuses, with the code where §3 names it ('*' = any 400 the engine picks). */
const SOQL_ERRORS: Array<[string, string]> = [
  ['SELECT Nope FROM Account', 'INVALID_FIELD'],
  ['SELECT Id FROM NoSuchThing', 'INVALID_TYPE'],
  ['SELECT Id, FROM Account', 'MALFORMED_QUERY'],
  ['SELECT Id FROM', 'MALFORMED_QUERY'],
  ['SELECT Id FROM Account WHERE Nope__c = 1', 'INVALID_FIELD'],
  ["SELECT Id FROM Account WHERE Name = 'a' AND Industry = 'b' OR Rating = 'c'", 'MALFORMED_QUERY'],
  ['SELECT Account.Nope FROM Contact', 'INVALID_FIELD'],
  ['SELECT Id FROM ScratchOrgInfo limit 1', 'INVALID_TYPE'],
  ['SELECT Id FROM Account LIMIT x', 'MALFORMED_QUERY'],
  ['SELECT Id FROM Account ORDER BY', 'MALFORMED_QUERY'],
  ['SELECT COUNT(), Id FROM Account', '*'],
  ['SELECT Name, COUNT(Id) FROM Account', '*'],
  ['SELECT Id, (SELECT Id FROM Nopes) FROM Account', '*'],
  ["SELECT Id FROM Account WHERE NumberOfEmployees = 'many'", '*'],
  ['"; DROP TABLE Account; --', 'MALFORMED_QUERY'],
];

type WireAnswer = { ok: true; totalSize: number; records: unknown[] } | { ok: false; errorCode: string; message: string };

function engineAnswer(soql: string): WireAnswer {
  try {
    const result = runQuery(emu.store, soql, { includeDeleted: false, apiVersion: '62.0' });
    return { ok: true, totalSize: result.totalSize, records: JSON.parse(JSON.stringify(result.records)) };
  } catch (err) {
    if (!(err instanceof SalesforceError)) throw err;
    return { ok: false, errorCode: err.errorCode, message: err.message };
  }
}

async function jsforceAnswer(soql: string): Promise<WireAnswer> {
  try {
    const result = await conn.query(soql).run({ autoFetch: true, maxFetch: 100_000 });
    return { ok: true, totalSize: result.totalSize, records: result.records };
  } catch (err) {
    const e = err as { errorCode?: string; message: string };
    return { ok: false, errorCode: e.errorCode ?? `(no errorCode: ${e.message})`, message: e.message };
  }
}

describe('SOQL through jsforce: 80+ statements, results and errors', () => {
  it(`answers ${SOQL_OK.length} statements exactly as the engine does`, async () => {
    expect(SOQL_OK.length + SOQL_ERRORS.length).toBeGreaterThanOrEqual(80);
    let nonEmpty = 0;
    for (const soql of SOQL_OK) {
      const wire = await jsforceAnswer(soql);
      expect(wire, soql).toEqual(engineAnswer(soql));
      expect(wire.ok, `${soql}: ${JSON.stringify(wire)}`).toBe(true);
      if (wire.ok && (wire.records.length > 0 || wire.totalSize > 0)) nonEmpty += 1;
    }
    // The statements exercise real data, not just empty results.
    expect(nonEmpty).toBeGreaterThan(SOQL_OK.length * 0.75);
  });

  it(`refuses ${SOQL_ERRORS.length} statements with 400 and the engine's code and message`, async () => {
    for (const [soql, code] of SOQL_ERRORS) {
      const wire = await jsforceAnswer(soql);
      expect(wire, soql).toEqual(engineAnswer(soql));
      expect(wire.ok, soql).toBe(false);
      if (!wire.ok && code !== '*') expect(wire.errorCode, soql).toBe(code);
      const raw = await api('GET', `/query?q=${encodeURIComponent(soql)}`);
      expect(raw.status, soql).toBe(400);
      expect(raw.json()).toEqual([{ message: (wire as { message: string }).message, errorCode: (wire as { errorCode: string }).errorCode }]);
    }
  });
});

describe('issue: --scale 20000 generates in seconds', () => {
  it('starts an emulator with a 20 000-Account org and serves it', { timeout: 180_000 }, async () => {
    const started = performance.now();
    const big = await startEmulator({ port: 0, seed: 1, scale: 20_000, log: (line) => console.error(line) });
    const elapsedMs = performance.now() - started;
    try {
      console.log(`startEmulator scale 20000: ${Math.round(elapsedMs)} ms`);
      // Seconds, not minutes: generous enough for a loaded CI machine running other files in parallel.
      expect(elapsedMs).toBeLessThan(60_000);
      const bigConn = new jsforce.Connection({ instanceUrl: big.url, version: '62.0', accessToken: (await loginWithPkce(big)).accessToken });
      expect(await bigConn.sobject('Account').count()).toBe(20_000);
      expect(await bigConn.sobject('Contact').count()).toBeGreaterThan(20_000);
    } finally {
      await big.close();
    }
  });
});
