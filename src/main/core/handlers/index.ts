import type { Channel } from '../../../shared/ipc';
import { appHandlers } from './app.handlers';
import { connectionsHandlers } from './connections.handlers';
import { outboxHandlers } from './outbox.handlers';
import { settingsHandlers } from './settings.handlers';
import { syncHandlers } from './sync.handlers';
import { recordsHandlers } from './records.handlers';
import { healthHandlers } from './health.handlers';
import { searchHandlers } from './search.handlers';
import { analyticsHandlers } from './analytics.handlers';
import { activitiesHandlers } from './activities.handlers';
import { leadsHandlers } from './leads.handlers';
import { desktopHandlers } from './desktop.handlers';
import { notificationsHandlers } from './notifications.handlers';
import { queryHandlers } from './query.handlers';
import type { CoreServices, HandlerMap } from './types';

/** Every channel of the contract, each with exactly one handler: a missing one is a type error. */
export function createHandlerRegistry(services: CoreServices): HandlerMap<Channel> {
  return {
    ...appHandlers(services),
    ...settingsHandlers(services),
    ...connectionsHandlers(services),
    ...outboxHandlers(services),
    ...syncHandlers(services),
    ...searchHandlers(services),
    ...recordsHandlers(services),
    ...healthHandlers(services),
    ...analyticsHandlers(services),
    ...activitiesHandlers(services),
    ...leadsHandlers(services),
    ...desktopHandlers(services),
    ...notificationsHandlers(services),
    ...queryHandlers(services),
  };
}

export type { CoreServices, Handler, HandlerMap } from './types';
