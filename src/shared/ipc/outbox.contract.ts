/**
 * Record writes and the offline outbox. Every create, update and delete of a writable cached object
 * goes through the outbox: the local cache and the queued change commit together, then the change
 * is sent at once when the org answers (state 'saved') or waits for it ('queued'). Salesforce's
 * refusals ('needs-attention') and concurrent edits ('conflict') stay in the outbox, with the
 * user's values, until the user retries, discards or resolves them.
 */
import { z } from 'zod';
import { OBJECT_NAMES, objectDef } from '../objects/registry';
import { NoInput, type ChannelSpec } from './common';

/** The cached objects the registry marks writable (history objects are read-only). */
export const WRITABLE_OBJECTS = OBJECT_NAMES.filter((name) => objectDef(name).writable) as [(typeof OBJECT_NAMES)[number], ...(typeof OBJECT_NAMES)[number][]];
export const WritableObject = z.enum(WRITABLE_OBJECTS);

/** A record Id, or the temporary id of a record created offline (`local-` + 32 hex). */
export const RecordRef = z.string().regex(/^(?:[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?|local-[0-9a-f]{32})$/, 'Not a record Id');

/** Salesforce sets these (External_Id__c carries the outbox's client UUID on creates). */
const SYSTEM_FIELDS = new Set(['Id', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp', 'IsDeleted', 'External_Id__c']);
const FieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, 'Not a field name');
const FieldValue = z.union([z.string().max(32_000), z.number().finite(), z.boolean(), z.null()]);
/** Field API name → value. System fields are Salesforce's to set. */
export const RecordValues = z
  .record(FieldName, FieldValue)
  .refine((v) => Object.keys(v).length <= 200, 'Too many fields')
  .refine((v) => !Object.keys(v).some((k) => SYSTEM_FIELDS.has(k)), 'System fields cannot be written');

export const OutboxErrorInfo = z.object({ code: z.string(), message: z.string(), fields: z.array(z.string()).optional() });

export const WriteOutcome = z.object({
  /** The real Id once Salesforce has the record, else the temporary `local-…` id. */
  recordId: z.string(),
  outboxId: z.number().int().optional(),
  state: z.enum(['saved', 'queued', 'conflict', 'needs-attention']),
  error: OutboxErrorInfo.optional(),
});
export type WriteOutcome = z.infer<typeof WriteOutcome>;

const Values = z.record(z.string(), z.unknown());

export const OutboxItem = z.object({
  id: z.number().int(),
  object: z.string(),
  op: z.enum(['create', 'update', 'delete']),
  recordId: z.string(),
  attempts: z.number().int(),
  createdAt: z.string(),
  error: OutboxErrorInfo.nullable(),
  /** The user's values. */
  mine: Values,
});
export type OutboxItem = z.infer<typeof OutboxItem>;

export const OutboxConflict = OutboxItem.extend({
  /** The server's current values of the same fields, and its LastModifiedDate/SystemModstamp. */
  theirs: Values,
  differingFields: z.array(z.string()),
});
export type OutboxConflict = z.infer<typeof OutboxConflict>;

export const OutboxStatus = z.object({
  connectionId: z.string(),
  online: z.boolean(),
  /** Set when the queue waits for a new login. */
  paused: OutboxErrorInfo.nullable(),
  draining: z.boolean(),
  pendingCount: z.number().int(),
  pending: z.array(OutboxItem),
  needsAttention: z.array(OutboxItem),
  conflicts: z.array(OutboxConflict),
  /** When the outbox last emptied (ISO). */
  lastSyncAt: z.string().nullable(),
  nextRetryAt: z.string().nullable(),
});
export type OutboxStatus = z.infer<typeof OutboxStatus>;

const OutboxId = z.number().int().positive();

export const outboxContract = {
  'records:create': {
    method: 'createRecord',
    input: z.object({ object: WritableObject, values: RecordValues }).strict(),
    output: WriteOutcome,
  },
  'records:update': {
    method: 'updateRecord',
    input: z
      .object({
        object: WritableObject,
        id: RecordRef,
        values: RecordValues,
        /** The LastModifiedDate/SystemModstamp the form showed; used when the record is not cached. */
        lastModifiedDate: z.string().max(40).optional(),
      })
      .strict(),
    output: WriteOutcome,
  },
  'records:delete': {
    method: 'deleteRecord',
    input: z.object({ object: WritableObject, id: RecordRef }).strict(),
    output: WriteOutcome,
  },
  'outbox:status': { method: 'outboxStatus', input: NoInput, output: OutboxStatus },
  'outbox:retry': {
    method: 'retryOutbox',
    /** With an id: that change again (optionally with corrected values). Without: resume a paused queue. */
    input: z.object({ id: OutboxId.optional(), values: RecordValues.optional() }).strict().optional(),
    output: OutboxStatus,
  },
  'outbox:discard': {
    method: 'discardOutboxItem',
    input: z.object({ id: OutboxId }).strict(),
    /** What was dropped, with the user's values, so the UI can offer to copy or re-enter them. */
    output: z.object({ discarded: z.array(OutboxItem) }),
  },
  'outbox:resolve-conflict': {
    method: 'resolveOutboxConflict',
    input: z.discriminatedUnion('resolution', [
      z.object({ id: OutboxId, resolution: z.literal('mine') }).strict(),
      z.object({ id: OutboxId, resolution: z.literal('theirs') }).strict(),
      z.object({ id: OutboxId, resolution: z.literal('merge'), fields: z.record(FieldName, z.enum(['mine', 'theirs'])) }).strict(),
    ]),
    output: OutboxStatus,
  },
} as const satisfies Record<string, ChannelSpec>;
