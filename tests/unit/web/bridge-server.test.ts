import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../src/shared/errors';
import type { AtomEvent } from '../../../src/shared/ipc';
import { CONTENT_SECURITY_POLICY, EVENTS_PATH, secretsMatch, startBridgeServer, type BridgeCore, type BridgeServer } from '../../../src/main/web/server';

/** The core's push channel as the bridge sees it: subscribers, and a way to publish to them. */
class FakeEvents {
  listeners = new Set<(event: AtomEvent) => void>();
  subscribe(listener: (event: AtomEvent) => void) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  emit(event: AtomEvent) {
    for (const listener of this.listeners) listener(event);
  }
}

/** A core that records every call, so tests can prove rejected requests never reach it. */
class RecordingCore implements BridgeCore {
  calls: Array<{ channel: string; payload: unknown; trusted: boolean }> = [];
  callbacks: string[] = [];
  events = new FakeEvents();
  async invoke(channel: string, payload: unknown, sender: { trusted: boolean }): Promise<Result<unknown>> {
    this.calls.push({ channel, payload, trusted: sender.trusted });
    if (channel === 'app:info') return { ok: true, data: { name: 'Atom', echo: payload ?? null } };
    return { ok: false, error: { code: 'INVALID_INPUT', message: `Unknown channel ${channel}` } };
  }
  async completeLogin(url: string) {
    this.callbacks.push(url);
    return { ok: true, title: "You're connected <b>", message: 'Done & dusted' };
  }
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function raw(server: BridgeServer, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: `127.0.0.1:${server.port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function api(server: BridgeServer, channel: string, body: string, headers: Record<string, string> = {}) {
  return raw(server, {
    method: 'POST',
    path: `/api/${channel}`,
    headers: { 'content-type': 'application/json', 'x-atom-secret': server.secret, ...headers },
    body,
  });
}

let root: string;
let staticDir: string;
let server: BridgeServer;
let core: RecordingCore;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'atom-bridge-'));
  staticDir = path.join(root, 'renderer');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Atom</title>');
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  // A file next to the build that traversal must never reach.
  await writeFile(path.join(root, 'secret.txt'), 'TOP-SECRET');
  server = await startBridgeServer({ staticDir });
});

afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

beforeEach(() => {
  core = new RecordingCore();
  server.attachCore(core);
});

describe('bridge: API gate', () => {
  it('forwards a good call to the core as trusted and returns its data', async () => {
    const res = await api(server, 'app:info', '{}');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, data: { name: 'Atom', echo: {} } });
    expect(core.calls).toEqual([{ channel: 'app:info', payload: {}, trusted: true }]);
  });

  it('treats an empty body as no payload', async () => {
    const res = await api(server, 'app:info', '');
    expect(JSON.parse(res.body).data.echo).toBeNull();
    expect(core.calls[0].payload).toBeUndefined();
  });

  it('passes core errors through as a Result', async () => {
    const res = await api(server, 'nope:nothing', '{}');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses a call without the secret, without calling the core', async () => {
    const res = await raw(server, { method: 'POST', path: '/api/app:info', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(core.calls).toHaveLength(0);
  });

  it('refuses a wrong secret (including a prefix of the right one)', async () => {
    for (const wrong of ['wrong', server.secret.slice(0, -1), `${server.secret}x`]) {
      const res = await api(server, 'app:info', '{}', { 'x-atom-secret': wrong });
      expect(res.status).toBe(403);
    }
    expect(core.calls).toHaveLength(0);
  });

  it('refuses a foreign Host header (DNS rebinding), even with the secret', async () => {
    for (const host of ['evil.example:' + server.port, '127.0.0.1:1', 'localhost', `127.0.0.1.nip.io:${server.port}`]) {
      const res = await api(server, 'app:info', '{}', { host });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body).error.code).toBe('FORBIDDEN');
    }
    expect(core.calls).toHaveLength(0);
  });

  it('accepts localhost:<port> as our own host', async () => {
    const res = await api(server, 'app:info', '{}', { host: `localhost:${server.port}`, origin: `http://localhost:${server.port}` });
    expect(res.status).toBe(200);
  });

  it('refuses a foreign Origin, even with the secret', async () => {
    for (const origin of ['https://evil.example', `http://localhost:${server.port}`, 'null', `http://127.0.0.1:${server.port + 1}`]) {
      const res = await api(server, 'app:info', '{}', { origin });
      expect(res.status).toBe(403);
    }
    expect(core.calls).toHaveLength(0);
    const own = await api(server, 'app:info', '{}', { origin: server.origin });
    expect(own.status).toBe(200);
  });

  it('answers malformed JSON with INVALID_INPUT', async () => {
    const res = await api(server, 'app:info', '{"oops":');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.code).toBe('INVALID_INPUT');
    expect(core.calls).toHaveLength(0);
  });

  it('refuses an oversized body with 413 (declared length)', async () => {
    const big = JSON.stringify({ search: 'x'.repeat(1024 * 1024 + 10) });
    const res = await api(server, 'app:info', big);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('INVALID_INPUT');
    expect(core.calls).toHaveLength(0);
  });

  it('refuses an oversized chunked body with 413', async () => {
    const res = await new Promise<RawResponse>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: '/api/app:info',
          headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', 'x-atom-secret': server.secret },
        },
        (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: r.headers, body: Buffer.concat(chunks).toString() }));
        },
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'a');
      for (let i = 0; i < 20; i++) req.write(chunk); // 1.25 MB without a Content-Length
      req.end();
    });
    expect(res.status).toBe(413);
    expect(core.calls).toHaveLength(0);
  });

  it('refuses non-JSON content types and non-POST methods', async () => {
    const form = await api(server, 'app:info', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    const get = await raw(server, { path: '/api/app:info', headers: { 'x-atom-secret': server.secret } });
    expect(get.status).toBe(405);
    expect(core.calls).toHaveLength(0);
  });

  it('sends the strict CSP and hardening headers on every response', async () => {
    for (const res of [await raw(server, { path: '/' }), await api(server, 'app:info', '{}'), await raw(server, { path: '/missing' })]) {
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-/);
  });
});

describe('bridge: static files', () => {
  it('serves index.html at / and assets with their content type', async () => {
    const index = await raw(server, { path: '/' });
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.body).toContain('<title>Atom</title>');
    const js = await raw(server, { path: '/assets/app.js?v=1' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/%00index.html',
    '/%zz',
  ])('rejects traversal %s with 400', async (p) => {
    const res = await raw(server, { path: p });
    expect(res.status).toBe(400);
    expect(res.body).not.toContain('TOP-SECRET');
  });

  it('does not serve absolute paths from the file system', async () => {
    for (const p of [`/${path.join(root, 'secret.txt')}`, '/etc/passwd', `/${encodeURIComponent(path.join(root, 'secret.txt'))}`]) {
      const res = await raw(server, { path: p });
      expect([400, 404]).toContain(res.status);
      expect(res.body).not.toContain('TOP-SECRET');
      expect(res.body).not.toContain('root:');
    }
  });

  it('rejects absolute-form request targets', async () => {
    const res = await raw(server, { path: 'http://evil.example/index.html' });
    expect(res.status).toBe(400);
  });

  it('refuses static files on a foreign Host too', async () => {
    const res = await raw(server, { path: '/', headers: { host: 'attacker.example' } });
    expect(res.status).toBe(403);
  });
});

describe('bridge: OAuth callback', () => {
  it('hands the full callback URL to the core and renders an escaped page', async () => {
    const res = await raw(server, { path: '/oauth/callback?code=abc&state=xyz' });
    expect(res.status).toBe(200);
    expect(core.callbacks).toEqual([`${server.origin}/oauth/callback?code=abc&state=xyz`]);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('You&#39;re connected &lt;b&gt;');
    expect(res.body).toContain('Done &amp; dusted');
    expect(res.body).not.toMatch(/<script/i);
  });
});

describe('secretsMatch', () => {
  it('matches only the exact secret', () => {
    expect(secretsMatch('abc', 'abc')).toBe(true);
    expect(secretsMatch('abc', 'abd')).toBe(false);
    expect(secretsMatch('abc', '')).toBe(false);
    expect(secretsMatch('abc', undefined)).toBe(false);
  });
});

/** An open event stream as a test sees it: status, headers, the text so far, and its end. */
interface Stream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text(): string;
  waitFor(pattern: RegExp): Promise<void>;
  ended: Promise<void>;
  close(): void;
}

function openStream(target: BridgeServer, headers: Record<string, string> = {}, method = 'GET'): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: target.port,
        method,
        path: EVENTS_PATH,
        headers: { host: `127.0.0.1:${target.port}`, 'x-atom-secret': target.secret, ...headers },
      },
      (res) => {
        let body = '';
        const waiters: Array<() => void> = [];
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          waiters.splice(0).forEach((w) => w());
        });
        const ended = new Promise<void>((done) => {
          res.on('end', done);
          res.on('close', done);
        });
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: () => body,
          waitFor: async (pattern) => {
            const deadline = Date.now() + 3_000;
            while (!pattern.test(body)) {
              if (Date.now() > deadline) throw new Error(`stream never said ${pattern}; got ${JSON.stringify(body)}`);
              await new Promise<void>((r) => {
                waiters.push(r);
                setTimeout(r, 50);
              });
            }
          },
          ended,
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 3_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition never held');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('bridge: event stream', () => {
  const online: AtomEvent = { name: 'online', payload: { connectionId: 'c1', online: false } };

  it('streams each core event as server-sent events to a caller with the secret', async () => {
    const stream = await openStream(server, { origin: server.origin });
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.headers['cache-control']).toBe('no-store');
    await until(() => core.events.listeners.size === 1);
    core.events.emit(online);
    core.events.emit({ name: 'sync-progress', payload: { connectionId: 'c1', startedAt: 'now', progress: null } });
    await stream.waitFor(/event: sync-progress/);
    expect(stream.text()).toContain(`event: online\ndata: ${JSON.stringify(online.payload)}\n\n`);
    expect(stream.text()).toContain('event: sync-progress\ndata: {"connectionId":"c1","startedAt":"now","progress":null}\n\n');
    stream.close();
    await until(() => core.events.listeners.size === 0);
  });

  it.each([
    ['no secret', { 'x-atom-secret': '' }],
    ['a wrong secret', { 'x-atom-secret': 'wrong' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['a foreign Host', { host: `evil.example:1` }],
    ['a rebound DNS name', { host: `127.0.0.1.nip.io:1` }],
  ])('refuses %s without subscribing', async (_label, headers) => {
    const stream = await openStream(server, headers);
    expect(stream.status).toBe(403);
    await stream.ended;
    expect(JSON.parse(stream.text())).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(core.events.listeners.size).toBe(0);
  });

  it('refuses a missing secret header too', async () => {
    const res = await raw(server, { path: EVENTS_PATH });
    expect(res.status).toBe(403);
    expect(core.events.listeners.size).toBe(0);
  });

  it('accepts GET only', async () => {
    const stream = await openStream(server, {}, 'POST');
    expect(stream.status).toBe(405);
    await stream.ended;
    expect(core.events.listeners.size).toBe(0);
  });

  it('answers 503 while no core (with events) is attached', async () => {
    server.attachCore({ invoke: core.invoke.bind(core), completeLogin: core.completeLogin.bind(core) });
    const stream = await openStream(server);
    expect(stream.status).toBe(503);
    await stream.ended;
  });

  it('sends heartbeats, and ends every stream (and its subscription) when the server closes', async () => {
    const own = await startBridgeServer({ staticDir, heartbeatMs: 30 });
    const ownCore = new RecordingCore();
    own.attachCore(ownCore);
    const first = await openStream(own);
    const second = await openStream(own);
    await first.waitFor(/: ping\n\n/);
    await until(() => ownCore.events.listeners.size === 2);
    await own.close();
    await Promise.all([first.ended, second.ended]);
    expect(ownCore.events.listeners.size).toBe(0);
  });
});
