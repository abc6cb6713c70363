/**
 * The desktop host's `open-route` event (events.contract.ts), shown in this window: a record the
 * quick-lookup window opened, a record or search link handed to the app, or an item of the
 * application menu (a screen, an object's list or new-record form, the search box). Where each one
 * goes is lib/open-routes.ts.
 */
import { navigate } from '../../app/navigation';
import { useAtomEvent } from '../../lib/events';
import { openTargetOf } from '../../lib/open-routes';
import { focusGlobalSearch } from '../workspace/global-search';

export function useOpenRouteEvents(): void {
  useAtomEvent('open-route', (event) => {
    const target = openTargetOf(event);
    if (target.kind === 'route') navigate(target.route);
    // Without the top bar's box (no org yet, the quick-lookup page) the search page has its own.
    else if (target.kind === 'focus-search' && !focusGlobalSearch()) navigate({ name: 'search', q: '' });
  });
}
