import { describe, expect, it } from 'vitest';
import { SalesforceError } from '../../src/emulator/errors';
import { describeGlobal, describeSObject, MASTER_RECORD_TYPE_ID, sobjectBasicInfo } from '../../src/emulator/org/describe';
import { createOrgSchema } from '../../src/emulator/org/schema';

const schema = createOrgSchema();

describe('describeGlobal', () => {
  it('lists every object with its flags and versioned URLs', () => {
    const global = describeGlobal(schema, '62.0');
    expect(global.encoding).toBe('UTF-8');
    expect(global.maxBatchSize).toBe(200);
    expect(global.sobjects.map((s) => s.name)).toEqual(schema.objects.map((o) => o.name));
    const account = global.sobjects.find((s) => s.name === 'Account')!;
    expect(account).toMatchObject({
      label: 'Account',
      labelPlural: 'Accounts',
      keyPrefix: '001',
      custom: false,
      queryable: true,
      createable: true,
      updateable: true,
      deletable: true,
      searchable: true,
      urls: {
        sobject: '/services/data/v62.0/sobjects/Account',
        describe: '/services/data/v62.0/sobjects/Account/describe',
        rowTemplate: '/services/data/v62.0/sobjects/Account/{ID}',
      },
    });
    expect(global.sobjects.find((s) => s.name === 'Competitor__c')?.custom).toBe(true);
    expect(global.sobjects.find((s) => s.name === 'Organization')?.createable).toBe(false);
  });
});

describe('describeSObject', () => {
  it('describes fields with Salesforce types and properties', () => {
    const d = describeSObject(schema, 'account', '58.0');
    expect(d.name).toBe('Account');
    const byName = Object.fromEntries(d.fields.map((f) => [f.name, f]));
    expect(byName.Id).toMatchObject({ type: 'id', soapType: 'tns:ID', length: 18, nillable: false, createable: false, idLookup: true });
    expect(byName.Name).toMatchObject({
      type: 'string',
      soapType: 'xsd:string',
      length: 255,
      byteLength: 765,
      nillable: false,
      createable: true,
      updateable: true,
      nameField: true,
      label: 'Account Name',
      filterable: true,
      sortable: true,
      groupable: true,
    });
    expect(byName.AnnualRevenue).toMatchObject({ type: 'currency', soapType: 'xsd:double', precision: 18, scale: 0 });
    expect(byName.NumberOfEmployees).toMatchObject({ type: 'int', soapType: 'xsd:int', digits: 8 });
    expect(byName.Description).toMatchObject({ type: 'textarea', length: 32000, filterable: false, sortable: false });
    expect(byName.CreatedDate).toMatchObject({ type: 'datetime', soapType: 'xsd:dateTime', groupable: false });
    expect(byName.ParentId).toMatchObject({ type: 'reference', referenceTo: ['Account'], relationshipName: 'Parent' });
    expect(byName.External_Id__c).toMatchObject({ custom: true, externalId: true, unique: true, idLookup: true });
    expect(byName.Industry.picklistValues).toContainEqual({ active: true, defaultValue: false, label: 'Banking', validFor: null, value: 'Banking' });
    expect(byName.Phone.referenceTo).toEqual([]);
    expect(byName.Phone.relationshipName).toBeNull();
  });

  it('lists child relationships, including unnamed ones', () => {
    const d = describeSObject(schema, 'Account', '62.0');
    expect(d.childRelationships).toContainEqual(
      expect.objectContaining({ childSObject: 'Contact', field: 'AccountId', relationshipName: 'Contacts', cascadeDelete: true }),
    );
    expect(d.childRelationships).toContainEqual(expect.objectContaining({ childSObject: 'Task', field: 'WhatId', relationshipName: 'Tasks' }));
    expect(d.childRelationships).toContainEqual(expect.objectContaining({ childSObject: 'Lead', field: 'ConvertedAccountId', relationshipName: null }));
    const opp = describeSObject(schema, 'Opportunity', '62.0');
    expect(opp.childRelationships).toContainEqual(
      expect.objectContaining({ childSObject: 'Competitor__c', field: 'Opportunity__c', relationshipName: 'Competitors__r', cascadeDelete: true }),
    );
    const task = describeSObject(schema, 'Task', '62.0');
    const what = task.fields.find((f) => f.name === 'WhatId')!;
    expect(what).toMatchObject({ polymorphicForeignKey: true, namePointing: true, relationshipName: 'What' });
    expect(what.referenceTo).toEqual(['Account', 'Opportunity', 'Case', 'Campaign']);
  });

  it('has the master record type and versioned URLs', () => {
    const d = describeSObject(schema, 'Contact', '62.0');
    expect(d.recordTypeInfos).toHaveLength(1);
    expect(d.recordTypeInfos[0]).toMatchObject({ master: true, recordTypeId: MASTER_RECORD_TYPE_ID, name: 'Master' });
    expect(d.urls.describe).toBe('/services/data/v62.0/sobjects/Contact/describe');
    expect(d.urls.layouts).toBe('/services/data/v62.0/sobjects/Contact/describe/layouts');
  });

  it('throws NOT_FOUND for an unknown object', () => {
    let caught: unknown;
    try {
      describeSObject(schema, 'Foo', '62.0');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SalesforceError);
    expect(caught).toMatchObject({ status: 404, errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' });
    expect(() => sobjectBasicInfo(schema, 'Foo', '62.0', [])).toThrow(SalesforceError);
  });
});

describe('sobjectBasicInfo', () => {
  it('wraps the object summary and the recent items', () => {
    const recent = [{ attributes: { type: 'Account', url: '/x' }, Id: '001', Name: 'A' }];
    const info = sobjectBasicInfo(schema, 'Account', '62.0', recent);
    expect(info.objectDescribe).toMatchObject({ name: 'Account', keyPrefix: '001', urls: { sobject: '/services/data/v62.0/sobjects/Account' } });
    expect(info.recentItems).toBe(recent);
  });
});
