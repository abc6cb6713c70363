import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startLoopbackListener, type CallbackOutcome } from '../../../src/main/core/auth/loopback-listener';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function get(port: number, path: string): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end();
  });
}

const handled = (ok: boolean): CallbackOutcome => ({ ok, title: ok ? 'Connected <b>' : 'Nope', message: 'done', handled: true });

describe('loopback listener', () => {
  it('binds 127.0.0.1 on the fixed port, serves one valid callback, then closes', async () => {
    const port = await freePort();
    const seen: string[] = [];
    const listener = await startLoopbackListener({
      port,
      path: '/oauth/callback',
      timeoutMs: 10_000,
      onCallback: async (url) => {
        seen.push(url);
        return url.includes('state=good') ? handled(true) : { ok: false, title: 'Unknown', message: 'no', handled: false };
      },
    });
    expect(listener.port).toBe(port);
    expect(listener.host).toBe('127.0.0.1');
    expect(await get(port, '/favicon.ico')).toMatchObject({ status: 404 });
    // A stray request with an unknown state does not close the listener.
    expect(await get(port, '/oauth/callback?state=bad&code=x')).toMatchObject({ status: 400 });
    const ok = await get(port, '/oauth/callback?state=good&code=x');
    expect(ok).toMatchObject({ status: 200 });
    expect((ok as { body: string }).body).toContain('Connected &lt;b&gt;'); // escaped, static page
    await listener.closed;
    expect(await get(port, '/oauth/callback?state=good&code=x')).toEqual({ error: 'ECONNREFUSED' });
    expect(seen).toHaveLength(2);
  });

  it('frees the port when its time runs out', async () => {
    const port = await freePort();
    let closedHook = false;
    const listener = await startLoopbackListener({
      port,
      path: '/cb',
      timeoutMs: 50,
      onCallback: async () => handled(true),
      onClose: () => (closedHook = true),
    });
    await listener.closed;
    expect(closedHook).toBe(true);
    expect(await get(port, '/cb')).toEqual({ error: 'ECONNREFUSED' });
  });

  it('explains a port already in use', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as AddressInfo).port;
    try {
      await expect(startLoopbackListener({ port, path: '/cb', timeoutMs: 1000, onCallback: async () => handled(true) })).rejects.toMatchObject({
        code: 'CONFIG',
        message: expect.stringContaining(`Port ${port}`),
      });
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });
});
