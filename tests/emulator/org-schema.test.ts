import { describe, expect, it } from 'vitest';
import { createOrgSchema, OPPORTUNITY_STAGES } from '../../src/emulator/org/schema';
import { makeId } from '../../src/emulator/org/ids';

const schema = createOrgSchema();

describe('Demo org schema', () => {
  it('has the expected objects with their real key prefixes', () => {
    const prefixes = Object.fromEntries(schema.objects.map((o) => [o.name, o.keyPrefix]));
    expect(prefixes).toMatchObject({
      Organization: '00D',
      Profile: '00e',
      User: '005',
      Account: '001',
      Contact: '003',
      Opportunity: '006',
      Lead: '00Q',
      Case: '500',
      Campaign: '701',
      CampaignMember: '00v',
      Task: '00T',
      Event: '00U',
      Competitor__c: 'a01',
    });
  });

  it('looks objects and fields up case-insensitively and returns canonical names', () => {
    expect(schema.getObject('account')?.name).toBe('Account');
    expect(schema.getObject('COMPETITOR__C')?.name).toBe('Competitor__c');
    expect(schema.getField('contact', 'lastname')?.name).toBe('LastName');
    expect(schema.getField('Account', 'external_id__c')?.name).toBe('External_Id__c');
    expect(schema.getObject('Foo')).toBeUndefined();
    expect(schema.getField('Account', 'Foo')).toBeUndefined();
  });

  it('gives every data object the system fields', () => {
    for (const name of ['Account', 'Contact', 'Opportunity', 'Lead', 'Case', 'Campaign', 'Task', 'Event', 'Competitor__c']) {
      for (const f of ['Id', 'IsDeleted', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp']) {
        expect(schema.getField(name, f), `${name}.${f}`).toBeDefined();
      }
    }
    for (const name of ['Account', 'Contact', 'Opportunity', 'Lead', 'Case']) {
      expect(schema.getField(name, 'LastActivityDate')?.type).toBe('date');
      const ext = schema.getField(name, 'External_Id__c');
      expect(ext).toMatchObject({ unique: true, externalId: true, idLookup: true, custom: true });
    }
    expect(schema.getField('Campaign', 'External_Id__c')?.externalId).toBe(true);
    // Master-detail children have no owner.
    expect(schema.getField('Competitor__c', 'OwnerId')).toBeUndefined();
    expect(schema.getField('Account', 'OwnerId')?.referenceTo).toEqual(['User']);
  });

  it('resolves parent relationships by name', () => {
    expect(schema.getRelationshipField('Contact', 'account')?.name).toBe('AccountId');
    expect(schema.getRelationshipField('Account', 'Parent')?.name).toBe('ParentId');
    expect(schema.getRelationshipField('Account', 'Owner')?.referenceTo).toEqual(['User']);
    expect(schema.getRelationshipField('Task', 'What')?.referenceTo).toEqual(['Account', 'Opportunity', 'Case', 'Campaign']);
    expect(schema.getRelationshipField('Task', 'Who')?.referenceTo).toEqual(['Contact', 'Lead']);
    expect(schema.getRelationshipField('Competitor__c', 'Opportunity__r')?.name).toBe('Opportunity__c');
    expect(schema.getRelationshipField('User', 'Profile')?.name).toBe('ProfileId');
    expect(schema.getRelationshipField('Lead', 'ConvertedAccount')?.name).toBe('ConvertedAccountId');
    expect(schema.getRelationshipField('Contact', 'Nope')).toBeUndefined();
  });

  it('derives child relationships from reference fields', () => {
    const names = schema.childRelationships('Account').map((c) => c.relationshipName);
    expect(names).toEqual(expect.arrayContaining(['Contacts', 'Opportunities', 'Cases', 'ChildAccounts', 'Tasks', 'Events']));
    expect(schema.getChildRelationship('account', 'contacts')).toEqual({
      childSObject: 'Contact',
      field: 'AccountId',
      relationshipName: 'Contacts',
      cascadeDelete: true,
    });
    expect(schema.getChildRelationship('Opportunity', 'Competitors__r')).toMatchObject({
      childSObject: 'Competitor__c',
      field: 'Opportunity__c',
      cascadeDelete: true,
    });
    expect(schema.getChildRelationship('Lead', 'Tasks')?.field).toBe('WhoId');
    expect(schema.getChildRelationship('Campaign', 'CampaignMembers')?.childSObject).toBe('CampaignMember');
    expect(schema.getChildRelationship('Campaign', 'Opportunities')?.field).toBe('CampaignId');
    expect(schema.getChildRelationship('Profile', 'Users')?.field).toBe('ProfileId');
    expect(schema.getChildRelationship('Account', 'Nope')).toBeUndefined();
  });

  it('maps Ids to objects by key prefix', () => {
    expect(schema.objectForId(makeId('006', 5))?.name).toBe('Opportunity');
    expect(schema.objectForId('00Q000000000001')?.name).toBe('Lead');
    expect(schema.objectForId('zzz000000000001')).toBeUndefined();
  });

  it('carries the standard opportunity stages with probabilities and forecast categories', () => {
    const stage = schema.getField('Opportunity', 'StageName');
    expect(stage?.picklistValues?.map((p) => p.value)).toEqual(OPPORTUNITY_STAGES.map((s) => s.value));
    const byValue = Object.fromEntries(OPPORTUNITY_STAGES.map((s) => [s.value, s.probability]));
    expect(byValue).toEqual({
      Prospecting: 10,
      Qualification: 10,
      'Needs Analysis': 20,
      'Value Proposition': 50,
      'Id. Decision Makers': 60,
      'Perception Analysis': 70,
      'Proposal/Price Quote': 75,
      'Negotiation/Review': 90,
      'Closed Won': 100,
      'Closed Lost': 0,
    });
    expect(schema.getField('Lead', 'Status')?.picklistValues?.map((p) => p.value)).toEqual([
      'Open - Not Contacted',
      'Working - Contacted',
      'Closed - Converted',
      'Closed - Not Converted',
    ]);
  });

  it('exposes the fields the Salesforce CLI reads from Organization', () => {
    for (const f of ['Name', 'InstanceName', 'IsSandbox', 'TrialExpirationDate', 'NamespacePrefix', 'OrganizationType']) {
      expect(schema.getField('Organization', f), f).toBeDefined();
    }
  });
});
