/**
 * Home's "recently viewed": the records the user opened in the app, kept in the org's cache
 * (`recent_items`, cache migration 0008), never sent anywhere. Titles come from the cached rows
 * at read time, so a renamed record shows its new name and one no longer cached is skipped.
 */
import type { RecentItem } from '../../../shared/ipc/analytics.contract';
import { OBJECT_REGISTRY, type CachedObject, type ObjectRegistry } from '../cache/objects';
import type { CacheDb } from '../cache/org-cache';
import { prepared } from './deal-sql';

/** How many views are kept (the newest). */
export const RECENT_ITEMS_KEPT = 50;
/** How many Home shows. */
export const RECENT_ITEMS_SHOWN = 10;

/** Records a view (the newest first); keeps the newest RECENT_ITEMS_KEPT. */
export function recordViewed(db: CacheDb, object: CachedObject, id: string, viewedAt: Date): void {
  db.transaction(() => {
    prepared(db, `INSERT INTO recent_items (object, id, viewed_at) VALUES (?, ?, ?) ON CONFLICT (object, id) DO UPDATE SET viewed_at = excluded.viewed_at`).run(
      object,
      id,
      viewedAt.toISOString(),
    );
    prepared(
      db,
      `DELETE FROM recent_items WHERE rowid NOT IN (SELECT rowid FROM recent_items ORDER BY viewed_at DESC, rowid DESC LIMIT ${RECENT_ITEMS_KEPT})`,
    ).run();
  })();
}

interface RecentRow {
  object: CachedObject;
  id: string;
  viewed_at: string;
  name: string | null;
  account_name: string | null;
  company: string | null;
  status: string | null;
}

export function readRecentItems(db: CacheDb, registry: ObjectRegistry = OBJECT_REGISTRY, limit = RECENT_ITEMS_SHOWN): RecentItem[] {
  const rows = prepared(
    db,
    `SELECT v.object, v.id, v.viewed_at, r.name, r.account_name, r.company, r.status
       FROM recent_items v JOIN records r ON r.object = v.object AND r.id = v.id AND r.local_state <> 'deleted'
      ORDER BY v.viewed_at DESC, v.rowid DESC LIMIT ?`,
  ).all(limit) as RecentRow[];
  return rows
    .filter((r) => registry.has(r.object))
    .map((r) => {
      const showsStatus = registry.get(r.object).searchShowsStatus;
      const title = r.name ?? r.id;
      // An account's company column is its own name: a subtitle repeating the title says nothing.
      const parts = [r.account_name ?? r.company, showsStatus ? r.status : null].filter(
        (p): p is string => Boolean(p) && (p as string).toLowerCase() !== title.toLowerCase(),
      );
      return { object: r.object, id: r.id, title, subtitle: parts.length ? parts.join(' · ') : null, viewedAt: r.viewed_at };
    });
}
