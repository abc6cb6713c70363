/**
 * The first calls widely used Salesforce clients make against an org, sent the way each client
 * sends them (URLs, headers and bodies as their sources build them), and the fields they read:
 *
 * - the Salesforce CLI (@salesforce/core `authInfo.ts`, `determineOrg.ts`, `connection.ts`,
 *   `user.ts`, `org.ts`): userinfo, the User row at v51.0, the Dev Hub probe, the Organization
 *   single-record query, the version list, the version root as an auth probe, the admin User query,
 *   the source-tracking probe;
 * - jsforce: an access-token Connection's identity(), describeGlobal(), query(), sobject().find(),
 *   limits(), and login() without an OAuth client (SOAP);
 * - Jetstream: identity() and its Organization query;
 * - simple-salesforce: trailing-slash URLs, `X-PrettyPrint` and a JSON content type on GETs, and its
 *   SOAP login envelope;
 * - Salesforce Inspector Reloaded: `/sobjects/`, `/describe/`, `/query/?q=` with its spacing.
 *
 * Where the Demo org had to change to answer as Salesforce does (SOAP login(), retired versions,
 * the `latest` alias, the `.json` suffix) the tests say so; docs/emulator-conformance.md has the sources.
 */
import jsforce, { type Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { dataPath, rawRequest, useEmulatorSession, type RawResponse, type RunningEmulator } from './helpers';

const JSON_TYPE = 'application/json;charset=UTF-8';
/** What @salesforce/core puts on every request, GETs included (`SFDX_HTTP_HEADERS`). */
const CLI_HEADERS = { 'content-type': 'application/json', 'user-agent': 'sfdx toolbelt:' };

let emu: RunningEmulator;
let token: string;
useEmulatorSession(
  (session) => {
    emu = session.emu;
    token = session.token;
  },
  { scale: 10 },
);

const get = (path: string, headers: Record<string, string> = {}): Promise<RawResponse> => rawRequest(emu, 'GET', path, { token, headers });

/** A Connection built from an instance URL and an access token only, as `sf org login access-token` leaves it. */
function accessTokenConnection(version = '62.0'): Connection {
  return new jsforce.Connection({ instanceUrl: emu.url, accessToken: token, version, callOptions: { client: 'sfdx toolbelt:' } });
}

const soapEnvelope = (username: string, password: string) =>
  // simple-salesforce's login envelope (login.py), credentials included.
  `<?xml version="1.0" encoding="utf-8" ?>
<env:Envelope xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
        xmlns:env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com">
    <env:Header><urn:CallOptions><urn:client>simple-salesforce</urn:client><urn:defaultNamespace>sf</urn:defaultNamespace></urn:CallOptions></env:Header>
    <env:Body>
        <n1:login xmlns:n1="urn:partner.soap.sforce.com">
            <n1:username>${username}</n1:username>
            <n1:password>${password}</n1:password>
        </n1:login>
    </env:Body>
</env:Envelope>`;

/** The text of the first element with this exact (prefixed) tag name, as simple-salesforce reads it. */
function element(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`).exec(xml)?.[1];
}

describe('the Salesforce CLI after a login', () => {
  it('reads userinfo, then the User row at v51.0, probes for a Dev Hub and queries the Organization', async () => {
    // retrieveUserInfo: Bearer header plus the CLI headers, on the instance origin.
    const userinfo = await get('/services/oauth2/userinfo', CLI_HEADERS);
    expect(userinfo.status).toBe(200);
    expect(userinfo.headers.get('content-type')).toBe(JSON_TYPE);
    const info = userinfo.json();
    expect(info).toMatchObject({ user_id: emu.demoUserId, organization_id: emu.orgId, preferred_username: emu.username });
    const user = await get(`/services/data/v51.0/sobjects/User/${info.user_id}`, CLI_HEADERS);
    expect(user.status).toBe(200);
    expect(user.json().Username).toBe(emu.username);

    // determineIfDevHub: any status of 400 or more means "not a Dev Hub".
    const devHub = await get('/services/data/v51.0/query?q=SELECT%20Id%20FROM%20ScratchOrgInfo%20limit%201', CLI_HEADERS);
    expect(devHub.status).toBe(400);
    expect(devHub.json()[0].errorCode).toBe('INVALID_TYPE');

    // determineOrg: exactly one row, with the types the CLI derives isSandbox/isScratch from.
    const conn = accessTokenConnection();
    const org = await conn.query<Record<string, unknown>>(
      'SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization',
    );
    expect(org.totalSize).toBe(1);
    expect(org.records[0]).toMatchObject({
      Name: expect.any(String),
      InstanceName: expect.any(String),
      IsSandbox: false,
      TrialExpirationDate: null,
      NamespacePrefix: null,
      OrganizationType: 'Developer Edition',
    });
  });

  it('picks the newest version from /services/data by string comparison and probes the token on the version root', async () => {
    // retrieveMaxApiVersion: `${instanceUrl}/services/data`, then maxBy(version) on strings.
    const versions = await rawRequest(emu, 'GET', '/services/data', { headers: CLI_HEADERS });
    expect(versions.status).toBe(200);
    const list = versions.json() as Array<{ version: string }>;
    const newest = list.reduce((max, v) => (v.version > max ? v.version : max), '0');
    expect(newest).toBe('62.0');
    expect(list[0].version).toBe('31.0');
    // refreshAuth: a GET of baseUrl(), 200 while the token is good, 401 (INVALID_SESSION_ID) after.
    const probe = await get(`/services/data/v${newest}`, CLI_HEADERS);
    expect(probe.status).toBe(200);
    expect(probe.json().identity).toBe(`${emu.url}/id/${emu.orgId}/${emu.demoUserId}`);
    const stale = await rawRequest(emu, 'GET', `/services/data/v${newest}`, { token: `${emu.orgId}!stale`, headers: CLI_HEADERS });
    expect(stale.status).toBe(401);
    expect(stale.json()[0].errorCode).toBe('INVALID_SESSION_ID');
  });

  it("reads the admin user's required fields by username (user.ts)", async () => {
    const conn = accessTokenConnection();
    const fields = ['Id', 'Username', 'LastName', 'Alias', 'TimeZoneSidKey', 'LocaleSidKey', 'EmailEncodingKey', 'ProfileId', 'LanguageLocaleKey', 'Email'];
    const result = await conn.query<Record<string, unknown>>(`SELECT ${fields.join(', ')} FROM User WHERE Username='${emu.username}'`);
    expect(result.totalSize).toBe(1);
    for (const field of fields) expect(typeof result.records[0][field]).toBe('string');
  });

  it('finds no SourceMember in the Tooling API, which the CLI reads as "no source tracking"', async () => {
    // org.supportsSourceTracking(): NOT_FOUND with this text means a production org without tracking.
    const conn = accessTokenConnection();
    await expect(conn.tooling.sobject('SourceMember').describe()).rejects.toMatchObject({
      errorCode: 'NOT_FOUND',
      message: 'The requested resource does not exist',
    });
  });
});

describe('a plain jsforce Connection', () => {
  it('identity() resolves the identity URL from the version root and reads it with oauth_token', async () => {
    const conn = accessTokenConnection();
    const identity = await conn.identity();
    expect(identity).toMatchObject({
      id: `${emu.url}/id/${emu.orgId}/${emu.demoUserId}`,
      user_id: emu.demoUserId,
      organization_id: emu.orgId,
      username: emu.username,
      display_name: expect.any(String),
      email: expect.any(String),
    });
    expect(identity.photos.thumbnail).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(conn.userInfo).toEqual({ id: emu.demoUserId, organizationId: emu.orgId, url: identity.id });
  });

  it('describeGlobal() lists Organization and User with the flags and urls clients walk', async () => {
    const global = await accessTokenConnection().describeGlobal();
    expect(global.encoding).toBe('UTF-8');
    expect(global.maxBatchSize).toBe(200);
    const byName = new Map(global.sobjects.map((s) => [s.name, s]));
    const organization = byName.get('Organization')!;
    expect(organization).toMatchObject({ keyPrefix: '00D', queryable: true, createable: false, deletable: false });
    expect(organization.urls.describe).toBe('/services/data/v62.0/sobjects/Organization/describe');
    const user = byName.get('User')!;
    expect(user).toMatchObject({ keyPrefix: '005', queryable: true, retrieveable: true });
    expect(Object.keys(user.urls).sort()).toEqual(['defaultValues', 'describe', 'rowTemplate', 'sobject']);
  });

  it("sobject('User').find() and findOne() by Username, and limits()", async () => {
    const conn = accessTokenConnection();
    const users = await conn.sobject('User').find({ Username: emu.username }, ['Id', 'Username', 'Name', 'IsActive']);
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ Id: emu.demoUserId, Username: emu.username, IsActive: true });
    // Without a field list jsforce expands * from the User describe.
    const full = await conn.sobject('User').findOne({ Username: emu.username }, '*');
    expect(full).toMatchObject({ Id: emu.demoUserId, ProfileId: expect.stringMatching(/^00e/), TimeZoneSidKey: expect.any(String) });
    const limits = await conn.limits();
    expect(limits.DailyApiRequests).toMatchObject({ Max: expect.any(Number), Remaining: expect.any(Number) });
  });

  it('login() without an OAuth client gets the fault a new org gives for SOAP login(), right password or not', async () => {
    // Before: the SOAP endpoint answered 404 with a JSON body, which jsforce reported verbatim.
    for (const password of [emu.password, 'wrong-password']) {
      const conn = new jsforce.Connection({ loginUrl: emu.url, version: '62.0' });
      await expect(conn.login(emu.username, password)).rejects.toThrow(
        'INVALID_OPERATION: SOAP API login() is disabled by default in this org. Contact the org administrator to enable SOAP API login().',
      );
      expect(conn.accessToken).toBeFalsy();
    }
    const newer = new jsforce.Connection({ loginUrl: emu.url, version: '65.0' });
    await expect(newer.login(emu.username, emu.password)).rejects.toThrow(
      'INVALID_OPERATION: The SOAP Login operation is not available in the API version specified (65.0). Refer to the documentation for supported versions.',
    );
  });
});

describe('Jetstream adding an org', () => {
  it('reads identity() and its Organization query', async () => {
    const conn = accessTokenConnection();
    const identity = await conn.identity();
    expect(identity.photos.thumbnail).toEqual(expect.any(String));
    const result = await conn.query<Record<string, unknown>>(
      'SELECT Id, Name, Country, OrganizationType, InstanceName, IsSandbox, LanguageLocaleKey, NamespacePrefix, TrialExpirationDate FROM Organization',
    );
    expect(result.totalSize).toBe(1);
    expect(result.records[0]).toMatchObject({ Id: emu.orgId, Country: expect.any(String), LanguageLocaleKey: expect.any(String) });
  });
});

describe('simple-salesforce', () => {
  const headers = { 'Content-Type': 'application/json', 'X-PrettyPrint': '1' };

  it('builds REST URLs with trailing slashes and sends X-PrettyPrint and a JSON content type on GETs', async () => {
    const base = '/services/data/v59.0/';
    const describeAll = await get(`${base}sobjects`, headers);
    expect(describeAll.status).toBe(200);
    expect(describeAll.json().sobjects.length).toBeGreaterThan(5);
    // is_sandbox(): query_all over queryAll/ with a LIMIT.
    const sandbox = await get(`${base}queryAll/?q=${encodeURIComponent('SELECT IsSandbox FROM Organization LIMIT 1')}`, headers);
    expect(sandbox.json().records[0].IsSandbox).toBe(false);
    // SFType.metadata() is a GET of `.../sobjects/Account/`, describe() of `.../sobjects/Account/describe`.
    const metadata = await get(`${base}sobjects/Account/`, headers);
    expect(metadata.json().objectDescribe.name).toBe('Account');
    const described = await get(`${base}sobjects/Account/describe`, headers);
    expect(described.json().fields.length).toBeGreaterThan(10);
    const limits = await get(`${base}limits/`, headers);
    expect(limits.status).toBe(200);
    expect(limits.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/\d+$/);
  });

  it('gets a SOAP fault it can read (sf:exceptionCode, sf:exceptionMessage) for its login envelope', async () => {
    // Before: 404 with a JSON body, which simple-salesforce cannot read a code from.
    const res = await rawRequest(emu, 'POST', '/services/Soap/u/59.0', {
      headers: { 'content-type': 'text/xml', charset: 'UTF-8', SOAPAction: 'login' },
      body: soapEnvelope(emu.username, emu.password),
    });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('text/xml;charset=UTF-8');
    expect(element(res.text, 'faultcode')).toBe('sf:INVALID_OPERATION');
    expect(element(res.text, 'sf:exceptionCode')).toBe('INVALID_OPERATION');
    expect(element(res.text, 'sf:exceptionMessage')).toBe(
      'SOAP API login() is disabled by default in this org. Contact the org administrator to enable SOAP API login().',
    );
    expect(res.text).toContain('xmlns:sf="urn:fault.partner.soap.sforce.com"');
    expect(res.text).not.toContain('sessionId');
  });

  it('answers the enterprise endpoint in its own namespace, a retired version with UNSUPPORTED_API_VERSION, and serves no other SOAP call', async () => {
    const post = (path: string, body: string) => rawRequest(emu, 'POST', path, { headers: { 'content-type': 'text/xml', SOAPAction: '""' }, body });
    const enterprise = await post('/services/Soap/c/62.0', soapEnvelope(emu.username, emu.password));
    expect(enterprise.status).toBe(500);
    expect(enterprise.text).toContain('xmlns:sf="urn:fault.enterprise.soap.sforce.com"');
    const retired = await post('/services/Soap/u/30.0', soapEnvelope(emu.username, emu.password));
    expect(element(retired.text, 'sf:exceptionCode')).toBe('UNSUPPORTED_API_VERSION');
    expect(element(retired.text, 'faultstring')).toBe('UNSUPPORTED_API_VERSION: Invalid Api version specified on URL');
    const query = await post(
      '/services/Soap/u/62.0',
      '<env:Envelope><env:Body><query><queryString>SELECT Id FROM Account</queryString></query></env:Body></env:Envelope>',
    );
    expect(query.status).toBe(404);
  });
});

describe('Salesforce Inspector Reloaded', () => {
  const headers = { Accept: 'application/json; charset=UTF-8', 'Sforce-Call-Options': 'client=Salesforce Inspector Reloaded' };

  it('reads /sobjects/, /describe/, userinfo and its Organization query with a space before a comma', async () => {
    const global = await get(dataPath('/sobjects/'), headers);
    expect(global.status).toBe(200);
    const userDescribe = await get(dataPath('/sobjects/User/describe/'), headers);
    expect(userDescribe.json().fields.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['Username', 'Alias', 'LanguageLocaleKey']));
    const info = await get('/services/oauth2/userinfo', headers);
    expect(info.json()).toMatchObject({ user_id: emu.demoUserId, organization_id: emu.orgId });
    const org = await get(dataPath('/query/?q=SELECT+IsSandbox,+InstanceName+,TrialExpirationDate+FROM+Organization'), headers);
    expect(org.status).toBe(200);
    expect(org.json().records[0]).toMatchObject({ IsSandbox: false, InstanceName: expect.any(String), TrialExpirationDate: null });
  });
});

describe('versions as Salesforce serves them', () => {
  it('answers 410 GONE under a retired version (7.0–30.0), token or not, and serves 31.0', async () => {
    // Before: 21.0–30.0 were served like any other version.
    for (const path of [
      '/services/data/v30.0/limits',
      '/services/data/v21.0',
      '/services/data/v20.0/query?q=SELECT+Id+FROM+Account',
      '/services/data/v7.0/sobjects',
    ]) {
      for (const auth of [token, undefined]) {
        const res = await rawRequest(emu, 'GET', path, { token: auth });
        expect(res.status).toBe(410);
        expect(res.headers.get('content-type')).toBe(JSON_TYPE);
        expect(res.json()[0].errorCode).toBe('GONE');
      }
    }
    expect((await get('/services/data/v31.0/limits')).status).toBe(200);
    // A version that never existed is still just not found.
    expect((await get('/services/data/v6.0')).status).toBe(404);
    const old = accessTokenConnection('30.0');
    await expect(old.query('SELECT Id FROM Organization')).rejects.toMatchObject({ errorCode: 'GONE' });
  });

  it('serves /services/data/latest as the newest listed version', async () => {
    // Before: 404 NOT_FOUND.
    const root = await get('/services/data/latest');
    expect(root.status).toBe(200);
    expect(root.json().sobjects).toBe('/services/data/v62.0/sobjects');
    const query = await get(`/services/data/latest/query/?q=${encodeURIComponent('SELECT Id FROM Organization')}`);
    expect(query.json().records[0].attributes.url).toBe(`/services/data/v62.0/sobjects/Organization/${emu.orgId}`);
    expect((await rawRequest(emu, 'GET', '/services/data/latest')).status).toBe(401);
  });

  it('takes a .json suffix on the last segment as a request for JSON', async () => {
    // Before: 404 NOT_FOUND.
    const describe = await get(dataPath('/sobjects/Organization/describe.json'));
    expect(describe.status).toBe(200);
    expect(describe.json().name).toBe('Organization');
    const user = await get(dataPath(`/sobjects/User/${emu.demoUserId}.json`));
    expect(user.json().Username).toBe(emu.username);
    expect((await get(dataPath('/limits.json'))).status).toBe(200);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    for (const path of ['/services/data', dataPath('/sobjects'), dataPath('/limits')]) {
      const full = await get(path);
      const head = await rawRequest(emu, 'HEAD', path, { token });
      expect(head.status).toBe(200);
      expect(head.text).toBe('');
      expect(head.headers.get('content-type')).toBe(JSON_TYPE);
      expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
      expect(full.status).toBe(200);
    }
  });
});

describe('what is not served, and the answer clients get', () => {
  it('answers Chatter, the Tooling API, single-access URLs and XML with Salesforce-shaped errors or JSON', async () => {
    for (const path of [dataPath('/chatter/users/me'), dataPath('/tooling/query/?q=SELECT+Id+FROM+ApexClass')]) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(res.json()).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    }
    expect((await get('/services/oauth2/singleaccess')).status).toBe(404);
    // `sf api request rest limits --header 'Accept: application/xml'`: JSON, labelled as JSON.
    const xml = await get(dataPath('/limits'), { Accept: 'application/xml' });
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-type')).toBe(JSON_TYPE);
    expect(xml.json().DailyApiRequests.Max).toEqual(expect.any(Number));
  });
});
