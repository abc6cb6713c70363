/**
 * Where things are in the SOQL text, for error messages only. The parser's tree carries no
 * positions, but Salesforce frames most query errors with the offending line, a caret and
 * "ERROR at Row:r:Column:c". This module splits the text into coarse tokens (words, strings,
 * punctuation) so an error can point at the name it is about. It never decides what a query means.
 */
import { SalesforceError } from '../errors';

export interface TextToken {
  text: string;
  upper: string;
  start: number;
  end: number;
  /** Parenthesis depth the token sits at ('(' and ')' carry the outer depth). */
  depth: number;
  kind: 'word' | 'string' | 'punct';
}

/** A query or subquery's stretch of text: [start, end) at paren depth `depth`. */
export interface TextScope {
  start: number;
  end: number;
  depth: number;
}

const PUNCT = new Set(['(', ')', ',', '=', '<', '>', '!']);

export function tokenize(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'") {
      const start = i++;
      while (i < text.length && text[i] !== "'") i += text[i] === '\\' ? 2 : 1;
      i = Math.min(i + 1, text.length);
      tokens.push({ text: text.slice(start, i), upper: '', start, end: i, depth, kind: 'string' });
      continue;
    }
    if (PUNCT.has(ch)) {
      let end = i + 1;
      if ((ch === '<' || ch === '>' || ch === '!') && text[end] === '=') end++;
      if (ch === ')') depth = Math.max(0, depth - 1);
      tokens.push({ text: text.slice(i, end), upper: text.slice(i, end), start: i, end, depth, kind: 'punct' });
      if (ch === '(') depth++;
      i = end;
      continue;
    }
    const start = i;
    while (i < text.length && !/\s/.test(text[i]) && !PUNCT.has(text[i]) && text[i] !== "'") i++;
    const word = text.slice(start, i);
    tokens.push({ text: word, upper: word.toUpperCase(), start, end: i, depth, kind: 'word' });
  }
  return tokens;
}

/** 1-based row and column of an offset. */
export function rowColumn(text: string, offset: number): { row: number; column: number } {
  const before = text.slice(0, offset);
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  return { row, column: offset - lineStart + 1 };
}

/**
 * Salesforce's framing: the line around the error (about 40 characters before and 35 after,
 * widened to whole words), a caret under the error, then the row/column and the message.
 */
export function frameMessage(text: string, offset: number, message: string): string {
  const at = Math.max(0, Math.min(offset, text.length));
  const { row, column } = rowColumn(text, at);
  const lineStart = at - (column - 1);
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const col0 = column - 1;
  let from = Math.max(0, col0 - 40);
  while (from > 0 && !/\s/.test(line[from - 1])) from--;
  let to = Math.min(line.length, col0 + 35);
  while (to < line.length && !/\s/.test(line[to])) to++;
  const snippet = line.slice(from, to);
  const caret = ' '.repeat(col0 - from) + '^';
  return `\n${snippet}\n${caret}\nERROR at Row:${row}:Column:${column}\n${message}`;
}

export class QueryText {
  readonly tokens: TextToken[];

  constructor(readonly text: string) {
    this.tokens = tokenize(text);
  }

  get root(): TextScope {
    return { start: 0, end: this.text.length, depth: 0 };
  }

  /** A SalesforceError framed at `offset` (400). */
  error(errorCode: string, offset: number, message: string): SalesforceError {
    return new SalesforceError(400, errorCode, frameMessage(this.text, offset, message));
  }

  /** Tokens of the scope itself, skipping nested `(SELECT ...)` subqueries. */
  ownTokens(scope: TextScope): TextToken[] {
    const out: TextToken[] = [];
    const inScope = this.tokens.filter((t) => t.start >= scope.start && t.start < scope.end);
    for (let i = 0; i < inScope.length; i++) {
      const token = inScope[i];
      if (token.text === '(' && inScope[i + 1]?.upper === 'SELECT' && token.depth >= scope.depth) {
        const close = this.matchingParen(token);
        while (i + 1 < inScope.length && inScope[i + 1].start < close) i++;
        continue;
      }
      out.push(token);
    }
    return out;
  }

  /** Offset of the ')' closing `open` (or the end of the text). */
  matchingParen(open: TextToken): number {
    const index = this.tokens.indexOf(open);
    for (let i = index + 1; i < this.tokens.length; i++) {
      const token = this.tokens[i];
      if (token.text === ')' && token.depth === open.depth) return token.start;
    }
    return this.text.length;
  }

  /** The nested `(SELECT ...)` scopes directly inside `scope`, in text order. */
  subqueryScopes(scope: TextScope, afterKeyword?: string): TextScope[] {
    const tokens = this.tokens.filter((t) => t.start >= scope.start && t.start < scope.end);
    const from = afterKeyword ? this.clauseStart(scope, afterKeyword) : scope.start;
    const scopes: TextScope[] = [];
    for (let i = 0; i < tokens.length - 1; i++) {
      const token = tokens[i];
      if (token.start < from || token.text !== '(' || tokens[i + 1].upper !== 'SELECT') continue;
      if (scopes.some((s) => token.start > s.start && token.start < s.end)) continue;
      scopes.push({ start: tokens[i + 1].start, end: this.matchingParen(token), depth: token.depth + 1 });
    }
    return scopes;
  }

  /** Offset of a clause keyword (SELECT, FROM, WHERE, GROUP, HAVING, ORDER, LIMIT, OFFSET) in the scope. */
  clauseStart(scope: TextScope, keyword: string): number {
    const token = this.ownTokens(scope).find((t) => t.depth === scope.depth && t.upper === keyword);
    return token ? token.start : scope.start;
  }

  /**
   * Offset of the first word equal to `needle` (case-insensitive) in the scope after the clause
   * keyword; falls back to any occurrence, then to the clause start.
   */
  locate(scope: TextScope, needle: string, clause?: string): number {
    const upper = needle.toUpperCase();
    const from = clause ? this.clauseStart(scope, clause) : scope.start;
    const own = this.ownTokens(scope);
    const hit =
      own.find((t) => t.start >= from && t.upper === upper) ??
      own.find((t) => t.start >= from && t.kind === 'word' && t.upper.includes(upper)) ??
      own.find((t) => t.upper === upper);
    return hit ? hit.start : from;
  }

  /** Offset of the start of a word containing `inner` as a function argument, e.g. COUNT(Id) -> Id. */
  locateAfter(scope: TextScope, first: string, then: string, clause?: string): number {
    const own = this.ownTokens(scope);
    const from = clause ? this.clauseStart(scope, clause) : scope.start;
    const upperFirst = first.toUpperCase();
    const upperThen = then.toUpperCase();
    for (let i = 0; i < own.length; i++) {
      if (own[i].start < from || own[i].upper !== upperFirst) continue;
      for (let j = i + 1; j < Math.min(own.length, i + 4); j++) {
        if (own[j].upper === upperThen) return own[j].start;
      }
    }
    return this.locate(scope, then, clause);
  }

  /** The logical operators (AND/OR) of a scope's WHERE or HAVING clause, in text order. */
  logicalOperators(scope: TextScope, clause: 'WHERE' | 'HAVING'): TextToken[] {
    const own = this.ownTokens(scope);
    const from = this.clauseStart(scope, clause);
    const enders = new Set(['GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'WITH', 'FOR', 'UPDATE']);
    const out: TextToken[] = [];
    for (const token of own) {
      if (token.start <= from) continue;
      if (token.depth === scope.depth && enders.has(token.upper) && token.upper !== clause) break;
      if (token.upper === 'AND' || token.upper === 'OR') out.push(token);
    }
    return out;
  }
}
