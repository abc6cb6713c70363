import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../src/shared/ipc';

type Handler = (event: { senderFrame: unknown }, payload: unknown) => Promise<unknown>;

const fakeIpcMain = vi.hoisted(() => {
  // Electron's ipcMain is an EventEmitter with a separate handle() registry.
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  const emitter = new Emitter() as InstanceType<typeof Emitter> & {
    handlers: Map<string, Handler>;
    handle: (channel: string, handler: Handler) => void;
    removeHandler: (channel: string) => void;
  };
  emitter.handlers = new Map();
  emitter.handle = (channel, handler) => {
    if (emitter.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    emitter.handlers.set(channel, handler);
  };
  emitter.removeHandler = (channel) => emitter.handlers.delete(channel);
  return emitter;
});
vi.mock('electron', () => ({ ipcMain: fakeIpcMain }));

const { registerIpc, unregisterIpc } = await import('../../../src/main/ipc/register-ipc');

const appFrame = { url: 'app://atom/index.html', parent: null };

function fakeCore() {
  return {
    invoke: vi.fn(async (channel: string, payload: unknown, sender: { trusted: boolean }) => ({ ok: true as const, data: { channel, payload, sender } })),
  };
}

describe('registerIpc (the single ipcMain gate)', () => {
  beforeEach(() => {
    unregisterIpc();
    fakeIpcMain.removeAllListeners();
  });

  it('registers exactly one handler per contract channel (checklist I3)', () => {
    const registered = registerIpc(fakeCore());
    expect([...fakeIpcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    expect(registered.sort()).toEqual([...CHANNELS].sort());
  });

  it('passes channel, payload and trusted:true for the app top frame', async () => {
    const core = fakeCore();
    registerIpc(core);
    for (const channel of CHANNELS) {
      const payload = { probe: channel };
      const result = await fakeIpcMain.handlers.get(channel)!({ senderFrame: appFrame }, payload);
      expect(result).toEqual({ ok: true, data: { channel, payload, sender: { trusted: true } } });
    }
    expect(core.invoke).toHaveBeenCalledTimes(CHANNELS.length);
  });

  it.each([
    ['a null senderFrame', null],
    ['an iframe', { url: 'app://atom/index.html', parent: appFrame }],
    ['a foreign app origin', { url: 'app://evil/index.html', parent: null }],
    ['a file:// page', { url: 'file:///tmp/index.html', parent: null }],
    ['an https page', { url: 'https://login.salesforce.com/', parent: null }],
  ])('marks %s as untrusted (the core then refuses without side effects)', async (_label, senderFrame) => {
    const core = fakeCore();
    registerIpc(core);
    await fakeIpcMain.handlers.get('connections:list')!({ senderFrame }, { probe: 1 });
    expect(core.invoke).toHaveBeenCalledWith('connections:list', { probe: 1 }, { trusted: false });
  });

  it('turns a throwing core into an INTERNAL result without leaking the error', async () => {
    const core = { invoke: vi.fn(async () => Promise.reject(new Error('boom: access_token=00Dxx!secret'))) };
    registerIpc(core);
    const result = await fakeIpcMain.handlers.get('app:info')!({ senderFrame: appFrame }, undefined);
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside the app.' } });
    expect(JSON.stringify(result)).not.toContain('secret');
  });

  it('removes stray ipcMain listeners (e.g. electron-store’s sync channel)', () => {
    fakeIpcMain.on('electron-store-get-data', () => undefined);
    const log = { warn: vi.fn(), error: vi.fn() };
    registerIpc(fakeCore(), log);
    expect(fakeIpcMain.eventNames()).toEqual([]);
    expect(log.warn).toHaveBeenCalledWith('Removed an IPC listener that is not part of the contract', { channel: 'electron-store-get-data' });
  });

  it('refuses to register twice (one handler per channel)', () => {
    registerIpc(fakeCore());
    expect(() => registerIpc(fakeCore())).toThrow(/second handler/);
  });
});

describe('forwardEvents (push events to the app window only)', async () => {
  const { forwardEvents } = await import('../../../src/main/ipc/forward-events');
  const { EVENT_CHANNEL } = await import('../../../src/shared/ipc');
  type Listener = Parameters<Parameters<typeof forwardEvents>[0]['subscribe']>[0];
  const event = { name: 'online', payload: { connectionId: 'c1', online: false } } as const;

  function feed() {
    const listeners = new Set<Listener>();
    return {
      listeners,
      subscribe: (l: Listener) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      emit: () => listeners.forEach((l) => l(event)),
    };
  }
  const window = (url: string, destroyed = false) => ({ isDestroyed: () => destroyed, getURL: () => url, send: vi.fn() });

  it('sends each event on the one events channel to the window showing the app', () => {
    const source = feed();
    const target = window('app://atom/index.html#/changes');
    forwardEvents(source, () => target);
    source.emit();
    expect(target.send).toHaveBeenCalledWith(EVENT_CHANNEL, { name: 'online', payload: { connectionId: 'c1', online: false } });
  });

  it.each([
    ['a foreign page', window('https://evil.example/')],
    ['a file:// page', window('file:///tmp/index.html')],
    ['a destroyed window', window('app://atom/index.html', true)],
  ])('sends nothing to %s', (_label, target) => {
    const source = feed();
    forwardEvents(source, () => target);
    source.emit();
    expect(target.send).not.toHaveBeenCalled();
  });

  it('sends nothing while no window is open, and stops when unsubscribed', () => {
    const source = feed();
    const shown: { target?: ReturnType<typeof window> } = {};
    const stop = forwardEvents(source, () => shown.target);
    source.emit();
    const target = window('app://atom/index.html');
    shown.target = target;
    stop();
    source.emit();
    expect(target.send).not.toHaveBeenCalled();
    expect(source.listeners.size).toBe(0);
  });
});
