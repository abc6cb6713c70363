/**
 * What Salesforce computes on a task or an event when it is saved, for a row changed offline: the
 * cached row then reads as it will once the outbox has sent the change, so the timeline shows a
 * call logged offline with its contact's and account's names, under the right account, closed.
 * The queued change itself carries only what the user wrote (the outbox sends `values`, never
 * these).
 *
 * - Who.Name, What.Name: the cached record's title (its `name` column).
 * - AccountId (Task and Event reference, "AccountId": "If the value of WhatId is any of the
 *   following objects, then Salesforce uses that object's AccountId: Account, Opportunity,
 *   Contract, custom object that is a child of Account. If the value of the WhatId field is any
 *   other object, and the value of the WhoId field is a Contact object, then Salesforce uses that
 *   contact's AccountId"; otherwise null) — the emulator does the same.
 * - Task IsClosed from its Status (the org's TaskStatus.IsClosed), CompletedDateTime set when it
 *   closes and cleared when it reopens.
 * - Event: an all-day event starts at its ActivityDate (midnight UTC, as Salesforce stores it) and
 *   lasts DurationInMinutes; a timed one's ActivityDate is its start's date.
 * - Owner.Name of a given OwnerId, from any cached row that user owns.
 */
import type { ObjectRegistry } from '../../../shared/objects/registry';
import type { FlatRecord } from '../cache/objects';
import type { CacheDb } from '../cache/org-cache';
import { taskStatusIsClosed } from '../cache/reference.repo';

type Existing = FlatRecord | undefined;

/** The cached record with this Id (any object of the registry; local ids included), or undefined. */
export function cachedRecordOf(
  db: CacheDb,
  registry: ObjectRegistry,
  id: string,
): { object: string; name: string | null; accountId: string | null; localState: string } | undefined {
  const byPrefix = registry.ofId(id)?.name;
  const objects = byPrefix ? [byPrefix] : registry.names;
  const row = db
    .prepare(`SELECT object, name, account_id, local_state FROM records WHERE object IN (${objects.map(() => '?').join(', ')}) AND id = ?`)
    .get(...objects, id) as { object: string; name: string | null; account_id: string | null; local_state: string } | undefined;
  return row && { object: row.object, name: row.name, accountId: row.account_id, localState: row.local_state };
}

/** The fields Salesforce would derive from a local change of a Task or an Event (see the header). */
export function activityDerivedFields(
  db: CacheDb,
  registry: ObjectRegistry,
  change: { object: 'Task' | 'Event'; fields: FlatRecord; existing: Existing; now: Date },
): FlatRecord {
  const { fields, existing } = change;
  const out: FlatRecord = { ...linkFields(db, registry, fields, existing) };
  if ('OwnerId' in fields) out['Owner.Name'] = ownerName(db, fields.OwnerId);
  if (change.object === 'Task' && typeof fields.Status === 'string') Object.assign(out, taskClosing(db, fields.Status, existing, change.now));
  if (change.object === 'Event') Object.assign(out, eventTimes({ ...existing, ...fields }, fields));
  return out;
}

function linkFields(db: CacheDb, registry: ObjectRegistry, fields: FlatRecord, existing: Existing): FlatRecord {
  if (!('WhoId' in fields) && !('WhatId' in fields)) return {};
  const merged = { ...existing, ...fields };
  const who = typeof merged.WhoId === 'string' && merged.WhoId ? cachedRecordOf(db, registry, merged.WhoId) : undefined;
  const what = typeof merged.WhatId === 'string' && merged.WhatId ? cachedRecordOf(db, registry, merged.WhatId) : undefined;
  const whatObject = what?.object ?? (typeof merged.WhatId === 'string' ? registry.ofId(merged.WhatId)?.name : undefined);
  let accountId: string | null = null;
  if (whatObject === 'Account') accountId = merged.WhatId as string;
  else if (whatObject === 'Opportunity') accountId = what?.accountId ?? null;
  else if (who?.object === 'Contact') accountId = who.accountId;
  return {
    ...('WhoId' in fields ? { 'Who.Name': who?.name ?? null } : {}),
    ...('WhatId' in fields ? { 'What.Name': what?.name ?? null } : {}),
    AccountId: accountId,
  };
}

/** Objects whose registry indexes lead with owner_id, so a user's name is found without a scan. */
const OWNER_INDEXED = ['Task', 'Event', 'Opportunity', 'Lead'];

function ownerName(db: CacheDb, ownerId: unknown): string | null {
  if (typeof ownerId !== 'string' || !ownerId) return null;
  const find = db.prepare(`SELECT owner_name FROM records WHERE object = ? AND owner_id = ? AND owner_name IS NOT NULL LIMIT 1`).pluck();
  for (const object of OWNER_INDEXED) {
    const name = find.get(object, ownerId) as string | undefined;
    if (name) return name;
  }
  return null;
}

function taskClosing(db: CacheDb, status: string, existing: Existing, now: Date): FlatRecord {
  const closed = taskStatusIsClosed(db, status);
  if (closed === null) return {};
  if (!closed) return { IsClosed: false, CompletedDateTime: null };
  const already = existing?.IsClosed === true && typeof existing.CompletedDateTime === 'string';
  return { IsClosed: true, CompletedDateTime: already ? (existing.CompletedDateTime as string) : now.toISOString() };
}

function eventTimes(merged: FlatRecord, fields: FlatRecord): FlatRecord {
  if (merged.IsAllDayEvent === true && typeof merged.ActivityDate === 'string') {
    const start = Date.parse(`${merged.ActivityDate}T00:00:00.000Z`);
    const minutes = typeof merged.DurationInMinutes === 'number' ? merged.DurationInMinutes : 1440;
    return { StartDateTime: new Date(start).toISOString(), EndDateTime: new Date(start + minutes * 60_000).toISOString() };
  }
  if (typeof fields.StartDateTime === 'string' && merged.IsAllDayEvent !== true) {
    const start = Date.parse(fields.StartDateTime);
    return Number.isNaN(start) ? {} : { ActivityDate: new Date(start).toISOString().slice(0, 10) };
  }
  return {};
}
