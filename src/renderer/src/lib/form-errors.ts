/**
 * Turns validation problems into "field → message" maps for the forms: zod issues from the
 * shared schemas (checked before sending) and Salesforce's errors (`AppError.fields`).
 */
import type { AppErrorData } from '../../../shared/errors';

export type FieldErrors = Partial<Record<string, string>>;

interface IssueLike {
  path: ReadonlyArray<PropertyKey>;
  message: string;
}

export function fieldErrorsFromIssues(issues: readonly IssueLike[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && errors[field] === undefined) errors[field] = issue.message;
  }
  return errors;
}

/**
 * Splits a server error into messages shown next to known fields, and whatever is left for
 * the form's banner (errors about fields the form does not show, or about no field at all).
 */
export function splitServerError(
  error: Pick<AppErrorData, 'message' | 'fields'>,
  formFields: readonly string[],
): { fieldErrors: FieldErrors; bannerMessage: string | null } {
  const fieldErrors: FieldErrors = {};
  const known = (error.fields ?? []).filter((f) => formFields.includes(f));
  for (const field of known) fieldErrors[field] = error.message;
  const unknown = (error.fields ?? []).filter((f) => !formFields.includes(f));
  const bannerMessage = known.length === 0 || unknown.length > 0 ? error.message : null;
  return { fieldErrors, bannerMessage };
}
