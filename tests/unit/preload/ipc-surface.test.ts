/**
 * Checklist I3: the set of channels main registers, the set the preload can reach, and the
 * contract's channels are one and the same. Both sides are loaded against one fake Electron.
 */
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../src/shared/ipc';

const fake = vi.hoisted(() => ({
  handled: new Set<string>(),
  invokedChannels: [] as string[],
  exposed: new Map<string, Record<string, (input?: unknown) => Promise<unknown>>>(),
}));

vi.mock('electron', () => ({
  ipcMain: {
    eventNames: () => [],
    removeAllListeners: () => undefined,
    handle: (channel: string) => fake.handled.add(channel),
    removeHandler: (channel: string) => fake.handled.delete(channel),
  },
  ipcRenderer: {
    invoke: async (channel: string) => {
      fake.invokedChannels.push(channel);
      return { ok: true, data: null };
    },
  },
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (input?: unknown) => Promise<unknown>>) => fake.exposed.set(key, api) },
}));

describe('IPC surface', () => {
  it('registered channels == channels reachable from window.atom == contract channels', async () => {
    const { registerIpc } = await import('../../../src/main/ipc/register-ipc');
    await import('../../../src/preload/index');
    registerIpc({ invoke: async () => ({ ok: true, data: null }) });

    const api = fake.exposed.get('atom')!;
    for (const method of Object.keys(api)) await api[method]({});

    const contractChannels = [...CHANNELS].sort();
    expect([...fake.handled].sort()).toEqual(contractChannels);
    expect([...new Set(fake.invokedChannels)].sort()).toEqual(contractChannels);
    expect(fake.invokedChannels.length).toBe(CHANNELS.length);
  });
});
