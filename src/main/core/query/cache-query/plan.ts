/**
 * Parse → plan: the SOQL text parsed (@jetstreamapp/soql-parser-js), the clauses the cache cannot
 * honour refused by name, the FROM object checked against what the cache keeps, then planned as a
 * record, aggregate or COUNT() query.
 */
import { parseQuery, type Query } from '@jetstreamapp/soql-parser-js';
import { isAggregateQuery, isCountOnly } from '../soql-guard';
import type { CacheSchema } from './cache-schema';
import { invalid, refuse } from './errors';
import type { Plan } from './plan-types';
import { Context, Scope, type RunOptions } from './scope';
import { planAggregate, planCount } from './select-aggregate';
import { planRecords } from './select-records';

/** The parsed query, or INVALID_INPUT with the parser's message (anything but a SELECT fails here). */
export function parseSoql(soql: string): Query {
  try {
    return parseQuery(soql);
  } catch (err) {
    return invalid(err instanceof Error && err.message ? err.message : 'The query could not be read');
  }
}

/** Clauses about the org's sharing, locking, tracking or data categories: only the org can honour them. */
function refuseClauses(query: Query): void {
  if (query.withSecurityEnforced) refuse("WITH SECURITY_ENFORCED isn't supported offline");
  if (query.withAccessLevel) refuse(`WITH ${query.withAccessLevel} isn't supported offline`);
  if (query.withDataCategory) refuse("WITH DATA CATEGORY isn't supported offline");
  if (query.usingScope) refuse("USING SCOPE isn't supported offline");
  if (query.for) refuse(`FOR ${query.for} isn't supported offline`);
  if (query.update) refuse(`UPDATE ${query.update} isn't supported offline`);
}

/** Plans the text, or a query the caller has already parsed (not parsed again). */
export function planQuery(schema: CacheSchema, soql: string | Query, options: RunOptions): Plan {
  const query = typeof soql === 'string' ? parseSoql(soql) : soql;
  refuseClauses(query);
  const object = schema.object(query.sObject ?? '');
  if (!object) refuse(`${query.sObject ?? 'That object'} isn't kept in the local copy`);
  const ctx = new Context(schema, options);
  const scope = new Scope(ctx, object, query.sObjectAlias);
  if (isCountOnly(query)) return planCount(ctx, query, scope);
  return isAggregateQuery(query) ? planAggregate(ctx, query, scope) : planRecords(ctx, query, scope);
}
