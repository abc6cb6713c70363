/**
 * What only the desktop app's host can do, asked for by its windows: the quick-lookup window opens
 * a record in the main window (which comes to the front) and hides itself. Browser mode has no such
 * host: the answers say nothing was done (`opened: false`), and the renderer navigates its own
 * window or the one that opened it instead.
 */
import { z } from 'zod';
import { NoInput, type ChannelSpec } from './common';
import { RecordRef } from './outbox.contract';
import { SyncObject } from './sync.contract';

/** A record to show: its object and its Id (or the temporary id of one created offline). */
export const RecordTarget = z.object({ object: SyncObject, id: RecordRef }).strict();
export type RecordTarget = z.infer<typeof RecordTarget>;

export const desktopContract = {
  /** Shows the record in the main window and brings it forward; the quick-lookup window hides. */
  'desktop:open-record': { method: 'openRecordInMain', input: RecordTarget, output: z.object({ opened: z.boolean() }) },
  /** Hides the quick-lookup window (Escape). */
  'desktop:hide-quick-lookup': { method: 'hideQuickLookup', input: NoInput, output: z.object({ hidden: z.boolean() }) },
} as const satisfies Record<string, ChannelSpec>;
