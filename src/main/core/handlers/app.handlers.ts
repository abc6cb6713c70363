import type { appContract } from '../../../shared/ipc';
import type { CoreServices, HandlerMap } from './types';

export function appHandlers(services: CoreServices): HandlerMap<keyof typeof appContract> {
  return {
    'app:info': () => services.appInfo,
  };
}
