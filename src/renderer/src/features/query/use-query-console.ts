/**
 * The Query page's data: the core's syntax check of the text as typed, the history and saved
 * queries (TanStack Query under ['org', …]: they are the active org's and go when it changes),
 * the describes the editor's suggestions read, and running a query with its cost estimate first.
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import type { QueryEstimate, QueryResult, QuerySchema, QueryTarget } from '../../../../shared/ipc';
import { api, call } from '../../lib/api';
import { useDebouncedValue } from '../../lib/hooks';
import { queryKeys } from '../../lib/query-keys';
import type { SchemaSource } from './soql-editor';
import type { SchemaNeed } from './soql-complete';

export const queryConsoleKeys = {
  all: [...queryKeys.org, 'query'] as const,
  check: (soql: string) => [...queryKeys.org, 'query', 'check', soql] as const,
  history: (search: string) => [...queryKeys.org, 'query', 'history', search] as const,
  historyAll: [...queryKeys.org, 'query', 'history'] as const,
  saved: (search: string) => [...queryKeys.org, 'query', 'saved', search] as const,
  savedAll: [...queryKeys.org, 'query', 'saved'] as const,
  schema: (object?: string) => [...queryKeys.org, 'query', 'schema', object?.toLowerCase() ?? '*'] as const,
};

/** The core's check of the text, once typing pauses; `checked` is the text the answer is about. */
export function useQueryCheck(soql: string) {
  const debounced = useDebouncedValue(soql.trim(), 350);
  const check = useQuery({
    queryKey: queryConsoleKeys.check(debounced),
    queryFn: () => call(api.checkQuery({ soql: debounced })),
    enabled: debounced.length > 0,
    staleTime: Infinity,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const current = check.data && !check.isPlaceholderData && debounced === soql.trim() ? check.data : null;
  return { check: current, pending: soql.trim() !== debounced || check.isFetching, error: check.error };
}

export function useQueryHistory(search: string) {
  return useQuery({ queryKey: queryConsoleKeys.history(search), queryFn: () => call(api.queryHistory({ search: search || undefined, limit: 100 })) });
}

export function useSavedQueries(search: string) {
  return useQuery({
    queryKey: queryConsoleKeys.saved(search),
    queryFn: () => call(api.savedQueries({ search: search || undefined })),
    placeholderData: keepPreviousData,
  });
}

/** A describe that failed to load is not asked for again for this long (the suggestions go without it). */
const RETRY_FAILED_MS = 30_000;

/** The describes the editor's suggestions read, cached per org for the session. */
export function useSchemaSource(): SchemaSource {
  const queryClient = useQueryClient();
  const failed = useRef(new Map<string, number>());
  return useMemo(() => {
    const hasFailed = (key: string) => Date.now() - (failed.current.get(key) ?? -Infinity) < RETRY_FAILED_MS;
    const load = async (need: SchemaNeed) => {
      const object = need.kind === 'object' ? need.name : undefined;
      try {
        await queryClient.fetchQuery({
          queryKey: queryConsoleKeys.schema(object),
          queryFn: () => call(api.querySchema(object ? { object } : {})),
          staleTime: 30 * 60_000,
        });
      } catch {
        failed.current.set(object?.toLowerCase() ?? '*', Date.now());
      }
    };
    return {
      lookup: {
        objects: () => (hasFailed('*') ? [] : queryClient.getQueryData<QuerySchema>(queryConsoleKeys.schema())?.objects),
        object: (name: string) => {
          if (hasFailed(name.toLowerCase())) return null;
          const data = queryClient.getQueryData<QuerySchema>(queryConsoleKeys.schema(name));
          return data === undefined ? undefined : data.object;
        },
      },
      load: async (needs: SchemaNeed[]) => {
        await Promise.all(needs.map(load));
      },
    };
  }, [queryClient]);
}

export interface RunRequest {
  soql: string;
  target: QueryTarget;
  queryAll: boolean;
}

export type RunState =
  | { phase: 'idle' }
  | { phase: 'estimating'; request: RunRequest }
  /** The estimate is above the threshold: the user confirms or not. */
  | { phase: 'confirm'; request: RunRequest; estimate: QueryEstimate }
  | { phase: 'running'; request: RunRequest; estimate: QueryEstimate | null }
  | { phase: 'done'; request: RunRequest; estimate: QueryEstimate | null; result: QueryResult }
  | { phase: 'failed'; request: RunRequest; estimate: QueryEstimate | null; error: unknown };

/**
 * Runs a query: on the org, the estimate first (and a confirmation when it is above the
 * threshold), then the run; on the cache, the run at once. Every run lands in the history.
 */
export function useRunQuery() {
  const queryClient = useQueryClient();
  const [state, setState] = useState<RunState>({ phase: 'idle' });
  // A newer run wins: the answer of an older one is dropped.
  const generation = useRef(0);

  const execute = async (request: RunRequest, estimate: QueryEstimate | null, confirmed: boolean) => {
    const mine = ++generation.current;
    setState({ phase: 'running', request, estimate });
    try {
      const result = await call(api.runQuery({ ...request, queryAll: request.target === 'org' && request.queryAll, confirmed }));
      if (mine === generation.current) setState({ phase: 'done', request, estimate, result });
    } catch (error) {
      if (mine === generation.current) setState({ phase: 'failed', request, estimate, error });
    } finally {
      void queryClient.invalidateQueries({ queryKey: queryConsoleKeys.historyAll });
    }
  };

  const run = async (request: RunRequest) => {
    if (request.target === 'cache') return execute(request, null, false);
    const mine = ++generation.current;
    setState({ phase: 'estimating', request });
    try {
      const estimate = await call(api.estimateQuery({ soql: request.soql, queryAll: request.queryAll }));
      if (mine !== generation.current) return;
      if (estimate.needsConfirmation) setState({ phase: 'confirm', request, estimate });
      else await execute(request, estimate, false);
    } catch (error) {
      if (mine === generation.current) setState({ phase: 'failed', request, estimate: null, error });
    }
  };

  const confirm = () => {
    if (state.phase === 'confirm') void execute(state.request, state.estimate, true);
  };
  const cancelConfirm = () => {
    if (state.phase === 'confirm') setState({ phase: 'idle' });
  };
  return { state, run, confirm, cancelConfirm };
}
