import { describe, expect, it } from 'vitest';
import { escapeSoqlString, soqlContainsPattern, soqlId, soqlPrefixPattern, soqlString } from '../../../src/main/core/salesforce/soql';
import { buildContactWhere } from '../../../src/main/core/crm/contacts.service';
import { buildAccountWhere } from '../../../src/main/core/crm/accounts.service';

describe('SOQL escaping', () => {
  it('escapes quotes, backslashes and control characters', () => {
    expect(escapeSoqlString(`O'Brien`)).toBe(`O\\'Brien`);
    expect(escapeSoqlString('a\\b')).toBe('a\\\\b');
    expect(escapeSoqlString('say "hi"')).toBe('say \\"hi\\"');
    expect(escapeSoqlString('line\nbreak\r\ttab')).toBe('line\\nbreak\\r\\ttab');
    expect(soqlString(`x' OR Name != '`)).toBe(`'x\\' OR Name != \\''`);
  });

  it('escapes a trailing backslash so it cannot swallow the closing quote', () => {
    expect(soqlString('abc\\')).toBe(`'abc\\\\'`);
  });

  it('escapes LIKE wildcards typed by the user', () => {
    expect(soqlContainsPattern('50%_off')).toBe(`'%50\\%\\_off%'`);
    expect(soqlPrefixPattern(`it's_`)).toBe(`'it\\'s\\_%'`);
    expect(soqlContainsPattern(`\\%'`)).toBe(`'%\\\\\\%\\'%'`);
  });

  it('builds search clauses with only escaped user text', () => {
    const where = buildContactWhere({ search: `a' OR Id != null OR Name LIKE '%` });
    expect(where).toBe(
      ` WHERE (Name LIKE '%a\\' OR Id != null OR Name LIKE \\'\\%%' OR Email LIKE '%a\\' OR Id != null OR Name LIKE \\'\\%%' OR Account.Name LIKE '%a\\' OR Id != null OR Name LIKE \\'\\%%')`,
    );
    expect(buildAccountWhere('')).toBe('');
    expect(buildAccountWhere('Syd_ney')).toBe(` WHERE (Name LIKE '%Syd\\_ney%' OR BillingCity LIKE '%Syd\\_ney%')`);
    expect(buildContactWhere({ accountId: '0018d0000000001AAA' })).toBe(` WHERE AccountId = '0018d0000000001AAA'`);
  });

  it('refuses anything but a record id where an id goes', () => {
    expect(soqlId('0018d0000000001AAA')).toBe(`'0018d0000000001AAA'`);
    expect(() => soqlId(`001' OR Id != '`)).toThrow();
  });
});
