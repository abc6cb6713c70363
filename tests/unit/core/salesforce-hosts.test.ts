import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { loginHostFor, normalizeMyDomain, parseIdentityUrl, validateInstanceUrl, type HostPolicy } from '../../../src/main/core/auth/salesforce-hosts';

const production: HostPolicy = { kind: 'salesforce', loginHost: 'https://login.salesforce.com' };
const sandbox: HostPolicy = { kind: 'salesforce', loginHost: 'https://test.salesforce.com' };
const myDomain: HostPolicy = { kind: 'salesforce', loginHost: 'https://acme.my.salesforce.com' };
const demo: HostPolicy = { kind: 'demo', origin: 'http://127.0.0.1:40123' };

const rejects = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('LOGIN_FAILED');
    return true;
  }
  return false;
};

describe('instance_url validation', () => {
  it.each([
    [production, 'https://acme.my.salesforce.com', 'https://acme.my.salesforce.com'],
    [production, 'https://na1.salesforce.com/', 'https://na1.salesforce.com'],
    [sandbox, 'https://acme--uat.sandbox.my.salesforce.com', 'https://acme--uat.sandbox.my.salesforce.com'],
    [myDomain, 'https://acme.my.salesforce.com', 'https://acme.my.salesforce.com'],
    [myDomain, 'https://acme--dev.sandbox.my.salesforce.com', 'https://acme--dev.sandbox.my.salesforce.com'],
    [demo, 'http://127.0.0.1:40123', 'http://127.0.0.1:40123'],
  ])('accepts %o → %s', (policy, raw, expected) => {
    expect(validateInstanceUrl(raw, policy)).toBe(expected);
  });

  it.each([
    [production, 'https://x.salesforce.com.evil.io'],
    [production, 'https://evilsalesforce.com'],
    [production, 'http://acme.my.salesforce.com'],
    [production, 'https://evil.example'],
    [production, 'https://acme.my.salesforce.com:8443'],
    [production, 'https://user:pw@acme.my.salesforce.com'],
    [production, 'https://acme.my.salesforce.com/path'],
    [production, 'https://acme.lightning.force.com'],
    [production, 'javascript:alert(1)'],
    [production, 'not a url'],
    [production, 42],
    [myDomain, 'https://other.my.salesforce.com'],
    [myDomain, 'https://na1.salesforce.com'],
    [myDomain, 'https://acmeevil.my.salesforce.com'],
    [demo, 'http://127.0.0.1:40124'],
    [demo, 'http://localhost:40123'],
    [demo, 'https://acme.my.salesforce.com'],
  ])('rejects %o %s', (policy, raw) => {
    expect(rejects(() => validateInstanceUrl(raw, policy))).toBe(true);
  });
});

describe('identity URL', () => {
  it('extracts org and user ids from a Salesforce identity URL', () => {
    expect(parseIdentityUrl('https://login.salesforce.com/id/00Dx0000000BV7zEAG/005x00000012Q9PAAU', production)).toEqual({
      orgId: '00Dx0000000BV7zEAG',
      userId: '005x00000012Q9PAAU',
    });
    expect(parseIdentityUrl('http://127.0.0.1:40123/id/00D8d0000000001EAA/0058d0000000001AAA', demo).userId).toBe('0058d0000000001AAA');
  });

  it.each([
    [production, 'https://login.salesforce.com.evil.io/id/00Dx0000000BV7zEAG/005x00000012Q9PAAU'],
    [production, 'http://login.salesforce.com/id/00Dx0000000BV7zEAG/005x00000012Q9PAAU'],
    [production, 'https://login.salesforce.com/id/001x0000000BV7zEAG/005x00000012Q9PAAU'],
    [production, 'https://login.salesforce.com/id/00Dx0000000BV7zEAG/005x00000012Q9PAAU/extra'],
    [production, 'https://login.salesforce.com/other/00Dx0000000BV7zEAG/005x00000012Q9PAAU'],
    [demo, 'http://127.0.0.1:9/id/00D8d0000000001EAA/0058d0000000001AAA'],
  ])('rejects %o %s', (policy, raw) => {
    expect(rejects(() => parseIdentityUrl(raw, policy))).toBe(true);
  });
});

describe('login hosts', () => {
  it('maps environments to their authorization servers', () => {
    expect(loginHostFor('production')).toBe('https://login.salesforce.com');
    expect(loginHostFor('sandbox')).toBe('https://test.salesforce.com');
    expect(loginHostFor('custom', 'acme.my.salesforce.com')).toBe('https://acme.my.salesforce.com');
  });

  it.each([
    ['acme.my.salesforce.com', 'https://acme.my.salesforce.com'],
    ['  HTTPS://Acme.My.Salesforce.com/lightning/page/home ', 'https://acme.my.salesforce.com'],
    ['acme.lightning.force.com', 'https://acme.my.salesforce.com'],
    ['acme--uat.sandbox.lightning.force.com', 'https://acme--uat.sandbox.my.salesforce.com'],
    ['acme.my.salesforce-setup.com', 'https://acme.my.salesforce.com'],
  ])('normalises My Domain %s', (input, expected) => {
    expect(normalizeMyDomain(input)).toBe(expected);
  });

  it.each([
    '',
    'http://acme.my.salesforce.com',
    'acme.my.salesforce.com.evil.io',
    'evil.example',
    'acme.my.salesforce.com:444',
    'ftp://acme.my.salesforce.com',
  ])('refuses %j as a My Domain with a field error', (input) => {
    try {
      normalizeMyDomain(input);
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).fields).toEqual(['myDomain']);
    }
  });
});
