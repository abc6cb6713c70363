import type { recordsContract } from '../../../shared/ipc';
import type { CoreServices, HandlerMap } from './types';

export function recordsHandlers({ records, listPrefs }: CoreServices): HandlerMap<keyof typeof recordsContract> {
  return {
    'records:list': (query) => records.list(query),
    'records:get': (input) => records.get(input),
    'records:fetch': (input) => records.fetch(input),
    'describe:form': (input) => records.form(input),
    'records:list-prefs': (input) => listPrefs.get(input),
    'records:list-prefs-update': (change) => listPrefs.update(change),
  };
}
