import type { settingsContract } from '../../../shared/ipc';
import type { CoreServices, HandlerMap } from './types';

export function settingsHandlers({ settings }: CoreServices): HandlerMap<keyof typeof settingsContract> {
  return {
    'settings:get': () => settings.view(),
    'settings:update': (patch) => settings.update(patch),
  };
}
