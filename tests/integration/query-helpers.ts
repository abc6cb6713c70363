/** Helpers of the SOQL console's tests: many rows put straight into the emulator's org. */
import type { RunningEmulator } from '../../src/emulator';

/**
 * `count` accounts named `<prefix> 000001`… owned by the demo user, written with one SQL statement
 * into the emulator's store (the API would take minutes for 200,000). Ids `001Zz<10 digits>AAA`
 * cannot collide with the emulator's own.
 */
export function seedAccounts(emulator: RunningEmulator, count: number, prefix = 'Zeta Seed', start = 1): void {
  const stamp = new Date().toISOString().replace('Z', '+0000');
  emulator.store.db
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT @start UNION ALL SELECT i + 1 FROM n WHERE i < @last)
       INSERT INTO "Account" ("Id", "IsDeleted", "Name", "Industry", "NumberOfEmployees", "OwnerId", "CreatedById", "LastModifiedById",
                              "CreatedDate", "LastModifiedDate", "SystemModstamp")
       SELECT '001Zz' || printf('%010d', i) || 'AAA', 0, @prefix || ' ' || printf('%06d', i),
              CASE i % 3 WHEN 0 THEN 'Banking' WHEN 1 THEN 'Retail, "Food" & Drink' ELSE NULL END, i % 500,
              @owner, @owner, @owner, @stamp, @stamp, @stamp
       FROM n`,
    )
    .run({ start, last: start + count - 1, prefix, owner: emulator.demoUserId, stamp });
}

/** `count` contacts of one account, written like seedAccounts (Ids `003Zz<10 digits>AAA`). */
export function seedContacts(emulator: RunningEmulator, accountId: string, count: number): void {
  const stamp = new Date().toISOString().replace('Z', '+0000');
  emulator.store.db
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count)
       INSERT INTO "Contact" ("Id", "IsDeleted", "LastName", "AccountId", "OwnerId", "CreatedById", "LastModifiedById", "CreatedDate", "LastModifiedDate", "SystemModstamp")
       SELECT '003Zz' || printf('%010d', i) || 'AAA', 0, 'Child ' || printf('%04d', i), @accountId, @owner, @owner, @owner, @stamp, @stamp, @stamp
       FROM n`,
    )
    .run({ count, accountId, owner: emulator.demoUserId, stamp });
}
