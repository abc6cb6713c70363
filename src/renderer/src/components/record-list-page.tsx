/**
 * A record list page (Accounts, Contacts): header with the count and a "New" button, a debounced
 * search box, the server-sorted table, empty states for "no match" and "nothing yet", and the
 * pager. The feature supplies the words, the columns and the list state (useListPageState).
 */
import type { ColumnDef } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import type { ListPageState } from '../lib/list-page-state';
import { formatCount } from '../lib/format';
import { DataTable } from './data-table';
import { EmptyState, ErrorState } from './feedback';
import { PlusIcon } from './icons';
import { PageHeader } from './page-header';
import { Pager } from './pager';
import { SearchBox } from './search-box';

interface RecordListPageProps<F extends string, T extends { Id: string }> {
  state: ListPageState<F, T>;
  title: string;
  /** Lower case, e.g. "account" / "accounts". */
  noun: { one: string; many: string };
  newRecord: { href: string; label: string };
  search: { label: string; placeholder: string; noMatchHint: ReactNode };
  empty: { icon: ReactNode; hint: ReactNode };
  columns: Array<ColumnDef<T, unknown>>;
  onRowOpen: (row: T) => void;
}

export function RecordListPage<F extends string, T extends { Id: string }>({
  state,
  title,
  noun,
  newRecord,
  search,
  empty,
  columns,
  onRowOpen,
}: RecordListPageProps<F, T>) {
  const { params, list, go } = state;
  const data = list.data;
  return (
    <div className="page">
      <PageHeader
        title={title}
        subtitle={data ? `${formatCount(data.totalSize)} ${data.totalSize === 1 ? noun.one : noun.many}${params.search ? ` matching “${params.search}”` : ''}` : ' '}
        actions={
          <a className="button button-primary" href={newRecord.href}>
            <PlusIcon size={16} /> {newRecord.label}
          </a>
        }
      />
      <div className="toolbar">
        <SearchBox label={search.label} placeholder={search.placeholder} value={params.search} onSearch={(text) => go({ search: text, page: 0 }, true)} />
      </div>
      {list.isError && !data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          {list.isError && <ErrorState compact error={list.error} onRetry={() => void list.refetch()} />}
          <DataTable
            label={title}
            columns={columns}
            rows={data?.records}
            loading={list.isPending}
            stale={list.isPlaceholderData}
            sort={{ sortBy: params.sortBy, sortDir: params.sortDir }}
            onSort={(field) => state.sortBy(field as F)}
            getRowId={(row) => row.Id}
            onRowOpen={onRowOpen}
            empty={
              params.search ? (
                <EmptyState
                  title={`No ${noun.many} match “${params.search}”`}
                  action={
                    <button type="button" className="button" onClick={() => go({ search: '', page: 0 })}>
                      Clear search
                    </button>
                  }
                >
                  {search.noMatchHint}
                </EmptyState>
              ) : (
                <EmptyState
                  icon={empty.icon}
                  title={`No ${noun.many} yet`}
                  action={
                    <a className="button button-primary" href={newRecord.href}>
                      {newRecord.label}
                    </a>
                  }
                >
                  {empty.hint}
                </EmptyState>
              )
            }
          />
          <Pager
            noun={noun.many}
            page={params.page}
            pageSize={params.pageSize}
            totalSize={data?.totalSize}
            hasMore={data?.hasMore ?? false}
            rowCount={data?.records.length ?? 0}
            onPage={(page) => go({ page })}
            onPageSize={(pageSize) => go({ pageSize, page: 0 }, true)}
          />
        </>
      )}
    </div>
  );
}
