/**
 * WHERE and HAVING as SQL, with Salesforce's semantics as the emulator implements them
 * (src/emulator/soql/compiler.ts conditionSql): two-valued nulls (`Industry != 'X'` keeps rows
 * whose Industry is null, and so does `NOT (Industry = 'X')`), text compared without case, LIKE
 * with % and _ (case-insensitive, `\` escapes), IN and NOT IN with null among the values, date
 * literals as ranges (`= THIS_QUARTER` inside it, `< THIS_QUARTER` before its start, `> ` after its
 * end), and semi-joins (`Id IN (SELECT AccountId FROM Contact …)`) over the cached rows.
 */
import type { Condition, ConditionWithValueQuery, FunctionExp, LiteralType, Operator, Query } from '@jetstreamapp/soql-parser-js';
import { isAggregateFunction } from '../soql-guard';
import { DATE_FUNCTIONS, dateFunctionArgument, dateFunctionSql } from './date-functions';
import { invalid, refuse } from './errors';
import { Scope } from './scope';
import { ID_TYPES, TEXT_TYPES, type SoqlType } from './standard-fields';
import { checkOperator, coerceValue, type Left, type Value } from './values';
import { whereTree, type BoolNode } from './where-tree';

/** How an aggregate on the left of a HAVING condition becomes SQL. */
export type AggregateResolver = (fn: FunctionExp) => { sql: string; type: SoqlType };

/** A leaf: `nulls` says whether rows whose left side is null satisfy it. */
interface Leaf {
  core: string;
  nulls: boolean;
  twoValued?: boolean;
}

const SEMI_JOIN_LIMIT = 2;

export class ConditionCompiler {
  /** True for a semi-join's subquery, where no other semi-join may stand. */
  insideSemiJoin = false;

  constructor(
    private readonly scope: Scope,
    private readonly clause: 'WHERE' | 'HAVING',
    private readonly aggregate?: AggregateResolver,
  ) {}

  /** The tree of a clause, its semi-joins checked (Salesforce's placement rules). */
  tree(clause: Parameters<typeof whereTree>[0]): BoolNode {
    const tree = whereTree(clause, this.clause);
    this.checkSemiJoins(tree);
    return tree;
  }

  sql(node: BoolNode, negate = false): string {
    switch (node.kind) {
      case 'not':
        return this.sql(node.item, !negate);
      case 'and':
      case 'or': {
        const joiner = (node.kind === 'and') !== negate ? ' AND ' : ' OR ';
        return `(${node.items.map((item) => this.sql(item, negate)).join(joiner)})`;
      }
      case 'cond':
        return this.condition(node.cond, negate);
    }
  }

  /**
   * "Semi-Join and Anti-Join Restrictions": only the whole WHERE or a top-level AND term, never
   * with OR or under NOT, at most two, never nested (the emulator's messages).
   */
  private checkSemiJoins(tree: BoolNode): void {
    const found: Array<'top' | 'or' | 'nested'> = [];
    const visit = (node: BoolNode, placement: 'top' | 'or' | 'nested'): void => {
      if (node.kind === 'cond') {
        if ('valueQuery' in node.cond && node.cond.valueQuery) found.push(placement);
      } else if (node.kind === 'not') visit(node.item, 'nested');
      else {
        const inner = node.kind === 'and' ? placement : placement === 'top' && node === tree ? 'or' : 'nested';
        for (const item of node.items) visit(item, inner === 'or' && item.kind !== 'cond' ? 'nested' : inner);
      }
    };
    visit(tree, 'top');
    if (!found.length) return;
    if (this.insideSemiJoin) invalid('Nesting of semi join sub-selects is not supported');
    if (found.length > SEMI_JOIN_LIMIT) invalid(`Maximum ${SEMI_JOIN_LIMIT} semi join sub-selects are allowed`);
    if (found.includes('or')) invalid("Semi join sub-selects are not allowed with the 'OR' operator");
    if (found.includes('nested')) invalid('Semi join sub-selects are only allowed at the top level WHERE expressions and not in nested WHERE expressions.');
  }

  /** The left side: a field path, a date function of one, or (HAVING) an aggregate. */
  private left(cond: ConditionWithValueQuery): Left & { collate: boolean } {
    if ('fn' in cond && cond.fn) {
      const fn = cond.fn;
      const name = (fn.functionName ?? '').toUpperCase();
      if (isAggregateFunction(name)) {
        if (!this.aggregate) invalid(`Aggregate functions are not allowed in the ${this.clause} clause`);
        return { ...this.aggregate(fn), label: fn.rawValue ?? name, collate: false };
      }
      if (name === 'DISTANCE' || name === 'GEOLOCATION') refuse("DISTANCE() and GEOLOCATION() aren't supported offline");
      if (!DATE_FUNCTIONS.has(name)) refuse(`${fn.functionName}() isn't supported offline`);
      const resolved = this.scope.resolve(dateFunctionArgument(name, fn.parameters));
      return { ...dateFunctionSql(this.scope.ctx, name, resolved), label: fn.rawValue ?? name, collate: false };
    }
    const resolved = this.scope.resolve((cond as Condition & { field: string }).field);
    return { sql: resolved.sql, type: resolved.type, label: resolved.name, collate: TEXT_TYPES.has(resolved.type) };
  }

  private condition(cond: ConditionWithValueQuery, negate: boolean): string {
    const left = this.left(cond);
    const operator = (cond as { operator: Operator }).operator.toUpperCase() as Operator;
    let leaf: Leaf;
    if ('valueQuery' in cond && cond.valueQuery) {
      if (operator !== 'IN' && operator !== 'NOT IN') invalid(`unexpected token: '${operator}'`);
      const sub = this.semiJoin(cond.valueQuery, left);
      leaf = operator === 'IN' ? { core: `${left.sql} IN (${sub})`, nulls: false } : { core: `${left.sql} NOT IN (${sub})`, nulls: true };
    } else {
      const c = cond as Condition & { value: string | string[]; literalType?: LiteralType | LiteralType[]; dateLiteralVariable?: number | number[] };
      const raws = Array.isArray(c.value) ? c.value : [c.value];
      const types = Array.isArray(c.literalType) ? c.literalType : raws.map(() => c.literalType as LiteralType);
      const vars = Array.isArray(c.dateLiteralVariable) ? c.dateLiteralVariable : raws.map(() => c.dateLiteralVariable as number | undefined);
      const isList = ['IN', 'NOT IN', 'INCLUDES', 'EXCLUDES'].includes(operator);
      if (!isList && raws.length !== 1) invalid("unexpected token: '('");
      const values = raws.map((raw, i) => coerceValue(this.scope.ctx, left, operator, raw, types[i] ?? 'STRING', vars[i]));
      checkOperator(left, operator);
      leaf = this.leaf(left, operator, values);
    }
    const E = left.sql;
    if (leaf.twoValued) return negate ? `NOT (${leaf.core})` : leaf.core;
    if (!negate) return leaf.nulls ? `(${E} IS NULL OR ${leaf.core})` : leaf.core;
    return leaf.nulls ? `(${E} IS NOT NULL AND NOT (${leaf.core}))` : `(${E} IS NULL OR NOT (${leaf.core}))`;
  }

  private leaf(left: Left & { collate: boolean }, operator: Operator, values: Value[]): Leaf {
    const E = left.sql;
    const bind = (v: unknown) => this.scope.ctx.params.bind(v);
    const collate = left.collate ? ' COLLATE NOCASE' : '';
    const single = values[0];
    const inRange = (v: { start: string; end: string }) => `(${E} >= ${bind(v.start)} AND ${E} < ${bind(v.end)})`;
    switch (operator) {
      case '=':
      case '!=': {
        if (single.kind === 'null') return { core: operator === '=' ? `${E} IS NULL` : `${E} IS NOT NULL`, nulls: operator === '=', twoValued: true };
        const positive = single.kind === 'range' ? inRange(single) : `${E} = ${bind(single.value)}${collate}`;
        return operator === '=' ? { core: positive, nulls: false } : { core: `NOT (${positive})`, nulls: true };
      }
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.comparison(E, operator, single, collate);
      case 'LIKE':
        return single.kind === 'value' ? { core: `${E} LIKE ${bind(single.value)} ESCAPE '\\'`, nulls: false } : { core: '0', nulls: false };
      case 'IN':
      case 'NOT IN':
        return this.inList(E, operator, values, collate);
      case 'INCLUDES':
      case 'EXCLUDES':
        return this.includes(E, operator, values);
    }
    return invalid(`unexpected token: '${operator}'`);
  }

  /** Ranges compare on their edges: < start, <= end (exclusive), > end, >= start. */
  private comparison(E: string, operator: '<' | '<=' | '>' | '>=', value: Value, collate: string): Leaf {
    if (value.kind === 'null') return { core: '0', nulls: false, twoValued: true };
    let op: string = operator;
    let bound: unknown;
    if (value.kind === 'range') {
      if (operator === '<') bound = value.start;
      else if (operator === '<=') [bound, op] = [value.end, '<'];
      else if (operator === '>') [bound, op] = [value.end, '>='];
      else bound = value.start;
    } else bound = value.value;
    return { core: `${E} ${op} ${this.scope.ctx.params.bind(bound)}${collate}`, nulls: false };
  }

  private inList(E: string, operator: 'IN' | 'NOT IN', values: Value[], collate: string): Leaf {
    const bind = (v: unknown) => this.scope.ctx.params.bind(v);
    const parts: string[] = [];
    const scalars: string[] = [];
    let hasNull = false;
    for (const value of values) {
      if (value.kind === 'null') hasNull = true;
      else if (value.kind === 'range') parts.push(`(${E} >= ${bind(value.start)} AND ${E} < ${bind(value.end)})`);
      else scalars.push(bind(value.value));
    }
    if (scalars.length) parts.unshift(`${E}${collate} IN (${scalars.join(', ')})`);
    const positive = parts.length === 0 ? '0' : parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
    if (operator === 'IN') return { core: hasNull ? `(${E} IS NULL OR ${positive})` : positive, nulls: hasNull, twoValued: hasNull };
    return { core: `NOT (${positive})`, nulls: !hasNull };
  }

  /** Multi-select picklists: `;a;b;` holds each of a value's `;`-separated members. */
  private includes(E: string, operator: 'INCLUDES' | 'EXCLUDES', values: Value[]): Leaf {
    const alternatives = values
      .filter((v): v is { kind: 'value'; value: unknown } => v.kind === 'value')
      .map((v) => {
        const members = String(v.value)
          .split(';')
          .map((m) => m.trim().toLowerCase())
          .filter(Boolean);
        return `(${members.map((m) => `instr(';' || lower(${E}) || ';', ${this.scope.ctx.params.bind(`;${m};`)}) > 0`).join(' AND ')})`;
      });
    const positive = alternatives.length ? `(${alternatives.join(' OR ')})` : '0';
    return operator === 'INCLUDES' ? { core: positive, nulls: false } : { core: `NOT (${positive})`, nulls: true };
  }

  /** `Field IN (SELECT RefField FROM Other WHERE …)` over the other object's cached rows. */
  private semiJoin(sub: Query, left: Left): string {
    const object = this.scope.schema.object(sub.sObject ?? '');
    if (!object) refuse(`${sub.sObject} isn't kept in the local copy`);
    if (object.name === 'Task' || object.name === 'Event') invalid(`Entity '${object.name}' is not supported for semi join inner selects`);
    const inner = new Scope(this.scope.ctx, object, sub.sObjectAlias);
    inner.joinsAllowed = false;
    const fields = sub.fields ?? [];
    const first = fields[0];
    const path =
      first?.type === 'Field'
        ? first.field
        : first?.type === 'FieldRelationship'
          ? (first.rawValue ?? [...first.relationships, first.field].join('.'))
          : undefined;
    if (fields.length !== 1 || !path) invalid('semi join sub-selects can only query a single field');
    const target = inner.resolve(path);
    if (!ID_TYPES.has(target.type) || !ID_TYPES.has(left.type)) {
      invalid('The selected field in a subquery and the left operand of the semi join must both be id or reference fields');
    }
    const conditions = [...inner.baseWhere, `${target.sql} IS NOT NULL`];
    if (sub.where) {
      const compiler = new ConditionCompiler(inner, 'WHERE');
      compiler.insideSemiJoin = true;
      conditions.push(compiler.sql(compiler.tree(sub.where)));
    }
    return `SELECT ${target.sql} FROM ${inner.fromSql} WHERE ${conditions.join(' AND ')}`;
  }
}
