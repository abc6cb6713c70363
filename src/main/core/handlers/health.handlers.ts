import type { healthContract } from '../../../shared/ipc';
import type { CoreServices, HandlerMap } from './types';

export function healthHandlers({ health }: CoreServices): HandlerMap<keyof typeof healthContract> {
  return {
    'health:summary': () => health.summary(),
    'health:usage-snapshot': () => health.usageSnapshot(),
    'health:limits': () => health.limits(),
    'health:diagnostics': () => health.diagnostics(),
  };
}
