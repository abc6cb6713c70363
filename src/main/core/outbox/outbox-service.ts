/**
 * The offline outbox of every connection: record writes always go through it (the local cache
 * and the outbox row in one transaction), then the queue drains at once when the org answers,
 * so online writes behave like direct ones while offline writes wait their turn. One drain runs
 * per connection at a time (X7); a failed network call flips the connection offline and a cheap
 * probe flips it back and drains; auth errors pause the queue until the user logs in again.
 * Every change of a queue's counts or state is pushed ('outbox-summary', and 'online' on the
 * transitions), so the status bar never has to ask.
 */
import { AppError } from '../../../shared/errors';
import type Database from 'better-sqlite3';
import type { OutboxSummary } from '../../../shared/ipc';
import type { EventPublisher } from '../events/event-bus';
import type { Logger } from '../logger';
import type { LocalRecords } from './local-records';
import { createOutboxStore, type OutboxStore } from './outbox-store';
import { DEFAULT_BACKOFF, drainQueue, type BackoffPolicy, type DrainResult, type ReplayContext } from './replayer';
import type { OutboxTransport } from './transport';
import type { FieldValues, OutboxEntry, OutboxErrorInfo } from './types';
import { differingFields } from './values';

export interface OutboxServiceDeps {
  /** The connection's cache database (the one holding the records table) and its records. */
  cacheFor(connectionId: string): { db: Database.Database; local: LocalRecords };
  transportFor(connectionId: string): OutboxTransport;
  log: Logger;
  now?: () => number;
  random?: () => number;
  backoff?: BackoffPolicy;
  /** How often an offline connection probes the org. */
  probeIntervalMs?: number;
  /** How long a write waits for its own immediate replay before answering "queued". */
  writeWaitMs?: number;
  /** A drain that failed on the cache itself (e.g. a damaged file) hands the error here to be marked for repair. */
  reportCacheError?(connectionId: string, err: unknown): void;
  /** The push channel (outbox-summary, online). */
  events?: EventPublisher;
}

export type WriteState = 'saved' | 'queued' | 'conflict' | 'needs-attention';

export interface WriteOutcome {
  /** The record's Id: the real one once Salesforce has it, else the local temporary id. */
  recordId: string;
  /** The outbox entry (undefined when a delete simply cancelled an unsent create). */
  outboxId?: number;
  state: WriteState;
  error?: OutboxErrorInfo;
}

export interface OutboxItemView {
  id: number;
  object: string;
  op: OutboxEntry['op'];
  recordId: string;
  attempts: number;
  createdAt: string;
  error: OutboxErrorInfo | null;
  /** The user's values (create/update). */
  mine: FieldValues;
}

export interface ConflictView extends OutboxItemView {
  /** The server's current values of the fields the user changed, and its version. */
  theirs: FieldValues;
  differingFields: string[];
}

export interface OutboxStatus {
  connectionId: string;
  online: boolean;
  paused: OutboxErrorInfo | null;
  draining: boolean;
  pendingCount: number;
  pending: OutboxItemView[];
  needsAttention: OutboxItemView[];
  conflicts: ConflictView[];
  /** When the queue last drained completely. */
  lastSyncAt: string | null;
  nextRetryAt: string | null;
}

/** One change Salesforce does not have yet, as exported before a disconnect (nothing lost silently, X8). */
export interface UnsentChange {
  id: number;
  object: string;
  op: OutboxEntry['op'];
  recordId: string;
  /** The record's name as the user knows it (the change's own, else the cached record's), or null. */
  title: string | null;
  state: 'pending' | 'needs-attention' | 'conflict';
  /** The user's values (create/update; {} for a delete). */
  values: FieldValues;
  /** Conflicts: the server's values of the same fields when the conflict was found. */
  theirs: FieldValues | null;
  /** Salesforce's refusal (needs-attention, conflict) or the last failed attempt (pending). */
  error: OutboxErrorInfo | null;
  attempts: number;
  createdAt: string;
}

export interface UnsentChanges {
  connectionId: string;
  total: number;
  pending: number;
  needsAttention: number;
  conflicts: number;
  changes: UnsentChange[];
}

export type ConflictResolution = { resolution: 'mine' } | { resolution: 'theirs' } | { resolution: 'merge'; fields: Record<string, 'mine' | 'theirs'> };

export interface OutboxService {
  create(connectionId: string, object: string, values: FieldValues): Promise<WriteOutcome>;
  update(connectionId: string, object: string, recordId: string, values: FieldValues, seenVersion?: string | null): Promise<WriteOutcome>;
  remove(connectionId: string, object: string, recordId: string): Promise<WriteOutcome>;
  status(connectionId: string): OutboxStatus;
  /** One entry back to pending (optionally with corrected values), or — without an id — resume a paused queue. */
  retry(connectionId: string, id?: number, values?: FieldValues): Promise<OutboxStatus>;
  /** Drops an entry and hands the user's data back so nothing is lost silently. */
  discard(connectionId: string, id: number): Promise<{ discarded: OutboxItemView[] }>;
  resolveConflict(connectionId: string, id: number, resolution: ConflictResolution): Promise<OutboxStatus>;
  /** Runs (or joins) the connection's drain. */
  drain(connectionId: string): Promise<DrainResult>;
  /** After a new login: unpause every queue and drain. */
  resumeAll(): void;
  /** Another part of the app saw the org fail to answer (a network error on a live read). */
  reportOffline(connectionId: string): void;
  /** Every change of the connection that has not reached Salesforce, oldest first. */
  unsentChanges(connectionId: string): UnsentChanges;
  /**
   * Stops the connection's queue for good (before its org is disconnected and its cache removed):
   * timers cleared, a running drain awaited, the queue dropped. The entries stay in the database.
   */
  forget(connectionId: string): Promise<void>;
  close(): Promise<void>;
}

interface Queue {
  connectionId: string;
  store: OutboxStore;
  ctx: ReplayContext;
  local: LocalRecords;
  online: boolean;
  running?: Promise<DrainResult>;
  again: boolean;
  /** Set by forget(): no timer may be started for this queue again. */
  retired?: boolean;
  wakeTimer?: NodeJS.Timeout;
  wakeAt?: number;
  probeTimer?: NodeJS.Timeout;
  /** A summary is about to be computed and pushed. */
  summaryQueued?: boolean;
}

const view = (e: OutboxEntry): OutboxItemView => ({
  id: e.id,
  object: e.object,
  op: e.op,
  recordId: e.recordId,
  attempts: e.attempts,
  createdAt: e.createdAt,
  error: e.lastError,
  mine: e.payload,
});

export class OutboxInputError extends Error {}

export function createOutboxService(deps: OutboxServiceDeps): OutboxService {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const probeIntervalMs = deps.probeIntervalMs ?? 15_000;
  const writeWaitMs = deps.writeWaitMs ?? 10_000;
  const queues = new Map<string, Queue>();
  /** Connections whose queue was forgotten (disconnected): a new login gets a new id, so they never return. */
  const forgotten = new Set<string>();
  let closed = false;

  const queueFor = (connectionId: string): Queue => {
    let q = queues.get(connectionId);
    if (!q) {
      // A request racing a disconnect (a status read, a late save) is told plainly, not logged as a failure.
      if (forgotten.has(connectionId)) throw new AppError('NOT_CONNECTED', 'That org is no longer connected.');
      const { db, local } = deps.cacheFor(connectionId);
      const store = createOutboxStore(db, connectionId, local, now);
      // A crash mid-send left entries "sending": each op is safe to send again.
      const recovered = store.recoverInterrupted();
      if (recovered) deps.log.info(`Outbox: ${recovered} interrupted change(s) will be sent again`);
      const transport = deps.transportFor(connectionId);
      q = {
        connectionId,
        store,
        local,
        online: true,
        again: false,
        ctx: {
          store,
          transport,
          now,
          random,
          backoff: deps.backoff ?? DEFAULT_BACKOFF,
          serverFields: (o) => safeFields(local, o),
          // Each change sent (or refused) moves the counts the status bar shows.
          onStep: () => changed(q as Queue),
        },
      };
      queues.set(connectionId, q);
    }
    return q;
  };

  // ---- push channel -------------------------------------------------------------------------
  /** The counts of the queue, read once per turn of the event loop however many changes asked. */
  const changed = (q: Queue) => {
    if (!deps.events || q.summaryQueued) return;
    q.summaryQueued = true;
    setImmediate(() => {
      q.summaryQueued = false;
      if (closed || q.retired) return;
      try {
        deps.events?.publish('outbox-summary', summaryOf(q));
      } catch (err) {
        deps.log.warn('Could not publish the outbox summary', err instanceof Error ? err.message : String(err));
      }
    });
  };
  const setOnline = (q: Queue, online: boolean) => {
    if (q.online === online) return;
    q.online = online;
    deps.events?.publish('online', { connectionId: q.connectionId, online });
    changed(q);
  };

  const stopProbe = (q: Queue) => {
    if (q.probeTimer) clearInterval(q.probeTimer);
    q.probeTimer = undefined;
  };
  const goOffline = (q: Queue) => {
    setOnline(q, false);
    if (q.probeTimer || closed || q.retired) return;
    q.probeTimer = setInterval(() => {
      q.ctx.transport.probe().then(
        () => {
          if (q.online) return;
          setOnline(q, true);
          stopProbe(q);
          void drain(q.connectionId);
        },
        () => {},
      );
    }, probeIntervalMs);
    q.probeTimer.unref?.();
  };
  const scheduleWake = (q: Queue, at: number | undefined) => {
    if (q.wakeTimer) clearTimeout(q.wakeTimer);
    q.wakeTimer = undefined;
    q.wakeAt = at;
    if (at === undefined || closed || q.retired) return;
    q.wakeTimer = setTimeout(() => void drain(q.connectionId), Math.max(0, at - now()));
    q.wakeTimer.unref?.();
  };

  const runDrain = async (q: Queue): Promise<DrainResult> => {
    let result: DrainResult;
    do {
      q.again = false;
      result = await drainQueue(q.ctx, () => closed);
      if (result.stoppedBy === 'offline') goOffline(q);
      else if (result.sent > 0 || result.stoppedBy !== 'paused') {
        setOnline(q, true);
        stopProbe(q);
      }
      scheduleWake(q, result.wakeAt);
      if (!result.stoppedBy && !q.store.open().some((e) => e.state === 'pending' || e.state === 'sending')) {
        q.store.setLastSync(new Date(now()).toISOString());
      }
    } while (q.again && !closed && !result.stoppedBy);
    return result;
  };

  const drain = (connectionId: string): Promise<DrainResult> => {
    const q = queueFor(connectionId);
    if (q.running) {
      q.again = true;
      return q.running;
    }
    q.running = runDrain(q)
      .catch((err: unknown) => {
        deps.log.warn('Outbox drain failed', err instanceof Error ? err.message : String(err));
        deps.reportCacheError?.(connectionId, err);
        return { sent: 0 } as DrainResult;
      })
      .finally(() => {
        q.running = undefined;
        changed(q);
      });
    changed(q);
    return q.running;
  };

  /** Tries to send at once (unless offline or paused) and reports how far the entry got. */
  const settle = async (q: Queue, outboxId: number | undefined, fallbackRecordId: string): Promise<WriteOutcome> => {
    if (outboxId !== undefined && q.online && !q.store.queueState().pausedCode) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([drain(q.connectionId), new Promise((r) => (timer = setTimeout(r, writeWaitMs)))]);
      clearTimeout(timer);
    }
    if (outboxId === undefined) return { recordId: fallbackRecordId, state: 'saved' };
    const entry = q.store.get(outboxId);
    if (!entry) return { recordId: fallbackRecordId, outboxId, state: 'saved' };
    const state: WriteState =
      entry.state === 'done' ? 'saved' : entry.state === 'conflict' ? 'conflict' : entry.state === 'needs-attention' ? 'needs-attention' : 'queued';
    return { recordId: entry.recordId, outboxId, state, ...(entry.lastError && state !== 'saved' ? { error: entry.lastError } : {}) };
  };

  /** The counts the status bar shows, as 'outbox-summary' pushes them. */
  const summaryOf = (q: Queue): OutboxSummary => {
    const open = q.store.open();
    const queue = q.store.queueState();
    const count = (test: (e: OutboxEntry) => boolean) => open.filter(test).length;
    return {
      connectionId: q.connectionId,
      online: q.online,
      paused: queue.pausedCode ? { code: queue.pausedCode, message: queue.pausedReason ?? '' } : null,
      draining: q.running !== undefined,
      pendingCount: count((e) => e.state === 'pending' || e.state === 'sending'),
      needsAttentionCount: count((e) => e.state === 'needs-attention'),
      conflictCount: count((e) => e.state === 'conflict'),
      lastSyncAt: queue.lastSyncAt,
      nextRetryAt: q.wakeAt ? new Date(q.wakeAt).toISOString() : null,
    };
  };

  const status = (connectionId: string): OutboxStatus => {
    const q = queueFor(connectionId);
    const open = q.store.open();
    const queue = q.store.queueState();
    const pending = open.filter((e) => e.state === 'pending' || e.state === 'sending');
    return {
      connectionId,
      online: q.online,
      paused: queue.pausedCode ? { code: queue.pausedCode, message: queue.pausedReason ?? '' } : null,
      draining: q.running !== undefined,
      pendingCount: pending.length,
      pending: pending.map(view),
      needsAttention: open.filter((e) => e.state === 'needs-attention').map(view),
      conflicts: open
        .filter((e) => e.state === 'conflict')
        .map((e) => {
          const theirs = pickTheirs(e);
          return { ...view(e), theirs, differingFields: differingFields(e.payload, theirs) };
        }),
      lastSyncAt: queue.lastSyncAt,
      nextRetryAt: q.wakeAt ? new Date(q.wakeAt).toISOString() : null,
    };
  };

  const mustEntry = (q: Queue, id: number): OutboxEntry => {
    const entry = q.store.get(id);
    if (!entry) throw new OutboxInputError('That change is no longer in the outbox.');
    return entry;
  };

  return {
    async create(connectionId, object, values) {
      const q = queueFor(connectionId);
      const { entry, recordId } = q.store.enqueueCreate(object, values);
      changed(q);
      return settle(q, entry.id, recordId);
    },

    async update(connectionId, object, recordId, values, seenVersion) {
      const q = queueFor(connectionId);
      const entry = q.store.enqueueUpdate(object, recordId, values, seenVersion);
      changed(q);
      return settle(q, entry.id, recordId);
    },

    async remove(connectionId, object, recordId) {
      const q = queueFor(connectionId);
      const entry = q.store.enqueueDelete(object, recordId);
      changed(q);
      return settle(q, entry?.id, recordId);
    },

    status,

    async retry(connectionId, id, values) {
      const q = queueFor(connectionId);
      if (id === undefined) {
        q.store.setPaused(null);
      } else {
        const entry = mustEntry(q, id);
        if (entry.state === 'conflict') throw new OutboxInputError('Resolve the conflict by choosing which values to keep.');
        if (values && entry.op === 'delete') throw new OutboxInputError('A delete has no values to change.');
        q.store.requeue(id, values ? { payload: { ...entry.payload, ...values }, localValues: values } : {});
      }
      setOnline(q, true);
      await drain(connectionId);
      return status(connectionId);
    },

    async discard(connectionId, id) {
      const q = queueFor(connectionId);
      const entry = mustEntry(q, id);
      if (entry.state === 'sending') throw new OutboxInputError('That change is being sent right now; try again in a moment.');
      // Put the server's version back in the cache when the org answers; else the row just stops being "changed".
      let server: FieldValues | null = null;
      if (entry.op === 'update' && q.online) {
        server = await q.ctx.transport
          .retrieve(entry.object, entry.recordId, [...safeFields(q.local, entry.object), ...Object.keys(entry.payload)])
          .catch(() => null);
      }
      const discarded = q.store.discard(id, server).map(view);
      changed(q);
      return { discarded };
    },

    async resolveConflict(connectionId, id, choice) {
      const q = queueFor(connectionId);
      const entry = mustEntry(q, id);
      if (entry.state !== 'conflict' || !entry.theirs) throw new OutboxInputError('That change is not waiting on a conflict.');
      const theirs = entry.theirs;
      // The new precondition is the version the user just compared against: if it moved again, they see it again.
      const theirVersion = (theirs.SystemModstamp ?? theirs.LastModifiedDate ?? null) as string | null;
      if (choice.resolution === 'theirs') {
        q.store.discard(id, theirs);
      } else {
        const keepMine =
          choice.resolution === 'mine'
            ? entry.payload
            : Object.fromEntries(Object.entries(entry.payload).filter(([field]) => (choice.fields[field] ?? 'mine') === 'mine'));
        if (Object.keys(keepMine).length === 0) {
          q.store.discard(id, theirs);
        } else {
          const takeTheirs = Object.fromEntries(
            Object.keys(entry.payload)
              .filter((f) => !(f in keepMine))
              .map((f) => [f, theirs[f] ?? null]),
          );
          q.store.requeue(id, { payload: keepMine, baseModstamp: theirVersion, localValues: takeTheirs });
        }
      }
      await drain(connectionId);
      return status(connectionId);
    },

    drain,

    resumeAll() {
      for (const q of queues.values()) {
        q.store.setPaused(null);
        void drain(q.connectionId);
      }
    },

    reportOffline(connectionId) {
      if (forgotten.has(connectionId)) return;
      const q = queueFor(connectionId);
      if (!q.online) return;
      deps.log.info(`Outbox: connection ${connectionId} reported offline by a failed read; probing until it answers`);
      goOffline(q);
    },

    unsentChanges(connectionId) {
      const q = queueFor(connectionId);
      const open = q.store.open();
      const changes = open.map((e): UnsentChange => ({
        id: e.id,
        object: e.object,
        op: e.op,
        recordId: e.recordId,
        title: recordTitle(q.local, e),
        state: e.state === 'conflict' ? 'conflict' : e.state === 'needs-attention' ? 'needs-attention' : 'pending',
        values: e.payload,
        theirs: e.state === 'conflict' ? pickTheirs(e) : null,
        error: e.lastError,
        attempts: e.attempts,
        createdAt: e.createdAt,
      }));
      const count = (state: UnsentChange['state']) => changes.filter((c) => c.state === state).length;
      return {
        connectionId,
        total: changes.length,
        pending: count('pending'),
        needsAttention: count('needs-attention'),
        conflicts: count('conflict'),
        changes,
      };
    },

    async forget(connectionId) {
      forgotten.add(connectionId);
      const q = queues.get(connectionId);
      if (!q) return;
      q.retired = true;
      stopProbe(q);
      scheduleWake(q, undefined);
      await q.running?.catch(() => undefined);
      // The drain may have set timers on its way out; retired stops new ones, these go too.
      stopProbe(q);
      scheduleWake(q, undefined);
      if (queues.get(connectionId) === q) queues.delete(connectionId);
    },

    async close() {
      closed = true;
      for (const q of queues.values()) {
        stopProbe(q);
        scheduleWake(q, undefined);
      }
      await Promise.all([...queues.values()].map((q) => q.running?.catch(() => undefined)));
      queues.clear();
    },
  };
}

function safeFields(local: LocalRecords, object: string): string[] {
  try {
    return local.serverFields(object);
  } catch {
    return [];
  }
}

/** Name fields to fall back on after the object's own title field, in the order a person would recognise a record by. */
const TITLE_FIELDS = ['Name', 'Subject', 'CaseNumber', 'LastName'];

function recordTitle(local: LocalRecords, entry: OutboxEntry): string | null {
  let cached: FieldValues | undefined;
  try {
    cached = local.get(entry.object, entry.recordId);
  } catch {
    cached = undefined; // not a cached object: the change's own values are all there is
  }
  const own = local.titleField?.(entry.object);
  const fields = own ? [own, ...TITLE_FIELDS.filter((f) => f !== own)] : TITLE_FIELDS;
  for (const source of [entry.payload, cached ?? {}]) {
    for (const field of fields) {
      const value = source[field];
      if (typeof value === 'string' && value.trim()) return value;
    }
  }
  return null;
}

/** Theirs for display: the server's values of the fields the user changed, plus its version. */
function pickTheirs(entry: OutboxEntry): FieldValues {
  const theirs = entry.theirs ?? {};
  const out: FieldValues = {};
  for (const f of [...Object.keys(entry.payload), 'LastModifiedDate', 'SystemModstamp']) out[f] = theirs[f] ?? null;
  return out;
}
