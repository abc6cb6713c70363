import type { accountsContract } from '../../../shared/ipc';
import type { CoreServices, HandlerMap } from './types';

export function accountsHandlers({ accounts }: CoreServices): HandlerMap<keyof typeof accountsContract> {
  return {
    'accounts:list': (query) => accounts.list(query),
    'accounts:get': ({ id }) => accounts.get(id),
    'accounts:create': (input) => accounts.create(input),
    'accounts:lookup': ({ search }) => accounts.lookup(search),
    'accounts:picklists': ({ object }) => accounts.picklists(object),
  };
}
