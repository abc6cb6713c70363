import { AppError } from '../../../shared/errors';
import type { Channel } from '../../../shared/ipc';
import type { HandlerMap } from './types';

/** What the user is told when the org's cache on this computer turns out to be damaged mid-session. */
export const CACHE_DAMAGED_MESSAGE =
  'The copy of this org kept on this computer is damaged. Restart Atom to repair it: your unsent changes are kept, and the records are fetched again from Salesforce.';

/**
 * A handler that hits a damaged cache (SQLITE_CORRUPT / NOTADB) marks it for repair at the next start
 * (the cache pool stops syncs into it and the status shows the notice) and answers with a plain message
 * instead of a generic failure.
 */
export function reportingCacheDamage(handlers: HandlerMap<Channel>, report: (err: unknown) => boolean): HandlerMap<Channel> {
  const wrapped: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [channel, handler] of Object.entries(handlers) as Array<[Channel, (input: unknown) => unknown]>) {
    wrapped[channel] = async (input) => {
      try {
        return await handler(input);
      } catch (err) {
        if (report(err)) throw new AppError('INTERNAL', CACHE_DAMAGED_MESSAGE);
        throw err;
      }
    };
  }
  return wrapped as unknown as HandlerMap<Channel>;
}
