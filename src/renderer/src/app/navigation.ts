import { useSyncExternalStore } from 'react';
import { parseRoute, routeHref, type Route } from '../lib/router';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function currentHash(): string {
  return window.location.hash;
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash);
  return parseRoute(hash);
}

/** `replace` keeps the history clean for typing-driven changes (search box, paging size). */
export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const href = routeHref(route);
  if (href === window.location.hash) return;
  if (options.replace) window.location.replace(href);
  else window.location.hash = href;
}
