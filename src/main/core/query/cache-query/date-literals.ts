/**
 * SOQL date literals (TODAY, LAST_N_DAYS:n, THIS_QUARTER, THIS_FISCAL_YEAR…) as half-open day
 * ranges, the way the emulator computes them (src/emulator/soql/date-literals.ts): weeks start on
 * Sunday (the en_US locale), LAST_90_DAYS and LAST_N_DAYS:n include today, NEXT_N_DAYS:n starts
 * tomorrow, and the FISCAL literals count quarters and years from the org's fiscal year start
 * month ("THIS_FISCAL_QUARTER starts 00:00:00 on the first day of the current fiscal quarter…
 * the fiscal year is defined in the company profile", Date Formats and Date Literals in WHERE).
 *
 * "Each literal is a range of time beginning with midnight (00:00:00)": of the user's day, so on a
 * datetime field a day starts at the user's midnight in UTC. The user's time zone is the
 * machine's (as the cockpit's "today" is), or the one the caller passes; the emulator's users all
 * live in UTC.
 */

/** [start, end) as 'YYYY-MM-DD'. */
export interface DayRange {
  start: string;
  end: string;
}

const DAY_MS = 86_400_000;

const day = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY_MS);
/** The first day of the month `months` away from `date`'s (Date.UTC normalises overflow). */
const monthStart = (date: Date, months: number) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
const range = (start: Date, end: Date): DayRange => ({ start: day(start), end: day(end) });
/** The Sunday `today`'s week starts on. */
const weekStartOf = (today: Date) => addDays(today, -today.getUTCDay());
/**
 * `count` periods of `length` months, starting `from` periods after the current one; the current
 * period starts `current` months from `today`'s month (0, or back to its quarter's or year's start).
 */
const periods = (today: Date, current: number, length: number, from: number, count: number): DayRange =>
  range(monthStart(today, current + from * length), monthStart(today, current + (from + count) * length));

/** The literals that take no number, by their calendar name (FISCAL_ dropped), and their range. */
function fixedRange(name: string, today: Date, quarterOffset: number, yearOffset: number): DayRange | undefined {
  const weekStart = weekStartOf(today);
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
      return periods(today, 0, 1, -1, 1);
    case 'THIS_MONTH':
      return periods(today, 0, 1, 0, 1);
    case 'NEXT_MONTH':
      return periods(today, 0, 1, 1, 1);
    case 'LAST_90_DAYS':
      return range(addDays(today, -90), addDays(today, 1));
    case 'NEXT_90_DAYS':
      return range(addDays(today, 1), addDays(today, 91));
    case 'LAST_QUARTER':
      return periods(today, quarterOffset, 3, -1, 1);
    case 'THIS_QUARTER':
      return periods(today, quarterOffset, 3, 0, 1);
    case 'NEXT_QUARTER':
      return periods(today, quarterOffset, 3, 1, 1);
    case 'LAST_YEAR':
      return periods(today, yearOffset, 12, -1, 1);
    case 'THIS_YEAR':
      return periods(today, yearOffset, 12, 0, 1);
    case 'NEXT_YEAR':
      return periods(today, yearOffset, 12, 1, 1);
  }
  return undefined;
}

/** The literals with a number (`LAST_N_DAYS:n`). */
function numberedRange(name: string, n: number, today: Date, quarterOffset: number, yearOffset: number): DayRange | undefined {
  const weekStart = weekStartOf(today);
  switch (name) {
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
      return periods(today, 0, 1, -n, n);
    case 'NEXT_N_MONTHS':
      return periods(today, 0, 1, 1, n);
    case 'N_MONTHS_AGO':
      return periods(today, 0, 1, -n, 1);
    case 'LAST_N_QUARTERS':
      return periods(today, quarterOffset, 3, -n, n);
    case 'NEXT_N_QUARTERS':
      return periods(today, quarterOffset, 3, 1, n);
    case 'N_QUARTERS_AGO':
      return periods(today, quarterOffset, 3, -n, 1);
    case 'LAST_N_YEARS':
      return periods(today, yearOffset, 12, -n, n);
    case 'NEXT_N_YEARS':
      return periods(today, yearOffset, 12, 1, n);
    case 'N_YEARS_AGO':
      return periods(today, yearOffset, 12, -n, 1);
  }
  return undefined;
}

/**
 * The days a date literal stands for, as of `today` ('YYYY-MM-DD', the user's day); undefined
 * when the name is not a date literal. `n` is the number of the `_N_` forms.
 */
export function dateLiteralRange(literal: string, n: number | undefined, today: string, fiscalStartMonth = 1): DayRange | undefined {
  const upper = literal.toUpperCase();
  const name = upper.replace('_FISCAL_', '_');
  const date = new Date(`${today}T00:00:00Z`);
  // Months since the current (fiscal) year began: quarters and years are counted from it.
  const startMonth = upper.includes('_FISCAL_') ? fiscalStartMonth - 1 : 0;
  const monthsIntoYear = (date.getUTCMonth() - startMonth + 12) % 12;
  const fixed = fixedRange(name, date, -(monthsIntoYear % 3), -monthsIntoYear);
  if (fixed || n === undefined) return fixed;
  return numberedRange(name, n, date, -(monthsIntoYear % 3), -monthsIntoYear);
}

const formats = new Map<string, Intl.DateTimeFormat>();

function wallClock(timeZone: string, instant: number): number {
  let format = formats.get(timeZone);
  if (!format) {
    const options = {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    } as const;
    format = new Intl.DateTimeFormat('en-US', options);
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, Number(p.value)]));
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** The day it is at `now` in `timeZone`. */
export function todayIn(now: Date, timeZone: string): string {
  return day(new Date(wallClock(timeZone, now.getTime())));
}

/** The instant a day begins in `timeZone`, in the cache's datetime form (`…Z`). */
export function dayStartUtc(dayText: string, timeZone: string): string {
  const wall = Date.parse(`${dayText}T00:00:00Z`);
  // The zone's offset at the guess; twice, for days whose offset changes (daylight saving).
  let instant = wall - (wallClock(timeZone, wall) - wall);
  instant = wall - (wallClock(timeZone, instant) - instant);
  return new Date(instant).toISOString();
}

/** The process's time zone (the user's, on their machine). */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
