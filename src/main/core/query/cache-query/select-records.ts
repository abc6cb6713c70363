/**
 * Plans a record query (no aggregates): the SELECT list's fields and child subqueries, WHERE,
 * ORDER BY, LIMIT and OFFSET, as SQL over the `records` table. Rows come out keyed by their
 * canonical path (`Account.Name`), a child subquery's rows under its relationship's name.
 */
import type { FieldSubquery, Query, Subquery } from '@jetstreamapp/soql-parser-js';
import type { QueryColumn } from '../../../../shared/ipc/query.contract';
import { ConditionCompiler } from './conditions';
import { DATE_FUNCTIONS } from './date-functions';
import { invalid, refuse } from './errors';
import { recordOrderBy } from './order-by';
import { converterFor, type ChildPlan, type Output, type ParentCheck, type RecordPlan } from './plan-types';
import { Scope, type Context } from './scope';
import { topLevelTerms } from './where-tree';

export const MAX_OFFSET = 2000;

/** OFFSET stops at 2,000, in a query and in a child subquery alike. */
function checkOffset(offset: number | undefined): void {
  if (offset !== undefined && offset > MAX_OFFSET) invalid(`Maximum SOQL offset allowed is ${MAX_OFFSET}`);
}

/** LIMIT and OFFSET as Salesforce takes them. */
export function limitSql(ctx: Context, limit: number | undefined, offset: number | undefined): string {
  checkOffset(offset);
  if (limit === undefined && !offset) return '';
  const limitPart = ` LIMIT ${limit === undefined ? -1 : ctx.params.bind(limit)}`;
  return offset ? `${limitPart} OFFSET ${ctx.params.bind(offset)}` : limitPart;
}

/** The WHERE of a scope: every term, and those that read no parent row (for the parent check). */
export function compileWhere(scope: Scope, query: Query | Subquery): { where: string[]; joinFree: string[] } {
  const where = [...scope.baseWhere];
  const joinFree = [...scope.baseWhere];
  if (!query.where) return { where, joinFree };
  const compiler = new ConditionCompiler(scope, 'WHERE');
  for (const term of topLevelTerms(compiler.tree(query.where))) {
    const { value, joins } = scope.track(() => compiler.sql(term));
    where.push(value);
    if (!joins.length) joinFree.push(value);
  }
  return { where, joinFree };
}

export function parentCheck(scope: Scope, joinFree: string[]): ParentCheck | null {
  return scope.joins.length ? { scope, joins: scope.joins, where: joinFree } : null;
}

/** The SELECT list's fields (and subqueries), as SQL columns and row keys. */
class SelectList {
  readonly columns: string[] = [];
  readonly outputs: Output[] = [];
  readonly resultColumns: QueryColumn[] = [];
  /** Child subqueries, with the place of their column in the result. */
  readonly subqueries: Array<{ item: FieldSubquery; at: number }> = [];
  private readonly keys = new Set<string>();

  constructor(private readonly scope: Scope) {}

  column(sql: string): number {
    const at = this.columns.indexOf(sql);
    return at >= 0 ? at : this.columns.push(sql) - 1;
  }

  claim(key: string): void {
    if (this.keys.has(key.toLowerCase())) invalid(`duplicate field selected: ${key}`);
    this.keys.add(key.toLowerCase());
  }

  field(path: string): void {
    const resolved = this.scope.resolve(path);
    this.claim(resolved.path);
    this.outputs.push({ key: resolved.path, col: this.column(resolved.sql), convert: converterFor(resolved.type) });
    this.resultColumns.push({ path: resolved.path, kind: 'field' });
  }

  add(item: NonNullable<Query['fields']>[number], nested: boolean): void {
    switch (item.type) {
      case 'Field':
        if (item.alias) invalid('only aggregate expressions use field aliasing');
        return this.field(item.field);
      case 'FieldRelationship':
        return this.field(item.rawValue ?? [...item.relationships, item.field].join('.'));
      case 'FieldFunctionExpression': {
        const name = item.functionName.toUpperCase();
        if (DATE_FUNCTIONS.has(name)) invalid(`Field must be grouped or aggregated: ${item.rawValue ?? item.functionName}`);
        if (['FIELDS', 'TOLABEL', 'FORMAT', 'CONVERTCURRENCY'].includes(name)) refuse(`${item.functionName}() isn't supported offline`);
        return invalid(`unexpected token: '${item.functionName}'`);
      }
      case 'FieldSubquery':
        if (nested) invalid("unexpected token: 'SELECT'");
        // Named once its relationship is resolved (childPlan), in SELECT order.
        this.subqueries.push({ item, at: this.resultColumns.push({ path: '', kind: 'subquery' }) - 1 });
        return;
      case 'FieldTypeof':
        return refuse("TYPEOF isn't supported offline");
    }
  }
}

function selectList(scope: Scope, query: Query | Subquery, nested: boolean): SelectList {
  const list = new SelectList(scope);
  const fields = query.fields ?? [];
  if (!fields.length) invalid("unexpected token: 'FROM'");
  for (const item of fields) list.add(item, nested);
  return list;
}

function childPlan(ctx: Context, parent: Scope, { item, at }: SelectList['subqueries'][number], list: SelectList): ChildPlan {
  const sub = item.subquery;
  const relationship = ctx.schema.childRelationship(parent.object, sub.relationshipName);
  if (!relationship) refuse(`The local copy can't answer the subquery on ${parent.object.name}.${sub.relationshipName}`);
  const hasAggregate = (sub.fields ?? []).some(
    (f) => f.type === 'FieldFunctionExpression' && f.isAggregateFn && !DATE_FUNCTIONS.has(f.functionName.toUpperCase()),
  );
  if (sub.groupBy || hasAggregate) invalid('Aggregate functions are not supported in a subquery of a relationship');
  list.claim(relationship.name);
  list.resultColumns[at] = { path: relationship.name, kind: 'subquery' };
  const scope = new Scope(ctx, relationship.childDef, sub.sObjectAlias);
  scope.joinsAllowed = false;
  const children = selectList(scope, sub, true);
  const fk = ctx.schema.field(relationship.childDef, relationship.field)!.sql(scope.alias);
  const fkCol = children.column(fk);
  const { where } = compileWhere(scope, sub);
  where.push(`${fk} IN (SELECT value FROM json_each(@__ids))`);
  const order = recordOrderBy(scope, sub.orderBy);
  const orderSql = (order.length ? order : [`${scope.alias}.id`]).join(', ');
  const select = `SELECT ${children.columns.join(', ')} FROM ${scope.fromSql} WHERE ${where.join(' AND ')}`;
  // A subquery's LIMIT and OFFSET are numbered per parent below, not through limitSql.
  checkOffset(sub.offset);
  let sql = `${select} ORDER BY ${orderSql}`;
  if (sub.limit !== undefined || sub.offset) {
    // LIMIT and OFFSET count each parent's children.
    const low = ctx.params.bind(sub.offset ?? 0);
    const high = ctx.params.bind((sub.offset ?? 0) + (sub.limit ?? Number.MAX_SAFE_INTEGER));
    const numbered = `SELECT ${children.columns.join(', ')}, ROW_NUMBER() OVER (PARTITION BY ${fk} ORDER BY ${orderSql}) AS __rn FROM ${scope.fromSql} WHERE ${where.join(' AND ')}`;
    sql = `SELECT * FROM (${numbered}) WHERE __rn > ${low} AND __rn <= ${high} ORDER BY __rn`;
  }
  return { key: relationship.name, columns: children.columns, outputs: children.outputs, fkCol, sql };
}

export function planRecords(ctx: Context, query: Query, scope: Scope): RecordPlan {
  const list = selectList(scope, query, false);
  const children = list.subqueries.map((sub) => childPlan(ctx, scope, sub, list));
  const { where, joinFree } = compileWhere(scope, query);
  const order = recordOrderBy(scope, query.orderBy);
  // No ORDER BY: Salesforce promises no order; the Id's is stable and served by the (object, id) index.
  const orderSql = (order.length ? order : [`${scope.alias}.id`]).join(', ');
  const from = scope.fromSql;
  const ridSql = `SELECT ${scope.alias}.rid FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${orderSql}${limitSql(ctx, query.limit, query.offset)}`;
  const columns = [`${scope.alias}.rid`, `${scope.alias}.id`, ...list.columns];
  const rowSql = `SELECT ${columns.join(', ')} FROM ${from} WHERE ${scope.alias}.rid IN (SELECT value FROM json_each(@__rids))`;
  return {
    kind: 'records',
    object: scope.object.name,
    objectsRead: [...ctx.objectsRead],
    resultColumns: list.resultColumns,
    ridSql,
    rowSql,
    outputs: list.outputs.map((o) => ({ ...o, col: o.col + 2 })),
    children,
    params: ctx.params.values,
    parentCheck: parentCheck(scope, joinFree),
  };
}
