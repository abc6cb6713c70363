import type { connectionsContract } from '../../../shared/ipc';
import type { CoreServices, HandlerMap } from './types';

export function connectionsHandlers({ connections }: CoreServices): HandlerMap<keyof typeof connectionsContract> {
  return {
    'connections:list': () => connections.list(),
    'connections:start-login': (input) => connections.startLogin(input),
    'connections:await-login': ({ loginId, waitMs }) => connections.awaitLogin(loginId, waitMs),
    'connections:cancel-login': ({ loginId }) => connections.cancelLogin(loginId),
    'connections:activate': ({ connectionId }) => connections.activate(connectionId),
    'connections:disconnect': ({ connectionId }) => connections.disconnect(connectionId),
  };
}
