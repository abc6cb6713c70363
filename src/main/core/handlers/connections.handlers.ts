import { AppError } from '../../../shared/errors';
import type { connectionsContract } from '../../../shared/ipc';
import type { CoreServices, HandlerMap } from './types';

export function connectionsHandlers({ connections, outbox }: CoreServices): HandlerMap<keyof typeof connectionsContract> {
  return {
    'connections:list': () => connections.list(),
    'connections:start-login': (input) => connections.startLogin(input),
    'connections:await-login': ({ loginId, waitMs }) => connections.awaitLogin(loginId, waitMs),
    'connections:cancel-login': ({ loginId }) => connections.cancelLogin(loginId),
    'connections:activate': ({ connectionId }) => connections.activate(connectionId),
    'connections:disconnect': ({ connectionId, discardUnsentChanges }) => connections.disconnect(connectionId, { discardUnsentChanges }),
    'connections:unsent-changes': ({ connectionId }) => {
      if (!connections.list().some((c) => c.id === connectionId)) throw new AppError('NOT_FOUND', 'That connection no longer exists.');
      return outbox.service.unsentChanges(connectionId);
    },
  };
}
