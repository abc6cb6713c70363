/**
 * One SQLite database per connected org: `<dataDir>/cache/<connectionId>.sqlite`. WAL so readers
 * (search as you type) never wait for the sync writer; synchronous=FULL so a committed sync page
 * and its watermark survive power loss together; numbered migrations (./migrations).
 */
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { openMigratedDatabase, type Migration } from '../storage/database';
import { CACHE_MIGRATIONS } from './migrations';

export type CacheDb = Database.Database;

const CONNECTION_ID = /^[A-Za-z0-9_-]{1,100}$/;

export function orgCachePath(dataDir: string, connectionId: string): string {
  if (!CONNECTION_ID.test(connectionId)) throw new Error('Bad connection id for the org cache');
  return join(dataDir, 'cache', `${connectionId}.sqlite`);
}

export function openOrgCache(dataDir: string, connectionId: string, migrations: Migration[] = CACHE_MIGRATIONS): CacheDb {
  return openMigratedDatabase(orgCachePath(dataDir, connectionId), migrations);
}
