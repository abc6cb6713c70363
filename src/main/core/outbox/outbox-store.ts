/**
 * The outbox table of one connection: enqueuing a change together with its local edit (one
 * transaction), picking the next entry that may be sent (per-record FIFO; a child waits until the
 * record it references has its real Id), and recording each outcome. Every state change is one
 * transaction, so a crash leaves each entry either before or after a step, never in between.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { LocalRecords } from './local-records';
import { type FieldValues, type OutboxEntry, type OutboxErrorInfo, type OutboxOp, type OutboxState, LOCAL_ID_PREFIX, isLocalId } from './types';

/** Done rows kept per connection (recent history); older ones are pruned. */
const DONE_ROWS_KEPT = 200;

interface OutboxRow {
  id: number;
  connection_id: string;
  object: string;
  op: OutboxOp;
  record_id: string;
  client_uuid: string | null;
  payload: string;
  base_modstamp: string | null;
  state: OutboxState;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  theirs: string | null;
  created_at: string;
  updated_at: string;
}

export interface QueueState {
  pausedCode: string | null;
  pausedReason: string | null;
  lastSyncAt: string | null;
}

const parseJson = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    connectionId: row.connection_id,
    object: row.object,
    op: row.op,
    recordId: row.record_id,
    clientUuid: row.client_uuid,
    payload: parseJson<FieldValues>(row.payload) ?? {},
    baseModstamp: row.base_modstamp,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: parseJson<OutboxErrorInfo>(row.last_error),
    theirs: parseJson<FieldValues>(row.theirs),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The record's server version as cached: what an update is based on. SystemModstamp first: it
 * moves on every change (LastModifiedDate skips system updates), and it is what Salesforce's
 * If-Unmodified-Since is checked against where both exist.
 */
export function modstampOf(record: FieldValues | undefined | null): string | null {
  const value = record?.SystemModstamp ?? record?.LastModifiedDate;
  return typeof value === 'string' && value ? value : null;
}

export const newLocalId = () => `${LOCAL_ID_PREFIX}${randomUUID().replace(/-/g, '')}`;

export interface OutboxStore {
  readonly connectionId: string;
  enqueueCreate(object: string, values: FieldValues): { entry: OutboxEntry; recordId: string };
  /** `seenVersion`: the SystemModstamp/LastModifiedDate the user's screen showed, used when the record is not cached. */
  enqueueUpdate(object: string, recordId: string, values: FieldValues, seenVersion?: string | null): OutboxEntry;
  /** Returns undefined when the delete cancelled a create that never reached Salesforce. */
  enqueueDelete(object: string, recordId: string): OutboxEntry | undefined;
  get(id: number): OutboxEntry | undefined;
  /** Every entry not done, oldest first. */
  open(): OutboxEntry[];
  /** The oldest entry that may be sent now, or undefined; `wakeAt` is the next backoff deadline. */
  next(now: number): { entry?: OutboxEntry; wakeAt?: number };
  /**
   * Of `ids`, those another create entry of this connection already resolved to (its record): a
   * retried create's duplicate check must not take a record the user made by another change.
   */
  claimedByOtherCreates(ids: readonly string[], exceptId: number): Set<string>;
  /** Counts a send as started before it goes on the wire. */
  markSending(id: number): OutboxEntry;
  /** Salesforce has the change. For a create, `realId` replaces the temporary id everywhere. */
  markDone(id: number, outcome?: { realId?: string; server?: FieldValues | null }): void;
  /** Back to pending, sent again at `nextAttemptAt` (0 = as soon as the org answers). */
  retryLater(id: number, error: OutboxErrorInfo, nextAttemptAt: number): void;
  markConflict(id: number, error: OutboxErrorInfo, theirs: FieldValues): void;
  /**
   * Our update landed and the record's version moved from `oldBase` to `newBase`: later queued
   * updates of that record that were based on `oldBase` are ours too, so they follow.
   */
  rebase(afterId: number, object: string, recordId: string, oldBase: string | null, newBase: string): void;
  markNeedsAttention(id: number, error: OutboxErrorInfo): void;
  /** The user fixed or retried an entry: pending again, optionally with amended values and base. */
  requeue(id: number, change?: { payload?: FieldValues; baseModstamp?: string | null; localValues?: FieldValues }): OutboxEntry;
  /** Drops an entry (and later entries of a create that never happened); returns what was dropped. */
  discard(id: number, server?: FieldValues | null): OutboxEntry[];
  /** After a crash: anything left `sending` is pending again (every op is safe to resend). */
  recoverInterrupted(): number;
  queueState(): QueueState;
  setPaused(pause: { code: string; reason: string } | null): void;
  setLastSync(at: string): void;
}

export function createOutboxStore(db: Database.Database, connectionId: string, local: LocalRecords, clock: () => number = Date.now): OutboxStore {
  const nowIso = () => new Date(clock()).toISOString();
  const stmt = {
    insert: db.prepare(
      `INSERT INTO outbox (connection_id, object, op, record_id, client_uuid, payload, base_modstamp, state, created_at, updated_at)
       VALUES (@connection_id, @object, @op, @record_id, @client_uuid, @payload, @base_modstamp, 'pending', @now, @now)`,
    ),
    get: db.prepare(`SELECT * FROM outbox WHERE id = ? AND connection_id = ?`),
    open: db.prepare(`SELECT * FROM outbox WHERE connection_id = ? AND state != 'done' ORDER BY id`),
    forRecord: db.prepare(`SELECT * FROM outbox WHERE connection_id = ? AND object = ? AND record_id = ? AND state != 'done' ORDER BY id`),
    setState: db.prepare(
      `UPDATE outbox SET state = @state, last_error = @last_error, theirs = @theirs, next_attempt_at = @next_attempt_at, updated_at = @now
       WHERE id = @id AND connection_id = @connection_id`,
    ),
    sending: db.prepare(`UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ? AND connection_id = ?`),
    setPayload: db.prepare(`UPDATE outbox SET payload = ?, base_modstamp = ?, updated_at = ? WHERE id = ?`),
    rekey: db.prepare(`UPDATE outbox SET record_id = ? WHERE connection_id = ? AND object = ? AND record_id = ?`),
    remove: db.prepare(`DELETE FROM outbox WHERE id = ?`),
    recover: db.prepare(`UPDATE outbox SET state = 'pending', updated_at = ? WHERE connection_id = ? AND state = 'sending'`),
    prune: db.prepare(
      `DELETE FROM outbox WHERE connection_id = @c AND state = 'done' AND id NOT IN
         (SELECT id FROM outbox WHERE connection_id = @c AND state = 'done' ORDER BY id DESC LIMIT ${DONE_ROWS_KEPT})`,
    ),
    queue: db.prepare(`SELECT paused_code, paused_reason, last_sync_at FROM outbox_queue WHERE connection_id = ?`),
    ensureQueue: db.prepare(`INSERT OR IGNORE INTO outbox_queue (connection_id) VALUES (?)`),
    pause: db.prepare(`UPDATE outbox_queue SET paused_code = ?, paused_reason = ? WHERE connection_id = ?`),
    lastSync: db.prepare(`UPDATE outbox_queue SET last_sync_at = ? WHERE connection_id = ?`),
  };

  const getRow = (id: number) => stmt.get.get(id, connectionId) as OutboxRow | undefined;
  const mustGet = (id: number): OutboxEntry => {
    const row = getRow(id);
    if (!row) throw new Error(`Outbox entry ${id} does not exist`);
    return toEntry(row);
  };
  const entriesFor = (object: string, recordId: string) => (stmt.forRecord.all(connectionId, object, recordId) as OutboxRow[]).map(toEntry);
  const insert = (fields: { object: string; op: OutboxOp; recordId: string; clientUuid?: string; payload: FieldValues; base?: string | null }) => {
    const info = stmt.insert.run({
      connection_id: connectionId,
      object: fields.object,
      op: fields.op,
      record_id: fields.recordId,
      client_uuid: fields.clientUuid ?? null,
      payload: JSON.stringify(fields.payload),
      base_modstamp: fields.base ?? null,
      now: nowIso(),
    });
    return mustGet(Number(info.lastInsertRowid));
  };
  const setState = (id: number, state: OutboxState, extra: { error?: OutboxErrorInfo | null; theirs?: FieldValues | null; nextAttemptAt?: number } = {}) => {
    stmt.setState.run({
      id,
      connection_id: connectionId,
      state,
      last_error: extra.error ? JSON.stringify(extra.error) : null,
      theirs: extra.theirs ? JSON.stringify(extra.theirs) : null,
      next_attempt_at: extra.nextAttemptAt ?? 0,
      now: nowIso(),
    });
  };
  /** An entry the user's next edit may be folded into: queued, never sent, not blocked on the user. */
  const foldable = (e: OutboxEntry | undefined) => e && e.state === 'pending' && e.attempts === 0 && e.op !== 'delete';

  /** After the cache took the server's version of a record, later queued changes of it apply on top again. */
  const reapplyQueued = (object: string, recordId: string) => {
    for (const e of entriesFor(object, recordId)) {
      if (e.op === 'delete') local.remove(object, recordId);
      else local.applyLocal(object, recordId, e.payload, 'update');
    }
  };

  const replaceReferences = (payload: FieldValues, tempId: string, realId: string): FieldValues | undefined => {
    let changed = false;
    const out: FieldValues = {};
    for (const [k, v] of Object.entries(payload)) {
      if (v === tempId) {
        out[k] = realId;
        changed = true;
      } else out[k] = v;
    }
    return changed ? out : undefined;
  };

  return {
    connectionId,

    enqueueCreate: (object, values) =>
      db
        .transaction(() => {
          const recordId = newLocalId();
          local.applyLocal(object, recordId, values, 'create');
          const entry = insert({ object, op: 'create', recordId, clientUuid: randomUUID(), payload: values });
          return { entry, recordId };
        })
        .immediate(),

    enqueueUpdate: (object, recordId, values, seenVersion) =>
      db
        .transaction(() => {
          const current = local.get(object, recordId);
          const queued = entriesFor(object, recordId);
          if (isLocalId(recordId) && !queued.some((e) => e.op === 'create')) throw new Error(`No offline-created record ${recordId}`);
          local.applyLocal(object, recordId, values, 'update');
          const last = queued[queued.length - 1];
          // Fold into a change that has not left the machine yet: one request, the original base kept.
          if (foldable(last)) {
            stmt.setPayload.run(JSON.stringify({ ...last!.payload, ...values }), last!.baseModstamp, nowIso(), last!.id);
            return mustGet(last!.id);
          }
          return insert({ object, op: 'update', recordId, payload: values, base: isLocalId(recordId) ? null : (modstampOf(current) ?? seenVersion ?? null) });
        })
        .immediate(),

    enqueueDelete: (object, recordId) =>
      db
        .transaction(() => {
          const queued = entriesFor(object, recordId);
          const create = queued.find((e) => e.op === 'create');
          if (create && create.state === 'pending' && create.attempts === 0) {
            // The record never reached Salesforce: cancelling the create is the whole delete.
            for (const e of queued) stmt.remove.run(e.id);
            local.forget(object, recordId);
            return undefined;
          }
          local.remove(object, recordId);
          // Updates that were never sent are moot once the record is gone.
          for (const e of queued) if (e.op === 'update' && e.state === 'pending' && e.attempts === 0) stmt.remove.run(e.id);
          return insert({ object, op: 'delete', recordId, payload: {} });
        })
        .immediate(),

    get: (id) => {
      const row = getRow(id);
      return row ? toEntry(row) : undefined;
    },

    open: () => (stmt.open.all(connectionId) as OutboxRow[]).map(toEntry),

    next(now) {
      const open = (stmt.open.all(connectionId) as OutboxRow[]).map(toEntry);
      const blockedRecords = new Set<string>();
      let wakeAt: number | undefined;
      for (const e of open) {
        const key = `${e.object}/${e.recordId}`;
        const earlierOpen = blockedRecords.has(key);
        blockedRecords.add(key);
        if (earlierOpen || e.state !== 'pending') continue;
        // A child waits for its parent's real Id (the create replaces the reference when it lands).
        if (Object.values(e.payload).some(isLocalId)) continue;
        if (isLocalId(e.recordId) && e.op !== 'create') continue;
        if (e.nextAttemptAt > now) {
          wakeAt = wakeAt === undefined ? e.nextAttemptAt : Math.min(wakeAt, e.nextAttemptAt);
          continue;
        }
        return { entry: e };
      }
      return { wakeAt };
    },

    claimedByOtherCreates(ids, exceptId) {
      if (!ids.length) return new Set();
      const rows = db
        .prepare(`SELECT record_id FROM outbox WHERE connection_id = ? AND op = 'create' AND id <> ? AND record_id IN (${ids.map(() => '?').join(', ')})`)
        .pluck()
        .all(connectionId, exceptId, ...ids) as string[];
      return new Set(rows);
    },

    markSending(id) {
      stmt.sending.run(nowIso(), id, connectionId);
      return mustGet(id);
    },

    markDone: (id, outcome = {}) =>
      db
        .transaction(() => {
          const entry = mustGet(id);
          let recordId = entry.recordId;
          const tempId = entry.op === 'create' && outcome.realId && outcome.realId !== entry.recordId ? entry.recordId : undefined;
          if (tempId) {
            recordId = outcome.realId!;
            stmt.rekey.run(recordId, connectionId, entry.object, tempId);
            for (const other of (stmt.open.all(connectionId) as OutboxRow[]).map(toEntry)) {
              const payload = replaceReferences(other.payload, tempId, recordId);
              if (payload) stmt.setPayload.run(JSON.stringify(payload), other.baseModstamp, nowIso(), other.id);
            }
          }
          setState(id, 'done');
          if (entry.op === 'delete') local.forget(entry.object, recordId);
          else local.confirmed(entry.object, recordId, outcome.server ?? null, tempId);
          reapplyQueued(entry.object, recordId);
          stmt.prune.run({ c: connectionId });
        })
        .immediate(),

    retryLater: (id, error, nextAttemptAt) => setState(id, 'pending', { error, nextAttemptAt }),

    markConflict: (id, error, theirs) => setState(id, 'conflict', { error, theirs }),

    rebase(afterId, object, recordId, oldBase, newBase) {
      for (const e of entriesFor(object, recordId)) {
        if (e.id > afterId && e.op === 'update' && (e.baseModstamp === oldBase || e.baseModstamp === null)) {
          stmt.setPayload.run(JSON.stringify(e.payload), newBase, nowIso(), e.id);
        }
      }
    },

    markNeedsAttention: (id, error) => setState(id, 'needs-attention', { error }),

    requeue: (id, change = {}) =>
      db
        .transaction(() => {
          const entry = mustGet(id);
          if (entry.state === 'done' || entry.state === 'sending') throw new Error(`Outbox entry ${id} is ${entry.state}`);
          if (change.payload || change.baseModstamp !== undefined) {
            const base = change.baseModstamp !== undefined ? change.baseModstamp : entry.baseModstamp;
            stmt.setPayload.run(JSON.stringify(change.payload ?? entry.payload), base, nowIso(), id);
          }
          if (change.localValues && entry.op !== 'delete') local.applyLocal(entry.object, entry.recordId, change.localValues, 'update');
          setState(id, 'pending');
          return mustGet(id);
        })
        .immediate(),

    discard: (id, server) =>
      db
        .transaction(() => {
          const entry = mustGet(id);
          if (entry.state === 'sending' || entry.state === 'done') throw new Error(`Outbox entry ${id} is ${entry.state}`);
          const dropped = [entry];
          // A create that never happened takes its record's later changes (and the local record) with it.
          if (entry.op === 'create') {
            for (const e of entriesFor(entry.object, entry.recordId)) if (e.id !== id) dropped.push(e);
          }
          for (const e of dropped) stmt.remove.run(e.id);
          if (entry.op === 'create') local.forget(entry.object, entry.recordId);
          else if (server) local.confirmed(entry.object, entry.recordId, server);
          else if (!isLocalId(entry.recordId)) local.revert(entry.object, entry.recordId);
          reapplyQueued(entry.object, entry.recordId);
          return dropped;
        })
        .immediate(),

    recoverInterrupted: () => stmt.recover.run(nowIso(), connectionId).changes,

    queueState() {
      const row = stmt.queue.get(connectionId) as { paused_code: string | null; paused_reason: string | null; last_sync_at: string | null } | undefined;
      return { pausedCode: row?.paused_code ?? null, pausedReason: row?.paused_reason ?? null, lastSyncAt: row?.last_sync_at ?? null };
    },

    setPaused(pause) {
      stmt.ensureQueue.run(connectionId);
      stmt.pause.run(pause?.code ?? null, pause?.reason ?? null, connectionId);
    },

    setLastSync(at) {
      stmt.ensureQueue.run(connectionId);
      stmt.lastSync.run(at, connectionId);
    },
  };
}
