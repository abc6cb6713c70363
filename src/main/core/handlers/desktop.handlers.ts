import type { desktopContract } from '../../../shared/ipc';
import type { CoreServices, HandlerMap } from './types';

export function desktopHandlers({ desktop }: CoreServices): HandlerMap<keyof typeof desktopContract> {
  return {
    'desktop:open-record': (target) => desktop.openRecord(target),
    'desktop:hide-quick-lookup': () => desktop.hideQuickLookup(),
  };
}
