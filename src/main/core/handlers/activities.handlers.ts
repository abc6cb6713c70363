import type { activitiesContract } from '../../../shared/ipc';
import { userFacing } from './outbox.handlers';
import type { CoreServices, HandlerMap } from './types';

export function activitiesHandlers({ activities }: CoreServices): HandlerMap<keyof typeof activitiesContract> {
  return {
    'activities:timeline': (input) => activities.timeline(input),
    'activities:my-tasks': () => activities.myTasks(),
    // Writes go through the outbox like records:create|update (its refusals in the user's words).
    'activities:create': (input) => userFacing(() => activities.create(input)),
    'activities:complete': (input) => userFacing(() => activities.complete(input)),
  };
}
