/**
 * Describe conformance: describeGlobal, describe and basic info shapes as jsforce reads them, and
 * Last-Modified / If-Modified-Since → 304 on both describe resources.
 */
import type { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { dataPath, rawRequest, useEmulatorSession, type RunningEmulator } from './helpers';

let emu: RunningEmulator;
let conn: Connection;

useEmulatorSession((session) => ({ emu, conn } = session), { scale: 2 });

const get = (path: string, headers: Record<string, string> = {}) => rawRequest(emu, 'GET', dataPath(path), { token: conn.accessToken!, headers });

describe('describeGlobal', () => {
  it('lists sObjects with the flags and urls jsforce walks', async () => {
    const global = await conn.describeGlobal();
    expect(global.encoding).toBe('UTF-8');
    expect(global.maxBatchSize).toBe(200);
    const names = global.sobjects.map((s) => s.name);
    for (const name of ['Account', 'Contact', 'Opportunity', 'Lead', 'Case', 'User', 'Organization']) expect(names).toContain(name);
    const account = global.sobjects.find((s) => s.name === 'Account')!;
    expect(account).toMatchObject({ keyPrefix: '001', queryable: true, createable: true, custom: false });
    expect(account.urls.describe).toBe('/services/data/v62.0/sobjects/Account/describe');
  });
});

describe('describe', () => {
  it('carries fields[].name/relationshipName/referenceTo and childRelationships', async () => {
    const contact = await conn.sobject('Contact').describe();
    const accountId = contact.fields.find((f) => f.name === 'AccountId')!;
    expect(accountId).toMatchObject({ type: 'reference', relationshipName: 'Account', referenceTo: ['Account'] });
    const account = await conn.sobject('Account').describe();
    expect(account.childRelationships).toEqual(
      expect.arrayContaining([expect.objectContaining({ childSObject: 'Contact', relationshipName: 'Contacts', field: 'AccountId' })]),
    );
    const name = account.fields.find((f) => f.name === 'Name')!;
    expect(name).toMatchObject({ type: 'string', nillable: false, createable: true, nameField: true });
  });

  it('lets jsforce expand SELECT * and Parent.* from describe', async () => {
    const records = await conn
      .sobject('Contact')
      .find({}, { '*': true, 'Account.*': true } as never)
      .limit(2)
      .execute();
    expect(records.length).toBeGreaterThan(0);
    expect(records[0]).toHaveProperty('LastName');
  });
});

describe('Last-Modified / If-Modified-Since', () => {
  for (const path of ['/sobjects', '/sobjects/Account/describe']) {
    it(`${path} answers 304 when nothing changed since the date`, async () => {
      const first = await get(path);
      expect(first.status).toBe(200);
      const lastModified = first.headers.get('last-modified');
      expect(lastModified).toMatch(/GMT$/);
      const same = await get(path, { 'If-Modified-Since': lastModified! });
      expect(same.status).toBe(304);
      expect(same.text).toBe('');
      const later = await get(path, { 'If-Modified-Since': new Date(Date.parse(lastModified!) + 86_400_000).toUTCString() });
      expect(later.status).toBe(304);
      const earlier = await get(path, { 'If-Modified-Since': new Date(Date.parse(lastModified!) - 86_400_000).toUTCString() });
      expect(earlier.status).toBe(200);
      expect(earlier.json()).toBeTruthy();
      const garbage = await get(path, { 'If-Modified-Since': 'yesterday-ish' });
      expect(garbage.status).toBe(200);
    });
  }

  it('jsforce request() with If-Modified-Since gets the 304 as an empty result', async () => {
    const first = await get('/sobjects/Account/describe');
    const result = await conn.request({
      method: 'GET',
      url: '/sobjects/Account/describe',
      headers: { 'If-Modified-Since': first.headers.get('last-modified')! },
    });
    expect(result === '' || result === undefined || result === null).toBe(true);
  });
});

describe('basic info', () => {
  it('returns objectDescribe and recentItems', async () => {
    const res = await get('/sobjects/Opportunity');
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.objectDescribe).toMatchObject({ name: 'Opportunity', keyPrefix: '006' });
    expect(Array.isArray(body.recentItems)).toBe(true);
  });
});
