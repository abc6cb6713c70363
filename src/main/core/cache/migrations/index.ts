import { cacheMigration0001 } from './0001-records';
import { cacheMigration0002 } from './0002-outbox';
import { cacheMigration0003 } from './0003-record-lists';
import { cacheMigration0004 } from './0004-sync-reconcile';
import { cacheMigration0005 } from './0005-any-object';
import { cacheMigration0006 } from './0006-typed-columns';
import { cacheMigration0007 } from './0007-cockpit-data';
import { cacheMigration0008 } from './0008-pipeline-snapshots';
import { cacheMigration0009 } from './0009-activities';
import { cacheMigration0010 } from './0010-notifications';
import { cacheMigration0011 } from './0011-query-schema';
import { cacheMigration0012 } from './0012-search-codes';

/**
 * Every schema change of an org cache, in order; each runs in one transaction and bumps user_version.
 * Migrations are frozen: they import nothing but types and better-sqlite3 (tests/unit/core/migrations-frozen.test.ts).
 */
export const CACHE_MIGRATIONS = [
  cacheMigration0001,
  cacheMigration0002,
  cacheMigration0003,
  cacheMigration0004,
  cacheMigration0005,
  cacheMigration0006,
  cacheMigration0007,
  cacheMigration0008,
  cacheMigration0009,
  cacheMigration0010,
  cacheMigration0011,
  cacheMigration0012,
];
