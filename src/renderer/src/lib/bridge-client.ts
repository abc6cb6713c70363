/**
 * The browser-mode stand-in for the desktop preload: the same `AtomApi` methods, built from the
 * shared contract, each POSTing to the local bridge, and the same `onX(callback)` event methods,
 * fed by the bridge's event stream (bridge-events.ts). Pure (no DOM globals) so it can be unit-tested.
 */
import type { Result } from '../../../shared/errors';
import { CHANNELS, contract, EVENT_NAMES, events, type AtomApi, type Channel, type EventName, type Unsubscribe } from '../../../shared/ipc';

export const BRIDGE_SECRET_HEADER = 'X-Atom-Secret';

export interface BridgeResponse {
  status: number;
  json(): Promise<unknown>;
}
export type BridgeFetch = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; credentials: 'same-origin'; cache: 'no-store' },
) => Promise<BridgeResponse>;

export interface BridgeClientOptions {
  /** null when this tab was not opened from the launch link. */
  secret: string | null;
  fetch: BridgeFetch;
  /** '' means the page's own origin. */
  baseUrl?: string;
}

const NO_SECRET: Result<never> = {
  ok: false,
  error: {
    code: 'FORBIDDEN',
    message: 'This tab is not linked to Atom. Open the link that `npm run web` printed in your terminal.',
  },
};

const UNREACHABLE: Result<never> = {
  ok: false,
  error: {
    code: 'NETWORK',
    message: 'Atom’s local server is not answering. Check that `npm run web` is still running, then try again.',
  },
};

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; error?: unknown };
  if (v.ok === true) return 'data' in value;
  return v.ok === false && typeof v.error === 'object' && v.error !== null && typeof (v.error as { code?: unknown }).code === 'string';
}

export async function callBridge(options: BridgeClientOptions, channel: Channel, input: unknown): Promise<Result<unknown>> {
  if (!options.secret) return NO_SECRET;
  let response: BridgeResponse;
  try {
    response = await options.fetch(`${options.baseUrl ?? ''}/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [BRIDGE_SECRET_HEADER]: options.secret },
      // undefined (no-argument calls) is sent as an empty body; the core sees `undefined`.
      body: input === undefined ? '' : JSON.stringify(input),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    return UNREACHABLE;
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (isResult(body)) return body;
  return {
    ok: false,
    error: { code: 'INTERNAL', message: `Atom’s local server sent an unexpected answer (HTTP ${response.status}).` },
  };
}

/** Where the client's `onX` methods subscribe (the bridge's event stream). */
export interface EventSubscriber {
  subscribe(name: EventName, callback: (payload: unknown) => void): Unsubscribe;
}

export function createBridgeClient(options: BridgeClientOptions & { events?: EventSubscriber }): AtomApi {
  const api: Record<string, (arg?: unknown) => unknown> = {};
  for (const channel of CHANNELS) {
    api[contract[channel].method] = (input?: unknown) => callBridge(options, channel, input);
  }
  for (const name of EVENT_NAMES) {
    api[events[name].method] = (callback?: unknown) => {
      if (typeof callback !== 'function') throw new TypeError(`${events[name].method} needs a callback function`);
      // Without a stream (tests), nothing is ever pushed.
      return options.events?.subscribe(name, callback as (payload: unknown) => void) ?? (() => undefined);
    };
  }
  return Object.freeze(api) as unknown as AtomApi;
}
