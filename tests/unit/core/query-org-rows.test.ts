/**
 * Salesforce's query records as the console's rows (org-rows.ts): columns in SELECT order spelled
 * as the answer spells them, parent fields flattened (null all the way down a null parent), child
 * subqueries as arrays of flattened rows (null when none), aggregates keyed alias / exprN / the
 * grouped field's own name, TYPEOF's fields appended as they come.
 */
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { describe, expect, it } from 'vitest';
import { rowShaper } from '../../../src/main/core/query/org-run';

const attrs = (type: string) => ({ attributes: { type, url: `/services/data/v62.0/sobjects/${type}/x` } });

function shape(soql: string, records: Array<Record<string, unknown>>) {
  const shaper = rowShaper(parseQuery(soql));
  const columns = shaper.columns(records);
  return { columns, rows: records.map(shaper.shape) };
}

describe('org rows', () => {
  it('flattens parents two levels deep, null all the way down a null parent, in the answer’s spelling', () => {
    const result = shape('select id, account.owner.name, ACCOUNT.NAME from contact', [
      { ...attrs('Contact'), Id: '003A', Account: { ...attrs('Account'), Name: 'Acme', Owner: { ...attrs('User'), Name: 'Ann' } } },
      { ...attrs('Contact'), Id: '003B', Account: null },
    ]);
    expect(result.columns).toEqual([
      { path: 'Id', kind: 'field' },
      { path: 'Account.Owner.Name', kind: 'field' },
      { path: 'Account.Name', kind: 'field' },
    ]);
    expect(result.rows).toEqual([
      { Id: '003A', 'Account.Owner.Name': 'Ann', 'Account.Name': 'Acme' },
      { Id: '003B', 'Account.Owner.Name': null, 'Account.Name': null },
    ]);
  });

  it('keeps the asked columns when no row has them, and subqueries as arrays or null', () => {
    const soql = 'SELECT Name, Parent.Name, (SELECT LastName, Owner.Name FROM Contacts) FROM Account';
    expect(shape(soql, []).columns).toEqual([
      { path: 'Name', kind: 'field' },
      { path: 'Parent.Name', kind: 'field' },
      { path: 'Contacts', kind: 'subquery' },
    ]);
    const result = shape(soql, [
      {
        ...attrs('Account'),
        Name: 'Acme',
        Parent: null,
        Contacts: { totalSize: 1, done: true, records: [{ ...attrs('Contact'), LastName: 'Lee', Owner: { ...attrs('User'), Name: 'Ann' } }] },
      },
      { ...attrs('Account'), Name: 'Zed', Parent: null, Contacts: null },
    ]);
    expect(result.rows).toEqual([
      { Name: 'Acme', 'Parent.Name': null, Contacts: [{ LastName: 'Lee', 'Owner.Name': 'Ann' }] },
      { Name: 'Zed', 'Parent.Name': null, Contacts: null },
    ]);
  });

  it('keys aggregates by alias, exprN in order, and a grouped parent field by its own name', () => {
    const result = shape('SELECT Account.Industry, COUNT(Id), SUM(Amount) total, MAX(CloseDate) FROM Opportunity GROUP BY Account.Industry', [
      { ...attrs('AggregateResult'), Industry: 'Banking', expr0: 3, total: 900, expr1: '2026-01-01' },
    ]);
    expect(result.columns).toEqual([
      { path: 'Industry', kind: 'field' },
      { path: 'expr0', kind: 'aggregate' },
      { path: 'total', kind: 'aggregate' },
      { path: 'expr1', kind: 'aggregate' },
    ]);
    expect(result.rows).toEqual([{ Industry: 'Banking', expr0: 3, total: 900, expr1: '2026-01-01' }]);
  });

  it('appends what TYPEOF brings, by the answer’s keys', () => {
    const result = shape('SELECT Id, TYPEOF What WHEN Account THEN Name, Phone ELSE Name END FROM Task', [
      { ...attrs('Task'), Id: '00T1', What: { ...attrs('Account'), Name: 'Acme', Phone: '555' } },
      { ...attrs('Task'), Id: '00T2', What: { ...attrs('Opportunity'), Name: 'Deal' } },
    ]);
    expect(result.columns.map((c) => c.path)).toEqual(['Id', 'What.Name', 'What.Phone']);
    expect(result.rows[1]).toEqual({ Id: '00T2', 'What.Name': 'Deal', 'What.Phone': null });
  });
});
