/**
 * macOS delivers `open-url` as early as the launch itself, before `ready` and before the core
 * exists. Links are queued until the app is ready, then handled in arrival order, each exactly
 * once; after that they are handled as they come.
 */
export interface DeepLinkQueue {
  push(url: string): void;
  /** Starts handling: drains the queue once, then handles new links immediately. */
  start(handler: (url: string) => Promise<void> | void): void;
  readonly pending: number;
}

export function createDeepLinkQueue(options: { maxPending?: number; onError?: (error: unknown) => void } = {}): DeepLinkQueue {
  const maxPending = options.maxPending ?? 8;
  const queue: string[] = [];
  let handler: ((url: string) => Promise<void> | void) | undefined;

  const run = (url: string) => {
    try {
      const result = handler!(url);
      if (result && typeof (result as Promise<void>).catch === 'function') (result as Promise<void>).catch((error) => options.onError?.(error));
    } catch (error) {
      options.onError?.(error);
    }
  };

  return {
    push(url) {
      if (handler) return run(url);
      // A flood of links before ready is not a login; keep only the most recent ones.
      if (queue.length >= maxPending) queue.shift();
      queue.push(url);
    },
    start(nextHandler) {
      if (handler) throw new Error('Deep-link queue already started');
      handler = nextHandler;
      for (const url of queue.splice(0)) run(url);
    },
    get pending() {
      return queue.length;
    },
  };
}
