/**
 * The renderer's one door to the app: `window.atom` in the desktop app (preload), otherwise the
 * browser-mode bridge client. `call()` turns a `Result` into a value or a thrown `AppError`.
 */
import { AppError, type Result } from '../../../shared/errors';
import type { AtomApi } from '../../../shared/ipc';
import { createBridgeClient } from './bridge-client';
import { takeBridgeSecret } from './bridge-secret';

function createApi(): { api: AtomApi; mode: 'electron' | 'browser' } {
  const desktop = window.atom;
  if (desktop) return { api: desktop, mode: 'electron' };
  const secret = takeBridgeSecret(window.location, window.history, window.sessionStorage);
  return {
    api: createBridgeClient({ secret, fetch: (url, init) => window.fetch(url, init) }),
    mode: 'browser',
  };
}

const created = createApi();
export const api: AtomApi = created.api;
export const transportMode = created.mode;

export async function call<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (result.ok) return result.data;
  throw new AppError(result.error.code, result.error.message, result.error.fields);
}

export { AppError };
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
