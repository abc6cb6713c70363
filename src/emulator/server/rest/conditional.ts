/**
 * Conditional requests on sObject rows (REST API "Conditional Request Headers"): ETag on reads
 * and writes; If-Match / If-None-Match / If-Unmodified-Since / If-Modified-Since. Malformed
 * If-Match, If-None-Match or If-Unmodified-Since on a write → 400; DELETE ignores them.
 */
import { createHash } from 'node:crypto';
import { SalesforceError } from '../../errors';
import type { SObjectRow } from '../../org/types';
import { parseDatetimeInput } from '../../org/values';
import { headerValue, parseHttpDate } from '../http-util';
import type { RestRequest } from '../types';

/** A strong ETag: a hash of the record's content, quoted, as Salesforce's `"…="`. */
export function etagFor(row: SObjectRow): string {
  const digest = createHash('sha1').update(JSON.stringify(row), 'utf8').digest('base64');
  return `"${digest}"`;
}

/** Salesforce appends `-gzip` (or `--gzip`) when it compressed the response; compare without it. */
function opaque(tag: string): string {
  return tag
    .replace(/^W\//, '')
    .replace(/^"|"$/g, '')
    .replace(/-{1,2}gzip$/, '');
}

/** `*`, a list of quoted tags, or null when malformed. */
export function parseEtagList(value: string): '*' | string[] | null {
  const text = value.trim();
  if (text === '*') return '*';
  const items = text.split(',').map((s) => s.trim());
  if (items.length === 0 || items.some((s) => !/^(W\/)?"[^"]*"$/.test(s))) return null;
  return items.map(opaque);
}

function matches(list: '*' | string[], etag: string): boolean {
  return list === '*' || list.includes(opaque(etag));
}

function lastModified(row: SObjectRow): Date | undefined {
  const value = row.SystemModstamp ?? row.LastModifiedDate;
  if (typeof value !== 'string') return undefined;
  return parseDatetimeInput(value.replace(/\+0000$/, 'Z'));
}

/** HTTP dates carry whole seconds; a change within the same second is not "after". */
function modifiedAfter(row: SObjectRow, date: Date): boolean {
  const modified = lastModified(row);
  if (!modified) return false;
  return Math.floor(modified.getTime() / 1000) > Math.floor(date.getTime() / 1000);
}

const preconditionFailed = (message: string) => new SalesforceError(412, 'PRECONDITION_FAILED', message);
const badHeader = (name: string) => new SalesforceError(400, 'INVALID_HEADER_VALUE', `The ${name} header value is not valid`);

export type ConditionalOutcome = { kind: 'proceed' } | { kind: 'not-modified' };

/** For GET/HEAD: 304 when the client's copy is current, 412 when If-Match fails. */
export function checkRead(req: RestRequest, row: SObjectRow): ConditionalOutcome {
  const etag = etagFor(row);
  const ifMatch = headerValue(req.headers['if-match']);
  if (ifMatch !== undefined) {
    const list = parseEtagList(ifMatch);
    if (list !== null && !matches(list, etag)) throw preconditionFailed('The ETag of the record does not match any ETag in the If-Match header');
  }
  const ifUnmodified = parseHttpDate(req.headers['if-unmodified-since']);
  if (ifUnmodified && modifiedAfter(row, ifUnmodified)) {
    throw preconditionFailed('The record was modified after the If-Unmodified-Since date');
  }
  const ifNoneMatch = headerValue(req.headers['if-none-match']);
  if (ifNoneMatch !== undefined) {
    const list = parseEtagList(ifNoneMatch);
    if (list !== null) return matches(list, etag) ? { kind: 'not-modified' } : { kind: 'proceed' };
  }
  const ifModified = parseHttpDate(req.headers['if-modified-since']);
  if (ifModified && !modifiedAfter(row, ifModified)) return { kind: 'not-modified' };
  return { kind: 'proceed' };
}

/** For PATCH (and POST): 400 on malformed headers, 412 when a precondition fails. */
export function checkWrite(req: RestRequest, row: SObjectRow): void {
  const etag = etagFor(row);
  const ifMatch = headerValue(req.headers['if-match']);
  if (ifMatch !== undefined) {
    const list = parseEtagList(ifMatch);
    if (list === null) throw badHeader('If-Match');
    if (!matches(list, etag)) throw preconditionFailed('The ETag of the record does not match any ETag in the If-Match header');
  }
  const ifNoneMatch = headerValue(req.headers['if-none-match']);
  if (ifNoneMatch !== undefined) {
    const list = parseEtagList(ifNoneMatch);
    if (list === null) throw badHeader('If-None-Match');
    if (matches(list, etag)) throw preconditionFailed('The ETag of the record matches an ETag in the If-None-Match header');
  }
  const ifUnmodified = parseHttpDate(req.headers['if-unmodified-since']);
  if (ifUnmodified === null) throw badHeader('If-Unmodified-Since');
  if (ifUnmodified && modifiedAfter(row, ifUnmodified)) {
    throw preconditionFailed('The record was modified after the If-Unmodified-Since date');
  }
}

/** For writes with no existing row (upsert insert): malformed headers are still refused. */
export function checkWriteHeadersWellFormed(req: RestRequest): void {
  const ifMatch = headerValue(req.headers['if-match']);
  if (ifMatch !== undefined && parseEtagList(ifMatch) === null) throw badHeader('If-Match');
  const ifNoneMatch = headerValue(req.headers['if-none-match']);
  if (ifNoneMatch !== undefined && parseEtagList(ifNoneMatch) === null) throw badHeader('If-None-Match');
  if (parseHttpDate(req.headers['if-unmodified-since']) === null) throw badHeader('If-Unmodified-Since');
}

export function lastModifiedHeader(row: SObjectRow): string | undefined {
  return lastModified(row)?.toUTCString();
}
