/**
 * The frame of a record detail page: while the record loads, or when it cannot be loaded, a
 * header with the breadcrumb back to the list and a loading or error state; once loaded, the
 * feature renders the record.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { isAppError } from '../lib/api';
import { ErrorState, PageLoading } from './feedback';
import { PageHeader } from './page-header';

interface RecordDetailPageProps<T> {
  record: UseQueryResult<T>;
  /** Capitalised, e.g. "Account": the header until the record's own name is known. */
  noun: string;
  breadcrumb: { label: string; href: string };
  children: (record: T) => ReactNode;
  /** Shown instead of an error when the record is not in the local copy (NOT_FOUND): what the user can do about it. */
  missing?: () => ReactNode;
}

export function RecordDetailPage<T>({ record, noun, breadcrumb, children, missing }: RecordDetailPageProps<T>) {
  if (record.isPending) {
    return (
      <div className="page">
        <PageHeader title={noun} breadcrumb={breadcrumb} />
        <PageLoading label={`Loading ${noun.toLowerCase()}…`} />
      </div>
    );
  }
  if (record.isError) {
    return (
      <div className="page">
        <PageHeader title={noun} breadcrumb={breadcrumb} />
        {missing && isAppError(record.error) && record.error.code === 'NOT_FOUND' ? (
          missing()
        ) : (
          <ErrorState error={record.error} onRetry={() => void record.refetch()} />
        )}
      </div>
    );
  }
  return <div className="page">{children(record.data)}</div>;
}
