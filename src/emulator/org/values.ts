/**
 * Date and datetime text as the org stores and returns it. Datetimes are UTC with an explicit
 * '+0000' offset and milliseconds ('2024-05-01T13:45:00.000+0000'), which is both Salesforce's
 * wire format and a text form whose order is time order.
 */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatDatetime(d: Date): string {
  const year = d.getUTCFullYear();
  if (year >= 0 && year <= 9999) return d.toISOString().slice(0, 23) + '+0000';
  return (
    `${pad(year, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    `.${pad(d.getUTCMilliseconds(), 3)}+0000`
  );
}

/** The UTC calendar date of an instant, 'YYYY-MM-DD'. */
export function formatDate(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
// 2024-05-01T13:45, :00, .123, then Z, +01:00, +0100 or nothing (taken as UTC, as Salesforce does).
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/**
 * Parses a datetime as Salesforce accepts it in JSON ('2024-05-01T13:45:00.000Z', '+01:00',
 * '+0100', no offset = UTC, or a bare date = midnight UTC). Undefined when it is not one.
 */
export function parseDatetimeInput(text: string): Date | undefined {
  const trimmed = text.trim();
  const dateOnly = DATE_ONLY.exec(trimmed);
  if (dateOnly) {
    const [y, m, d] = [+dateOnly[1], +dateOnly[2], +dateOnly[3]];
    return validYmd(y, m, d) ? new Date(Date.UTC(y, m - 1, d)) : undefined;
  }
  const match = DATETIME.exec(trimmed);
  if (!match) return undefined;
  const [y, mo, d, h, mi] = [+match[1], +match[2], +match[3], +match[4], +match[5]];
  const s = match[6] ? +match[6] : 0;
  const ms = match[7] ? Math.floor(+`0.${match[7]}` * 1000) : 0;
  if (!validYmd(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined;
  let offsetMinutes = 0;
  const zone = match[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    const sign = digits[0] === '-' ? -1 : 1;
    const oh = +digits.slice(1, 3);
    const om = +digits.slice(3, 5);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
  }
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMinutes * 60_000);
}

/**
 * Parses a date field value: 'YYYY-MM-DD', or a datetime whose calendar date (as written, before
 * any offset) is taken. Returns the normalised 'YYYY-MM-DD' or undefined.
 */
export function parseDateInput(text: string): string | undefined {
  const trimmed = text.trim();
  const head = /^(\d{4})-(\d{2})-(\d{2})/.exec(trimmed);
  if (!head) return undefined;
  if (trimmed.length > 10 && !parseDatetimeInput(trimmed)) return undefined;
  const [y, m, d] = [+head[1], +head[2], +head[3]];
  return validYmd(y, m, d) ? `${head[1]}-${head[2]}-${head[3]}` : undefined;
}

/** Adds whole days to a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return formatDate(new Date(Date.UTC(y, m - 1, d + days)));
}
