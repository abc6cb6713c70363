/**
 * A record's activity timeline (`activities:timeline`) from the cache: the tasks and events whose
 * Who is the record (a Contact or a Lead), whose What is the record (any other object), or — for an
 * Account — whose AccountId or WhatId is the account (AccountId rolls up the account's contacts'
 * and opportunities' activities). Each object is read on its own so its partial indexes serve the
 * lookup (records_task_who / _what / _account, records_event_who / _what / _account).
 *
 * Upcoming: open tasks and events that have not ended — overdue tasks first (oldest first), then by
 * day (events by their start), tasks without a due date last. Past: completed tasks (by their
 * ActivityDate, else the day they were completed) and ended events, newest first, cut at the limit.
 */
import type { ActivityRow, Timeline } from '../../../shared/ipc/activities.contract';
import { localDate } from '../../../shared/analytics/fiscal';
import type { ObjectRegistry } from '../../../shared/objects/registry';
import type { CacheDb } from '../cache/org-cache';
import { readSyncState } from '../cache/sync-state.repo';
import { localDaySql } from '../analytics/context';
import { EVENT_OPEN, ROW_COLUMNS, toActivityRow, type RawActivity } from './activity-rows';

export interface ActivityContext {
  db: CacheDb;
  registry: ObjectRegistry;
  userId: string;
  /** The user's day ('YYYY-MM-DD') and the instant (ISO) "overdue" and "ended" are judged against. */
  today: string;
  now: string;
}

type Link = 'who' | 'what' | 'account';

/** How a record's activities are found: by Who (Contact, Lead), by Account (AccountId or What), else by What. */
export function linkOfRecord(object: string | undefined): Link {
  if (object === 'Contact' || object === 'Lead') return 'who';
  if (object === 'Account') return 'account';
  return 'what';
}

/**
 * The lookups of each link. An account's is two (its AccountId, its What), run apart and merged:
 * each then reads one partial index, where an OR of the two would read every row of the object.
 */
const MATCH: Record<Link, string[]> = {
  who: ['text_a = @id'],
  what: ['text_b = @id'],
  account: ['account_id = @id', 'text_b = @id'],
};

/** SQL: the day a past row is filed under (the user's day; an all-day event's own date). */
const PAST_DAY: Record<'Task' | 'Event', string> = {
  Task: `coalesce(close_date, ${localDaySql('date_a')})`,
  Event: `CASE WHEN flag_a = 1 THEN close_date ELSE coalesce(${localDaySql('date_a')}, close_date) END`,
};

function selectRows(ctx: ActivityContext, object: 'Task' | 'Event', link: Link, where: string, tail = '', extra: Record<string, unknown> = {}): RawActivity[] {
  const byId = new Map<string, RawActivity>();
  for (const match of MATCH[link]) {
    const sql = `SELECT ${ROW_COLUMNS} FROM records WHERE object = '${object}' AND local_state <> 'deleted' AND ${match} AND ${where} ${tail}`;
    for (const row of ctx.db.prepare(sql).all({ today: ctx.today, now: ctx.now, ...extra }) as RawActivity[]) byId.set(row.id, row);
  }
  return [...byId.values()];
}

/** The key upcoming rows sort by: [group, day, time, tiebreak]. */
function upcomingKey(row: ActivityRow, today: string): [number, string, string, string] {
  if (row.object === 'Task') {
    if (!row.dueDate) return [2, '', '', row.id];
    return [row.dueDate < today ? 0 : 1, row.dueDate, '', row.id];
  }
  const day = row.allDay ? (row.dueDate ?? '') : row.start ? localDate(new Date(row.start)) : (row.dueDate ?? '');
  return [1, day, row.allDay ? '' : (row.start ?? ''), row.id];
}

export function sortUpcoming(rows: ActivityRow[], today: string, created: Map<string, string | null> = new Map()): ActivityRow[] {
  const keyed = rows.map((row) => ({ row, key: upcomingKey(row, today) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < 3; i++) if (a.key[i] !== b.key[i]) return a.key[i] < b.key[i] ? -1 : 1;
    // Tasks without a due date: oldest first, as a queue.
    const ca = created.get(a.row.id) ?? '';
    const cb = created.get(b.row.id) ?? '';
    if (ca !== cb) return ca < cb ? -1 : 1;
    return a.key[3] < b.key[3] ? -1 : a.key[3] > b.key[3] ? 1 : 0;
  });
  return keyed.map((k) => k.row);
}

export function readTimeline(ctx: ActivityContext, recordId: string, recordObject: string | undefined, pastLimit: number): Timeline {
  const link = linkOfRecord(recordObject);
  const rowOf = (raw: RawActivity) => toActivityRow(ctx.registry, raw, ctx);
  const openRaw = [
    ...selectRows(ctx, 'Task', link, '(flag_a = 0 OR flag_a IS NULL)', '', { id: recordId }),
    ...selectRows(ctx, 'Event', link, EVENT_OPEN, '', { id: recordId }),
  ];
  const created = new Map(openRaw.map((r) => [r.id, r.created_date]));
  const upcoming = sortUpcoming(openRaw.map(rowOf), ctx.today, created);

  // Past: the newest `pastLimit + 1` of each object, merged and cut (the extra one says "more").
  const past = (['Task', 'Event'] as const).flatMap((object) =>
    selectRows(
      ctx,
      object,
      link,
      object === 'Task' ? 'flag_a = 1' : `NOT ${EVENT_OPEN}`,
      `ORDER BY ${PAST_DAY[object]} DESC, coalesce(date_a, '') DESC, id DESC LIMIT @limit`,
      { id: recordId, limit: pastLimit + 1 },
    ).map((raw) => ({ raw, day: pastDay(raw), instant: raw.date_a ?? '' })),
  );
  past.sort((a, b) => cmpDesc(a.day, b.day) || cmpDesc(a.instant, b.instant) || cmpDesc(a.raw.id, b.raw.id));
  return {
    synced: activitiesSynced(ctx.db),
    today: ctx.today,
    upcoming,
    past: past.slice(0, pastLimit).map((p) => rowOf(p.raw)),
    morePast: past.length > pastLimit,
  };
}

/** The day a past row is filed under, as PAST_DAY computes it in SQL. */
function pastDay(raw: RawActivity): string {
  const local = raw.date_a ? localDate(new Date(raw.date_a)) : '';
  if (raw.object === 'Task') return raw.close_date ?? local;
  return raw.flag_a === 1 ? (raw.close_date ?? '') : local || (raw.close_date ?? '');
}

const cmpDesc = (a: string, b: string) => (a === b ? 0 : a < b ? 1 : -1);

/** Whether a sync has read the org's tasks and events (until then the screens say so, not "no activity"). */
export function activitiesSynced(db: CacheDb): boolean {
  return ['Task', 'Event'].every((object) => Boolean(readSyncState(db, object as 'Task')?.lastFullSyncAt));
}
