/**
 * Browser mode's push channel: the bridge's server-sent-events stream (`GET /api/events`), read
 * with a streamed fetch so the secret travels in a header as it does for requests (EventSource
 * cannot send headers, and a secret in a URL can leak to logs and history). One stream per tab,
 * opened at the first subscription; when it drops (server restarted, laptop slept, heartbeats
 * stopped) it reconnects with growing delays, and each open is announced so the page can take a
 * fresh snapshot of what it may have missed. Pure (no DOM globals) so it can be unit-tested.
 */
import { isEventName, type EventName, type Unsubscribe } from '../../../shared/ipc';
import { BRIDGE_SECRET_HEADER } from './bridge-client';

export const EVENTS_PATH = '/api/events';

export interface StreamResponse {
  status: number;
  body: ReadableStream<Uint8Array> | null;
}
export type StreamFetch = (
  url: string,
  init: { method: 'GET'; headers: Record<string, string>; credentials: 'same-origin'; cache: 'no-store'; signal: AbortSignal },
) => Promise<StreamResponse>;

export interface BridgeEventsOptions {
  /** null when this tab was not opened from the launch link: then no stream is opened. */
  secret: string | null;
  fetch: StreamFetch;
  baseUrl?: string;
  /** First delay before a reconnect; doubles up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** No byte (not even a heartbeat) for this long: the stream is dead, reconnect (server beats every 15 s). */
  silenceMs?: number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export interface BridgeEvents {
  subscribe(name: EventName, callback: (payload: unknown) => void): Unsubscribe;
  /** Called each time the stream (re)opens; events published while it was down were missed. */
  onOpen(callback: () => void): Unsubscribe;
  close(): void;
}

/** Splits an SSE text stream into events; keeps the unfinished tail for the next chunk. */
export function parseSse(buffer: string): { events: Array<{ name: string; data: string }>; rest: string } {
  const events: Array<{ name: string; data: string }> = [];
  const blocks = buffer.replace(/\r\n/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let name = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line === '') continue; // comments: open, heartbeats
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') name = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length) events.push({ name, data: data.join('\n') });
  }
  return { events, rest };
}

interface Watchdog {
  setTimer: (run: () => void, ms: number) => unknown;
  clearTimer: (timer: unknown) => void;
  silenceMs: number;
  onSilence: () => void;
}

/**
 * Reads one open stream to its end, handing each event on; resolves when it is over. A stream
 * that stays silent past `silenceMs` (no event, no heartbeat) is given up through `onSilence`.
 */
async function readSse(body: ReadableStream<Uint8Array>, onEvent: (name: string, data: string) => void, watchdog: Watchdog): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let timer: unknown;
  const arm = () => {
    watchdog.clearTimer(timer);
    timer = watchdog.setTimer(watchdog.onSilence, watchdog.silenceMs);
  };
  arm();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      arm();
      const parsed = parseSse(buffer + decoder.decode(value, { stream: true }));
      buffer = parsed.rest;
      for (const event of parsed.events) onEvent(event.name, event.data);
    }
  } finally {
    watchdog.clearTimer(timer);
  }
}

export function createBridgeEvents(options: BridgeEventsOptions): BridgeEvents {
  const setTimer = options.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer: unknown) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const initialDelay = options.initialDelayMs ?? 1_000;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const silenceMs = options.silenceMs ?? 45_000;
  const callbacks = new Map<EventName, Set<(payload: unknown) => void>>();
  const openCallbacks = new Set<() => void>();
  let started = false;
  let closed = false;
  let delay = initialDelay;
  let controller: AbortController | undefined;
  let retryTimer: unknown;

  const dispatch = (name: string, data: string) => {
    if (!isEventName(name)) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    for (const callback of [...(callbacks.get(name) ?? [])]) {
      try {
        callback(payload);
      } catch (error) {
        console.error(`A listener of the ${name} event failed`, error);
      }
    }
  };

  const connect = async () => {
    if (closed || !options.secret) return;
    const abort = new AbortController();
    controller = abort;
    try {
      const response = await options.fetch(`${options.baseUrl ?? ''}${EVENTS_PATH}`, {
        method: 'GET',
        headers: { [BRIDGE_SECRET_HEADER]: options.secret, Accept: 'text/event-stream' },
        credentials: 'same-origin',
        cache: 'no-store',
        signal: abort.signal,
      });
      if (response.status === 200 && response.body) {
        delay = initialDelay;
        for (const callback of [...openCallbacks]) callback();
        await readSse(response.body, dispatch, { setTimer, clearTimer, silenceMs, onSilence: () => abort.abort() });
      }
    } catch {
      // Unreachable server, aborted by the watchdog: both mean "try again later".
    }
    if (controller === abort) controller = undefined;
    if (closed) return;
    retryTimer = setTimer(() => void connect(), delay);
    delay = Math.min(maxDelay, delay * 2);
  };

  const start = () => {
    if (started || closed) return;
    started = true;
    void connect();
  };

  return {
    subscribe(name, callback) {
      const set = callbacks.get(name) ?? new Set();
      callbacks.set(name, set);
      const entry = (payload: unknown) => callback(payload);
      set.add(entry);
      start();
      return () => void set.delete(entry);
    },
    onOpen(callback) {
      openCallbacks.add(callback);
      start();
      return () => void openCallbacks.delete(callback);
    },
    close() {
      closed = true;
      clearTimer(retryTimer);
      controller?.abort();
    },
  };
}
