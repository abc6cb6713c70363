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
  // A date without a time (CloseDate) is a calendar day: read as UTC midnight it would show as the
  // day before west of Greenwich.
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(value);
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

const currencyFormats = new Map<string, Intl.NumberFormat>();

/**
 * Money in a given currency (a multi-currency org's CurrencyIsoCode); `null` is a single-currency
 * org's amount, shown like every other amount of the app. An unknown code falls back to the code
 * written before the number, so a figure is never shown in the wrong currency's symbol.
 */
export function formatCurrency(value: number | null | undefined, currency: string | null, compact = false): string {
  if (value === null || value === undefined) return '—';
  if (currency === null) return formatMoney(value, compact);
  const key = `${currency}:${compact}`;
  let format = currencyFormats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(undefined, {
        style: 'currency',
        currency,
        maximumFractionDigits: compact ? 1 : 0,
        ...(compact ? { notation: 'compact' as const } : {}),
      });
    } catch {
      return `${currency} ${integerFormat.format(Math.round(value))}`;
    }
    currencyFormats.set(key, format);
  }
  return format.format(value);
}

/** A share (0–1) as a whole percent: 0.437 → "44%"; null → "—". */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${Math.round(share * 100)}%`;
}

/** A number of days: 1 → "1 day", 12.4 → "12 days". */
export function formatDays(days: number | null | undefined): string {
  if (days === null || days === undefined || !Number.isFinite(days)) return '—';
  const n = Math.round(days);
  return `${integerFormat.format(n)} day${n === 1 ? '' : 's'}`;
}
