/**
 * Where an `open-route` event (events.contract.ts) takes the main window: a record or search link
 * from outside, the quick lookup's record, or an item of the desktop app's menu. Pure, so the
 * mapping is tested without a window; features/quick-lookup/open-route-events.ts acts on it.
 */
import type { AppPage, OpenRouteEvent } from '../../../shared/ipc/events.contract';
import { OBJECTS, type ObjectName } from './objects';
import { boardRoute, leadAnalyticsRoute, listRoute, pipelineRoute, type Route } from './router';

export function isObjectName(name: string | null): name is ObjectName {
  return name !== null && Object.hasOwn(OBJECTS, name);
}

/** A route to show, the top bar's search box to focus, or nothing (an object this renderer does not show). */
export type OpenTarget = { kind: 'route'; route: Route } | { kind: 'focus-search' } | { kind: 'none' };

const PAGES: Record<Exclude<AppPage, 'search'>, () => Route> = {
  home: () => ({ name: 'home' }),
  'my-tasks': () => ({ name: 'my-tasks' }),
  pipeline: () => pipelineRoute(),
  board: () => boardRoute(),
  'lead-analytics': () => leadAnalyticsRoute(),
  changes: () => ({ name: 'changes' }),
  query: () => ({ name: 'query' }),
  health: () => ({ name: 'health' }),
  connections: () => ({ name: 'connections' }),
  settings: () => ({ name: 'settings' }),
  shortcuts: () => ({ name: 'shortcuts' }),
  notifications: () => ({ name: 'notifications' }),
};

const route = (to: Route): OpenTarget => ({ kind: 'route', route: to });

export function openTargetOf(event: OpenRouteEvent): OpenTarget {
  switch (event.kind) {
    case 'record':
      // A link to a record of an object the app does not keep says so, rather than nothing happening.
      return isObjectName(event.object)
        ? route({ name: 'object-record', object: event.object, id: event.id })
        : route({ name: 'record-link', id: event.id, problem: 'unknown-object' });
    case 'search':
      return route({ name: 'search', q: event.q });
    case 'page':
      return event.page === 'search' ? { kind: 'focus-search' } : route(PAGES[event.page]());
    case 'object':
      if (!isObjectName(event.object)) return { kind: 'none' };
      return route(event.view === 'new' ? { name: 'object-new', object: event.object } : listRoute(event.object));
  }
}
