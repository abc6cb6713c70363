import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { ContactRow } from '../../../../shared/ipc';
import { navigate } from '../../app/navigation';
import { DataTable } from '../../components/data-table';
import { EmptyState, ErrorState } from '../../components/feedback';
import { ContactsIcon, PlusIcon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { Pager } from '../../components/pager';
import { SearchBox } from '../../components/search-box';
import { api, call } from '../../lib/api';
import { formatCount, formatRelative } from '../../lib/format';
import { queryKeys } from '../../lib/query-keys';
import { nextSort, type ContactSortField, type ListParams } from '../../lib/router';

export function ContactsPage({ params }: { params: ListParams<ContactSortField> }) {
  const query = {
    search: params.search || undefined,
    sortBy: params.sortBy,
    sortDir: params.sortDir,
    page: params.page,
    pageSize: params.pageSize,
  };
  const contacts = useQuery({
    queryKey: queryKeys.contacts.list(query),
    queryFn: () => call(api.listContacts(query)),
    placeholderData: keepPreviousData,
  });
  const go = (next: Partial<ListParams<ContactSortField>>, replace = false) =>
    navigate({ name: 'contacts', params: { ...params, ...next } }, { replace });

  const columns = useMemo<Array<ColumnDef<ContactRow, unknown>>>(
    () => [
      {
        id: 'Name',
        header: 'Name',
        meta: { width: 16, sortField: 'Name', className: 'col-name' },
        cell: ({ row }) => (
          <a className="row-link" data-row-link href={`#/contacts/${row.original.Id}`}>
            {row.original.Name}
          </a>
        ),
      },
      { id: 'Title', header: 'Title', meta: { width: 13, sortField: 'Title' }, cell: ({ row }) => row.original.Title ?? <span className="muted">—</span> },
      {
        id: 'Account',
        header: 'Account',
        meta: { width: 15, sortField: 'Account.Name' },
        cell: ({ row }) =>
          row.original.AccountId && row.original.AccountName ? (
            <a className="subtle-link" href={`#/accounts/${row.original.AccountId}`}>
              {row.original.AccountName}
            </a>
          ) : (
            <span className="muted">—</span>
          ),
      },
      {
        id: 'Email',
        header: 'Email',
        meta: { width: 19, sortField: 'Email' },
        cell: ({ row }) => (row.original.Email ? <span title={row.original.Email}>{row.original.Email}</span> : <span className="muted">—</span>),
      },
      { id: 'Phone', header: 'Phone', meta: { width: 14, className: 'col-nowrap' }, cell: ({ row }) => row.original.Phone ?? <span className="muted">—</span> },
      { id: 'Owner', header: 'Owner', meta: { width: 11 }, cell: ({ row }) => row.original.OwnerName ?? <span className="muted">—</span> },
      {
        id: 'LastModifiedDate',
        header: 'Modified',
        meta: { width: 12, sortField: 'LastModifiedDate', className: 'col-nowrap' },
        cell: ({ row }) => <time dateTime={row.original.LastModifiedDate}>{formatRelative(row.original.LastModifiedDate)}</time>,
      },
    ],
    [],
  );

  const data = contacts.data;
  return (
    <div className="page">
      <PageHeader
        title="Contacts"
        subtitle={data ? `${formatCount(data.totalSize)} ${data.totalSize === 1 ? 'contact' : 'contacts'}${params.search ? ` matching “${params.search}”` : ''}` : ' '}
        actions={
          <a className="button button-primary" href="#/contacts/new">
            <PlusIcon size={16} /> New contact
          </a>
        }
      />
      <div className="toolbar">
        <SearchBox
          label="Search contacts"
          placeholder="Search by name, email, phone or account…"
          value={params.search}
          onSearch={(search) => go({ search, page: 0 }, true)}
        />
      </div>
      {contacts.isError && !data ? (
        <ErrorState error={contacts.error} onRetry={() => void contacts.refetch()} />
      ) : (
        <>
          {contacts.isError && <ErrorState compact error={contacts.error} onRetry={() => void contacts.refetch()} />}
          <DataTable
            label="Contacts"
            columns={columns}
            rows={data?.records}
            loading={contacts.isPending}
            stale={contacts.isPlaceholderData}
            sort={{ sortBy: params.sortBy, sortDir: params.sortDir }}
            onSort={(field) => go({ ...nextSort(params, field as ContactSortField), page: 0 })}
            getRowId={(row) => row.Id}
            onRowOpen={(row) => navigate({ name: 'contact', id: row.Id })}
            empty={
              params.search ? (
                <EmptyState title={`No contacts match “${params.search}”`} action={<button type="button" className="button" onClick={() => go({ search: '', page: 0 })}>Clear search</button>}>
                  Try a shorter name, an email address or part of a phone number.
                </EmptyState>
              ) : (
                <EmptyState icon={<ContactsIcon size={28} />} title="No contacts yet" action={<a className="button button-primary" href="#/contacts/new">New contact</a>}>
                  Contacts you create or that exist in this org appear here.
                </EmptyState>
              )
            }
          />
          <Pager
            noun="contacts"
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
