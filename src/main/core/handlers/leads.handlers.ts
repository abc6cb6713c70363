import type { leadsContract } from '../../../shared/ipc';
import type { CoreServices, HandlerMap } from './types';

export function leadsHandlers({ leads }: CoreServices): HandlerMap<keyof typeof leadsContract> {
  return {
    'leads:convert-options': (input) => leads.convertOptions(input),
    'leads:convert': (input) => leads.convert(input),
  };
}
