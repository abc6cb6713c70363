/**
 * SOSL and parameterizedSearch against the same fixture as the SOQL tests: which records match,
 * in which order, with which fields, and Salesforce's errors for bad searches.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SalesforceError } from '../../src/emulator/errors';
import { parameterizedSearchFromUrl, runParameterizedSearch, runSearch, type ParameterizedSearchParams } from '../../src/emulator/soql/sosl';
import type { WireRecord } from '../../src/emulator/soql/types';
import { buildFixture, type Fixture } from './soql-fixture';

let fx: Fixture;
beforeAll(() => {
  fx = buildFixture();
});

const search = (sosl: string): WireRecord[] => runSearch(fx.store, sosl, '62.0').searchRecords;
const field = (records: WireRecord[], name: string): unknown[] => records.map((r) => r[name]);

function searchError(run: () => unknown): SalesforceError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SalesforceError);
    return error as SalesforceError;
  }
  throw new Error('expected a search error');
}

describe('SOSL', () => {
  it('finds a record by a word of its name and returns the listed fields', () => {
    const records = search('FIND {Gamma} RETURNING Account(Id, Name)');
    expect(records).toEqual([
      {
        attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${fx.ids.gamma}` },
        Id: fx.ids.gamma,
        Name: 'Fx Gamma',
      },
    ]);
  });

  it('matches whole words only, case-insensitively', () => {
    expect(search('FIND {gam} RETURNING Account(Name)')).toEqual([]);
    expect(field(search('FIND {GAMMA} RETURNING Account(Name)'), 'Name')).toEqual(['Fx Gamma']);
  });

  it('* matches the rest of a word; RETURNING ORDER BY sorts', () => {
    const records = search("FIND {Fx*} RETURNING Account(Name WHERE Name LIKE 'Fx%' ORDER BY Name)");
    expect(field(records, 'Name')).toEqual(['Fx Alpha', 'Fx beta', 'Fx Delta_%', 'Fx Gamma', "Fx O'Brien Epsilon"]);
  });

  it('? matches exactly one character', () => {
    expect(field(search('FIND {Gamm?} RETURNING Account(Name)'), 'Name')).toEqual(['Fx Gamma']);
    expect(search('FIND {Gam?} RETURNING Account(Name)')).toEqual([]);
  });

  it('a quoted phrase needs its words adjacent and in order', () => {
    expect(field(search('FIND {"Lead Co"} RETURNING Lead(Company)'), 'Company')).toEqual(['Fx Lead Co']);
    expect(search('FIND {"Co Lead"} RETURNING Lead(Company)')).toEqual([]);
  });

  it('adjacent terms must all match (implicit AND)', () => {
    expect(field(search('FIND {Alpha Deal} RETURNING Opportunity(Name ORDER BY Name)'), 'Name')).toEqual(['Fx Alpha Deal 1', 'Fx Alpha Deal 2']);
    expect(search('FIND {Alpha Gamma} RETURNING Account(Name)')).toEqual([]);
  });

  it('OR widens, AND NOT narrows', () => {
    expect(field(search('FIND {Alpha OR Gamma} RETURNING Account(Name ORDER BY Name)'), 'Name')).toEqual(['Fx Alpha', 'Fx Gamma']);
    expect(field(search("FIND {Deal AND NOT Beta} RETURNING Opportunity(Name WHERE Name LIKE 'Fx%' ORDER BY Name)"), 'Name')).toEqual([
      'Fx Alpha Deal 1',
      'Fx Alpha Deal 2',
      'Fx Delta Deal',
    ]);
  });

  it('searches text fields beyond the name in ALL FIELDS', () => {
    expect(field(search('FIND {anvils} RETURNING Account(Name)'), 'Name')).toEqual(['Fx Alpha']);
    expect(search('FIND {anvils} IN NAME FIELDS RETURNING Account(Name)')).toEqual([]);
  });

  it('IN EMAIL FIELDS matches e-mail addresses', () => {
    const records = search('FIND {ann@fx-alpha.example} IN EMAIL FIELDS RETURNING Contact(LastName, Email)');
    expect(records.map((r) => [r.LastName, r.Email])).toEqual([['Able', 'ann@fx-alpha.example']]);
    expect(search('FIND {Able} IN EMAIL FIELDS RETURNING Contact(LastName)')).toEqual([]);
  });

  it('returns objects in RETURNING order, with parent fields and per-object LIMIT', () => {
    const records = search('FIND {Alpha} RETURNING Account(Name), Contact(LastName, Account.Name ORDER BY LastName LIMIT 1), Opportunity(Name ORDER BY Name)');
    // 'Alpha' is also a word of Ann Able's e-mail address (ann@fx-alpha.example).
    expect(records.map((r) => (r.attributes as { type: string }).type)).toEqual(['Account', 'Contact', 'Opportunity', 'Opportunity']);
    expect(records[1]).toMatchObject({ LastName: 'Able', Account: { Name: 'Fx Alpha' } });
    const contacts = search('FIND {fx-alpha} RETURNING Contact(LastName, Account.Name)');
    expect(contacts).toHaveLength(1);
    expect(contacts[0].Account).toMatchObject({ Name: 'Fx Alpha' });
  });

  it('RETURNING WHERE filters like SOQL', () => {
    expect(field(search("FIND {Fx*} RETURNING Account(Name WHERE Industry = 'Technology' ORDER BY Name)"), 'Name')).toEqual(['Fx Alpha', 'Fx Delta_%']);
  });

  it('an overall LIMIT caps the records across objects', () => {
    expect(search('FIND {Alpha} RETURNING Account(Name), Opportunity(Name) LIMIT 2')).toHaveLength(2);
  });

  it('without ORDER BY, name matches rank before other fields', () => {
    const records = search('FIND {Alpha} RETURNING Account(Name), Contact(LastName)');
    expect(records[0]).toMatchObject({ Name: 'Fx Alpha' });
  });

  it('without RETURNING, returns Ids from every searchable object', () => {
    const records = search('FIND {Gamma}');
    expect(records).toContainEqual({
      attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${fx.ids.gamma}` },
      Id: fx.ids.gamma,
    });
    expect(records.every((r) => Object.keys(r).join() === 'attributes,Id')).toBe(true);
  });

  it('never returns recycle-bin records', () => {
    expect(search('FIND {Deleted} RETURNING Account(Name)')).toEqual([]);
  });

  it('ignores WITH clauses that do not change matching', () => {
    expect(field(search('FIND {Gamma} IN ALL FIELDS RETURNING Account(Name) WITH SPELL_CORRECTION = false'), 'Name')).toEqual(['Fx Gamma']);
  });

  it('rejects a one-character search term (INVALID_SEARCH)', () => {
    const error = searchError(() => search('FIND {g} RETURNING Account(Name)'));
    expect(error.errorCode).toBe('INVALID_SEARCH');
    expect(error.message).toBe('search term must be longer than one character: g');
  });

  it('rejects a search without braces (MALFORMED_SEARCH)', () => {
    const error = searchError(() => search("FIND 'Acme' RETURNING Account"));
    expect(error.errorCode).toBe('MALFORMED_SEARCH');
    expect(error.message).toBe('No search term found. The search term must be enclosed in braces.');
  });

  it('rejects an unknown keyword with the caret framing', () => {
    const error = searchError(() => search('FIND {Acme} RETURNIN Account'));
    expect(error.errorCode).toBe('MALFORMED_SEARCH');
    expect(error.message).toBe("\nFIND {Acme} RETURNIN Account\n            ^\nERROR at Row:1:Column:13\nunexpected token: 'RETURNIN'");
  });

  it('rejects an unknown object (INVALID_TYPE)', () => {
    const error = searchError(() => search('FIND {Acme} RETURNING Foo__c(Id)'));
    expect(error.errorCode).toBe('INVALID_TYPE');
    expect(error.message).toMatch(/sObject type 'Foo__c' is not supported/);
  });

  it('rejects an unknown field in RETURNING (INVALID_FIELD)', () => {
    const error = searchError(() => search('FIND {Acme} RETURNING Account(Nmae)'));
    expect(error.errorCode).toBe('INVALID_FIELD');
    expect(error.message).toMatch(/No such column 'Nmae' on entity 'Account'/);
  });
});

describe('parameterizedSearch', () => {
  it('searches the listed objects with their fields and limits', () => {
    const params: ParameterizedSearchParams = {
      q: 'Alpha',
      sobjects: [
        { name: 'Account', fields: ['Id', 'Name'] },
        { name: 'Opportunity', fields: ['Name'], limit: 1, where: "StageName = 'Prospecting'" },
      ],
    };
    const records = runParameterizedSearch(fx.store, params, '62.0').searchRecords;
    expect(records.map((r) => [(r.attributes as { type: string }).type, r.Name])).toEqual([
      ['Account', 'Fx Alpha'],
      ['Opportunity', 'Fx Alpha Deal 2'],
    ]);
  });

  it('applies default fields and the overall limit', () => {
    const records = runParameterizedSearch(
      fx.store,
      { q: 'Alpha', fields: ['Name'], sobjects: [{ name: 'Account' }, { name: 'Opportunity' }], overallLimit: 2 },
      '62.0',
    ).searchRecords;
    expect(records).toHaveLength(2);
    expect(records.every((r) => typeof r.Name === 'string')).toBe(true);
  });

  it('reads the GET form (sobject=..., Account.fields=..., Account.limit=...)', () => {
    const params = parameterizedSearchFromUrl(new URLSearchParams('q=Fx*&sobject=Account&Account.fields=id,name&Account.limit=2&in=NAME'));
    expect(params).toEqual({
      q: 'Fx*',
      sobjects: [{ name: 'Account', fields: ['id', 'name'], limit: 2, where: undefined }],
      fields: undefined,
      overallLimit: undefined,
      defaultLimit: undefined,
      in: 'NAME',
    });
    const records = runParameterizedSearch(fx.store, params, '62.0').searchRecords;
    expect(records).toHaveLength(2);
    expect(Object.keys(records[0])).toEqual(['attributes', 'Id', 'Name']);
  });

  it('rejects a short term and an unknown search group', () => {
    expect(searchError(() => runParameterizedSearch(fx.store, { q: 'a' }, '62.0')).errorCode).toBe('INVALID_SEARCH');
    expect(searchError(() => runParameterizedSearch(fx.store, { q: 'Acme', in: 'BOGUS' }, '62.0')).errorCode).toBe('INVALID_SEARCH');
  });
});
