/**
 * Builds RestRequest objects, for HTTP requests and for in-process composite subrequests alike.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { SalesforceError } from '../errors';
import { LATEST_API_VERSION } from './rest/versions';
import type { AuthenticatedUser, RestRequest } from './types';

const VERSIONED_PATH = /^\/services\/data\/(?:v(\d{2})\.0|(latest))(\/.*)?$/;
/** Salesforce retired 7.0–20.0 in Summer '22 and 21.0–30.0 in Summer '25; 31.0 is the oldest served. */
const OLDEST_SERVED_MAJOR = 31;
const OLDEST_RETIRED_MAJOR = 7;
const RETIRED_PATH = /^\/services\/data\/v(\d{1,2})\.0(?:\/|$)/;
/**
 * A format suffix on the last segment (`/sobjects/Account/001….json`) asks for JSON as the
 * Accept header would (REST API Developer Guide, "REST Resources": "append .json or .xml to the
 * URI"). Only JSON is served here, so only `.json` is understood.
 */
const JSON_SUFFIX = /\.json$/;

/**
 * `{apiVersion, path}` of a `/services/data/vNN.0/...` path, or undefined. `latest` stands for
 * the newest version this org lists ("use the latest alias (/services/data/latest) instead of a
 * hardcoded numeric version", Versions resource, REST API Developer Guide).
 */
export function splitVersionedPath(pathname: string): { apiVersion: string; path: string } | undefined {
  const match = VERSIONED_PATH.exec(pathname);
  if (!match) return undefined;
  const apiVersion = match[2] ? LATEST_API_VERSION : `${match[1]}.0`;
  if (Number.parseInt(apiVersion, 10) < OLDEST_SERVED_MAJOR) return undefined;
  // Trailing slashes are insignificant (`/query/?q=` and `/query?q=` are the same resource).
  const path = (match[3] ?? '').replace(/\/+$/, '').replace(JSON_SUFFIX, '');
  return { apiVersion, path };
}

/**
 * True for a path under a retired version (7.0–30.0): Salesforce answers any resource there with
 * 410 (API End-of-Life Policy: "REST API returns the 410:GONE error code").
 */
export function isRetiredVersionPath(pathname: string): boolean {
  const match = RETIRED_PATH.exec(pathname);
  if (!match) return false;
  const major = Number(match[1]);
  return major >= OLDEST_RETIRED_MAJOR && major < OLDEST_SERVED_MAJOR;
}

/** Jackson-style wording, as Salesforce reports unparseable JSON bodies. */
function jsonParserError(raw: string, err: unknown): SalesforceError {
  if (raw.trim() === '') {
    return new SalesforceError(400, 'JSON_PARSER_ERROR', 'No content to map due to end-of-input at [line:1, column:0]');
  }
  const position = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  let index = position ? Number(position[1]) : raw.search(/\S/);
  if (index < 0 || index >= raw.length) index = raw.length - 1;
  const before = raw.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  const ch = raw[index];
  return new SalesforceError(
    400,
    'JSON_PARSER_ERROR',
    `Unexpected character ('${ch}' (code ${ch.charCodeAt(0)})): expected a valid value (number, String, array, object, 'true', 'false' or 'null') at [line:${line}, column:${column}]`,
  );
}

export function buildRestRequest(parts: {
  method: string;
  path: string;
  apiVersion: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  user: AuthenticatedUser;
}): RestRequest {
  let parsed: { value: unknown } | undefined;
  return {
    ...parts,
    json<T = unknown>(): T {
      if (!parsed) {
        const raw = parts.rawBody.toString('utf8');
        try {
          parsed = { value: JSON.parse(raw) };
        } catch (err) {
          throw jsonParserError(raw, err);
        }
      }
      return parsed.value as T;
    },
  };
}
