import type { ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { AccountRow } from '../../../../shared/ipc';
import { navigate } from '../../app/navigation';
import { AccountsIcon } from '../../components/icons';
import { RecordListPage } from '../../components/record-list-page';
import { api, call } from '../../lib/api';
import { formatMoney, formatRelative } from '../../lib/format';
import { useListPageState } from '../../lib/list-page-state';
import { queryKeys } from '../../lib/query-keys';
import type { AccountSortField, ListParams } from '../../lib/router';

const dash = <span className="muted">—</span>;

export function AccountsPage({ params }: { params: ListParams<AccountSortField> }) {
  const state = useListPageState(params, {
    queryKey: queryKeys.accounts.list,
    fetchPage: (query) => call(api.listAccounts(query)),
    route: (next) => ({ name: 'accounts', params: next }),
  });

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

  return (
    <RecordListPage
      state={state}
      title="Accounts"
      noun={{ one: 'account', many: 'accounts' }}
      newRecord={{ href: '#/accounts/new', label: 'New account' }}
      search={{ label: 'Search accounts', placeholder: 'Search by name, city or phone…', noMatchHint: 'Try a shorter name or a city.' }}
      empty={{ icon: <AccountsIcon size={28} />, hint: 'Accounts in this org appear here.' }}
      columns={columns}
      onRowOpen={(row) => navigate({ name: 'account', id: row.Id })}
    />
  );
}
