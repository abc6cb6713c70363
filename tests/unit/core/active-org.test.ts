/** The active org (connections/active-org.ts): who is active, their session, NOT_CONNECTED, the Demo org on demand. */
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { createActiveOrg } from '../../../src/main/core/connections/active-org';
import { openDatabase } from '../../../src/main/core/storage/database';
import { getConnection } from '../../../src/main/core/storage/connections.repo';
import { insertActiveTestConnection } from './connection-fixture';

let dir: string;
let db: Database.Database;
let sessions: string[];
let forgotten: string[];
let demoStarts: number;

const activeOrg = () =>
  createActiveOrg({
    db,
    gateway: {
      session: async (record) => {
        sessions.push(`${record.id}@${record.instanceUrl}`);
        return { connectionId: record.id } as never;
      },
      forget: (id) => void forgotten.push(id),
    },
    demo: {
      ensure: async () => {
        demoStarts++;
        return { url: 'http://127.0.0.1:4321' } as never;
      },
    },
  });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'active-org-'));
  db = openDatabase(dir);
  sessions = [];
  forgotten = [];
  demoStarts = 0;
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('active org', () => {
  it('answers NOT_CONNECTED when no org is active', async () => {
    const org = activeOrg();
    expect(org.current()).toBeUndefined();
    expect(() => org.require()).toThrow(expect.objectContaining({ code: 'NOT_CONNECTED' }));
    await expect(org.session({ feature: 'records' })).rejects.toBeInstanceOf(AppError);
    await expect(org.sessionOf('gone', { feature: 'outbox' })).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
  });

  it('starts the Demo org for the active demo connection and points it at the emulator', async () => {
    insertActiveTestConnection(db, 'conn-demo');
    const org = activeOrg();
    expect(org.require().id).toBe('conn-demo');
    await org.session({ feature: 'records' });
    expect(demoStarts).toBe(1);
    expect(getConnection(db, 'conn-demo')?.instanceUrl).toBe('http://127.0.0.1:4321');
    expect(sessions).toEqual(['conn-demo@http://127.0.0.1:4321']);
    expect(forgotten).toEqual(['conn-demo']);
    // prepare re-reads the connection after making it reachable; sessionOf of the active one goes the same way.
    expect((await org.prepare(getConnection(db, 'conn-demo')!)).instanceUrl).toBe('http://127.0.0.1:4321');
    await org.sessionOf('conn-demo', { feature: 'outbox' });
    expect(demoStarts).toBe(3);
  });
});
