/**
 * The only code that touches `ipcMain`. Each contract channel gets exactly one handler, and each
 * handler does one thing: hand the payload to the core's gate together with the verdict on who
 * sent it. The core refuses untrusted senders before looking at the payload, validates the input
 * with the contract schema, and returns a Result (never a stack, never a token).
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { Result } from '../../shared/errors';
import { CHANNELS, type Channel } from '../../shared/ipc';
import { isTrustedSender } from '../security/trusted-sender';

export interface IpcCore {
  invoke(channel: string, payload: unknown, sender: { trusted: boolean }): Promise<Result<unknown>>;
}

export interface IpcLogger {
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export function registerIpc(core: IpcCore, log?: IpcLogger): Channel[] {
  // Libraries may register their own listeners (electron-store answers a synchronous
  // 'electron-store-get-data' request that only renderer-side stores need). The app's renderer
  // has no business with any of them, so the surface is exactly the contract channels.
  for (const name of ipcMain.eventNames()) {
    log?.warn('Removed an IPC listener that is not part of the contract', { channel: String(name) });
    ipcMain.removeAllListeners(name as string);
  }

  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown): Promise<Result<unknown>> => {
      // The core logs and refuses untrusted calls before reading the payload.
      const trusted = isTrustedSender(event.senderFrame);
      try {
        return await core.invoke(channel, payload, { trusted });
      } catch (error) {
        // The core promises never to throw; if it does anyway the renderer still gets a Result.
        log?.error('IPC handler threw', { channel, error: error instanceof Error ? error.name : typeof error });
        return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside the app.' } };
      }
    });
  }
  return [...CHANNELS];
}

export function unregisterIpc(): void {
  for (const channel of CHANNELS) ipcMain.removeHandler(channel);
}
