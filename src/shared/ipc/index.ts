/**
 * The whole IPC contract: every channel, its preload method name and its schemas.
 * Main validates every payload with these schemas; the preload and the browser-mode client
 * expose exactly these methods; the renderer's types are inferred from them.
 */
import type { z } from 'zod';
import type { Result } from '../errors';
import { appContract } from './app.contract';
import { connectionsContract } from './connections.contract';
import { outboxContract } from './outbox.contract';
import { settingsContract } from './settings.contract';
import { syncContract } from './sync.contract';
import { searchContract } from './search.contract';
import { recordsContract } from './records.contract';
import { healthContract } from './health.contract';
import { analyticsContract } from './analytics.contract';
import { eventsContract } from './events.contract';
import { activitiesContract } from './activities.contract';
import { leadsContract } from './leads.contract';
import { desktopContract } from './desktop.contract';
import { notificationsContract } from './notifications.contract';
import { queryContract } from './query.contract';

export const contract = {
  ...appContract,
  ...settingsContract,
  ...connectionsContract,
  ...outboxContract,
  ...syncContract,
  ...searchContract,
  ...recordsContract,
  ...healthContract,
  ...analyticsContract,
  ...activitiesContract,
  ...leadsContract,
  ...desktopContract,
  ...notificationsContract,
  ...queryContract,
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>;
export type OutputOf<C extends Channel> = z.output<Contract[C]['output']>;
export type MethodOf<C extends Channel> = Contract[C]['method'];

export const CHANNELS = Object.keys(contract) as Channel[];

/** The request half of `window.atom`: one named method per channel. */
export type AtomRequestApi = {
  [C in Channel as MethodOf<C>]: undefined extends InputOf<C>
    ? (input?: InputOf<C>) => Promise<Result<OutputOf<C>>>
    : (input: InputOf<C>) => Promise<Result<OutputOf<C>>>;
};

/** Push events, main → renderer (events.contract.ts). */
export const events = eventsContract;
export type Events = typeof events;
export type EventName = keyof Events;
/** What a listener receives (the schema's output: main parsed it before sending). */
export type PayloadOf<E extends EventName> = z.output<Events[E]['payload']>;
/** What a publisher may pass (the schema's input). */
export type PayloadInputOf<E extends EventName> = z.input<Events[E]['payload']>;
export type EventMethodOf<E extends EventName> = Events[E]['method'];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** One event as it travels (IPC message, bridge stream): its name and its parsed payload. */
export type AtomEvent = { [E in EventName]: { name: E; payload: PayloadOf<E> } }[EventName];
export type Unsubscribe = () => void;

/** The event half of `window.atom`: `onX(callback)` per event, returning its unsubscribe. */
export type AtomEventApi = {
  [E in EventName as EventMethodOf<E>]: (callback: (payload: PayloadOf<E>) => void) => Unsubscribe;
};

/** The API the renderer sees as `window.atom`: one named method per channel and per event. */
export type AtomApi = AtomRequestApi & AtomEventApi;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

export * from './common';
export * from './app.contract';
export * from './settings.contract';
export * from './connections.contract';
export * from './outbox.contract';
export * from './sync.contract';
export * from './search.contract';
export * from './records.contract';
export * from './health.contract';
export * from './analytics.contract';
export * from './activities.contract';
export * from './leads.contract';
export * from './desktop.contract';
export * from './notifications.contract';
export * from './query.contract';
export { EVENT_CHANNEL, SyncProgressEvent, OutboxSummary, OnlineEvent, ConnectionsChangedEvent, type EventSpec } from './events.contract';
export * from './api-usage';
