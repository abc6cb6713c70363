import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { OAuthEndpointError } from '../../../src/main/core/auth/oauth-flow';
import { API_LIMIT_MESSAGE, fieldLabel, mapSalesforceError, NETWORK_MESSAGE } from '../../../src/main/core/salesforce/errors';

/** Shaped like jsforce's HttpApiError. */
function sfError(errorCode: string, message: string, fields?: string[]) {
  const data: Record<string, unknown> = { errorCode, message };
  if (fields) data.fields = fields;
  return Object.assign(new Error(message), { name: errorCode, errorCode, data });
}

describe('Salesforce error mapping', () => {
  it.each([
    ['REQUIRED_FIELD_MISSING', 'Required fields are missing: [LastName]', ['LastName'], 'VALIDATION', ['LastName'], 'Fill in Last name.'],
    [
      'STRING_TOO_LONG',
      'Last Name: data value too large: xxx (max length=80)',
      ['LastName'],
      'VALIDATION',
      ['LastName'],
      'Last name is too long (at most 80 characters).',
    ],
    ['INVALID_EMAIL_ADDRESS', 'Email: invalid email address: x', ['Email'], 'VALIDATION', ['Email'], 'Enter a valid email address.'],
    ['FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Amount cannot be negative.', ['Amount'], 'VALIDATION', ['Amount'], 'Amount cannot be negative.'],
    [
      'DUPLICATE_VALUE',
      'duplicate value found: Email duplicates value on record with id: 003',
      ['Email'],
      'VALIDATION',
      ['Email'],
      'Another record already uses this email.',
    ],
    [
      'FIELD_INTEGRITY_EXCEPTION',
      'Account ID: id value of incorrect type: 003xx',
      ['AccountId'],
      'VALIDATION',
      ['AccountId'],
      'Account: pick a record of the right kind.',
    ],
    ['INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['AccountId'], 'VALIDATION', ['AccountId'], undefined],
    ['REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', undefined, 'API_LIMIT', undefined, API_LIMIT_MESSAGE],
    ['INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id', undefined, 'PERMISSION_DENIED', undefined, undefined],
    ['INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY', 'no', undefined, 'PERMISSION_DENIED', undefined, undefined],
    ['NOT_FOUND', 'The requested resource does not exist', undefined, 'NOT_FOUND', undefined, undefined],
    ['ENTITY_IS_DELETED', 'entity is deleted', [], 'NOT_FOUND', undefined, undefined],
    [
      'INVALID_SESSION_ID',
      'Session expired or invalid',
      undefined,
      'SESSION_EXPIRED',
      undefined,
      'Your Salesforce session has ended. Log in again to continue.',
    ],
    ['UNKNOWN_EXCEPTION', 'An unexpected error occurred', undefined, 'SALESFORCE', undefined, 'Salesforce said: An unexpected error occurred'],
    ['ERROR_HTTP_503', '<html>down</html>', undefined, 'SALESFORCE', undefined, 'Salesforce had a problem answering. Try again in a moment.'],
  ])('%s → %s', (errorCode, message, fields, code, expectedFields, expectedMessage) => {
    const mapped = mapSalesforceError(sfError(errorCode, message, fields));
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped!.code).toBe(code);
    expect(mapped!.fields).toEqual(expectedFields);
    if (expectedMessage) expect(mapped!.message).toBe(expectedMessage);
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'])('%s → NETWORK', (code) => {
    const err = Object.assign(new Error(`request to https://x failed, reason: ${code}`), { code, type: 'system' });
    expect(mapSalesforceError(err)?.toData()).toEqual({ code: 'NETWORK', message: NETWORK_MESSAGE });
    // undici's fetch: TypeError('fetch failed') with the system error as cause
    expect(mapSalesforceError(new TypeError('fetch failed', { cause: err }))?.code).toBe('NETWORK');
  });

  it('maps timeouts and aborts to NETWORK', () => {
    expect(mapSalesforceError(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))?.code).toBe('NETWORK');
  });

  it('merges several validation errors, keeping every field', () => {
    const err = Object.assign(new Error('Multiple errors'), {
      errorCode: 'MULTIPLE_API_ERRORS',
      data: [
        { errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] },
        { errorCode: 'INVALID_EMAIL_ADDRESS', message: 'bad', fields: ['Email'] },
      ],
    });
    const mapped = mapSalesforceError(err)!;
    expect(mapped.code).toBe('VALIDATION');
    expect(mapped.fields).toEqual(['LastName', 'Email']);
  });

  it('never lets a token through in a Salesforce message', () => {
    const mapped = mapSalesforceError(sfError('SOMETHING', 'bad header Bearer 00D8d0000000001EAA!AQsecretsecret'))!;
    expect(mapped.message).not.toContain('AQsecret');
  });

  it('maps OAuth endpoint errors', () => {
    expect(mapSalesforceError(new OAuthEndpointError('invalid_grant', 'expired access/refresh token', 400))?.code).toBe('SESSION_EXPIRED');
    expect(mapSalesforceError(new OAuthEndpointError('invalid_client', 'invalid client credentials', 400))?.code).toBe('CONFIG');
  });

  it('passes AppErrors through and leaves our own bugs unmapped', () => {
    const own = new AppError('NOT_FOUND', 'x');
    expect(mapSalesforceError(own)).toBe(own);
    expect(mapSalesforceError(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBeUndefined();
    expect(mapSalesforceError('a string')).toBeUndefined();
  });

  it('labels fields for people', () => {
    expect(fieldLabel('LastName')).toBe('Last name');
    expect(fieldLabel('AccountId')).toBe('Account');
    expect(fieldLabel('Custom_Field__c')).toBe('Custom field');
  });
});
