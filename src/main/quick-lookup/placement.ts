/**
 * Where the quick-lookup window opens: on the display the pointer is on, near the pointer — a
 * little below it and centred on it, as a menu would drop — and always wholly inside that
 * display's work area (no part under the taskbar, the dock or another screen). The tray's bounds
 * are not used: on Linux they are all zero.
 *
 * Pure, so it is tested without Electron (screen.getCursorScreenPoint and
 * screen.getDisplayNearestPoint give its input).
 */
export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const QUICK_LOOKUP_SIZE = { width: 620, height: 460 } as const;
/** Kept between the window and the work area's edges. */
const MARGIN = 8;
/** How far below the pointer the window's top edge sits. */
const DROP = 12;

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), Math.max(min, max));

export function quickLookupBounds(cursor: Point, workArea: Rect, size: { width: number; height: number } = QUICK_LOOKUP_SIZE): Rect {
  // Never larger than the work area allows.
  const width = Math.max(1, Math.min(size.width, workArea.width - 2 * MARGIN));
  const height = Math.max(1, Math.min(size.height, workArea.height - 2 * MARGIN));
  const left = workArea.x + MARGIN;
  const top = workArea.y + MARGIN;
  const right = workArea.x + workArea.width - MARGIN - width;
  const bottom = workArea.y + workArea.height - MARGIN - height;
  // Below the pointer when it fits, else above it (a pointer near the bottom edge).
  const below = cursor.y + DROP;
  const y = below <= bottom ? below : cursor.y - DROP - height;
  return {
    x: Math.round(clamp(cursor.x - width / 2, left, right)),
    y: Math.round(clamp(y, top, bottom)),
    width: Math.round(width),
    height: Math.round(height),
  };
}
