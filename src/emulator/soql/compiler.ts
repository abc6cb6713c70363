/**
 * Name resolution and WHERE/HAVING translation: SOQL field paths become SQL expressions over the
 * store's tables (one LEFT JOIN per parent relationship), and conditions become parameterised
 * SQL with Salesforce's two-valued null semantics (`Industry != 'X'` keeps rows whose Industry
 * is null; `NOT (A = 1)` does too).
 */
import type { Condition, ConditionWithValueQuery, FunctionExp, HavingClause, LiteralType, Operator, Query, WhereClause } from '@jetstreamapp/soql-parser-js';
import { SalesforceError } from '../errors';
import type { OrgCurrencies } from '../org/currencies';
import { fiscalNameOffset, type FiscalYearSettings } from '../org/fiscal';
import type { FieldDef, FieldType, ObjectDef, OrgSchema, OrgStore, PicklistValue } from '../org/types';
import { dateLiteralRange, type DayRange } from './date-literals';
import { canonicalDate, canonicalDateTime, canonicalId, unquoteString } from './literals';
import * as msg from './messages';
import type { QueryText, TextScope } from './query-text';

export interface CompileOptions {
  includeDeleted: boolean;
  apiVersion: string;
}

/** State shared by every SELECT compiled for one request. */
export class CompileContext {
  readonly schema: OrgSchema;
  readonly now: Date;
  private aliasSeq = 0;
  private fiscalSettings?: FiscalYearSettings;
  private currencySettings?: { value: OrgCurrencies | undefined };

  constructor(
    readonly store: OrgStore,
    readonly qt: QueryText,
    readonly options: CompileOptions,
  ) {
    this.schema = store.schema;
    this.now = store.now();
  }

  nextAlias(): string {
    return `t${this.aliasSeq++}`;
  }

  /** The org's fiscal year (read once per request, when a fiscal literal or function needs it). */
  get fiscal(): FiscalYearSettings {
    this.fiscalSettings ??= this.store.fiscalYear();
    return this.fiscalSettings;
  }

  /** A multi-currency org's currencies and rates; undefined in a single-currency org. */
  get currencies(): OrgCurrencies | undefined {
    this.currencySettings ??= { value: this.store.currencies() };
    return this.currencySettings.value;
  }

  objectOrThrow(name: string, scope: TextScope): ObjectDef {
    const object = this.schema.getObject(name);
    if (!object || !object.queryable) {
      throw this.qt.error('INVALID_TYPE', this.qt.locate(scope, name, 'FROM'), msg.unsupportedType(name));
    }
    return object;
  }
}

/** Named SQL parameters of one statement; user values never enter the SQL text. */
export class Params {
  readonly values: Record<string, unknown> = {};
  private seq = 0;

  bind(value: unknown): string {
    const name = `p${this.seq++}`;
    this.values[name] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    return `@${name}`;
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const TEXT_TYPES = new Set<FieldType>(['string', 'textarea', 'email', 'phone', 'url', 'picklist', 'combobox', 'multipicklist']);
const ID_TYPES = new Set<FieldType>(['id', 'reference']);
export const NUMBER_TYPES = new Set<FieldType>(['int', 'double', 'currency', 'percent']);

export function isTextType(type: FieldType): boolean {
  return TEXT_TYPES.has(type);
}

/** Fields a polymorphic relationship (Who, What, Owner) exposes through Salesforce's Name entity. */
const NAME_ENTITY_FIELDS = [
  'Id',
  'Name',
  'Type',
  'Alias',
  'Email',
  'FirstName',
  'LastName',
  'IsActive',
  'Phone',
  'Title',
  'Username',
  'ProfileId',
  'UserRoleId',
];

export interface JoinInfo {
  pathKey: string;
  relationshipName: string;
  /** Single-target join. */
  alias?: string;
  object?: ObjectDef;
  /** Polymorphic join: one LEFT JOIN per possible target. */
  targets?: Array<{ object: ObjectDef; alias: string }>;
  /** SQL for the parent's Id (null when there is no parent). */
  idExpr: string;
  /** SQL for the parent's sObject type name (polymorphic joins only). */
  typeExpr?: string;
}

export interface ResolvedField {
  expr: string;
  type: FieldType;
  /** Canonical API name of the last path segment. */
  name: string;
  field?: FieldDef;
  /** Canonical relationship steps from the query's object to the field's object. */
  joins: JoinInfo[];
  /** Canonical dotted path, e.g. 'Account.Owner.Name'. */
  path: string;
  picklist?: PicklistValue[];
}

type BoolNode = { kind: 'and' | 'or'; items: BoolNode[] } | { kind: 'not'; item: BoolNode } | { kind: 'cond'; cond: ConditionWithValueQuery };

type FlatToken = '(' | ')' | 'AND' | 'OR' | 'NOT' | { cond: ConditionWithValueQuery };

/** How the left side of a HAVING condition that names an aggregate is turned into SQL. */
export type AggregateResolver = (fn: FunctionExp) => { expr: string; type: FieldType };

/** One SELECT being compiled: its object, table alias, joins and parameters. */
export class SelectCompiler {
  readonly alias: string;
  private readonly joinClauses: string[] = [];
  private readonly joinByPath = new Map<string, JoinInfo>();
  private semiJoinIndex = 0;
  /** True for the subquery of a semi-join, where no other semi-join may stand. */
  insideSemiJoin = false;

  constructor(
    readonly ctx: CompileContext,
    readonly object: ObjectDef,
    readonly scope: TextScope,
    readonly params: Params,
    readonly sObjectAlias?: string,
  ) {
    this.alias = ctx.nextAlias();
  }

  get qt(): QueryText {
    return this.ctx.qt;
  }

  get fromSql(): string {
    return [`${quoteIdent(this.object.name)} ${this.alias}`, ...this.joinClauses].join(' ');
  }

  /** The row filter every query gets: live rows only, unless queryAll. */
  get deletedFilter(): string | undefined {
    return this.ctx.options.includeDeleted ? undefined : `${this.alias}."IsDeleted" = 0`;
  }

  fieldError(path: string, clause: string | undefined, message: string, code = 'INVALID_FIELD'): SalesforceError {
    return this.qt.error(code, this.qt.locate(this.scope, path, clause), message);
  }

  /** Splits a written path and drops a leading object name or alias (`a.Name`, `Account.Name`). */
  private pathParts(path: string): string[] {
    const parts = path.split('.');
    if (parts.length > 1) {
      const head = parts[0].toLowerCase();
      const isAlias = this.sObjectAlias !== undefined && head === this.sObjectAlias.toLowerCase();
      const isSelf = head === this.object.name.toLowerCase() && !this.ctx.schema.getRelationshipField(this.object.name, parts[0]);
      if (isAlias || isSelf) parts.shift();
    }
    return parts;
  }

  /** Resolves a field path (`Name`, `Account.Owner.Name`, `What.Name`) to SQL. */
  resolve(path: string, clause?: string): ResolvedField {
    const parts = this.pathParts(path);
    let object = this.object;
    let alias = this.alias;
    let pathKey = '';
    const joins: JoinInfo[] = [];
    const canonical: string[] = [];
    for (let i = 0; i < parts.length - 1; i++) {
      const relName = parts[i];
      const refField = this.ctx.schema.getRelationshipField(object.name, relName);
      if (!refField || !refField.referenceTo?.length) {
        throw this.fieldError(path, clause, msg.unknownRelationshipInPath(relName));
      }
      pathKey = `${pathKey}.${refField.relationshipName ?? relName}`.toLowerCase();
      const join = this.ensureJoin(pathKey, alias, refField);
      joins.push(join);
      canonical.push(join.relationshipName);
      if (join.targets) {
        if (i !== parts.length - 2) {
          throw this.fieldError(path, clause, msg.unknownRelationshipInPath(parts[i + 1]));
        }
        return this.resolvePolymorphic(join, parts[parts.length - 1], joins, canonical, path, clause);
      }
      object = join.object!;
      alias = join.alias!;
    }
    const last = parts[parts.length - 1];
    const field = this.ctx.schema.getField(object.name, last);
    if (!field) throw this.fieldError(path, clause, msg.noSuchColumn(last, object.name));
    canonical.push(field.name);
    return {
      expr: `${alias}.${quoteIdent(field.name)}`,
      type: field.type,
      name: field.name,
      field,
      joins,
      path: canonical.join('.'),
      picklist: field.picklistValues,
    };
  }

  /**
   * A multi-currency org's currency field converted to the corporate currency (the value divided
   * by its record's CurrencyType.ConversionRate), with the corporate currency's decimal places;
   * undefined in a single-currency org or for other fields. Salesforce: "If a query includes a
   * GROUP BY or HAVING clause, any currency data returned by using an aggregate function, such as
   * SUM() or MAX(), is in the org's default currency"; `Amount > USD5000` compares "the record's
   * currency Amount value" with "the equivalent of USD5000".
   */
  corporateCurrency(resolved: ResolvedField): { expr: string; decimals: number } | undefined {
    const currencies = this.ctx.currencies;
    const alias = this.currencyRecordAlias(resolved);
    if (!currencies || alias === undefined) return undefined;
    const cases = [...currencies.rates].map(([code, { rate }]) => `WHEN ${this.params.bind(code)} THEN ${this.params.bind(rate)}`).join(' ');
    return {
      expr: `(${resolved.expr} / (CASE ${alias}."CurrencyIsoCode" ${cases} ELSE 1 END))`,
      decimals: currencies.rates.get(currencies.corporate)?.decimals ?? 2,
    };
  }

  /** The table alias of a multi-currency record holding this currency field (else undefined). */
  private currencyRecordAlias(resolved: ResolvedField): string | undefined {
    if (!this.ctx.currencies || resolved.type !== 'currency') return undefined;
    const last = resolved.joins[resolved.joins.length - 1];
    const alias = last ? last.alias : this.alias;
    const object = last ? last.object : this.object;
    return alias && object && this.ctx.schema.getField(object.name, 'CurrencyIsoCode') ? alias : undefined;
  }

  /** Resolves a relationship path (no field) to its join, e.g. `What` in TYPEOF. */
  resolveRelationship(path: string, clause?: string): JoinInfo {
    const parts = this.pathParts(`${path}.Id`);
    const resolved = this.resolve(parts.join('.'), clause);
    const join = resolved.joins[resolved.joins.length - 1];
    if (!join) throw this.fieldError(path, clause, msg.unknownRelationshipInPath(path));
    return join;
  }

  private resolvePolymorphic(
    join: JoinInfo,
    fieldName: string,
    joins: JoinInfo[],
    canonical: string[],
    path: string,
    clause: string | undefined,
  ): ResolvedField {
    const targets = join.targets!;
    const known = NAME_ENTITY_FIELDS.find((f) => f.toLowerCase() === fieldName.toLowerCase());
    if (!known) throw this.fieldError(path, clause, msg.noSuchColumn(fieldName, 'Name'));
    canonical.push(known);
    const base = { name: known, joins, path: canonical.join('.') };
    if (known === 'Id') return { ...base, expr: join.idExpr, type: 'id' };
    if (known === 'Type') return { ...base, expr: join.typeExpr!, type: 'string' };
    const parts: string[] = [];
    let type: FieldType = 'string';
    for (const target of targets) {
      const field =
        known === 'Name'
          ? (target.object.fields.find((f) => f.nameField) ?? this.ctx.schema.getField(target.object.name, 'Name'))
          : this.ctx.schema.getField(target.object.name, known);
      if (!field) continue;
      type = field.type;
      parts.push(`${target.alias}.${quoteIdent(field.name)}`);
    }
    const expr = parts.length === 0 ? 'NULL' : parts.length === 1 ? parts[0] : `COALESCE(${parts.join(', ')})`;
    return { ...base, expr, type };
  }

  private ensureJoin(pathKey: string, fromAlias: string, refField: FieldDef): JoinInfo {
    const existing = this.joinByPath.get(pathKey);
    if (existing) return existing;
    const fk = `${fromAlias}.${quoteIdent(refField.name)}`;
    const relationshipName = refField.relationshipName ?? refField.name;
    const targetObjects = (refField.referenceTo ?? []).map((name) => this.ctx.schema.getObject(name)).filter((o): o is ObjectDef => o !== undefined);
    let join: JoinInfo;
    if ((refField.referenceTo ?? []).length > 1) {
      const targets = targetObjects.map((object) => ({ object, alias: this.ctx.nextAlias() }));
      for (const target of targets) {
        this.joinClauses.push(`LEFT JOIN ${quoteIdent(target.object.name)} ${target.alias} ON ${target.alias}."Id" = ${fk}`);
      }
      const ids = targets.map((t) => `${t.alias}."Id"`);
      const idExpr = ids.length === 0 ? 'NULL' : ids.length === 1 ? ids[0] : `COALESCE(${ids.join(', ')})`;
      const typeExpr =
        targets.length === 0
          ? 'NULL'
          : `CASE ${targets.map((t) => `WHEN ${t.alias}."Id" IS NOT NULL THEN '${t.object.name.replace(/'/g, "''")}'`).join(' ')} END`;
      join = { pathKey, relationshipName, targets, idExpr, typeExpr };
    } else {
      const object = targetObjects[0];
      if (!object) throw new SalesforceError(500, 'UNKNOWN_EXCEPTION', `Relationship ${relationshipName} has no target object`);
      const alias = this.ctx.nextAlias();
      this.joinClauses.push(`LEFT JOIN ${quoteIdent(object.name)} ${alias} ON ${alias}."Id" = ${fk}`);
      join = { pathKey, relationshipName, alias, object, idExpr: `${alias}."Id"` };
    }
    this.joinByPath.set(pathKey, join);
    return join;
  }

  // ---------------------------------------------------------------- WHERE / HAVING

  /** SQL for a WHERE clause (or undefined when there is none). */
  where(clause: WhereClause | undefined): string | undefined {
    if (!clause) return undefined;
    const tree = this.buildTree(clause, 'WHERE');
    this.checkSemiJoins(tree);
    return this.boolSql(tree, false, 'WHERE');
  }

  /**
   * Where semi-joins and anti-joins may stand (messages.ts): only as the whole WHERE or one of its
   * top-level AND terms (a parenthesised AND group inside the top-level AND counts as top level),
   * at most two, never inside another semi-join's subquery. Checked before any SQL is written,
   * in that order; the error points at the offending subquery.
   */
  private checkSemiJoins(tree: BoolNode): void {
    const found: Array<{ placement: 'top' | 'or' | 'nested' }> = [];
    const visit = (node: BoolNode, placement: 'top' | 'or' | 'nested'): void => {
      if (node.kind === 'cond') {
        if ('valueQuery' in node.cond && node.cond.valueQuery) found.push({ placement });
      } else if (node.kind === 'not') {
        visit(node.item, 'nested');
      } else {
        const inner = node.kind === 'and' ? placement : placement === 'top' && node === tree ? 'or' : 'nested';
        for (const item of node.items) visit(item, inner === 'or' && item.kind !== 'cond' ? 'nested' : inner);
      }
    };
    visit(tree, 'top');
    if (!found.length) return;
    const scopes = this.qt.subqueryScopes(this.scope, 'WHERE');
    const at = (index: number) => scopes[index]?.start ?? this.qt.clauseStart(this.scope, 'WHERE');
    if (this.insideSemiJoin) throw this.qt.error('MALFORMED_QUERY', at(0), msg.SEMI_JOIN_NESTED);
    if (found.length > msg.MAX_SEMI_JOINS) throw this.qt.error('MALFORMED_QUERY', at(msg.MAX_SEMI_JOINS), msg.TOO_MANY_SEMI_JOINS);
    const orIndex = found.findIndex((f) => f.placement === 'or');
    if (orIndex >= 0) throw this.qt.error('MALFORMED_QUERY', at(orIndex), msg.SEMI_JOIN_WITH_OR);
    const nestedIndex = found.findIndex((f) => f.placement === 'nested');
    if (nestedIndex >= 0) throw this.qt.error('MALFORMED_QUERY', at(nestedIndex), msg.SEMI_JOIN_NOT_TOP_LEVEL);
  }

  /** SQL for a HAVING clause; aggregates on the left go through `aggregate`. */
  having(clause: HavingClause | undefined, aggregate: AggregateResolver): string | undefined {
    if (!clause) return undefined;
    const tree = this.buildTree(clause as WhereClause, 'HAVING');
    return this.boolSql(tree, false, 'HAVING', aggregate);
  }

  private buildTree(clause: WhereClause, keyword: 'WHERE' | 'HAVING'): BoolNode {
    const flat: FlatToken[] = [];
    let node: WhereClause | undefined = clause;
    while (node) {
      const current: WhereClause = node;
      const left = current.left as (ConditionWithValueQuery & { openParen?: number; closeParen?: number }) | null;
      if ('operator' in current && current.operator === 'NOT' && (left === null || !('operator' in left))) {
        for (let i = 0; i < (left?.openParen ?? 0); i++) flat.push('(');
        flat.push('NOT');
        node = 'right' in current ? current.right : undefined;
        continue;
      }
      if (left) {
        for (let i = 0; i < (left.openParen ?? 0); i++) flat.push('(');
        flat.push({ cond: left });
        for (let i = 0; i < (left.closeParen ?? 0); i++) flat.push(')');
      }
      if ('operator' in current && current.operator && 'right' in current && current.right) {
        flat.push(current.operator);
        node = current.right;
      } else {
        node = undefined;
      }
    }

    let pos = 0;
    let logicalIndex = 0;
    const mixError = (): SalesforceError => {
      const operators = this.qt.logicalOperators(this.scope, keyword);
      const token = operators[logicalIndex - 1] ?? operators[operators.length - 1];
      const offset = token ? token.start : this.qt.clauseStart(this.scope, keyword);
      return this.qt.error('MALFORMED_QUERY', offset, `unexpected token: '${token?.text ?? 'OR'}'`);
    };
    const sequence = (): BoolNode => {
      const items = [unary()];
      let op: 'AND' | 'OR' | undefined;
      while (flat[pos] === 'AND' || flat[pos] === 'OR') {
        const next = flat[pos++] as 'AND' | 'OR';
        logicalIndex++;
        if (op && op !== next) throw mixError();
        op = next;
        items.push(unary());
      }
      return items.length === 1 ? items[0] : { kind: op === 'AND' ? 'and' : 'or', items };
    };
    const unary = (): BoolNode => {
      const token = flat[pos++];
      if (token === 'NOT') return { kind: 'not', item: unary() };
      if (token === '(') {
        const inner = sequence();
        if (flat[pos] === ')') pos++;
        return inner;
      }
      if (token && typeof token === 'object') return { kind: 'cond', cond: token.cond };
      throw this.qt.error('MALFORMED_QUERY', this.qt.clauseStart(this.scope, keyword), `unexpected token: '${keyword}'`);
    };
    return sequence();
  }

  private boolSql(node: BoolNode, negate: boolean, clause: 'WHERE' | 'HAVING', aggregate?: AggregateResolver): string {
    switch (node.kind) {
      case 'not':
        return this.boolSql(node.item, !negate, clause, aggregate);
      case 'and':
      case 'or': {
        const joiner = (node.kind === 'and') !== negate ? ' AND ' : ' OR ';
        return `(${node.items.map((item) => this.boolSql(item, negate, clause, aggregate)).join(joiner)})`;
      }
      case 'cond':
        return this.conditionSql(node.cond, negate, clause, aggregate);
    }
  }

  /** Left side of a condition: a field path, a date function of a field, or an aggregate. */
  private conditionLeft(
    cond: ConditionWithValueQuery,
    clause: 'WHERE' | 'HAVING',
    aggregate?: AggregateResolver,
  ): { expr: string; type: FieldType; label: string; resolved?: ResolvedField } {
    if ('fn' in cond && cond.fn) {
      const fn = cond.fn;
      const name = (fn.functionName ?? '').toUpperCase();
      if (AGGREGATE_FUNCTIONS.has(name)) {
        if (!aggregate) {
          throw this.qt.error(
            'MALFORMED_QUERY',
            this.qt.locate(this.scope, fn.functionName ?? name, clause),
            `Aggregate functions are not allowed in the ${clause} clause`,
          );
        }
        const { expr, type } = aggregate(fn);
        return { expr, type, label: fn.rawValue ?? name };
      }
      const arg = fn.parameters?.[0];
      if (!DATE_FUNCTIONS.has(name) || typeof arg !== 'string') {
        throw this.qt.error('MALFORMED_QUERY', this.qt.locate(this.scope, fn.functionName ?? name, clause), `unexpected token: '${fn.functionName}'`);
      }
      const resolved = this.resolve(arg, clause);
      return { ...dateFunctionSql(name, resolved, this, clause), label: fn.rawValue ?? name };
    }
    const field = (cond as Condition & { field: string }).field;
    const resolved = this.resolve(field, clause);
    return { expr: resolved.expr, type: resolved.type, label: resolved.name, resolved };
  }

  private conditionSql(cond: ConditionWithValueQuery, negate: boolean, clause: 'WHERE' | 'HAVING', aggregate?: AggregateResolver): string {
    let left = this.conditionLeft(cond, clause, aggregate);
    const literalTypes = [(cond as { literalType?: LiteralType | LiteralType[] }).literalType ?? []].flat();
    if (left.resolved && literalTypes.some((t) => t === 'INTEGER_WITH_CURRENCY_PREFIX' || t === 'DECIMAL_WITH_CURRENCY_PREFIX')) {
      // ISO-coded amounts compare in the corporate currency on both sides (see corporateCurrency).
      const converted = this.corporateCurrency(left.resolved);
      if (converted) left = { ...left, expr: converted.expr };
    }
    const operator = (cond as { operator: Operator }).operator.toUpperCase() as Operator;
    const where = (): number => this.qt.locate(this.scope, (cond as { field?: string }).field ?? left.label.split('(')[0], clause);
    const E = left.expr;

    // A leaf is {core, nulls}: `nulls` says whether rows with a null left side satisfy it.
    let core: string;
    let nulls: boolean;
    let twoValued = false;

    if ('valueQuery' in cond && cond.valueQuery) {
      const sub = this.semiJoin(cond.valueQuery, left, clause);
      if (operator === 'IN') {
        core = `${E} IN (${sub})`;
        nulls = false;
      } else if (operator === 'NOT IN') {
        core = `${E} NOT IN (${sub})`;
        nulls = true;
      } else {
        throw this.qt.error('MALFORMED_QUERY', where(), `unexpected token: '${operator}'`);
      }
    } else {
      const c = cond as Condition & { value: string | string[]; literalType?: LiteralType | LiteralType[]; dateLiteralVariable?: number | number[] };
      const rawValues = Array.isArray(c.value) ? c.value : [c.value];
      const literalTypes = Array.isArray(c.literalType) ? c.literalType : rawValues.map(() => c.literalType as LiteralType);
      const dateVars = Array.isArray(c.dateLiteralVariable) ? c.dateLiteralVariable : rawValues.map(() => c.dateLiteralVariable as number | undefined);
      const isList = operator === 'IN' || operator === 'NOT IN' || operator === 'INCLUDES' || operator === 'EXCLUDES';
      if (!isList && rawValues.length !== 1) {
        throw this.qt.error('MALFORMED_QUERY', where(), `unexpected token: '('`);
      }
      const values = rawValues.map((raw, i) => this.coerce(left, operator, raw, literalTypes[i] ?? 'STRING', dateVars[i], where));
      this.checkOperator(left, operator, where);
      const collate = left.resolved && isTextType(left.type) ? ' COLLATE NOCASE' : '';
      const single = values[0];
      switch (operator) {
        case '=':
        case '!=': {
          let positive: string;
          if (single.kind === 'null') {
            positive = `${E} IS NULL`;
          } else if (single.kind === 'range') {
            positive = `(${E} >= ${this.params.bind(single.start)} AND ${E} < ${this.params.bind(single.end)})`;
          } else {
            positive = `${E} = ${this.params.bind(single.value)}${collate}`;
          }
          if (single.kind === 'null') {
            core = operator === '=' ? positive : `${E} IS NOT NULL`;
            nulls = operator === '=';
            twoValued = true;
          } else if (operator === '=') {
            core = positive;
            nulls = false;
          } else {
            core = `NOT (${positive})`;
            nulls = true;
          }
          break;
        }
        case '<':
        case '<=':
        case '>':
        case '>=': {
          if (single.kind === 'null') {
            core = '0';
            nulls = false;
            twoValued = true;
            break;
          }
          let bound: unknown;
          let op: string = operator;
          if (single.kind === 'range') {
            // Ranges compare on their edges: < start, <= end (exclusive), > end, >= start.
            if (operator === '<') bound = single.start;
            else if (operator === '<=') {
              bound = single.end;
              op = '<';
            } else if (operator === '>') {
              bound = single.end;
              op = '>=';
            } else bound = single.start;
          } else {
            bound = single.value;
          }
          core = `${E} ${op} ${this.params.bind(bound)}${collate}`;
          nulls = false;
          break;
        }
        case 'LIKE': {
          if (single.kind !== 'value') {
            core = '0';
            nulls = false;
            break;
          }
          core = `${E} LIKE ${this.params.bind(single.value)} ESCAPE '\\'`;
          nulls = false;
          break;
        }
        case 'IN':
        case 'NOT IN': {
          const parts: string[] = [];
          const scalars: string[] = [];
          let hasNull = false;
          for (const value of values) {
            if (value.kind === 'null') hasNull = true;
            else if (value.kind === 'range') parts.push(`(${E} >= ${this.params.bind(value.start)} AND ${E} < ${this.params.bind(value.end)})`);
            else scalars.push(this.params.bind(value.value));
          }
          if (scalars.length) parts.unshift(`${E}${collate} IN (${scalars.join(', ')})`);
          const positive = parts.length === 0 ? '0' : parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
          if (operator === 'IN') {
            core = hasNull ? `(${E} IS NULL OR ${positive})` : positive;
            nulls = hasNull;
            twoValued = hasNull;
          } else {
            core = `NOT (${positive})`;
            nulls = !hasNull;
          }
          break;
        }
        case 'INCLUDES':
        case 'EXCLUDES': {
          const alternatives = values
            .filter((v): v is { kind: 'value'; value: unknown } => v.kind === 'value')
            .map((v) => {
              const members = String(v.value)
                .split(';')
                .map((m) => m.trim().toLowerCase())
                .filter((m) => m);
              return `(${members.map((m) => `instr(';' || lower(${E}) || ';', ${this.params.bind(`;${m};`)}) > 0`).join(' AND ')})`;
            });
          const positive = alternatives.length ? `(${alternatives.join(' OR ')})` : '0';
          if (operator === 'INCLUDES') {
            core = positive;
            nulls = false;
          } else {
            core = `NOT (${positive})`;
            nulls = true;
          }
          break;
        }
        default:
          throw this.qt.error('MALFORMED_QUERY', where(), `unexpected token: '${operator}'`);
      }
    }

    if (twoValued) return negate ? `NOT (${core})` : core;
    if (!negate) return nulls ? `(${E} IS NULL OR ${core})` : core;
    return nulls ? `(${E} IS NOT NULL AND NOT (${core}))` : `(${E} IS NULL OR NOT (${core}))`;
  }

  private checkOperator(left: { type: FieldType; label: string }, operator: Operator, where: () => number): void {
    const code = 'INVALID_QUERY_FILTER_OPERATOR';
    if (operator === 'LIKE') {
      if (ID_TYPES.has(left.type)) throw this.qt.error(code, where(), 'invalid operator on id field');
      if (left.type === 'multipicklist') throw this.qt.error(code, where(), 'invalid operator on multipicklist field');
      if (!TEXT_TYPES.has(left.type)) throw this.qt.error(code, where(), `invalid operator on ${soapTypeName(left.type)} field`);
    }
    if ((operator === 'INCLUDES' || operator === 'EXCLUDES') && left.type !== 'multipicklist') {
      throw this.qt.error(code, where(), 'includes or excludes operator only valid on multipicklist field');
    }
    if (left.type === 'boolean' && ['<', '<=', '>', '>='].includes(operator)) {
      throw this.qt.error(code, where(), 'invalid operator on boolean field');
    }
  }

  /** Turns one literal into a SQL-ready value for the left side's type (or throws Salesforce's error). */
  private coerce(
    left: { type: FieldType; label: string; resolved?: ResolvedField },
    operator: Operator,
    raw: string,
    literalType: LiteralType,
    dateVar: number | undefined,
    where: () => number,
  ): CoercedValue {
    const type = left.type;
    const label = left.label;
    if (literalType === 'NULL') return { kind: 'null' };
    if (literalType === 'APEX_BIND_VARIABLE') {
      throw this.qt.error('MALFORMED_QUERY', where(), 'Bind variables only allowed in Apex code');
    }
    const typeError = (typeName: string, quoted: boolean): SalesforceError =>
      this.qt.error('INVALID_FIELD', where(), msg.filterValueType(label, typeName, quoted));

    if (ID_TYPES.has(type) || TEXT_TYPES.has(type)) {
      if (literalType !== 'STRING') throw typeError('string', true);
      const text = unquoteString(raw, operator === 'LIKE');
      if (text === undefined) {
        const body = raw.replace(/^'|'$/g, '');
        const sequence = /\\(.?)/.exec(body.replace(/\\[nrtbf"'\\%_]|\\u[0-9a-fA-F]{4}/g, ''))?.[0] ?? '\\';
        throw this.qt.error('MALFORMED_QUERY', where(), `Invalid string literal '${body}'. Illegal character sequence '${sequence}' in string literal.`);
      }
      // Salesforce stores empty text as null, so '' filters like null.
      if (text === '' && operator !== 'LIKE') return { kind: 'null' };
      if (ID_TYPES.has(type) && operator !== 'LIKE') {
        const id = canonicalId(text);
        if (!id) throw this.qt.error('INVALID_QUERY_FILTER_OPERATOR', where(), `invalid ID field: ${text}`);
        return { kind: 'value', value: id };
      }
      return { kind: 'value', value: text };
    }
    if (type === 'boolean') {
      if (literalType !== 'BOOLEAN') throw typeError('boolean', false);
      return { kind: 'value', value: raw.toUpperCase() === 'TRUE' ? 1 : 0 };
    }
    if (NUMBER_TYPES.has(type)) {
      if (literalType === 'INTEGER' || literalType === 'DECIMAL') return { kind: 'value', value: Number(raw) };
      if (literalType === 'INTEGER_WITH_CURRENCY_PREFIX' || literalType === 'DECIMAL_WITH_CURRENCY_PREFIX') {
        const amount = Number(raw.replace(/^[A-Za-z]{3}/, ''));
        const currencies = this.ctx.currencies;
        if (!currencies || !left.resolved || this.currencyRecordAlias(left.resolved) === undefined) return { kind: 'value', value: amount };
        const rate = currencies.rates.get(raw.slice(0, 3).toUpperCase())?.rate;
        if (rate === undefined) throw this.qt.error('MALFORMED_QUERY', where(), `unexpected token: '${raw}'`);
        return { kind: 'value', value: amount / rate };
      }
      throw typeError(soapTypeName(type), false);
    }
    if (type === 'date' || type === 'datetime') {
      const typeName = type === 'date' ? 'date' : 'dateTime';
      if (literalType === 'DATE_LITERAL' || literalType === 'DATE_N_LITERAL') {
        const [name, nText] = raw.split(':');
        const n = dateVar ?? (nText !== undefined ? Number(nText) : undefined);
        const range = dateLiteralRange(name, n, this.ctx.now, this.ctx.fiscal);
        if (!range) throw this.qt.error('MALFORMED_QUERY', where(), `unexpected token: '${raw}'`);
        return type === 'date' ? { kind: 'range', ...range } : { kind: 'range', ...dayRangeAsDateTimes(range) };
      }
      if (type === 'date' && literalType === 'DATE') {
        const day = canonicalDate(raw);
        if (!day) throw this.qt.error('MALFORMED_QUERY', where(), `unexpected token: '${raw}'`);
        return { kind: 'value', value: day };
      }
      if (type === 'datetime' && literalType === 'DATETIME') {
        const time = canonicalDateTime(raw);
        if (!time) throw this.qt.error('MALFORMED_QUERY', where(), `unexpected token: '${raw}'`);
        return { kind: 'value', value: time };
      }
      throw typeError(typeName, false);
    }
    throw typeError(soapTypeName(type), false);
  }

  /** `Field IN (SELECT RefField FROM Other WHERE ...)` as a SQL subselect sharing our parameters. */
  private semiJoin(sub: Query, left: { type: FieldType; label: string }, clause: string): string {
    const scopes = this.qt.subqueryScopes(this.scope, clause);
    const scope = scopes[this.semiJoinIndex++] ?? this.scope;
    const object = this.ctx.objectOrThrow(sub.sObject ?? '', scope);
    if (msg.NO_SEMI_JOIN_OBJECTS.has(object.name)) {
      throw this.qt.error('MALFORMED_QUERY', this.qt.locate(scope, sub.sObject ?? object.name, 'FROM'), msg.semiJoinEntity(object.name));
    }
    const inner = new SelectCompiler(this.ctx, object, scope, this.params, sub.sObjectAlias);
    inner.insideSemiJoin = true;
    const fields = sub.fields ?? [];
    const first = fields[0];
    const fieldPath =
      first && first.type === 'Field'
        ? first.field
        : first && first.type === 'FieldRelationship'
          ? (first.rawValue ?? `${first.relationships.join('.')}.${first.field}`)
          : undefined;
    if (fields.length !== 1 || !fieldPath) {
      throw this.qt.error('MALFORMED_QUERY', scope.start, 'semi join sub-selects can only query a single field');
    }
    const target = inner.resolve(fieldPath, 'SELECT');
    if (!ID_TYPES.has(target.type) || !ID_TYPES.has(left.type)) {
      throw this.qt.error(
        'INVALID_FIELD',
        this.qt.locate(this.scope, left.label, clause),
        'The selected field in a subquery and the left operand of the semi join must both be id or reference fields',
      );
    }
    const conditions = [`${target.expr} IS NOT NULL`];
    const deleted = inner.deletedFilter;
    if (deleted) conditions.push(deleted);
    const where = inner.where(sub.where);
    if (where) conditions.push(where);
    return `SELECT ${target.expr} FROM ${inner.fromSql} WHERE ${conditions.join(' AND ')}`;
  }
}

type CoercedValue = { kind: 'null' } | { kind: 'value'; value: unknown } | { kind: 'range'; start: string; end: string };

function dayRangeAsDateTimes(range: DayRange): DayRange {
  return { start: `${range.start}T00:00:00.000+0000`, end: `${range.end}T00:00:00.000+0000` };
}

/** The type names Salesforce uses in filter errors. */
export function soapTypeName(type: FieldType): string {
  switch (type) {
    case 'int':
      return 'integer';
    case 'double':
    case 'currency':
    case 'percent':
      return 'double';
    case 'datetime':
      return 'dateTime';
    default:
      return type;
  }
}

export const AGGREGATE_FUNCTIONS = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);
export const DATE_FUNCTIONS = new Set([
  'CALENDAR_MONTH',
  'CALENDAR_QUARTER',
  'CALENDAR_YEAR',
  'DAY_IN_MONTH',
  'DAY_IN_WEEK',
  'DAY_IN_YEAR',
  'DAY_ONLY',
  'FISCAL_MONTH',
  'FISCAL_QUARTER',
  'FISCAL_YEAR',
  'HOUR_IN_DAY',
  'WEEK_IN_MONTH',
  'WEEK_IN_YEAR',
]);

/**
 * A date function over a date or datetime column, in UTC. The stored text forms start with
 * 'YYYY-MM-DD', so the parts are substrings. The FISCAL_ functions count from the org's fiscal
 * year start month ("FISCAL_MONTH(): … if the fiscal year starts in March, 1 for March, 12 for
 * February"; FISCAL_YEAR() is the fiscal year's name).
 */
export function dateFunctionSql(name: string, field: ResolvedField, compiler: SelectCompiler, clause: string | undefined): { expr: string; type: FieldType } {
  const E = field.expr;
  if (field.type !== 'date' && field.type !== 'datetime') {
    throw compiler.qt.error(
      'MALFORMED_QUERY',
      compiler.qt.locate(compiler.scope, field.name, clause),
      `${name} can only be applied to date or dateTime fields`,
    );
  }
  if (name === 'HOUR_IN_DAY' && field.type !== 'datetime') {
    throw compiler.qt.error('MALFORMED_QUERY', compiler.qt.locate(compiler.scope, field.name, clause), `${name} can only be applied to dateTime fields`);
  }
  const int = (sql: string): string => `(CASE WHEN ${E} IS NULL THEN NULL ELSE CAST(${sql} AS INTEGER) END)`;
  const month = `substr(${E}, 6, 2)`;
  const fiscal = name.startsWith('FISCAL_') ? compiler.ctx.fiscal : undefined;
  // A validated 1-12 integer, so it can stand in the SQL text.
  const startMonth = fiscal ? Math.trunc(fiscal.startMonth) : 1;
  const fiscalMonthIndex = `((CAST(${month} AS INTEGER) - ${startMonth} + 12) % 12)`;
  switch (name) {
    case 'CALENDAR_YEAR':
      return { expr: int(`substr(${E}, 1, 4)`), type: 'int' };
    case 'FISCAL_YEAR': {
      const startYear = `CAST(substr(${E}, 1, 4) AS INTEGER) - (CASE WHEN CAST(${month} AS INTEGER) >= ${startMonth} THEN 0 ELSE 1 END)`;
      return { expr: int(`${startYear} + ${fiscalNameOffset(fiscal!)}`), type: 'int' };
    }
    case 'CALENDAR_MONTH':
      return { expr: int(month), type: 'int' };
    case 'FISCAL_MONTH':
      return { expr: int(`${fiscalMonthIndex} + 1`), type: 'int' };
    case 'CALENDAR_QUARTER':
      return { expr: int(`(CAST(${month} AS INTEGER) + 2) / 3`), type: 'int' };
    case 'FISCAL_QUARTER':
      return { expr: int(`${fiscalMonthIndex} / 3 + 1`), type: 'int' };
    case 'DAY_IN_MONTH':
      return { expr: int(`substr(${E}, 9, 2)`), type: 'int' };
    case 'DAY_IN_WEEK':
      return { expr: int(`strftime('%w', substr(${E}, 1, 10)) + 1`), type: 'int' };
    case 'DAY_IN_YEAR':
      return { expr: int(`strftime('%j', substr(${E}, 1, 10))`), type: 'int' };
    case 'DAY_ONLY':
      return { expr: `substr(${E}, 1, 10)`, type: 'date' };
    case 'HOUR_IN_DAY':
      return { expr: int(`substr(${E}, 12, 2)`), type: 'int' };
    case 'WEEK_IN_MONTH':
      return { expr: int(`(CAST(substr(${E}, 9, 2) AS INTEGER) - 1) / 7 + 1`), type: 'int' };
    case 'WEEK_IN_YEAR':
      return { expr: int(`(CAST(strftime('%j', substr(${E}, 1, 10)) AS INTEGER) - 1) / 7 + 1`), type: 'int' };
  }
  throw compiler.qt.error('MALFORMED_QUERY', compiler.qt.locate(compiler.scope, name, clause), `unexpected token: '${name}'`);
}
