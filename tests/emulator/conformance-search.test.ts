/**
 * Search conformance: SOSL through jsforce `conn.search`, parameterizedSearch by GET and POST,
 * the pre-v36 bare-array shape and search errors.
 */
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, dataPath, rawRequest, startTestEmulator, type RunningEmulator } from './helpers';

let emu: RunningEmulator;
let conn: Connection;
let accountId: string;
let contactId: string;

beforeAll(async () => {
  emu = await startTestEmulator({ scale: 3 });
  conn = await connect(emu);
  accountId = ((await conn.sobject('Account').create({ Name: 'Zyxwvut Holdings' })) as { id: string }).id;
  contactId = ((await conn.sobject('Contact').create({ LastName: 'Zyxwvut', Email: 'zyx@example.com' })) as { id: string }).id;
});
afterAll(async () => {
  await emu?.close();
});

const get = (path: string, version?: string) => rawRequest(emu, 'GET', dataPath(path, version), { token: conn.accessToken! });

describe('search', () => {
  it('conn.search returns {searchRecords} with attributes', async () => {
    const result = await conn.search('FIND {Zyxwvut} IN ALL FIELDS RETURNING Account(Id, Name), Contact(Id, LastName)');
    const ids = result.searchRecords.map((r) => r.Id);
    expect(ids).toEqual(expect.arrayContaining([accountId, contactId]));
    const account = result.searchRecords.find((r) => r.Id === accountId)!;
    expect(account.attributes).toEqual({ type: 'Account', url: `/services/data/v62.0/sobjects/Account/${accountId}` });
    expect(account.Name).toBe('Zyxwvut Holdings');
  });

  it('returns a bare array before v36', async () => {
    const res = await get(`/search?q=${encodeURIComponent('FIND {Zyxwvut} RETURNING Account(Name)')}`, '35.0');
    expect(res.status).toBe(200);
    const body = res.json();
    expect(Array.isArray(body)).toBe(true);
    expect(body[0].Name).toBe('Zyxwvut Holdings');
  });

  it('reports malformed SOSL and a missing q as 400', async () => {
    const bad = await get(`/search?q=${encodeURIComponent('FIND Zyxwvut')}`);
    expect(bad.status).toBe(400);
    expect(bad.json()[0].errorCode).toBe('MALFORMED_SEARCH');
    const missing = await get('/search');
    expect(missing.status).toBe(400);
    expect(missing.json()[0].errorCode).toBe('MALFORMED_SEARCH');
  });
});

describe('parameterizedSearch', () => {
  it('answers GET with sobject, <Object>.fields and <Object>.limit', async () => {
    const res = await get('/parameterizedSearch/?q=Zyxwvut&sobject=Account&Account.fields=Id,Name&Account.limit=10');
    expect(res.status).toBe(200);
    const { searchRecords } = res.json();
    expect(searchRecords).toEqual([
      { attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${accountId}` }, Id: accountId, Name: 'Zyxwvut Holdings' },
    ]);
  });

  it('answers POST with a JSON body', async () => {
    const result = await conn.request<{ searchRecords: Array<{ Id: string }> }>({
      method: 'POST',
      url: '/parameterizedSearch',
      body: JSON.stringify({ q: 'Zyxwvut', fields: ['Id'], sobjects: [{ name: 'Contact', fields: ['Id', 'Email'] }] }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(result.searchRecords.map((r) => r.Id)).toEqual([contactId]);
  });

  it('refuses a body without q or with wrongly typed members', async () => {
    const noQ = await rawRequest(emu, 'POST', dataPath('/parameterizedSearch'), { token: conn.accessToken!, body: { fields: ['Id'] } });
    expect(noQ.status).toBe(400);
    const badType = await rawRequest(emu, 'POST', dataPath('/parameterizedSearch'), {
      token: conn.accessToken!,
      body: { q: 'x', sobjects: 'Account' },
    });
    expect(badType.status).toBe(400);
    expect(badType.json()[0].errorCode).toBe('JSON_PARSER_ERROR');
  });
});
