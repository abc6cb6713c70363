/**
 * Sends an `open-route` event to the main window, in the push channel's envelope
 * (`{ name, payload }` on EVENT_CHANNEL, as ipc/forward-events.ts sends the core's events). The
 * route (a link, the quick lookup's record, an application menu item's screen) comes from the
 * Electron host, not from a core service, so it does not go through the
 * core's bus; it gets the same checks: the payload is parsed with its contract schema, and only a
 * window that shows the app's own page receives it.
 */
import { EVENT_CHANNEL, events } from '../../shared/ipc';
import type { OpenRouteEvent } from '../../shared/ipc/events.contract';
import type { EventTarget } from '../ipc/forward-events';
import { isAppUrl } from '../security/app-origin';

export type SendOutcome = 'sent' | 'no-window' | 'invalid';

export function sendOpenRoute(target: EventTarget | undefined, route: OpenRouteEvent): SendOutcome {
  const parsed = events['open-route'].payload.safeParse(route);
  if (!parsed.success) return 'invalid';
  if (!target || target.isDestroyed() || !isAppUrl(target.getURL())) return 'no-window';
  target.send(EVENT_CHANNEL, { name: 'open-route', payload: parsed.data });
  return 'sent';
}
