/**
 * The right side of a condition: a literal turned into the value the cache compares with, for the
 * left side's type, or Salesforce's error when the literal cannot stand there (the emulator's
 * coerce, src/emulator/soql/compiler.ts). Text equal to '' is null ("Salesforce stores empty text
 * as null"); date literals become day ranges, in the user's days.
 */
import type { LiteralType, Operator } from '@jetstreamapp/soql-parser-js';
import { dateLiteralRange } from './date-literals';
import { invalid, refuse } from './errors';
import { canonicalId, dateLiteral, datetimeLiteral, unquoteString } from './literals';
import type { Context } from './scope';
import { ID_TYPES, NUMBER_TYPES, TEXT_TYPES, type SoqlType } from './standard-fields';

export type Value = { kind: 'null' } | { kind: 'value'; value: unknown } | { kind: 'range'; start: string; end: string };

export interface Left {
  sql: string;
  type: SoqlType;
  /** How an error names it (the field's name, or the function as written). */
  label: string;
}

/** The type names Salesforce's filter errors use. */
function soapTypeName(type: SoqlType): string {
  if (type === 'int') return 'integer';
  if (type === 'double' || type === 'currency' || type === 'percent') return 'double';
  if (type === 'datetime') return 'dateTime';
  return type;
}

const typeError = (label: string, type: string, quoted: boolean): never =>
  invalid(`value of filter criterion for field '${label}' must be of type ${type} and should ${quoted ? '' : 'not '}be enclosed in quotes`);

function textValue(left: Left, operator: Operator, raw: string, literalType: LiteralType): Value {
  if (literalType !== 'STRING') typeError(left.label, 'string', true);
  const text = unquoteString(raw, operator === 'LIKE');
  if (text === undefined) invalid(`Invalid string literal ${raw}. Illegal character sequence in string literal.`);
  if (text === '' && operator !== 'LIKE') return { kind: 'null' };
  if (ID_TYPES.has(left.type) && operator !== 'LIKE') {
    const id = canonicalId(text);
    if (!id) invalid(`invalid ID field: ${text}`);
    return { kind: 'value', value: id };
  }
  return { kind: 'value', value: text };
}

function numberValue(ctx: Context, left: Left, raw: string, literalType: LiteralType): Value {
  if (literalType === 'INTEGER' || literalType === 'DECIMAL') return { kind: 'value', value: Number(raw) };
  if (literalType === 'INTEGER_WITH_CURRENCY_PREFIX' || literalType === 'DECIMAL_WITH_CURRENCY_PREFIX') {
    // A single-currency org reads USD5000 as 5000; in a multi-currency org it is converted, which
    // the emulator does against the record's currency.
    if (ctx.schema.settings?.multiCurrency) refuse(`Amounts with a currency code (${raw}) aren't supported offline in a multi-currency org`);
    return { kind: 'value', value: Number(raw.replace(/^[A-Za-z]{3}/, '')) };
  }
  return typeError(left.label, soapTypeName(left.type), false);
}

function dateValue(ctx: Context, left: Left, raw: string, literalType: LiteralType, dateVar: number | undefined): Value {
  const isDate = left.type === 'date';
  if (literalType === 'DATE_LITERAL' || literalType === 'DATE_N_LITERAL') {
    const [name, nText] = raw.split(':');
    const n = dateVar ?? (nText !== undefined ? Number(nText) : undefined);
    const days = dateLiteralRange(name, n, ctx.today, ctx.fiscalStartMonth);
    if (!days) invalid(`unexpected token: '${raw}'`);
    return isDate ? { kind: 'range', ...days } : { kind: 'range', start: ctx.dayStart(days.start), end: ctx.dayStart(days.end) };
  }
  if (isDate && literalType === 'DATE') {
    const value = dateLiteral(raw);
    return value ? { kind: 'value', value } : invalid(`unexpected token: '${raw}'`);
  }
  if (!isDate && literalType === 'DATETIME') {
    const value = datetimeLiteral(raw);
    return value ? { kind: 'value', value } : invalid(`unexpected token: '${raw}'`);
  }
  return typeError(left.label, isDate ? 'date' : 'dateTime', false);
}

/** One literal of a condition, for the left side's type. */
export function coerceValue(ctx: Context, left: Left, operator: Operator, raw: string, literalType: LiteralType, dateVar: number | undefined): Value {
  if (literalType === 'NULL') return { kind: 'null' };
  if (literalType === 'APEX_BIND_VARIABLE') invalid('Bind variables only allowed in Apex code');
  const type = left.type;
  if (ID_TYPES.has(type) || TEXT_TYPES.has(type)) return textValue(left, operator, raw, literalType);
  if (type === 'boolean') {
    if (literalType !== 'BOOLEAN') typeError(left.label, 'boolean', false);
    return { kind: 'value', value: raw.toUpperCase() === 'TRUE' ? 1 : 0 };
  }
  if (NUMBER_TYPES.has(type)) return numberValue(ctx, left, raw, literalType);
  if (type === 'date' || type === 'datetime') return dateValue(ctx, left, raw, literalType, dateVar);
  return typeError(left.label, soapTypeName(type), false);
}

/** Operators a field type refuses (Salesforce's INVALID_QUERY_FILTER_OPERATOR). */
export function checkOperator(left: Left, operator: Operator): void {
  if (operator === 'LIKE') {
    if (ID_TYPES.has(left.type)) invalid('invalid operator on id field');
    if (left.type === 'multipicklist') invalid('invalid operator on multipicklist field');
    if (!TEXT_TYPES.has(left.type)) invalid(`invalid operator on ${soapTypeName(left.type)} field`);
  }
  if ((operator === 'INCLUDES' || operator === 'EXCLUDES') && left.type !== 'multipicklist') {
    invalid('includes or excludes operator only valid on multipicklist field');
  }
  if (left.type === 'boolean' && ['<', '<=', '>', '>='].includes(operator)) invalid('invalid operator on boolean field');
}
