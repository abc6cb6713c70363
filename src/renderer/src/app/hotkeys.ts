/**
 * App-wide keys: "/" focuses the page's search box, "n" starts a new record on list pages,
 * and "g" then d / t / f / b / r jumps to Home (the dashboard), My tasks, Pipeline (the forecast), the
 * Board or Lead analytics (reports), and c / a / p / l / k / m / h / e / o / s to Contacts, Accounts, Opportunities,
 * Leads, Cases, Campaigns, Changes, Health, Connections or Settings.
 */
import { useEffect } from 'react';
import { boardRoute, leadAnalyticsRoute, listRoute, pipelineRoute, type Route } from '../lib/router';
import { navigate } from './navigation';

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

const JUMPS: Record<string, Route> = {
  d: { name: 'home' },
  t: { name: 'my-tasks' },
  f: pipelineRoute(),
  b: boardRoute(),
  r: leadAnalyticsRoute(),
  c: listRoute('Contact'),
  a: listRoute('Account'),
  p: listRoute('Opportunity'),
  l: listRoute('Lead'),
  k: listRoute('Case'),
  m: listRoute('Campaign'),
  h: { name: 'changes' },
  e: { name: 'health' },
  o: { name: 'connections' },
  s: { name: 'settings' },
};

export function useHotkeys(route: Route): void {
  useEffect(() => {
    let awaitingJump = 0;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target) || document.querySelector('dialog[open]')) return;
      const key = event.key.toLowerCase();
      if (awaitingJump && Date.now() - awaitingJump < 1200 && JUMPS[key]) {
        event.preventDefault();
        awaitingJump = 0;
        navigate(JUMPS[key]);
        return;
      }
      awaitingJump = 0;
      if (key === 'g') {
        awaitingJump = Date.now();
      } else if (key === '/') {
        const search = document.querySelector<HTMLInputElement>('[data-search-input]');
        if (search) {
          event.preventDefault();
          search.focus();
          search.select();
        }
      } else if (key === 'n') {
        if (route.name === 'object-list') navigate({ name: 'object-new', object: route.object });
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [route]);
}
