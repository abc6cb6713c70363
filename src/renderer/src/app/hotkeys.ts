/**
 * App-wide keys (never while typing in a field or with a dialog open): "/" focuses the page's
 * search box, "n" starts a new record on list pages, "?" shows every shortcut, Shift+S syncs now,
 * and "g" then d / t / f / b / r jumps to Home (the dashboard), My tasks, Pipeline (the forecast),
 * the Board or Lead analytics (reports), and c / a / p / l / k / m / h / q / e / o / s to Contacts,
 * Accounts, Opportunities, Leads, Cases, Campaigns, Changes, Query, Health, Connections or Settings.
 * Ctrl/⌘+K (the top bar's search) is global-search.tsx's. The keyboard shortcuts page lists them all.
 */
import { useEffect, useRef } from 'react';
import type { Route } from '../lib/router';
import { JUMPS } from './jumps';
import { navigate } from './navigation';

/**
 * Whether a key goes to a text field. A key typed in a shadow root (the Query page's editor) reaches
 * the window retargeted to the shadow host: its composed path's first element is where it was typed.
 */
export function isTyping(target: EventTarget | null, event?: Event): boolean {
  const origin = event?.composedPath?.()[0] ?? target;
  const el = origin as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

const JUMP_BY_KEY = new Map(JUMPS.map((jump) => [jump.key, jump.route]));

export interface HotkeyActions {
  /** Shift+S: the desktop menu's Sync now (Ctrl/⌘+R there), which browser mode keeps for reloading. */
  syncNow(): void;
}

export function useHotkeys(route: Route, actions: HotkeyActions): void {
  // The latest actions, without re-subscribing on every render.
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    let awaitingJump = 0;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target, event) || document.querySelector('dialog[open]')) return;
      const key = event.key.toLowerCase();
      const jump = JUMP_BY_KEY.get(key);
      if (awaitingJump && Date.now() - awaitingJump < 1200 && jump) {
        event.preventDefault();
        awaitingJump = 0;
        navigate(jump);
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
      } else if (event.key === '?') {
        event.preventDefault();
        navigate({ name: 'shortcuts' });
      } else if (key === 's' && event.shiftKey) {
        event.preventDefault();
        latest.current.syncNow();
      } else if (key === 'n') {
        if (route.name === 'object-list') navigate({ name: 'object-new', object: route.object });
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [route]);
}
