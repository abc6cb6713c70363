import { describe, expect, it } from 'vitest';
import { DEFAULT_OBJECT_LIST_PARAMS, listRoute, nextSort, parseRoute, routeHref, type Route } from '../../../src/renderer/src/lib/router';

describe('hash router', () => {
  it('parses the screens; Contacts and Accounts are cached objects like the others', () => {
    expect(parseRoute('')).toEqual({ name: 'start' });
    expect(parseRoute('#/')).toEqual({ name: 'start' });
    expect(parseRoute('#/home')).toEqual({ name: 'home' });
    expect(parseRoute('#/connections')).toEqual({ name: 'connections' });
    expect(parseRoute('#/settings')).toEqual({ name: 'settings' });
    expect(parseRoute('#/contacts')).toEqual({ name: 'object-list', object: 'Contact', params: DEFAULT_OBJECT_LIST_PARAMS });
    expect(parseRoute('#/accounts')).toEqual({ name: 'object-list', object: 'Account', params: DEFAULT_OBJECT_LIST_PARAMS });
    expect(parseRoute('#/contacts/new')).toEqual({ name: 'object-new', object: 'Contact' });
    expect(parseRoute('#/accounts/new')).toEqual({ name: 'object-new', object: 'Account' });
    expect(parseRoute('#/contacts/003000000000001AAA')).toEqual({ name: 'object-record', object: 'Contact', id: '003000000000001AAA' });
    expect(parseRoute('#/accounts/001000000000001')).toEqual({ name: 'object-record', object: 'Account', id: '001000000000001' });
    expect(parseRoute('#/accounts/001000000000001AAA/edit')).toEqual({ name: 'object-edit', object: 'Account', id: '001000000000001AAA' });
    expect(parseRoute('#/nowhere')).toEqual({ name: 'not-found', path: '/nowhere' });
  });

  it('keeps list state in the URL and round-trips it', () => {
    const route = parseRoute('#/contacts?q=ada%20l&sort=Email&dir=desc&view=mine');
    expect(route).toEqual({ name: 'object-list', object: 'Contact', params: { search: 'ada l', sortBy: 'Email', sortDir: 'desc', view: 'mine' } });
    expect(parseRoute(routeHref(route))).toEqual(route);
    expect(routeHref(listRoute('Contact'))).toBe('#/contacts');
    expect(routeHref(listRoute('Account', { view: 'recent' }))).toBe('#/accounts?view=recent');
  });

  it('lands old paged-list addresses on the list: search and sort kept, page and size dropped', () => {
    const old = parseRoute('#/contacts?q=lee&sort=Email&dir=desc&page=3&size=100');
    expect(old).toEqual({ name: 'object-list', object: 'Contact', params: { search: 'lee', sortBy: 'Email', sortDir: 'desc', view: '' } });
    expect(routeHref(old)).toBe('#/contacts?q=lee&sort=Email&dir=desc');
    expect(parseRoute('#/accounts?page=2&size=25')).toEqual({ name: 'object-list', object: 'Account', params: DEFAULT_OBJECT_LIST_PARAMS });
  });

  it('falls back to defaults for anything outside the whitelists', () => {
    expect(parseRoute('#/contacts?sort=Password__c);--&dir=sideways&view=<x>')).toEqual(listRoute('Contact'));
    expect(parseRoute(`#/accounts?q=${'a'.repeat(300)}`)).toMatchObject({ params: { search: 'a'.repeat(100) } });
  });

  it('refuses record ids that are not Salesforce ids', () => {
    expect(parseRoute('#/contacts/../settings').name).toBe('not-found');
    for (const bad of ['#/contacts/<script>', '#/contacts/123', '#/accounts/001000000000001AAAA']) {
      expect(parseRoute(bad).name).toBe('bad-record-id');
    }
  });

  it('carries the parent account into a new contact, only with a valid id (old accountId links too)', () => {
    const route: Route = { name: 'object-new', object: 'Contact', prefill: { AccountId: '001000000000001AAA' } };
    expect(routeHref(route)).toBe('#/contacts/new?AccountId=001000000000001AAA');
    expect(parseRoute(routeHref(route))).toEqual(route);
    expect(parseRoute('#/contacts/new?accountId=001000000000001AAA&accountName=Acme%20%26%20Co')).toEqual(route);
    expect(parseRoute('#/contacts/new?accountId=javascript:alert(1)&accountName=x')).toEqual({ name: 'object-new', object: 'Contact' });
    expect(parseRoute('#/cases/new?ContactId=003000000000001AAA&AccountId=001000000000001AAA')).toEqual({
      name: 'object-new',
      object: 'Case',
      prefill: { AccountId: '001000000000001AAA', ContactId: '003000000000001AAA' },
    });
  });

  it('answers #/tasks with My tasks; every task is #/tasks?all=1, which keeps its flag through search and sort', () => {
    expect(parseRoute('#/tasks')).toEqual({ name: 'my-tasks' });
    expect(routeHref({ name: 'my-tasks' })).toBe('#/tasks');
    const all = parseRoute('#/tasks?all=1');
    expect(all).toEqual({ name: 'object-list', object: 'Task', params: DEFAULT_OBJECT_LIST_PARAMS });
    expect(routeHref(listRoute('Task'))).toBe('#/tasks?all=1');
    const searched = listRoute('Task', { search: 'call', sortBy: 'ActivityDate', sortDir: 'desc' });
    expect(routeHref(searched)).toBe('#/tasks?all=1&q=call&sort=ActivityDate&dir=desc');
    expect(parseRoute(routeHref(searched))).toEqual(searched);
    // A task's own pages are the generic ones; events keep their generic list.
    expect(parseRoute('#/tasks/00T000000000001AAA')).toEqual({ name: 'object-record', object: 'Task', id: '00T000000000001AAA' });
    expect(parseRoute('#/tasks/new')).toEqual({ name: 'object-new', object: 'Task' });
    expect(parseRoute('#/events')).toEqual({ name: 'object-list', object: 'Event', params: DEFAULT_OBJECT_LIST_PARAMS });
    expect(routeHref(listRoute('Event'))).toBe('#/events');
    expect(parseRoute('#/events/00U000000000001AAA')).toEqual({ name: 'object-record', object: 'Event', id: '00U000000000001AAA' });
  });

  it('opens record links (#/record/<Id>) on their object, by key prefix, and names what is wrong with a bad one', () => {
    // 15-character Ids gain their suffix; an 18-character one must carry the suffix its body implies.
    expect(parseRoute('#/record/0038d0000000081')).toEqual({ name: 'object-record', object: 'Contact', id: '0038d0000000081AAA' });
    expect(parseRoute('#/record/003G000001SUbc4IAD')).toEqual({ name: 'object-record', object: 'Contact', id: '003G000001SUbc4IAD' });
    expect(parseRoute('#/record/00T000000000001')).toMatchObject({ name: 'object-record', object: 'Task' });
    expect(parseRoute('#/record/003G000001SUbc4AAA')).toEqual({ name: 'record-link', id: '003G000001SUbc4AAA', problem: 'invalid' });
    expect(parseRoute('#/record/not-an-id')).toEqual({ name: 'record-link', id: 'not-an-id', problem: 'invalid' });
    expect(parseRoute('#/record/a0X000000000001')).toEqual({ name: 'record-link', id: 'a0X000000000001EAA', problem: 'unknown-object' });
    expect(routeHref({ name: 'record-link', id: 'bad', problem: 'invalid' })).toBe('#/record/bad');
  });

  it('sorts: same column flips, a new column starts ascending', () => {
    expect(nextSort({ sortBy: 'Name', sortDir: 'asc' }, 'Name')).toEqual({ sortBy: 'Name', sortDir: 'desc' });
    expect(nextSort({ sortBy: 'Name', sortDir: 'desc' }, 'Name')).toEqual({ sortBy: 'Name', sortDir: 'asc' });
    expect(nextSort({ sortBy: 'Name', sortDir: 'desc' }, 'Email')).toEqual({ sortBy: 'Email', sortDir: 'asc' });
  });
});
