/**
 * SOQL's date functions (CALENDAR_YEAR(CloseDate), FISCAL_QUARTER(CreatedDate)…) as SQL over the
 * cached text forms, which all begin 'YYYY-MM-DD'. They read datetimes in UTC, as SOQL does
 * unless convertTimezone() asks otherwise ("SOQL queries in a client application return dateTime
 * field values as Coordinated Universal Time (UTC) values. You can use convertTimezone() in a date
 * function to convert dateTime fields to the user's time zone"); the emulator computes them the
 * same way (src/emulator/soql/compiler.ts dateFunctionSql). The FISCAL_ functions count from the
 * org's fiscal year start month, and FISCAL_YEAR() is the fiscal year's name.
 */
import { DATE_FUNCTIONS as SOQL_DATE_FUNCTIONS } from '../../../../shared/soql-words';
import { invalid, refuse } from './errors';
import type { Context, Resolved } from './scope';
import type { SoqlType } from './standard-fields';

/** The date functions the cache can answer: all of SOQL's (the list the editor suggests, too). */
export const DATE_FUNCTIONS: ReadonlySet<string> = new Set(SOQL_DATE_FUNCTIONS);

/** The argument of a date function: a field path (convertTimezone() is refused). */
export function dateFunctionArgument(name: string, parameters: unknown[] | undefined): string {
  const arg = parameters?.[0];
  if (arg && typeof arg === 'object' && 'functionName' in arg && String((arg as { functionName?: string }).functionName).toLowerCase() === 'converttimezone') {
    refuse("convertTimezone() isn't supported offline");
  }
  if (typeof arg !== 'string') invalid(`unexpected token: '${name}'`);
  return arg;
}

/** SQL and result type of a date function over a resolved date or datetime field. */
export function dateFunctionSql(ctx: Context, name: string, field: Resolved): { sql: string; type: SoqlType } {
  const E = field.sql;
  if (field.type !== 'date' && field.type !== 'datetime') invalid(`${name} can only be applied to date or dateTime fields`);
  if (name === 'HOUR_IN_DAY' && field.type !== 'datetime') invalid(`${name} can only be applied to dateTime fields`);
  const int = (sql: string) => ({ sql: `(CASE WHEN ${E} IS NULL THEN NULL ELSE CAST(${sql} AS INTEGER) END)`, type: 'int' as const });
  const month = `CAST(substr(${E}, 6, 2) AS INTEGER)`;
  // A validated 1-12 integer (Context.fiscalStartMonth), so it may stand in the SQL text.
  const start = name.startsWith('FISCAL_') ? ctx.fiscalStartMonth : 1;
  const fiscalMonthIndex = `((${month} - ${start} + 12) % 12)`;
  switch (name) {
    case 'CALENDAR_YEAR':
      return int(`substr(${E}, 1, 4)`);
    case 'FISCAL_YEAR': {
      // Named after the year it ends in, unless the org names years by their start (registry: usesStartDateAsFiscalYearName).
      const byStart = ctx.schema.settings?.usesStartDateAsFiscalYearName === true || start === 1;
      const startYear = `CAST(substr(${E}, 1, 4) AS INTEGER) - (CASE WHEN ${month} >= ${start} THEN 0 ELSE 1 END)`;
      return int(`${startYear} + ${byStart ? 0 : 1}`);
    }
    case 'CALENDAR_MONTH':
      return int(month);
    case 'FISCAL_MONTH':
      return int(`${fiscalMonthIndex} + 1`);
    case 'CALENDAR_QUARTER':
      return int(`(${month} + 2) / 3`);
    case 'FISCAL_QUARTER':
      return int(`${fiscalMonthIndex} / 3 + 1`);
    case 'DAY_IN_MONTH':
      return int(`substr(${E}, 9, 2)`);
    case 'DAY_IN_WEEK':
      return int(`strftime('%w', substr(${E}, 1, 10)) + 1`);
    case 'DAY_IN_YEAR':
      return int(`strftime('%j', substr(${E}, 1, 10))`);
    case 'DAY_ONLY':
      return { sql: `substr(${E}, 1, 10)`, type: 'date' };
    case 'HOUR_IN_DAY':
      return int(`substr(${E}, 12, 2)`);
    case 'WEEK_IN_MONTH':
      return int(`(CAST(substr(${E}, 9, 2) AS INTEGER) - 1) / 7 + 1`);
    case 'WEEK_IN_YEAR':
      return int(`(CAST(strftime('%j', substr(${E}, 1, 10)) AS INTEGER) - 1) / 7 + 1`);
  }
  return invalid(`unexpected token: '${name}'`);
}
