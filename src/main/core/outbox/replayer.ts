/**
 * Sends one outbox entry and records what happened. Every step is safe to repeat after a crash
 * or a lost answer:
 * - create: upsert on the client UUID (external ID) — a retry updates the record the lost attempt
 *   made; without such a field, look for the record before creating again;
 * - update: If-Unmodified-Since the version the edit was based on — a 412 whose server values
 *   already equal ours is our own earlier attempt; any other 412 is a conflict for the user;
 * - delete: 404 / ENTITY_IS_DELETED means it is already gone.
 */
import type { OutboxStore } from './outbox-store';
import { modstampOf } from './outbox-store';
import type { OutboxTransport } from './transport';
import { type FieldValues, type OutboxEntry, type OutboxErrorInfo, SendFailure } from './types';
import { serverHasValues } from './values';

const VERSION_FIELDS = ['LastModifiedDate', 'SystemModstamp'];

/** What to re-read after a write: the cache's fields for the object, the written ones, the version. */
function readBackFields(ctx: ReplayContext, entry: OutboxEntry): string[] {
  return [...new Set([...ctx.serverFields(entry.object), ...Object.keys(entry.payload), ...VERSION_FIELDS])];
}

/** What the drain loop does after an entry. */
export type StepOutcome =
  | { kind: 'done' }
  | { kind: 'conflict' }
  | { kind: 'needs-attention' }
  | { kind: 'offline'; error: OutboxErrorInfo }
  | { kind: 'backoff'; until: number; error: OutboxErrorInfo }
  | { kind: 'paused'; error: OutboxErrorInfo };

export interface BackoffPolicy {
  /** First delay after a 5xx; doubles per attempt up to `serverMaxMs`. */
  serverBaseMs: number;
  serverMaxMs: number;
  /** REQUEST_LIMIT_EXCEEDED: the daily quota refills slowly, so wait much longer. */
  limitBaseMs: number;
  limitMaxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { serverBaseMs: 2_000, serverMaxMs: 5 * 60_000, limitBaseMs: 60_000, limitMaxMs: 30 * 60_000 };

/** Exponential backoff with "equal jitter": between half and all of the capped delay. */
export function backoffDelay(attempts: number, baseMs: number, maxMs: number, random: () => number): number {
  const capped = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(capped / 2 + (capped / 2) * random());
}

export interface ReplayContext {
  store: OutboxStore;
  transport: OutboxTransport;
  now: () => number;
  random: () => number;
  backoff: BackoffPolicy;
  /** The fields the local cache keeps for an object (re-read after each confirmed write). */
  serverFields: (object: string) => string[];
  /** Called after each entry the drain handled, whatever became of it (the push channel's counts). */
  onStep?: () => void;
}

const msg = (code: string, message: string, fields?: string[]): OutboxErrorInfo => (fields ? { code, message, fields } : { code, message });

async function sendCreate(ctx: ReplayContext, entry: OutboxEntry): Promise<StepOutcome> {
  const { transport, store } = ctx;
  const field = await transport.clientUuidField(entry.object);
  let id: string;
  if (field && entry.clientUuid) {
    id = (await transport.upsert(entry.object, field, entry.clientUuid, entry.payload)).id;
  } else {
    // No external ID: an earlier attempt may have landed with its answer lost, so look first. A
    // record another of the user's creates made is never this one's (two identical calls logged a
    // minute apart are two calls).
    const candidates = entry.attempts > 1 ? await transport.findCreated(entry.object, entry.payload, entry.createdAt) : [];
    const claimed = store.claimedByOtherCreates(candidates, entry.id);
    const found = candidates.filter((id) => !claimed.has(id));
    if (found.length > 1) {
      store.markNeedsAttention(
        entry.id,
        msg('POSSIBLE_DUPLICATE', `Several ${entry.object} records match this offline create; check them in Salesforce before retrying.`),
      );
      return { kind: 'needs-attention' };
    }
    id = found[0] ?? (await transport.create(entry.object, entry.payload));
  }
  // The create is done whether or not this read-back answers; the cache then refreshes on next sync.
  const server = await transport.retrieve(entry.object, id, readBackFields(ctx, entry)).catch(() => null);
  store.markDone(entry.id, { realId: id, server });
  const stamp = modstampOf(server);
  if (stamp) store.rebase(entry.id, entry.object, id, null, stamp);
  return { kind: 'done' };
}

async function sendUpdate(ctx: ReplayContext, entry: OutboxEntry): Promise<StepOutcome> {
  const { transport, store } = ctx;
  const fields = readBackFields(ctx, entry);
  try {
    await transport.update(entry.object, entry.recordId, entry.payload, entry.baseModstamp);
  } catch (err) {
    if (!(err instanceof SendFailure)) throw err;
    if (err.kind === 'not-found') {
      store.markNeedsAttention(
        entry.id,
        msg(err.info.code, 'This record was deleted in Salesforce, so your changes could not be saved. Your values are kept here.'),
      );
      return { kind: 'needs-attention' };
    }
    if (err.kind !== 'precondition') throw err;
    const theirs = await transport.retrieve(entry.object, entry.recordId, fields);
    if (!theirs) {
      store.markNeedsAttention(
        entry.id,
        msg('ENTITY_IS_DELETED', 'This record was deleted in Salesforce, so your changes could not be saved. Your values are kept here.'),
      );
      return { kind: 'needs-attention' };
    }
    if (!serverHasValues(entry.payload, theirs)) {
      store.markConflict(
        entry.id,
        msg('PRECONDITION_FAILED', 'Someone changed this record in Salesforce after you edited it. Choose which values to keep.'),
        theirs,
      );
      return { kind: 'conflict' };
    }
    // The server already holds exactly our values: an earlier attempt of this entry landed.
    finishUpdate(ctx, entry, theirs);
    return { kind: 'done' };
  }
  const server = await transport.retrieve(entry.object, entry.recordId, fields).catch(() => null);
  finishUpdate(ctx, entry, server);
  return { kind: 'done' };
}

function finishUpdate(ctx: ReplayContext, entry: OutboxEntry, server: FieldValues | null): void {
  ctx.store.markDone(entry.id, { server });
  const stamp = modstampOf(server);
  if (stamp) ctx.store.rebase(entry.id, entry.object, entry.recordId, entry.baseModstamp, stamp);
}

async function sendDelete(ctx: ReplayContext, entry: OutboxEntry): Promise<StepOutcome> {
  try {
    await ctx.transport.remove(entry.object, entry.recordId);
  } catch (err) {
    // Already gone (an earlier attempt, or someone else): the user's intent holds.
    if (!(err instanceof SendFailure) || err.kind !== 'not-found') throw err;
  }
  ctx.store.markDone(entry.id);
  return { kind: 'done' };
}

/** Sends one entry (already picked by `store.next`) and records the outcome. */
export async function replayEntry(ctx: ReplayContext, picked: OutboxEntry): Promise<StepOutcome> {
  const entry = ctx.store.markSending(picked.id);
  try {
    if (entry.op === 'create') return await sendCreate(ctx, entry);
    if (entry.op === 'update') return await sendUpdate(ctx, entry);
    return await sendDelete(ctx, entry);
  } catch (err) {
    const failure = err instanceof SendFailure ? err : new SendFailure('server', msg('UNEXPECTED', err instanceof Error ? err.message : String(err)));
    const { store, backoff } = ctx;
    switch (failure.kind) {
      case 'network':
        store.retryLater(entry.id, failure.info, 0);
        return { kind: 'offline', error: failure.info };
      case 'auth':
        store.retryLater(entry.id, failure.info, 0);
        store.setPaused({ code: failure.info.code, reason: failure.info.message });
        return { kind: 'paused', error: failure.info };
      case 'server':
      case 'limit': {
        const [base, max] = failure.kind === 'limit' ? [backoff.limitBaseMs, backoff.limitMaxMs] : [backoff.serverBaseMs, backoff.serverMaxMs];
        const until = ctx.now() + backoffDelay(entry.attempts, base, max, ctx.random);
        store.retryLater(entry.id, failure.info, until);
        return { kind: 'backoff', until, error: failure.info };
      }
      case 'multiple':
        store.markNeedsAttention(entry.id, failure.info);
        return { kind: 'needs-attention' };
      default:
        // Validation and every other refusal: Salesforce's message and fields, the user's data kept.
        store.markNeedsAttention(entry.id, failure.info);
        return { kind: 'needs-attention' };
    }
  }
}

export interface DrainResult {
  sent: number;
  /** Why the pass stopped before the queue was empty (undefined: nothing left that may be sent now). */
  stoppedBy?: 'offline' | 'paused' | 'backoff';
  error?: OutboxErrorInfo;
  /** Earliest time a backed-off entry may be retried. */
  wakeAt?: number;
}

/**
 * Sends ready entries one after another until the queue has nothing ready, the org stops
 * answering, the session fails, or Salesforce asks us to back off. The caller guarantees one
 * drain per connection at a time (X7).
 */
export async function drainQueue(ctx: ReplayContext, shouldStop: () => boolean = () => false): Promise<DrainResult> {
  let sent = 0;
  if (ctx.store.queueState().pausedCode) return { sent, stoppedBy: 'paused' };
  while (!shouldStop()) {
    const { entry, wakeAt } = ctx.store.next(ctx.now());
    if (!entry) return { sent, wakeAt };
    const outcome = await replayEntry(ctx, entry);
    sent++;
    ctx.onStep?.();
    if (outcome.kind === 'offline' || outcome.kind === 'paused') return { sent, stoppedBy: outcome.kind, error: outcome.error };
    if (outcome.kind === 'backoff') return { sent, stoppedBy: 'backoff', error: outcome.error, wakeAt: outcome.until };
  }
  return { sent };
}
