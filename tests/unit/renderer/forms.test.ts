import { describe, expect, it } from 'vitest';
import { SettingsUpdate } from '../../../src/shared/ipc';
import { normalizeMyDomain } from '../../../src/renderer/src/features/connections/my-domain';
import { fieldErrorsFromIssues, splitServerError } from '../../../src/renderer/src/lib/form-errors';

describe('form errors', () => {
  it('maps the shared schema issues to fields, first message wins', () => {
    // The Settings form checks its values with the contract's schema before sending them.
    const parsed = SettingsUpdate.safeParse({ apiVersion: 'v62', loopbackPort: 80, clientId: 'ok' });
    expect(parsed.success).toBe(false);
    const errors = fieldErrorsFromIssues(parsed.error!.issues);
    expect(errors.apiVersion).toBe('API version looks like 62.0');
    expect(errors.loopbackPort).toMatch(/1024/);
    expect(errors.clientId).toBeUndefined();
    // Two problems with one field: the first is shown.
    expect(
      fieldErrorsFromIssues([
        { path: ['Email'], message: 'first' },
        { path: ['Email'], message: 'second' },
        { path: [], message: 'not about a field' },
      ]),
    ).toEqual({ Email: 'first' });
  });

  it('puts Salesforce errors on known fields and the rest in the banner', () => {
    expect(splitServerError({ message: 'Bad email', fields: ['Email'] }, ['Email', 'LastName'])).toEqual({
      fieldErrors: { Email: 'Bad email' },
      bannerMessage: null,
    });
    expect(splitServerError({ message: 'Rule failed' }, ['Email'])).toEqual({ fieldErrors: {}, bannerMessage: 'Rule failed' });
    expect(splitServerError({ message: 'Owner inactive', fields: ['OwnerId'] }, ['Email'])).toEqual({ fieldErrors: {}, bannerMessage: 'Owner inactive' });
    expect(splitServerError({ message: 'Both', fields: ['Email', 'OwnerId'] }, ['Email'])).toEqual({ fieldErrors: { Email: 'Both' }, bannerMessage: 'Both' });
  });
});

describe('My Domain input', () => {
  it.each([
    ['acme.my.salesforce.com', 'acme.my.salesforce.com'],
    ['https://Acme.my.salesforce.com/', 'acme.my.salesforce.com'],
    ['  acme--uat.sandbox.my.salesforce.com ', 'acme--uat.sandbox.my.salesforce.com'],
    ['agency.my.salesforce.mil', 'agency.my.salesforce.mil'],
  ])('accepts %s', (input, host) => {
    expect(normalizeMyDomain(input)).toEqual({ ok: true, host });
  });

  it.each([
    '',
    'acme',
    'http://acme.my.salesforce.com',
    'acme.my.salesforce.com.evil.io',
    'acme.salesforce.com',
    'https://acme.my.salesforce.com/secur/frontdoor.jsp',
    'https://user@acme.my.salesforce.com',
    'acme.my.salesforce.com:8443',
    'javascript:alert(1)',
  ])('rejects %j with a message', (input) => {
    const result = normalizeMyDomain(input);
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.message.length).toBeGreaterThan(10);
  });
});
