/**
 * The words of SOQL the editor suggests and highlights: keywords, functions and date literals, as
 * Salesforce's SOQL and SOSL Reference lists them. Shared: the Query page's editor suggests them and
 * the cache's SOQL engine (src/main/core/query/cache-query/) knows the same date functions.
 */

/** Aggregate functions (SELECT and HAVING). */
export const AGGREGATE_FUNCTIONS = ['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX'] as const;

/** Date functions (SELECT, WHERE, GROUP BY), each taking a date or datetime field. */
export const DATE_FUNCTIONS = [
  'CALENDAR_MONTH',
  'CALENDAR_QUARTER',
  'CALENDAR_YEAR',
  'DAY_IN_MONTH',
  'DAY_IN_WEEK',
  'DAY_IN_YEAR',
  'DAY_ONLY',
  'FISCAL_MONTH',
  'FISCAL_QUARTER',
  'FISCAL_YEAR',
  'HOUR_IN_DAY',
  'WEEK_IN_MONTH',
  'WEEK_IN_YEAR',
] as const;

/** Functions that change how a field's value is returned (SELECT only). */
export const VALUE_FUNCTIONS = ['toLabel', 'FORMAT', 'convertCurrency'] as const;

/** Date literals without a number. */
const FIXED_DATE_LITERALS = [
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
  'THIS_QUARTER',
  'LAST_QUARTER',
  'NEXT_QUARTER',
  'THIS_YEAR',
  'LAST_YEAR',
  'NEXT_YEAR',
  'THIS_FISCAL_QUARTER',
  'LAST_FISCAL_QUARTER',
  'NEXT_FISCAL_QUARTER',
  'THIS_FISCAL_YEAR',
  'LAST_FISCAL_YEAR',
  'NEXT_FISCAL_YEAR',
];

/** Date literals that take a number after a colon (`LAST_N_DAYS:30`). */
const UNITS = ['DAYS', 'WEEKS', 'MONTHS', 'QUARTERS', 'YEARS', 'FISCAL_QUARTERS', 'FISCAL_YEARS'];
const NUMBERED_DATE_LITERALS = UNITS.flatMap((unit) => [`LAST_N_${unit}`, `NEXT_N_${unit}`, `N_${unit}_AGO`]);

export interface DateLiteral {
  name: string;
  /** Takes `:n`. */
  numbered: boolean;
}

export const DATE_LITERALS: readonly DateLiteral[] = [
  ...FIXED_DATE_LITERALS.map((name) => ({ name, numbered: false })),
  ...NUMBERED_DATE_LITERALS.map((name) => ({ name, numbered: true })),
];

/** Reserved words, for highlighting. */
export const SOQL_KEYWORDS = [
  'select',
  'from',
  'where',
  'and',
  'or',
  'not',
  'in',
  'includes',
  'excludes',
  'like',
  'limit',
  'offset',
  'order',
  'by',
  'asc',
  'desc',
  'nulls',
  'first',
  'last',
  'group',
  'having',
  'rollup',
  'cube',
  'with',
  'security_enforced',
  'user_mode',
  'system_mode',
  'data',
  'category',
  'above',
  'below',
  'above_or_below',
  'at',
  'typeof',
  'when',
  'then',
  'else',
  'end',
  'using',
  'scope',
  'for',
  'view',
  'reference',
  'update',
  'tracking',
  'viewstat',
  'all',
  'rows',
  'true',
  'false',
  'null',
];
