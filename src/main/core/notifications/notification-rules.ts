/**
 * The rules of change notifications: which changes another person made deserve a word to the
 * connected user. Pure: each incremental page's rows as the cache held them before and as
 * Salesforce sent them (sync-engine's watch) in, notifications out; the cache is asked only
 * through the context (a user's name, whether an account is the user's).
 *
 * - case-assigned / lead-assigned: the record's owner became me (it was someone else's, or the
 *   cache did not have it — in scope "mine" a record owned by someone else is not kept).
 * - opportunity-changed: an opportunity that was mine and still is, whose stage, amount or close
 *   date changed. Rows with an unsent change of mine are left out: the cached row holds my edit,
 *   not Salesforce's previous values, and the outbox reports the clash when it sends.
 * - task-assigned: an open task whose owner became me.
 * - high-priority-case: a case created since the last sync by someone else, Priority High, on an
 *   account I own. A case that is also assigned to me is announced once, as assigned (unless that
 *   kind is off).
 *
 * Nothing is announced when the last change was mine (LastModifiedById), for a deleted row, or for
 * a row without LastModifiedById (who changed it is unknown). Each notification's id is its kind,
 * the record and the row's SystemModstamp: the same change never makes two.
 */
import type { ChangeNotification, NotificationKind } from '../../../shared/ipc/notifications.contract';
import type { CachedObject, FlatRecord } from '../cache/objects';
import type { ChangeBatch, RowChange } from '../sync/sync-engine';
import { describeOpportunityChange, pieces, textOf } from './notification-text';

/** A notification as the rules make it; the store adds whether it was held and read. */
export type NotificationCandidate = Omit<ChangeNotification, 'held' | 'read'>;

export interface RuleContext {
  userId: string;
  /** The name of a user from what the cache already holds (a row they own), or null. */
  userName(userId: string): string | null;
  /** The cached account with this Id when the user owns it, else undefined. */
  myAccount(accountId: string): { name: string | null } | undefined;
}

/** The object whose changes make each kind. */
const OBJECT_OF_KIND: Readonly<Record<NotificationKind, CachedObject>> = {
  'case-assigned': 'Case',
  'high-priority-case': 'Case',
  'lead-assigned': 'Lead',
  'opportunity-changed': 'Opportunity',
  'task-assigned': 'Task',
};

/** The objects whose changes the rules read. */
const WATCHED_OBJECTS: ReadonlySet<string> = new Set(Object.values(OBJECT_OF_KIND));

/**
 * The objects whose changes can make one of the kinds the user has on: the sync compares only
 * their pages with the cache (empty: every kind is off).
 */
export function watchedObjects(enabled: Readonly<Record<NotificationKind, boolean>>): Set<CachedObject> {
  return new Set((Object.keys(OBJECT_OF_KIND) as NotificationKind[]).filter((kind) => enabled[kind]).map((kind) => OBJECT_OF_KIND[kind]));
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** What one incremental page produces, for the kinds the user has on. */
export function notificationsFor(batch: ChangeBatch, context: RuleContext, enabled: Readonly<Record<NotificationKind, boolean>>): NotificationCandidate[] {
  if (!WATCHED_OBJECTS.has(batch.object)) return [];
  const out: NotificationCandidate[] = [];
  for (const change of batch.changes) {
    const by = str(change.after.LastModifiedById);
    if (change.deleted || !by || by === context.userId) continue;
    const made = notificationOf(batch, change, context, enabled);
    if (made) out.push(made);
  }
  return out;
}

function notificationOf(
  batch: ChangeBatch,
  change: RowChange,
  context: RuleContext,
  enabled: Readonly<Record<NotificationKind, boolean>>,
): NotificationCandidate | null {
  const becameMine = str(change.after.OwnerId) === context.userId && str(change.before?.fields.OwnerId) !== context.userId;
  switch (batch.object) {
    case 'Case': {
      // One notification a case: assigned to me wins over high priority (while that kind is on).
      if (becameMine && enabled['case-assigned']) return caseAssigned(change, context);
      return enabled['high-priority-case'] ? highPriorityCase(batch, change, context) : null;
    }
    case 'Lead':
      return becameMine && enabled['lead-assigned'] ? leadAssigned(change, context) : null;
    case 'Task':
      return becameMine && enabled['task-assigned'] && change.after.IsClosed !== true ? taskAssigned(change, context) : null;
    case 'Opportunity':
      return enabled['opportunity-changed'] ? opportunityChanged(change, context) : null;
    default:
      return null;
  }
}

/** Who made the change, in words: the row's LastModifiedBy.Name, else a name the cache holds. */
function changedBy(after: FlatRecord, context: RuleContext): string | null {
  return str(after['LastModifiedBy.Name']) ?? context.userName(String(after.LastModifiedById));
}

function base(kind: NotificationKind, object: string, after: FlatRecord, context: RuleContext): Omit<NotificationCandidate, 'title' | 'body'> {
  const recordId = String(after.Id);
  const stamp = str(after.SystemModstamp) ?? str(after.LastModifiedDate) ?? '';
  return {
    id: `${kind}:${recordId}:${stamp}`,
    kind,
    object,
    recordId,
    changedBy: changedBy(after, context),
    at: str(after.LastModifiedDate) ?? stamp,
  };
}

const byWhom = (name: string | null) => (name ? `by ${name}` : 'by someone else');

function caseAssigned(change: RowChange, context: RuleContext): NotificationCandidate {
  const a = change.after;
  const made = base('case-assigned', 'Case', a, context);
  const number = str(a.CaseNumber);
  const title = number ? `Case ${number} assigned to you` : 'A case was assigned to you';
  const body = pieces(str(a.Subject), str(a.Priority) && `Priority ${a.Priority}`, str(a['Account.Name']), byWhom(made.changedBy));
  return { ...made, ...textOf(title, body) };
}

function highPriorityCase(batch: ChangeBatch, change: RowChange, context: RuleContext): NotificationCandidate | null {
  const a = change.after;
  const createdDate = str(a.CreatedDate);
  const isNew = change.before === null && createdDate !== null && (batch.since === null || createdDate > batch.since);
  const createdBy = str(a.CreatedById);
  if (!isNew || a.Priority !== 'High' || !createdBy || createdBy === context.userId) return null;
  const accountId = str(a.AccountId);
  const account = accountId ? context.myAccount(accountId) : undefined;
  if (!account || !accountId) return null;
  const made = base('high-priority-case', 'Case', a, context);
  // In scope "mine" a case owned by someone else is not kept in the cache: the account is opened instead.
  const opens = change.kept ? {} : { object: 'Account', recordId: accountId };
  const accountName = account.name ?? str(a['Account.Name']);
  const title = accountName ? `New high-priority case on ${accountName}` : 'New high-priority case on your account';
  const number = str(a.CaseNumber);
  const subject = str(a.Subject);
  const what = number && subject ? `Case ${number}: ${subject}` : number ? `Case ${number}` : subject;
  const body = pieces(what, byWhom(made.changedBy));
  return { ...made, ...opens, ...textOf(title, body) };
}

function leadAssigned(change: RowChange, context: RuleContext): NotificationCandidate {
  const a = change.after;
  const made = base('lead-assigned', 'Lead', a, context);
  const name = str(a.Name);
  const title = name ? `Lead ${name} assigned to you` : 'A lead was assigned to you';
  return { ...made, ...textOf(title, pieces(str(a.Company), str(a.Status), byWhom(made.changedBy))) };
}

function taskAssigned(change: RowChange, context: RuleContext): NotificationCandidate {
  const a = change.after;
  const made = base('task-assigned', 'Task', a, context);
  const subject = str(a.Subject);
  const title = subject ? `Task assigned to you: ${subject}` : 'A task was assigned to you';
  const due = str(a.ActivityDate);
  const body = pieces(due && `Due ${due}`, str(a['What.Name']) ?? str(a['Who.Name']), str(a.Priority) === 'High' && 'High priority', byWhom(made.changedBy));
  return { ...made, ...textOf(title, body) };
}

function opportunityChanged(change: RowChange, context: RuleContext): NotificationCandidate | null {
  const before = change.before;
  const me = context.userId;
  if (!before || before.localState !== 'synced' || before.fields.OwnerId !== me || change.after.OwnerId !== me) return null;
  const what = describeOpportunityChange(before.fields, change.after);
  if (!what.length) return null;
  const a = change.after;
  const made = base('opportunity-changed', 'Opportunity', a, context);
  const name = str(a.Name) ?? 'Your opportunity';
  return { ...made, ...textOf(`${name} changed`, pieces(...what, byWhom(made.changedBy))) };
}
