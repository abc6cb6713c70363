/**
 * A cached object's list (any the registry declares): search and a quick filter in the URL, sorting core-side,
 * and the virtualized table that fetches windows of rows as it scrolls.
 */
import { useCallback, useEffect, useState } from 'react';
import { SORT_FIELDS, type RecordListQuery } from '../../../../shared/ipc/records.contract';
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
import { ColumnsButton, ColumnsProblem } from './columns-button';
import { todayIso } from './list-layout';
import { ALL_VIEW, DEFAULT_VIEWS, filtersOf, listViewsOf, viewOf, type ListView } from './list-views';
import { useListColumns } from './use-list-columns';

export function ObjectListPage({ object, params }: { object: ObjectName; params: ObjectListParams }) {
  const info = OBJECTS[object];
  const many = info.label.many.toLowerCase();
  const sortFields = SORT_FIELDS[object] as readonly string[];
  const view = viewOf(object, params.view);
  const today = todayIso();
  const filters = filtersOf(view, today);
  // An explicit sort in the URL wins; else the view's order; else the object's default.
  const sortBy = sortFields.includes(params.sortBy) ? params.sortBy : (view?.sort?.sortBy ?? sortFields[0]);
  const sortDir: SortDir = sortFields.includes(params.sortBy) ? params.sortDir : (view?.sort?.sortDir ?? 'asc');
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [neverSynced, setNeverSynced] = useState(false);
  const sync = useSyncStatus();

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
    // The default view is the bare address; "all" is spelled out only where a default exists.
    const stored = id === (DEFAULT_VIEWS[object] ?? '') ? '' : id === '' && DEFAULT_VIEWS[object] ? ALL_VIEW : id;
    go({ view: stored, ...(chosen?.sort ?? (view?.sort ? { sortBy: '', sortDir: 'asc' } : {})) }, true);
  };
  const listColumns = useListColumns(object, sync.data?.settings.scope);
  const viewKey = { search: params.search, sortBy, sortDir, view: view?.id ?? '', today };
  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      const query = {
        object,
        offset,
        limit,
        sortBy,
        sortDir,
        ...(params.search ? { search: params.search } : {}),
        ...(filters ? { filters } : {}),
      } as RecordListQuery;
      const page = await listWindow(query);
      setNeverSynced(page.neverSynced);
      return page;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- filters follow the view and the day
    [object, sortBy, sortDir, params.search, view, today],
  );

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
        <ColumnsButton listLabel={info.label.many} list={listColumns} />
      </div>
      <ColumnsProblem list={listColumns} />
      <VirtualTable<ListRow>
        label={info.label.many}
        columns={listColumns.columns}
        queryKey={cacheKeys.list(object, viewKey)}
        fetchPage={fetchPage}
        sort={{ sortBy, sortDir }}
        // A header click re-sorts within the view (its filters stay).
        onSort={(field) => go(nextSort({ sortBy, sortDir }, field))}
        getRowId={(row) => row.Id}
        onRowOpen={(row) => navigate({ name: 'object-record', object, id: row.Id })}
        onTotal={setTotal}
        widths={listColumns.widths}
        onResize={listColumns.resize}
        restoreKey={canonical}
        empty={
          <ListEmpty
            object={object}
            neverSynced={neverSynced}
            search={params.search}
            view={filters ? view : undefined}
            onClear={() => go({ search: '', view: DEFAULT_VIEWS[object] ? ALL_VIEW : '' })}
          />
        }
      />
    </div>
  );
}

/**
 * What an empty list says: never synced (with Sync now, or that it is syncing), nothing matches the
 * search or the view (with Clear filters), or no records at all yet.
 */
function ListEmpty({
  object,
  neverSynced,
  search,
  view,
  onClear,
}: {
  object: ObjectName;
  neverSynced: boolean;
  search: string;
  /** The view whose filters left nothing (none when the view filters nothing). */
  view: ListView | undefined;
  onClear: () => void;
}) {
  const info = OBJECTS[object];
  const many = info.label.many.toLowerCase();
  const sync = useSyncStatus();
  const startSync = useStartSync();
  const syncing = sync.data?.running;
  if (neverSynced) {
    return (
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
    );
  }
  if (search || view) {
    return (
      <EmptyState
        level={2}
        title={search ? `No ${many} match “${search}”` : `No ${many} in “${view?.label ?? ''}”`}
        action={
          <button type="button" className="button" onClick={onClear}>
            Clear filters
          </button>
        }
      />
    );
  }
  return (
    <EmptyState level={2} title={`No ${many} yet`}>
      Records created here or in Salesforce show up after the next sync.
    </EmptyState>
  );
}
