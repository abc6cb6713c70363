/** A stored Demo-org connection without tokens, active, for core tests that need one in the app database. */
import type Database from 'better-sqlite3';
import { insertConnection, setActiveConnection } from '../../../src/main/core/storage/connections.repo';

export function insertActiveTestConnection(db: Database.Database, connectionId: string): void {
  insertConnection(
    db,
    connectionId,
    {
      environment: 'demo',
      loginUrl: 'http://127.0.0.1:1',
      instanceUrl: 'http://127.0.0.1:1',
      clientId: 'client',
      orgId: '00D000000000001AAA',
      userId: '005000000000001AAA',
      profileId: null,
      username: 'user@example.com',
      displayName: 'User',
      scope: null,
      issuedAt: null,
    },
    { refreshTokenEnc: null },
  );
  setActiveConnection(db, connectionId);
}
