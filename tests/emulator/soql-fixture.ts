/**
 * A small generated Demo org plus hand-made "Fx" records whose values the SOQL/SOSL tests
 * know exactly. The org clock is pinned to Wednesday 2024-05-15 12:00 UTC.
 */
import { generateDemoOrg } from '../../src/emulator/org/generate';
import { openOrgStore } from '../../src/emulator/org/store';
import type { OrgStore } from '../../src/emulator/org/types';

export const PINNED_NOW = new Date('2024-05-15T12:00:00.000Z');

export interface Fixture {
  store: OrgStore;
  userId: string;
  ids: Record<string, string>;
}

export function buildFixture(scale = 30): Fixture {
  const store = openOrgStore({ now: () => PINNED_NOW });
  const generated = generateDemoOrg(store, { seed: 7, scale });
  const as = { userId: generated.demoUserId };
  const ids: Record<string, string> = {};
  const create = (key: string, object: string, values: Record<string, unknown>): string => {
    ids[key] = store.create(object, values, as);
    return ids[key];
  };
  // CreatedDate is not writable through the API; the tests need varied values, so set it directly.
  const setCreated = (object: string, id: string, stamp: string): void => {
    store.db.prepare(`UPDATE "${object}" SET "CreatedDate" = ? WHERE "Id" = ?`).run(stamp, id);
  };

  create('alpha', 'Account', {
    Name: 'Fx Alpha',
    Industry: 'Technology',
    AnnualRevenue: 1000000,
    NumberOfEmployees: 50,
    Rating: 'Hot',
    BillingCity: 'Paris',
    Description: 'Makes anvils and rockets',
  });
  create('beta', 'Account', {
    Name: 'Fx beta',
    Industry: 'Banking',
    AnnualRevenue: 250000.5,
    NumberOfEmployees: 10,
    Rating: 'Cold',
    BillingCity: 'Berlin',
  });
  create('gamma', 'Account', { Name: 'Fx Gamma', NumberOfEmployees: 200, Rating: 'Warm' });
  create('delta', 'Account', { Name: 'Fx Delta_%', Industry: 'Technology', AnnualRevenue: 5000 });
  create('epsilon', 'Account', { Name: "Fx O'Brien Epsilon", Industry: 'Energy', AnnualRevenue: 7500 });
  create('deleted', 'Account', { Name: 'Fx Deleted', Industry: 'Energy' });
  setCreated('Account', ids.alpha, '2024-05-15T08:00:00.000+0000');
  setCreated('Account', ids.beta, '2024-05-14T23:30:00.000+0000');
  setCreated('Account', ids.gamma, '2024-04-20T10:00:00.000+0000');
  setCreated('Account', ids.delta, '2024-02-10T00:00:00.000+0000');
  setCreated('Account', ids.epsilon, '2023-06-01T00:00:00.000+0000');

  create('ann', 'Contact', {
    FirstName: 'Ann',
    LastName: 'Able',
    AccountId: ids.alpha,
    Email: 'ann@fx-alpha.example',
    Title: 'CEO',
  });
  create('bob', 'Contact', { FirstName: 'Bob', LastName: 'Baker', AccountId: ids.alpha, DoNotCall: true });
  create('carl', 'Contact', { FirstName: 'carl', LastName: 'Cole', AccountId: ids.alpha });
  create('dana', 'Contact', { FirstName: 'Dana', LastName: 'Dean', AccountId: ids.beta, Email: 'dana@fx-beta.example' });
  create('eve', 'Contact', { FirstName: 'Eve', LastName: 'Evans', AccountId: ids.delta });
  create('orphan', 'Contact', { FirstName: 'Olga', LastName: 'FxOrphan' });

  create('deal1', 'Opportunity', {
    Name: 'Fx Alpha Deal 1',
    AccountId: ids.alpha,
    StageName: 'Closed Won',
    Amount: 500,
    CloseDate: '2024-05-15',
  });
  create('deal2', 'Opportunity', {
    Name: 'Fx Alpha Deal 2',
    AccountId: ids.alpha,
    StageName: 'Prospecting',
    Amount: 1500,
    CloseDate: '2024-05-20',
  });
  create('deal3', 'Opportunity', {
    Name: 'Fx Beta Deal',
    AccountId: ids.beta,
    StageName: 'Closed Lost',
    Amount: 300,
    CloseDate: '2024-04-30',
  });
  create('deal4', 'Opportunity', {
    Name: 'Fx Delta Deal',
    AccountId: ids.delta,
    StageName: 'Prospecting',
    CloseDate: '2024-07-01',
  });

  create('rivalA', 'Competitor__c', { Name: 'Fx Rival A', Opportunity__c: ids.deal1, Threat_Level__c: 'High' });
  create('rivalB', 'Competitor__c', { Name: 'Fx Rival B', Opportunity__c: ids.deal1, Threat_Level__c: 'Low' });

  create('lead1', 'Lead', {
    FirstName: 'Lara',
    LastName: 'Lopez',
    Company: 'Fx Lead Co',
    Email: 'lara@fx-lead.example',
    Product_Interest__c: 'Analytics;Mobile',
  });
  create('lead2', 'Lead', { LastName: 'Fxlead Second', Company: 'Fx Other Co', Product_Interest__c: 'Support' });

  create('task1', 'Task', { Subject: 'Call', WhoId: ids.ann, WhatId: ids.alpha, ActivityDate: '2024-05-16' });
  create('task2', 'Task', { Subject: 'Send Quote', WhoId: ids.lead1, ActivityDate: '2024-05-10' });
  create('task3', 'Task', { Subject: 'Other', WhatId: ids.deal1 });

  store.delete('Account', ids.deleted, as);
  return { store, userId: generated.demoUserId, ids };
}
