/**
 * The emulator's SOSL: `FIND {terms} [IN x FIELDS] [RETURNING Obj(fields WHERE ... ORDER BY ...
 * LIMIT n), ...] [LIMIT n]` and the parameterizedSearch resource.
 *
 * Search text is matched word by word (case-insensitive; `*` and `?` wildcards; quoted phrases
 * match adjacent words; AND / OR / AND NOT and parentheses; adjacent terms mean AND). Each
 * RETURNING clause then runs as a SOQL query restricted to the matching Ids, so its field list,
 * WHERE, ORDER BY and LIMIT behave exactly as they do in SOQL. Without ORDER BY, rows come by
 * relevance (matches in name fields first, then the number of matching fields).
 */
import { SalesforceError } from '../errors';
import type { FieldDef, ObjectDef, OrgStore } from '../org/types';
import { Params, quoteIdent } from './compiler';
import { guard, runQueryInternal } from './engine';
import * as msg from './messages';
import { frameMessage, tokenize } from './query-text';
import type { SearchResultSet, WireRecord } from './types';

export type SearchGroup = 'ALL' | 'NAME' | 'EMAIL' | 'PHONE' | 'SIDEBAR';

export interface ParameterizedSearchParams {
  q: string;
  sobjects?: Array<{ name: string; fields?: string[]; limit?: number; where?: string }>;
  /** Fields returned for objects that list none (default Id). */
  fields?: string[];
  overallLimit?: number;
  /** Per-object limit for objects that set none. */
  defaultLimit?: number;
  in?: string;
}

/** One RETURNING entry, as SOQL pieces. */
interface ReturningSpec {
  object: string;
  /** Offset of the object name in the SOSL text (for errors). */
  offset: number;
  fields: string;
  /** ' WHERE ... ORDER BY ... LIMIT n' (already SOQL). */
  clauses: string;
}

interface SearchRequest {
  text: string;
  /** Where the search text starts in the original request (for errors). */
  source: string;
  textOffset: number;
  group: SearchGroup;
  returning?: ReturningSpec[];
  limit: number;
}

const DEFAULT_OVERALL_LIMIT = 2000;
const GROUPS = new Set<SearchGroup>(['ALL', 'NAME', 'EMAIL', 'PHONE', 'SIDEBAR']);

export function runSearch(store: OrgStore, sosl: string, apiVersion: string): SearchResultSet {
  return guard(() => executeSearch(store, parseSosl(sosl), apiVersion));
}

export function runParameterizedSearch(store: OrgStore, params: ParameterizedSearchParams, apiVersion: string): SearchResultSet {
  return guard(() => {
    const group = (params.in ?? 'ALL').toUpperCase() as SearchGroup;
    if (!GROUPS.has(group)) {
      throw new SalesforceError(400, 'INVALID_SEARCH', `Invalid IN fields group: ${params.in}`);
    }
    const returning = params.sobjects?.map((spec): ReturningSpec => {
      const fields = spec.fields?.length ? spec.fields : params.fields?.length ? params.fields : ['Id'];
      const limit = spec.limit ?? params.defaultLimit;
      return {
        object: spec.name,
        offset: 0,
        fields: fields.join(', '),
        clauses: (spec.where ? ` WHERE ${spec.where}` : '') + (limit !== undefined ? ` LIMIT ${Math.trunc(Number(limit))}` : ''),
      };
    });
    const q = params.q ?? '';
    return executeSearch(
      store,
      {
        text: q,
        source: q,
        textOffset: 0,
        group,
        returning,
        limit: params.overallLimit ?? DEFAULT_OVERALL_LIMIT,
      },
      apiVersion,
      params.fields,
    );
  });
}

/**
 * The parameterizedSearch GET form: `q`, `sobject` (repeatable), `<Object>.fields`,
 * `<Object>.limit`, `<Object>.where`, `fields`, `in`, `overallLimit`, `defaultLimit`.
 */
export function parameterizedSearchFromUrl(query: URLSearchParams): ParameterizedSearchParams {
  const list = (value: string | null): string[] | undefined =>
    value
      ? value
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean)
      : undefined;
  const num = (value: string | null): number | undefined => (value === null || value === '' ? undefined : Number(value));
  const sobjects = query.getAll('sobject').map((name) => ({
    name,
    fields: list(query.get(`${name}.fields`)),
    limit: num(query.get(`${name}.limit`)),
    where: query.get(`${name}.where`) ?? undefined,
  }));
  return {
    q: query.get('q') ?? '',
    sobjects: sobjects.length ? sobjects : undefined,
    fields: list(query.get('fields')),
    overallLimit: num(query.get('overallLimit')),
    defaultLimit: num(query.get('defaultLimit')),
    in: query.get('in') ?? undefined,
  };
}

// ------------------------------------------------------------------ SOSL text

function malformed(sosl: string, offset: number, message: string): SalesforceError {
  return new SalesforceError(400, 'MALFORMED_SEARCH', frameMessage(sosl, offset, message));
}

export function parseSosl(sosl: string): SearchRequest {
  let pos = 0;
  const skipSpace = (): void => {
    while (pos < sosl.length && /\s/.test(sosl[pos])) pos++;
  };
  const word = (): { text: string; start: number } => {
    skipSpace();
    const start = pos;
    while (pos < sosl.length && /[A-Za-z0-9_.]/.test(sosl[pos])) pos++;
    return { text: sosl.slice(start, pos), start };
  };

  const find = word();
  if (find.text.toUpperCase() !== 'FIND') {
    throw malformed(sosl, find.start, `unexpected token: '${find.text || sosl.slice(find.start, find.start + 1) || '<EOF>'}'`);
  }
  skipSpace();
  if (sosl[pos] !== '{') {
    throw new SalesforceError(400, 'MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.');
  }
  const textOffset = ++pos;
  while (pos < sosl.length && sosl[pos] !== '}') pos += sosl[pos] === '\\' ? 2 : 1;
  if (pos >= sosl.length) {
    throw new SalesforceError(400, 'MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.');
  }
  const text = sosl.slice(textOffset, pos);
  pos++;

  const request: SearchRequest = { text, source: sosl, textOffset, group: 'ALL', limit: DEFAULT_OVERALL_LIMIT };
  const seen = new Set<string>();
  for (;;) {
    const keyword = word();
    if (!keyword.text) {
      skipSpace();
      if (pos < sosl.length) throw malformed(sosl, pos, `unexpected token: '${sosl[pos]}'`);
      break;
    }
    const upper = keyword.text.toUpperCase();
    if (seen.has(upper) && upper !== 'WITH') throw malformed(sosl, keyword.start, `unexpected token: '${keyword.text}'`);
    seen.add(upper);
    if (upper === 'IN') {
      const group = word();
      const fields = word();
      if (!GROUPS.has(group.text.toUpperCase() as SearchGroup) || fields.text.toUpperCase() !== 'FIELDS') {
        throw malformed(sosl, group.start, `unexpected token: '${group.text || '<EOF>'}'`);
      }
      request.group = group.text.toUpperCase() as SearchGroup;
    } else if (upper === 'RETURNING') {
      request.returning = [];
      for (;;) {
        const object = word();
        if (!object.text) throw malformed(sosl, object.start, `unexpected token: '${sosl[object.start] ?? '<EOF>'}'`);
        let inner = '';
        skipSpace();
        if (sosl[pos] === '(') {
          const open = pos++;
          let depth = 1;
          while (pos < sosl.length && depth > 0) {
            const ch = sosl[pos];
            if (ch === "'") {
              pos++;
              while (pos < sosl.length && sosl[pos] !== "'") pos += sosl[pos] === '\\' ? 2 : 1;
            } else if (ch === '(') depth++;
            else if (ch === ')') depth--;
            pos++;
          }
          if (depth > 0) throw malformed(sosl, open, "unexpected token: '<EOF>'");
          inner = sosl.slice(open + 1, pos - 1);
        }
        request.returning.push({ object: object.text, offset: object.start, ...splitReturning(inner) });
        skipSpace();
        if (sosl[pos] !== ',') break;
        pos++;
      }
    } else if (upper === 'LIMIT') {
      const value = word();
      if (!/^\d+$/.test(value.text)) throw malformed(sosl, value.start, `unexpected token: '${value.text || '<EOF>'}'`);
      request.limit = Math.min(Number(value.text), DEFAULT_OVERALL_LIMIT);
    } else if (upper === 'WITH' || upper === 'UPDATE') {
      // WITH SNIPPET / DIVISION / NETWORK / SPELL_CORRECTION ... and UPDATE TRACKING do not
      // change which records match here; skip to the next top-level keyword.
      skipClause();
    } else {
      throw malformed(sosl, keyword.start, `unexpected token: '${keyword.text}'`);
    }
  }
  return request;

  function skipClause(): void {
    for (;;) {
      skipSpace();
      const rest = sosl.slice(pos);
      if (!rest || /^(RETURNING|LIMIT|IN|WITH|UPDATE)\b/i.test(rest)) return;
      if (rest[0] === "'") {
        pos++;
        while (pos < sosl.length && sosl[pos] !== "'") pos += sosl[pos] === '\\' ? 2 : 1;
        pos++;
      } else if (rest[0] === '(') {
        let depth = 0;
        do {
          if (sosl[pos] === '(') depth++;
          if (sosl[pos] === ')') depth--;
          pos++;
        } while (pos < sosl.length && depth > 0);
      } else {
        pos++;
        while (pos < sosl.length && !/[\s('(]/.test(sosl[pos])) pos++;
      }
    }
  }
}

/** Splits `Id, Name WHERE ... ORDER BY ... LIMIT 5` into the field list and the SOQL clauses. */
function splitReturning(inner: string): { fields: string; clauses: string } {
  const clauseWords = new Set(['WHERE', 'ORDER', 'LIMIT', 'OFFSET', 'USING', 'WITH']);
  const boundary = tokenize(inner).find((t) => t.depth === 0 && t.kind === 'word' && clauseWords.has(t.upper));
  const fields = (boundary ? inner.slice(0, boundary.start) : inner).trim();
  const clauses = boundary ? ` ${inner.slice(boundary.start).trim()}` : '';
  return { fields: fields || 'Id', clauses };
}

// ------------------------------------------------------------------ search expression

type SearchNode = { kind: 'term'; words: RegExp[]; literal: string } | { kind: 'and' | 'or'; items: SearchNode[] } | { kind: 'not'; item: SearchNode };

interface SearchToken {
  kind: 'word' | 'phrase' | '(' | ')';
  text: string;
}

function searchTokens(text: string): SearchToken[] {
  const tokens: SearchToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch, text: ch });
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      let phrase = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        phrase += text[j++];
      }
      tokens.push({ kind: 'phrase', text: phrase });
      i = j + 1;
    } else {
      let value = '';
      while (i < text.length && !/[\s()"]/.test(text[i])) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i++];
      }
      tokens.push({ kind: 'word', text: value });
    }
  }
  return tokens;
}

/** Words of a term (letters, digits and wildcards), each as an anchored case-insensitive pattern. */
function termPatterns(text: string): RegExp[] {
  const words = text.match(/[\p{L}\p{N}*?]+/gu) ?? [];
  return words
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .map((w) => {
      const source = w
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.');
      return new RegExp(`^${source}$`, 'iu');
    });
}

function parseSearchText(request: SearchRequest): SearchNode {
  const letters = (request.text.match(/[\p{L}\p{N}]/gu) ?? []).length;
  if (letters < 2) {
    throw new SalesforceError(400, 'INVALID_SEARCH', `search term must be longer than one character: ${request.text.trim()}`);
  }
  const tokens = searchTokens(request.text);
  let pos = 0;
  const isOperator = (t: SearchToken | undefined, op: string): boolean => t?.kind === 'word' && t.text.toUpperCase() === op;
  const fail = (): never => {
    throw new SalesforceError(400, 'MALFORMED_SEARCH', `Invalid search query: ${request.text}`);
  };

  const or = (): SearchNode => {
    const items = [and()];
    while (isOperator(tokens[pos], 'OR')) {
      pos++;
      items.push(and());
    }
    return items.length === 1 ? items[0] : { kind: 'or', items };
  };
  const and = (): SearchNode => {
    const items = [primary()];
    for (;;) {
      const token = tokens[pos];
      if (!token || token.kind === ')' || isOperator(token, 'OR')) break;
      if (isOperator(token, 'AND')) {
        pos++;
        if (isOperator(tokens[pos], 'NOT')) {
          pos++;
          items.push({ kind: 'not', item: primary() });
        } else {
          items.push(primary());
        }
      } else if (isOperator(token, 'NOT')) {
        pos++;
        items.push({ kind: 'not', item: primary() });
      } else {
        items.push(primary());
      }
    }
    return items.length === 1 ? items[0] : { kind: 'and', items };
  };
  const primary = (): SearchNode => {
    const token = tokens[pos++];
    if (!token) return fail();
    if (token.kind === '(') {
      const inner = or();
      if (tokens[pos]?.kind !== ')') fail();
      pos++;
      return inner;
    }
    if (token.kind === ')') return fail();
    const words = termPatterns(token.text);
    if (!words.length) return fail();
    return { kind: 'term', words, literal: token.text };
  };
  const tree = or();
  if (pos < tokens.length) fail();
  return tree;
}

/** Does any searched value of a row contain the term's words, adjacent and in order? */
function termMatches(words: RegExp[], valueWords: string[][]): boolean[] {
  return valueWords.map((tokens) => {
    for (let start = 0; start + words.length <= tokens.length; start++) {
      let ok = true;
      for (let k = 0; k < words.length && ok; k++) ok = words[k].test(tokens[start + k]);
      if (ok) return true;
    }
    return false;
  });
}

/** Evaluates the tree on one row; `hits` collects which fields matched a positive term. */
function evaluate(node: SearchNode, valueWords: string[][], hits: boolean[]): boolean {
  switch (node.kind) {
    case 'term': {
      const matched = termMatches(node.words, valueWords);
      matched.forEach((m, i) => {
        if (m) hits[i] = true;
      });
      return matched.some(Boolean);
    }
    case 'and':
      return node.items.every((item) => evaluate(item, valueWords, hits));
    case 'or':
      return node.items.map((item) => evaluate(item, valueWords, hits)).some(Boolean);
    case 'not':
      return !evaluate(node.item, valueWords, []);
  }
}

/** A SQL pre-filter that every matching row passes (LIKE on the longest literal piece). */
function prefilterSql(node: SearchNode, columns: string[], params: Params): string {
  switch (node.kind) {
    case 'term': {
      const pieces = node.literal.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      const longest = pieces.sort((a, b) => b.length - a.length)[0];
      if (!longest) return '1';
      const pattern = params.bind(`%${longest.replace(/[\\%_]/g, '\\$&')}%`);
      return `(${columns.map((c) => `${c} LIKE ${pattern} ESCAPE '\\'`).join(' OR ')})`;
    }
    case 'and':
      return `(${node.items.map((item) => prefilterSql(item, columns, params)).join(' AND ')})`;
    case 'or':
      return `(${node.items.map((item) => prefilterSql(item, columns, params)).join(' OR ')})`;
    case 'not':
      return '1';
  }
}

const NAME_LIKE_FIELDS = new Set(['FirstName', 'LastName', 'MiddleName', 'Company']);

function searchedFields(object: ObjectDef, group: SearchGroup): FieldDef[] {
  return object.fields.filter((f) => {
    switch (group) {
      case 'NAME':
        return f.nameField || (NAME_LIKE_FIELDS.has(f.name) && f.type === 'string');
      case 'EMAIL':
        return f.type === 'email';
      case 'PHONE':
        return f.type === 'phone';
      default:
        return ['string', 'textarea', 'email', 'phone', 'url'].includes(f.type);
    }
  });
}

function splitWords(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  return (
    String(value)
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Ids of the rows of `object` that match, best first. */
function matchingIds(store: OrgStore, object: ObjectDef, group: SearchGroup, tree: SearchNode): string[] {
  const fields = searchedFields(object, group);
  if (!fields.length) return [];
  const params = new Params();
  const columns = fields.map((f) => quoteIdent(f.name));
  const sql =
    `SELECT "Id", ${columns.join(', ')} FROM ${quoteIdent(object.name)} ` + `WHERE "IsDeleted" = 0 AND ${prefilterSql(tree, columns, params)} ORDER BY rowid`;
  const statement = store.db.prepare(sql).raw(true);
  const rows = (Object.keys(params.values).length ? statement.all(params.values) : statement.all()) as unknown[][];
  const scored: Array<{ id: string; score: number; order: number }> = [];
  rows.forEach((row, order) => {
    const valueWords = fields.map((_, i) => splitWords(row[i + 1]));
    const hits = fields.map(() => false);
    if (!evaluate(tree, valueWords, hits)) return;
    let score = 0;
    hits.forEach((hit, i) => {
      if (hit) score += fields[i].nameField ? 10 : 1;
    });
    scored.push({ id: row[0] as string, score, order });
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.map((s) => s.id);
}

// ------------------------------------------------------------------ execution

function executeSearch(store: OrgStore, request: SearchRequest, apiVersion: string, defaultFields?: string[]): SearchResultSet {
  const tree = parseSearchText(request);
  const schema = store.schema;
  const specs: ReturningSpec[] =
    request.returning ??
    schema.objects
      .filter((o) => o.searchable && o.queryable)
      .map((o) => ({ object: o.name, offset: 0, fields: defaultFields?.length ? defaultFields.join(', ') : 'Id', clauses: '' }));

  const searchRecords: WireRecord[] = [];
  for (const spec of specs) {
    const object = schema.getObject(spec.object);
    if (!object || !object.queryable) {
      throw new SalesforceError(400, 'INVALID_TYPE', frameMessage(request.source, spec.offset, msg.unsupportedType(spec.object)));
    }
    if (!object.searchable) {
      throw new SalesforceError(400, 'INVALID_TYPE', frameMessage(request.source, spec.offset, `entity type ${object.name} does not support search`));
    }
    // Build and check the SOQL even when nothing matches, so a bad field is reported either way.
    const soql = `SELECT ${spec.fields} FROM ${object.name}${spec.clauses}`;
    const ids = matchingIds(store, object, request.group, tree);
    const ranked = ids.join(',');
    const result = runQueryInternal(
      store,
      soql,
      { includeDeleted: false, apiVersion },
      {
        sql: (alias, params) => `${alias}."Id" IN (SELECT value FROM json_each(${params.bind(JSON.stringify(ids))}))`,
        defaultOrder: (alias, params) => `instr(${params.bind(ranked)}, ${alias}."Id")`,
      },
    );
    if (result.records.length === 0 && result.totalSize > 0) {
      throw new SalesforceError(400, 'MALFORMED_SEARCH', 'COUNT() is not supported in a search query');
    }
    searchRecords.push(...result.records);
    if (searchRecords.length >= request.limit) break;
  }
  return { searchRecords: searchRecords.slice(0, request.limit) };
}
