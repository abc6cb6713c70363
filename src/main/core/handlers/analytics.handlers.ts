import type { analyticsContract } from '../../../shared/ipc';
import { AppError } from '../../../shared/errors';
import type { CoreServices, HandlerMap } from './types';

// Scaffolding while the cockpit's core is being built on its branch: replaced before this lands.
const pending = () => {
  throw new AppError('INTERNAL', 'The cockpit is not built yet.');
};

export function analyticsHandlers(_services: CoreServices): HandlerMap<keyof typeof analyticsContract> {
  return {
    'analytics:home': pending,
    'analytics:pipeline': pending,
    'analytics:slipped': pending,
    'analytics:waterfall': pending,
    'analytics:deals': pending,
    'analytics:board': pending,
    'analytics:leads': pending,
    'analytics:fiscal': pending,
    'analytics:settings-get': pending,
    'analytics:settings-update': pending,
    'analytics:viewed': pending,
  };
}
