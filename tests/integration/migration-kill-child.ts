/**
 * Child process of the migration kill test (migration-sigkill.test.ts): opens the database at
 * argv[2] through the core's own openMigratedDatabase with a schema-v1 migration and a slow v2 of
 * many statements (tables, rows, an index, an ALTER), announcing each statement on stdout as it
 * completes so the parent can SIGKILL it in the middle. Exits 0 when the migration finished.
 */
import type Database from 'better-sqlite3';
import { writeSync } from 'node:fs';
import { openMigratedDatabase } from '../../src/main/core/storage/database';
import { KILL_MIGRATIONS_STEPS, killTestMigrations } from './migration-kill-schema';

const file = process.argv[2];
const say = (line: string) => writeSync(1, `${line}\n`);
say('ready');
const db: Database.Database = openMigratedDatabase(
  file,
  killTestMigrations((step) => say(`step ${step}/${KILL_MIGRATIONS_STEPS}`)),
);
say(`version ${db.pragma('user_version', { simple: true })}`);
db.close();
