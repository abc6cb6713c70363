/**
 * Sorts what a failed Salesforce call threw into what the outbox does next (checklist X6):
 * no answer / 5xx / REQUEST_LIMIT_EXCEEDED → retry with backoff; a session that cannot be
 * refreshed → pause; 412 → conflict; 404 → not found; everything else Salesforce refuses → the
 * user (with Salesforce's own message and fields).
 */
import { AppError } from '../../../shared/errors';
import { mapSalesforceError } from '../salesforce/errors';
import { type FailureKind, type OutboxErrorInfo, SendFailure } from './types';

interface SalesforceItem {
  errorCode: string;
  message: string;
  fields: string[];
}

function item(value: unknown): SalesforceItem | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const code = typeof v.errorCode === 'string' ? v.errorCode : typeof v.statusCode === 'string' ? v.statusCode : undefined;
  if (!code) return undefined;
  const fields = Array.isArray(v.fields) ? v.fields.filter((f): f is string => typeof f === 'string') : [];
  return { errorCode: code, message: typeof v.message === 'string' ? v.message : '', fields };
}

function kindForCode(code: string): FailureKind {
  if (code === 'PRECONDITION_FAILED') return 'precondition';
  if (code === 'NOT_FOUND' || code === 'ENTITY_IS_DELETED') return 'not-found';
  if (code === 'INVALID_SESSION_ID' || code === 'ERROR_HTTP_401') return 'auth';
  if (code === 'REQUEST_LIMIT_EXCEEDED') return 'limit';
  if (code === 'SERVER_UNAVAILABLE' || code === 'UNKNOWN_EXCEPTION' || /^ERROR_HTTP_5\d\d$/.test(code)) return 'server';
  return 'rejected';
}

const APP_ERROR_KINDS: Partial<Record<AppError['code'], FailureKind>> = {
  SESSION_EXPIRED: 'auth',
  NOT_CONNECTED: 'auth',
  NETWORK: 'network',
  API_LIMIT: 'limit',
  NOT_FOUND: 'not-found',
};

export function classifySendError(err: unknown): SendFailure {
  if (err instanceof SendFailure) return err;
  if (err instanceof AppError) {
    const kind = APP_ERROR_KINDS[err.code] ?? (err.code === 'VALIDATION' ? 'rejected' : 'server');
    return new SendFailure(kind, { code: err.code, message: err.message, fields: err.fields });
  }
  if (err instanceof Error) {
    const e = err as Error & { errorCode?: unknown; data?: unknown };
    const items = Array.isArray(e.data) ? e.data.map(item).filter((i): i is SalesforceItem => Boolean(i)) : [];
    const single =
      items.length === 0
        ? (item(e.data) ?? (typeof e.errorCode === 'string' ? { errorCode: e.errorCode, message: e.message, fields: [] } : undefined))
        : undefined;
    const all = single ? [single] : items;
    if (all.length > 0) {
      const first = all[0];
      const info: OutboxErrorInfo = {
        code: first.errorCode,
        // Salesforce's own words: an admin's validation rule message is meant for the user.
        message: all.map((i) => i.message || i.errorCode).join(' '),
      };
      const fields = [...new Set(all.flatMap((i) => i.fields))];
      if (fields.length) info.fields = fields;
      return new SendFailure(kindForCode(first.errorCode), info);
    }
  }
  const mapped = mapSalesforceError(err);
  if (mapped?.code === 'NETWORK') return new SendFailure('network', { code: 'NETWORK', message: mapped.message });
  if (mapped) return classifySendError(mapped);
  // An error with no Salesforce shape and no network code: most likely a dropped or garbled
  // answer. Retrying is safe (every op is idempotent); backoff keeps it from spinning.
  const message = err instanceof Error ? err.message : String(err);
  return new SendFailure('server', { code: 'UNEXPECTED', message: message.slice(0, 500) });
}
