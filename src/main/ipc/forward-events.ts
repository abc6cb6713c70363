/**
 * Carries the core's push events to the app's own window: one IPC channel (EVENT_CHANNEL), one
 * message per event, `{ name, payload }` exactly as the core's bus validated it. Only a window
 * that shows our own page (`app://atom`) receives anything: a window that is gone, still loading
 * something else, or was somehow navigated away gets nothing.
 */
import { EVENT_CHANNEL, type AtomEvent, type Unsubscribe } from '../../shared/ipc';
import { isAppUrl } from '../security/app-origin';

/** The parts of Electron's WebContents the forwarder uses (structural, so it is testable). */
export interface EventTarget {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
}

export interface EventFeed {
  subscribe(listener: (event: AtomEvent) => void): Unsubscribe;
}

export function forwardEvents(feed: EventFeed, target: () => EventTarget | undefined): Unsubscribe {
  return feed.subscribe((event) => {
    const contents = target();
    if (!contents || contents.isDestroyed() || !isAppUrl(contents.getURL())) return;
    contents.send(EVENT_CHANNEL, { name: event.name, payload: event.payload });
  });
}
