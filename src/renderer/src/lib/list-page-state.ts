/**
 * The state of a URL-driven record list (Accounts, Contacts): the page query built from the route's
 * list parameters, the TanStack query that fetches it (keeping the old page on screen while the
 * next one loads), and navigation that writes search / sort / paging back into the URL.
 */
import { keepPreviousData, useQuery, type QueryKey, type UseQueryResult } from '@tanstack/react-query';
import { navigate } from '../app/navigation';
import { nextSort, type ListParams, type Route, type SortDir } from './router';

export interface RecordListQuery<F extends string> {
  search: string | undefined;
  sortBy: F;
  sortDir: SortDir;
  page: number;
  pageSize: number;
}

export interface RecordPage<T> {
  records: T[];
  totalSize: number;
  hasMore: boolean;
}

export interface ListPageState<F extends string, T> {
  params: ListParams<F>;
  list: UseQueryResult<RecordPage<T>>;
  /** `replace` for typing-driven changes (search, page size), so history is not flooded. */
  go: (next: Partial<ListParams<F>>, replace?: boolean) => void;
  /** A header click: flips or switches the sort, back to the first page. */
  sortBy: (field: F) => void;
}

export function useListPageState<F extends string, T>(
  params: ListParams<F>,
  source: {
    queryKey: (query: RecordListQuery<F>) => QueryKey;
    fetchPage: (query: RecordListQuery<F>) => Promise<RecordPage<T>>;
    /** The list's own route with the given parameters. */
    route: (params: ListParams<F>) => Route;
  },
): ListPageState<F, T> {
  const query: RecordListQuery<F> = {
    search: params.search || undefined,
    sortBy: params.sortBy,
    sortDir: params.sortDir,
    page: params.page,
    pageSize: params.pageSize,
  };
  const list = useQuery({
    queryKey: source.queryKey(query),
    queryFn: () => source.fetchPage(query),
    placeholderData: keepPreviousData,
  });
  const go = (next: Partial<ListParams<F>>, replace = false) => navigate(source.route({ ...params, ...next }), { replace });
  return { params, list, go, sortBy: (field) => go({ ...nextSort(params, field), page: 0 }) };
}
