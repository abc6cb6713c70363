/**
 * `search` (SOSL in `q`) and `parameterizedSearch` (GET parameters or a POST body).
 */
import { SalesforceError } from '../../errors';
import { z } from 'zod';
import { parameterizedSearchFromUrl, runParameterizedSearch, runSearch, type ParameterizedSearchParams } from '../../soql/sosl';
import type { EmulatorState } from '../state';
import type { RestRequest, RestRoute } from '../types';

/** From v36 the result is wrapped in `{searchRecords}`; before, it was a bare array. */
const WRAPPED_SINCE = 36;

function shape(req: RestRequest, result: { searchRecords: unknown[] }): unknown {
  return Number.parseInt(req.apiVersion, 10) >= WRAPPED_SINCE ? result : result.searchRecords;
}

/** A POST body in the documented shape; anything else is refused before it reaches the engine. */
const postBodySchema = z
  .object({
    q: z.string(),
    sobjects: z
      .array(
        z.object({
          name: z.string().min(1),
          fields: z.array(z.string()).optional(),
          limit: z.number().int().nonnegative().optional(),
          where: z.string().optional(),
        }),
      )
      .optional(),
    fields: z.array(z.string()).optional(),
    overallLimit: z.number().int().nonnegative().optional(),
    defaultLimit: z.number().int().nonnegative().optional(),
    in: z.string().optional(),
  })
  .passthrough();

function requireSearchText(q: string | null | undefined): void {
  if (q === null || q === undefined || q.trim() === '') {
    throw new SalesforceError(400, 'MALFORMED_SEARCH', 'A search string has to be specified');
  }
}

function numbersValid(params: ParameterizedSearchParams): void {
  const bad = [params.overallLimit, params.defaultLimit, ...(params.sobjects ?? []).map((s) => s.limit)].find(
    (n) => n !== undefined && !(Number.isInteger(n) && n >= 0),
  );
  if (bad !== undefined) throw new SalesforceError(400, 'INVALID_SEARCH', `limit values must be non-negative integers: ${bad}`);
}

export function searchRoutes(state: EmulatorState): RestRoute[] {
  return [
    {
      method: 'GET',
      pattern: /^\/search$/,
      handle(req) {
        const q = req.query.get('q');
        requireSearchText(q);
        return { status: 200, body: shape(req, runSearch(state.store, q as string, req.apiVersion)) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/parameterizedSearch$/,
      handle(req) {
        const params = parameterizedSearchFromUrl(req.query);
        requireSearchText(params.q);
        numbersValid(params);
        const result = runParameterizedSearch(state.store, params, req.apiVersion);
        return { status: 200, body: shape(req, result) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/parameterizedSearch$/,
      handle(req) {
        const body = req.json<{ q?: unknown }>();
        if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
          requireSearchText(typeof body.q === 'string' ? body.q : undefined);
        }
        const parsed = postBodySchema.safeParse(body);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
          throw new SalesforceError(400, 'JSON_PARSER_ERROR', `Invalid parameterizedSearch body${where}: ${issue.message}`);
        }
        const result = runParameterizedSearch(state.store, parsed.data, req.apiVersion);
        return { status: 200, body: shape(req, result) };
      },
    },
  ];
}
