import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { ContactRow } from '../../../../shared/ipc';
import { navigate } from '../../app/navigation';
import { DataTable } from '../../components/data-table';
import { EmptyState, ErrorState } from '../../components/feedback';
import { PhoneIcon, PlusIcon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { Pager } from '../../components/pager';
import { Address, Avatar, Fact, FactSection, HistoryFacts } from '../../components/record';
import { RecordDetailPage } from '../../components/record-detail-page';
import { api, call } from '../../lib/api';
import { formatCount, formatMoney, initials } from '../../lib/format';
import { queryKeys } from '../../lib/query-keys';
import { nextSort, routeHref, type ContactSortField, type SortDir } from '../../lib/router';

export function AccountDetailPage({ id }: { id: string }) {
  const account = useQuery({ queryKey: queryKeys.accounts.detail(id), queryFn: () => call(api.getAccount({ id })) });
  const breadcrumb = { label: 'Accounts', href: '#/accounts' };

  return (
    <RecordDetailPage record={account} noun="Account" breadcrumb={breadcrumb}>
      {(a) => {
        const website = a.Website ? (/^https?:\/\//i.test(a.Website) ? a.Website : `https://${a.Website}`) : null;
        return (
          <>
            <PageHeader
              title={a.Name}
              breadcrumb={breadcrumb}
              leading={<Avatar text={initials(a.Name)} tone="account" />}
              subtitle={[a.Industry, a.Type, [a.BillingCity, a.BillingCountry].filter(Boolean).join(', ')].filter(Boolean).join(' · ') || undefined}
              actions={
                <>
                  <a className="button" href={`#/accounts/${a.Id}/edit`}>
                    Edit
                  </a>
                  {a.Phone && (
                    <a className="button" href={`tel:${a.Phone}`}>
                      <PhoneIcon size={16} /> Call
                    </a>
                  )}
                  <a className="button button-primary" href={routeHref({ name: 'contact-new', accountId: a.Id, accountName: a.Name })}>
                    <PlusIcon size={16} /> Add contact
                  </a>
                </>
              }
            />
            <div className="stat-row" aria-label="Key figures">
              <Stat label="Contacts" value={formatCount(a.contactCount)} />
              <Stat label="Open opportunities" value={formatCount(a.openOpportunityCount)} />
              <Stat label="Annual revenue" value={formatMoney(a.AnnualRevenue, true)} />
              <Stat label="Employees" value={formatCount(a.NumberOfEmployees)} />
            </div>
            <div className="detail-grid">
              <FactSection title="Details">
                <Fact label="Industry">{a.Industry}</Fact>
                <Fact label="Type">{a.Type}</Fact>
                <Fact label="Rating">{a.Rating}</Fact>
                <Fact label="Phone">{a.Phone && <a href={`tel:${a.Phone}`}>{a.Phone}</a>}</Fact>
                <Fact label="Website">
                  {website && (
                    <a href={website} target="_blank" rel="noopener noreferrer">
                      {a.Website}
                    </a>
                  )}
                </Fact>
                <Fact label="Parent account">{a.ParentId && a.ParentName && <a href={`#/accounts/${a.ParentId}`}>{a.ParentName}</a>}</Fact>
                <Fact label="Owner">{a.OwnerName}</Fact>
                <Fact label="Annual revenue">{a.AnnualRevenue !== null && formatMoney(a.AnnualRevenue)}</Fact>
              </FactSection>
              <FactSection title="Billing address">
                <Fact label="Address" wide>
                  <Address street={a.BillingStreet} city={a.BillingCity} state={a.BillingState} postalCode={a.BillingPostalCode} country={a.BillingCountry} />
                </Fact>
                <Fact label="Description" wide>
                  {a.Description && <p className="pre-wrap">{a.Description}</p>}
                </Fact>
              </FactSection>
            </div>
            <AccountContacts accountId={a.Id} accountName={a.Name} total={a.contactCount} />
            <section className="card fact-section" aria-label="History">
              <dl className="facts facts-inline">
                <HistoryFacts record={a} />
              </dl>
            </section>
          </>
        );
      }}
    </RecordDetailPage>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat">
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}

function AccountContacts({ accountId, accountName, total }: { accountId: string; accountName: string; total: number }) {
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(25);
  const [sort, setSort] = useState<{ sortBy: ContactSortField; sortDir: SortDir }>({ sortBy: 'Name', sortDir: 'asc' });
  const query = { accountId, page, pageSize, ...sort };
  const contacts = useQuery({
    queryKey: queryKeys.contacts.list(query),
    queryFn: () => call(api.listContacts(query)),
    placeholderData: keepPreviousData,
  });
  const columns = useMemo<Array<ColumnDef<ContactRow, unknown>>>(
    () => [
      {
        id: 'Name',
        header: 'Name',
        meta: { width: 25, sortField: 'Name', className: 'col-name' },
        cell: ({ row }) => (
          <a className="row-link" data-row-link href={`#/contacts/${row.original.Id}`}>
            {row.original.Name}
          </a>
        ),
      },
      { id: 'Title', header: 'Title', meta: { width: 25, sortField: 'Title' }, cell: ({ row }) => row.original.Title ?? <span className="muted">—</span> },
      { id: 'Email', header: 'Email', meta: { width: 30, sortField: 'Email' }, cell: ({ row }) => row.original.Email ?? <span className="muted">—</span> },
      { id: 'Phone', header: 'Phone', meta: { width: 20, className: 'col-nowrap' }, cell: ({ row }) => row.original.Phone ?? <span className="muted">—</span> },
    ],
    [],
  );
  return (
    <section className="card table-card" aria-labelledby="account-contacts-heading">
      <div className="table-card-header">
        <h2 id="account-contacts-heading" className="section-title">
          Contacts <span className="count-pill">{formatCount(contacts.data?.totalSize ?? total)}</span>
        </h2>
        <a className="button button-small" href={routeHref({ name: 'contact-new', accountId, accountName })}>
          <PlusIcon size={14} /> Add contact
        </a>
      </div>
      {contacts.isError ? (
        <ErrorState compact error={contacts.error} onRetry={() => void contacts.refetch()} />
      ) : (
        <>
          <DataTable
            label={`Contacts at ${accountName}`}
            columns={columns}
            rows={contacts.data?.records}
            loading={contacts.isPending}
            stale={contacts.isPlaceholderData}
            sort={sort}
            onSort={(field) => {
              setSort(nextSort(sort, field as ContactSortField));
              setPage(0);
            }}
            getRowId={(row) => row.Id}
            onRowOpen={(row) => navigate({ name: 'contact', id: row.Id })}
            skeletonRows={3}
            empty={<EmptyState title="No contacts at this account yet" />}
          />
          {(contacts.data?.totalSize ?? 0) > 0 && (
            <Pager
              noun="contacts"
              page={page}
              pageSize={pageSize}
              totalSize={contacts.data?.totalSize}
              hasMore={contacts.data?.hasMore ?? false}
              rowCount={contacts.data?.records.length ?? 0}
              onPage={setPage}
              onPageSize={(size) => {
                setPageSize(size);
                setPage(0);
              }}
            />
          )}
        </>
      )}
    </section>
  );
}
