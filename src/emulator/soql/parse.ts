/**
 * Parses SOQL with @jetstreamapp/soql-parser-js and turns its failures into Salesforce's
 * MALFORMED_QUERY errors. The library throws errors without positions, but with `logErrors` it
 * hands the underlying lexer/parser errors (which do carry offsets) to console.log; we capture
 * that call for the duration of the (synchronous) parse.
 */
import { parseQuery, type Query } from '@jetstreamapp/soql-parser-js';
import { SalesforceError } from '../errors';
import { rowColumn, type QueryText } from './query-text';

interface CapturedToken {
  image?: string;
  startOffset?: number;
}
interface CapturedError {
  token?: CapturedToken;
  offset?: number;
  line?: number;
  column?: number;
  length?: number;
  message?: string;
}

function captureParse(text: string): { query?: Query; logged: unknown[]; error?: unknown } {
  const logged: unknown[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => {
    logged.push(...args);
  };
  try {
    return { query: parseQuery(text, { logErrors: true, ignoreParseErrors: false }), logged };
  } catch (error) {
    return { logged, error };
  } finally {
    console.log = original;
  }
}

export function parseSoql(qt: QueryText): Query {
  const text = qt.text;
  if (!text.trim()) {
    throw new SalesforceError(400, 'MALFORMED_QUERY', "unexpected token: '<EOF>'");
  }
  const { query, logged, error } = captureParse(text);
  if (query) return query;

  const details = logged.find((entry): entry is CapturedError[] => Array.isArray(entry)) ?? [];
  const first = details[0];
  const name = error instanceof Error ? error.name : '';

  if (name === 'LexingError' || (first && first.offset !== undefined && !first.token)) {
    // Salesforce reports lexer failures the ANTLR way, e.g. an unterminated string literal.
    const offset = first?.offset ?? 0;
    const ch = text[offset] ?? '';
    if (ch === "'") {
      const { row, column } = rowColumn(text, text.length);
      throw new SalesforceError(400, 'MALFORMED_QUERY', `line ${row}:${column - 1} mismatched character '<EOF>' expecting '''`);
    }
    const { row, column } = rowColumn(text, offset);
    throw new SalesforceError(400, 'MALFORMED_QUERY', `line ${row}:${column - 1} no viable alternative at character '${ch}'`);
  }

  const token = first?.token;
  const image = token?.image ?? '';
  const offset = token?.startOffset;
  if (!image || offset === undefined || Number.isNaN(offset)) {
    throw qt.error('MALFORMED_QUERY', text.trimEnd().length, "unexpected token: '<EOF>'");
  }
  throw qt.error('MALFORMED_QUERY', offset, `unexpected token: '${image}'`);
}
