/**
 * Conditional requests on sObject rows (REST API "Conditional Request Headers"): ETag, If-Match,
 * If-None-Match, If-Modified-Since, If-Unmodified-Since → 304 / 412 / 400, through jsforce
 * (options.headers) and raw HTTP.
 */
import type { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { dataPath, rawRequest, useEmulatorSession, type RunningEmulator } from './helpers';

let emu: RunningEmulator;
let conn: Connection;

useEmulatorSession((session) => ({ emu, conn } = session), { scale: 2 });

const call = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
  rawRequest(emu, method, dataPath(path), { token: conn.accessToken!, headers, body });

async function freshAccount(name: string): Promise<{ id: string; etag: string; lastModified: string }> {
  const { id } = (await conn.sobject('Account').create({ Name: name })) as { id: string };
  const res = await call('GET', `/sobjects/Account/${id}`);
  return { id, etag: res.headers.get('etag')!, lastModified: res.headers.get('last-modified')! };
}

describe('ETag and reads', () => {
  it('GET returns a quoted ETag that changes when the record changes', async () => {
    const { id, etag } = await freshAccount('Etag One');
    expect(etag).toMatch(/^"[A-Za-z0-9+/=]+"$/);
    expect((await call('GET', `/sobjects/Account/${id}`)).headers.get('etag')).toBe(etag);
    const patch = await call('PATCH', `/sobjects/Account/${id}`, {}, { Phone: '42' });
    expect(patch.headers.get('etag')).toBeTruthy();
    expect((await call('GET', `/sobjects/Account/${id}`)).headers.get('etag')).not.toBe(etag);
  });

  it('If-None-Match with the current ETag → 304 on GET and HEAD; another ETag → 200', async () => {
    const { id, etag } = await freshAccount('Etag Two');
    const same = await call('GET', `/sobjects/Account/${id}`, { 'If-None-Match': etag });
    expect(same.status).toBe(304);
    expect(same.text).toBe('');
    expect((await call('HEAD', `/sobjects/Account/${id}`, { 'If-None-Match': `"other", ${etag}` })).status).toBe(304);
    expect((await call('GET', `/sobjects/Account/${id}`, { 'If-None-Match': '"other"' })).status).toBe(200);
    // Salesforce's tags may carry a -gzip suffix; it names the same version.
    expect((await call('GET', `/sobjects/Account/${id}`, { 'If-None-Match': `${etag.slice(0, -1)}-gzip"` })).status).toBe(304);
  });

  it('If-Modified-Since → 304 unless the record changed after the date', async () => {
    const { id, lastModified } = await freshAccount('Modified Since');
    expect(lastModified).toMatch(/GMT$/);
    expect((await call('GET', `/sobjects/Account/${id}`, { 'If-Modified-Since': lastModified })).status).toBe(304);
    const earlier = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    expect((await call('GET', `/sobjects/Account/${id}`, { 'If-Modified-Since': earlier })).status).toBe(200);
  });
});

describe('conditional updates', () => {
  it('If-Match with the current ETag updates (204); a stale one → 412 and no change', async () => {
    const { id, etag } = await freshAccount('Match Me');
    const stale = await call('PATCH', `/sobjects/Account/${id}`, { 'If-Match': '"stale"' }, { Name: 'Should Not Apply' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(stale.json()[0].errorCode).toBe('PRECONDITION_FAILED');
    expect((await conn.sobject('Account').retrieve(id)).Name).toBe('Match Me');
    const ok = await call('PATCH', `/sobjects/Account/${id}`, { 'If-Match': `"x", ${etag}` }, { Name: 'Matched' });
    expect(ok.status).toBe(204);
    expect((await conn.sobject('Account').retrieve(id)).Name).toBe('Matched');
  });

  it('jsforce passes options.headers and surfaces the 412 as PRECONDITION_FAILED', async () => {
    const { id } = await freshAccount('Via jsforce');
    await expect(conn.sobject('Account').update({ Id: id, Name: 'nope' }, { headers: { 'If-Match': '"stale"' } })).rejects.toMatchObject({
      errorCode: 'PRECONDITION_FAILED',
    });
  });

  it('If-None-Match matching the current ETag → 412 on PATCH', async () => {
    const { id, etag } = await freshAccount('None Match');
    const res = await call('PATCH', `/sobjects/Account/${id}`, { 'If-None-Match': etag }, { Name: 'x' });
    expect(res.status).toBe(412);
    expect((await call('PATCH', `/sobjects/Account/${id}`, { 'If-None-Match': '"other"' }, { Name: 'y' })).status).toBe(204);
  });

  it('If-Unmodified-Since before the last change → 412; after → 204', async () => {
    const { id, lastModified } = await freshAccount('Unmodified');
    const before = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    const res = await call('PATCH', `/sobjects/Account/${id}`, { 'If-Unmodified-Since': before }, { Name: 'x' });
    expect(res.status).toBe(412);
    const after = new Date(Date.parse(lastModified) + 60_000).toUTCString();
    expect((await call('PATCH', `/sobjects/Account/${id}`, { 'If-Unmodified-Since': after }, { Name: 'y' })).status).toBe(204);
  });

  it('malformed If-Match, If-None-Match or If-Unmodified-Since on PATCH or POST → 400', async () => {
    const { id } = await freshAccount('Malformed');
    const malformed: Array<Record<string, string>> = [{ 'If-Match': 'unquoted' }, { 'If-None-Match': 'W/x' }, { 'If-Unmodified-Since': 'not a date' }];
    for (const headers of malformed) {
      const patch = await call('PATCH', `/sobjects/Account/${id}`, headers, { Name: 'x' });
      expect(patch.status, JSON.stringify(headers)).toBe(400);
      expect(patch.json()[0].errorCode).toBe('INVALID_HEADER_VALUE');
      const post = await call('POST', '/sobjects/Account', headers, { Name: 'x' });
      expect(post.status, JSON.stringify(headers)).toBe(400);
    }
    expect((await conn.sobject('Account').retrieve(id)).Name).toBe('Malformed');
  });

  it('DELETE ignores conditional headers', async () => {
    const { id } = await freshAccount('Delete Anyway');
    const res = await call('DELETE', `/sobjects/Account/${id}`, { 'If-Match': '"stale"' });
    expect(res.status).toBe(204);
  });
});
