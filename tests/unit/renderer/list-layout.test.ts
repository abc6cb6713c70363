/**
 * The lists' pure layout rules (issue 14): the columns shown (the user's choice, or the defaults
 * without Owner when only my records are synced), money and dates sized to their values and never
 * narrower than they need, one format per money column, moving columns, the default views, and an
 * example address for every route.
 */
import { describe, expect, it } from 'vitest';
import { COLUMN_CHOICES, LIST_COLUMNS } from '../../../src/shared/ipc/records.contract';
import { listRowFieldsOf, OBJECT_NAMES, objectDef, type CachedObject } from '../../../src/shared/objects/registry';
import {
  cellText,
  CELL_PADDING_PX,
  columnWidth,
  effectiveColumns,
  fittedWidth,
  moveColumn,
  todayIso,
} from '../../../src/renderer/src/features/objects/list-layout';
import { DEFAULT_VIEWS, viewOf } from '../../../src/renderer/src/features/objects/list-views';
import { parseRoute, ROUTE_EXAMPLES, type Route } from '../../../src/renderer/src/lib/router';

const fields = (columns: ReadonlyArray<{ field: string }>) => columns.map((c) => c.field);

describe('the columns a list shows', () => {
  it('are the defaults, without Owner when the sync scope is "mine" (owner-scoped objects only)', () => {
    expect(fields(effectiveColumns('Opportunity', undefined, 'all'))).toContain('Owner.Name');
    expect(fields(effectiveColumns('Opportunity', { columns: null }, 'mine'))).not.toContain('Owner.Name');
    expect(fields(effectiveColumns('Opportunity', { columns: null }, 'mine'))).toEqual(
      fields(LIST_COLUMNS.Opportunity.filter((c) => c.field !== 'Owner.Name')),
    );
    // Campaigns are synced whole whatever the scope: their owners differ.
    expect(fields(effectiveColumns('Campaign', { columns: null }, 'mine'))).toEqual(fields(LIST_COLUMNS.Campaign));
  });

  it("are the user's choice in their order, unknown fields dropped; Owner stays when chosen", () => {
    expect(fields(effectiveColumns('Opportunity', { columns: ['CloseDate', 'Nope', 'Name', 'Owner.Name'] }, 'mine'))).toEqual([
      'CloseDate',
      'Name',
      'Owner.Name',
    ]);
    expect(fields(effectiveColumns('Opportunity', { columns: ['Nope'] }, 'all'))).toEqual(fields(LIST_COLUMNS.Opportunity));
  });

  it('can be synced fields the list does not show by default, added where the user put them', () => {
    expect(fields(LIST_COLUMNS.Opportunity)).not.toContain('NextStep');
    expect(fields(effectiveColumns('Opportunity', { columns: ['Name', 'NextStep', 'Amount'] }, 'mine'))).toEqual(['Name', 'NextStep', 'Amount']);
    // None twice, and every list row carries them all (the added column has its values at once).
    for (const [object, choices] of Object.entries(COLUMN_CHOICES)) {
      expect(new Set(fields(choices)).size, object).toBe(choices.length);
      expect(listRowFieldsOf(objectDef(object as CachedObject))).toEqual(expect.arrayContaining(fields(choices)));
    }
  });

  it('move up and down within bounds', () => {
    expect(moveColumn(['a', 'b', 'c'], 'b', -1)).toEqual(['b', 'a', 'c']);
    expect(moveColumn(['a', 'b', 'c'], 'b', 1)).toEqual(['a', 'c', 'b']);
    expect(moveColumn(['a', 'b', 'c'], 'a', -1)).toEqual(['a', 'b', 'c']);
    expect(moveColumn(['a', 'b', 'c'], 'c', 1)).toEqual(['a', 'b', 'c']);
  });
});

describe('money and dates in lists', () => {
  it('one format per money column: every amount in full, never compact', () => {
    expect(cellText('currency', 4_400_000_000)).toBe('$4,400,000,000');
    expect(cellText('currency', 3_950_000)).toBe('$3,950,000');
    expect(cellText('currency', 1_368_000)).toBe('$1,368,000');
  });

  it('dates keep their year', () => {
    expect(cellText('date', '2026-07-31')).toMatch(/2026/);
  });

  it('a column is as wide as its widest value needs, and a user width never cuts money or dates', () => {
    expect(fittedWidth(90, [40, 120.4, 80])).toBe(121 + CELL_PADDING_PX);
    expect(fittedWidth(200, [40, 120])).toBe(200);
    const fitted = fittedWidth(90, [130]);
    expect(columnWidth(fitted, 60, true)).toBe(fitted);
    expect(columnWidth(fitted, 400, true)).toBe(400);
    // Text may be made narrow: it ends in "…" with its full value as a tooltip.
    expect(columnWidth(fitted, 60, false)).toBe(60);
    expect(columnWidth(fitted, undefined, true)).toBe(fitted);
  });
});

describe('default views', () => {
  it('Opportunities open on my open deals by close date from today; Cases on the newest open ones', () => {
    const deals = viewOf('Opportunity', '');
    expect(deals).toMatchObject({
      id: DEFAULT_VIEWS.Opportunity,
      filters: { ownedByMe: true, status: 'open' },
      sort: { sortBy: 'CloseDate', sortDir: 'asc' },
      fromToday: 'closeDateFrom',
    });
    expect(viewOf('Case', '')).toMatchObject({ filters: { open: true }, sort: { sortBy: 'CreatedDate', sortDir: 'desc' } });
    // "all" is every record; objects without a default open on every record.
    expect(viewOf('Opportunity', 'all')).toBeUndefined();
    expect(viewOf('Account', '')).toBeUndefined();
    expect(todayIso(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});

describe('ROUTE_EXAMPLES', () => {
  it('has examples that parse back to their own route, for every object', () => {
    for (const [name, examples] of Object.entries(ROUTE_EXAMPLES) as Array<[Route['name'], (typeof ROUTE_EXAMPLES)[Route['name']]]>) {
      for (const example of examples) {
        const hrefs = typeof example === 'string' ? [example] : OBJECT_NAMES.map((object) => example(object, '001000000000001AAA'));
        for (const href of hrefs) expect(parseRoute(href).name, href).toBe(name);
      }
    }
  });
});
