/**
 * SOQL date literals (TODAY, LAST_N_DAYS:n, THIS_QUARTER, ...) as half-open day ranges, computed
 * from the org clock in UTC (the emulator's users all live in UTC). Weeks start on Sunday, as in
 * the en_US locale. The FISCAL_* literals count quarters and years of the org's standard fiscal
 * year ("Date Formats and Date Literals in WHERE": THIS_FISCAL_QUARTER "starts 00:00:00 on the
 * first day of the current fiscal quarter…; the fiscal year is defined in the company profile");
 * with a January start (Salesforce's default) they equal their calendar twins.
 */
import { DEFAULT_FISCAL_YEAR, type FiscalYearSettings } from '../org/fiscal';

/** [start, end) as 'YYYY-MM-DD' strings. */
export interface DayRange {
  start: string;
  end: string;
}

const DAY_MS = 86_400_000;

export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function utcDay(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month, day));
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** First day of the month `months` away from the month of `date` (Date.UTC normalises overflow). */
function monthStart(date: Date, months: number): Date {
  return utcDay(date.getUTCFullYear(), date.getUTCMonth() + months, 1);
}

function range(start: Date, end: Date): DayRange {
  return { start: formatDay(start), end: formatDay(end) };
}

/** Literals that take no number. */
const FIXED_LITERALS = new Set([
  'YESTERDAY',
  'TODAY',
  'TOMORROW',
  'LAST_WEEK',
  'THIS_WEEK',
  'NEXT_WEEK',
  'LAST_MONTH',
  'THIS_MONTH',
  'NEXT_MONTH',
  'LAST_90_DAYS',
  'NEXT_90_DAYS',
  'LAST_QUARTER',
  'THIS_QUARTER',
  'NEXT_QUARTER',
  'LAST_YEAR',
  'THIS_YEAR',
  'NEXT_YEAR',
  'LAST_FISCAL_QUARTER',
  'THIS_FISCAL_QUARTER',
  'NEXT_FISCAL_QUARTER',
  'LAST_FISCAL_YEAR',
  'THIS_FISCAL_YEAR',
  'NEXT_FISCAL_YEAR',
]);

export function isFixedDateLiteral(name: string): boolean {
  return FIXED_LITERALS.has(name.toUpperCase());
}

/**
 * The range a date literal stands for, or undefined when the name is not a date literal.
 * `n` is the number after the colon for the `_N_` forms.
 */
export function dateLiteralRange(literal: string, n: number | undefined, now: Date, fiscal: FiscalYearSettings = DEFAULT_FISCAL_YEAR): DayRange | undefined {
  const upper = literal.toUpperCase();
  const isFiscal = upper.includes('_FISCAL_');
  const name = upper.replace(/_FISCAL_/, '_');
  const today = utcDay(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const weekStart = addDays(today, -today.getUTCDay());
  // Months since the start of the current (fiscal) year: quarters and years are counted from it.
  const startMonth = isFiscal ? fiscal.startMonth - 1 : 0;
  const monthsIntoYear = (today.getUTCMonth() - startMonth + 12) % 12;
  const quarterMonthOffset = -(monthsIntoYear % 3);
  const yearMonthOffset = -monthsIntoYear;

  // Periods measured in months: (offset of the current period's first month, period length).
  const monthPeriod = (currentOffset: number, length: number, from: number, count: number): DayRange =>
    range(monthStart(today, currentOffset + from * length), monthStart(today, currentOffset + (from + count) * length));

  switch (name) {
    case 'YESTERDAY':
      return range(addDays(today, -1), today);
    case 'TODAY':
      return range(today, addDays(today, 1));
    case 'TOMORROW':
      return range(addDays(today, 1), addDays(today, 2));
    case 'LAST_WEEK':
      return range(addDays(weekStart, -7), weekStart);
    case 'THIS_WEEK':
      return range(weekStart, addDays(weekStart, 7));
    case 'NEXT_WEEK':
      return range(addDays(weekStart, 7), addDays(weekStart, 14));
    case 'LAST_MONTH':
      return monthPeriod(0, 1, -1, 1);
    case 'THIS_MONTH':
      return monthPeriod(0, 1, 0, 1);
    case 'NEXT_MONTH':
      return monthPeriod(0, 1, 1, 1);
    // LAST_90_DAYS includes today (91 days in all); NEXT_90_DAYS starts tomorrow.
    case 'LAST_90_DAYS':
      return range(addDays(today, -90), addDays(today, 1));
    case 'NEXT_90_DAYS':
      return range(addDays(today, 1), addDays(today, 91));
    case 'LAST_QUARTER':
      return monthPeriod(quarterMonthOffset, 3, -1, 1);
    case 'THIS_QUARTER':
      return monthPeriod(quarterMonthOffset, 3, 0, 1);
    case 'NEXT_QUARTER':
      return monthPeriod(quarterMonthOffset, 3, 1, 1);
    case 'LAST_YEAR':
      return monthPeriod(yearMonthOffset, 12, -1, 1);
    case 'THIS_YEAR':
      return monthPeriod(yearMonthOffset, 12, 0, 1);
    case 'NEXT_YEAR':
      return monthPeriod(yearMonthOffset, 12, 1, 1);
  }

  if (n === undefined) return undefined;
  switch (name) {
    // LAST_N_DAYS:n covers the past n days and today; NEXT_N_DAYS:n starts tomorrow.
    case 'LAST_N_DAYS':
      return range(addDays(today, -n), addDays(today, 1));
    case 'NEXT_N_DAYS':
      return range(addDays(today, 1), addDays(today, 1 + n));
    case 'N_DAYS_AGO':
      return range(addDays(today, -n), addDays(today, -n + 1));
    case 'LAST_N_WEEKS':
      return range(addDays(weekStart, -7 * n), weekStart);
    case 'NEXT_N_WEEKS':
      return range(addDays(weekStart, 7), addDays(weekStart, 7 + 7 * n));
    case 'N_WEEKS_AGO':
      return range(addDays(weekStart, -7 * n), addDays(weekStart, -7 * n + 7));
    case 'LAST_N_MONTHS':
      return monthPeriod(0, 1, -n, n);
    case 'NEXT_N_MONTHS':
      return monthPeriod(0, 1, 1, n);
    case 'N_MONTHS_AGO':
      return monthPeriod(0, 1, -n, 1);
    case 'LAST_N_QUARTERS':
      return monthPeriod(quarterMonthOffset, 3, -n, n);
    case 'NEXT_N_QUARTERS':
      return monthPeriod(quarterMonthOffset, 3, 1, n);
    case 'N_QUARTERS_AGO':
      return monthPeriod(quarterMonthOffset, 3, -n, 1);
    case 'LAST_N_YEARS':
      return monthPeriod(yearMonthOffset, 12, -n, n);
    case 'NEXT_N_YEARS':
      return monthPeriod(yearMonthOffset, 12, 1, n);
    case 'N_YEARS_AGO':
      return monthPeriod(yearMonthOffset, 12, -n, 1);
  }
  return undefined;
}
