/** validateRecordValues: one row per rule (required, writability, types, lengths, picklists, Ids). */
import { describe, expect, it } from 'vitest';
import { validateRecordValues, type ValidationMode } from '../../../src/shared/forms/record-validation';
import type { FormField } from '../../../src/shared/ipc/records.contract';

const field = (name: string, type: string, extra: Partial<FormField> = {}): FormField => ({
  name,
  label: name.replace(/([a-z])([A-Z])/g, '$1 $2'),
  type,
  required: false,
  createable: true,
  updateable: true,
  nillable: true,
  length: 0,
  precision: 0,
  scale: 0,
  digits: 0,
  picklistValues: [],
  restrictedPicklist: false,
  referenceTo: [],
  inlineHelpText: null,
  ...extra,
});

const FIELDS: FormField[] = [
  field('Name', 'string', { required: true, nillable: false, length: 120 }),
  field('StageName', 'picklist', {
    required: true,
    nillable: false,
    length: 255,
    picklistValues: [
      { value: 'Prospecting', label: 'Prospecting', default: true },
      { value: 'Closed Won', label: 'Closed Won', default: false },
    ],
  }),
  field('CloseDate', 'date', { required: true, nillable: false }),
  field('Amount', 'currency', { precision: 18, scale: 2 }),
  field('Probability', 'percent', { precision: 3, scale: 0 }),
  field('NumberOfEmployees', 'int', { digits: 8 }),
  field('Email', 'email', { length: 80 }),
  field('NextStep', 'string', { length: 255 }),
  field('AccountId', 'reference', { referenceTo: ['Account'] }),
  field('IsPrivate', 'boolean', { nillable: false }),
  field('Interests', 'multipicklist', {
    length: 4099,
    picklistValues: [
      { value: 'A', label: 'A', default: false },
      { value: 'B', label: 'B', default: false },
    ],
  }),
  field('LastActivityAt', 'datetime'),
  field('IsClosed', 'boolean', { createable: false, updateable: false, nillable: false }),
  field('ForecastCategoryName', 'picklist', { createable: true, updateable: false, picklistValues: [{ value: 'Pipeline', label: 'Pipeline', default: true }] }),
];
const meta = { fields: FIELDS };
const valid = { Name: 'Big deal', StageName: 'Prospecting', CloseDate: '2026-07-31' };

type Row = [string, ValidationMode, Record<string, unknown>, Array<[string, RegExp]> | Record<string, unknown>];

const cases: Row[] = [
  ['a minimal valid create', 'create', valid, { ...valid }],
  [
    'missing required fields on create',
    'create',
    {},
    [
      ['Name', /Name is required/],
      ['StageName', /Stage Name is required/],
      ['CloseDate', /Close Date is required/],
    ],
  ],
  ['blank required text on create', 'create', { ...valid, Name: '   ' }, [['Name', /required/]]],
  ['clearing a required field on update', 'update', { Name: '' }, [['Name', /required/]]],
  ['an update with only some fields', 'update', { Amount: '1,250.50' }, { Amount: 1250.5 }],
  ['text is trimmed; too long is refused', 'create', { ...valid, Name: 'x'.repeat(121) }, [['Name', /at most 120 characters/]]],
  ['trimmed text', 'update', { NextStep: '  call back  ' }, { NextStep: 'call back' }],
  ['empty optional text clears the field', 'update', { NextStep: '' }, { NextStep: null }],
  ['picklist value not in the list', 'create', { ...valid, StageName: 'Won-ish' }, [['StageName', /"Won-ish" is not one of its values/]]],
  ['inactive/unknown multipicklist value', 'update', { Interests: 'A;C' }, [['Interests', /"C"/]]],
  ['valid multipicklist', 'update', { Interests: 'A;B' }, { Interests: 'A;B' }],
  ['impossible date', 'create', { ...valid, CloseDate: '2026-02-30' }, [['CloseDate', /date like/]]],
  ['date in another format', 'create', { ...valid, CloseDate: '31/07/2026' }, [['CloseDate', /date like/]]],
  ['datetime', 'update', { LastActivityAt: '2026-07-31T10:00:00.000Z' }, { LastActivityAt: '2026-07-31T10:00:00.000Z' }],
  ['bad datetime', 'update', { LastActivityAt: 'tomorrow' }, [['LastActivityAt', /date and time/]]],
  ['number from text', 'update', { Amount: 'lots' }, [['Amount', /must be a number/]]],
  ['too many digits before the point', 'update', { Probability: 1000 }, [['Probability', /at most 3 digits/]]],
  ['percent above 100 (the form says 0–100)', 'update', { Probability: '150' }, [['Probability', /between 0 and 100/]]],
  ['negative percent', 'update', { Probability: -5 }, [['Probability', /between 0 and 100/]]],
  ['percent at its bounds', 'update', { Probability: '100' }, { Probability: 100 }],
  ['percent with more decimals than its scale', 'update', { Probability: '50.5' }, [['Probability', /whole number/]]],
  ['currency with three decimals (scale 2)', 'update', { Amount: '12.345' }, [['Amount', /at most 2 digits after the decimal point/]]],
  ['currency with two decimals', 'update', { Amount: '1,234.50' }, { Amount: 1234.5 }],
  ['currency typed as a number with too many decimals', 'update', { Amount: 0.125 }, [['Amount', /at most 2 digits after/]]],
  ['int must be whole', 'update', { NumberOfEmployees: 12.5 }, [['NumberOfEmployees', /whole number/]]],
  ['int digits', 'update', { NumberOfEmployees: 123_456_789 }, [['NumberOfEmployees', /at most 8 digits/]]],
  ['email shape', 'update', { Email: 'not-an-email' }, [['Email', /email address/]]],
  ['reference must be an Id', 'update', { AccountId: "001' OR 1=1" }, [['AccountId', /Account Id/]]],
  ['reference to an 18-char Id', 'update', { AccountId: '001000000000001AAA' }, { AccountId: '001000000000001AAA' }],
  ['reference to an offline-created record', 'update', { AccountId: `local-${'a'.repeat(32)}` }, { AccountId: `local-${'a'.repeat(32)}` }],
  ['boolean from text', 'update', { IsPrivate: 'true' }, { IsPrivate: true }],
  ['boolean nonsense', 'update', { IsPrivate: 'maybe' }, [['IsPrivate', /true or false/]]],
  ['read-only field', 'update', { IsClosed: true }, [['IsClosed', /cannot be changed/]]],
  ['create-only field on update', 'update', { ForecastCategoryName: 'Pipeline' }, [['ForecastCategoryName', /cannot be changed/]]],
  ['create-only field on create', 'create', { ...valid, ForecastCategoryName: 'Pipeline' }, { ...valid, ForecastCategoryName: 'Pipeline' }],
  ['a field the form does not have', 'update', { Secret__c: 'x' }, [['Secret__c', /not a field of this form/]]],
  ['wrong kind of value for text', 'update', { NextStep: 42 }, [['NextStep', /must be text/]]],
];

describe('validateRecordValues', () => {
  for (const [name, mode, values, expected] of cases) {
    it(name, () => {
      const result = validateRecordValues(meta, values, mode);
      if (Array.isArray(expected)) {
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.issues.map((i) => i.field)).toEqual(expected.map(([f]) => f));
        expected.forEach(([, pattern], i) => expect(result.issues[i].message).toMatch(pattern));
        expect(result.message).toContain(result.issues[0].message);
      } else {
        expect(result).toEqual({ ok: true, values: expected });
      }
    });
  }

  it("the core's mode passes fields outside the form to Salesforce, but only plain values", () => {
    expect(validateRecordValues(meta, { Description: 'free text' }, 'update', { unknownFields: 'pass' })).toEqual({
      ok: true,
      values: { Description: 'free text' },
    });
    expect(validateRecordValues(meta, { Description: { nested: 1 } }, 'update', { unknownFields: 'pass' }).ok).toBe(false);
  });
});
