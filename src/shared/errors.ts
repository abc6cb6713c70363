/**
 * The only error shape that crosses the process boundary: serialisable, readable by a
 * salesperson, never carrying a token. `fields` names the form fields a message belongs to.
 */
import { z } from 'zod';

export const ERROR_CODES = [
  'INVALID_INPUT', // the payload failed the shared schema
  'FORBIDDEN', // the caller is not the app's own window / bridge secret missing
  'NOT_CONNECTED', // no active org
  'SESSION_EXPIRED', // refresh failed (invalid_grant): the connection needs a new login
  'LOGIN_FAILED', // OAuth error, state mismatch, denied consent...
  'CONFIG', // a missing or malformed setting
  'NOT_FOUND',
  'VALIDATION', // Salesforce rejected the record (required field, bad email, rule...)
  'PERMISSION_DENIED', // Salesforce said the user may not do this
  'API_LIMIT', // REQUEST_LIMIT_EXCEEDED
  'NETWORK', // Salesforce unreachable / timed out
  'UNSENT_CHANGES', // disconnect refused: the org's outbox holds changes Salesforce does not have (fields names the override)
  'SALESFORCE', // any other Salesforce error
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const AppErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  fields: z.array(z.string()).optional(),
});
export type AppErrorData = z.infer<typeof AppErrorSchema>;

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppErrorData };

/** Thrown by the core and the renderer's API client; serialised as AppErrorData at the gate. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  toData(): AppErrorData {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message };
  }
}
