import { describe, expect, it } from 'vitest';
import { CHANNELS, contract, EVENT_NAMES, events } from '../../../src/shared/ipc';
import { createBridgeClient, type BridgeFetch } from '../../../src/renderer/src/lib/bridge-client';
import { SECRET_STORAGE_KEY, takeBridgeSecret } from '../../../src/renderer/src/lib/bridge-secret';

function recordingFetch(reply: (url: string) => { status: number; body: unknown } | Error) {
  const calls: Array<{ url: string; headers: Record<string, string>; body: string }> = [];
  const fetch: BridgeFetch = async (url, init) => {
    calls.push({ url, headers: init.headers, body: init.body });
    const r = reply(url);
    if (r instanceof Error) throw r;
    return { status: r.status, json: async () => (typeof r.body === 'string' ? JSON.parse(r.body) : r.body) };
  };
  return { fetch, calls };
}

describe('browser-mode bridge client', () => {
  it('exposes exactly one method per contract channel', () => {
    const api = createBridgeClient({ secret: 's', fetch: recordingFetch(() => ({ status: 200, body: { ok: true, data: null } })).fetch });
    expect(Object.keys(api).sort()).toEqual([...CHANNELS.map((c) => contract[c].method), ...EVENT_NAMES.map((e) => events[e].method)].sort());
  });

  it('POSTs the payload to /api/<channel> with the secret header', async () => {
    const saved = { recordId: '003000000000001AAA', state: 'saved' };
    const { fetch, calls } = recordingFetch(() => ({ status: 200, body: { ok: true, data: saved } }));
    const api = createBridgeClient({ secret: 'the-secret', fetch });
    const result = await api.createRecord({ object: 'Contact', values: { LastName: 'Lovelace' } });
    expect(result).toEqual({ ok: true, data: saved });
    expect(calls).toEqual([
      {
        url: '/api/records:create',
        headers: { 'Content-Type': 'application/json', 'X-Atom-Secret': 'the-secret' },
        body: '{"object":"Contact","values":{"LastName":"Lovelace"}}',
      },
    ]);
    await api.listConnections();
    expect(calls[1]).toMatchObject({ url: '/api/connections:list', body: '' });
  });

  it('passes error Results through unchanged (403 included)', async () => {
    const error = { ok: false, error: { code: 'VALIDATION', message: 'Bad email', fields: ['Email'] } };
    const api = createBridgeClient({ secret: 's', fetch: recordingFetch(() => ({ status: 200, body: error })).fetch });
    expect(await api.createRecord({ object: 'Contact', values: { LastName: 'x' } })).toEqual(error);
    const forbidden = { ok: false, error: { code: 'FORBIDDEN', message: 'no' } };
    const api2 = createBridgeClient({ secret: 's', fetch: recordingFetch(() => ({ status: 403, body: forbidden })).fetch });
    expect(await api2.getAppInfo()).toEqual(forbidden);
  });

  it('never calls the bridge without a secret', async () => {
    const { fetch, calls } = recordingFetch(() => ({ status: 200, body: { ok: true, data: null } }));
    const result = await createBridgeClient({ secret: null, fetch }).getSettings();
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls).toHaveLength(0);
  });

  it('turns a dead server or a non-Result answer into a plain error', async () => {
    const down = await createBridgeClient({ secret: 's', fetch: recordingFetch(() => new TypeError('Failed to fetch')).fetch }).getAppInfo();
    expect(down).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
    const weird = await createBridgeClient({ secret: 's', fetch: recordingFetch(() => ({ status: 502, body: '"<html>"' })).fetch }).getAppInfo();
    expect(weird).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('502') } });
  });
});

describe('bridge secret hand-off', () => {
  function fakes(hash: string, stored: string | null = null) {
    const storage = new Map<string, string>(stored ? [[SECRET_STORAGE_KEY, stored]] : []);
    const replaced: string[] = [];
    return {
      location: { hash, pathname: '/', search: '' },
      history: { replaceState: (_d: unknown, _u: string, url?: string) => replaced.push(url ?? '') },
      storage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
      stored: storage,
      replaced,
    };
  }

  it('takes the secret from the fragment, stores it for the tab and strips it from the address bar', () => {
    const f = fakes('#secret=abcdefghijklmnopqrstuvwxyz012345');
    expect(takeBridgeSecret(f.location, f.history, f.storage)).toBe('abcdefghijklmnopqrstuvwxyz012345');
    expect(f.stored.get(SECRET_STORAGE_KEY)).toBe('abcdefghijklmnopqrstuvwxyz012345');
    expect(f.replaced).toEqual(['/']);
  });

  it('reuses the stored secret after a reload and leaves app routes alone', () => {
    const f = fakes('#/contacts', 'stored-secret-value-123');
    expect(takeBridgeSecret(f.location, f.history, f.storage)).toBe('stored-secret-value-123');
    expect(f.replaced).toEqual([]);
  });

  it('ignores malformed secrets', () => {
    const f = fakes('#secret=<script>');
    expect(takeBridgeSecret(f.location, f.history, f.storage)).toBeNull();
    expect(f.replaced).toEqual([]);
  });
});
