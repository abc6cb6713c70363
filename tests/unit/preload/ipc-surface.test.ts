/**
 * Checklist I3: the set of channels main registers, the set the preload can reach, and the
 * contract's channels are one and the same; and every push event main can send reaches exactly
 * its own `onX` callback in the page, over the one events channel. Both sides are loaded against
 * one fake Electron.
 */
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENT_CHANNEL, EVENT_NAMES, events, type AtomEvent } from '../../../src/shared/ipc';

const fake = vi.hoisted(() => ({
  handled: new Set<string>(),
  invokedChannels: [] as string[],
  exposed: new Map<string, Record<string, (input?: unknown) => unknown>>(),
  rendererListeners: new Map<string, Array<(event: unknown, message: unknown) => void>>(),
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
    on: (channel: string, listener: (event: unknown, message: unknown) => void) => {
      fake.rendererListeners.set(channel, [...(fake.rendererListeners.get(channel) ?? []), listener]);
    },
  },
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (input?: unknown) => unknown>) => fake.exposed.set(key, api) },
}));

/** A payload per event that its schema accepts (the bus would refuse anything else). */
const SAMPLES: { [E in AtomEvent['name']]: unknown } = {
  'sync-progress': { connectionId: 'c1', startedAt: '2026-01-01T00:00:00.000Z', progress: null },
  'sync-status': {
    connectionId: null,
    running: false,
    startedAt: null,
    progress: null,
    lastRun: null,
    settings: { scope: 'mine', intervalMinutes: 5, bulkThreshold: 50_000 },
    objects: [],
  },
  'outbox-summary': {
    connectionId: 'c1',
    online: true,
    paused: null,
    draining: false,
    pendingCount: 0,
    needsAttentionCount: 0,
    conflictCount: 0,
    lastSyncAt: null,
    nextRetryAt: null,
  },
  online: { connectionId: 'c1', online: false },
  'connections-changed': { reason: 'activated', connectionId: 'c1', activeConnectionId: 'c1' },
  'api-usage': {
    connectionId: 'c1',
    org: null,
    appToday: { total: 0, byFeature: {} },
    appSharePercent: 50,
    guard: { level: 'ok', reason: null, syncIntervalMinutes: 5 },
  },
  'open-route': { kind: 'record', id: '001000000000001AAA', object: 'Account' },
  'change-notifications': {
    connectionId: 'c1',
    notifications: [],
    summary: { title: '4 changes to your records', body: '4 cases assigned to you', count: 4 },
  },
  'query-export': {
    exportId: '3f1c2d4e-0000-4000-8000-000000000001',
    state: 'running',
    method: 'bulk',
    rows: 50_000,
    totalRows: 200_000,
    bytes: 4_200_000,
    fileName: 'Account-2026-12-03-06-30-00.csv',
    error: null,
  },
};

describe('IPC surface', () => {
  it('registered channels == channels reachable from window.atom == contract channels', async () => {
    const { registerIpc } = await import('../../../src/main/ipc/register-ipc');
    await import('../../../src/preload/index');
    registerIpc({ invoke: async () => ({ ok: true, data: null }) });

    const api = fake.exposed.get('atom')!;
    const eventMethods = new Set<string>(EVENT_NAMES.map((name) => events[name].method));
    for (const method of Object.keys(api)) if (!eventMethods.has(method)) await api[method]({});

    const contractChannels = [...CHANNELS].sort();
    expect([...fake.handled].sort()).toEqual(contractChannels);
    expect([...new Set(fake.invokedChannels)].sort()).toEqual(contractChannels);
    expect(fake.invokedChannels.length).toBe(CHANNELS.length);
  });
});

describe('push events surface', () => {
  it('every contract event main forwards reaches its own onX callback, and nothing else does', async () => {
    const { forwardEvents } = await import('../../../src/main/ipc/forward-events');
    const { createEventBus } = await import('../../../src/main/core/events/event-bus');
    await import('../../../src/preload/index');
    const api = fake.exposed.get('atom')!;

    // Main side: the core's bus, forwarded to a window showing the app.
    const bus = createEventBus({ log: { debug() {}, info() {}, warn() {}, error() {} } });
    const window = {
      isDestroyed: () => false,
      getURL: () => 'app://atom/index.html',
      // What webContents.send does for us: the message arrives at the renderer's listeners.
      send: (channel: string, message: unknown) => {
        for (const listener of fake.rendererListeners.get(channel) ?? []) listener({ sender: 'ipcRenderer' }, structuredClone(message));
      },
    };
    forwardEvents(bus, () => window);
    expect([...fake.rendererListeners.keys()]).toEqual([EVENT_CHANNEL]);

    const heard: Array<[string, unknown]> = [];
    for (const name of EVENT_NAMES) {
      const subscribe = api[events[name].method] as (cb: (payload: unknown) => void) => () => void;
      expect(typeof subscribe).toBe('function');
      subscribe((payload) => heard.push([name, payload]));
    }
    for (const name of EVENT_NAMES) bus.publish(name, SAMPLES[name] as never);
    bus.close();

    expect(heard.map(([name]) => name)).toEqual(EVENT_NAMES);
    for (const [name, payload] of heard) expect(payload).toEqual(SAMPLES[name as AtomEvent['name']]);
  });
});
