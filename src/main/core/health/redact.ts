/**
 * What Health shows and exports about a failed call: its method and path, never its query string
 * (a SOQL text holds record values) and never a record's Id (`/sobjects/Account/001…` → `/sobjects/Account/{id}`).
 */
import type { HealthError } from '../../../shared/ipc';
import type { RecentError } from '../usage/types';

/** A path segment that is a Salesforce Id (15 or 18 letters and digits, with at least one digit). */
const ID_SEGMENT = /^(?=[A-Za-z0-9]*\d)[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;

export function maskRecordIds(path: string): string {
  const bare = path.split(/[?#]/)[0];
  return bare
    .split('/')
    .map((segment) => (ID_SEGMENT.test(segment) || /^local-[0-9a-f]{32}$/.test(segment) ? '{id}' : segment))
    .join('/');
}

export function redactError(error: RecentError): HealthError {
  return {
    at: error.at,
    feature: error.feature,
    method: error.method,
    path: maskRecordIds(error.path),
    status: error.status,
    errorCode: error.errorCode,
  };
}
