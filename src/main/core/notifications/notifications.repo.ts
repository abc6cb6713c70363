/**
 * The org's change notifications in its cache database (cache migration 0010): stored once per
 * change, listed newest first, marked read, and trimmed to the newest KEEP_NOTIFICATIONS.
 */
import type { ChangeNotification } from '../../../shared/ipc/notifications.contract';
import type { CacheDb } from '../cache/org-cache';
import type { NotificationCandidate } from './notification-rules';

/** How many notifications an org keeps (the list shows the newest LIST_LIMIT). */
export const KEEP_NOTIFICATIONS = 200;
const LIST_LIMIT = 50;

interface Row {
  id: string;
  kind: ChangeNotification['kind'];
  object: string;
  record_id: string;
  title: string;
  body: string;
  changed_by: string | null;
  at: string;
  held: number;
  read: number;
}

const toNotification = (r: Row): ChangeNotification => ({
  id: r.id,
  kind: r.kind,
  object: r.object,
  recordId: r.record_id,
  title: r.title,
  body: r.body,
  changedBy: r.changed_by,
  at: r.at,
  held: r.held === 1,
  read: r.read === 1,
});

/**
 * Stores the notifications not stored before (a change found again keeps its first row, read or
 * not) and returns those it stored, then trims the table to the newest KEEP_NOTIFICATIONS.
 */
export function storeNotifications(
  db: CacheDb,
  candidates: readonly NotificationCandidate[],
  options: { held: boolean; noticedAt: string },
): ChangeNotification[] {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO notifications (id, kind, object, record_id, title, body, changed_by, at, noticed_at, held, read)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  const stored: ChangeNotification[] = [];
  db.transaction(() => {
    for (const c of candidates) {
      const { changes } = insert.run(c.id, c.kind, c.object, c.recordId, c.title, c.body, c.changedBy, c.at, options.noticedAt, options.held ? 1 : 0);
      if (changes) stored.push({ ...c, held: options.held, read: false });
    }
    db.prepare(
      `DELETE FROM notifications WHERE id NOT IN (SELECT id FROM notifications ORDER BY noticed_at DESC, at DESC, id DESC LIMIT ${KEEP_NOTIFICATIONS})`,
    ).run();
  })();
  return stored;
}

/** The newest notifications and how many are unread. */
export function recentNotifications(db: CacheDb, limit = LIST_LIMIT): { notifications: ChangeNotification[]; unread: number } {
  const rows = db
    .prepare(
      `SELECT id, kind, object, record_id, title, body, changed_by, at, held, read FROM notifications
        ORDER BY noticed_at DESC, at DESC, id DESC LIMIT ?`,
    )
    .all(limit) as Row[];
  const unread = db.prepare(`SELECT COUNT(*) FROM notifications WHERE read = 0`).pluck().get() as number;
  return { notifications: rows.map(toNotification), unread };
}

/** Marks these notifications read (`ids` undefined: all of them). */
export function markNotificationsRead(db: CacheDb, ids?: readonly string[]): void {
  if (ids === undefined) db.prepare(`UPDATE notifications SET read = 1 WHERE read = 0`).run();
  else if (ids.length) db.prepare(`UPDATE notifications SET read = 1 WHERE read = 0 AND id IN (SELECT value FROM json_each(?))`).run(JSON.stringify(ids));
}
