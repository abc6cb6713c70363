/**
 * Change notifications: after each sync, what other people changed on the records that matter to
 * the connected user (a case or lead newly assigned to me, my opportunity's stage, amount or close
 * date, a task someone assigned to me, a new high-priority case on my accounts).
 *
 * They come from the sync's own polling, not from Change Data Capture: CDC ignores sharing, needs
 * View All permissions most reps lack, and every subscriber counts against the org's daily event
 * delivery allowance (docs/notifications.md). Nothing is sent for the user's own changes, and
 * nothing at the first sync of an org (every record is new then).
 *
 * Delivery: the Electron host shows native notifications; browser mode's renderer uses the Web
 * Notification API. Either way a click opens the record. A burst (more than COALESCE_AFTER in one
 * sync) becomes one summary. Quiet hours hold the pop-ups back; the notifications still reach the
 * in-app list (`notifications:recent`).
 */
import { z } from 'zod';
import { NoInput, SalesforceId, type ChannelSpec } from './common';

export const NOTIFICATION_KINDS = ['case-assigned', 'lead-assigned', 'opportunity-changed', 'task-assigned', 'high-priority-case'] as const;
export const NotificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** More than this many notifications from one sync are shown as one summary pop-up. */
export const COALESCE_AFTER = 3;

/** One change someone else made, in a salesperson's words. */
export const ChangeNotification = z.object({
  /** Stable for the change (kind, record, the record's SystemModstamp): a repeat sync never shows it twice. */
  id: z.string().max(200),
  kind: NotificationKind,
  /** The registry object of the record it opens. */
  object: z.string(),
  recordId: SalesforceId,
  /** "Case 00001027 assigned to you" */
  title: z.string().max(200),
  /** "Printer jams on every job · Priority High · by Dana Ruiz" */
  body: z.string().max(500),
  /** The name of the user who made the change, when the cache knows it. */
  changedBy: z.string().nullable(),
  /** When the change was made (the record's LastModifiedDate), ISO. */
  at: z.string(),
  /** Whether quiet hours held its pop-up back. */
  held: z.boolean(),
  /** Whether the user has opened it (from a pop-up or the in-app list). */
  read: z.boolean(),
});
export type ChangeNotification = z.infer<typeof ChangeNotification>;

/**
 * What one sync produced for the pop-ups: the notifications to show one by one, or (more than
 * COALESCE_AFTER of them) a single summary. Empty batches are never sent; held ones are not in it.
 */
export const NotificationBatchEvent = z.object({
  connectionId: z.string(),
  notifications: z.array(ChangeNotification).max(COALESCE_AFTER),
  /** Set when the batch was coalesced: "7 changes to your records" and what they were. */
  summary: z.object({ title: z.string().max(200), body: z.string().max(500), count: z.number().int().min(1) }).nullable(),
});
export type NotificationBatchEvent = z.infer<typeof NotificationBatchEvent>;

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time looks like 21:30');

export const NotificationSettings = z.object({
  /** Each kind on or off. */
  kinds: z.object(Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, z.boolean()])) as Record<NotificationKind, z.ZodBoolean>),
  /** No pop-ups between `start` and `end` (local time; an overnight span such as 20:00–07:00 wraps midnight). */
  quietHours: z.object({ enabled: z.boolean(), start: ClockTime, end: ClockTime }),
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;

export const NotificationSettingsUpdate = z
  .object({
    kinds: z
      .object(Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, z.boolean().optional()])) as Record<NotificationKind, z.ZodOptional<z.ZodBoolean>>)
      .strict()
      .optional(),
    quietHours: z.object({ enabled: z.boolean().optional(), start: ClockTime.optional(), end: ClockTime.optional() }).strict().optional(),
  })
  .strict();
export type NotificationSettingsUpdate = z.infer<typeof NotificationSettingsUpdate>;

export const RecentNotifications = z.object({
  /** Newest first, at most 50, for the active org. */
  notifications: z.array(ChangeNotification),
  unread: z.number().int().min(0),
});
export type RecentNotifications = z.infer<typeof RecentNotifications>;

export const notificationsContract = {
  'notifications:settings-get': { method: 'getNotificationSettings', input: NoInput, output: NotificationSettings },
  'notifications:settings-update': { method: 'updateNotificationSettings', input: NotificationSettingsUpdate, output: NotificationSettings },
  /** The active org's latest notifications (the in-app list behind the bell). */
  'notifications:recent': { method: 'recentNotifications', input: NoInput, output: RecentNotifications },
  /** Marks notifications read (`ids` omitted: all of the active org's). */
  'notifications:mark-read': {
    method: 'markNotificationsRead',
    input: z.object({ ids: z.array(z.string().max(200)).max(200).optional() }).strict(),
    output: RecentNotifications,
  },
} as const satisfies Record<string, ChannelSpec>;
