/**
 * Fiscal periods of an org with a standard fiscal year (Organization.FiscalYearStartMonth).
 *
 * Salesforce names a standard fiscal year after the calendar year in which it ends, unless the org
 * set "fiscal year is based on the starting month" (UsesStartDateAsFiscalYearName); a year that
 * starts in January is the calendar year either way. Quarters are three months from the start
 * month. Pure date arithmetic on 'YYYY-MM-DD' strings (no time zone enters: close dates are dates).
 */
import type { FiscalSettings, Period, PeriodInput } from '../ipc/analytics.contract';

export const DEFAULT_FISCAL: FiscalSettings = { startMonth: 1, nameByStartYear: false, fromOrg: false };

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;
/** The last day of a month (month 1–12). */
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A month counted from year 0 (so months add and subtract across years). */
const monthIndex = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
const firstOfMonth = (index: number) => ymd(Math.floor(index / 12), (index % 12) + 1, 1);
const lastOfMonth = (index: number) => ymd(Math.floor(index / 12), (index % 12) + 1, lastDay(Math.floor(index / 12), (index % 12) + 1));

/** The month index at which the fiscal year holding `date` starts. */
function fiscalYearStart(date: string, fiscal: FiscalSettings): number {
  const m = monthIndex(date);
  const offset = ((((m % 12) - (fiscal.startMonth - 1)) % 12) + 12) % 12;
  return m - offset;
}

/** The fiscal year's name (a year number) for a year starting at month index `start`. */
function fiscalYearName(start: number, fiscal: FiscalSettings): number {
  const startYear = Math.floor(start / 12);
  return fiscal.nameByStartYear || fiscal.startMonth === 1 ? startYear : startYear + 1;
}

/** The quarter (1–4) and fiscal year of a date. */
export function fiscalQuarterOf(date: string, fiscal: FiscalSettings): { year: number; quarter: number } {
  const start = fiscalYearStart(date, fiscal);
  return { year: fiscalYearName(start, fiscal), quarter: Math.floor((monthIndex(date) - start) / 3) + 1 };
}

function quarterPeriod(kind: Period['kind'], firstMonth: number, fiscal: FiscalSettings): Period {
  const start = firstOfMonth(firstMonth);
  const { year, quarter } = fiscalQuarterOf(start, fiscal);
  return { kind, start, end: lastOfMonth(firstMonth + 2), label: `Q${quarter} FY${year}` };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const short = (date: string) => `${MONTHS[Number(date.slice(5, 7)) - 1]} ${Number(date.slice(8, 10))}, ${date.slice(0, 4)}`;

/** The dates and label of a period, as of `today` ('YYYY-MM-DD' in the user's time zone). */
export function resolvePeriod(input: PeriodInput, today: string, fiscal: FiscalSettings = DEFAULT_FISCAL): Period {
  if (input.kind === 'custom') return { kind: 'custom', start: input.start, end: input.end, label: `${short(input.start)} – ${short(input.end)}` };
  const yearStart = fiscalYearStart(today, fiscal);
  const quarterStart = yearStart + Math.floor((monthIndex(today) - yearStart) / 3) * 3;
  switch (input.kind) {
    case 'this-quarter':
      return quarterPeriod('this-quarter', quarterStart, fiscal);
    case 'next-quarter':
      return quarterPeriod('next-quarter', quarterStart + 3, fiscal);
    case 'last-quarter':
      return quarterPeriod('last-quarter', quarterStart - 3, fiscal);
    case 'this-year':
      return { kind: 'this-year', start: firstOfMonth(yearStart), end: lastOfMonth(yearStart + 11), label: `FY${fiscalYearName(yearStart, fiscal)}` };
  }
}

/** Whole days from one 'YYYY-MM-DD' (or ISO datetime) to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to.slice(0, 10)) - Date.parse(from.slice(0, 10))) / 86_400_000);
}

/** 'YYYY-MM-DD' of a Date in the local time zone of the process (the user's day). */
export function localDate(date: Date = new Date()): string {
  return ymd(date.getFullYear(), date.getMonth() + 1, date.getDate());
}

/** Monday and Sunday of the week holding `today`. */
export function weekOf(today: string): { start: string; end: string } {
  const t = Date.parse(today);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday = 0
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { start: iso(t - weekday * 86_400_000), end: iso(t + (6 - weekday) * 86_400_000) };
}
