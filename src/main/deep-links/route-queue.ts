/**
 * Record and search links can arrive before the main window can take them: with the launch itself
 * (argv, or macOS `open-url` before `ready`), while the page is still loading, or on macOS after
 * the last window was closed. The push channel only reaches a window that shows the app, so an
 * `open-route` event sent then would be lost. Routes wait here until the window says it has
 * loaded, then go out in arrival order; while it is ready they go out at once. Unlike the login
 * queue (deep-link-queue.ts) readiness comes and goes: a reload or a closed window makes it wait
 * again.
 */
export interface RouteQueue<T> {
  push(item: T): void;
  /** The window finished loading the app (true), or is reloading, navigating or gone (false). */
  setReady(ready: boolean): void;
  readonly pending: number;
}

export function createRouteQueue<T>(options: { deliver: (item: T) => void; maxPending?: number; onError?: (error: unknown) => void }): RouteQueue<T> {
  // Links are user actions, a handful at most; a flood keeps only the most recent ones.
  const maxPending = options.maxPending ?? 8;
  const queue: T[] = [];
  let ready = false;

  const send = (item: T) => {
    try {
      options.deliver(item);
    } catch (error) {
      options.onError?.(error);
    }
  };

  return {
    push(item) {
      if (ready) return send(item);
      if (queue.length >= maxPending) queue.shift();
      queue.push(item);
    },
    setReady(next) {
      ready = next;
      if (ready) for (const item of queue.splice(0)) send(item);
    },
    get pending() {
      return queue.length;
    },
  };
}

/** The part of a webContents whose load events say when routes can be delivered (structural, so it is testable). */
export interface LoadEvents {
  on(event: 'did-start-loading' | 'did-finish-load', listener: () => void): unknown;
}

/** Routes wait while the page (re)loads and go out once it has loaded. */
export function holdRoutesWhileLoading(contents: LoadEvents, queue: Pick<RouteQueue<unknown>, 'setReady'>): void {
  queue.setReady(false);
  contents.on('did-start-loading', () => queue.setReady(false));
  contents.on('did-finish-load', () => queue.setReady(true));
}
