/**
 * Validation of record values against the org's describe (`describe:form` metadata), shared by the
 * renderer (a clear message per field before any round trip) and the core (which re-validates
 * `records:create|update` payloads, since a renderer is not trusted to have done it).
 *
 * What it checks: required fields on create (and that they are not cleared on update), that the
 * field may be written in this mode, text length, email shape, number ranges from precision/scale
 * (digits before and after the point; percents 0–100),
 * integers, dates, booleans, picklist membership (active values) and record Id shape of references.
 * Salesforce still has the last word (validation rules, duplicates): this only spares round trips.
 */
import { z } from 'zod';
import type { FormField } from '../ipc/records.contract';

export type ValidationMode = 'create' | 'update';
export type FieldValue = string | number | boolean | null;

export interface FieldIssue {
  field: string;
  message: string;
}

export type ValidationResult = { ok: true; values: Record<string, FieldValue> } | { ok: false; issues: FieldIssue[]; message: string };

export interface ValidationOptions {
  /**
   * Fields that the metadata does not describe: 'reject' (a form sends only its own fields) or
   * 'pass' (the core: Salesforce validates fields outside the form's set itself). Default 'reject'.
   */
  unknownFields?: 'reject' | 'pass';
}

/** A Salesforce Id (15/18 characters) or the temporary id of a record created offline. */
const RECORD_ID = /^(?:[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?|local-[0-9a-f]{32})$/;
/** Deliberately simple: one @, a dot in the domain, no spaces (Salesforce's own check is similar). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DECIMAL_TYPES = new Set(['double', 'currency', 'percent']);

function isRealDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && y >= 1700 && y <= 4000;
}

/** Form inputs arrive as strings; numbers may come typed. '' and whitespace mean "no value". */
function toNumber(value: unknown): number | undefined | 'bad' {
  if (typeof value === 'number') return Number.isFinite(value) ? value : 'bad';
  if (typeof value === 'string') {
    const t = value.trim().replace(/,/g, '');
    if (t === '') return undefined;
    const n = Number(t);
    return Number.isFinite(n) ? n : 'bad';
  }
  return 'bad';
}

/** Digits after the decimal point as typed ("12.50" has 2; "1e-3" has 3). */
function decimalsOf(raw: unknown, n: number): number {
  const text = typeof raw === 'string' ? raw.trim().replace(/,/g, '') : String(n);
  const plain = /^[-+]?\d*\.?(\d*)$/.exec(text);
  if (plain) return plain[1].length;
  // Exponent notation: count from the number itself.
  const fixed = /\.(\d+)$/.exec(n.toFixed(20).replace(/0+$/, ''));
  return fixed ? fixed[1].length : 0;
}

/**
 * Limits beyond "digits before the point": a decimal field keeps `scale` digits after the point
 * (Salesforce rounds the rest away, so the form says so instead of saving a different number), and
 * a percent is 0–100 (what the form's hint promises; Probability is a likelihood).
 */
function numberRangeProblem(field: FormField, n: number, raw: unknown): string | null {
  if (field.type === 'percent' && (n < 0 || n > 100)) return `${field.label} must be between 0 and 100`;
  if (!DECIMAL_TYPES.has(field.type)) return null;
  const scale = field.scale || 0;
  const decimals = decimalsOf(raw, n);
  if (decimals <= scale) return null;
  return scale === 0
    ? `${field.label} must be a whole number (no digits after the decimal point)`
    : `${field.label} can have at most ${scale} digit${scale === 1 ? '' : 's'} after the decimal point`;
}

/** The zod schema of one field's value (already known to be present and not empty). */
function valueSchema(field: FormField): z.ZodType<FieldValue> {
  const label = field.label;
  if (field.type === 'boolean') {
    return z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], { error: `${label} must be true or false` });
  }
  if (field.type === 'int' || DECIMAL_TYPES.has(field.type)) {
    const integerDigits = field.type === 'int' ? field.digits || 18 : Math.max(1, (field.precision || 18) - (field.scale || 0));
    const limit = 10 ** integerDigits;
    return z.unknown().transform((raw, ctx): number => {
      const n = toNumber(raw);
      if (n === 'bad' || n === undefined) {
        ctx.addIssue({ code: 'custom', message: `${label} must be a number` });
        return z.NEVER;
      }
      if (field.type === 'int' && !Number.isInteger(n)) {
        ctx.addIssue({ code: 'custom', message: `${label} must be a whole number` });
        return z.NEVER;
      }
      if (Math.abs(n) >= limit) {
        ctx.addIssue({ code: 'custom', message: `${label} can have at most ${integerDigits} digits before the decimal point` });
        return z.NEVER;
      }
      const rangeProblem = numberRangeProblem(field, n, raw);
      if (rangeProblem) {
        ctx.addIssue({ code: 'custom', message: rangeProblem });
        return z.NEVER;
      }
      return n;
    }) as z.ZodType<FieldValue>;
  }
  if (field.type === 'date') {
    return z
      .string({ error: `${label} must be a date` })
      .trim()
      .refine(isRealDate, `${label} must be a date like 2026-01-31`);
  }
  if (field.type === 'datetime') {
    return z
      .string({ error: `${label} must be a date and time` })
      .trim()
      .refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)), `${label} must be a date and time`);
  }
  if (field.type === 'reference') {
    const targets = field.referenceTo.join(' or ') || 'record';
    return z
      .string({ error: `${label} must be a ${targets} Id` })
      .trim()
      .regex(RECORD_ID, `${label} must be a ${targets} Id`);
  }
  if (field.type === 'picklist' || field.type === 'multipicklist') {
    // The form offers the active values only; an inactive or unknown value is what Salesforce
    // refuses on restricted picklists and what a stale form would send.
    const allowed = new Set(field.picklistValues.map((p) => p.value));
    const multi = field.type === 'multipicklist';
    return z
      .string({ error: `${label} must be one of its listed values` })
      .trim()
      .superRefine((v, ctx) => {
        const chosen = multi
          ? v
              .split(';')
              .map((s) => s.trim())
              .filter(Boolean)
          : [v];
        const bad = chosen.filter((c) => !allowed.has(c));
        if (bad.length) ctx.addIssue({ code: 'custom', message: `${label}: "${bad[0]}" is not one of its values` });
        if (field.length && v.length > field.length) ctx.addIssue({ code: 'custom', message: `${label} must be at most ${field.length} characters` });
      });
  }
  // Text types (and anything else Salesforce sends as text).
  let schema = z.string({ error: `${label} must be text` }).trim();
  if (field.length > 0) schema = schema.max(field.length, `${label} must be at most ${field.length} characters`);
  if (field.type === 'email') return schema.regex(EMAIL, `${label} must be an email address like name@example.com`);
  return schema;
}

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * Builds a zod schema for a record's values from describe metadata. The parsed output is the
 * cleaned values: trimmed text, numbers from numeric text, '' → null (clear the field).
 */
export function buildRecordSchema(fields: readonly FormField[], mode: ValidationMode, options: ValidationOptions = {}) {
  const byName = new Map(fields.map((f) => [f.name, f]));
  return z.record(z.string(), z.unknown()).transform((values, ctx) => {
    const out: Record<string, FieldValue> = {};
    for (const [name, raw] of Object.entries(values)) {
      const field = byName.get(name);
      if (!field) {
        if (options.unknownFields === 'pass') {
          if (raw === null || ['string', 'number', 'boolean'].includes(typeof raw)) out[name] = raw as FieldValue;
          else ctx.addIssue({ code: 'custom', path: [name], message: `${name} has a value of the wrong kind` });
        } else ctx.addIssue({ code: 'custom', path: [name], message: `${name} is not a field of this form` });
        continue;
      }
      const writable = mode === 'create' ? field.createable : field.updateable;
      if (!writable) {
        ctx.addIssue({ code: 'custom', path: [name], message: `${field.label} cannot be ${mode === 'create' ? 'set' : 'changed'}` });
        continue;
      }
      if (isEmpty(raw)) {
        if (field.required || (field.type !== 'boolean' && !field.nillable && mode === 'update')) {
          ctx.addIssue({ code: 'custom', path: [name], message: `${field.label} is required` });
        } else out[name] = field.type === 'boolean' ? false : null;
        continue;
      }
      const parsed = valueSchema(field).safeParse(raw);
      if (parsed.success) out[name] = parsed.data;
      else for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: [name], message: issue.message });
    }
    if (mode === 'create') {
      for (const field of fields) {
        if (field.required && !(field.name in values)) ctx.addIssue({ code: 'custom', path: [field.name], message: `${field.label} is required` });
      }
    }
    return out;
  });
}

/** Validates values for a create or an update; every problem comes back with its field. */
export function validateRecordValues(
  meta: { fields: readonly FormField[] },
  values: Record<string, unknown>,
  mode: ValidationMode,
  options: ValidationOptions = {},
): ValidationResult {
  const result = buildRecordSchema(meta.fields, mode, options).safeParse(values);
  if (result.success) return { ok: true, values: result.data };
  const issues = result.error.issues.map((i) => ({ field: String(i.path[0] ?? ''), message: i.message }));
  return { ok: false, issues, message: issues.map((i) => i.message).join('; ') };
}
