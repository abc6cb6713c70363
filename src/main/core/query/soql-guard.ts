/**
 * The console's gate for SOQL text: only a SELECT goes further. Every query is parsed
 * (@jetstreamapp/soql-parser-js) before anything is sent; a query that does not parse becomes a
 * SoqlProblem with a message a salesperson can read and, where it can be found, the line and
 * column the parser stopped at (the editor underlines it).
 *
 * The parser's errors carry no position (it wraps chevrotain's exception and keeps only its
 * message), so the position is recovered from the message: a lexing error ends in `(line:column)`;
 * a parsing error names the token it found, and the failing occurrence of that token is the first
 * one whose prefix reproduces the same error (an earlier, accepted occurrence fails at the end of
 * the text instead).
 */
import { composeQuery, parseQuery, type Query } from '@jetstreamapp/soql-parser-js';
import { AppError } from '../../../shared/errors';
import type { SoqlProblem } from '../../../shared/ipc/query.contract';
import { AGGREGATE_FUNCTIONS } from '../../../shared/soql-words';

const AGGREGATES: ReadonlySet<string> = new Set(AGGREGATE_FUNCTIONS);

/** The first word of a query that is not a SELECT (DELETE, UPDATE, INSERT…), or null for a SELECT. */
function notSelect(soql: string): string | null {
  const first = /^\s*(?:\(\s*)?([A-Za-z_]+)/.exec(soql)?.[1];
  if (!first || first.toUpperCase() === 'SELECT') return null;
  return first;
}

function onlySelectMessage(word: string): string {
  return `Only SELECT queries can run here: this one starts with "${word.toUpperCase()}". The console reads data; it never changes or deletes it.`;
}

/** The 1-based line and column of a character offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function parserMessage(err: unknown): string {
  return err instanceof Error && err.message ? err.message : 'The query could not be read';
}

/** The parser's wording made readable: "Expected FROM but found 'Acount'". */
function readable(raw: string): string {
  const expecting = /^Expecting token of type --> (.+?) <-- but found --> '(.*)' <--/s.exec(raw);
  if (expecting) {
    const [, wanted, found] = expecting;
    const what = wanted === 'Identifier' ? 'a field or object name' : wanted;
    return found === '' ? `The query ends too early: expected ${what}` : `Expected ${what} but found '${found}'`;
  }
  const found = /but found: '(.*)'\s*$/s.exec(raw);
  if (found) return found[1] === '' ? 'The query ends too early: a value or clause is missing' : `Unexpected '${found[1]}'`;
  const redundant = /Redundant input, expecting EOF but found: (.*)$/s.exec(raw);
  if (redundant) return `Unexpected '${redundant[1]!.trim()}' after the end of the query`;
  return raw.replace(/\s+/g, ' ').trim();
}

/** The token a parsing error names ('' for the end of the text), if it names one. */
function foundToken(raw: string): string | null {
  const m = /but found(?: -->|:) '(.*?)'(?: <--)?\s*$/s.exec(raw) ?? /but found --> '(.*)' <--/s.exec(raw);
  if (m) return m[1]!;
  const redundant = /Redundant input, expecting EOF but found: (.*)$/s.exec(raw);
  return redundant ? redundant[1]!.trim() : null;
}

function tryParse(soql: string): string | null {
  try {
    parseQuery(soql);
    return null;
  } catch (err) {
    return parserMessage(err);
  }
}

/** Where the parser stopped, recovered from its message (see the file's comment). */
function locate(soql: string, raw: string): { line: number; column: number } | null {
  const lexing = /\((\d+):(\d+)\)\s*$/.exec(raw);
  if (lexing) return { line: Number(lexing[1]), column: Number(lexing[2]) };
  const token = foundToken(raw);
  if (token === null) return null;
  if (token === '') return position(soql, soql.trimEnd().length);
  for (let at = soql.indexOf(token); at >= 0; at = soql.indexOf(token, at + 1)) {
    if (tryParse(soql.slice(0, at + token.length)) === raw) return position(soql, at);
  }
  return null;
}

/** A SELECT parsed once, with its text (the text keys the estimates and is what the org is sent). */
export interface ParsedSelect {
  soql: string;
  query: Query;
}

/**
 * The text read once: the parsed SELECT, or what is wrong and where. The problem's position costs
 * further parses (see the file's comment), so it is only worked out for a query that fails.
 */
export function readSelect(soql: string): { query: Query; problem: null } | { query: null; problem: SoqlProblem } {
  const word = notSelect(soql);
  if (word) return { query: null, problem: { message: onlySelectMessage(word), line: 1, column: soql.length - soql.trimStart().length + 1 } };
  let raw: string;
  try {
    return { query: parseQuery(soql), problem: null };
  } catch (err) {
    raw = parserMessage(err);
  }
  const at = locate(soql, raw);
  return { query: null, problem: { message: readable(raw), line: at?.line ?? null, column: at?.column ?? null } };
}

/** null when the text is a SELECT that parses; otherwise what is wrong and where. */
export function soqlProblem(soql: string): SoqlProblem | null {
  return readSelect(soql).problem;
}

/** The parsed SELECT, or INVALID_INPUT with the problem's message (and where, when known). */
export function parseSelect(soql: string): Query {
  const { query, problem } = readSelect(soql);
  if (problem) {
    const where = problem.line !== null && problem.column !== null ? ` (line ${problem.line}, column ${problem.column})` : '';
    throw new AppError('INVALID_INPUT', `${problem.message}${where}`);
  }
  return query;
}

/** The text and its parsed SELECT, or INVALID_INPUT as parseSelect. */
export function parsedSelect(soql: string): ParsedSelect {
  return { soql, query: parseSelect(soql) };
}

/** A parsed query laid out one clause a line (what soql-parser-js's formatQuery does after parsing the text again); null when it cannot be. */
export function formatSoql(query: Query): string | null {
  try {
    return composeQuery(query, { format: true, formatOptions: { fieldMaxLineLength: 80 } });
  } catch {
    return null;
  }
}

export function isAggregateFunction(name: string): boolean {
  return AGGREGATES.has(name.toUpperCase());
}

/** `SELECT COUNT() FROM …`: Salesforce answers with totalSize and no rows. */
export function isCountOnly(query: Query): boolean {
  const fields = query.fields ?? [];
  return (
    fields.length > 0 && fields.every((f) => f.type === 'FieldFunctionExpression' && f.functionName.toUpperCase() === 'COUNT' && f.parameters.length === 0)
  );
}

/** An aggregate query (GROUP BY, or an aggregate function among the fields): one row per group. */
export function isAggregateQuery(query: Query): boolean {
  if (query.groupBy) return true;
  return (query.fields ?? []).some((f) => f.type === 'FieldFunctionExpression' && isAggregateFunction(f.functionName));
}

export function hasSubquery(query: Query): boolean {
  return (query.fields ?? []).some((f) => f.type === 'FieldSubquery');
}
