/**
 * Where the main window opens: where it was last time (size, position, maximized), as long as that
 * place is still on a screen. Plain data in, plain data out, no Electron: the caller passes the
 * displays' work areas (`screen.getAllDisplays()`, the screen minus task bars and docks) and the
 * state saved when the window last moved or closed.
 *
 * - Nothing saved, or something unreadable: the default size, centred by Electron.
 * - The saved window overlaps a display's work area by at least MIN_VISIBLE px each way: it goes on
 *   the display it overlapped most, shrunk to fit that work area and moved fully inside it (a
 *   window half off a screen that since got smaller comes back whole).
 * - It overlaps none (its monitor was unplugged, the resolution dropped): the saved size, shrunk to
 *   fit the primary display's work area, centred there.
 * The maximized flag comes back either way; the bounds are the window's normal ones, so
 * un-maximizing returns it to where it was.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayArea {
  id: number;
  workArea: Rect;
}

export interface SavedWindowState {
  bounds: Rect;
  maximized: boolean;
}

/** What to create the window with: a position only when it goes back where it was. */
export interface WindowPlacement {
  bounds: Rect | { width: number; height: number };
  /** True when Electron should centre the window (no position given). */
  center: boolean;
  maximized: boolean;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
export const MIN_WINDOW_SIZE = { width: 900, height: 600 } as const;
/** A window showing less than this of itself on a display (each way) counts as off that display. */
export const MIN_VISIBLE = 64;
/** Larger than any real screen: a saved value beyond it is not a window size but a damaged file. */
const MAX_COORDINATE = 100_000;

const isCoordinate = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_COORDINATE;

function readRect(value: unknown): Rect | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { x, y, width, height } = value as Record<string, unknown>;
  if (!isCoordinate(x) || !isCoordinate(y) || !isCoordinate(width) || !isCoordinate(height)) return undefined;
  if (width <= 0 || height <= 0) return undefined;
  return { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) };
}

/** The saved state, or undefined for anything that is not one (a missing, old or hand-edited file). */
export function readSavedWindowState(value: unknown): SavedWindowState | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const bounds = readRect((value as { bounds?: unknown }).bounds);
  const maximized = (value as { maximized?: unknown }).maximized;
  if (!bounds || typeof maximized !== 'boolean') return undefined;
  return { bounds, maximized };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

/** The display the window shows on most, if it shows on any enough to be found and moved. */
export function displayShowing(bounds: Rect, displays: readonly DisplayArea[]): DisplayArea | undefined {
  let best: { display: DisplayArea; area: number } | undefined;
  for (const display of displays) {
    const { width, height } = overlap(bounds, display.workArea);
    if (width < Math.min(MIN_VISIBLE, bounds.width) || height < Math.min(MIN_VISIBLE, bounds.height)) continue;
    const area = width * height;
    if (!best || area > best.area) best = { display, area };
  }
  return best?.display;
}

/** A size no smaller than the minimum (unless the work area is) and no larger than the work area. */
function fitSize(size: { width: number; height: number }, area: Rect): { width: number; height: number } {
  return {
    width: Math.min(Math.max(size.width, MIN_WINDOW_SIZE.width), area.width),
    height: Math.min(Math.max(size.height, MIN_WINDOW_SIZE.height), area.height),
  };
}

/** The bounds moved (and shrunk) so the whole window lies inside the work area. */
export function clampToWorkArea(bounds: Rect, area: Rect): Rect {
  const { width, height } = fitSize(bounds, area);
  const x = Math.min(Math.max(bounds.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(bounds.y, area.y), area.y + area.height - height);
  return { x, y, width, height };
}

export function placeWindow(saved: unknown, displays: readonly DisplayArea[], primary: DisplayArea | undefined): WindowPlacement {
  const state = readSavedWindowState(saved);
  if (!state) return { bounds: { ...DEFAULT_WINDOW_SIZE }, center: true, maximized: false };
  const display = displayShowing(state.bounds, displays);
  if (display) return { bounds: clampToWorkArea(state.bounds, display.workArea), center: false, maximized: state.maximized };
  const size = primary ? fitSize(state.bounds, primary.workArea) : { width: state.bounds.width, height: state.bounds.height };
  return { bounds: size, center: true, maximized: state.maximized };
}
