/**
 * ORDER BY as the emulator sorts (src/emulator/soql/engine.ts orderBySql): text without case
 * ("Sorting is case insensitive"), picklists in the org's value order ("Picklist sorting is defined
 * by the picklist sort determined during setup"), ascending by default with nulls first ascending
 * and last descending ("By default, null values are sorted first"), which are SQLite's defaults too.
 */
import type { OrderByClause } from '@jetstreamapp/soql-parser-js';
import { DATE_FUNCTIONS, dateFunctionArgument, dateFunctionSql } from './date-functions';
import { invalid, refuse } from './errors';
import type { Resolved, Scope } from './scope';
import { TEXT_TYPES } from './standard-fields';

export function orderClauses(orderBy: OrderByClause | OrderByClause[] | undefined): OrderByClause[] {
  return orderBy === undefined ? [] : Array.isArray(orderBy) ? orderBy : [orderBy];
}

/** The SQL a resolved field sorts by. */
export function sortableSql(scope: Scope, resolved: Resolved): string {
  if (resolved.type === 'picklist') {
    const order = scope.schema.picklistOrder(resolved.object, resolved.field);
    if (!order)
      refuse(
        `Sorting by ${resolved.path} follows the org's picklist order, which the local copy doesn't have yet (open a ${resolved.object.name} online first)`,
      );
    const whens = order.map((value, i) => `WHEN ${scope.ctx.params.bind(value)} THEN ${i}`).join(' ');
    const E = resolved.sql;
    return `(CASE WHEN ${E} IS NULL THEN NULL ELSE (CASE ${E} COLLATE NOCASE ${whens} ELSE ${order.length} END) END)`;
  }
  return TEXT_TYPES.has(resolved.type) ? `${resolved.sql} COLLATE NOCASE` : resolved.sql;
}

export function directionSql(expr: string, order: string | undefined, nulls: string | undefined): string {
  const direction = order?.toUpperCase() === 'DESC' ? ' DESC' : ' ASC';
  const nullsPart = nulls ? ` NULLS ${nulls.toUpperCase() === 'LAST' ? 'LAST' : 'FIRST'}` : '';
  return `${expr}${direction}${nullsPart}`;
}

/** A record query's ORDER BY terms: fields and date functions of fields. */
export function recordOrderBy(scope: Scope, orderBy: OrderByClause | OrderByClause[] | undefined): string[] {
  return orderClauses(orderBy).map((clause) => {
    if ('field' in clause && clause.field) return directionSql(sortableSql(scope, scope.resolve(clause.field)), clause.order, clause.nulls);
    const fn = 'fn' in clause ? clause.fn : undefined;
    const name = (fn?.functionName ?? '').toUpperCase();
    if (name === 'DISTANCE') refuse("DISTANCE() and GEOLOCATION() aren't supported offline");
    if (!fn || !DATE_FUNCTIONS.has(name)) invalid(`unexpected token: '${fn?.functionName ?? 'ORDER'}'`);
    const resolved = scope.resolve(dateFunctionArgument(name, fn.parameters));
    return directionSql(dateFunctionSql(scope.ctx, name, resolved).sql, clause.order, clause.nulls);
  });
}
