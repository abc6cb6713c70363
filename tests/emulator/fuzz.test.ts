/**
 * Bad input never crashes the server: a few thousand generated bad requests (malformed SOQL,
 * unknown objects and fields, bad JSON, wrong methods, oversized bodies, random bytes in paths,
 * headers and bodies, bad tokens, bad OAuth parameters, garbage CSV for Bulk API 2.0) against a
 * running emulator on loopback. Every answer must be a well-formed Salesforce error (a 4xx with
 * a JSON array of {message, errorCode}, or OAuth's {error, error_description}) or a success;
 * never a 5xx, a hang or a reset connection. Afterwards a normal jsforce query still works.
 *
 * Reproduce a failure with the seed it prints: FUZZ_SEED=<n> npx vitest run tests/emulator/fuzz.test.ts
 * (FUZZ_COUNT changes the number of generated requests).
 */
import { Agent, request } from 'node:http';
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/emulator/random';
import { connect, startTestEmulator, type RunningEmulator } from './helpers';

const SEED = Number(process.env.FUZZ_SEED ?? 20_241_127);
const COUNT = Number(process.env.FUZZ_COUNT ?? 3000);
const CONCURRENCY = 8;
const REQUEST_TIMEOUT_MS = 15_000;
const V = '/services/data/v62.0';
/** Above the emulator's 50 MB REST body limit. */
const OVERSIZED_BYTES = 51 * 1024 * 1024;

/** The emulator's own seeded generator, with helpers for building bad requests. */
class Prng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i += 1) out[i] = this.int(256);
    return out;
  }
  text(n: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < n; i += 1) s += alphabet[this.int(alphabet.length)];
    return s;
  }
}

interface FuzzRequest {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer | string;
  /** Send the body chunked, without Content-Length. */
  chunked?: boolean;
  /** Announce this Content-Length but stop writing once the server answers. */
  declaredLength?: number;
  /** OAuth endpoints answer {error, error_description} (and authorize may redirect or show HTML). */
  oauth?: boolean;
}

interface FuzzResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const IDENT = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';
const NASTY = `'"\\%&?#;,()[]{}<>|^\`~!@$*+=/:. \t\n\r\u0000\u00e9\u4e2d\ud83d\ude00\u202e`;
const SOQL_TOKENS = [
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'IN',
  'LIKE',
  'LIMIT',
  'OFFSET',
  'ORDER BY',
  'GROUP BY',
  'HAVING',
  'ASC',
  'DESC',
  'NULLS FIRST',
  'COUNT()',
  'COUNT(Id)',
  'MAX(',
  'FIELDS(ALL)',
  'TYPEOF',
  'WHEN',
  'THEN',
  'END',
  'USING SCOPE',
  'WITH',
  'FOR UPDATE',
  'TODAY',
  'LAST_N_DAYS:',
  'NEXT_N_WEEKS:-1',
  '(',
  ')',
  ',',
  "'",
  "\\'",
  '=',
  '!=',
  '<>',
  '<=',
  '.',
  ':',
  '*',
  'null',
  'true',
  '2024-13-45',
  '2024-01-01T00:00:00Z',
  '99999999999999999999',
  '-0.0e-999',
  'Account',
  'Contact',
  'Nope__c',
  'Id',
  'Name',
  'Account.Name',
  'Owner.Profile.Name',
  '(SELECT Id FROM Contacts)',
  '(SELECT Id FROM Nope__r)',
  '\u0000',
  '\u00e9',
  '🙂',
];
const SOQL_SEEDS = [
  'SELECT Id, Name FROM Account',
  "SELECT Id, LastName, Account.Name FROM Contact WHERE LastName LIKE 'A%' ORDER BY LastName LIMIT 5",
  'SELECT COUNT() FROM Opportunity WHERE CloseDate = LAST_N_DAYS:30',
  'SELECT Name, (SELECT LastName FROM Contacts) FROM Account WHERE Id IN (SELECT AccountId FROM Contact)',
  'SELECT StageName, SUM(Amount) total FROM Opportunity GROUP BY StageName HAVING SUM(Amount) > 100',
  "SELECT Id FROM Case WHERE Status IN ('New', 'Closed') AND CreatedDate > 2020-01-01T00:00:00Z",
];
const OBJECTS = ['Account', 'Contact', 'Opportunity', 'Lead', 'Case', 'User', 'Nope__c', 'account', 'Account__c', ''];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** Percent-encodes text byte by byte (lone surrogates become U+FFFD instead of throwing). */
function pct(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function mutateSoql(rng: Prng): string {
  let soql = rng.chance(0.15) ? Array.from({ length: 1 + rng.int(12) }, () => rng.pick(SOQL_TOKENS)).join(' ') : rng.pick(SOQL_SEEDS);
  const edits = 1 + rng.int(4);
  for (let e = 0; e < edits; e += 1) {
    const at = rng.int(soql.length + 1);
    switch (rng.int(5)) {
      case 0:
        soql = soql.slice(0, at) + soql.slice(at + 1 + rng.int(8));
        break;
      case 1:
        soql = `${soql.slice(0, at)} ${rng.pick(SOQL_TOKENS)} ${soql.slice(at)}`;
        break;
      case 2:
        soql = soql.slice(0, at) + rng.text(1 + rng.int(6), NASTY) + soql.slice(at);
        break;
      case 3:
        soql = soql.replace(/\b(Name|Id|LastName|Account)\b/, rng.text(1 + rng.int(10), IDENT));
        break;
      default:
        soql = soql.slice(0, at) + soql.slice(0, at);
    }
  }
  return soql;
}

/** Malformed or mistyped JSON text. */
function badJson(rng: Prng): string | Buffer {
  switch (rng.int(9)) {
    case 0:
      return JSON.stringify({ Name: 'x', Nope__c: 1 }).slice(0, 1 + rng.int(15));
    case 1:
      return rng.bytes(1 + rng.int(200));
    case 2:
      return '['.repeat(2000 + rng.int(8000));
    case 3:
      return `{"records": ${'['.repeat(500)}1${']'.repeat(500)}}`;
    case 4:
      return JSON.stringify(rng.pick([null, 42, 'text', [], [1, 2], true, { records: 'x' }, { records: [1, 'a', null] }]));
    case 5:
      return `{"Name": ${'9'.repeat(400)}}`;
    case 6:
      return `{"Name": "\\ud800", "Description": "${rng.text(20, NASTY).replace(/["\\]/g, '')}"`;
    case 7:
      return '\ufeff{"Name":"bom"}';
    default:
      return '';
  }
}

/** Bodies that parse but make no sense for the resource. */
function wrongShapeJson(rng: Prng, id: string): unknown {
  const junk = () => rng.pick<unknown>([null, 0, -1, 1e308, '', 'x'.repeat(300), [], {}, [null], { attributes: null }, true, rng.text(8, NASTY)]);
  switch (rng.int(10)) {
    case 0:
      return { Nope__c: junk(), [rng.text(5, IDENT)]: junk() };
    case 1:
      return { Name: junk(), NumberOfEmployees: 'many', AnnualRevenue: [1], CreatedDate: 'yesterday' };
    case 2:
      return { records: Array.from({ length: rng.int(5) }, () => ({ attributes: { type: rng.pick(OBJECTS) }, Name: junk(), id: junk() })) };
    case 3:
      return { allOrNone: junk(), records: junk() };
    case 4:
      return {
        compositeRequest: Array.from({ length: rng.int(4) }, () => ({
          method: rng.pick([...METHODS, 'get', 'BREW', junk()]),
          url: rng.pick([`${V}/sobjects/Account/${id}`, `${V}/query?q=${pct(rng.text(6, NASTY))}`, '/nowhere', junk(), `${V}/composite`]),
          referenceId: rng.pick(['ref', 'a b', '', junk(), 'r[0]']),
          body: { Name: `@{${rng.text(4, IDENT)}.id}` },
          httpHeaders: rng.pick([undefined, { Authorization: 'x' }, { 'If-Match': rng.text(5, NASTY) }, junk()]),
        })),
        allOrNone: rng.chance(0.5),
      };
    case 5:
      return { batchRequests: [{ method: rng.pick(METHODS), url: rng.pick(['v62.0/limits', 'v20.0/x', junk()]), richInput: junk() }], haltOnError: junk() };
    case 6:
      return { records: [{ attributes: { type: 'Account', referenceId: junk() }, Name: junk(), Contacts: junk() }] };
    case 7:
      return {
        object: rng.pick(OBJECTS),
        operation: rng.pick(['insert', 'upsert', 'merge', junk()]),
        externalIdFieldName: junk(),
        columnDelimiter: junk(),
        lineEnding: junk(),
      };
    case 8:
      return { operation: rng.pick(['query', 'queryAll', junk()]), query: rng.chance(0.5) ? mutateSoql(rng) : junk() };
    default:
      return { ids: junk(), fields: junk(), state: rng.pick(['UploadComplete', 'Aborted', 'JobComplete', 'Open', junk()]) };
  }
}

function randomPathSegment(rng: Prng): string {
  switch (rng.int(5)) {
    case 0:
      return pct(rng.bytes(1 + rng.int(20)).toString('latin1'));
    case 1:
      return [...rng.bytes(1 + rng.int(12))].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
    case 2:
      return rng.pick(['..', '.', '%2e%2e', '%', '%zz', '%00', ';', '~', '@', '!', '$']);
    case 3:
      return rng.text(1 + rng.int(300), IDENT);
    default:
      return rng.pick(['sobjects', 'query', 'composite', 'jobs', 'ingest', 'batches', 'describe', 'limits', 'Account', 'search']);
  }
}

export function generateRequest(rng: Prng, token: string, accountId: string): FuzzRequest {
  const auth = { Authorization: `Bearer ${token}` };
  const json = { ...auth, 'Content-Type': 'application/json' };
  const roll = rng.int(100);
  if (roll < 14) {
    const resource = rng.pick(['query', 'queryAll', 'query/', 'search']);
    const q =
      resource === 'search'
        ? `FIND {${rng.text(rng.int(6), NASTY)}} ${rng.pick(['', 'RETURNING Account(Id', 'IN ALL FIELDS RETURNING Nope__c'])}`
        : mutateSoql(rng);
    return { kind: 'soql', method: 'GET', path: `${V}/${resource}?q=${pct(q)}`, headers: auth };
  }
  if (roll < 18) {
    const locator = rng.pick([`01g${rng.text(15, IDENT)}-${rng.int(5000)}`, rng.text(rng.int(40), IDENT), '-1', '01g000000000000AAA-0']);
    return { kind: 'locator', method: 'GET', path: `${V}/${rng.pick(['query', 'queryAll'])}/${pct(locator)}`, headers: auth };
  }
  if (roll < 28) {
    const object = rng.pick(OBJECTS.filter(Boolean)) + (rng.chance(0.5) ? rng.text(3, IDENT) : '');
    const tail = rng.pick([
      '',
      '/describe',
      `/${rng.text(15, IDENT)}`,
      `/${accountId}?fields=${rng.text(6, IDENT)},Name`,
      '/updated?start=x&end=y',
      '/deleted?start=2020-01-01T00:00:00Z&end=1999',
      `/External_Id__c/${pct(rng.text(4, NASTY))}`,
    ]);
    return { kind: 'unknown-object', method: rng.pick(['GET', 'GET', 'DELETE', 'HEAD']), path: `${V}/sobjects/${pct(object)}${tail}`, headers: auth };
  }
  if (roll < 42) {
    const target = rng.pick([
      ['POST', `${V}/sobjects/Account`],
      ['PATCH', `${V}/sobjects/Account/${accountId}`],
      ['PATCH', `${V}/sobjects/Account/External_Id__c/${rng.text(6, IDENT)}`],
      ['POST', `${V}/composite`],
      ['POST', `${V}/composite/batch`],
      ['POST', `${V}/composite/tree/Account`],
      ['POST', `${V}/composite/sobjects`],
      ['PATCH', `${V}/composite/sobjects`],
      ['PATCH', `${V}/composite/sobjects/Account/External_Id__c`],
      ['POST', `${V}/composite/sobjects/Account`],
      ['POST', `${V}/jobs/ingest`],
      ['POST', `${V}/jobs/query`],
      ['PATCH', `${V}/jobs/ingest/750000000000000AAA`],
    ] as const);
    const body = rng.chance(0.5) ? badJson(rng) : JSON.stringify(wrongShapeJson(rng, accountId));
    return { kind: 'bad-json', method: target[0], path: target[1], headers: json, body };
  }
  if (roll < 50) {
    const path = rng.pick([
      `${V}/query?q=SELECT+Id+FROM+Account`,
      `${V}/limits`,
      `${V}/sobjects`,
      `${V}/composite`,
      `${V}/composite/sobjects`,
      `${V}/jobs/ingest`,
      `${V}/jobs/query/750000000000000AAA/results`,
      `${V}`,
      `${V}/sobjects/Account/describe`,
      '/services/data',
    ]);
    const method = rng.pick(METHODS);
    return { kind: 'wrong-method', method, path, headers: json, body: method === 'GET' || method === 'HEAD' ? undefined : '{}' };
  }
  if (roll < 60) {
    const segments = Array.from({ length: 1 + rng.int(5) }, () => randomPathSegment(rng));
    const prefix = rng.pick([V, V, '/services/data/v99.0', '/services/data/v1.0', '/services/data/vXX.X', '/services', '', '/id', '/services/oauth2']);
    const query = rng.chance(0.3) ? `?${randomPathSegment(rng)}=${randomPathSegment(rng)}` : '';
    return {
      kind: 'random-path',
      method: rng.pick(['GET', 'POST', 'DELETE']),
      path: `${prefix}/${segments.join('/')}${query}`,
      headers: json,
      body: rng.chance(0.3) ? rng.bytes(rng.int(64)) : undefined,
    };
  }
  if (roll < 68) {
    const headers: Record<string, string> = { ...auth };
    for (let h = 0; h < 1 + rng.int(6); h += 1) {
      const name = rng.pick([
        'Sforce-Query-Options',
        'If-Match',
        'If-None-Match',
        'If-Modified-Since',
        'If-Unmodified-Since',
        'Content-Type',
        'Accept',
        'Sforce-Call-Options',
        'X-PrettyPrint',
        'Accept-Encoding',
        `X-${rng.text(6, IDENT)}`,
      ]);
      // Visible ASCII and Latin-1 only: the bytes a conforming client can put in a header value.
      headers[name] = rng
        .bytes(rng.int(80))
        .toString('latin1')
        .replace(/[^\x20-\x7e\xa0-\xff]/g, '');
    }
    const target = rng.pick([
      ['GET', `${V}/query?q=SELECT+Id+FROM+Account+LIMIT+3`],
      ['GET', `${V}/sobjects/Account/${accountId}`],
      ['PATCH', `${V}/sobjects/Account/${accountId}`],
      ['GET', `${V}/sobjects/Account/describe`],
      ['POST', `${V}/composite/sobjects`],
    ] as const);
    const body = target[0] === 'GET' ? undefined : rng.chance(0.5) ? rng.bytes(rng.int(100)) : '{}';
    return { kind: 'headers', method: target[0], path: target[1], headers, body };
  }
  if (roll < 75) {
    const value = rng.pick([
      `Bearer ${rng.text(rng.int(120), IDENT + '!.')}`,
      `Bearer ${token.slice(0, -1)}`,
      `OAuth ${rng.text(30, IDENT)}`,
      `Basic ${Buffer.from('a:b').toString('base64')}`,
      'Bearer',
      '',
      `Bearer ${token} extra`,
    ]);
    const headers: Record<string, string> = value ? { Authorization: value } : {};
    return {
      kind: 'bad-token',
      method: rng.pick(['GET', 'POST']),
      path: rng.pick([`${V}/limits`, `${V}/query?q=SELECT+Id+FROM+Account`, `${V}/jobs/ingest`, `${V}/sobjects`]),
      headers,
      body: undefined,
    };
  }
  if (roll < 85) {
    const form = new URLSearchParams();
    for (let p = 0; p < rng.int(7); p += 1) {
      form.set(
        rng.pick([
          'grant_type',
          'code',
          'client_id',
          'client_secret',
          'redirect_uri',
          'refresh_token',
          'username',
          'password',
          'code_verifier',
          'token',
          'format',
          rng.text(4, IDENT),
        ]),
        rng.pick(['authorization_code', 'refresh_token', 'password', 'client_credentials', '', rng.text(1 + rng.int(40), NASTY)]),
      );
    }
    const [method, path, contentType] = rng.pick([
      ['POST', '/services/oauth2/token', 'application/x-www-form-urlencoded'],
      ['POST', '/services/oauth2/token', 'application/json'],
      ['POST', '/services/oauth2/revoke', 'application/x-www-form-urlencoded'],
      ['GET', '/services/oauth2/userinfo', ''],
      ['GET', '/services/oauth2/authorize', ''],
      ['GET', '/services/oauth2/token', ''],
    ] as const);
    const headers: Record<string, string> = contentType ? { 'Content-Type': contentType } : {};
    if (path.endsWith('userinfo')) headers.Authorization = `Bearer ${rng.text(20, IDENT)}`;
    const query = method === 'GET' ? `?${form.toString()}` : '';
    const body = method === 'POST' ? (rng.chance(0.2) ? rng.bytes(rng.int(100)) : form.toString()) : undefined;
    return { kind: 'oauth', method, path: `${path}${query}`, headers, body, oauth: true };
  }
  // Garbage CSV for a Bulk ingest job (the job id is filled in by the runner).
  const garbage = rng.pick([
    () => rng.bytes(1 + rng.int(400)),
    () => `Name,Nope__c\n${rng.text(20, NASTY)}\n`,
    () => `"Name\n"unterminated,${rng.text(10, IDENT)}`,
    () => `Name\r\nmixed\nendings\r\n`,
    () => `Id,Name\n${rng.text(18, IDENT)},x\n,\n`,
    () => `Name,Description\n"a"b,c\n`,
    () => `Name,NumberOfEmployees,CreatedDate\nx,many,yesterday\n`,
    () => '',
    () => `${'Name,'.repeat(500)}\n`,
  ])();
  return {
    kind: 'bulk-csv',
    method: 'PUT',
    path: `${V}/jobs/ingest/{jobId}/batches`,
    headers: { ...auth, 'Content-Type': rng.pick(['text/csv', 'text/csv; charset=UTF-8', 'application/json']) },
    body: garbage,
    chunked: rng.chance(0.5),
  };
}

function send(agent: Agent, port: number, req: FuzzRequest): Promise<FuzzResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...req.headers };
    const body = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
    if (req.declaredLength !== undefined) headers['Content-Length'] = req.declaredLength;
    else if (body && !req.chunked) headers['Content-Length'] = body.length;
    let settled = false;
    const finish = (err: Error | undefined, response?: FuzzResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(response as FuzzResponse);
    };
    const timer = setTimeout(() => {
      outgoing.destroy();
      finish(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms (hang)`));
    }, REQUEST_TIMEOUT_MS);
    const outgoing = request({ host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => finish(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err) => finish(err));
    });
    outgoing.on('error', (err) => finish(err));
    if (req.declaredLength !== undefined || (body && body.length > 8 * 1024 * 1024)) {
      // Stream big bodies in slices and stop once the server has answered (it refuses them early).
      const total = req.declaredLength ?? (body as Buffer).length;
      const slice = Buffer.alloc(1024 * 1024, 0x61);
      let written = 0;
      let answered = false;
      outgoing.once('response', () => {
        answered = true;
      });
      const pump = () => {
        while (!answered && written < total) {
          const n = Math.min(slice.length, total - written);
          written += n;
          if (!outgoing.write(n === slice.length ? slice : slice.subarray(0, n))) {
            outgoing.once('drain', pump);
            return;
          }
        }
        if (!answered) outgoing.end();
      };
      pump();
    } else {
      outgoing.end(body);
    }
  });
}

function isSalesforceErrorArray(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (item) =>
        item !== null &&
        typeof item === 'object' &&
        typeof (item as { message?: unknown }).message === 'string' &&
        typeof (item as { errorCode?: unknown }).errorCode === 'string',
    )
  );
}

function isTreeErrorResult(value: unknown): boolean {
  const tree = value as { hasErrors?: unknown; results?: unknown };
  return (
    tree !== null &&
    typeof tree === 'object' &&
    tree.hasErrors === true &&
    Array.isArray(tree.results) &&
    tree.results.length > 0 &&
    tree.results.every(
      (r: { errors?: Array<{ statusCode?: unknown; message?: unknown }> }) =>
        Array.isArray(r.errors) && r.errors.every((e) => typeof e.statusCode === 'string' && typeof e.message === 'string'),
    )
  );
}

function isOAuthError(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { error?: unknown }).error === 'string' &&
    typeof (value as { error_description?: unknown }).error_description === 'string'
  );
}

/** Why a response breaks the rules, or undefined when it is acceptable. */
export function judge(req: FuzzRequest, res: FuzzResponse): string | undefined {
  if (res.status >= 500) return `server error ${res.status}`;
  if (res.status < 200) return `unexpected status ${res.status}`;
  if (res.status < 300) return undefined;
  if (res.status < 400) {
    // Only the OAuth authorize endpoint redirects (errors go back to the redirect_uri).
    return req.oauth && req.path.startsWith('/services/oauth2/authorize') ? undefined : `unexpected redirect ${res.status}`;
  }
  if (req.method === 'HEAD') return undefined;
  const contentType = String(res.headers['content-type'] ?? '');
  // Identity URLs and userinfo refuse with one plain-text word (Bad_OAuth_Token, Bad_Id), as Salesforce does.
  if (/^\/(id\/|services\/oauth2\/userinfo)/.test(req.path)) {
    if (contentType.startsWith('text/plain') && /^[A-Za-z_ ]+$/.test(res.body)) return undefined;
  }
  if (req.oauth && contentType.startsWith('text/html')) {
    return req.path.startsWith('/services/oauth2/authorize') ? undefined : 'HTML error from an OAuth API endpoint';
  }
  if (contentType !== 'application/json;charset=UTF-8') return `error with content type '${contentType}'`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    return 'error body is not JSON';
  }
  if (isSalesforceErrorArray(parsed)) return undefined;
  // sObject Tree reports record failures in its own documented shape.
  if (req.path.includes('/composite/tree/') && isTreeErrorResult(parsed)) return undefined;
  if (req.oauth && isOAuthError(parsed)) return undefined;
  return `error body is not a Salesforce error: ${res.body.slice(0, 200)}`;
}

describe('bad input never crashes the server', () => {
  let emu: RunningEmulator;
  let conn: Connection;
  const unexpectedLogs: string[] = [];

  beforeAll(async () => {
    emu = await startTestEmulator({ log: (line) => unexpectedLogs.push(line) });
    conn = await connect(emu);
  });

  afterAll(async () => {
    await emu?.close();
  });

  it(`answers ${COUNT} generated bad requests (seed ${SEED}) with well-formed errors`, { timeout: 240_000 }, async () => {
    const token = conn.accessToken as string;
    // The fuzz may legitimately change the one Account it targets by Id; the check reads others.
    const target = await conn.query<{ Id: string }>('SELECT Id FROM Account ORDER BY Id DESC LIMIT 1');
    const accountId = target.records[0].Id;
    const checkSoql = `SELECT Id, Name, (SELECT LastName FROM Contacts) FROM Account WHERE Id != '${accountId}' ORDER BY Id LIMIT 10`;
    const baseline = await conn.query(checkSoql);
    const rng = new Prng(SEED);
    const requests: FuzzRequest[] = Array.from({ length: COUNT }, () => generateRequest(rng, token, accountId));
    // Oversized bodies: streamed past the limit, and announced past it.
    requests.push(
      {
        kind: 'oversized',
        method: 'POST',
        path: `${V}/sobjects/Account`,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: Buffer.alloc(OVERSIZED_BYTES, 0x20),
        chunked: true,
      },
      {
        kind: 'oversized',
        method: 'POST',
        path: `${V}/composite`,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        declaredLength: OVERSIZED_BYTES,
      },
    );

    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const failures: string[] = [];
    const kinds = new Map<string, number>();
    let next = 0;
    const describeRequest = (req: FuzzRequest) => `#${requests.indexOf(req)} ${req.kind} ${req.method} ${req.path.slice(0, 160)}`;

    const runOne = async (req: FuzzRequest) => {
      kinds.set(req.kind, (kinds.get(req.kind) ?? 0) + 1);
      if (req.kind === 'bulk-csv') {
        // A real job around the garbage: create, upload, close, read everything back.
        const auth = { Authorization: `Bearer ${token}` };
        const jsonHeaders = { ...auth, 'Content-Type': 'application/json' };
        const create = await send(agent, emu.port, {
          kind: 'bulk-create',
          method: 'POST',
          path: `${V}/jobs/ingest`,
          headers: jsonHeaders,
          body: JSON.stringify({ object: 'Account', operation: rng.pick(['insert', 'update', 'delete']) }),
        });
        if (create.status !== 200) throw new Error(`could not create a job: ${create.status} ${create.body}`);
        const jobId = (JSON.parse(create.body) as { id: string }).id;
        const steps: FuzzRequest[] = [
          { ...req, path: req.path.replace('{jobId}', jobId) },
          { kind: 'bulk-close', method: 'PATCH', path: `${V}/jobs/ingest/${jobId}`, headers: jsonHeaders, body: '{"state":"UploadComplete"}' },
          { kind: 'bulk-info', method: 'GET', path: `${V}/jobs/ingest/${jobId}`, headers: auth },
          { kind: 'bulk-results', method: 'GET', path: `${V}/jobs/ingest/${jobId}/successfulResults`, headers: auth },
          { kind: 'bulk-results', method: 'GET', path: `${V}/jobs/ingest/${jobId}/failedResults`, headers: auth },
          { kind: 'bulk-results', method: 'GET', path: `${V}/jobs/ingest/${jobId}/unprocessedrecords`, headers: auth },
          { kind: 'bulk-delete', method: 'DELETE', path: `${V}/jobs/ingest/${jobId}`, headers: auth },
        ];
        for (const step of steps) {
          const res = await send(agent, emu.port, step);
          const problem = judge(step, res);
          if (problem) failures.push(`${describeRequest(req)} -> ${step.kind}: ${problem}`);
        }
        return;
      }
      const res = await send(agent, emu.port, req);
      const problem = judge(req, res);
      if (problem) failures.push(`${describeRequest(req)}: ${problem}`);
    };

    const worker = async () => {
      while (next < requests.length) {
        const req = requests[next];
        next += 1;
        try {
          await runOne(req);
        } catch (err) {
          failures.push(`${describeRequest(req)}: ${err instanceof Error ? `${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}` : String(err)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    agent.destroy();

    expect(failures, `seed ${SEED}; kinds ${JSON.stringify(Object.fromEntries(kinds))}\n${failures.slice(0, 20).join('\n')}`).toEqual([]);
    expect(unexpectedLogs, 'the emulator logged unexpected errors').toEqual([]);
    expect(kinds.size).toBeGreaterThanOrEqual(10);

    // Still a working org: the same query answers the same, and writes still work.
    const after = await conn.query(checkSoql);
    expect(after.records).toEqual(baseline.records);
    expect(after.records).toHaveLength(10);
    const created = await conn.sobject('Account').create({ Name: 'After the fuzz' });
    expect(created.success).toBe(true);
  });
});
