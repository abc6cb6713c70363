import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, contract, EVENT_CHANNEL, EVENT_NAMES, events } from '../../../src/shared/ipc';

const bridge = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: undefined as unknown as ReturnType<typeof import('vitest').vi.fn>,
  listeners: new Map<string, Array<(event: unknown, message: unknown) => void>>(),
}));

vi.mock('electron', async () => {
  const { vi: vitest } = await import('vitest');
  bridge.invoke = vitest.fn(async (channel: string, input: unknown) => ({ ok: true, data: { channel, input } }));
  return {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => bridge.exposed.set(key, value) },
    ipcRenderer: {
      invoke: bridge.invoke,
      send: vitest.fn(),
      on: (channel: string, listener: (event: unknown, message: unknown) => void) =>
        bridge.listeners.set(channel, [...(bridge.listeners.get(channel) ?? []), listener]),
      sendSync: vitest.fn(),
    },
  };
});

let exposedApi: Record<string, (...args: unknown[]) => Promise<unknown>>;
const requestMethods = CHANNELS.map((channel) => contract[channel].method);
const eventMethods = EVENT_NAMES.map((name) => events[name].method);
const expectedMethods = [...requestMethods, ...eventMethods];

/** What main's webContents.send(EVENT_CHANNEL, message) looks like from the preload. */
function deliver(message: unknown) {
  for (const listener of bridge.listeners.get(EVENT_CHANNEL) ?? []) listener({ sender: { send: () => 'ipcRenderer!' } }, message);
}

beforeAll(async () => {
  const preload = await import('../../../src/preload/index');
  exposedApi = bridge.exposed.get('atom') as typeof exposedApi;
  expect(exposedApi).toBe(preload.api);
});

describe('preload exposure (checklist E9, I3)', () => {
  it('exposes only window.atom', () => {
    expect([...bridge.exposed.keys()]).toEqual(['atom']);
  });

  it('Object.keys(window.atom) is exactly the allowlist derived from the contract', () => {
    expect(Object.keys(exposedApi).sort()).toEqual([...expectedMethods].sort());
    expect(new Set(expectedMethods).size).toBe(CHANNELS.length + EVENT_NAMES.length);
    for (const name of ['invoke', 'send', 'on', 'ipcRenderer', 'sendSync', 'request']) expect(name in exposedApi).toBe(false);
  });

  it('every member is a function and the object cannot be extended', () => {
    for (const value of Object.values(exposedApi)) expect(typeof value).toBe('function');
    expect(Object.isFrozen(exposedApi)).toBe(true);
  });

  it('each method invokes only its own channel, forwarding only its first argument', async () => {
    for (const channel of CHANNELS) {
      bridge.invoke.mockClear();
      // (event methods are covered below)
      const method = contract[channel].method;
      const input = { probe: method };
      const result = await exposedApi[method](input, 'extra', () => 'callback');
      expect(bridge.invoke).toHaveBeenCalledTimes(1);
      expect(bridge.invoke).toHaveBeenCalledWith(channel, input);
      expect(result).toEqual({ ok: true, data: { channel, input } });
    }
  });

  it('methods called without input send undefined (the schema decides)', async () => {
    bridge.invoke.mockClear();
    await exposedApi.getAppInfo();
    expect(bridge.invoke).toHaveBeenCalledWith('app:info', undefined);
  });
});

describe('preload push events', () => {
  const onSync = () => exposedApi.onSyncProgress as unknown as (cb: (payload: unknown) => void) => () => void;

  it('listens on the one events channel only', () => {
    expect([...bridge.listeners.keys()]).toEqual([EVENT_CHANNEL]);
  });

  it('onX hands its callback only the payload of its own event, never the IPC event object', () => {
    const heard: unknown[][] = [];
    const stop = onSync()((...args) => heard.push(args));
    deliver({ name: 'sync-progress', payload: { connectionId: 'c1' } });
    deliver({ name: 'outbox-summary', payload: { connectionId: 'c1' } });
    stop();
    expect(heard).toEqual([[{ connectionId: 'c1' }]]);
  });

  it('drops messages that name no contract event or are not envelopes', () => {
    const heard: unknown[] = [];
    const stops = eventMethods.map((method) => (exposedApi[method] as unknown as (cb: (p: unknown) => void) => () => void)((p) => heard.push(p)));
    for (const message of [null, 'sync-progress', { name: 'toString', payload: 1 }, { name: '__proto__', payload: 1 }, { name: 'evil', payload: 1 }])
      deliver(message);
    stops.forEach((stop) => stop());
    expect(heard).toEqual([]);
  });

  it('unsubscribe stops delivery (and is safe to call twice); a throwing callback does not stop the others', () => {
    const first: unknown[] = [];
    const second: unknown[] = [];
    const stopThrower = onSync()(() => {
      throw new Error('page bug');
    });
    const stopFirst = onSync()((p) => first.push(p));
    const stopSecond = onSync()((p) => second.push(p));
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    deliver({ name: 'sync-progress', payload: 1 });
    stopFirst();
    stopFirst();
    deliver({ name: 'sync-progress', payload: 2 });
    stopSecond();
    stopThrower();
    quiet.mockRestore();
    expect(first).toEqual([1]);
    expect(second).toEqual([1, 2]);
  });

  it('refuses a callback that is not a function', () => {
    expect(() => (exposedApi.onSyncProgress as unknown as (cb: unknown) => void)('alert(1)')).toThrow(TypeError);
  });
});
