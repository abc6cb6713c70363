/** The org's stored notifications (cache migration 0010): once per change, newest first, read marks, the newest 200 kept. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openOrgCache } from '../../../src/main/core/cache/org-cache';
import { KEEP_NOTIFICATIONS, markNotificationsRead, recentNotifications, storeNotifications } from '../../../src/main/core/notifications/notifications.repo';
import type { NotificationCandidate } from '../../../src/main/core/notifications/notification-rules';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const candidate = (i: number): NotificationCandidate => ({
  id: `lead-assigned:00Q00000000000${String(i).padStart(4, '0')}:2026-03-02T10:00:00.000Z`,
  kind: 'lead-assigned',
  object: 'Lead',
  recordId: `00Q00000000000${String(i).padStart(4, '0')}`,
  title: `Lead ${i} assigned to you`,
  body: 'by Dana Ruiz',
  changedBy: 'Dana Ruiz',
  at: `2026-03-02T10:${String(i % 60).padStart(2, '0')}:00.000Z`,
});

describe('stored notifications', () => {
  it('stores a change once, lists newest first, marks read, keeps the newest 200', () => {
    dir = mkdtempSync(join(tmpdir(), 'atom-notif-'));
    const db = openOrgCache(dir, 'c1');
    try {
      const first = storeNotifications(db, [candidate(1), candidate(2)], { held: false, noticedAt: '2026-03-02T11:00:00.000Z' });
      expect(first.map((n) => n.recordId)).toEqual([candidate(1).recordId, candidate(2).recordId]);
      // Found again (a resumed sync): not stored, not returned, its read mark untouched.
      markNotificationsRead(db, [candidate(1).id]);
      expect(storeNotifications(db, [candidate(1), candidate(3)], { held: true, noticedAt: '2026-03-02T12:00:00.000Z' }).map((n) => n.id)).toEqual([
        candidate(3).id,
      ]);
      const listed = recentNotifications(db);
      expect(listed.unread).toBe(2);
      expect(listed.notifications.map((n) => [n.recordId, n.held, n.read])).toEqual([
        [candidate(3).recordId, true, false],
        [candidate(2).recordId, false, false],
        [candidate(1).recordId, false, true],
      ]);
      markNotificationsRead(db);
      expect(recentNotifications(db).unread).toBe(0);

      const many = Array.from({ length: KEEP_NOTIFICATIONS + 20 }, (_, i) => candidate(100 + i));
      storeNotifications(db, many, { held: false, noticedAt: '2026-03-03T09:00:00.000Z' });
      expect(db.prepare('SELECT COUNT(*) FROM notifications').pluck().get()).toBe(KEEP_NOTIFICATIONS);
      // The oldest went first: the three of the day before are gone.
      expect(db.prepare('SELECT COUNT(*) FROM notifications WHERE id IN (?, ?, ?)').pluck().get(candidate(1).id, candidate(2).id, candidate(3).id)).toBe(0);
      expect(recentNotifications(db).notifications).toHaveLength(50);
    } finally {
      db.close();
    }
  });
});
