/**
 * Push events in the renderer: `useAtomEvent(name, callback)` subscribes a component for as long
 * as it is mounted (the latest callback is always the one called), through `window.atom`'s
 * `onX(callback)` in the desktop app or the bridge's event stream in browser mode.
 *
 * Screens keep reading TanStack Query; events write into it (`pushInto`). A snapshot taken by a
 * query can be older than an event that arrived while it was in flight: `snapshotQuery` then keeps
 * what the event wrote instead of going back in time.
 */
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { events, type AtomApi, type EventName, type PayloadOf, type Unsubscribe } from '../../../shared/ipc';
import { api } from './api';

type Subscribe<E extends EventName> = (callback: (payload: PayloadOf<E>) => void) => Unsubscribe;

export function subscribeAtomEvent<E extends EventName>(name: E, callback: (payload: PayloadOf<E>) => void): Unsubscribe {
  const method = events[name].method as keyof AtomApi;
  return (api[method] as unknown as Subscribe<E>)(callback);
}

export function useAtomEvent<E extends EventName>(name: E, callback: (payload: PayloadOf<E>) => void): void {
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => subscribeAtomEvent(name, (payload) => latest.current(payload)), [name]);
}

/** How many events wrote into each query (by key hash) so far. */
const writes = new Map<string, number>();
const hashOf = (key: QueryKey) => JSON.stringify(key);

/** An event's write into a query's data (`undefined` from the updater leaves it alone). */
export function pushInto<T>(queryClient: QueryClient, key: QueryKey, update: (old: T | undefined) => T | undefined): void {
  const next = update(queryClient.getQueryData<T>(key));
  if (next === undefined) return;
  writes.set(hashOf(key), (writes.get(hashOf(key)) ?? 0) + 1);
  queryClient.setQueryData<T>(key, next);
}

/** A query function for state that events keep current: the snapshot, unless an event overtook it. */
export async function snapshotQuery<T>(queryClient: QueryClient, key: QueryKey, fetch: () => Promise<T>): Promise<T> {
  const before = writes.get(hashOf(key)) ?? 0;
  const snapshot = await fetch();
  if ((writes.get(hashOf(key)) ?? 0) === before) return snapshot;
  return queryClient.getQueryData<T>(key) ?? snapshot;
}
