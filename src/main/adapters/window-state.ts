/**
 * Remembering the main window's size, position and maximized state between runs: a small JSON
 * file in userData (`window-state.json`, through the same electron-store adapter as the settings,
 * owner-only), written when the window stops moving or resizing and when it closes. Where it goes
 * back is decided by window-placement.ts, which is plain and tested without Electron.
 */
import type { SavedWindowState } from '../window-placement';

/** The part of the settings adapter this needs (electron-store-settings.ts). */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface WindowStateStore {
  load(): unknown;
  save(state: SavedWindowState): void;
}

const KEY = 'main';

export function createWindowStateStore(store: KeyValueStore, onError?: (error: unknown) => void): WindowStateStore {
  return {
    load: () => {
      try {
        return store.get(KEY);
      } catch (error) {
        onError?.(error);
        return undefined;
      }
    },
    save: (state) => {
      try {
        store.set(KEY, state);
      } catch (error) {
        // A window that cannot remember its place still works.
        onError?.(error);
      }
    },
  };
}

/** The parts of a BrowserWindow the tracker reads (structural, so it is testable). */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
  getNormalBounds(): { x: number; y: number; width: number; height: number };
  isMaximized(): boolean;
  isFullScreen(): boolean;
}

export interface TrackOptions {
  /** How long the window must stay still before a move or resize is written (a drag fires dozens). */
  delayMs?: number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export function trackWindowState(window: TrackedWindow, save: (state: SavedWindowState) => void, options: TrackOptions = {}): void {
  const delayMs = options.delayMs ?? 500;
  const setTimer = options.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer: unknown) => clearTimeout(timer as NodeJS.Timeout));
  let timer: unknown;

  const write = () => {
    timer = undefined;
    // Full screen is not a place to come back to; the last windowed state stays.
    if (window.isFullScreen()) return;
    save({ bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  };
  const later = () => {
    if (timer !== undefined) clearTimer(timer);
    timer = setTimer(write, delayMs);
  };

  for (const event of ['resize', 'move'] as const) window.on(event, later);
  for (const event of ['maximize', 'unmaximize'] as const) window.on(event, write);
  window.on('close', () => {
    if (timer !== undefined) clearTimer(timer);
    write();
  });
}
