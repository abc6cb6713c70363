/**
 * A forgiving SOQL tokenizer for the editor's autocomplete: it reads half-written queries (an open
 * string, a missing FROM, unbalanced parentheses) without failing, and keeps each token's offsets
 * so the cursor can be placed among them. Words keep their dots and colons: `Account.Owner.Name`
 * and `LAST_N_DAYS:30` are one token each.
 */

export type TokenType = 'word' | 'string' | 'number' | 'op' | 'open' | 'close' | 'comma' | 'other';

export interface Token {
  type: TokenType;
  text: string;
  from: number;
  to: number;
  /** A string whose closing quote is missing (the user is still typing it). */
  open?: boolean;
}

const WORD_START = /[A-Za-z_]/;
const WORD_CHAR = /[A-Za-z0-9_.:]/;
const NUMBER_CHAR = /[0-9.\-+eEZT:]/;
const OPERATORS = ['!=', '<>', '<=', '>=', '=', '<', '>'];

function readString(text: string, from: number): Token {
  let i = from + 1;
  while (i < text.length) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === "'") return { type: 'string', text: text.slice(from, i + 1), from, to: i + 1 };
    else i += 1;
  }
  return { type: 'string', text: text.slice(from), from, to: text.length, open: true };
}

function readWhile(text: string, from: number, pattern: RegExp): number {
  let i = from;
  while (i < text.length && pattern.test(text[i])) i += 1;
  return i;
}

/** The tokens of `text`, whitespace and comments dropped. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === "'") {
      const token = readString(text, i);
      tokens.push(token);
      i = token.to;
      continue;
    }
    if (WORD_START.test(ch)) {
      const end = readWhile(text, i, WORD_CHAR);
      tokens.push({ type: 'word', text: text.slice(i, end), from: i, to: end });
      i = end;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      const end = readWhile(text, i, NUMBER_CHAR);
      tokens.push({ type: 'number', text: text.slice(i, end), from: i, to: end });
      i = end;
      continue;
    }
    const op = OPERATORS.find((candidate) => text.startsWith(candidate, i));
    if (op) {
      tokens.push({ type: 'op', text: op, from: i, to: i + op.length });
      i += op.length;
      continue;
    }
    const type: TokenType = ch === '(' ? 'open' : ch === ')' ? 'close' : ch === ',' ? 'comma' : 'other';
    tokens.push({ type, text: ch, from: i, to: i + 1 });
    i += 1;
  }
  return tokens;
}

export const isWord = (token: Token | undefined, ...words: string[]): boolean =>
  token?.type === 'word' && words.some((word) => word.toUpperCase() === token.text.toUpperCase());
