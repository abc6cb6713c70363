/**
 * Search results over every cached object (`#/search?q=…`): where a search link opens (the desktop
 * app's `com.atomforsalesforce.app:/search?q=…`, browser mode's address) and the top bar's "See all
 * results". The local cache answers (`search:lookup`, no API call, offline too), grouped by object
 * with each group's total, the best few of each as links, and the object's list filtered by the same
 * text when there are more. A link whose text was refused says why, with an empty box to search again.
 */
import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import type { LookupGroup } from '../../../../shared/ipc';
import { navigate } from '../../app/navigation';
import { EmptyState, errorMessage } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { SearchBox } from '../../components/search-box';
import { api, call, isAppError } from '../../lib/api';
import { formatCount, formatCurrency } from '../../lib/format';
import { OBJECTS, recordHref } from '../../lib/objects';
import { listRoute, routeHref, searchRoute } from '../../lib/router';
import { glanceParts } from '../quick-lookup/lookup-links';

/** Records shown per object; the group's total and its list say how many more. */
const PER_OBJECT = 10;

export function SearchPage({ q, problem }: { q: string; problem?: string }) {
  // Text typed here that a search link could not carry: said beside the box, the address unchanged.
  const [typedProblem, setTypedProblem] = useState<string | null>(null);
  const results = useQuery({
    queryKey: ['org', 'cache', 'lookup', q, PER_OBJECT],
    queryFn: () => call(api.lookupRecords({ text: q, perObject: PER_OBJECT })),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    // Without an org this page says so; the app's usual move to Connections would lose the link.
    meta: { stayOnPage: true },
  });
  const onSearch = (text: string) => {
    const next = searchRoute(text);
    setTypedProblem(next.problem ?? null);
    if (!next.problem) navigate(next, { replace: true });
  };

  return (
    <div className="page">
      <PageHeader title="Search" subtitle={q ? `Records on this computer that match “${q}”` : 'Every kind of record on this computer, offline too'} />
      <div className="toolbar">
        <SearchBox label="Search all records" placeholder="Name, email, phone or company…" value={q} onSearch={onSearch} />
      </div>
      {problem && !typedProblem && (
        <div className="callout callout-warn" role="alert" data-testid="search-link-problem">
          <div>
            <strong>That search link can’t be used.</strong> {problem}. Type what you are looking for instead.
          </div>
        </div>
      )}
      {typedProblem && (
        <div className="callout callout-warn" role="alert">
          <div>
            <strong>That can’t be searched for.</strong> {typedProblem}.
          </div>
        </div>
      )}
      {q && <SearchResults q={q} results={results} />}
    </div>
  );
}

function SearchResults({ q, results }: { q: string; results: UseQueryResult<{ groups: LookupGroup[] }> }) {
  if (results.isError) {
    const error = results.error;
    if (isAppError(error) && error.code === 'NOT_CONNECTED') {
      return (
        <EmptyState
          level={2}
          title="Connect an org to search"
          action={
            <a className="button button-primary" href="#/connections">
              Go to Connections
            </a>
          }
        >
          Search looks through the records Atom keeps on this computer.
        </EmptyState>
      );
    }
    return (
      <EmptyState level={2} title="The search failed">
        {errorMessage(error)}
      </EmptyState>
    );
  }
  if (!results.data) return <p className="muted">Searching…</p>;
  const { groups } = results.data;
  const total = groups.reduce((sum, g) => sum + g.total, 0);
  return (
    <div className="search-page-results" aria-busy={results.isPlaceholderData} data-answered={results.isPlaceholderData ? undefined : q}>
      <p className="muted" role="status">
        {groups.length === 0
          ? `Nothing on this computer matches “${q}”.`
          : `${formatCount(total)} ${total === 1 ? 'record' : 'records'} in ${groups.length} ${groups.length === 1 ? 'kind' : 'kinds'}`}
      </p>
      {groups.map((group) => (
        <ResultGroup key={group.object} group={group} q={q} />
      ))}
    </div>
  );
}

const money = (amount: number, currency: string | null) => formatCurrency(amount, currency);

function ResultGroup({ group, q }: { group: LookupGroup; q: string }) {
  const info = OBJECTS[group.object];
  const headingId = `search-group-${group.object}`;
  return (
    <section className="card search-group" aria-labelledby={headingId} data-object={group.object}>
      <div className="table-card-header search-group-header">
        <h2 id={headingId} className="section-title">
          {info.label.many} <span className="count-pill">{formatCount(group.total)}</span>
        </h2>
        {group.total > group.records.length && (
          <a className="button button-small" href={routeHref(listRoute(group.object, { search: q }))}>
            Show all {formatCount(group.total)} {info.label.many.toLowerCase()}
          </a>
        )}
      </div>
      <ul className="search-group-list">
        {group.records.map((record) => (
          <li key={record.id}>
            <a className="search-group-title" href={recordHref(group.object, record.id)}>
              {record.title}
            </a>
            <span className="muted search-group-glance">{glanceParts(record, money).join(' · ')}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
