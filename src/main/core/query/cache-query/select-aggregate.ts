/**
 * Plans aggregate queries: COUNT(), COUNT(field), COUNT_DISTINCT, SUM, AVG, MIN and MAX, with GROUP
 * BY fields or date functions, HAVING and ORDER BY over either, as the emulator runs them
 * (src/emulator/soql/engine.ts runAggregateQuery): a column is keyed by its alias, else
 * `expr0`, `expr1`… for functions and the field's name for a grouped field; groups come in their
 * values' order when no ORDER BY is given. In a multi-currency org an aggregate of a currency field
 * is in the corporate currency ("If a query includes a GROUP BY or HAVING clause, any currency data
 * returned by using an aggregate function, such as SUM() or MAX(), is in the org's default
 * currency"), converted with the org's rates the sync keeps.
 */
import type { FieldType as SelectItem, FunctionExp, GroupByClause, Query } from '@jetstreamapp/soql-parser-js';
import type { QueryColumn } from '../../../../shared/ipc/query.contract';
import { isAggregateFunction } from '../soql-guard';
import { ConditionCompiler } from './conditions';
import { DATE_FUNCTIONS, dateFunctionArgument, dateFunctionSql } from './date-functions';
import { invalid, refuse } from './errors';
import { directionSql, orderClauses, sortableSql } from './order-by';
import { converterFor, type AggregatePlan, type CountPlan, type Output } from './plan-types';
import type { Context, Resolved, Scope } from './scope';
import { compileWhere, limitSql, parentCheck } from './select-records';
import { NUMBER_TYPES, type SoqlType } from './standard-fields';

const NOT_GROUPABLE = new Set<SoqlType>(['textarea', 'multipicklist', 'double', 'currency', 'percent', 'datetime']);

interface Group {
  sql: string;
  /** Lower-case identity SELECT items match: the field path, or `FN(path)`. */
  identity: string;
}

function groupsOf(scope: Scope, groupBy: GroupByClause | GroupByClause[] | undefined): Group[] {
  const clauses = groupBy === undefined ? [] : Array.isArray(groupBy) ? groupBy : [groupBy];
  return clauses.map((clause) => {
    if ('field' in clause && clause.field) {
      const resolved = scope.resolve(clause.field);
      if (NOT_GROUPABLE.has(resolved.type)) invalid(`field '${resolved.name}' can not be grouped in a query call`);
      return { sql: resolved.sql, identity: resolved.path.toLowerCase() };
    }
    const fn = (clause as { fn: FunctionExp }).fn;
    const name = (fn.functionName ?? '').toUpperCase();
    if (name === 'ROLLUP' || name === 'CUBE') refuse(`GROUP BY ${name} isn't supported offline`);
    if (!DATE_FUNCTIONS.has(name)) invalid(`unexpected token: '${fn.functionName}'`);
    const resolved = scope.resolve(dateFunctionArgument(name, fn.parameters));
    return { sql: dateFunctionSql(scope.ctx, name, resolved).sql, identity: `${name}(${resolved.path.toLowerCase()})` };
  });
}

/** A currency field's value in the corporate currency (multi-currency orgs), else as it is. */
function corporate(scope: Scope, resolved: Resolved, aggregate: string): string {
  const settings = scope.schema.settings;
  if (resolved.type !== 'currency' || settings?.multiCurrency !== true) return `${aggregate}(${resolved.sql})`;
  const code = scope.schema.field(resolved.object, 'CurrencyIsoCode');
  const rates = (settings?.currencies ?? []).filter((c) => typeof c.conversionRate === 'number' && c.conversionRate > 0);
  if (!code || !rates.length)
    refuse(`${aggregate}(${resolved.path}) is in the corporate currency, and the local copy can't convert ${resolved.object.name} amounts`);
  const cases = rates.map((c) => `WHEN ${scope.ctx.params.bind(c.isoCode)} THEN ${scope.ctx.params.bind(c.conversionRate)}`).join(' ');
  // A whole number of places (it stands in the SQL text): the corporate currency's, else 2.
  const places = rates.find((c) => c.isCorporate)?.decimalPlaces;
  const decimals = Number.isInteger(places) && places! >= 0 && places! <= 10 ? places! : 2;
  return `ROUND(${aggregate}(${resolved.sql} / (CASE ${code.sql(resolved.rowAlias)} ${cases} ELSE 1 END)), ${decimals})`;
}

/** SQL and result type of an aggregate call (COUNT(Id), SUM(Amount)…). */
export function aggregateSql(scope: Scope, fn: { functionName?: string; parameters?: unknown[] }): { sql: string; type: SoqlType } {
  const name = (fn.functionName ?? '').toUpperCase();
  const arg = fn.parameters?.[0];
  if (name === 'COUNT' && arg === undefined) return { sql: 'COUNT(*)', type: 'int' };
  if (typeof arg !== 'string') invalid(`unexpected token: '${fn.functionName}'`);
  const resolved = scope.resolve(arg);
  const type = resolved.type;
  const unsupported = () => invalid(`field ${resolved.name} does not support aggregate operator ${name}`);
  switch (name) {
    case 'COUNT':
    case 'COUNT_DISTINCT':
      if (type === 'boolean' || type === 'textarea' || type === 'multipicklist') unsupported();
      return { sql: name === 'COUNT' ? `COUNT(${resolved.sql})` : `COUNT(DISTINCT ${resolved.sql})`, type: 'int' };
    case 'SUM':
    case 'AVG':
      if (!NUMBER_TYPES.has(type)) unsupported();
      return { sql: corporate(scope, resolved, name), type: name === 'AVG' || type !== 'int' ? 'double' : 'int' };
    case 'MIN':
    case 'MAX':
      if (type === 'boolean' || type === 'textarea' || type === 'multipicklist') unsupported();
      return { sql: corporate(scope, resolved, name), type };
  }
  return invalid(`unexpected token: '${fn.functionName}'`);
}

/** The SELECT list of an aggregate query. */
class AggregateList {
  readonly columns: string[] = [];
  readonly outputs: Output[] = [];
  readonly resultColumns: QueryColumn[] = [];
  private readonly keys = new Set<string>();
  private exprIndex = 0;

  constructor(
    private readonly scope: Scope,
    private readonly groups: Set<string>,
  ) {}

  private add(sql: string, key: string, type: SoqlType, kind: QueryColumn['kind']): void {
    if (this.keys.has(key.toLowerCase())) invalid(`duplicate alias: ${key}`);
    this.keys.add(key.toLowerCase());
    this.outputs.push({ key, col: this.columns.push(sql) - 1, convert: converterFor(type) });
    this.resultColumns.push({ path: key, kind });
  }

  item(item: SelectItem): void {
    switch (item.type) {
      case 'Field':
      case 'FieldRelationship': {
        const written = item.type === 'Field' ? item.field : (item.rawValue ?? [...item.relationships, item.field].join('.'));
        const resolved = this.scope.resolve(written);
        if (!this.groups.has(resolved.path.toLowerCase())) invalid(`Field must be grouped or aggregated: ${written}`);
        return this.add(resolved.sql, ('alias' in item && item.alias) || resolved.name, resolved.type, 'field');
      }
      case 'FieldFunctionExpression':
        return this.function(item);
      case 'FieldSubquery':
        return invalid('Aggregate functions are not supported with relationship subqueries');
      case 'FieldTypeof':
        return refuse("TYPEOF isn't supported offline");
    }
  }

  private function(item: Extract<SelectItem, { type: 'FieldFunctionExpression' }>): void {
    const name = item.functionName.toUpperCase();
    if (isAggregateFunction(name)) {
      if (name === 'COUNT' && item.parameters.length === 0) invalid("unexpected token: 'COUNT'");
      const { sql, type } = aggregateSql(this.scope, item);
      return this.add(sql, item.alias ?? `expr${this.exprIndex++}`, type, 'aggregate');
    }
    if (DATE_FUNCTIONS.has(name)) {
      const resolved = this.scope.resolve(dateFunctionArgument(name, item.parameters));
      if (!this.groups.has(`${name}(${resolved.path.toLowerCase()})`)) invalid(`Field must be grouped or aggregated: ${item.rawValue ?? name}`);
      const { sql, type } = dateFunctionSql(this.scope.ctx, name, resolved);
      return this.add(sql, item.alias ?? `expr${this.exprIndex++}`, type, 'aggregate');
    }
    if (['TOLABEL', 'FORMAT', 'CONVERTCURRENCY', 'FIELDS'].includes(name)) refuse(`${item.functionName}() isn't supported offline`);
    invalid(`unexpected token: '${item.functionName}'`);
  }
}

function aggregateOrder(scope: Scope, query: Query, groups: Group[]): string[] {
  const identities = new Set(groups.map((g) => g.identity));
  return orderClauses(query.orderBy).map((clause) => {
    if ('fn' in clause && clause.fn) {
      const name = (clause.fn.functionName ?? '').toUpperCase();
      const sql = DATE_FUNCTIONS.has(name)
        ? dateFunctionSql(scope.ctx, name, scope.resolve(dateFunctionArgument(name, clause.fn.parameters))).sql
        : aggregateSql(scope, clause.fn).sql;
      return directionSql(sql, clause.order, clause.nulls);
    }
    const field = (clause as { field: string }).field;
    const resolved = scope.resolve(field);
    if (groups.length && !identities.has(resolved.path.toLowerCase())) invalid(`Ordered field must be grouped or aggregated: ${field}`);
    return directionSql(sortableSql(scope, resolved), clause.order, clause.nulls);
  });
}

export function planAggregate(ctx: Context, query: Query, scope: Scope): AggregatePlan {
  const groups = groupsOf(scope, query.groupBy);
  const list = new AggregateList(scope, new Set(groups.map((g) => g.identity)));
  for (const item of query.fields ?? []) list.item(item);
  const { where, joinFree } = compileWhere(scope, query);
  let having = '';
  if (query.having) {
    const compiler = new ConditionCompiler(scope, 'HAVING', (fn) => aggregateSql(scope, fn));
    having = ` HAVING ${compiler.sql(compiler.tree(query.having as Parameters<ConditionCompiler['tree']>[0]))}`;
  }
  const order = aggregateOrder(scope, query, groups);
  const groupSql = groups.map((g) => g.sql).join(', ');
  const orderSql = order.length ? ` ORDER BY ${order.join(', ')}` : groups.length ? ` ORDER BY ${groupSql}` : '';
  const sql =
    `SELECT ${list.columns.join(', ')} FROM ${scope.fromSql} WHERE ${where.join(' AND ')}` +
    (groups.length ? ` GROUP BY ${groupSql}` : '') +
    having +
    orderSql +
    limitSql(ctx, query.limit, query.offset);
  return {
    kind: 'aggregate',
    object: scope.object.name,
    objectsRead: [...ctx.objectsRead],
    resultColumns: list.resultColumns,
    sql,
    outputs: list.outputs,
    params: ctx.params.values,
    parentCheck: parentCheck(scope, joinFree),
  };
}

/** `SELECT COUNT() FROM …`: the number of rows (of groups, with GROUP BY). */
export function planCount(ctx: Context, query: Query, scope: Scope): CountPlan {
  if ((query.fields ?? []).length > 1) invalid("unexpected token: 'COUNT'");
  const groups = groupsOf(scope, query.groupBy);
  const { where, joinFree } = compileWhere(scope, query);
  const grouped = groups.length ? ` GROUP BY ${groups.map((g) => g.sql).join(', ')}` : '';
  const inner = `SELECT 1 FROM ${scope.fromSql} WHERE ${where.join(' AND ')}${grouped}${limitSql(ctx, query.limit, query.offset)}`;
  return {
    kind: 'count',
    object: scope.object.name,
    objectsRead: [...ctx.objectsRead],
    sql: `SELECT COUNT(*) FROM (${inner})`,
    params: ctx.params.values,
    parentCheck: parentCheck(scope, joinFree),
  };
}
