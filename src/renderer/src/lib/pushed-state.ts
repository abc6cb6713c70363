/**
 * Query data that push events keep current. Screens keep reading TanStack Query; events write
 * into it (`pushInto`). A snapshot taken by a query can be older than an event that arrived while
 * it was in flight: `snapshotQuery` then keeps what the event wrote instead of going back in time.
 * No DOM, no transport: unit-tested in Node.
 */
import type { QueryClient, QueryKey } from '@tanstack/react-query';

/** How many events wrote into each query (by key hash), per query client. */
const writes = new WeakMap<QueryClient, Map<string, number>>();
const hashOf = (key: QueryKey) => JSON.stringify(key);

function writesOf(queryClient: QueryClient): Map<string, number> {
  let counts = writes.get(queryClient);
  if (!counts) writes.set(queryClient, (counts = new Map()));
  return counts;
}

/** An event's write into a query's data (`undefined` from the updater leaves it alone). */
export function pushInto<T>(queryClient: QueryClient, key: QueryKey, update: (old: T | undefined) => T | undefined): void {
  const next = update(queryClient.getQueryData<T>(key));
  if (next === undefined) return;
  const counts = writesOf(queryClient);
  counts.set(hashOf(key), (counts.get(hashOf(key)) ?? 0) + 1);
  queryClient.setQueryData<T>(key, next);
}

/** A query function for state that events keep current: the snapshot, unless an event overtook it. */
export async function snapshotQuery<T>(queryClient: QueryClient, key: QueryKey, fetch: () => Promise<T>): Promise<T> {
  const counts = writesOf(queryClient);
  const before = counts.get(hashOf(key)) ?? 0;
  const snapshot = await fetch();
  if ((counts.get(hashOf(key)) ?? 0) === before) return snapshot;
  return queryClient.getQueryData<T>(key) ?? snapshot;
}
