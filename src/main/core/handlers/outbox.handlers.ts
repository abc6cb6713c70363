import { AppError } from '../../../shared/errors';
import type { outboxContract } from '../../../shared/ipc';
import { OutboxInputError } from '../outbox/outbox-service';
import type { CoreServices, HandlerMap } from './types';

/** Outbox refusals the user can act on become INVALID_INPUT with their message. */
export async function userFacing<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof OutboxInputError) throw new AppError('INVALID_INPUT', err.message);
    throw err;
  }
}

export function outboxHandlers({ outbox, records }: CoreServices): HandlerMap<keyof typeof outboxContract> {
  const { service, activeConnectionId } = outbox;
  return {
    // Values are re-checked against the org's describe (the records service) before queuing.
    'records:create': ({ object, values }) =>
      userFacing(async () => {
        const connectionId = activeConnectionId();
        return service.create(connectionId, object, await records.validateWrite(connectionId, object, values, 'create'));
      }),
    'records:update': ({ object, id, values, lastModifiedDate }) =>
      userFacing(async () => {
        const connectionId = activeConnectionId();
        return service.update(connectionId, object, id, await records.validateWrite(connectionId, object, values, 'update'), lastModifiedDate ?? null);
      }),
    'records:delete': ({ object, id }) => userFacing(() => service.remove(activeConnectionId(), object, id)),
    'outbox:status': () => service.status(activeConnectionId()),
    'outbox:retry': (input) => userFacing(() => service.retry(activeConnectionId(), input?.id, input?.values)),
    'outbox:discard': ({ id }) => userFacing(() => service.discard(activeConnectionId(), id)),
    'outbox:resolve-conflict': (input) =>
      userFacing(() =>
        service.resolveConflict(
          activeConnectionId(),
          input.id,
          input.resolution === 'merge' ? { resolution: 'merge', fields: input.fields } : { resolution: input.resolution },
        ),
      ),
  };
}
