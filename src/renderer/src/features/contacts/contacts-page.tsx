import type { ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { ContactRow } from '../../../../shared/ipc';
import { navigate } from '../../app/navigation';
import { ContactsIcon } from '../../components/icons';
import { RecordListPage } from '../../components/record-list-page';
import { api, call } from '../../lib/api';
import { formatRelative } from '../../lib/format';
import { useListPageState } from '../../lib/list-page-state';
import { queryKeys } from '../../lib/query-keys';
import type { ContactSortField, ListParams } from '../../lib/router';

export function ContactsPage({ params }: { params: ListParams<ContactSortField> }) {
  const state = useListPageState(params, {
    queryKey: queryKeys.contacts.list,
    fetchPage: (query) => call(api.listContacts(query)),
    route: (next) => ({ name: 'contacts', params: next }),
  });

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

  return (
    <RecordListPage
      state={state}
      title="Contacts"
      noun={{ one: 'contact', many: 'contacts' }}
      newRecord={{ href: '#/contacts/new', label: 'New contact' }}
      search={{
        label: 'Search contacts',
        placeholder: 'Search by name, email, phone or account…',
        noMatchHint: 'Try a shorter name, an email address or part of a phone number.',
      }}
      empty={{ icon: <ContactsIcon size={28} />, hint: 'Contacts you create or that exist in this org appear here.' }}
      columns={columns}
      onRowOpen={(row) => navigate({ name: 'contact', id: row.Id })}
    />
  );
}
