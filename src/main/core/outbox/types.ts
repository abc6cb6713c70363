/**
 * The offline outbox's vocabulary: what a queued change looks like, the states it moves through,
 * and how a failed send is classified. Shared by the store, the replayer and the service.
 */

export type OutboxOp = 'create' | 'update' | 'delete';

/**
 * pending: waiting to be sent (maybe after a backoff); sending: handed to Salesforce, outcome not
 * yet recorded (after a crash it is sent again, which every op tolerates); done: Salesforce has it;
 * conflict: an update met a newer server version (mine and theirs kept until the user picks);
 * needs-attention: Salesforce refused it (its message and the user's data kept).
 * A paused queue (auth error) is a property of the queue, not of an entry: see OutboxQueueState.
 */
export const OUTBOX_STATES = ['pending', 'sending', 'done', 'conflict', 'needs-attention'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export type FieldValues = Record<string, unknown>;

export interface OutboxErrorInfo {
  /** Salesforce's errorCode (REQUIRED_FIELD_MISSING, PRECONDITION_FAILED, …) or one of ours. */
  code: string;
  message: string;
  fields?: string[];
}

export interface OutboxEntry {
  id: number;
  connectionId: string;
  object: string;
  op: OutboxOp;
  /** The record's Id; for a create not yet confirmed, its local temporary id. */
  recordId: string;
  /** Creates: the client UUID sent as the external ID, so a retry can never duplicate. */
  clientUuid: string | null;
  /** create/update: the values to send (field API names). delete: {}. */
  payload: FieldValues;
  /** Updates: the server's LastModifiedDate the edit was based on (If-Unmodified-Since). */
  baseModstamp: string | null;
  state: OutboxState;
  attempts: number;
  /** Epoch ms before which a retry is not attempted (backoff). */
  nextAttemptAt: number;
  lastError: OutboxErrorInfo | null;
  /** Conflicts: the server's current values of the fields this update changes. */
  theirs: FieldValues | null;
  createdAt: string;
  updatedAt: string;
}

/** How one send ended, as the replayer needs to know it. */
export type FailureKind =
  | 'network' // no answer (offline, reset, timeout): go offline, retry when the org is back
  | 'server' // 5xx: back off and retry
  | 'limit' // REQUEST_LIMIT_EXCEEDED: back off longer and retry
  | 'auth' // the session cannot be refreshed: pause the queue until the user logs in
  | 'precondition' // 412: someone else changed the record
  | 'not-found' // 404 / ENTITY_IS_DELETED
  | 'multiple' // 300: the external ID matched several records
  | 'rejected'; // validation and every other 4xx: needs the user

export class SendFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly info: OutboxErrorInfo,
  ) {
    super(info.message);
    this.name = 'SendFailure';
  }
}

/** Temporary ids of records created offline: never a valid Salesforce Id (those are 15/18 alphanumerics). */
export const LOCAL_ID_PREFIX = 'local-';
export const LOCAL_ID_PATTERN = /^local-[0-9a-f]{32}$/;
export const isLocalId = (value: unknown): value is string => typeof value === 'string' && LOCAL_ID_PATTERN.test(value);
