import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { AccountRow } from '../../../../shared/ipc';
import { navigate } from '../../app/navigation';
import { DataTable } from '../../components/data-table';
import { EmptyState, ErrorState } from '../../components/feedback';
import { AccountsIcon, PlusIcon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { Pager } from '../../components/pager';
import { SearchBox } from '../../components/search-box';
import { api, call } from '../../lib/api';
import { formatCount, formatMoney, formatRelative } from '../../lib/format';
import { queryKeys } from '../../lib/query-keys';
import { nextSort, type AccountSortField, type ListParams } from '../../lib/router';

const dash = <span className="muted">—</span>;

export function AccountsPage({ params }: { params: ListParams<AccountSortField> }) {
  const query = {
    search: params.search || undefined,
    sortBy: params.sortBy,
    sortDir: params.sortDir,
    page: params.page,
    pageSize: params.pageSize,
  };
  const accounts = useQuery({
    queryKey: queryKeys.accounts.list(query),
    queryFn: () => call(api.listAccounts(query)),
    placeholderData: keepPreviousData,
  });
  const go = (next: Partial<ListParams<AccountSortField>>, replace = false) =>
    navigate({ name: 'accounts', params: { ...params, ...next } }, { replace });

  const columns = useMemo<Array<ColumnDef<AccountRow, unknown>>>(
    () => [
      {
        id: 'Name',
        header: 'Account name',
        meta: { width: 20, sortField: 'Name', className: 'col-name' },
        cell: ({ row }) => (
          <a className="row-link" data-row-link href={`#/accounts/${row.original.Id}`}>
            {row.original.Name}
          </a>
        ),
      },
      { id: 'Industry', header: 'Industry', meta: { width: 12, sortField: 'Industry' }, cell: ({ row }) => row.original.Industry ?? dash },
      {
        id: 'Type',
        header: 'Type',
        meta: { width: 14, sortField: 'Type' },
        cell: ({ row }) => (row.original.Type ? <span className="tag">{row.original.Type}</span> : dash),
      },
      {
        id: 'BillingCity',
        header: 'Location',
        meta: { width: 15, sortField: 'BillingCity' },
        cell: ({ row }) => [row.original.BillingCity, row.original.BillingCountry].filter(Boolean).join(', ') || dash,
      },
      { id: 'Phone', header: 'Phone', meta: { width: 15, className: 'col-nowrap' }, cell: ({ row }) => row.original.Phone ?? dash },
      {
        id: 'AnnualRevenue',
        header: 'Revenue',
        meta: { width: 11, sortField: 'AnnualRevenue', className: 'col-number' },
        cell: ({ row }) => formatMoney(row.original.AnnualRevenue, true),
      },
      {
        id: 'LastModifiedDate',
        header: 'Modified',
        meta: { width: 13, sortField: 'LastModifiedDate', className: 'col-nowrap' },
        cell: ({ row }) => <time dateTime={row.original.LastModifiedDate}>{formatRelative(row.original.LastModifiedDate)}</time>,
      },
    ],
    [],
  );

  const data = accounts.data;
  return (
    <div className="page">
      <PageHeader
        title="Accounts"
        subtitle={data ? `${formatCount(data.totalSize)} ${data.totalSize === 1 ? 'account' : 'accounts'}${params.search ? ` matching “${params.search}”` : ''}` : ' '}
        actions={
          <a className="button button-primary" href="#/accounts/new">
            <PlusIcon size={16} /> New account
          </a>
        }
      />
      <div className="toolbar">
        <SearchBox label="Search accounts" placeholder="Search by name, city or phone…" value={params.search} onSearch={(search) => go({ search, page: 0 }, true)} />
      </div>
      {accounts.isError && !data ? (
        <ErrorState error={accounts.error} onRetry={() => void accounts.refetch()} />
      ) : (
        <>
          {accounts.isError && <ErrorState compact error={accounts.error} onRetry={() => void accounts.refetch()} />}
          <DataTable
            label="Accounts"
            columns={columns}
            rows={data?.records}
            loading={accounts.isPending}
            stale={accounts.isPlaceholderData}
            sort={{ sortBy: params.sortBy, sortDir: params.sortDir }}
            onSort={(field) => go({ ...nextSort(params, field as AccountSortField), page: 0 })}
            getRowId={(row) => row.Id}
            onRowOpen={(row) => navigate({ name: 'account', id: row.Id })}
            empty={
              params.search ? (
                <EmptyState title={`No accounts match “${params.search}”`} action={<button type="button" className="button" onClick={() => go({ search: '', page: 0 })}>Clear search</button>}>
                  Try a shorter name or a city.
                </EmptyState>
              ) : (
                <EmptyState icon={<AccountsIcon size={28} />} title="No accounts yet" action={<a className="button button-primary" href="#/accounts/new">New account</a>}>
                  Accounts in this org appear here.
                </EmptyState>
              )
            }
          />
          <Pager
            noun="accounts"
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
