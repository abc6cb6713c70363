/**
 * CSV as RFC 4180 writes it, for Excel too: fields separated by commas, records ended by CRLF, a
 * field quoted when it holds a comma, a quote, CR or LF (its quotes doubled), and the file begun
 * with a UTF-8 byte order mark so Excel reads accents and emoji as UTF-8 rather than the
 * machine's code page.
 */

export const UTF8_BOM = '\uFEFF';
export const CRLF = '\r\n';

/** A cell's text: empty for null, JSON for a subquery's rows or any other object. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

export function csvField(value: unknown): string {
  const text = cellText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return values.map(csvField).join(',') + CRLF;
}
