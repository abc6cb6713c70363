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

export const contract = {
  ...appContract,
  ...settingsContract,
  ...connectionsContract,
  ...outboxContract,
  ...syncContract,
  ...searchContract,
  ...recordsContract,
  ...healthContract,
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>;
export type OutputOf<C extends Channel> = z.output<Contract[C]['output']>;
export type MethodOf<C extends Channel> = Contract[C]['method'];

export const CHANNELS = Object.keys(contract) as Channel[];

/** The API the renderer sees as `window.atom`: one named method per channel. */
export type AtomApi = {
  [C in Channel as MethodOf<C>]: undefined extends InputOf<C>
    ? (input?: InputOf<C>) => Promise<Result<OutputOf<C>>>
    : (input: InputOf<C>) => Promise<Result<OutputOf<C>>>;
};

export * from './common';
export * from './app.contract';
export * from './settings.contract';
export * from './connections.contract';
export * from './outbox.contract';
export * from './sync.contract';
export * from './search.contract';
export * from './records.contract';
export * from './health.contract';
