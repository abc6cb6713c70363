import type { searchContract } from '../../../shared/ipc';
import type { CoreServices, HandlerMap } from './types';

export function searchHandlers({ search }: CoreServices): HandlerMap<keyof typeof searchContract> {
  return {
    'search:query': (query) => search.search(query),
    'search:lookup': (query) => search.lookup(query),
  };
}
