import type { analyticsContract } from '../../../shared/ipc';
import type { CoreServices, HandlerMap } from './types';

export function analyticsHandlers({ analytics }: CoreServices): HandlerMap<keyof typeof analyticsContract> {
  return {
    'analytics:home': () => analytics.home(),
    'analytics:pipeline': (query) => analytics.pipeline(query),
    'analytics:slipped': (query) => analytics.slipped(query),
    'analytics:waterfall': (query) => analytics.waterfall(query),
    'analytics:deals': (query) => analytics.deals(query),
    'analytics:board': (query) => analytics.board(query),
    'analytics:leads': (query) => analytics.leads(query),
    'analytics:fiscal': () => analytics.fiscal(),
    'analytics:settings-get': () => analytics.settings(),
    'analytics:settings-update': (change) => analytics.updateSettings(change),
    'analytics:viewed': (input) => analytics.viewed(input),
  };
}
