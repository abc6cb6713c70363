/**
 * A salesperson behind a corporate proxy (HTTP(S)_PROXY set) must still reach the embedded Demo
 * org on 127.0.0.1: jsforce would otherwise send even loopback requests to the proxy.
 */
import { setDefaults } from 'jsforce/lib/request.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './core-harness';

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
  it('lists contacts directly over loopback, bypassing the proxy', async () => {
    const page = await h.call('contacts:list', { pageSize: 5 });
    expect(page.records.length).toBeGreaterThan(0);
  });
});
