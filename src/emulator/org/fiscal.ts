/**
 * The org's standard fiscal year: a start month (Organization.FiscalYearStartMonth) and whether a
 * fiscal year is named after the calendar year it starts in (UsesStartDateAsFiscalYearName) or,
 * by default, the one it ends in. Opportunity.FiscalYear/FiscalQuarter/Fiscal, the FISCAL_* date
 * literals and the FISCAL_MONTH/QUARTER/YEAR() date functions all follow it.
 *
 * Sources: SOQL "Date Functions" (FISCAL_MONTH() is 1 for March and 12 for February when the
 * fiscal year starts in March; FISCAL_QUARTER() is 1 for July 15 and 4 for June 6 when it starts
 * in July), "Date Formats and Date Literals in WHERE" (the FISCAL literals use the fiscal year
 * defined in the org's Company Profile), and the Organization object (FiscalYearStartMonth,
 * UsesStartDateAsFiscalYearName). Custom fiscal years are out of scope: Salesforce does not
 * support the fiscal date functions for them either.
 */

export interface FiscalYearSettings {
  /** 1 (January, Salesforce's default) to 12. */
  startMonth: number;
  /** True: the fiscal year is named after the calendar year in which it starts. */
  usesStartDateAsFiscalYearName: boolean;
}

export const DEFAULT_FISCAL_YEAR: FiscalYearSettings = Object.freeze({ startMonth: 1, usesStartDateAsFiscalYearName: false });

export function isFiscalStartMonth(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 12;
}

export interface FiscalPeriod {
  /** The fiscal year's name (a calendar year number). */
  year: number;
  /** 1-4 */
  quarter: number;
  /** 1-12, 1 being the start month. */
  month: number;
}

/**
 * How many calendar years a fiscal year's name is ahead of the calendar year it starts in:
 * 1 when it is named after its (later) end year, 0 when named after its start, or when it starts
 * in January (it then starts and ends in the same year).
 */
export function fiscalNameOffset(settings: FiscalYearSettings): number {
  return settings.usesStartDateAsFiscalYearName || settings.startMonth === 1 ? 0 : 1;
}

/** The fiscal period of a calendar date given as year and month (1-12). */
export function fiscalPeriodOf(year: number, month: number, settings: FiscalYearSettings): FiscalPeriod {
  const monthIndex = (month - settings.startMonth + 12) % 12;
  const startYear = month >= settings.startMonth ? year : year - 1;
  return { year: startYear + fiscalNameOffset(settings), quarter: Math.floor(monthIndex / 3) + 1, month: monthIndex + 1 };
}

/** The fiscal period of a 'YYYY-MM-DD…' text, or undefined when it is not one. */
export function fiscalPeriodOfDate(date: unknown, settings: FiscalYearSettings): FiscalPeriod | undefined {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}/.test(date)) return undefined;
  return fiscalPeriodOf(Number(date.slice(0, 4)), Number(date.slice(5, 7)), settings);
}
