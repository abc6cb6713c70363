/**
 * Browser mode's event stream client: SSE parsing, the secret in a header (never in the URL),
 * reconnecting with backoff and announcing each open, and — against the real bridge server —
 * events delivered end to end and a refused secret never delivering anything.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBridgeEvents, parseSse, type StreamFetch } from '../../../src/renderer/src/lib/bridge-events';
import { startBridgeServer } from '../../../src/main/web/server';
import type { AtomEvent } from '../../../src/shared/ipc';

const encoder = new TextEncoder();

/** A response body the test writes into chunk by chunk, and ends. */
function pushable() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  return { body, push: (text: string) => controller.enqueue(encoder.encode(text)), end: () => controller.close() };
}

function manualTimers() {
  const pending: Array<{ run: () => void; ms: number; cancelled: boolean }> = [];
  return {
    pending,
    setTimer: (run: () => void, ms: number) => {
      const t = { run, ms, cancelled: false };
      pending.push(t);
      return t;
    },
    clearTimer: (t: unknown) => {
      if (t) (t as { cancelled: boolean }).cancelled = true;
    },
    /** Fires the live timers with this delay. */
    fire: (ms: number) => {
      for (const t of pending.filter((p) => !p.cancelled && p.ms === ms)) {
        t.cancelled = true;
        t.run();
      }
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('parseSse', () => {
  it('splits events, skips comments, joins data lines and keeps an unfinished tail', () => {
    const { events, rest } = parseSse(': open\n\nevent: online\ndata: {"a":1}\n\n: ping\n\nevent: sync-status\ndata: x\ndata: y\n\nevent: half\ndata: {');
    expect(events).toEqual([
      { name: 'online', data: '{"a":1}' },
      { name: 'sync-status', data: 'x\ny' },
    ]);
    expect(rest).toBe('event: half\ndata: {');
  });
});

describe('bridge event stream client', () => {
  it('GETs /api/events with the secret header, dispatches by name, and drops unknown names', async () => {
    const stream = pushable();
    const calls: Array<{ url: string; init: Parameters<StreamFetch>[1] }> = [];
    const fetch: StreamFetch = async (url, init) => {
      calls.push({ url, init });
      return { status: 200, body: stream.body };
    };
    const client = createBridgeEvents({ secret: 'the-secret', fetch, ...manualTimers() });
    const online: unknown[] = [];
    const progress: unknown[] = [];
    let opened = 0;
    client.onOpen(() => opened++);
    client.subscribe('online', (p) => online.push(p));
    client.subscribe('sync-progress', (p) => progress.push(p));
    await tick();
    stream.push(': open\n\nevent: online\ndata: {"connectionId":"c1","online":false}\n\nevent: evil\ndata: {}\n\nevent: sync-pro');
    stream.push('gress\ndata: {"connectionId":"c1"}\n\n');
    await tick();
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('/api/events');
    expect(calls[0].url).not.toContain('the-secret');
    expect(calls[0].init.method).toBe('GET');
    expect(calls[0].init.headers['X-Atom-Secret']).toBe('the-secret');
    expect(opened).toBe(1);
    expect(online).toEqual([{ connectionId: 'c1', online: false }]);
    expect(progress).toEqual([{ connectionId: 'c1' }]);
    client.close();
  });

  it('reconnects with growing delays while the server is away, announcing each new open', async () => {
    const timers = manualTimers();
    let attempt = 0;
    const streams: Array<ReturnType<typeof pushable>> = [];
    const fetch: StreamFetch = async () => {
      attempt++;
      if (attempt === 2 || attempt === 3) throw new TypeError('Failed to fetch');
      const s = pushable();
      streams.push(s);
      return { status: 200, body: s.body };
    };
    const client = createBridgeEvents({ secret: 's', fetch, initialDelayMs: 100, maxDelayMs: 1_000, setTimer: timers.setTimer, clearTimer: timers.clearTimer });
    let opened = 0;
    client.onOpen(() => opened++);
    await tick();
    expect(opened).toBe(1);
    streams[0].end(); // the server went away
    await tick();
    timers.fire(100); // attempt 2 fails
    await tick();
    timers.fire(200); // attempt 3 fails
    await tick();
    timers.fire(400); // attempt 4 opens
    await tick();
    expect(attempt).toBe(4);
    expect(opened).toBe(2);
    // After a good open the delay starts small again.
    streams[1].end();
    await tick();
    expect(timers.pending.filter((t) => !t.cancelled).map((t) => t.ms)).toContain(100);
    client.close();
  });

  it('opens nothing without a secret', async () => {
    let called = false;
    const client = createBridgeEvents({ secret: null, fetch: async () => ((called = true), { status: 200, body: null }) });
    client.subscribe('online', () => undefined);
    await tick();
    expect(called).toBe(false);
  });
});

describe('bridge event stream, end to end over loopback', () => {
  it('delivers the core’s events to the client; a wrong secret gets none', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'atom-events-'));
    const listeners = new Set<(e: AtomEvent) => void>();
    const server = await startBridgeServer({ staticDir: dir });
    server.attachCore({
      invoke: async () => ({ ok: true, data: null }),
      completeLogin: async () => ({ ok: true, title: '', message: '' }),
      events: { subscribe: (l) => (listeners.add(l), () => void listeners.delete(l)) },
    });
    const realFetch: StreamFetch = (url, init) => fetch(url, init) as unknown as ReturnType<StreamFetch>;
    const good = createBridgeEvents({ secret: server.secret, fetch: realFetch, baseUrl: server.origin });
    const bad = createBridgeEvents({ secret: 'not-the-secret', fetch: realFetch, baseUrl: server.origin, initialDelayMs: 60_000 });
    const heard: unknown[] = [];
    const wrong: unknown[] = [];
    const opened = new Promise<void>((resolve) => good.onOpen(resolve));
    good.subscribe('online', (p) => heard.push(p));
    bad.subscribe('online', (p) => wrong.push(p));
    await opened;
    for (let i = 0; i < 100 && listeners.size < 1; i++) await tick();
    expect(listeners.size).toBe(1);
    for (const l of listeners) l({ name: 'online', payload: { connectionId: 'c1', online: true } });
    for (let i = 0; i < 100 && heard.length === 0; i++) await tick();
    expect(heard).toEqual([{ connectionId: 'c1', online: true }]);
    expect(wrong).toEqual([]);
    good.close();
    bad.close();
    await server.close();
    expect(listeners.size).toBe(0);
    await rm(dir, { recursive: true, force: true });
  });
});
