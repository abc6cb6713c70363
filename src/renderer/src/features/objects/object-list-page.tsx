/**
 * A cached object's list (any the registry declares): search and a quick filter in the URL, sorting core-side,
 * and the virtualized table that fetches windows of rows as it scrolls.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { SORT_FIELDS, type CrmObject, type RecordListQuery } from '../../../../shared/ipc/records.contract';
import { objectDef } from '../../../../shared/objects/registry';
import { navigate } from '../../app/navigation';
import { EmptyState } from '../../components/feedback';
import { PlusIcon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { SearchBox } from '../../components/search-box';
import { VirtualTable } from '../../components/virtual-table';
import { cacheKeys, listWindow, type ListRow } from '../../lib/cache-records';
import { formatCount } from '../../lib/format';
import { OBJECTS, type ObjectName } from '../../lib/objects';
import { nextSort, routeHref, type ObjectListParams, type Route, type SortDir } from '../../lib/router';
import { useStartSync, useSyncStatus } from '../workspace/use-workspace';
import { listColumns } from './list-columns';

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
    { id: 'open', label: 'Open', filters: { open: true } },
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

export function ObjectListPage({ object, params }: { object: ObjectName; params: ObjectListParams }) {
  const info = OBJECTS[object];
  const many = info.label.many.toLowerCase();
  const sortFields = SORT_FIELDS[object] as readonly string[];
  const view = listViewsOf(object).find((v) => v.id === params.view);
  // An explicit sort in the URL wins; else the view's order; else the object's default.
  const sortBy = sortFields.includes(params.sortBy) ? params.sortBy : (view?.sort?.sortBy ?? sortFields[0]);
  const sortDir: SortDir = sortFields.includes(params.sortBy) ? params.sortDir : (view?.sort?.sortDir ?? 'asc');
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [neverSynced, setNeverSynced] = useState(false);
  const sync = useSyncStatus();
  const startSync = useStartSync();

  const route: Route = { name: 'object-list', object, params };
  const go = (next: Partial<ObjectListParams>, replace = false) => navigate({ ...route, params: { ...params, ...next } }, { replace });
  // Old or hand-made addresses (the paged lists' ?page=&size=, unknown parameters) settle on the
  // canonical one, so what the address bar shows is what the list shows.
  const canonical = routeHref(route);
  useEffect(() => {
    if (window.location.hash !== canonical) window.location.replace(canonical);
  }, [canonical]);
  const chooseView = (id: string) => {
    const chosen = listViewsOf(object).find((v) => v.id === id);
    go({ view: id, ...(chosen?.sort ?? (view?.sort ? { sortBy: '', sortDir: 'asc' } : {})) }, true);
  };
  const columns = useMemo(() => listColumns(object), [object]);
  const viewKey = { search: params.search, sortBy, sortDir, view: view?.id ?? '' };
  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      const query = {
        object,
        offset,
        limit,
        sortBy,
        sortDir,
        ...(params.search ? { search: params.search } : {}),
        ...(view?.filters ? { filters: view.filters } : {}),
      } as RecordListQuery;
      const page = await listWindow(query);
      setNeverSynced(page.neverSynced);
      return page;
    },
    [object, sortBy, sortDir, params.search, view],
  );

  const syncing = sync.data?.running;
  return (
    <div className="page page-fill">
      <PageHeader
        title={info.label.many}
        subtitle={
          total !== undefined
            ? `${formatCount(total)} ${total === 1 ? info.label.one.toLowerCase() : many}${view?.describes ? ` ${view.describes}` : ''}${params.search ? ` matching “${params.search}”` : ''}`
            : ' '
        }
        actions={
          <a className="button button-primary" href={`#/${info.path}/new`}>
            <PlusIcon size={16} /> New {info.label.one.toLowerCase()}
          </a>
        }
      />
      <div className="toolbar">
        <SearchBox label={`Search ${many}`} placeholder={`Filter ${many}…`} value={params.search} onSearch={(text) => go({ search: text }, true)} />
        <label className="visually-hidden" htmlFor={`view-${object}`}>
          Show
        </label>
        <select id={`view-${object}`} className="select toolbar-select" value={view?.id ?? ''} onChange={(e) => chooseView(e.target.value)}>
          <option value="">All {many}</option>
          {listViewsOf(object).map((v) => (
            <option key={v.id} value={v.id}>
              {v.label}
            </option>
          ))}
        </select>
      </div>
      <VirtualTable<ListRow>
        label={info.label.many}
        columns={columns}
        queryKey={cacheKeys.list(object, viewKey)}
        fetchPage={fetchPage}
        sort={{ sortBy, sortDir }}
        // A header click re-sorts within the view (its filters stay).
        onSort={(field) => go(nextSort({ sortBy, sortDir }, field))}
        getRowId={(row) => row.Id}
        onRowOpen={(row) => navigate({ name: 'object-record', object, id: row.Id })}
        onTotal={setTotal}
        empty={
          neverSynced ? (
            <EmptyState
              level={2}
              title={syncing ? `Syncing ${many}…` : `${info.label.many} aren’t synced yet`}
              action={
                !syncing && (
                  <button type="button" className="button button-primary" disabled={startSync.isPending} onClick={() => startSync.mutate(false)}>
                    Sync now
                  </button>
                )
              }
            >
              Lists are read from this computer’s copy of the org, so they work offline.
            </EmptyState>
          ) : params.search || view?.filters ? (
            <EmptyState
              level={2}
              title={params.search ? `No ${many} match “${params.search}”` : `No ${many} in “${view?.label ?? ''}”`}
              action={
                <button type="button" className="button" onClick={() => go({ search: '', view: '' })}>
                  Clear filters
                </button>
              }
            />
          ) : (
            <EmptyState level={2} title={`No ${many} yet`}>
              Records created here or in Salesforce show up after the next sync.
            </EmptyState>
          )
        }
      />
    </div>
  );
}
