/**
 * The desktop host's `open-route` event (events.contract.ts): a record the quick-lookup window
 * opened, or a record link handed to the app, shown in this window. Links naming an object the app
 * does not keep, and search links, are left to whoever shows those.
 */
import { navigate } from '../../app/navigation';
import { useAtomEvent } from '../../lib/events';
import { OBJECTS, type ObjectName } from '../../lib/objects';

export function isObjectName(name: string | null): name is ObjectName {
  return name !== null && Object.hasOwn(OBJECTS, name);
}

export function useOpenRouteEvents(): void {
  useAtomEvent('open-route', (route) => {
    if (route.kind === 'record' && isObjectName(route.object)) navigate({ name: 'object-record', object: route.object, id: route.id });
  });
}
