import { describe, expect, it } from 'vitest';
import { DEFAULT_OBJECT_LIST_PARAMS, listRoute, nextSort, parseRoute, routeHref, searchRoute, type Route } from '../../../src/renderer/src/lib/router';
import { printRouteLink } from '../../../src/shared/deep-links';

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

  it('opens search links (#/search?q=…) with the text filled, read as strictly as the desktop app reads its search link', () => {
    expect(parseRoute('#/search?q=Acme')).toEqual({ name: 'search', q: 'Acme' });
    // Form-decoded, trimmed; what a browser's address bar escapes comes back as typed.
    expect(parseRoute('#/search?q=ada+lovelace')).toEqual({ name: 'search', q: 'ada lovelace' });
    expect(parseRoute('#/search?q=%20caf%C3%A9%20')).toEqual({ name: 'search', q: 'café' });
    expect(parseRoute("#/search?q=O'Brien%20%26%20Sons%3F")).toEqual({ name: 'search', q: "O'Brien & Sons?" });
    // No query: the empty search page.
    expect(parseRoute('#/search')).toEqual({ name: 'search', q: '' });
    expect(parseRoute('#/search?')).toEqual({ name: 'search', q: '' });
    expect(routeHref({ name: 'search', q: '' })).toBe('#/search');
    // Round trip, and the same text after the desktop app's scheme is its search link.
    for (const q of ['Acme', 'ada lovelace', 'café & co', '50% off', 'a/b', 'x=y?z', '+1 (303) 555-0100', 'éé#1']) {
      const href = routeHref({ name: 'search', q });
      expect(parseRoute(href), href).toEqual({ name: 'search', q });
      expect(`com.atomforsalesforce.app:${href.slice(1)}`).toBe(printRouteLink({ kind: 'search', q }));
    }
  });

  it('refuses a search link the desktop app would refuse, and says why (no crash, an empty box)', () => {
    const refused: Array<[string, RegExp]> = [
      ['#/search?q=', /empty/],
      ['#/search?q=%20%20', /empty/],
      ['#/search?q=..', /\.\. segment/],
      ['#/search?q=%2e%2e', /escapes a dot/],
      ['#/search?q=%252e%252e', /encoded twice/],
      ['#/search?q=a%00b', /control or invisible/],
      ['#/search?q=a%E2%80%AEb', /control or invisible/],
      ['#/search?q=%E0%A4', /UTF-8/],
      ['#/search?q=%zz', /percent-encoding/],
      ['#/search?q=a&sort=Name', /only q/],
      ['#/search?text=a', /only q/],
      [`#/search?q=${'a'.repeat(101)}`, /longer than 100/],
    ];
    for (const [hash, reason] of refused) {
      const route = parseRoute(hash);
      expect(route, hash).toMatchObject({ name: 'search', q: '' });
      expect(route.name === 'search' && route.problem, hash).toMatch(reason);
    }
    expect(parseRoute(`#/search?q=${'a'.repeat(100)}`)).toEqual({ name: 'search', q: 'a'.repeat(100) });
  });

  it('turns text typed in a search box into the search route, or the reason a link could not carry it', () => {
    expect(searchRoute('  Acme corp ')).toEqual({ name: 'search', q: 'Acme corp' });
    expect(searchRoute('   ')).toEqual({ name: 'search', q: '' });
    expect(searchRoute('..')).toMatchObject({ name: 'search', q: '', problem: expect.stringMatching(/\.\. segment/) });
    expect(searchRoute('a\u200bb')).toMatchObject({ q: '', problem: expect.stringMatching(/invisible/) });
    expect(searchRoute('100%2e')).toMatchObject({ q: '', problem: expect.any(String) });
  });

  it('has a keyboard shortcuts page', () => {
    expect(parseRoute('#/shortcuts')).toEqual({ name: 'shortcuts' });
    expect(routeHref({ name: 'shortcuts' })).toBe('#/shortcuts');
  });

  it('sorts: same column flips, a new column starts ascending', () => {
    expect(nextSort({ sortBy: 'Name', sortDir: 'asc' }, 'Name')).toEqual({ sortBy: 'Name', sortDir: 'desc' });
    expect(nextSort({ sortBy: 'Name', sortDir: 'desc' }, 'Name')).toEqual({ sortBy: 'Name', sortDir: 'asc' });
    expect(nextSort({ sortBy: 'Name', sortDir: 'desc' }, 'Email')).toEqual({ sortBy: 'Email', sortDir: 'asc' });
  });
});
