import type { contactsContract } from '../../../shared/ipc';
import type { CoreServices, HandlerMap } from './types';

export function contactsHandlers({ contacts }: CoreServices): HandlerMap<keyof typeof contactsContract> {
  return {
    'contacts:list': (query) => contacts.list(query),
    'contacts:get': ({ id }) => contacts.get(id),
    'contacts:create': (input) => contacts.create(input),
  };
}
