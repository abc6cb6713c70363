/**
 * The user's cockpit settings per org, in the app database (app-db migration 0004): they survive a
 * rebuilt cache and go with the connection (ON DELETE CASCADE). Read through the contract's schema,
 * so a row written by another version never reaches a metric unchecked.
 */
import type Database from 'better-sqlite3';
import { CockpitSettings, DEFAULT_COCKPIT_SETTINGS } from '../../../shared/ipc/analytics.contract';

export function readCockpitSettings(db: Database.Database, connectionId: string): CockpitSettings {
  const text = db.prepare(`SELECT settings FROM cockpit_settings WHERE connection_id = ?`).pluck().get(connectionId) as string | undefined;
  if (text === undefined) return structuredClone(DEFAULT_COCKPIT_SETTINGS);
  const parsed = CockpitSettings.partial().safeParse(JSON.parse(text));
  // A row this version cannot read falls back field by field to the defaults.
  return { ...structuredClone(DEFAULT_COCKPIT_SETTINGS), ...(parsed.success ? parsed.data : {}) };
}

/** Merges a change into the stored settings and returns the result. */
export function updateCockpitSettings(db: Database.Database, connectionId: string, change: Partial<CockpitSettings>, now: Date = new Date()): CockpitSettings {
  return db
    .transaction(() => {
      const next = CockpitSettings.parse({ ...readCockpitSettings(db, connectionId), ...change });
      db.prepare(
        `INSERT INTO cockpit_settings (connection_id, settings, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (connection_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
      ).run(connectionId, JSON.stringify(next), now.toISOString());
      return next;
    })
    .immediate();
}
