/** The two migrations of the migration kill test: v1 a table; v2 slow, many statements, each announced. */
import type Database from 'better-sqlite3';
import type { Migration } from '../../src/main/core/storage/database';

export const KILL_MIGRATIONS_STEPS = 12;
export const ROWS_PER_TABLE = 8_000;

export function killTestMigrations(onStep: (step: number) => void = () => {}): Migration[] {
  return [
    {
      version: 1,
      name: 'base',
      up(db: Database.Database) {
        db.exec(`CREATE TABLE base (id INTEGER PRIMARY KEY, note TEXT NOT NULL)`);
        db.exec(`INSERT INTO base (note) VALUES ('from v1')`);
      },
    },
    {
      version: 2,
      name: 'slow',
      up(db: Database.Database) {
        for (let step = 1; step <= KILL_MIGRATIONS_STEPS - 2; step++) {
          db.exec(`CREATE TABLE part_${step} (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)`);
          db.exec(
            `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS_PER_TABLE})
             INSERT INTO part_${step} (payload) SELECT printf('%.*c', 200, 'x') || i FROM n`,
          );
          onStep(step);
        }
        db.exec(`CREATE INDEX part_1_payload ON part_1 (payload)`);
        onStep(KILL_MIGRATIONS_STEPS - 1);
        db.exec(`ALTER TABLE base ADD COLUMN migrated INTEGER NOT NULL DEFAULT 1`);
        onStep(KILL_MIGRATIONS_STEPS);
      },
    },
  ];
}
