/**
 * The console parses a query's text once per request: `query:check` (run at each pause in typing)
 * and a run, on the org or on the cache, hand the parsed query on to the estimate, the run, the
 * cache's planner and the formatter rather than each parsing the text again. A query that does not
 * parse still gets its problem and where it is.
 */
import { rmSync } from 'node:fs';
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { normalizeRecord, OBJECT_SPECS } from '../../../src/main/core/cache/objects';
import type { CacheDb } from '../../../src/main/core/cache/org-cache';
import { createQueryService, type QueryService } from '../../../src/main/core/query/query-service';
import type { RawConnection } from '../../../src/main/core/salesforce/gateway';
import type { ConnectionRecord } from '../../../src/main/core/storage/connections.repo';
import { OBJECT_REGISTRY } from '../../../src/shared/objects/registry';
import { fillCache, idOf, ME, openTempCache } from './records-fixture';

vi.mock('@jetstreamapp/soql-parser-js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@jetstreamapp/soql-parser-js')>();
  return { ...actual, parseQuery: vi.fn(actual.parseQuery) };
});

const parses = vi.mocked(parseQuery);
const CONNECTION = { id: 'conn-1', orgId: '00D000000000001AAA' } as ConnectionRecord;

let db: CacheDb;
let dir: string;
let service: QueryService;
const urls: string[] = [];

function fakeOrg(): RawConnection {
  return {
    instanceUrl: 'https://example.my.salesforce.com',
    version: '62.0',
    requestJson: async <T>(_method: string, url: string): Promise<T> => {
      urls.push(url);
      const soql = decodeURIComponent(url.split('?q=')[1] ?? '');
      if (soql.startsWith('SELECT COUNT()')) return { totalSize: 1, done: true, records: [] } as T;
      return { totalSize: 1, done: true, records: [{ attributes: { type: 'Account' }, Id: idOf('Account', 1), Name: 'Acme' }] } as T;
    },
    getCsv: () => Promise.reject(new Error('no bulk here')),
  };
}

beforeEach(() => {
  ({ db, dir } = openTempCache());
  fillCache(db, 'Account', [
    normalizeRecord(OBJECT_SPECS.Account, {
      Id: idOf('Account', 1),
      OwnerId: ME,
      Name: 'Acme',
      CreatedDate: '2026-01-01T00:00:00.000+0000',
      SystemModstamp: '2026-01-02T00:00:00.000+0000',
    }),
  ]);
  urls.length = 0;
  service = createQueryService({
    library: { recordRun: () => 'history-1' },
    activeOrg: { require: () => CONNECTION, current: () => CONNECTION },
    caches: { cacheFor: () => db, guarded: (_id, fn) => fn() },
    connection: async () => fakeOrg(),
    registry: OBJECT_REGISTRY,
  });
  parses.mockClear();
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const SOQL = 'SELECT Id, Name FROM Account WHERE Name != null';

describe('a query is parsed once', () => {
  it('by query:check: the object, what the cache says and the formatted text from one parse', () => {
    const check = service.check(SOQL);
    expect(check).toEqual({ problem: null, object: 'Account', cacheProblem: null, formatted: expect.stringContaining('FROM Account') });
    expect(parses).toHaveBeenCalledTimes(1);
  });

  it('by a run on the org, its COUNT() estimate included', async () => {
    const result = await service.run({ soql: SOQL, target: 'org', queryAll: false, confirmed: false });
    expect(result.rows).toEqual([{ Id: idOf('Account', 1), Name: 'Acme' }]);
    // The estimate's COUNT() and the run itself.
    expect(urls).toHaveLength(2);
    expect(parses).toHaveBeenCalledTimes(1);
  });

  it('by a run on the cache', async () => {
    const result = await service.run({ soql: SOQL, target: 'cache', queryAll: false, confirmed: false });
    expect(result.rows).toEqual([{ Id: idOf('Account', 1), Name: 'Acme' }]);
    expect(parses).toHaveBeenCalledTimes(1);
  });

  it('by an estimate', async () => {
    expect(await service.estimate({ soql: SOQL, queryAll: false })).toMatchObject({ rows: 1, basis: 'count' });
    expect(parses).toHaveBeenCalledTimes(1);
  });

  it('a query that does not parse still says what is wrong and where', () => {
    expect(service.check('SELECT Id FROM Account WHERE Name = ')).toMatchObject({
      problem: { message: expect.any(String), line: 1, column: expect.any(Number) },
      object: null,
      formatted: null,
    });
  });
});
