/**
 * Maps a REST request below `/services/data/vNN.0` to a resource route: 404 NOT_FOUND when no
 * route knows the path, 405 METHOD_NOT_ALLOWED (with Salesforce's "Allowed are …" list) when
 * routes know the path but not the method, HEAD served by the GET route.
 */
import { randomInt } from 'node:crypto';
import { SalesforceError } from '../errors';
import { methodNotAllowed, notFound } from './http-util';
import type { EmulatorContext, RestRequest, RestResponse, RestRoute } from './types';

/** Salesforce's order in "Allowed are HEAD,GET,PATCH,DELETE". */
const METHOD_ORDER = ['HEAD', 'GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    // A stray '%' is kept literally, as Salesforce does not reject such paths outright.
    return value;
  }
}

/** What Salesforce sends for an unexpected failure: an opaque ErrorId, never internals. */
export function unknownExceptionBody(): Array<{ message: string; errorCode: string }> {
  const errorId = `${randomInt(100_000_000, 2_000_000_000)}-${randomInt(10_000, 99_999)} (${-randomInt(100_000_000, 2_000_000_000)})`;
  return [
    {
      message: `An unexpected error occurred. Please include this ErrorId if you contact support: ${errorId}`,
      errorCode: 'UNKNOWN_EXCEPTION',
    },
  ];
}

export class RestRouter {
  constructor(
    private readonly routes: RestRoute[],
    private readonly log: (line: string) => void,
  ) {}

  /** Runs the request; every failure becomes a Salesforce-shaped response. */
  async handle(req: RestRequest, ctx: EmulatorContext): Promise<RestResponse> {
    try {
      return await this.route(req, ctx);
    } catch (err) {
      if (err instanceof SalesforceError) return { status: err.status, body: err.toBody() };
      const name = err instanceof Error ? err.name : 'Error';
      const message = err instanceof Error ? err.message : String(err);
      // Paths only: query strings can carry SOQL with customer data.
      this.log(`emulator: unexpected ${name} handling ${req.method} ${req.path}: ${message}`);
      return { status: 500, body: unknownExceptionBody() };
    }
  }

  private async route(req: RestRequest, ctx: EmulatorContext): Promise<RestResponse> {
    const matching: Array<{ route: RestRoute; params: Record<string, string> }> = [];
    for (const route of this.routes) {
      const match = route.pattern.exec(req.path);
      if (!match) continue;
      const params: Record<string, string> = {};
      for (const [key, value] of Object.entries(match.groups ?? {})) {
        if (value !== undefined) params[key] = decodeParam(value);
      }
      matching.push({ route, params });
    }
    if (matching.length === 0) throw notFound();
    const exact = matching.find((m) => m.route.method === req.method);
    const chosen = exact ?? (req.method === 'HEAD' ? matching.find((m) => m.route.method === 'GET') : undefined);
    if (!chosen) {
      const allowed = new Set(matching.map((m) => m.route.method as string));
      if (allowed.has('GET')) allowed.add('HEAD');
      throw methodNotAllowed(
        req.method,
        METHOD_ORDER.filter((m) => allowed.has(m)),
      );
    }
    return chosen.route.handle(req, chosen.params, ctx);
  }
}
