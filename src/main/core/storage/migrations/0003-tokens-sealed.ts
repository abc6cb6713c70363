import type Database from 'better-sqlite3';

/**
 * Access tokens are no longer stored, and refresh tokens are sealed for their row. Frozen: a later
 * change is a new migration.
 *
 * - Every stored access-token ciphertext is cleared. An access token now lives only in the memory
 *   of the process that received it; after a restart the first call refreshes. The column stays
 *   (dropping it would rebuild the table) and the database itself refuses a non-NULL value in it,
 *   so no code path can start storing access tokens again unnoticed.
 * - `refresh_token_unbound` flags the refresh tokens written before this version, which were not
 *   sealed for their connection and field (a migration cannot decrypt them: it imports no key). The
 *   token vault reads such a token once, seals it for its row and clears the flag; a blob without
 *   the flag is only ever opened sealed, so one copied from another row fails to decrypt.
 */
export const migration0003 = {
  version: 3,
  name: 'tokens-sealed',
  up(db: Database.Database) {
    db.exec(`
      UPDATE connections SET access_token_enc = NULL WHERE access_token_enc IS NOT NULL;

      ALTER TABLE connections ADD COLUMN refresh_token_unbound INTEGER NOT NULL DEFAULT 0 CHECK (refresh_token_unbound IN (0, 1));
      UPDATE connections SET refresh_token_unbound = 1 WHERE refresh_token_enc IS NOT NULL;

      CREATE TRIGGER connections_no_access_token_insert BEFORE INSERT ON connections
        WHEN NEW.access_token_enc IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'access tokens are kept in memory only'); END;
      CREATE TRIGGER connections_no_access_token_update BEFORE UPDATE OF access_token_enc ON connections
        WHEN NEW.access_token_enc IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'access tokens are kept in memory only'); END;
    `);
  },
};
