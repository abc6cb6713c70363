/**
 * Activities of the active org (`activities:*`): the timeline on a record and My tasks, read from
 * the cache (zero API calls, offline too), and the quick actions — log a call, new task, new event,
 * complete a task — written through the offline outbox exactly like `records:create|update`: the
 * values are checked against the org's describe, the cached row and the outbox entry are written
 * in one transaction (the row already showing what Salesforce will derive: names, account, closed),
 * and the outbox sends the change at once or when the org answers again.
 */
import { AppError } from '../../../shared/errors';
import type { FieldValue, ValidationMode } from '../../../shared/forms/record-validation';
import type { activitiesContract, MyTasks, Timeline } from '../../../shared/ipc/activities.contract';
import type { WriteOutcome } from '../../../shared/ipc/outbox.contract';
import { localDate } from '../../../shared/analytics/fiscal';
import type { z } from 'zod';
import type { CachePool } from '../cache/cache-pool';
import { OBJECT_REGISTRY, type ObjectRegistry } from '../cache/objects';
import type { CacheDb } from '../cache/org-cache';
import { getCachedRecord } from '../cache/records.read';
import { defaultTaskStatuses } from '../cache/reference.repo';
import type { ActiveOrg } from '../connections/active-org';
import type { OutboxService } from '../outbox/outbox-service';
import { activityValues, checkLinks } from './activity-values';
import { cachedRecordOf } from './derived-fields';
import { readMyTasks } from './my-tasks.read';
import { readTimeline, type ActivityContext } from './timeline.read';

type In<C extends keyof typeof activitiesContract> = z.output<(typeof activitiesContract)[C]['input']>;

export interface ActivitiesService {
  timeline(input: In<'activities:timeline'>): Timeline;
  myTasks(): MyTasks;
  create(input: In<'activities:create'>): Promise<WriteOutcome>;
  complete(input: In<'activities:complete'>): Promise<WriteOutcome>;
}

export interface ActivitiesServiceDeps {
  activeOrg: Pick<ActiveOrg, 'require'>;
  caches: Pick<CachePool, 'cacheFor' | 'guarded'>;
  outbox: Pick<OutboxService, 'create' | 'update'>;
  /** The describe-driven check of record writes (the records service's validateWrite). */
  validateWrite(connectionId: string, object: 'Task' | 'Event', values: Record<string, unknown>, mode: ValidationMode): Promise<Record<string, FieldValue>>;
  registry?: ObjectRegistry;
  /** The clock: "today" is its local date (default: the system clock). */
  now?: () => Date;
}

export function createActivitiesService(deps: ActivitiesServiceDeps): ActivitiesService {
  const registry = deps.registry ?? OBJECT_REGISTRY;
  const now = deps.now ?? (() => new Date());
  const contextOf = (db: CacheDb, userId: string): ActivityContext => {
    const at = now();
    return { db, registry, userId, today: localDate(at), now: at.toISOString() };
  };
  const read = <T>(work: (ctx: ActivityContext) => T): T => {
    const connection = deps.activeOrg.require();
    const db = deps.caches.cacheFor(connection.id);
    return deps.caches.guarded(connection.id, () => work(contextOf(db, connection.userId)));
  };

  return {
    timeline: ({ recordId, pastLimit }) =>
      read((ctx) => readTimeline(ctx, recordId, cachedRecordOf(ctx.db, registry, recordId)?.object ?? registry.ofId(recordId)?.name, pastLimit)),

    myTasks: () => read((ctx) => readMyTasks(ctx)),

    async create(input) {
      const connection = deps.activeOrg.require();
      const db = deps.caches.cacheFor(connection.id);
      const { object, values } = deps.caches.guarded(connection.id, () => {
        checkLinks(db, registry, input);
        return activityValues(input, { today: localDate(now()), userId: connection.userId, statuses: defaultTaskStatuses(db) });
      });
      return deps.outbox.create(connection.id, object, await deps.validateWrite(connection.id, object, values, 'create'));
    },

    async complete({ id }) {
      const connection = deps.activeOrg.require();
      const db = deps.caches.cacheFor(connection.id);
      const closed = deps.caches.guarded(connection.id, () => {
        const found = cachedRecordOf(db, registry, id);
        if (found?.object === 'Event' || registry.ofId(id)?.name === 'Event') {
          throw new AppError('INVALID_INPUT', 'An event is not marked complete: it is over once its end time has passed.');
        }
        const task = getCachedRecord(db, 'Task', id);
        if (!task || task.localState === 'deleted') {
          throw new AppError('NOT_FOUND', 'This task is not on this computer. It may be outside what you sync, or deleted.');
        }
        if (task.fields.IsClosed === true) throw new AppError('INVALID_INPUT', 'This task is already completed.');
        return defaultTaskStatuses(db).closed;
      });
      // Status alone: TaskSubtype and the other create-only fields are never part of an update.
      const values = await deps.validateWrite(connection.id, 'Task', { Status: closed }, 'update');
      return deps.outbox.update(connection.id, 'Task', id, values, null);
    },
  };
}
