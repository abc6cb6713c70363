/**
 * The object registry (src/shared/objects/registry.ts): it checks each declaration when it loads,
 * and what the contract derives from it is what the app had before the registry (the lists'
 * sort fields, row shapes, writable objects), so moving the declarations changed no behaviour.
 */
import { describe, expect, it } from 'vitest';
import { SORT_FIELDS, LIST_ROW_SCHEMAS, FORM_FIELDS } from '../../../src/shared/ipc/records.contract';
import { SYNC_OBJECTS } from '../../../src/shared/ipc/sync.contract';
import { WRITABLE_OBJECTS } from '../../../src/shared/ipc/outbox.contract';
import {
  createObjectRegistry,
  extendRegistry,
  keyFieldsOf,
  listRowFieldsOf,
  OBJECT_REGISTRY,
  objectDef,
  searchFieldsOf,
  type ObjectDef,
} from '../../../src/shared/objects/registry';

const base: ObjectDef = {
  ...objectDef('Campaign'),
  name: 'Thing__c',
  path: 'things',
  keyPrefix: 'a0X',
};

describe('object registry', () => {
  it('declares the eight objects, in order, for every enum of the contract', () => {
    const eight = ['Account', 'Contact', 'Opportunity', 'Lead', 'Case', 'Task', 'Event', 'Campaign'];
    expect([...SYNC_OBJECTS]).toEqual(eight);
    expect([...OBJECT_REGISTRY.names]).toEqual(eight);
    expect([...WRITABLE_OBJECTS]).toEqual(eight);
  });

  it('derives the sort fields the lists had (default first)', () => {
    expect(SORT_FIELDS).toEqual({
      Account: ['Name', 'Type', 'Industry', 'BillingCity', 'AnnualRevenue', 'LastModifiedDate'],
      Contact: ['Name', 'Title', 'Account.Name', 'Email', 'LastModifiedDate'],
      Opportunity: ['CloseDate', 'Name', 'Account.Name', 'StageName', 'Amount', 'LastModifiedDate'],
      Lead: ['Name', 'Company', 'Email', 'Status', 'LastModifiedDate'],
      Case: ['CreatedDate', 'CaseNumber', 'Subject', 'Status', 'Priority', 'Account.Name', 'LastModifiedDate'],
      Task: ['ActivityDate', 'Subject', 'Status', 'LastModifiedDate'],
      Event: ['StartDateTime', 'Subject', 'LastModifiedDate'],
      Campaign: ['Name', 'Type', 'Status', 'StartDate', 'EndDate', 'ExpectedRevenue', 'LastModifiedDate'],
    });
  });

  it('derives the list row shapes the contract had', () => {
    const fields = (object: (typeof SYNC_OBJECTS)[number]) => [...listRowFieldsOf(objectDef(object)), 'Id', 'localState'].sort();
    expect(fields('Opportunity')).toEqual(
      [
        'Id',
        'Owner.Name',
        'LastModifiedDate',
        'localState',
        'Name',
        'AccountId',
        'Account.Name',
        'StageName',
        'Amount',
        'Probability',
        'CloseDate',
        'IsClosed',
        'IsWon',
        // The columns a rep can add (moreColumns).
        'Type',
        'LeadSource',
        'NextStep',
        'ForecastCategoryName',
        'LastActivityDate',
        'CreatedDate',
      ].sort(),
    );
    expect(fields('Case')).toEqual(
      [
        'Id',
        'Owner.Name',
        'LastModifiedDate',
        'localState',
        'CaseNumber',
        'Subject',
        'Status',
        'Priority',
        'Origin',
        'AccountId',
        'Account.Name',
        'ContactId',
        'Contact.Name',
        'IsClosed',
        'CreatedDate',
        'Type',
        'SuppliedEmail',
        'ClosedDate',
      ].sort(),
    );
    // Typed by the kind the cache keeps: numbers, booleans, text.
    const row = {
      Id: '006',
      localState: 'synced',
      'Owner.Name': null,
      LastModifiedDate: null,
      Name: 'Deal',
      AccountId: null,
      'Account.Name': null,
      StageName: null,
      Amount: 5,
      Probability: 10,
      CloseDate: '2026-01-01',
      IsClosed: false,
      IsWon: false,
      Type: null,
      LeadSource: null,
      NextStep: 'Send the quote',
      ForecastCategoryName: null,
      LastActivityDate: null,
      CreatedDate: null,
    };
    expect(LIST_ROW_SCHEMAS.Opportunity.parse(row)).toEqual(row);
    expect(() => LIST_ROW_SCHEMAS.Opportunity.parse({ ...row, Amount: '5' })).toThrow();
    expect(FORM_FIELDS.Case[0]).toBe('Subject');
  });

  it('names the fields search matches per object', () => {
    expect(searchFieldsOf(objectDef('Contact'))).toEqual(['Name', 'Email', 'Phone', 'Account.Name']);
    expect(searchFieldsOf(objectDef('Case'))).toEqual(['Subject', 'SuppliedEmail', 'SuppliedPhone', 'Account.Name', 'CaseNumber']);
  });

  it('finds objects by path and by record Id', () => {
    expect(OBJECT_REGISTRY.byPath('opportunities')?.name).toBe('Opportunity');
    expect(OBJECT_REGISTRY.ofId('00Q000000000001AAA')?.name).toBe('Lead');
    expect(OBJECT_REGISTRY.ofId('00T000000000001AAA')?.name).toBe('Task');
    expect(OBJECT_REGISTRY.byPath('events')?.name).toBe('Event');
    expect(OBJECT_REGISTRY.has('Note')).toBe(false);
    expect(() => OBJECT_REGISTRY.get('Note')).toThrow(/not kept in the local cache/);
  });

  it('extends without touching the shared registry', () => {
    const extended = extendRegistry(OBJECT_REGISTRY, base);
    expect(extended.names.at(-1)).toBe('Thing__c');
    expect(OBJECT_REGISTRY.has('Thing__c')).toBe(false);
  });

  it('scopes activities by their owner or a record the user owns, by fields they sync', () => {
    expect(objectDef('Task').relatedScope?.map((r) => r.field)).toEqual(['AccountId', 'WhatId', 'WhoId']);
    expect(() => createObjectRegistry([{ ...base, relatedScope: [{ field: 'WhoId', parents: ['Contact'] }] }])).toThrow(/scopes by "WhoId"/);
  });

  it('refuses declarations that would break the cache or inline unsafe SQL', () => {
    expect(() => createObjectRegistry([base, base])).toThrow(/declared twice/);
    expect(() => createObjectRegistry([base, { ...base, name: 'Other__c' }])).toThrow(/shares its path or key prefix/);
    expect(() => createObjectRegistry([{ ...base, name: "x'; DROP TABLE records; --" }])).toThrow(/not an API name/);
    expect(() => createObjectRegistry([{ ...base, titleField: 'Nope' }])).toThrow(/not one of its synced fields/);
    expect(() => createObjectRegistry([{ ...base, fields: base.fields.filter((f) => f.name !== 'SystemModstamp') }])).toThrow(/must sync SystemModstamp/);
    expect(() => createObjectRegistry([{ ...base, defaultSort: 'BudgetedCost' }])).toThrow(/default sort/);
    expect(() => createObjectRegistry([{ ...base, keyFields: ['Status', 'Nope__c'] }])).toThrow(/uses "Nope__c"/);
    expect(() => createObjectRegistry([{ ...base, indexes: [{ name: 'evil; DROP', on: 'id' }] }])).toThrow(/bad index name/);
  });

  it("puts first on a record's page what a salesperson needs first", () => {
    const key = (name: Parameters<typeof objectDef>[0]) => keyFieldsOf(objectDef(name));
    expect(key('Opportunity').slice(0, 5)).toEqual(['AccountId', 'OwnerId', 'StageName', 'Amount', 'CloseDate']);
    expect(key('Case').slice(0, 3)).toEqual(['Status', 'Priority', 'ContactId']);
    expect(key('Lead').slice(0, 4)).toEqual(['Status', 'Company', 'Email', 'Phone']);
    expect(key('Contact').slice(0, 2)).toEqual(['AccountId', 'OwnerId']);
    // An object that declares none (an extension's) shows the first fields of its form.
    const { keyFields: _none, ...plain } = base;
    expect(keyFieldsOf(plain)).toEqual(base.formFields.slice(0, 6));
  });
});
