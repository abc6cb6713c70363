import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, contract } from '../../../src/shared/ipc';

const bridge = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: undefined as unknown as ReturnType<typeof import('vitest').vi.fn>,
}));

vi.mock('electron', async () => {
  const { vi: vitest } = await import('vitest');
  bridge.invoke = vitest.fn(async (channel: string, input: unknown) => ({ ok: true, data: { channel, input } }));
  return {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => bridge.exposed.set(key, value) },
    ipcRenderer: { invoke: bridge.invoke, send: vitest.fn(), on: vitest.fn(), sendSync: vitest.fn() },
  };
});

let exposedApi: Record<string, (...args: unknown[]) => Promise<unknown>>;
const expectedMethods = CHANNELS.map((channel) => contract[channel].method);

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
    expect(new Set(expectedMethods).size).toBe(CHANNELS.length);
    for (const name of ['invoke', 'send', 'on', 'ipcRenderer', 'sendSync', 'request']) expect(name in exposedApi).toBe(false);
  });

  it('every member is a function and the object cannot be extended', () => {
    for (const value of Object.values(exposedApi)) expect(typeof value).toBe('function');
    expect(Object.isFrozen(exposedApi)).toBe(true);
  });

  it('each method invokes only its own channel, forwarding only its first argument', async () => {
    for (const channel of CHANNELS) {
      bridge.invoke.mockClear();
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
