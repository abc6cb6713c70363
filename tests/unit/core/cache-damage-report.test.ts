/**
 * A handler that meets a damaged org cache mid-session: the damage is reported (so the cache is
 * repaired at the next start) and the user reads a plain message, not "something went wrong".
 */
import { describe, expect, it } from 'vitest';
import { CACHE_DAMAGED_MESSAGE, reportingCacheDamage } from '../../../src/main/core/handlers/cache-damage';
import { isCorruptionError } from '../../../src/main/core/cache/cache-recovery';
import { createGate } from '../../../src/main/core/gate';
import type { HandlerMap } from '../../../src/main/core/handlers';
import type { Channel } from '../../../src/shared/ipc';
import { AppError } from '../../../src/shared/errors';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const sqliteError = (code: string) => Object.assign(new Error(`database disk image is malformed (${code})`), { code });

function gateWith(failure: unknown) {
  const reported: unknown[] = [];
  const handlers = {
    'records:list': async () => {
      throw failure;
    },
  } as unknown as HandlerMap<Channel>;
  const invoke = createGate(
    reportingCacheDamage(handlers, (err) => {
      if (!isCorruptionError(err)) return false;
      reported.push(err);
      return true;
    }),
    silent,
  );
  return { reported, call: () => invoke('records:list', { object: 'Account', offset: 0, limit: 50 }, { trusted: true }) };
}

describe('a damaged cache found by a handler', () => {
  it.each(['SQLITE_CORRUPT', 'SQLITE_CORRUPT_INDEX', 'SQLITE_NOTADB'])('%s is reported and said plainly', async (code) => {
    const { reported, call } = gateWith(sqliteError(code));
    expect(await call()).toEqual({ ok: false, error: { code: 'INTERNAL', message: CACHE_DAMAGED_MESSAGE } });
    expect(reported).toHaveLength(1);
  });

  it('other failures pass through unchanged and report nothing', async () => {
    const busy = gateWith(sqliteError('SQLITE_BUSY'));
    const answer = await busy.call();
    expect(answer).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(answer)).not.toContain(CACHE_DAMAGED_MESSAGE);
    expect(busy.reported).toHaveLength(0);

    const notFound = gateWith(new AppError('NOT_FOUND', 'That record is not in the cache.'));
    expect(await notFound.call()).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'That record is not in the cache.' } });
    expect(notFound.reported).toHaveLength(0);
  });
});
