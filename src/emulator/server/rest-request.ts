/**
 * Builds RestRequest objects, for HTTP requests and for in-process composite subrequests alike.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { SalesforceError } from '../errors';
import type { AuthenticatedUser, RestRequest } from './types';

const VERSIONED_PATH = /^\/services\/data\/v(\d{2})\.0(\/.*)?$/;
/** The oldest version Salesforce ever served over REST. */
const OLDEST_SERVED_MAJOR = 20;

/** `{apiVersion, path}` of a `/services/data/vNN.0/...` path, or undefined. */
export function splitVersionedPath(pathname: string): { apiVersion: string; path: string } | undefined {
  const match = VERSIONED_PATH.exec(pathname);
  if (!match || Number(match[1]) < OLDEST_SERVED_MAJOR) return undefined;
  // Trailing slashes are insignificant (`/query/?q=` and `/query?q=` are the same resource).
  return { apiVersion: `${match[1]}.0`, path: (match[2] ?? '').replace(/\/+$/, '') };
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
