import { describe, expect, it } from 'vitest';
import { soqlId } from '../../../src/main/core/salesforce/soql';

describe('SOQL record ids', () => {
  it('quotes a 15- or 18-character record id', () => {
    expect(soqlId('0018d0000000001AAA')).toBe(`'0018d0000000001AAA'`);
    expect(soqlId('0018d0000000001')).toBe(`'0018d0000000001'`);
  });

  it('refuses anything but a record id where an id goes', () => {
    for (const bad of [`001' OR Id != '`, '0018d0000000001AA', '', '0018d0000000001AAA\n', "0018d00000'0001AAA"]) {
      expect(() => soqlId(bad)).toThrow('Not a Salesforce record Id');
    }
  });
});
