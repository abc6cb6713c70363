import { describe, expect, it } from 'vitest';
import { objectOfId, RECORD_REF } from '../../../src/renderer/src/lib/objects';
import { DEFAULT_OBJECT_LIST_PARAMS, parseRoute, routeHref, type Route } from '../../../src/renderer/src/lib/router';

describe('workspace routes', () => {
  it('round-trips the cached object lists with search, sort and view in the URL', () => {
    const route: Route = { name: 'object-list', object: 'Opportunity', params: { search: 'acme', sortBy: 'Amount', sortDir: 'desc', view: 'open' } };
    expect(routeHref(route)).toBe('#/opportunities?q=acme&sort=Amount&dir=desc&view=open');
    expect(parseRoute(routeHref(route))).toEqual(route);
    expect(parseRoute('#/leads')).toEqual({ name: 'object-list', object: 'Lead', params: DEFAULT_OBJECT_LIST_PARAMS });
  });

  it('all six objects have a list, a record, a new and an edit route that round-trip', () => {
    const ids = { Account: '001', Contact: '003', Opportunity: '006', Lead: '00Q', Case: '500', Campaign: '701' } as const;
    for (const [object, prefix] of Object.entries(ids) as Array<[keyof typeof ids, string]>) {
      const id = `${prefix}000000000001AAA`;
      const routes: Route[] = [
        { name: 'object-list', object, params: { ...DEFAULT_OBJECT_LIST_PARAMS, view: 'recent' } },
        { name: 'object-record', object, id },
        { name: 'object-new', object },
        { name: 'object-edit', object, id },
      ];
      for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
      expect(objectOfId(id)).toBe(object);
    }
  });

  it('drops list parameters that are not plain field names or views', () => {
    const route = parseRoute('#/cases?sort=Subject);DROP&dir=sideways&view=<x>');
    expect(route).toEqual({ name: 'object-list', object: 'Case', params: DEFAULT_OBJECT_LIST_PARAMS });
  });

  it('opens records, new and edit forms; local ids of offline-created records are accepted', () => {
    expect(parseRoute('#/opportunities/006000000000001AAA')).toEqual({ name: 'object-record', object: 'Opportunity', id: '006000000000001AAA' });
    const local = `local-${'a'.repeat(32)}`;
    expect(parseRoute(`#/campaigns/${local}`)).toEqual({ name: 'object-record', object: 'Campaign', id: local });
    expect(parseRoute('#/contacts/003000000000001AAA/edit')).toEqual({ name: 'object-edit', object: 'Contact', id: '003000000000001AAA' });
    expect(parseRoute('#/cases/new?AccountId=001000000000001AAA&evil=1')).toEqual({
      name: 'object-new',
      object: 'Case',
      prefill: { AccountId: '001000000000001AAA' },
    });
    expect(parseRoute('#/cases/new?AccountId=javascript:alert(1)')).toEqual({ name: 'object-new', object: 'Case' });
    expect(parseRoute('#/changes')).toEqual({ name: 'changes' });
  });

  it('says plainly when a deep link carries a malformed record Id', () => {
    expect(parseRoute('#/opportunities/006-not-an-id')).toEqual({ name: 'bad-record-id', object: 'Opportunity', id: '006-not-an-id' });
    expect(parseRoute('#/accounts/<script>/edit')).toEqual({ name: 'bad-record-id', object: 'Account', id: '<script>' });
    expect(parseRoute('#/contacts/123')).toEqual({ name: 'bad-record-id', object: 'Contact', id: '123' });
  });

  it('knows an object from its Id prefix and what a record reference looks like', () => {
    expect(objectOfId('006000000000001AAA')).toBe('Opportunity');
    expect(objectOfId('00Q000000000001AAA')).toBe('Lead');
    expect(objectOfId('zzz000000000001AAA')).toBeUndefined();
    expect(RECORD_REF.test('006000000000001')).toBe(true);
    expect(RECORD_REF.test('006000000000001A')).toBe(false);
  });
});
