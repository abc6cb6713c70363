/**
 * The emulator's SOQL engine: parses a query, checks every name against the org schema, runs
 * it as SQL on the store's tables and shapes the rows as Salesforce's REST API returns them.
 *
 * One SQL statement serves the top-level rows (parent relationships become LEFT JOINs); each
 * child subquery runs once per batch of parents (`FK IN json_each(...)`), never once per row.
 */
import type {
  FieldFunctionExpression,
  FieldSubquery,
  FieldType as SelectItem,
  FieldTypeOf,
  FunctionExp,
  GroupByClause,
  OrderByClause,
  Query,
  Subquery,
} from '@jetstreamapp/soql-parser-js';
import { SalesforceError } from '../errors';
import type { FieldType, ObjectDef, OrgStore } from '../org/types';
import type { QueryOptions, QueryRecordSource, QueryResultSet, WireRecord } from './types';
import {
  AGGREGATE_FUNCTIONS,
  CompileContext,
  DATE_FUNCTIONS,
  NUMBER_TYPES,
  Params,
  SelectCompiler,
  dateFunctionSql,
  isTextType,
  quoteIdent,
  type JoinInfo,
  type ResolvedField,
} from './compiler';
import * as msg from './messages';
import { parseSoql } from './parse';
import { QueryText, type TextScope } from './query-text';
import { RecordText } from './record-text';
import { ChildPaging, textSource, type ChildLocator } from './child-paging';

export type RunQueryOptions = QueryOptions & {
  bulk?: boolean;
  /**
   * Locators for child sets split past their first chunk (REST query cursors). Without one,
   * every child row is inline.
   */
  childLocator?: ChildLocator;
};

/** Extra SQL a caller (SOSL) adds to the top-level WHERE, written against the table alias. */
export interface ExtraFilter {
  sql: (alias: string, params: Params) => string;
  /** Row order used when the query has no ORDER BY of its own (SOSL relevance). */
  defaultOrder?: (alias: string, params: Params) => string;
}

export function runQuery(store: OrgStore, soql: string, opts: RunQueryOptions): QueryResultSet {
  return guard(() => runQueryInternal(store, soql, opts));
}

/**
 * Runs a query for paging (the REST query resource's cursors). Same records as runQuery, but
 * serialized as they are read, in the request's API version, into compact UTF-8 text
 * (RecordText): no row or record objects outlive the call, whatever the result's size.
 */
export function runQueryCursor(store: OrgStore, soql: string, opts: RunQueryOptions): QueryRecordSource {
  return guard(() => querySource(store, soql, opts, undefined, true));
}

/** Runs fn, turning anything that is not already a SalesforceError into Salesforce's 500. */
export function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof SalesforceError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new SalesforceError(500, 'UNKNOWN_EXCEPTION', `An unexpected error occurred: ${detail}`);
  }
}

export function runQueryInternal(store: OrgStore, soql: string, opts: RunQueryOptions, extra?: ExtraFilter): QueryResultSet {
  const source = querySource(store, soql, opts, extra);
  return { totalSize: source.totalSize, records: source.records(0, source.size, opts.apiVersion) };
}

/** Records already built (COUNT() and aggregate results, whose attributes carry no URL). */
function builtSource(result: QueryResultSet): QueryRecordSource {
  return {
    totalSize: result.totalSize,
    size: result.records.length,
    records: (start, end) => result.records.slice(start, end),
  };
}

function querySource(store: OrgStore, soql: string, opts: RunQueryOptions, extra?: ExtraFilter, serialized = false): QueryRecordSource {
  const qt = new QueryText(soql);
  const query = parseSoql(qt);
  const ctx = new CompileContext(store, qt, { includeDeleted: opts.includeDeleted, apiVersion: opts.apiVersion });
  const scope = qt.root;
  const object = ctx.objectOrThrow(query.sObject ?? '', scope);
  if (opts.bulk) rejectForBulk(query);
  checkOffset(query, qt, scope);

  const fields = query.fields ?? [];
  const countOnly =
    fields.length > 0 && fields.every((f) => f.type === 'FieldFunctionExpression' && f.functionName.toUpperCase() === 'COUNT' && f.parameters.length === 0);
  if (countOnly) {
    if (fields.length > 1) throw qt.error('MALFORMED_QUERY', qt.locate(scope, 'COUNT', 'SELECT'), "unexpected token: 'COUNT'");
    return builtSource(runCountQuery(ctx, query, object, scope, extra));
  }
  if (isAggregateQuery(query)) return builtSource(runAggregateQuery(ctx, query, object, scope, extra));

  const plan = planRecords(ctx, query, object, scope, new Params(), undefined);
  if (serialized) return serializedSource(ctx, plan, extra, opts.childLocator);
  const rows = executeTopLevel(ctx, plan, extra);
  const builderFor = shaper(ctx, plan, rows);
  return {
    totalSize: rows.length,
    size: rows.length,
    records: (start, end, apiVersion) => {
      const build = builderFor(apiVersion);
      const stop = Math.min(end, rows.length);
      const records: WireRecord[] = new Array(Math.max(0, stop - start));
      for (let i = start; i < stop; i++) records[i - start] = build(rows[i]);
      return records;
    },
  };
}

// ------------------------------------------------------------------ validation helpers

/** What Bulk API 2.0 query jobs refuse (their own 400 at job creation). */
function rejectForBulk(query: Query): void {
  const reject = (message: string): never => {
    throw new SalesforceError(400, 'API_ERROR', message);
  };
  const fields = query.fields ?? [];
  if (fields.some((f) => f.type === 'FieldSubquery')) {
    reject('Aggregate Relationships not supported in Bulk V2 Query with CSV content type.');
  }
  if (fields.some((f) => f.type === 'FieldTypeof')) reject('TYPEOF is not supported by Bulk API 2.0 query.');
  if (query.groupBy) reject('GROUP BY is not supported by Bulk API 2.0 query.');
  if (query.offset !== undefined) reject('OFFSET is not supported by Bulk API 2.0 query.');
  if (fields.some((f) => f.type === 'FieldFunctionExpression' && AGGREGATE_FUNCTIONS.has(f.functionName.toUpperCase()))) {
    reject('Aggregate functions are not supported by Bulk API 2.0 query.');
  }
}

/** LIMIT and OFFSET are 32-bit integers; OFFSET stops at 2000. */
function checkOffset(query: Query | Subquery, qt: QueryText, scope: TextScope): void {
  for (const [keyword, value] of [
    ['LIMIT', query.limit],
    ['OFFSET', query.offset],
  ] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value > 2_147_483_647)) {
      const clause = qt.clauseStart(scope, keyword);
      const token = qt.tokens.find((t) => t.start > clause);
      throw qt.error('MALFORMED_QUERY', token?.start ?? clause, `numeric value out of range: ${token?.text ?? value}`);
    }
  }
  if (query.offset !== undefined && query.offset > msg.MAX_OFFSET) {
    throw new SalesforceError(400, 'NUMBER_OUTSIDE_VALID_RANGE', msg.OFFSET_TOO_LARGE);
  }
}

function isAggregateQuery(query: Query): boolean {
  if (query.groupBy) return true;
  return (query.fields ?? []).some((f) => f.type === 'FieldFunctionExpression' && AGGREGATE_FUNCTIONS.has(f.functionName.toUpperCase()));
}

function limitSql(params: Params, limit: number | undefined, offset: number | undefined): string {
  if (limit === undefined && !offset) return '';
  const limitPart = ` LIMIT ${limit === undefined ? -1 : params.bind(limit)}`;
  return offset ? `${limitPart} OFFSET ${params.bind(offset)}` : limitPart;
}

function whereSql(conditions: Array<string | undefined>): string {
  const present = conditions.filter((c): c is string => !!c);
  return present.length ? ` WHERE ${present.join(' AND ')}` : '';
}

function runAll(store: OrgStore, sql: string, params: Params): unknown[][] {
  const statement = store.db.prepare(sql).raw(true);
  const values = params.values;
  return (Object.keys(values).length ? statement.all(values) : statement.all()) as unknown[][];
}

// ------------------------------------------------------------------ value conversion

type Converter = (value: unknown) => unknown;

const identity: Converter = (v) => v;
const toBoolean: Converter = (v) => (v === null || v === undefined ? null : v === 1 || v === true || v === '1' || v === 'true');
const toNumber: Converter = (v) => (v === null || v === undefined ? null : typeof v === 'number' ? v : Number(v));

function converterFor(type: FieldType): Converter {
  if (type === 'boolean') return toBoolean;
  if (NUMBER_TYPES.has(type)) return toNumber;
  return identity;
}

// ------------------------------------------------------------------ record plans

interface FieldOut {
  kind: 'field';
  key: string;
  col: number;
  convert: Converter;
}
interface ParentOut {
  kind: 'parent';
  key: string;
  pathKey: string;
  idCol: number;
  typeCol?: number;
  fixedType?: string;
  entries: OutEntry[];
}
interface ChildOut {
  kind: 'child';
  key: string;
  plan: RecordPlan;
}
interface TypeofOut {
  kind: 'typeof';
  key: string;
  idCol: number;
  typeCol: number;
  branches: Map<string, FieldOut[]>;
  otherwise: FieldOut[];
}
type OutEntry = FieldOut | ParentOut | ChildOut | TypeofOut;

interface RecordPlan {
  compiler: SelectCompiler;
  params: Params;
  columns: string[];
  root: ParentOut;
  children: ChildOut[];
  where: Array<string | undefined>;
  orderBy: string;
  /** True when the query gave no ORDER BY (rows come in insertion order). */
  defaultOrder: boolean;
  limit?: number;
  offset?: number;
  /** For a child subquery: the column holding the parent's Id. */
  fkCol?: number;
  fkExpr?: string;
}

function planRecords(
  ctx: CompileContext,
  query: Query | Subquery,
  object: ObjectDef,
  scope: TextScope,
  params: Params,
  fkFieldName: string | undefined,
): RecordPlan {
  const qt = ctx.qt;
  const compiler = new SelectCompiler(ctx, object, scope, params, 'sObjectAlias' in query ? query.sObjectAlias : undefined);
  const columns: string[] = [];
  const columnIndex = new Map<string, number>();
  const column = (expr: string): number => {
    let index = columnIndex.get(expr);
    if (index === undefined) {
      index = columns.length;
      columns.push(expr);
      columnIndex.set(expr, index);
    }
    return index;
  };
  const root: ParentOut = {
    kind: 'parent',
    key: '',
    pathKey: '',
    idCol: column(`${compiler.alias}."Id"`),
    fixedType: object.name,
    entries: [],
  };
  const selected = new Set<string>();
  const children: ChildOut[] = [];
  const childScopes = qt.subqueryScopes(scope, 'SELECT');
  let childIndex = 0;

  const parentNode = (joins: JoinInfo[]): ParentOut => {
    let node = root;
    for (const join of joins) {
      let next = node.entries.find((e): e is ParentOut => e.kind === 'parent' && e.pathKey === join.pathKey);
      if (!next) {
        next = {
          kind: 'parent',
          key: join.relationshipName,
          pathKey: join.pathKey,
          idCol: column(join.idExpr),
          typeCol: join.typeExpr ? column(join.typeExpr) : undefined,
          fixedType: join.object?.name,
          entries: [],
        };
        node.entries.push(next);
      }
      node = next;
    }
    return node;
  };

  const addField = (path: string, transform?: (resolved: ResolvedField) => Converter, exprOf?: (resolved: ResolvedField) => string): void => {
    const resolved = compiler.resolve(path, 'SELECT');
    const dedupeKey = resolved.path.toLowerCase();
    if (selected.has(dedupeKey)) {
      throw new SalesforceError(400, 'INVALID_FIELD', `duplicate field selected: ${resolved.path}`);
    }
    selected.add(dedupeKey);
    const node = parentNode(resolved.joins);
    node.entries.push({
      kind: 'field',
      key: resolved.name,
      col: column(exprOf ? exprOf(resolved) : resolved.expr),
      convert: transform ? transform(resolved) : converterFor(resolved.type),
    });
  };

  const fields = query.fields ?? [];
  if (fields.length === 0) throw qt.error('MALFORMED_QUERY', qt.clauseStart(scope, 'FROM'), "unexpected token: 'FROM'");
  for (const item of fields) {
    switch (item.type) {
      case 'Field':
        if (item.alias) {
          throw qt.error('MALFORMED_QUERY', qt.locate(scope, item.alias, 'SELECT'), 'only aggregate expressions use field aliasing');
        }
        addField(item.field);
        break;
      case 'FieldRelationship':
        addField(item.rawValue ?? [...item.relationships, item.field].join('.'));
        break;
      case 'FieldFunctionExpression':
        selectFunction(ctx, compiler, query, scope, item, addField);
        break;
      case 'FieldSubquery': {
        if (fkFieldName !== undefined) {
          throw qt.error('MALFORMED_QUERY', qt.clauseStart(scope, 'SELECT'), "unexpected token: 'SELECT'");
        }
        const child = planChild(ctx, compiler, item, childScopes[childIndex++] ?? scope);
        const key = child.key.toLowerCase();
        if (selected.has(key)) throw new SalesforceError(400, 'INVALID_FIELD', `duplicate field selected: ${child.key}`);
        selected.add(key);
        root.entries.push(child);
        children.push(child);
        break;
      }
      case 'FieldTypeof':
        root.entries.push(planTypeof(compiler, item, column));
        break;
    }
  }

  let fkCol: number | undefined;
  let fkExpr: string | undefined;
  if (fkFieldName !== undefined) {
    fkExpr = `${compiler.alias}.${quoteIdent(fkFieldName)}`;
    fkCol = column(fkExpr);
  }

  const where = [compiler.deletedFilter, compiler.where(query.where)];
  const orderBy = orderBySql(compiler, query.orderBy, `${compiler.alias}.rowid`);
  return {
    compiler,
    params,
    columns,
    root,
    children,
    where,
    orderBy,
    defaultOrder: query.orderBy === undefined,
    limit: query.limit,
    offset: query.offset,
    fkCol,
    fkExpr,
  };
}

/** FIELDS(...), toLabel(...), FORMAT(...), convertCurrency(...) in a non-aggregate SELECT. */
function selectFunction(
  ctx: CompileContext,
  compiler: SelectCompiler,
  query: Query | Subquery,
  scope: TextScope,
  item: FieldFunctionExpression,
  addField: (path: string, transform?: (resolved: ResolvedField) => Converter, exprOf?: (resolved: ResolvedField) => string) => void,
): void {
  const qt = ctx.qt;
  const name = item.functionName.toUpperCase();
  const arg = item.parameters[0];
  if (name === 'FIELDS') {
    const kind = typeof arg === 'string' ? arg.toUpperCase() : '';
    if (kind !== 'ALL' && kind !== 'STANDARD' && kind !== 'CUSTOM') {
      throw qt.error('MALFORMED_QUERY', qt.locate(scope, 'FIELDS', 'SELECT'), `unexpected token: '${String(arg)}'`);
    }
    if (kind !== 'STANDARD' && (query.limit === undefined || query.limit > 200)) {
      throw new SalesforceError(400, 'MALFORMED_QUERY', msg.FIELDS_LIMIT);
    }
    for (const field of compiler.object.fields) {
      if (kind === 'ALL' || (kind === 'CUSTOM') === field.custom) addField(field.name);
    }
    return;
  }
  if (typeof arg !== 'string') {
    throw qt.error('MALFORMED_QUERY', qt.locate(scope, item.functionName, 'SELECT'), `unexpected token: '${item.functionName}'`);
  }
  if (item.alias) {
    throw qt.error('MALFORMED_QUERY', qt.locate(scope, item.alias, 'SELECT'), 'only aggregate expressions use field aliasing');
  }
  if (name === 'TOLABEL') {
    addField(arg, (resolved) => {
      const labels = new Map((resolved.picklist ?? []).map((p) => [p.value, p.label]));
      return (v) => (v === null || v === undefined ? null : (labels.get(String(v)) ?? v));
    });
    return;
  }
  if (name === 'CONVERTCURRENCY') {
    // To the user's currency: the emulator's users keep the corporate currency.
    addField(arg, undefined, (resolved) => {
      const converted = compiler.corporateCurrency(resolved);
      return converted ? `ROUND(${converted.expr}, ${converted.decimals})` : resolved.expr;
    });
    return;
  }
  if (name === 'FORMAT') {
    addField(arg);
    return;
  }
  if (DATE_FUNCTIONS.has(name)) {
    throw qt.error('MALFORMED_QUERY', qt.locate(scope, item.functionName, 'SELECT'), mustBeGroupedText(item));
  }
  throw qt.error('MALFORMED_QUERY', qt.locate(scope, item.functionName, 'SELECT'), `unexpected token: '${item.functionName}'`);
}

function mustBeGroupedText(item: FieldFunctionExpression): string {
  return msg.mustBeGrouped(item.rawValue ?? item.functionName);
}

function planChild(ctx: CompileContext, parent: SelectCompiler, item: FieldSubquery, scope: TextScope): ChildOut {
  const qt = ctx.qt;
  const sub = item.subquery;
  const prefix = sub.sObjectPrefix ?? [];
  if (
    prefix.length > 1 ||
    (prefix.length === 1 && prefix[0].toLowerCase() !== parent.object.name.toLowerCase() && prefix[0].toLowerCase() !== parent.sObjectAlias?.toLowerCase())
  ) {
    throw qt.error('INVALID_TYPE', qt.locate(scope, sub.relationshipName, 'FROM'), msg.unknownRelationshipInFrom([...prefix, sub.relationshipName].join('.')));
  }
  const relationship = ctx.schema.getChildRelationship(parent.object.name, sub.relationshipName);
  const childObject = relationship ? ctx.schema.getObject(relationship.childSObject) : undefined;
  if (!relationship || !childObject) {
    throw qt.error('INVALID_TYPE', qt.locate(scope, sub.relationshipName, 'FROM'), msg.unknownRelationshipInFrom(sub.relationshipName));
  }
  if (sub.groupBy || (sub.fields ?? []).some((f) => f.type === 'FieldFunctionExpression' && AGGREGATE_FUNCTIONS.has(f.functionName.toUpperCase()))) {
    throw qt.error('MALFORMED_QUERY', qt.locate(scope, 'SELECT'), 'Aggregate functions are not supported in a subquery of a relationship');
  }
  checkOffset(sub, qt, scope);
  const plan = planRecords(ctx, sub, childObject, scope, new Params(), relationship.field);
  return { kind: 'child', key: relationship.relationshipName, plan };
}

function planTypeof(compiler: SelectCompiler, item: FieldTypeOf, column: (expr: string) => number): TypeofOut {
  const qt = compiler.qt;
  const join = compiler.resolveRelationship(item.field, 'SELECT');
  if (!join.targets) {
    throw qt.error(
      'MALFORMED_QUERY',
      qt.locate(compiler.scope, item.field, 'SELECT'),
      `TYPEOF can only be used with a polymorphic relationship: ${item.field}`,
    );
  }
  const branches = new Map<string, FieldOut[]>();
  let otherwise: FieldOut[] = [];
  for (const condition of item.conditions) {
    if (condition.type === 'ELSE') {
      otherwise = condition.fieldList.map((name) => {
        const resolved = compiler.resolve(`${item.field}.${name}`, 'SELECT');
        return { kind: 'field', key: resolved.name, col: column(resolved.expr), convert: converterFor(resolved.type) };
      });
      continue;
    }
    const target = join.targets.find((t) => t.object.name.toLowerCase() === (condition.objectType ?? '').toLowerCase());
    if (!target) {
      throw qt.error('INVALID_TYPE', qt.locate(compiler.scope, condition.objectType ?? '', 'SELECT'), msg.unsupportedType(condition.objectType ?? ''));
    }
    const entries = condition.fieldList.map((name): FieldOut => {
      const field = compiler.ctx.schema.getField(target.object.name, name);
      if (!field) throw compiler.fieldError(name, 'SELECT', msg.noSuchColumn(name, target.object.name));
      return { kind: 'field', key: field.name, col: column(`${target.alias}.${quoteIdent(field.name)}`), convert: converterFor(field.type) };
    });
    branches.set(target.object.name, entries);
  }
  return {
    kind: 'typeof',
    key: join.relationshipName,
    idCol: column(join.idExpr),
    typeCol: column(join.typeExpr!),
    branches,
    otherwise,
  };
}

/** ORDER BY for record queries: text case-insensitive, picklists in definition order. */
function orderBySql(compiler: SelectCompiler, orderBy: OrderByClause | OrderByClause[] | undefined, fallback: string): string {
  const clauses = orderBy === undefined ? [] : Array.isArray(orderBy) ? orderBy : [orderBy];
  if (clauses.length === 0) return ` ORDER BY ${fallback}`;
  const parts = clauses.map((clause) => {
    let expr: string;
    if ('field' in clause && clause.field) {
      expr = sortableExpr(compiler.resolve(clause.field, 'ORDER'), compiler);
    } else if ('fn' in clause && clause.fn) {
      const name = (clause.fn.functionName ?? '').toUpperCase();
      const arg = clause.fn.parameters?.[0];
      if (!DATE_FUNCTIONS.has(name) || typeof arg !== 'string') {
        throw compiler.qt.error(
          'MALFORMED_QUERY',
          compiler.qt.locate(compiler.scope, clause.fn.functionName ?? name, 'ORDER'),
          `unexpected token: '${clause.fn.functionName}'`,
        );
      }
      expr = dateFunctionSql(name, compiler.resolve(arg, 'ORDER'), compiler, 'ORDER').expr;
    } else {
      throw compiler.qt.error('MALFORMED_QUERY', compiler.qt.clauseStart(compiler.scope, 'ORDER'), "unexpected token: 'ORDER'");
    }
    return directionSql(expr, clause.order, clause.nulls);
  });
  return ` ORDER BY ${parts.join(', ')}`;
}

function sortableExpr(resolved: ResolvedField, compiler: SelectCompiler): string {
  if (resolved.type === 'picklist' && resolved.picklist?.length) {
    const whens = resolved.picklist.map((p, i) => `WHEN ${compiler.params.bind(p.value)} THEN ${i}`).join(' ');
    const E = resolved.expr;
    return `(CASE WHEN ${E} IS NULL THEN NULL ELSE (CASE ${E} COLLATE NOCASE ${whens} ELSE ${resolved.picklist.length} END) END)`;
  }
  return isTextType(resolved.type) ? `${resolved.expr} COLLATE NOCASE` : resolved.expr;
}

/** Salesforce's defaults (nulls first ascending, last descending) are SQLite's too. */
function directionSql(expr: string, order: string | undefined, nulls: string | undefined): string {
  const direction = order?.toUpperCase() === 'DESC' ? ' DESC' : ' ASC';
  const nullsPart = nulls ? ` NULLS ${nulls.toUpperCase() === 'LAST' ? 'LAST' : 'FIRST'}` : '';
  return `${expr}${direction}${nullsPart}`;
}

// ------------------------------------------------------------------ execution

function recordSql(plan: RecordPlan, extraWhere: string[] = []): string {
  return (
    `SELECT ${plan.columns.join(', ')} FROM ${plan.compiler.fromSql}` +
    whereSql([...plan.where, ...extraWhere]) +
    plan.orderBy +
    limitSql(plan.params, plan.limit, plan.offset)
  );
}

type Builder = (row: unknown[]) => WireRecord;

function topLevelSql(plan: RecordPlan, extra?: ExtraFilter): string {
  const extraWhere = extra ? [extra.sql(plan.compiler.alias, plan.params)] : [];
  if (extra?.defaultOrder && plan.defaultOrder) plan.orderBy = ` ORDER BY ${extra.defaultOrder(plan.compiler.alias, plan.params)}`;
  return recordSql(plan, extraWhere);
}

/** The top-level rows, as arrays of column values (the plan's columns). */
function executeTopLevel(ctx: CompileContext, plan: RecordPlan, extra?: ExtraFilter): unknown[][] {
  return runAll(ctx.store, topLevelSql(plan, extra), plan.params);
}

/**
 * Reads the top-level rows and keeps only their records' JSON text, in the query's API
 * version. Without child subqueries the rows are streamed (each row is garbage as soon as it
 * is written); with them, every parent Id is needed first for the batched child queries.
 */
function serializedSource(ctx: CompileContext, plan: RecordPlan, extra?: ExtraFilter, childLocator?: ChildLocator): QueryRecordSource {
  const builtFor = ctx.options.apiVersion;
  const base = `/services/data/v${builtFor}/sobjects/`;
  const text = new RecordText();
  const sql = topLevelSql(plan, extra);
  if (plan.children.length === 0) {
    const serialize = compileSerializer(plan.root, base, new Map());
    const statement = ctx.store.db.prepare(sql).raw(true);
    const values = plan.params.values;
    const rows = (Object.keys(values).length ? statement.iterate(values) : statement.iterate()) as IterableIterator<unknown[]>;
    for (const row of rows) text.add(serialize(row));
    return textSource(text.finish(), builtFor);
  }
  const rows = runAll(ctx.store, sql, plan.params);
  const childRows = childRowsFor(ctx, plan, rows);
  const paging = new ChildPaging(builtFor, childLocator);
  const serialize = compileSerializer(plan.root, base, childRows, paging);
  const weights = new Uint32Array(rows.length);
  rows.forEach((row, i) => {
    paging.startRecord();
    text.add(serialize(row));
    weights[i] = paging.recordWeight;
  });
  return { ...textSource(text.finish(), builtFor), weights, childSetCount: paging.setCount, childSet: (n) => paging.set(n) };
}

/** Child rows grouped by parent Id, one map per child subquery. */
type ChildRows = Map<ChildOut, Map<string, unknown[][]>>;

/**
 * Runs the plan's child subqueries for these rows (now, with the rows: both belong to the same
 * snapshot) and returns a builder factory per API version; record shapes are compiled once each.
 */
function shaper(ctx: CompileContext, plan: RecordPlan, rows: unknown[][]): (apiVersion: string) => Builder {
  const childRows = childRowsFor(ctx, plan, rows);
  const builders = new Map<string, Builder>();
  return (apiVersion) => {
    let build = builders.get(apiVersion);
    if (!build) {
      build = compileBuilder(plan.root, `/services/data/v${apiVersion}/sobjects/`, childRows);
      builders.set(apiVersion, build);
    }
    return build;
  };
}

function childRowsFor(ctx: CompileContext, plan: RecordPlan, rows: unknown[][]): ChildRows {
  const childRows: ChildRows = new Map();
  if (plan.children.length && rows.length) {
    const ids = rows.map((row) => row[plan.root.idCol] as string);
    for (const child of plan.children) childRows.set(child, executeChild(ctx, child.plan, ids));
  }
  return childRows;
}

const CHILD_BATCH = 5000;

/** Runs a child subquery for a set of parents; returns the child rows grouped by parent Id. */
function executeChild(ctx: CompileContext, plan: RecordPlan, parentIds: string[]): Map<string, unknown[][]> {
  const byParent = new Map<string, unknown[][]>();
  const idsParam = '@__ids';
  const filter = `${plan.fkExpr} IN (SELECT value FROM json_each(${idsParam}))`;
  let sql: string;
  if (plan.limit !== undefined || plan.offset) {
    const order = plan.orderBy.replace(/^ ORDER BY /, '');
    const low = plan.offset ?? 0;
    const high = plan.limit === undefined ? Number.MAX_SAFE_INTEGER : low + plan.limit;
    sql =
      `SELECT * FROM (SELECT ${plan.columns.join(', ')}, ROW_NUMBER() OVER (PARTITION BY ${plan.fkExpr} ORDER BY ${order}) AS "__rn"` +
      ` FROM ${plan.compiler.fromSql}${whereSql([...plan.where, filter])}) WHERE "__rn" > ${plan.params.bind(low)} AND "__rn" <= ${plan.params.bind(high)} ORDER BY "__rn"`;
  } else {
    sql = `SELECT ${plan.columns.join(', ')} FROM ${plan.compiler.fromSql}${whereSql([...plan.where, filter])}${plan.orderBy}`;
  }
  const statement = ctx.store.db.prepare(sql).raw(true);
  const rows: unknown[][] = [];
  for (let i = 0; i < parentIds.length; i += CHILD_BATCH) {
    const values = { ...plan.params.values, __ids: JSON.stringify(parentIds.slice(i, i + CHILD_BATCH)) };
    rows.push(...(statement.all(values) as unknown[][]));
  }
  for (const row of rows) {
    const parentId = row[plan.fkCol!] as string;
    let list = byParent.get(parentId);
    if (!list) byParent.set(parentId, (list = []));
    list.push(row);
  }
  return byParent;
}

function compileBuilder(node: ParentOut, base: string, childRows: ChildRows, paging?: ChildPaging): Builder {
  const steps = node.entries.map((entry): ((row: unknown[], record: WireRecord, id: string) => void) => {
    switch (entry.kind) {
      case 'field': {
        const { key, col, convert } = entry;
        return (row, record) => {
          record[key] = convert(row[col]);
        };
      }
      case 'parent': {
        const nested = compileBuilder(entry, base, childRows, paging);
        const { key, idCol } = entry;
        return (row, record) => {
          record[key] = row[idCol] === null || row[idCol] === undefined ? null : nested(row);
        };
      }
      case 'child': {
        const { key } = entry;
        // A subquery cannot hold another, so child records have no child rows of their own.
        const buildChild = compileBuilder(entry.plan.root, base, new Map());
        const byParent = childRows.get(entry);
        return (_row, record, id) => {
          const children = byParent?.get(id);
          if (!children?.length) record[key] = null;
          else if (paging) record[key] = paging.resultObject(children.map(buildChild));
          else record[key] = { totalSize: children.length, done: true, records: children.map(buildChild) };
        };
      }
      case 'typeof': {
        const { key, idCol, typeCol, branches, otherwise } = entry;
        return (row, record) => {
          const id = row[idCol] as string | null;
          if (id === null || id === undefined) {
            record[key] = null;
            return;
          }
          const type = row[typeCol] as string;
          const nested: WireRecord = { attributes: { type, url: `${base}${type}/${id}` } };
          for (const field of branches.get(type) ?? otherwise) nested[field.key] = field.convert(row[field.col]);
          record[key] = nested;
        };
      }
    }
  });
  const { idCol, typeCol, fixedType } = node;
  return (row) => {
    const id = row[idCol] as string;
    const type = typeCol !== undefined ? (row[typeCol] as string) : fixedType!;
    const record: WireRecord = { attributes: { type, url: `${base}${type}/${id}` } };
    for (const step of steps) step(row, record, id);
    return record;
  };
}

type Serializer = (row: unknown[]) => string;

/** What JSON.stringify escapes in a string: quote, backslash, control characters, lone surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON text of a value as JSON.stringify writes it inside an object; undefined leaves the key out. */
function jsonValue(value: unknown): string | undefined {
  // Most values are plain strings that need no escaping: quoting them is cheaper than a call out.
  if (typeof value === 'string' && !NEEDS_ESCAPE.test(value)) return `"${value}"`;
  return JSON.stringify(value);
}

/**
 * Writes a row's wire record as JSON text directly, byte for byte what
 * JSON.stringify(compileBuilder(...)(row)) gives, without building the record. A plan whose
 * keys repeat within one object (the builder's later assignment wins) goes through the builder.
 */
function compileSerializer(node: ParentOut, base: string, childRows: ChildRows, paging?: ChildPaging): Serializer {
  if (hasRepeatedKeys(node)) {
    const build = compileBuilder(node, base, childRows, paging);
    return (row) => JSON.stringify(build(row));
  }
  return compileNodeSerializer(node, base, childRows, paging);
}

function hasRepeatedKeys(node: ParentOut): boolean {
  const repeated = (keys: string[]) => new Set(keys).size !== keys.length;
  if (repeated(['attributes', ...node.entries.map((e) => e.key)])) return true;
  return node.entries.some((entry) => {
    switch (entry.kind) {
      case 'parent':
        return hasRepeatedKeys(entry);
      case 'child':
        return hasRepeatedKeys(entry.plan.root);
      case 'typeof':
        return [...entry.branches.values(), entry.otherwise].some((fields) => repeated(['attributes', ...fields.map((f) => f.key)]));
      default:
        return false;
    }
  });
}

/** `{"attributes":{...}` (object left open), as JSON.stringify writes { attributes: { type, url } }. */
function attributesText(type: unknown, url: string): string {
  const typeText = jsonValue(type);
  return typeText === undefined ? `{"attributes":{"url":${jsonValue(url)}}` : `{"attributes":{"type":${typeText},"url":${jsonValue(url)}}`;
}

function fieldsSerializer(fields: FieldOut[]): (row: unknown[]) => string {
  const parts = fields.map((f) => ({ prefix: `,${JSON.stringify(f.key)}:`, col: f.col, convert: f.convert }));
  return (row) => {
    let out = '';
    for (const part of parts) {
      const text = jsonValue(part.convert(row[part.col]));
      if (text !== undefined) out += part.prefix + text;
    }
    return out;
  };
}

function compileNodeSerializer(node: ParentOut, base: string, childRows: ChildRows, paging?: ChildPaging): Serializer {
  const steps = node.entries.map((entry): ((row: unknown[], id: string) => string) => {
    const prefix = `,${JSON.stringify(entry.key)}:`;
    switch (entry.kind) {
      case 'field': {
        const { col, convert } = entry;
        return (row) => {
          const text = jsonValue(convert(row[col]));
          return text === undefined ? '' : prefix + text;
        };
      }
      case 'parent': {
        const nested = compileNodeSerializer(entry, base, childRows, paging);
        const { idCol } = entry;
        return (row) => prefix + (row[idCol] === null || row[idCol] === undefined ? 'null' : nested(row));
      }
      case 'child': {
        const serializeChild = compileNodeSerializer(entry.plan.root, base, new Map());
        const byParent = childRows.get(entry);
        return (_row, id) => {
          const children = byParent?.get(id);
          if (!children?.length) return `${prefix}null`;
          if (paging) return prefix + paging.resultText(children.map(serializeChild));
          return `${prefix}{"totalSize":${children.length},"done":true,"records":[${children.map(serializeChild).join(',')}]}`;
        };
      }
      case 'typeof': {
        const { idCol, typeCol } = entry;
        const branches = new Map([...entry.branches].map(([type, fields]) => [type, fieldsSerializer(fields)]));
        const otherwise = fieldsSerializer(entry.otherwise);
        return (row) => {
          const id = row[idCol] as string | null;
          if (id === null || id === undefined) return `${prefix}null`;
          const type = row[typeCol] as string;
          return `${prefix}${attributesText(type, `${base}${type}/${id}`)}${(branches.get(type) ?? otherwise)(row)}}`;
        };
      }
    }
  });
  const { idCol, typeCol, fixedType } = node;
  const fixedHead = fixedType === undefined ? undefined : `{"attributes":{"type":${JSON.stringify(fixedType)},"url":`;
  return (row) => {
    const id = row[idCol] as string;
    const type = typeCol !== undefined ? (row[typeCol] as string) : fixedType!;
    let out =
      typeCol === undefined && fixedHead !== undefined ? `${fixedHead}${jsonValue(`${base}${type}/${id}`)}}` : attributesText(type, `${base}${type}/${id}`);
    for (const step of steps) out += step(row, id);
    return `${out}}`;
  };
}

// ------------------------------------------------------------------ COUNT()

function runCountQuery(ctx: CompileContext, query: Query, object: ObjectDef, scope: TextScope, extra?: ExtraFilter): QueryResultSet {
  const params = new Params();
  const compiler = new SelectCompiler(ctx, object, scope, params, query.sObjectAlias);
  const where = [compiler.deletedFilter, compiler.where(query.where)];
  if (extra) where.push(extra.sql(compiler.alias, params));
  let inner: string;
  if (query.groupBy) {
    const groups = groupByExprs(compiler, query.groupBy);
    inner = `SELECT 1 FROM ${compiler.fromSql}${whereSql(where)} GROUP BY ${groups.map((g) => g.expr).join(', ')}`;
  } else {
    inner = `SELECT 1 FROM ${compiler.fromSql}${whereSql(where)}`;
  }
  inner += limitSql(params, query.limit, query.offset);
  const rows = runAll(ctx.store, `SELECT COUNT(*) FROM (${inner})`, params);
  return { totalSize: Number(rows[0]?.[0] ?? 0), records: [] };
}

// ------------------------------------------------------------------ aggregates

interface GroupExpr {
  expr: string;
  /** Lower-case identity used to match SELECT items: field path or 'FN(path)'. */
  identity: string;
  type: FieldType;
}

const NOT_GROUPABLE = new Set<FieldType>(['textarea', 'multipicklist', 'double', 'currency', 'percent', 'datetime']);

function groupByExprs(compiler: SelectCompiler, groupBy: GroupByClause | GroupByClause[]): GroupExpr[] {
  const qt = compiler.qt;
  const clauses = Array.isArray(groupBy) ? groupBy : [groupBy];
  return clauses.map((clause) => {
    if ('field' in clause && clause.field) {
      const resolved = compiler.resolve(clause.field, 'GROUP');
      if (NOT_GROUPABLE.has(resolved.type)) {
        throw qt.error('MALFORMED_QUERY', qt.locate(compiler.scope, clause.field, 'GROUP'), msg.cannotGroup(resolved.name));
      }
      return { expr: resolved.expr, identity: resolved.path.toLowerCase(), type: resolved.type };
    }
    const fn = (clause as { fn: FunctionExp }).fn;
    const name = (fn.functionName ?? '').toUpperCase();
    const arg = fn.parameters?.[0];
    if (!DATE_FUNCTIONS.has(name) || typeof arg !== 'string') {
      throw qt.error('MALFORMED_QUERY', qt.locate(compiler.scope, fn.functionName ?? name, 'GROUP'), `GROUP BY ${name} is not supported by the emulator`);
    }
    const resolved = compiler.resolve(arg, 'GROUP');
    const { expr, type } = dateFunctionSql(name, resolved, compiler, 'GROUP');
    return { expr, identity: `${name}(${resolved.path.toLowerCase()})`, type };
  });
}

/** SQL and result type of an aggregate function call (COUNT(Id), SUM(Amount), ...). */
function aggregateSql(compiler: SelectCompiler, fn: { functionName?: string; parameters?: unknown[] }, clause: string): { expr: string; type: FieldType } {
  const qt = compiler.qt;
  const name = (fn.functionName ?? '').toUpperCase();
  const arg = fn.parameters?.[0];
  if (name === 'COUNT' && arg === undefined) return { expr: 'COUNT(*)', type: 'int' };
  if (typeof arg !== 'string') {
    throw qt.error('MALFORMED_QUERY', qt.locate(compiler.scope, fn.functionName ?? name, clause), `unexpected token: '${fn.functionName}'`);
  }
  const resolved = compiler.resolve(arg, clause);
  const unsupported = (): SalesforceError =>
    qt.error('MALFORMED_QUERY', qt.locateAfter(compiler.scope, fn.functionName ?? name, arg, clause), msg.aggregateNotSupported(resolved.name, name));
  const type = resolved.type;
  switch (name) {
    case 'COUNT':
    case 'COUNT_DISTINCT':
      if (type === 'boolean' || type === 'textarea' || type === 'multipicklist') throw unsupported();
      return { expr: name === 'COUNT' ? `COUNT(${resolved.expr})` : `COUNT(DISTINCT ${resolved.expr})`, type: 'int' };
    case 'SUM':
    case 'AVG': {
      if (!NUMBER_TYPES.has(type)) throw unsupported();
      const resultType: FieldType = name === 'AVG' ? 'double' : type === 'int' ? 'int' : 'double';
      // In a multi-currency org, aggregates of currency fields are in the corporate currency.
      const converted = compiler.corporateCurrency(resolved);
      if (converted) return { expr: `ROUND(${name}(${converted.expr}), ${converted.decimals})`, type: resultType };
      return { expr: `${name}(${resolved.expr})`, type: resultType };
    }
    case 'MIN':
    case 'MAX': {
      if (type === 'boolean' || type === 'textarea' || type === 'multipicklist') throw unsupported();
      const converted = compiler.corporateCurrency(resolved);
      if (converted) return { expr: `ROUND(${name}(${converted.expr}), ${converted.decimals})`, type };
      return { expr: `${name}(${resolved.expr})`, type };
    }
  }
  throw qt.error('MALFORMED_QUERY', qt.locate(compiler.scope, fn.functionName ?? name, clause), `unexpected token: '${fn.functionName}'`);
}

function runAggregateQuery(ctx: CompileContext, query: Query, object: ObjectDef, scope: TextScope, extra?: ExtraFilter): QueryResultSet {
  const qt = ctx.qt;
  const params = new Params();
  const compiler = new SelectCompiler(ctx, object, scope, params, query.sObjectAlias);
  const groups = query.groupBy ? groupByExprs(compiler, query.groupBy) : [];
  const groupIdentities = new Set(groups.map((g) => g.identity));
  const columns: Array<{ expr: string; key: string; convert: Converter }> = [];
  const keys = new Set<string>();
  let exprIndex = 0;

  const addColumn = (expr: string, key: string, type: FieldType): void => {
    if (keys.has(key.toLowerCase())) throw new SalesforceError(400, 'INVALID_FIELD', `duplicate alias: ${key}`);
    keys.add(key.toLowerCase());
    columns.push({ expr, key, convert: converterFor(type) });
  };

  for (const item of query.fields ?? []) {
    selectAggregateItem(item);
  }

  function selectAggregateItem(item: SelectItem): void {
    switch (item.type) {
      case 'Field':
      case 'FieldRelationship': {
        const written = item.type === 'Field' ? item.field : (item.rawValue ?? [...item.relationships, item.field].join('.'));
        const resolved = compiler.resolve(written, 'SELECT');
        if (!groupIdentities.has(resolved.path.toLowerCase())) {
          throw qt.error('MALFORMED_QUERY', qt.locate(scope, written, 'SELECT'), msg.mustBeGrouped(written));
        }
        const alias = 'alias' in item ? item.alias : undefined;
        addColumn(resolved.expr, alias ?? resolved.name, resolved.type);
        return;
      }
      case 'FieldFunctionExpression': {
        const name = item.functionName.toUpperCase();
        if (AGGREGATE_FUNCTIONS.has(name)) {
          if (name === 'COUNT' && item.parameters.length === 0) {
            throw qt.error('MALFORMED_QUERY', qt.locate(scope, 'COUNT', 'SELECT'), "unexpected token: 'COUNT'");
          }
          const { expr, type } = aggregateSql(compiler, item, 'SELECT');
          addColumn(expr, item.alias ?? `expr${exprIndex++}`, type);
          return;
        }
        if (DATE_FUNCTIONS.has(name)) {
          const arg = item.parameters[0];
          if (typeof arg !== 'string') break;
          const resolved = compiler.resolve(arg, 'SELECT');
          if (!groupIdentities.has(`${name}(${resolved.path.toLowerCase()})`)) {
            throw qt.error('MALFORMED_QUERY', qt.locate(scope, item.functionName, 'SELECT'), msg.mustBeGrouped(item.rawValue ?? name));
          }
          const { expr, type } = dateFunctionSql(name, resolved, compiler, 'SELECT');
          addColumn(expr, item.alias ?? `expr${exprIndex++}`, type);
          return;
        }
        if (name === 'TOLABEL' || name === 'FORMAT' || name === 'CONVERTCURRENCY') {
          const arg = item.parameters[0];
          if (typeof arg === 'string') {
            selectAggregateItem({ type: 'Field', field: arg, alias: item.alias });
            return;
          }
        }
        throw qt.error('MALFORMED_QUERY', qt.locate(scope, item.functionName, 'SELECT'), `unexpected token: '${item.functionName}'`);
      }
      case 'FieldSubquery':
        throw qt.error('MALFORMED_QUERY', qt.locate(scope, 'SELECT', 'SELECT'), 'Aggregate functions are not supported with relationship subqueries');
      case 'FieldTypeof':
        throw qt.error('MALFORMED_QUERY', qt.locate(scope, 'TYPEOF', 'SELECT'), 'TYPEOF is not supported with aggregate functions');
    }
    throw qt.error('MALFORMED_QUERY', qt.clauseStart(scope, 'SELECT'), "unexpected token: 'SELECT'");
  }

  const where = [compiler.deletedFilter, compiler.where(query.where)];
  if (extra) where.push(extra.sql(compiler.alias, params));
  const having = compiler.having(query.having, (fn) => aggregateSql(compiler, fn, 'HAVING'));
  const orderClauses = query.orderBy === undefined ? [] : Array.isArray(query.orderBy) ? query.orderBy : [query.orderBy];
  const order = orderClauses.map((clause) => {
    if ('fn' in clause && clause.fn) {
      const name = (clause.fn.functionName ?? '').toUpperCase();
      const arg = clause.fn.parameters?.[0];
      const expr =
        DATE_FUNCTIONS.has(name) && typeof arg === 'string'
          ? dateFunctionSql(name, compiler.resolve(arg, 'ORDER'), compiler, 'ORDER').expr
          : aggregateSql(compiler, clause.fn, 'ORDER').expr;
      return directionSql(expr, clause.order, clause.nulls);
    }
    const field = (clause as { field: string }).field;
    const resolved = compiler.resolve(field, 'ORDER');
    if (groups.length && !groupIdentities.has(resolved.path.toLowerCase())) {
      throw qt.error('MALFORMED_QUERY', qt.locate(scope, field, 'ORDER'), `Ordered field must be grouped or aggregated: ${field}`);
    }
    return directionSql(sortableExpr(resolved, compiler), clause.order, clause.nulls);
  });

  const sql =
    `SELECT ${columns.map((c) => c.expr).join(', ')} FROM ${compiler.fromSql}` +
    whereSql(where) +
    (groups.length ? ` GROUP BY ${groups.map((g) => g.expr).join(', ')}` : '') +
    (having ? ` HAVING ${having}` : '') +
    (order.length ? ` ORDER BY ${order.join(', ')}` : groups.length ? ` ORDER BY ${groups.map((g) => g.expr).join(', ')}` : '') +
    limitSql(params, query.limit, query.offset);
  const rows = runAll(ctx.store, sql, params);
  const records = rows.map((row) => {
    const record: WireRecord = { attributes: { type: 'AggregateResult' } };
    columns.forEach((c, i) => {
      record[c.key] = c.convert(row[i]);
    });
    return record;
  });
  return { totalSize: records.length, records };
}
