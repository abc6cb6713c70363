/**
 * How REST resource modules plug into the emulator's HTTP server. The server owns sockets,
 * authentication, API-usage counting, fault injection and error formatting; a resource module
 * only maps a parsed request to a response (or throws SalesforceError).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { OrgStore } from '../org/types';

export interface AuthenticatedUser {
  userId: string;
  orgId: string;
}

export interface RestRequest {
  method: string;
  /**
   * Path below `/services/data/vNN.0`, e.g. `/sobjects/Account/001...`; '' for the version root.
   * Still percent-encoded; trailing slashes are removed before matching.
   */
  path: string;
  /** Two-digit version string from the URL, e.g. '62.0'. */
  apiVersion: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Parses the body as JSON; throws SalesforceError JSON_PARSER_ERROR (400) when it is not. */
  json<T = unknown>(): T;
  user: AuthenticatedUser;
}

export interface RestResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON-serialisable body (sent as application/json;charset=UTF-8), unless `text` is set. */
  body?: unknown;
  /** Raw text body with its content type (Bulk CSV results). */
  text?: { contentType: string; data: string };
}

export interface EmulatorContext {
  store: OrgStore;
  /** `http://127.0.0.1:<port>` — the instance URL, no trailing slash. */
  baseUrl: string;
  /**
   * Runs another REST call in-process as the same user (composite subrequests). `url` is a
   * `/services/data/vNN.0/...` path with optional query string.
   */
  dispatch(method: string, url: string, body: unknown, user: AuthenticatedUser, headers?: Record<string, string>): Promise<RestResponse>;
}

export interface RestRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'HEAD';
  /** Matched against RestRequest.path; named groups become params (percent-decoded). */
  pattern: RegExp;
  handle(req: RestRequest, params: Record<string, string>, ctx: EmulatorContext): RestResponse | Promise<RestResponse>;
}
