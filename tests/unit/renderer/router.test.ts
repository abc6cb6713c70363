import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTACT_PARAMS, nextSort, parseRoute, routeHref, type Route } from '../../../src/renderer/src/lib/router';

describe('hash router', () => {
  it('parses the screens', () => {
    expect(parseRoute('')).toEqual({ name: 'home' });
    expect(parseRoute('#/')).toEqual({ name: 'home' });
    expect(parseRoute('#/connections')).toEqual({ name: 'connections' });
    expect(parseRoute('#/settings')).toEqual({ name: 'settings' });
    expect(parseRoute('#/contacts')).toEqual({ name: 'contacts', params: DEFAULT_CONTACT_PARAMS });
    expect(parseRoute('#/contacts/new')).toEqual({ name: 'contact-new' });
    expect(parseRoute('#/contacts/003000000000001AAA')).toEqual({ name: 'contact', id: '003000000000001AAA' });
    expect(parseRoute('#/accounts/001000000000001')).toEqual({ name: 'account', id: '001000000000001' });
    expect(parseRoute('#/accounts/new')).toEqual({ name: 'account-new' });
  });

  it('keeps list state in the URL and round-trips it', () => {
    const route = parseRoute('#/contacts?q=ada%20l&sort=Email&dir=desc&page=3&size=100');
    expect(route).toEqual({ name: 'contacts', params: { search: 'ada l', sortBy: 'Email', sortDir: 'desc', page: 3, pageSize: 100 } });
    expect(parseRoute(routeHref(route))).toEqual(route);
    expect(routeHref({ name: 'contacts', params: DEFAULT_CONTACT_PARAMS })).toBe('#/contacts');
  });

  it('falls back to defaults for anything outside the whitelists', () => {
    const route = parseRoute('#/contacts?sort=Password__c&dir=sideways&page=-1&size=7');
    expect(route).toEqual({ name: 'contacts', params: DEFAULT_CONTACT_PARAMS });
    const accounts = parseRoute('#/accounts?sort=Email&page=1.5');
    expect(accounts.name === 'accounts' && accounts.params.sortBy).toBe('Name');
    expect(accounts.name === 'accounts' && accounts.params.page).toBe(0);
  });

  it('refuses record ids that are not Salesforce ids', () => {
    for (const bad of ['#/contacts/../settings', '#/contacts/<script>', '#/contacts/123', '#/accounts/001000000000001AAAA']) {
      expect(parseRoute(bad).name).toBe('not-found');
    }
  });

  it('carries a pre-selected account into the new-contact form only with a valid id', () => {
    const route: Route = { name: 'contact-new', accountId: '001000000000001AAA', accountName: 'Acme & Co' };
    expect(parseRoute(routeHref(route))).toEqual(route);
    expect(parseRoute('#/contacts/new?accountId=javascript:alert(1)&accountName=x')).toEqual({ name: 'contact-new' });
  });

  it('sorts: same column flips, a new column starts ascending', () => {
    expect(nextSort({ sortBy: 'Name', sortDir: 'asc' }, 'Name')).toEqual({ sortBy: 'Name', sortDir: 'desc' });
    expect(nextSort({ sortBy: 'Name', sortDir: 'desc' }, 'Name')).toEqual({ sortBy: 'Name', sortDir: 'asc' });
    expect(nextSort({ sortBy: 'Name', sortDir: 'desc' }, 'Email')).toEqual({ sortBy: 'Email', sortDir: 'asc' });
  });
});
