/**
 * The rendered width of a text in a font, measured on one shared canvas (no layout, no DOM nodes):
 * how the lists size money and date columns to their values.
 */
let context: CanvasRenderingContext2D | null | undefined;

/** Width in CSS pixels; 0 where no canvas is available (the column keeps its base width). */
export function textWidth(text: string, font: string): number {
  if (context === undefined) context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!context) return 0;
  context.font = font;
  // Tabular figures (lists' numbers) are a little wider than the canvas's proportional ones.
  return context.measureText(text).width * 1.06;
}
