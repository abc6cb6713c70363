/**
 * A salesperson behind a corporate proxy (HTTP(S)_PROXY set) must still reach the embedded Demo
 * org on 127.0.0.1: jsforce would otherwise send even loopback requests to the proxy.
 */
import { setDefaults } from 'jsforce/lib/request.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './core-harness';
import { syncAndWait } from './sync-helpers';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ scale: 3 });
  await h.loginDemo();
  // What jsforce's transport does at import time when HTTPS_PROXY is set: a proxy nobody answers on.
  setDefaults({ httpProxy: 'http://127.0.0.1:9', followRedirect: true });
});
afterAll(async () => {
  setDefaults({ followRedirect: true });
  await h.close();
});

describe('Demo org behind a proxy', () => {
  it('reads a describe and saves a record directly over loopback, bypassing the proxy', async () => {
    const form = await h.call('describe:form', { object: 'Contact' });
    expect(form.source).toBe('org');
    expect(form.fields.map((f) => f.name)).toContain('LastName');
    const saved = await h.call('records:create', { object: 'Contact', values: { LastName: 'Behind A Proxy' } });
    expect(saved.state).toBe('saved');
    expect(h.emulator().store.db.prepare(`SELECT "LastName" FROM "Contact" WHERE "Id" = ?`).get(saved.recordId)).toEqual({ LastName: 'Behind A Proxy' });
  });

  it('syncs the cache directly over loopback too', async () => {
    const status = await syncAndWait(h);
    expect(status.lastRun).toMatchObject({ outcome: 'ok', error: null });
    const contacts = await h.call('records:list', { object: 'Contact', search: 'Behind A Proxy' });
    expect(contacts.rows.length).toBe(1);
  });
});
