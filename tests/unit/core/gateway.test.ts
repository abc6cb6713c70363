import { describe, expect, it } from 'vitest';
import { assertInstanceOrigin } from '../../../src/main/core/salesforce/gateway';

describe('gateway URL pinning', () => {
  const instance = 'https://acme.my.salesforce.com';
  it('allows only the instance origin', () => {
    expect(assertInstanceOrigin(instance, `${instance}/services/data/v62.0/query?q=x`)).toBe(`${instance}/services/data/v62.0/query?q=x`);
    for (const url of [
      'https://acme.my.salesforce.com.evil.io/services/data',
      'http://acme.my.salesforce.com/services/data',
      'https://acme.my.salesforce.com:444/services/data',
      'https://other.my.salesforce.com/services/data',
      'https://evil.example/?https://acme.my.salesforce.com',
    ]) {
      expect(() => assertInstanceOrigin(instance, url)).toThrow(/outside the connected org/);
    }
  });
});
