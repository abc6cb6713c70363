import type { recordsContract } from '../../../shared/ipc';
import type { CoreServices, HandlerMap } from './types';

export function recordsHandlers({ records }: CoreServices): HandlerMap<keyof typeof recordsContract> {
  return {
    'records:list': (query) => records.list(query),
    'records:get': (input) => records.get(input),
    'describe:form': (input) => records.form(input),
  };
}
