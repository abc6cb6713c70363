import type { syncContract } from '../../../shared/ipc';
import type { CoreServices, HandlerMap } from './types';

export function syncHandlers({ sync }: CoreServices): HandlerMap<keyof typeof syncContract> {
  return {
    'sync:start': (input) => sync.start({ full: input?.full }),
    'sync:status': () => sync.status(),
    'sync:cancel': () => sync.cancel(),
    'sync:settings-update': (patch) => sync.updateSettings(patch),
  };
}
