/**
 * REST API conformance: versions, resource root, sObject rows (CRUD, upsert, HEAD, recycle bin),
 * User/Organization rows, recent items, and Salesforce's error bodies (401, 404, 405, 400, 413),
 * through jsforce and raw HTTP.
 */
import { request as httpRequest } from 'node:http';
import { connect as netConnect } from 'node:net';
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, dataPath, rawRequest, startTestEmulator, type RunningEmulator } from './helpers';

const JSON_TYPE = 'application/json;charset=UTF-8';

let emu: RunningEmulator;
let conn: Connection;
let token: string;

beforeAll(async () => {
  emu = await startTestEmulator({ scale: 10 });
  conn = await connect(emu);
  token = conn.accessToken!;
});
afterAll(async () => {
  await emu?.close();
});

const api = (method: string, path: string, opts: { body?: unknown; headers?: Record<string, string>; version?: string } = {}) =>
  rawRequest(emu, method, dataPath(path, opts.version), { token, body: opts.body, headers: opts.headers });

describe('versions and the resource root', () => {
  it('lists two-digit versions at /services/data and /services/data/ without authentication', async () => {
    for (const path of ['/services/data', '/services/data/']) {
      const res = await rawRequest(emu, 'GET', path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(JSON_TYPE);
      expect(res.headers.get('sforce-limit-info')).toBeNull();
      const versions = res.json() as Array<{ label: string; url: string; version: string }>;
      expect(versions.length).toBeGreaterThan(10);
      for (const v of versions) {
        expect(v.version).toMatch(/^[1-9]\d\.0$/);
        expect(v.url).toBe(`/services/data/v${v.version}`);
      }
      expect(versions.find((v) => v.version === '62.0')?.label).toBe("Winter '25");
      expect(versions.find((v) => v.version === '51.0')?.label).toBe("Spring '21");
      // The CLI picks max by string comparison: the last must be the newest.
      const sorted = [...versions].map((v) => v.version).sort();
      expect(sorted.at(-1)).toBe(versions.at(-1)!.version);
    }
  });

  it('serves any two-digit version and names the resources plus identity at the root', async () => {
    for (const version of ['51.0', '62.0', '45.0']) {
      const res = await api('GET', '', { version });
      expect(res.status).toBe(200);
      const body = res.json();
      expect(body.sobjects).toBe(`/services/data/v${version}/sobjects`);
      expect(body.query).toBe(`/services/data/v${version}/query`);
      expect(body.queryAll).toBe(`/services/data/v${version}/queryAll`);
      expect(body.limits).toBe(`/services/data/v${version}/limits`);
      expect(body.identity).toBe(`${emu.url}/id/${emu.orgId}/${emu.demoUserId}`);
    }
    const slash = await rawRequest(emu, 'GET', '/services/data/v62.0/', { token });
    expect(slash.status).toBe(200);
    const bad = await rawRequest(emu, 'GET', '/services/data/v6.0', { token });
    expect(bad.status).toBe(404);
  });
});

describe('errors as Salesforce sends them', () => {
  it('401 INVALID_SESSION_ID for missing, garbage and foreign tokens', async () => {
    for (const auth of [undefined, 'Bearer nonsense', `Bearer ${emu.orgId}!AQforged`, 'Basic abc']) {
      const res = await rawRequest(emu, 'GET', dataPath('/sobjects'), { headers: auth ? { Authorization: auth } : {} });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe(JSON_TYPE);
      expect(res.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
  });

  it('accepts the OAuth authorization scheme as well as Bearer', async () => {
    const res = await rawRequest(emu, 'GET', dataPath('/limits'), { headers: { Authorization: `OAuth ${token}` } });
    expect(res.status).toBe(200);
  });

  it('404 NOT_FOUND for unknown paths and sObjects', async () => {
    for (const path of ['/nope', '/sobjects/NoSuchObject__c', '/sobjects/NoSuchObject__c/describe', '/query/extra/segment']) {
      const res = await api('GET', path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toBe(JSON_TYPE);
      expect(res.json()).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    }
    const outside = await rawRequest(emu, 'GET', '/services/apexrest/x', { token });
    expect(outside.status).toBe(404);
    await expect(conn.request('/sobjects/NoSuchObject__c/describe')).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
  });

  it('405 METHOD_NOT_ALLOWED lists the allowed methods', async () => {
    const account = (await conn.query<{ Id: string }>('SELECT Id FROM Account LIMIT 1')).records[0];
    const cases: Array<[string, string, string]> = [
      ['PUT', `/sobjects/Account/${account.Id}`, "HTTP Method 'PUT' not allowed. Allowed are HEAD,GET,PATCH,DELETE"],
      ['POST', `/sobjects/Account/${account.Id}`, "HTTP Method 'POST' not allowed. Allowed are HEAD,GET,PATCH,DELETE"],
      ['DELETE', '/sobjects/Account', "HTTP Method 'DELETE' not allowed. Allowed are HEAD,GET,POST"],
      ['POST', '/query', "HTTP Method 'POST' not allowed. Allowed are HEAD,GET"],
      ['PATCH', '/sobjects/Account/describe', "HTTP Method 'PATCH' not allowed. Allowed are HEAD,GET"],
    ];
    for (const [method, path, message] of cases) {
      const res = await api(method, path, { body: {} });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('content-type')).toBe(JSON_TYPE);
      expect(res.json()).toEqual([{ message, errorCode: 'METHOD_NOT_ALLOWED' }]);
    }
    const versions = await rawRequest(emu, 'POST', '/services/data');
    expect(versions.status).toBe(405);
  });

  it('400 JSON_PARSER_ERROR for bodies that are not JSON', async () => {
    for (const body of ['{"Name": ', 'not json', '']) {
      const res = await api('POST', '/sobjects/Account', { body, headers: { 'Content-Type': 'application/json' } });
      expect(res.status, body).toBe(400);
      expect(res.headers.get('content-type')).toBe(JSON_TYPE);
      const [error] = res.json();
      expect(error.errorCode).toBe('JSON_PARSER_ERROR');
      expect(typeof error.message).toBe('string');
    }
    const array = await api('POST', '/sobjects/Account', { body: [{ Name: 'x' }] });
    expect(array.status).toBe(400);
    expect(array.json()[0].errorCode).toBe('JSON_PARSER_ERROR');
  });

  it('413 for an oversized body, answered before the body is sent', async () => {
    // Announce 60 MB, send a few bytes: the answer must come without the rest being read.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: emu.port,
          method: 'POST',
          path: dataPath('/sobjects/Account'),
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': String(60 * 1024 * 1024) },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write('{"Name":"');
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)[0].errorCode).toBe('REQUEST_ENTITY_TOO_LARGE');
    // A chunked body (no Content-Length) that grows past the limit is cut off too; a small
    // limit keeps the upload short.
    const small = await startTestEmulator({ scale: 1, maxBodyBytes: 64 * 1024 });
    const smallToken = (await connect(small)).accessToken!;
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: small.port, method: 'POST', path: dataPath('/sobjects/Account'), headers: { Authorization: `Bearer ${smallToken}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', (err) => (String(err).includes('EPIPE') || String(err).includes('ECONNRESET') ? undefined : reject(err)));
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 64) {
          sent++;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
    await small.close();
    expect(chunked).toBe(413);
    expect((await api('GET', '/limits')).status).toBe(200);
  });

  it('survives random bytes on the socket', async () => {
    const payloads = [
      Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a]),
      Buffer.from('GET /services/data HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'),
      Buffer.from(`POST ${dataPath('/sobjects/Account')} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`),
      Buffer.from(`GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
    ];
    for (const payload of payloads) {
      await new Promise<void>((resolve) => {
        const socket = netConnect(emu.port, '127.0.0.1', () => socket.end(payload));
        socket.on('data', () => undefined);
        socket.on('error', () => resolve());
        socket.on('close', () => resolve());
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 2000);
      });
    }
    expect((await api('GET', '/limits')).status).toBe(200);
  });
});

describe('sObject rows', () => {
  it('create answers 201 {id, success, errors}; jsforce create works', async () => {
    const res = await api('POST', '/sobjects/Account', { body: { Name: 'Raw Create', attributes: { type: 'Account' } } });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe(JSON_TYPE);
    const body = res.json();
    expect(body).toEqual({ id: expect.stringMatching(/^001[a-zA-Z0-9]{15}$/), success: true, errors: [] });
    const created = await conn.sobject('Account').create({ Name: 'jsforce Create' });
    expect(created).toMatchObject({ success: true, errors: [] });
  });

  it('create reports validation errors with fields', async () => {
    const res = await api('POST', '/sobjects/Account', { body: { Website: 'x' } });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual([{ message: 'Required fields are missing: [Name]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] }]);
  });

  it('retrieve returns the record with attributes; ?fields= returns those fields then Id', async () => {
    const { id } = (await conn.sobject('Account').create({ Name: 'Fields Test', Phone: '555-0100' })) as { id: string };
    const full = await conn.sobject('Account').retrieve(id);
    expect(full.attributes).toEqual({ type: 'Account', url: `/services/data/v62.0/sobjects/Account/${id}` });
    expect(full.Name).toBe('Fields Test');
    const some = await api('GET', `/sobjects/Account/${id}?fields=phone,Name`);
    expect(some.status).toBe(200);
    expect(some.headers.get('etag')).toMatch(/^"[^"]+"$/);
    const body = some.json();
    expect(Object.keys(body)).toEqual(['attributes', 'Phone', 'Name', 'Id']);
    expect(body).toMatchObject({ Phone: '555-0100', Name: 'Fields Test', Id: id });
    const bad = await api('GET', `/sobjects/Account/${id}?fields=Nope`);
    expect(bad.status).toBe(400);
    expect(bad.json()[0]).toMatchObject({ errorCode: 'INVALID_FIELD' });
    expect(bad.json()[0].message).toContain("No such column 'Nope' on entity 'Account'");
    // 15-character Ids resolve to the same row.
    const short = await api('GET', `/sobjects/Account/${id.slice(0, 15)}?fields=Name`);
    expect(short.json().Id).toBe(id);
  });

  it('retrieve of unknown rows: NOT_FOUND, wrong prefix, and non-Id segments', async () => {
    const missing = await api('GET', '/sobjects/Account/001000000000000AAA');
    expect(missing.status).toBe(404);
    expect(missing.json()[0].errorCode).toBe('NOT_FOUND');
    const notAnId = await api('GET', '/sobjects/Account/hello');
    expect(notAnId.status).toBe(404);
    expect(notAnId.json()).toEqual([{ message: 'Provided external ID field does not exist or is not accessible: hello', errorCode: 'NOT_FOUND' }]);
  });

  it('update answers 204 (jsforce reports success); delete answers 204', async () => {
    const { id } = (await conn.sobject('Account').create({ Name: 'To Update' })) as { id: string };
    const raw = await api('PATCH', `/sobjects/Account/${id}`, { body: { Name: 'Updated' } });
    expect(raw.status).toBe(204);
    expect(raw.text).toBe('');
    const result = await conn.sobject('Account').update({ Id: id, Phone: '1' });
    expect(result).toEqual({ id, success: true, errors: [] });
    expect((await conn.sobject('Account').retrieve(id)).Name).toBe('Updated');
    const del = await api('DELETE', `/sobjects/Account/${id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
  });

  it('keeps deleted rows in the recycle bin: ENTITY_IS_DELETED, hidden from query, visible to queryAll', async () => {
    const { id } = (await conn.sobject('Account').create({ Name: 'Recycle Me' })) as { id: string };
    await conn.sobject('Account').destroy(id);
    const res = await api('GET', `/sobjects/Account/${id}`);
    expect(res.status).toBe(404);
    expect(res.json()).toEqual([{ message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED', fields: [] }]);
    const update = await api('PATCH', `/sobjects/Account/${id}`, { body: { Name: 'x' } });
    expect(update.status).toBe(404);
    expect(update.json()[0].errorCode).toBe('ENTITY_IS_DELETED');
    const q = await conn.query(`SELECT Id FROM Account WHERE Id = '${id}'`);
    expect(q.totalSize).toBe(0);
    const all = await conn.query<{ Id: string; IsDeleted: boolean }>(`SELECT Id, IsDeleted FROM Account WHERE Id = '${id}'`, {
      scanAll: true,
    });
    expect(all.records).toEqual([expect.objectContaining({ Id: id, IsDeleted: true })]);
  });

  it('HEAD answers like GET without a body', async () => {
    const account = (await conn.query<{ Id: string }>('SELECT Id FROM Account LIMIT 1')).records[0];
    const res = await api('HEAD', `/sobjects/Account/${account.Id}`);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(res.headers.get('etag')).toBeTruthy();
    expect(res.headers.get('content-type')).toBe(JSON_TYPE);
    expect((await api('HEAD', '/sobjects')).status).toBe(200);
  });

  it('tunnels PATCH through POST with _HttpMethod', async () => {
    const { id } = (await conn.sobject('Account').create({ Name: 'Tunnel' })) as { id: string };
    const res = await api('POST', `/sobjects/Account/${id}?_HttpMethod=PATCH`, { body: { Name: 'Tunneled' } });
    expect(res.status).toBe(204);
    expect((await conn.sobject('Account').retrieve(id)).Name).toBe('Tunneled');
  });
});

describe('upsert by external ID', () => {
  it('creates (201 created:true), then updates (200 created:false from v46, 204 before)', async () => {
    const ext = `EXT-${Date.now()}`;
    const created = await api('PATCH', `/sobjects/Account/External_Id__c/${ext}`, { body: { Name: 'Upserted' } });
    expect(created.status).toBe(201);
    const createdBody = created.json();
    expect(createdBody).toEqual({ id: expect.stringMatching(/^001/), success: true, errors: [], created: true });
    const updated = await api('PATCH', `/sobjects/Account/External_Id__c/${ext}`, { body: { Name: 'Upserted 2' } });
    expect(updated.status).toBe(200);
    expect(updated.json()).toEqual({ id: createdBody.id, success: true, errors: [], created: false });
    const old = await api('PATCH', `/sobjects/Account/External_Id__c/${ext}`, { body: { Name: 'Upserted 3' }, version: '45.0' });
    expect(old.status).toBe(204);
    const viaJsforce = await conn.sobject('Account').upsert({ Name: 'Upserted 4', External_Id__c: ext }, 'External_Id__c');
    expect(viaJsforce).toMatchObject({ id: createdBody.id, success: true, created: false });
    const byExt = await api('GET', `/sobjects/Account/External_Id__c/${ext}`);
    expect(byExt.json()).toMatchObject({ Id: createdBody.id, Name: 'Upserted 4' });
  });

  it('answers 300 with record URLs when several rows match, and jsforce raises MULTIPLE_CHOICES', async () => {
    const name = `Twin ${Date.now()}`;
    const a = (await conn.sobject('Account').create({ Name: name })) as { id: string };
    const b = (await conn.sobject('Account').create({ Name: name })) as { id: string };
    const res = await api('PATCH', `/sobjects/Account/Name/${encodeURIComponent(name)}`, { body: { Phone: '1' } });
    expect(res.status).toBe(300);
    expect(res.headers.get('content-type')).toBe(JSON_TYPE);
    expect((res.json() as string[]).sort()).toEqual([a.id, b.id].map((id) => `/services/data/v62.0/sobjects/Account/${id}`).sort());
    await expect(conn.sobject('Account').upsert({ Name: name, Phone: '2' }, 'Name')).rejects.toMatchObject({
      name: 'MULTIPLE_CHOICES',
    });
  });

  it('answers 404 NOT_FOUND for a field that is not an external ID, and honours updateOnly', async () => {
    const res = await api('PATCH', '/sobjects/Account/Phone/123', { body: { Name: 'x' } });
    expect(res.status).toBe(404);
    expect(res.json()).toEqual([{ message: 'Provided external ID field does not exist or is not accessible: Phone', errorCode: 'NOT_FOUND' }]);
    const updateOnly = await api('PATCH', '/sobjects/Account/External_Id__c/NEVER-SEEN?updateOnly=true', { body: { Name: 'x' } });
    expect(updateOnly.status).toBe(404);
    expect(updateOnly.json()[0].errorCode).toBe('NOT_FOUND');
  });
});

describe('User and Organization', () => {
  it('serves the User row with Username and exactly one Organization row', async () => {
    const user = await rawRequest(emu, 'GET', `/services/data/v51.0/sobjects/User/${emu.demoUserId}`, { token });
    expect(user.status).toBe(200);
    expect(user.json().Username).toBe(emu.username);
    const org = await conn.query<Record<string, unknown>>(
      'SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization',
    );
    expect(org.totalSize).toBe(1);
    const orgRow = await api('GET', `/sobjects/Organization/${emu.orgId}`);
    expect(orgRow.status).toBe(200);
    expect(orgRow.json().Id).toBe(emu.orgId);
    // The CLI's Dev Hub probe may fail with a 4xx; it must not be a 5xx.
    const devHub = await rawRequest(emu, 'GET', `/services/data/v51.0/query?q=${encodeURIComponent('SELECT Id FROM ScratchOrgInfo limit 1')}`, {
      token,
    });
    expect(devHub.status).toBe(400);
    expect(devHub.json()[0].errorCode).toBe('INVALID_TYPE');
  });
});

describe('recent items', () => {
  it('lists records touched through the API in basic info and /recent', async () => {
    const { id } = (await conn.sobject('Contact').create({ LastName: 'Recent' })) as { id: string };
    await conn.sobject('Contact').retrieve(id);
    const info = await api('GET', '/sobjects/Contact');
    expect(info.status).toBe(200);
    const body = info.json();
    expect(body.objectDescribe.name).toBe('Contact');
    expect(body.recentItems[0]).toMatchObject({ Id: id, attributes: { type: 'Contact' } });
    const recent = await conn.recent('Contact');
    expect(recent[0].Id).toBe(id);
    const all = await conn.recent(5);
    expect(all.length).toBeGreaterThan(0);
    expect(all.length).toBeLessThanOrEqual(5);
  });
});
