/**
 * Push events in the renderer: `useAtomEvent(name, callback)` subscribes a component for as long
 * as it is mounted (the latest callback is always the one called), through `window.atom`'s
 * `onX(callback)` in the desktop app or the bridge's event stream in browser mode. What events
 * write into TanStack Query goes through pushed-state.ts.
 */
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
