/**
 * describe:form's cache: reduction of a describe to form fields, the 24 h TTL, revalidation with
 * If-Modified-Since (a 304 keeps the copy; the 304s are counted at the HTTP level in front of the
 * emulator, through jsforce), a changed describe replacing the copy, and offline answers.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { Connection } from 'jsforce';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { FORM_FIELDS, FormMeta } from '../../../src/shared/ipc/records.contract';
import type { CacheDb } from '../../../src/main/core/cache/org-cache';
import { createDescribeCache, DESCRIBE_TTL_MS, toFormField, type DescribeFetcher } from '../../../src/main/core/describe/describe-cache';
import { sessionDescribeFetcher } from '../../../src/main/core/describe/describe-fetcher';
import type { SalesforceSession } from '../../../src/main/core/salesforce/gateway';
import { startTestEmulator, connect, TEST_API_VERSION, type RunningEmulator } from '../../emulator/helpers';
import { openTempCache } from './records-fixture';

let db: CacheDb;
let dir: string;
beforeEach(() => ({ db, dir } = openTempCache()));
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const describeOf = (fields: Array<Record<string, unknown>>, label = 'Opportunity') => ({ name: 'Opportunity', label, fields });
const stage = (values: string[]) => ({
  name: 'StageName',
  label: 'Stage',
  type: 'picklist',
  nillable: false,
  createable: true,
  updateable: true,
  defaultedOnCreate: false,
  length: 255,
  picklistValues: [
    ...values.map((v, i) => ({ value: v, label: v, active: true, defaultValue: i === 0 })),
    { value: 'Old', label: 'Old', active: false, defaultValue: false },
  ],
});

describe('toFormField', () => {
  it('required = !nillable && createable && !defaultedOnCreate; checkboxes never; active picklist values only', () => {
    expect(toFormField({ name: 'Name', type: 'string', nillable: false, createable: true, defaultedOnCreate: false })?.required).toBe(true);
    expect(toFormField({ name: 'OwnerId', type: 'reference', nillable: false, createable: true, defaultedOnCreate: true })?.required).toBe(false);
    expect(toFormField({ name: 'IsClosed', type: 'boolean', nillable: false, createable: false })?.required).toBe(false);
    expect(toFormField({ name: 'IsActive', type: 'boolean', nillable: false, createable: true, defaultedOnCreate: false })?.required).toBe(false);
    expect(toFormField({ name: 'Phone', type: 'phone', nillable: true, createable: true })?.required).toBe(false);
    const field = toFormField(stage(['Prospecting', 'Closed Won']))!;
    expect(field.picklistValues).toEqual([
      { value: 'Prospecting', label: 'Prospecting', default: true },
      { value: 'Closed Won', label: 'Closed Won', default: false },
    ]);
    expect(toFormField({ label: 'no name' })).toBeUndefined();
  });
});

describe('describe cache (scripted org)', () => {
  let clock = Date.UTC(2026, 5, 1);
  const calls: Array<string | null> = [];
  let respond: (ims: string | null) => ReturnType<DescribeFetcher>;
  const fetcher: DescribeFetcher = (_object, ims) => {
    calls.push(ims);
    return respond(ims);
  };
  const cache = () => createDescribeCache({ now: () => clock });
  beforeEach(() => {
    calls.length = 0;
    clock = Date.UTC(2026, 5, 1);
  });

  it('fetches once, serves the copy within the TTL, revalidates after it (304 keeps the copy)', async () => {
    const c = cache();
    respond = async () => ({
      status: 'modified',
      describe: describeOf([
        stage(['Prospecting', 'Closed Won']),
        { name: 'Amount', label: 'Amount', type: 'currency', nillable: true, createable: true, updateable: true, precision: 18, scale: 2 },
      ]),
    });
    const first = FormMeta.parse(await c.form(db, 'Opportunity', fetcher));
    expect(first.source).toBe('org');
    // FORM_FIELDS order, only the fields the describe has.
    expect(first.fields.map((f) => f.name)).toEqual(FORM_FIELDS.Opportunity.filter((n) => n === 'StageName' || n === 'Amount'));
    expect(calls).toEqual([null]);

    clock += DESCRIBE_TTL_MS - 1;
    expect((await c.form(db, 'Opportunity', fetcher)).source).toBe('cache');
    expect(calls).toHaveLength(1);

    clock += 2;
    respond = async () => ({ status: 'not-modified' });
    const revalidated = await c.form(db, 'Opportunity', fetcher);
    expect(revalidated).toMatchObject({ source: 'org', fields: first.fields });
    expect(calls[1]).toBe(new Date(Date.UTC(2026, 5, 1)).toUTCString());
    // Confirmed: another full TTL without calls.
    clock += DESCRIBE_TTL_MS - 1;
    expect((await c.form(db, 'Opportunity', fetcher)).source).toBe('cache');
    expect(calls).toHaveLength(2);
  });

  it('a changed describe (200 to If-Modified-Since) replaces the copy', async () => {
    const c = cache();
    respond = async () => ({ status: 'modified', describe: describeOf([stage(['A'])]) });
    await c.form(db, 'Opportunity', fetcher);
    clock += DESCRIBE_TTL_MS + 1;
    respond = async () => ({ status: 'modified', describe: describeOf([stage(['A', 'B'])]) });
    const changed = await c.form(db, 'Opportunity', fetcher);
    expect(changed.fields[0].picklistValues.map((p) => p.value)).toEqual(['A', 'B']);
    // The copy survives a new cache instance (it is in the org's database).
    expect((await cache().form(db, 'Opportunity', fetcher)).fields[0].picklistValues).toHaveLength(2);
  });

  it('offline: an expired copy is served as cache-offline; with no copy the error is the answer', async () => {
    const c = cache();
    respond = () => Promise.reject(new AppError('NETWORK', "Can't reach Salesforce."));
    await expect(c.form(db, 'Opportunity', fetcher)).rejects.toMatchObject({ code: 'NETWORK' });
    respond = async () => ({ status: 'modified', describe: describeOf([stage(['A'])]) });
    await c.form(db, 'Opportunity', fetcher);
    clock += DESCRIBE_TTL_MS * 3;
    respond = () => Promise.reject(new AppError('NETWORK', "Can't reach Salesforce."));
    expect(await c.form(db, 'Opportunity', fetcher)).toMatchObject({ source: 'cache-offline', fields: [{ name: 'StageName' }] });
    respond = () => Promise.reject(new AppError('SESSION_EXPIRED', 'Log in again.'));
    expect((await c.form(db, 'Opportunity', fetcher)).source).toBe('cache-offline');
  });

  it('an unreadable describe is an error, not an empty form', async () => {
    respond = async () => ({ status: 'modified', describe: '<html>' });
    await expect(cache().form(db, 'Opportunity', fetcher)).rejects.toMatchObject({ code: 'SALESFORCE' });
  });

  it('concurrent requests share one call', async () => {
    const c = cache();
    respond = async () => ({ status: 'modified', describe: describeOf([stage(['A'])]) });
    await Promise.all([c.form(db, 'Opportunity', fetcher), c.form(db, 'Opportunity', fetcher), c.describe(db, 'Opportunity', fetcher)]);
    expect(calls).toHaveLength(1);
  });
});

describe('describe cache against the emulator, through jsforce', () => {
  let emu: RunningEmulator;
  let proxy: Server;
  /** Every describe response the emulator sent, as `<status> <path>`. */
  const seen: string[] = [];
  let session: SalesforceSession;

  beforeAll(async () => {
    emu = await startTestEmulator({ scale: 1 });
    const direct = await connect(emu);
    const target = new URL(emu.url);
    // A counting pass-through in front of the emulator: it sees the real status codes.
    proxy = createServer((req, res) => {
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (up) => {
          if (req.url?.includes('/describe')) seen.push(`${up.statusCode} ${req.url.replace(/^\/services\/data\/v[\d.]+/, '')}`);
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const conn = new Connection({
      instanceUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      accessToken: direct.accessToken!,
      version: TEST_API_VERSION,
    });
    session = {
      send: (method: string, path: string, options: { headers?: Record<string, string> } = {}) =>
        conn.request({ method: method as 'GET', url: `/services/data/v${TEST_API_VERSION}${path}`, headers: options.headers }),
    } as unknown as SalesforceSession;
  });
  afterAll(async () => {
    await new Promise((r) => proxy?.close(r));
    await emu?.close();
  });

  it('first call 200, after the TTL a 304 keeps the copy, and the org being down serves the copy', async () => {
    let clock = Date.now();
    const c = createDescribeCache({ now: () => clock });
    const fetcher = sessionDescribeFetcher(async () => session);
    const first = FormMeta.parse(await c.form(db, 'Opportunity', fetcher));
    expect(first.source).toBe('org');
    const stageField = first.fields.find((f) => f.name === 'StageName')!;
    expect(stageField).toMatchObject({ type: 'picklist', required: true });
    expect(stageField.picklistValues.length).toBeGreaterThan(3);
    expect(first.fields.find((f) => f.name === 'CloseDate')).toMatchObject({ type: 'date', required: true });
    expect(first.fields.find((f) => f.name === 'AccountId')).toMatchObject({ type: 'reference', referenceTo: ['Account'] });
    expect(seen).toEqual(['200 /sobjects/Opportunity/describe']);

    await c.form(db, 'Opportunity', fetcher);
    expect(seen).toHaveLength(1);

    clock += DESCRIBE_TTL_MS + 1000;
    const again = await c.form(db, 'Opportunity', fetcher);
    expect(again.source).toBe('org');
    expect(again.fields).toEqual(first.fields);
    expect(seen).toEqual(['200 /sobjects/Opportunity/describe', '304 /sobjects/Opportunity/describe']);

    clock += DESCRIBE_TTL_MS + 1000;
    const down = sessionDescribeFetcher(async () => {
      throw new AppError('NETWORK', "Can't reach Salesforce.");
    });
    expect(await c.form(db, 'Opportunity', down)).toMatchObject({ source: 'cache-offline', fields: first.fields });
  });
});
