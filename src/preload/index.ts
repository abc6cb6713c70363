/**
 * Sandboxed preload (bundled to CommonJS: sandboxed preloads cannot be ES modules). Exposes
 * `window.atom`, typed AtomApi — the same type the renderer's global declaration uses
 * (src/renderer/src/global.d.ts), both derived from the shared contract.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_CHANNEL, type AtomApi } from '../shared/ipc';
import { buildAtomApi } from './atom-api';

export const api: AtomApi = buildAtomApi(
  (channel, input) => ipcRenderer.invoke(channel, input),
  // The Electron event object stays here: only the message (`{ name, payload }`) goes on.
  (onMessage) => void ipcRenderer.on(EVENT_CHANNEL, (_event, message: unknown) => onMessage(message)),
);

contextBridge.exposeInMainWorld('atom', api);
