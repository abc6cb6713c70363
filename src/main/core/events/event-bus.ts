/**
 * The core's push channel: services publish typed events where their state changes; the hosts
 * (Electron's window forwarder, the browser-mode event stream) subscribe and carry them to the
 * renderer. Plain Node, like the rest of the core.
 *
 * Every payload is parsed with its contract schema before it leaves, as the gate parses a
 * response: a payload that does not match is logged (where, not what: values may be user data)
 * and not sent, and one that looks like it carries a token is blocked. Events the contract marks
 * with `coalesceMs` (sync progress, outbox counts) are delivered at most that often per event and
 * connection; the last value of a burst is always delivered, and before any event published after
 * it, so a listener never sees a stale "running" arrive after "finished".
 */
import { events, isEventName, type AtomEvent, type EventName, type PayloadInputOf, type Unsubscribe } from '../../../shared/ipc';
import { SECRET_IN_OUTPUT } from '../gate';
import type { Logger } from '../logger';

export type EventListener = (event: AtomEvent) => void;

/** What a core service needs to publish (give services this, not the whole bus). */
export interface EventPublisher {
  publish<E extends EventName>(name: E, payload: PayloadInputOf<E>): void;
}

/** What a host needs to carry events out (AppCore exposes this as `core.events`). */
export interface EventSource {
  subscribe(listener: EventListener): Unsubscribe;
}

export interface EventBus extends EventPublisher, EventSource {
  /** Delivers what a coalescing window still holds, then drops every listener and timer. */
  close(): void;
}

export interface EventBusOptions {
  log: Logger;
  now?: () => number;
  /** Test hook: timers (defaults to the global ones). */
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

interface Held {
  event: AtomEvent;
  timer: unknown;
}

/**
 * Coalescing is per event and per connection (two orgs' progress must not swallow each other), and
 * per export for `query-export` (two exports running side by side each keep their last state).
 */
function coalesceKey(event: AtomEvent): string {
  const payload = event.payload as { connectionId?: unknown; exportId?: unknown };
  const connection = typeof payload.connectionId === 'string' ? payload.connectionId : '';
  const exportId = typeof payload.exportId === 'string' ? payload.exportId : '';
  return `${event.name}\u0000${connection}\u0000${exportId}`;
}

export function createEventBus(options: EventBusOptions): EventBus {
  const { log } = options;
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms).unref());
  const clearTimer = options.clearTimer ?? ((timer: unknown) => clearTimeout(timer as NodeJS.Timeout));
  const listeners = new Set<EventListener>();
  /** Per coalescing key: when the last value went out, and the value waiting for its turn. */
  const lastSent = new Map<string, number>();
  const held = new Map<string, Held>();
  let closed = false;

  const deliver = (event: AtomEvent, key?: string) => {
    if (key !== undefined) lastSent.set(key, now());
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (err) {
        // One broken host (a closed window, a dead stream) must not stop the others or the publisher.
        log.warn(`A listener of the ${event.name} event failed`, err instanceof Error ? err.message : String(err));
      }
    }
  };

  const release = (key: string) => {
    const waiting = held.get(key);
    if (!waiting) return;
    held.delete(key);
    clearTimer(waiting.timer);
    deliver(waiting.event, key);
  };

  /** Everything held goes out first, in the order it was first held: coalescing never reorders. */
  const releaseAll = () => {
    for (const key of [...held.keys()]) release(key);
  };

  const validate = <E extends EventName>(name: E, payload: PayloadInputOf<E>): AtomEvent | undefined => {
    if (!isEventName(name)) {
      log.error('Refused to publish an event the contract does not declare', { name: String(name) });
      return undefined;
    }
    const parsed = events[name].payload.safeParse(payload);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.map(String).join('.'), code: i.code }));
      log.error(`The ${name} event does not match the contract; not sent`, issues);
      return undefined;
    }
    if (SECRET_IN_OUTPUT.test(JSON.stringify(parsed.data) ?? '')) {
      log.error(`Blocked a ${name} event that looked like it carried a token`);
      return undefined;
    }
    return { name, payload: parsed.data } as AtomEvent;
  };

  return {
    publish(name, payload) {
      if (closed) return;
      const event = validate(name, payload);
      if (!event) return;
      const every: number | undefined = (events[event.name] as { coalesceMs?: number }).coalesceMs;
      if (!every) {
        releaseAll();
        deliver(event);
        return;
      }
      const key = coalesceKey(event);
      const waiting = held.get(key);
      if (waiting) {
        // Its timer is already set for the end of the window: the newest value takes the slot.
        waiting.event = event;
        return;
      }
      const since = now() - (lastSent.get(key) ?? Number.NEGATIVE_INFINITY);
      if (since >= every) {
        // Nothing overtakes a value that is waiting, whatever its event.
        releaseAll();
        deliver(event, key);
        return;
      }
      held.set(key, { event, timer: setTimer(() => release(key), every - since) });
    },
    subscribe(listener) {
      if (closed) return () => undefined;
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    close() {
      if (closed) return;
      releaseAll();
      closed = true;
      listeners.clear();
      lastSent.clear();
    },
  };
}
