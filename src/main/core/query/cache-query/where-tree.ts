/**
 * The parser's WHERE/HAVING chain (`left`, `operator`, `right`, parentheses counted on each
 * condition) as a boolean tree. SOQL does not mix AND and OR without parentheses; a chain that
 * does is refused as Salesforce refuses it (the emulator's buildTree does the same).
 */
import type { ConditionWithValueQuery, WhereClause } from '@jetstreamapp/soql-parser-js';
import { invalid } from './errors';

export type BoolNode = { kind: 'and' | 'or'; items: BoolNode[] } | { kind: 'not'; item: BoolNode } | { kind: 'cond'; cond: ConditionWithValueQuery };

type FlatToken = '(' | ')' | 'AND' | 'OR' | 'NOT' | { cond: ConditionWithValueQuery };

type Parens = ConditionWithValueQuery & { openParen?: number; closeParen?: number };

function flatten(clause: WhereClause): FlatToken[] {
  const flat: FlatToken[] = [];
  let node: WhereClause | undefined = clause;
  while (node) {
    const current: WhereClause = node;
    const left = current.left as Parens | null;
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
    const right: WhereClause | undefined = 'operator' in current && current.operator && 'right' in current ? current.right : undefined;
    if (right) flat.push((current as { operator: 'AND' | 'OR' }).operator);
    node = right;
  }
  return flat;
}

export function whereTree(clause: WhereClause, keyword: 'WHERE' | 'HAVING'): BoolNode {
  const flat = flatten(clause);
  let pos = 0;
  const sequence = (): BoolNode => {
    const items = [unary()];
    let op: 'AND' | 'OR' | undefined;
    while (flat[pos] === 'AND' || flat[pos] === 'OR') {
      const next = flat[pos++] as 'AND' | 'OR';
      if (op && op !== next) invalid(`unexpected token: '${next}'`);
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
    return invalid(`unexpected token: '${keyword}'`);
  };
  return sequence();
}

/** The terms of a top-level AND (a parenthesised AND inside it counts as top level), else the whole. */
export function topLevelTerms(tree: BoolNode): BoolNode[] {
  return tree.kind === 'and' ? tree.items.flatMap(topLevelTerms) : [tree];
}
