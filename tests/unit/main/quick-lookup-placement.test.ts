/** Where the quick-lookup window opens (src/main/quick-lookup/placement.ts). */
import { describe, expect, it } from 'vitest';
import { QUICK_LOOKUP_SIZE, quickLookupBounds, type Rect } from '../../../src/main/quick-lookup/placement';

const PRIMARY: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
/** A second screen to the left of the primary, its taskbar on top. */
const LEFT: Rect = { x: -1280, y: 40, width: 1280, height: 984 };
const inside = (b: Rect, area: Rect) => b.x >= area.x && b.y >= area.y && b.x + b.width <= area.x + area.width && b.y + b.height <= area.y + area.height;

describe('quickLookupBounds', () => {
  it('drops below the pointer, centred on it, at its full size', () => {
    expect(quickLookupBounds({ x: 960, y: 300 }, PRIMARY)).toEqual({ x: 960 - 310, y: 312, ...QUICK_LOOKUP_SIZE });
  });

  it('opens above the pointer when there is no room below', () => {
    const b = quickLookupBounds({ x: 960, y: 1000 }, PRIMARY);
    expect(b.y + b.height).toBe(1000 - 12);
  });

  it('stays wholly inside the work area near every edge and corner, on any display', () => {
    for (const area of [PRIMARY, LEFT]) {
      for (const cursor of [
        { x: area.x, y: area.y },
        { x: area.x + area.width - 1, y: area.y },
        { x: area.x, y: area.y + area.height - 1 },
        { x: area.x + area.width - 1, y: area.y + area.height - 1 },
        { x: area.x + area.width / 2, y: area.y + area.height / 2 },
      ]) {
        const b = quickLookupBounds(cursor, area);
        expect(inside(b, area), JSON.stringify({ cursor, b })).toBe(true);
        expect(b.x - area.x).toBeGreaterThanOrEqual(8);
      }
    }
    // On the left-hand screen, near its right edge: not pushed onto the primary.
    const b = quickLookupBounds({ x: -2, y: 500 }, LEFT);
    expect(b.x + b.width).toBe(-8);
  });

  it('shrinks to fit a work area smaller than the window', () => {
    const small: Rect = { x: 100, y: 100, width: 400, height: 300 };
    expect(quickLookupBounds({ x: 300, y: 250 }, small)).toEqual({ x: 108, y: 108, width: 384, height: 284 });
  });
});
