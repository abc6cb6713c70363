/**
 * How the salesperson shaped each list (`records:list-prefs`, `records:list-prefs-update`): the
 * columns shown and their widths, per org and object, in the app database (app-db migration 0006).
 * Read through the contract's schema, so a row written by another version (a column since removed
 * from the registry) falls back to the defaults rather than reaching the screen unchecked.
 */
import type Database from 'better-sqlite3';
import { COLUMN_CHOICES, ListPrefs, type CrmObject, type ListPrefsUpdate } from '../../../shared/ipc/records.contract';
import type { ActiveOrg } from '../connections/active-org';

export interface ListPrefsService {
  get(input: { object: CrmObject }): ListPrefs;
  update(change: ListPrefsUpdate): ListPrefs;
}

const defaults = (object: CrmObject): ListPrefs => ({ object, columns: null, widths: {} });

/** The stored prefs of one list, with anything this version does not know dropped. */
function readListPrefs(db: Database.Database, connectionId: string, object: CrmObject): ListPrefs {
  const text = db.prepare(`SELECT prefs FROM list_prefs WHERE connection_id = ? AND object = ?`).pluck().get(connectionId, object) as string | undefined;
  if (text === undefined) return defaults(object);
  const parsed = ListPrefs.safeParse({ ...(JSON.parse(text) as object), object });
  if (!parsed.success) return defaults(object);
  const known = new Set(COLUMN_CHOICES[object].map((c) => c.field));
  const columns = parsed.data.columns?.filter((field) => known.has(field)) ?? null;
  const widths = Object.fromEntries(Object.entries(parsed.data.widths).filter(([field]) => known.has(field)));
  return { object, columns: columns && columns.length > 0 ? columns : null, widths };
}

/** Columns replace the stored ones when given; widths merge field by field (null clears them). */
export function updateListPrefs(db: Database.Database, connectionId: string, change: ListPrefsUpdate, now: Date = new Date()): ListPrefs {
  return db
    .transaction(() => {
      const current = readListPrefs(db, connectionId, change.object);
      const next = ListPrefs.parse({
        object: change.object,
        columns: change.columns === undefined ? current.columns : change.columns,
        widths: change.widths === null ? {} : { ...current.widths, ...(change.widths ?? {}) },
      });
      db.prepare(
        `INSERT INTO list_prefs (connection_id, object, prefs, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (connection_id, object) DO UPDATE SET prefs = excluded.prefs, updated_at = excluded.updated_at`,
      ).run(connectionId, change.object, JSON.stringify({ columns: next.columns, widths: next.widths }), now.toISOString());
      return next;
    })
    .immediate();
}

/** The active org's list prefs (NOT_CONNECTED without one). */
export function createListPrefsService(deps: { db: Database.Database; activeOrg: Pick<ActiveOrg, 'require'>; now?: () => Date }): ListPrefsService {
  return {
    get: ({ object }) => readListPrefs(deps.db, deps.activeOrg.require().id, object),
    update: (change) => updateListPrefs(deps.db, deps.activeOrg.require().id, change, deps.now?.() ?? new Date()),
  };
}
