/** How wide a list column is: fitted to its values, or the user's width (never cutting exact values). */
/** Left and right cell padding (.vtable td) plus a pixel for rounding. */
export const CELL_PADDING_PX = 22;

/** Fits a width to the widest value text (measured in pixels), never below the column's base width. */
export function fittedWidth(base: number, valueWidths: Iterable<number>): number {
  let widest = 0;
  for (const w of valueWidths) widest = Math.max(widest, w);
  return Math.max(base, Math.ceil(widest) + CELL_PADDING_PX);
}

/**
 * The width a column gets: the one the user set, but never narrower than its exact values need
 * (money and dates); else the fitted one.
 */
export function columnWidth(fitted: number, chosen: number | undefined, exact: boolean): number {
  if (chosen === undefined) return fitted;
  return exact ? Math.max(chosen, fitted) : chosen;
}
