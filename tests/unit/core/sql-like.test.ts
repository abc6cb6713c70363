/** A user's text in a LIKE pattern (src/main/core/db/sql-like.ts), checked against SQLite itself. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { likeEscape, likePattern } from '../../../src/main/core/db/sql-like';

describe('LIKE patterns of a user’s text', () => {
  it('takes %, _ and the backslash literally', () => {
    expect(likeEscape('50%_off\\now')).toBe('50\\%\\_off\\\\now');
    expect(likePattern('a_b')).toBe('%a\\_b%');
    const db = new Database(':memory:');
    try {
      const like = db.prepare(`SELECT ? LIKE ? ESCAPE '\\'`).pluck();
      expect(like.get('sale: 50% off', likePattern('50%'))).toBe(1);
      expect(like.get('sale: 50 off', likePattern('50%'))).toBe(0);
      expect(like.get('a_b', likePattern('a_b'))).toBe(1);
      expect(like.get('axb', likePattern('a_b'))).toBe(0);
      expect(like.get('C:\\dir', likePattern('C:\\d'))).toBe(1);
      expect(like.get('Acme Corp', `${likeEscape('Acme')}%`)).toBe(1);
      expect(like.get('The Acme', `${likeEscape('Acme')}%`)).toBe(0);
    } finally {
      db.close();
    }
  });
});
