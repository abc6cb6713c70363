/**
 * Why the app moved to Connections: a screen that needs an org (a list, a record) was opened with
 * none connected, and the app's query cache sends such screens to Connections (app/app.tsx). The
 * reason is kept here for the Connections page to say once ("Connect an org to see Opportunities"),
 * instead of landing there silently. Not in the address: a reload of Connections needs no reason.
 */
import { useSyncExternalStore } from 'react';
import { OBJECTS } from './objects';
import type { Route } from './router';

let notice: string | null = null;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

/** The sentence for the screen that needed an org; null for screens that need none. */
export function connectNoticeFor(route: Route): string | null {
  switch (route.name) {
    case 'object-list':
      return `Connect an org to see ${OBJECTS[route.object].label.many}`;
    case 'object-record':
    case 'object-edit':
      return `Connect an org to open this ${OBJECTS[route.object].label.one.toLowerCase()}`;
    case 'object-new':
      return `Connect an org to create ${/^[aeiou]/i.test(OBJECTS[route.object].label.one) ? 'an' : 'a'} ${OBJECTS[route.object].label.one.toLowerCase()}`;
    case 'connections':
    case 'start':
      return null;
    default:
      return 'Connect an org to see that page';
  }
}

export function setConnectNotice(text: string | null): void {
  if (text === notice) return;
  notice = text;
  emit();
}

export function useConnectNotice(): string | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => notice,
  );
}
