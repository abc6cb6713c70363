/**
 * The quick filters ("views") of each object's list and the one a bare list address opens with:
 * plain data over the contract's whitelisted list filters (unit-tested).
 */
import type { CrmObject } from '../../../../shared/ipc/records.contract';
import { objectDef } from '../../../../shared/objects/registry';
import { OBJECTS } from '../../lib/objects';
import type { SortDir } from '../../lib/router';

/**
 * Named quick filters per object: each maps onto the contract's whitelisted list filters, with an
 * optional starting order (a header click re-sorts within the view).
 */
export interface ListView {
  id: string;
  label: string;
  filters?: Record<string, unknown>;
  sort?: { sortBy: string; sortDir: SortDir };
  /** Says what the view keeps, after the count in the page subtitle ("modified in the last 30 days"). */
  describes?: string;
  /** A date filter set to today's date when the list is read ("closing from today"). */
  fromToday?: string;
}

/** The view a bare list address opens with; `all` (ALL_VIEW) is every record. */
export const DEFAULT_VIEWS: Partial<Record<CrmObject, string>> = { Opportunity: 'my-open', Case: 'open' };
export const ALL_VIEW = 'all';

/** The view in force: the address's, else the object's default; undefined for every record. */
export function viewOf(object: CrmObject, id: string): ListView | undefined {
  const wanted = id || DEFAULT_VIEWS[object] || '';
  return listViewsOf(object).find((v) => v.id === wanted);
}

/** A view's filters with its "from today" date filled in. */
export function filtersOf(view: ListView | undefined, today: string): Record<string, unknown> | undefined {
  if (!view?.filters) return undefined;
  return view.fromToday ? { ...view.filters, [view.fromToday]: today } : view.filters;
}
const RECENT_DAYS = 30;
/** Records changed in the last 30 days, newest change first: a filter, not just an order. */
const RECENT: ListView = {
  id: 'recent',
  label: 'Recently modified',
  filters: { modifiedWithinDays: RECENT_DAYS },
  sort: { sortBy: 'LastModifiedDate', sortDir: 'desc' },
  describes: `modified in the last ${RECENT_DAYS} days`,
};

/** Objects with views of their own; any other has "mine" (when owner-scoped) and recently modified. */
export const LIST_VIEWS: Partial<Record<CrmObject, ListView[]>> = {
  Account: [
    { id: 'mine', label: 'My accounts', filters: { ownedByMe: true } },
    { id: 'customers', label: 'Customers', filters: { type: ['Customer - Direct', 'Customer - Channel'] } },
    { id: 'prospects', label: 'Prospects', filters: { type: ['Prospect'] } },
    { id: 'partners', label: 'Partners', filters: { type: ['Channel Partner / Reseller', 'Installation Partner', 'Technology Partner'] } },
    RECENT,
  ],
  Contact: [{ id: 'mine', label: 'My contacts', filters: { ownedByMe: true } }, RECENT],
  Opportunity: [
    // The default (DEFAULT_VIEWS): what a rep works on — my deals still open, the nearest close first.
    {
      id: 'my-open',
      label: 'My open deals',
      filters: { ownedByMe: true, status: 'open' },
      sort: { sortBy: 'CloseDate', sortDir: 'asc' },
      describes: 'of mine, open, closing from today',
      fromToday: 'closeDateFrom',
    },
    { id: 'open', label: 'Open', filters: { status: 'open' } },
    { id: 'won', label: 'Closed won', filters: { status: 'won' } },
    { id: 'lost', label: 'Closed lost', filters: { status: 'lost' } },
    { id: 'mine', label: 'My opportunities', filters: { ownedByMe: true } },
    RECENT,
  ],
  Lead: [
    { id: 'open', label: 'Not converted', filters: { converted: false } },
    { id: 'converted', label: 'Converted', filters: { converted: true } },
    { id: 'mine', label: 'My leads', filters: { ownedByMe: true } },
    RECENT,
  ],
  Case: [
    // The default (DEFAULT_VIEWS): the newest open cases first.
    { id: 'open', label: 'Open', filters: { open: true }, sort: { sortBy: 'CreatedDate', sortDir: 'desc' }, describes: 'open, newest first' },
    { id: 'closed', label: 'Closed', filters: { open: false } },
    { id: 'mine', label: 'My cases', filters: { ownedByMe: true } },
    RECENT,
  ],
  Campaign: [{ id: 'active', label: 'Active', filters: { active: true } }, { id: 'inactive', label: 'Inactive', filters: { active: false } }, RECENT],
};

/** The quick filters of an object's list. */
export function listViewsOf(object: CrmObject): ListView[] {
  const own = LIST_VIEWS[object];
  if (own) return own;
  const mine: ListView = { id: 'mine', label: `My ${OBJECTS[object].label.many.toLowerCase()}`, filters: { ownedByMe: true } };
  return objectDef(object).ownerScoped ? [mine, RECENT] : [RECENT];
}
