/** Display formatting for dates, money and counts, in the user's locale. */
const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
// Lists: "10 mo. ago" fits a narrow column where "10 months ago" would be cut off.
const shortRelativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'always', style: 'short' });
const integerFormat = new Intl.NumberFormat();
// The demo org and most orgs report amounts in USD; multi-currency orgs would need CurrencyIsoCode.
const moneyFormat = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const compactMoneyFormat = new Intl.NumberFormat(undefined, {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumFractionDigits: 1,
});

function toDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDate(value: string | null | undefined): string {
  const date = toDate(value);
  return date ? dateFormat.format(date) : '—';
}

export function formatDateTime(value: string | null | undefined): string {
  const date = toDate(value);
  return date ? dateTimeFormat.format(date) : '—';
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

export function formatRelative(value: string | null | undefined, now = Date.now(), style: 'long' | 'short' = 'long'): string {
  const date = toDate(value);
  if (!date) return '—';
  const seconds = (date.getTime() - now) / 1000;
  const format = style === 'short' ? shortRelativeFormat : relativeFormat;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

export function formatMoney(value: number | null | undefined, compact = false): string {
  if (value === null || value === undefined) return '—';
  return (compact ? compactMoneyFormat : moneyFormat).format(value);
}

/** Any number in the user's locale with grouping: 19501 → "19,501". */
export function formatNumber(value: number): string {
  return integerFormat.format(value);
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : integerFormat.format(value);
}
