/**
 * The renderer's one door to the app: `window.atom` in the desktop app (preload), otherwise the
 * browser-mode bridge client. `call()` turns a `Result` into a value or a thrown `AppError`.
 * Push events come through the same door (`api.onX(callback)`); `onEventStreamOpen` says when the
 * browser-mode stream (re)opened, i.e. when events may have been missed. Electron's IPC cannot
 * miss any: its listener exists before the page runs.
 */
import { AppError, type Result } from '../../../shared/errors';
import type { AtomApi, Unsubscribe } from '../../../shared/ipc';
import { createBridgeClient } from './bridge-client';
import { createBridgeEvents } from './bridge-events';
import { takeBridgeSecret } from './bridge-secret';

interface Transport {
  api: AtomApi;
  mode: 'electron' | 'browser';
  /** False in a browser tab opened without the launch link: every call would be refused. */
  linked: boolean;
  onEventStreamOpen(callback: () => void): Unsubscribe;
}

function createApi(): Transport {
  const desktop = window.atom;
  if (desktop) return { api: desktop, mode: 'electron', linked: true, onEventStreamOpen: () => () => undefined };
  const secret = takeBridgeSecret(window.location, window.history, window.sessionStorage);
  const stream = createBridgeEvents({ secret, fetch: (url, init) => window.fetch(url, init) });
  return {
    api: createBridgeClient({ secret, fetch: (url, init) => window.fetch(url, init), events: stream }),
    mode: 'browser',
    linked: secret !== null,
    onEventStreamOpen: (callback) => stream.onOpen(callback),
  };
}

const created = createApi();
export const api: AtomApi = created.api;
export const transportMode = created.mode;
export const transportLinked = created.linked;
export const onEventStreamOpen = created.onEventStreamOpen;

export async function call<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (result.ok) return result.data;
  throw new AppError(result.error.code, result.error.message, result.error.fields);
}

export { AppError };
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
