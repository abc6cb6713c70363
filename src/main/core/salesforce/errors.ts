/**
 * Turns what jsforce, fetch and Salesforce throw into AppErrors a salesperson can act on.
 * Validation errors keep Salesforce's `fields`, so the form can show each message on its field.
 */
import { AppError } from '../../../shared/errors';
import { OAuthEndpointError } from '../auth/oauth-flow';
import { SESSION_EXPIRED_MESSAGE } from '../auth/token-vault';
import { redactText } from '../logger';

export const API_LIMIT_MESSAGE =
  "Your org has used its daily API allowance, so Salesforce is refusing requests for now. Try again later, or ask your Salesforce admin about the org's API limits.";
export const NETWORK_MESSAGE = "Can't reach Salesforce. Check your internet connection and try again.";

/** How long, in words a salesperson reads: "about 30 seconds", "about 2 minutes". */
function aboutHowLong(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 90) return `about ${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/**
 * A request the metered path did not send because the org answered REQUEST_LIMIT_EXCEEDED a moment
 * ago and is in backoff. Same code as Salesforce's own refusal (API_LIMIT): callers already treat
 * that as "try later" (the outbox keeps the change, describes fall back to the stored one).
 */
export class ApiLimitBackoffError extends AppError {
  constructor(
    readonly retryAt: number,
    now = Date.now(),
  ) {
    super(
      'API_LIMIT',
      `Your org has used its Salesforce API allowance, so the app is waiting ${aboutHowLong(retryAt - now)} before asking Salesforce again. ` +
        "Nothing you saved is lost: try again then. If this keeps happening, ask your Salesforce admin about the org's API limits.",
    );
    this.name = 'ApiLimitBackoffError';
  }
}

/** A redirect that would have carried the request (and its session) to another site. */
export const REDIRECT_REFUSED_MESSAGE =
  'Salesforce sent the request on to a different web address, so the app stopped it to keep your session safe. ' +
  "If this keeps happening, ask your Salesforce admin whether the org's address (My Domain) has changed, then log in again.";

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
]);

/** `LastName` → `Last name`, `AccountId` → `Account`, `Account.Name` → `Account name`. */
export function fieldLabel(apiName: string): string {
  const words = apiName
    .replace(/__c$/, '')
    .replace(/\./g, ' ')
    .replace(/Id$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .trim()
    .split(/\s+/);
  return words.map((w, i) => (i === 0 ? w : w.toLowerCase())).join(' ') || apiName;
}

const listLabels = (fields: string[]) => fields.map(fieldLabel).join(', ');

interface SalesforceErrorItem {
  errorCode: string;
  message: string;
  fields: string[];
}

function asItem(value: unknown): SalesforceErrorItem | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as { errorCode?: unknown; statusCode?: unknown; message?: unknown; fields?: unknown };
  const errorCode = typeof v.errorCode === 'string' ? v.errorCode : typeof v.statusCode === 'string' ? v.statusCode : undefined;
  if (!errorCode) return undefined;
  const fields = Array.isArray(v.fields) ? v.fields.filter((f): f is string => typeof f === 'string') : [];
  return { errorCode, message: typeof v.message === 'string' ? v.message : '', fields };
}

/** The Salesforce error items carried by a jsforce error (one, or several for MULTIPLE_API_ERRORS). */
function salesforceItems(err: Error & { errorCode?: unknown; data?: unknown }): SalesforceErrorItem[] {
  if (Array.isArray(err.data)) return err.data.map(asItem).filter((i): i is SalesforceErrorItem => Boolean(i));
  const fromData = asItem(err.data);
  if (fromData) return [{ ...fromData, message: fromData.message || err.message }];
  if (typeof err.errorCode === 'string') return [{ errorCode: err.errorCode, message: err.message, fields: [] }];
  return [];
}

function networkCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code ?? (e as { errno?: unknown }).errno;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    const name = (e as { name?: unknown }).name;
    if (name === 'TimeoutError' || name === 'AbortError' || name === 'ConnectTimeoutError') return 'ETIMEDOUT';
  }
  if (err instanceof TypeError && err.message === 'fetch failed') return 'EFETCH';
  return undefined;
}

function mapItem(item: SalesforceErrorItem): AppError {
  const sfMessage = redactText(item.message).slice(0, 1_000);
  const fields = item.fields.length > 0 ? item.fields : undefined;
  switch (item.errorCode) {
    case 'REQUIRED_FIELD_MISSING':
      return new AppError('VALIDATION', fields ? `Fill in ${listLabels(fields)}.` : 'Fill in the required fields.', fields);
    case 'STRING_TOO_LONG': {
      const max = /max length=(\d+)/.exec(item.message)?.[1];
      const what = fields ? listLabels(fields) : 'A value';
      return new AppError('VALIDATION', `${what} is too long${max ? ` (at most ${max} characters)` : ''}.`, fields);
    }
    case 'INVALID_EMAIL_ADDRESS':
      return new AppError('VALIDATION', 'Enter a valid email address.', fields ?? ['Email']);
    case 'FIELD_CUSTOM_VALIDATION_EXCEPTION':
      // The admin wrote this message for users: show it as it is.
      return new AppError('VALIDATION', sfMessage || "Salesforce rejected the record because of one of your org's rules.", fields);
    case 'DUPLICATE_VALUE':
      return new AppError(
        'VALIDATION',
        fields ? `Another record already uses this ${listLabels(fields).toLowerCase()}.` : 'Another record already uses one of these values.',
        fields,
      );
    case 'DUPLICATES_DETECTED':
      return new AppError('VALIDATION', 'This looks like a duplicate of a record that already exists.', fields);
    case 'FIELD_INTEGRITY_EXCEPTION':
    case 'MALFORMED_ID':
      if (/id value of incorrect type/i.test(item.message)) {
        return new AppError('VALIDATION', `${fields ? listLabels(fields) : 'A linked record'}: pick a record of the right kind.`, fields);
      }
      return new AppError('VALIDATION', fields ? `${listLabels(fields)} is not valid: ${sfMessage}` : sfMessage, fields);
    case 'INVALID_CROSS_REFERENCE_KEY':
      return new AppError('VALIDATION', "The linked record doesn't exist, or you don't have access to it.", fields);
    case 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST':
    case 'INVALID_FIELD_FOR_INSERT_UPDATE':
    case 'NUMBER_OUTSIDE_VALID_RANGE':
    case 'INVALID_TYPE_ON_FIELD_IN_RECORD':
      return new AppError('VALIDATION', sfMessage || 'One of the values is not accepted by Salesforce.', fields);
    case 'INVALID_SESSION_ID':
      return new AppError('SESSION_EXPIRED', SESSION_EXPIRED_MESSAGE);
    case 'REQUEST_LIMIT_EXCEEDED':
      return new AppError('API_LIMIT', API_LIMIT_MESSAGE);
    case 'API_DISABLED_FOR_ORG':
    case 'API_CURRENTLY_DISABLED':
      return new AppError('PERMISSION_DENIED', 'API access is turned off for your org or your user. Ask your Salesforce admin to enable "API Enabled".');
    case 'NOT_FOUND':
    case 'ENTITY_IS_DELETED':
      return new AppError('NOT_FOUND', "That record doesn't exist any more, or it was deleted.");
    case 'INVALID_FIELD':
    case 'INVALID_TYPE':
      return new AppError('SALESFORCE', `Salesforce did not accept the request. A field or object may be hidden from your profile. (${sfMessage})`);
    default:
      if (item.errorCode.startsWith('INSUFFICIENT_ACCESS')) {
        return new AppError('PERMISSION_DENIED', "Salesforce says you don't have permission to do that. Ask your Salesforce admin if you need access.");
      }
      if (/^ERROR_HTTP_5\d\d$/.test(item.errorCode)) {
        return new AppError('SALESFORCE', 'Salesforce had a problem answering. Try again in a moment.');
      }
      if (item.errorCode === 'ERROR_HTTP_401') return new AppError('SESSION_EXPIRED', SESSION_EXPIRED_MESSAGE);
      return new AppError('SALESFORCE', sfMessage ? `Salesforce said: ${sfMessage}` : `Salesforce returned an error (${item.errorCode}).`);
  }
}

/**
 * Maps an error from a Salesforce call. Returns undefined when the error did not come from
 * Salesforce or the network (a bug of ours): the gate reports those as INTERNAL.
 */
export function mapSalesforceError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof OAuthEndpointError) {
    if (err.error === 'invalid_grant') return new AppError('SESSION_EXPIRED', SESSION_EXPIRED_MESSAGE);
    if (err.error === 'invalid_client' || err.error === 'invalid_client_id') {
      return new AppError('CONFIG', "Salesforce does not accept the app's consumer key or secret. Check them in Settings.");
    }
    return new AppError('LOGIN_FAILED', `Salesforce refused the login: ${redactText(err.description || err.error)}`);
  }
  if (networkCode(err)) return new AppError('NETWORK', NETWORK_MESSAGE);
  if (!(err instanceof Error)) return undefined;
  const items = salesforceItems(err as Error & { errorCode?: unknown; data?: unknown });
  if (items.length === 0) return undefined;
  const mapped = items.map(mapItem);
  if (mapped.length === 1) return mapped[0];
  // Several problems at once (e.g. two fields invalid): keep the most useful code, all fields.
  const first = mapped.find((e) => e.code === 'VALIDATION') ?? mapped[0];
  const fields = [...new Set(mapped.flatMap((e) => (e.code === first.code ? (e.fields ?? []) : [])))];
  const message = [...new Set(mapped.filter((e) => e.code === first.code).map((e) => e.message))].join(' ');
  return new AppError(first.code, message, fields.length ? fields : undefined);
}

/**
 * A lead conversion Salesforce refused (LeadConvertResult.errors), in a salesperson's words where
 * the refusal is about the conversion itself (codes as the SOAP API and the emulator report them);
 * anything else goes through the general mapping above.
 */
export function mapLeadConvertErrors(errors: ReadonlyArray<{ statusCode: string; message: string; fields: string[] }>): AppError {
  const first = errors[0];
  if (!first) return new AppError('SALESFORCE', 'Salesforce did not convert the lead and gave no reason.');
  const fields = first.fields.length ? first.fields : undefined;
  switch (first.statusCode) {
    case 'CANNOT_UPDATE_CONVERTED_LEAD':
      return new AppError('VALIDATION', 'This lead has already been converted. Open its account, contact or opportunity instead.');
    case 'INVALID_STATUS':
      return new AppError('VALIDATION', 'That status does not convert a lead. Choose one of the converted statuses.', ['convertedStatus']);
    case 'INACTIVE_OWNER_OR_USER':
      return new AppError('VALIDATION', 'The chosen owner is not an active user. Choose someone else to own the new records.', ['ownerId']);
    case 'ENTITY_IS_DELETED':
      return new AppError('NOT_FOUND', 'The lead or one of the chosen records was deleted in Salesforce.');
    case 'INVALID_CROSS_REFERENCE_KEY':
      if (first.fields.includes('contactId') && /not associated/i.test(first.message)) {
        return new AppError('VALIDATION', 'That contact is not on the chosen account. Choose one of its contacts, or a new contact.', ['contact']);
      }
      return new AppError('VALIDATION', "One of the chosen records doesn't exist, or you don't have access to it.", fields);
    case 'REQUIRED_FIELD_MISSING':
      if (first.fields.includes('accountId')) return new AppError('VALIDATION', 'An existing contact needs its existing account.', ['account']);
      break;
  }
  return mapSalesforceError(
    Object.assign(new Error(first.message), { errorCode: first.statusCode, data: errors.map((e) => ({ ...e, errorCode: e.statusCode })) }),
  ) as AppError;
}
