/**
 * Builds the `window.atom` object from the contract: one named method per channel, each bound to
 * its own channel constant, and one `onX(callback) → unsubscribe` per push event. No generic
 * invoke, no generic `on`, and no ipcRenderer ever reach the page. Kept free of Electron imports
 * so tests can exercise it directly.
 */
import { CHANNELS, contract, EVENT_NAMES, events, isEventName, type AtomApi, type Channel, type EventName } from '../shared/ipc';

export type ChannelInvoker = (channel: Channel, input: unknown) => Promise<unknown>;
/** Registers the one listener of the events channel; it receives each message's `{ name, payload }`. */
export type EventListen = (onMessage: (message: unknown) => void) => void;

type Callback = (payload: unknown) => void;

/**
 * One IPC listener for every event: it checks the event name against the contract (a message
 * naming anything else is dropped) and hands only the payload on — never Electron's event object,
 * whose `sender` is the ipcRenderer itself.
 */
function createEventHub(listen: EventListen) {
  const callbacks = new Map<EventName, Set<Callback>>();
  listen((message) => {
    if (typeof message !== 'object' || message === null) return;
    const { name, payload } = message as { name?: unknown; payload?: unknown };
    if (!isEventName(name)) return;
    for (const callback of [...(callbacks.get(name) ?? [])]) {
      try {
        callback(payload);
      } catch (error) {
        // A page callback that throws must not keep the others from hearing the event.
        console.error(`A listener of the ${name} event failed`, error instanceof Error ? error.message : error);
      }
    }
  });
  return (name: EventName, callback: unknown): (() => void) => {
    if (typeof callback !== 'function') throw new TypeError(`${events[name].method} needs a callback function`);
    const set = callbacks.get(name) ?? new Set<Callback>();
    callbacks.set(name, set);
    // A wrapper per subscription: the same function subscribed twice is two subscriptions.
    const entry: Callback = (payload) => (callback as Callback)(payload);
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  };
}

export function buildAtomApi(invoke: ChannelInvoker, listen: EventListen): AtomApi {
  // A plain object: contextBridge copies own enumerable properties of plain objects.
  const api: Record<string, (arg?: unknown) => unknown> = {};
  for (const channel of CHANNELS) {
    const method = contract[channel].method;
    if (Object.hasOwn(api, method)) throw new Error(`Two channels share the preload method name ${method}`);
    // Only the first argument is forwarded: the contract's input is a single object.
    api[method] = (input?: unknown) => invoke(channel, input);
  }
  const subscribe = createEventHub(listen);
  for (const name of EVENT_NAMES) {
    const method = events[name].method;
    if (Object.hasOwn(api, method)) throw new Error(`An event and a channel share the preload method name ${method}`);
    api[method] = (callback?: unknown) => subscribe(name, callback);
  }
  return Object.freeze(api) as unknown as AtomApi;
}

/** The allowlist of method names `window.atom` exposes, derived from the contract. */
export function atomApiMethodNames(): string[] {
  return [...CHANNELS.map((channel) => contract[channel].method), ...EVENT_NAMES.map((name) => events[name].method)];
}
