/**
 * Comparing what the user wrote with what Salesforce holds, tolerant of how Salesforce echoes
 * values back: '' and null are both "empty", numbers compare numerically, and date-times compare
 * by instant ('…Z' vs '….000+0000').
 */
import type { FieldValues } from './types';

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function normalise(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (ISO_DATETIME.test(trimmed)) {
      const t = Date.parse(trimmed.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      if (!Number.isNaN(t)) return t;
    }
    return trimmed;
  }
  return value;
}

export function sameValue(a: unknown, b: unknown): boolean {
  const x = normalise(a);
  const y = normalise(b);
  if (typeof x === 'number' && typeof y === 'string' && y !== '' && Number(y) === x) return true;
  if (typeof y === 'number' && typeof x === 'string' && x !== '' && Number(x) === y) return true;
  return x === y;
}

/** True when every field of `mine` already has that value on the server. */
export function serverHasValues(mine: FieldValues, server: FieldValues): boolean {
  return Object.entries(mine).every(([field, value]) => sameValue(value, server[field]));
}

/** The fields of `mine` whose server value differs (what the conflict screen highlights). */
export function differingFields(mine: FieldValues, server: FieldValues): string[] {
  return Object.keys(mine).filter((field) => !sameValue(mine[field], server[field]));
}
