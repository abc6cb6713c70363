import { migration0001 } from './0001-connections';
import { migration0002 } from './0002-api-usage';
import { migration0003 } from './0003-tokens-sealed';
import { migration0004 } from './0004-cockpit-settings';
import { migration0005 } from './0005-query-console';
import { migration0006 } from './0006-list-prefs';

/**
 * Every schema change, in order. Each runs in its own transaction and bumps `user_version` to its
 * own number (migrate() sorts by version and runs those above the file's version).
 */
export const MIGRATIONS = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006];
/** The schema version a fully migrated app database carries. */
export const LATEST_APP_SCHEMA = Math.max(...MIGRATIONS.map((m) => m.version));
