/**
 * Where the main window opens (src/main/window-placement.ts, plain) and how its place is saved
 * (src/main/adapters/window-state.ts, against a structural window).
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { createWindowStateStore, trackWindowState } from '../../../src/main/adapters/window-state';
import {
  clampToWorkArea,
  DEFAULT_WINDOW_SIZE,
  displayShowing,
  placeWindow,
  readSavedWindowState,
  type DisplayArea,
  type Rect,
} from '../../../src/main/window-placement';

const LAPTOP: DisplayArea = { id: 1, workArea: { x: 0, y: 25, width: 1440, height: 875 } };
const MONITOR: DisplayArea = { id: 2, workArea: { x: 1440, y: 0, width: 2560, height: 1400 } };
/** A monitor to the left of the primary one: negative coordinates are normal. */
const LEFT: DisplayArea = { id: 3, workArea: { x: -1920, y: 0, width: 1920, height: 1040 } };
const saved = (bounds: Rect, maximized = false) => ({ bounds, maximized });

describe('readSavedWindowState', () => {
  it('reads what the tracker writes, rounding fractional pixels', () => {
    expect(readSavedWindowState(saved({ x: 10.4, y: -20, width: 1000.6, height: 700 }, true))).toEqual(
      saved({ x: 10, y: -20, width: 1001, height: 700 }, true),
    );
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'maximized'],
    ['no bounds', { maximized: false }],
    ['no maximized flag', { bounds: { x: 0, y: 0, width: 1000, height: 700 } }],
    ['a zero width', saved({ x: 0, y: 0, width: 0, height: 700 })],
    ['a negative height', saved({ x: 0, y: 0, width: 900, height: -1 })],
    ['a string coordinate', { bounds: { x: '0', y: 0, width: 900, height: 700 }, maximized: false }],
    ['an infinite coordinate', saved({ x: Infinity, y: 0, width: 900, height: 700 })],
    ['NaN', saved({ x: NaN, y: 0, width: 900, height: 700 })],
    ['an absurd size', saved({ x: 0, y: 0, width: 1e9, height: 700 })],
  ])('refuses %s', (_what, value) => {
    expect(readSavedWindowState(value)).toBeUndefined();
  });
});

describe('placeWindow', () => {
  it('first run: the default size, centred', () => {
    expect(placeWindow(undefined, [LAPTOP], LAPTOP)).toEqual({ bounds: DEFAULT_WINDOW_SIZE, center: true, maximized: false });
  });

  it('puts the window back where it was when that is still on a screen', () => {
    const bounds = { x: 1600, y: 100, width: 1400, height: 900 };
    expect(placeWindow(saved(bounds, true), [LAPTOP, MONITOR], LAPTOP)).toEqual({ bounds, center: false, maximized: true });
    const left = { x: -1800, y: 40, width: 1200, height: 800 };
    expect(placeWindow(saved(left), [LAPTOP, LEFT], LAPTOP)).toEqual({ bounds: left, center: false, maximized: false });
  });

  it('moves a window half off its screen fully onto it, and shrinks it to the work area', () => {
    // The monitor was at 2560x1400; the window hangs off its right edge.
    expect(placeWindow(saved({ x: 3500, y: 900, width: 1400, height: 900 }), [LAPTOP, MONITOR], LAPTOP)).toEqual({
      bounds: { x: 2600, y: 500, width: 1400, height: 900 },
      center: false,
      maximized: false,
    });
    // Bigger than the laptop's work area: shrunk to it, placed at its corner (below the menu bar).
    expect(placeWindow(saved({ x: 10, y: 10, width: 2000, height: 1200 }), [LAPTOP], LAPTOP).bounds).toEqual({ x: 0, y: 25, width: 1440, height: 875 });
  });

  it('centres the window on the primary display when its screen is gone, keeping its size where it fits', () => {
    expect(placeWindow(saved({ x: 1600, y: 100, width: 1400, height: 800 }, true), [LAPTOP], LAPTOP)).toEqual({
      bounds: { width: 1400, height: 800 },
      center: true,
      maximized: true,
    });
    expect(placeWindow(saved({ x: 1600, y: 100, width: 2400, height: 1300 }), [LAPTOP], LAPTOP).bounds).toEqual({ width: 1440, height: 875 });
  });

  it('a sliver on a screen (under MIN_VISIBLE px) counts as off it', () => {
    // Only 30 px of the window's left edge reach the laptop's right edge.
    expect(placeWindow(saved({ x: 1410, y: 100, width: 1000, height: 700 }), [LAPTOP], LAPTOP).center).toBe(true);
    // Above every work area (e.g. under a top menu bar only).
    expect(placeWindow(saved({ x: 100, y: -700, width: 1000, height: 720 }), [LAPTOP], LAPTOP).center).toBe(true);
  });

  it('never makes a window smaller than its minimum unless the screen is', () => {
    expect(placeWindow(saved({ x: 0, y: 25, width: 400, height: 300 }), [LAPTOP], LAPTOP).bounds).toEqual({ x: 0, y: 25, width: 900, height: 600 });
    const tiny: DisplayArea = { id: 9, workArea: { x: 0, y: 0, width: 800, height: 560 } };
    expect(placeWindow(saved({ x: 0, y: 0, width: 1280, height: 820 }), [tiny], tiny).bounds).toEqual({ x: 0, y: 0, width: 800, height: 560 });
  });

  it('ignores damaged state', () => {
    expect(placeWindow({ bounds: 'everywhere' }, [LAPTOP], LAPTOP)).toEqual({ bounds: DEFAULT_WINDOW_SIZE, center: true, maximized: false });
  });
});

describe('displayShowing and clampToWorkArea', () => {
  it('picks the display the window overlaps most', () => {
    // 200 px on the laptop, 1200 px on the monitor.
    expect(displayShowing({ x: 1240, y: 100, width: 1400, height: 800 }, [LAPTOP, MONITOR])?.id).toBe(2);
    expect(displayShowing({ x: 5000, y: 0, width: 1000, height: 700 }, [LAPTOP, MONITOR])).toBeUndefined();
  });

  it('keeps a window that fits where it is', () => {
    const inside = { x: 100, y: 100, width: 1000, height: 700 };
    expect(clampToWorkArea(inside, LAPTOP.workArea)).toEqual(inside);
  });
});

describe('saving the window state', () => {
  class FakeWindow extends EventEmitter {
    bounds = { x: 10, y: 20, width: 1300, height: 850 };
    maximized = false;
    fullScreen = false;
    getNormalBounds = () => ({ ...this.bounds });
    isMaximized = () => this.maximized;
    isFullScreen = () => this.fullScreen;
  }

  it('writes once the window has stopped moving, and at once on maximize and close', () => {
    vi.useFakeTimers();
    try {
      const window = new FakeWindow();
      const save = vi.fn();
      trackWindowState(window, save, { delayMs: 500 });
      for (let i = 0; i < 20; i++) {
        window.bounds.x += 5;
        window.emit('move');
      }
      expect(save).not.toHaveBeenCalled();
      vi.advanceTimersByTime(500);
      expect(save).toHaveBeenCalledTimes(1);
      expect(save).toHaveBeenLastCalledWith({ bounds: { x: 110, y: 20, width: 1300, height: 850 }, maximized: false });

      window.maximized = true;
      window.emit('maximize');
      expect(save).toHaveBeenLastCalledWith({ bounds: { x: 110, y: 20, width: 1300, height: 850 }, maximized: true });

      window.emit('resize');
      window.emit('close');
      expect(save).toHaveBeenCalledTimes(3);
      // The pending write was folded into the one on close.
      vi.advanceTimersByTime(1_000);
      expect(save).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not record full screen as a place to return to', () => {
    const window = new FakeWindow();
    window.fullScreen = true;
    const save = vi.fn();
    trackWindowState(window, save);
    window.emit('close');
    expect(save).not.toHaveBeenCalled();
  });

  it('the store reads and writes one key, and a failing store only reports', () => {
    const data = new Map<string, unknown>();
    const store = createWindowStateStore({ get: (key) => data.get(key), set: (key, value) => data.set(key, value) });
    store.save(saved({ x: 1, y: 2, width: 1000, height: 700 }));
    expect(store.load()).toEqual(saved({ x: 1, y: 2, width: 1000, height: 700 }));

    const onError = vi.fn();
    const broken = createWindowStateStore(
      {
        get: () => {
          throw new Error('EACCES');
        },
        set: () => {
          throw new Error('ENOSPC');
        },
      },
      onError,
    );
    expect(broken.load()).toBeUndefined();
    expect(() => broken.save(saved({ x: 1, y: 2, width: 1000, height: 700 }))).not.toThrow();
    expect(onError).toHaveBeenCalledTimes(2);
  });
});
