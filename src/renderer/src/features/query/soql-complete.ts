/**
 * What the SOQL editor suggests at the cursor, as pure logic (no CodeMirror, no fetching): objects
 * after FROM (or a parent's child relationships in a subquery), the FROM object's fields in SELECT,
 * WHERE, ORDER BY and GROUP BY, relationship paths (`Account.` → Account's fields), picklist values
 * after `=` and inside `IN (`, date literals for date fields, functions, and the keywords that may
 * come next.
 *
 * Describe data comes through a SchemaLookup that answers from what is already loaded; what it
 * lacks comes back as `missing`, for the caller to load and ask again (the editor does so once per
 * object: describes are cached for the session).
 */
import type { QuerySchema, SchemaField } from '../../../../shared/ipc';
import { isWord, tokenize, type Token } from './soql-tokens';
import { AGGREGATE_FUNCTIONS, DATE_FUNCTIONS, DATE_LITERALS, VALUE_FUNCTIONS } from '../../../../shared/soql-words';

export type ObjectSchema = NonNullable<QuerySchema['object']>;
export type ObjectInfo = QuerySchema['objects'][number];

export interface SchemaLookup {
  /** Every queryable object; undefined until loaded. */
  objects(): readonly ObjectInfo[] | undefined;
  /** One object's describe; undefined until loaded, null when the org has no such object. */
  object(name: string): ObjectSchema | null | undefined;
}

export type SchemaNeed = { kind: 'objects' } | { kind: 'object'; name: string };

export type OptionType = 'keyword' | 'object' | 'field' | 'relationship' | 'function' | 'literal' | 'value';

export interface SoqlOption {
  label: string;
  type: OptionType;
  /** What follows the label in the list: a field's label and type, an object's label. */
  detail?: string;
  /** Text inserted when it differs from the label (`Account.` for a relationship, `COUNT(`). */
  apply?: string;
  /** Offer the next suggestions right after inserting (a relationship's fields). */
  reopen?: boolean;
}

export interface SoqlCompletion {
  /** Where the replaced text starts (the word or string being typed). */
  from: number;
  /** Where it ends: the cursor, or a string's closing quote when the cursor is inside one. */
  to: number;
  options: SoqlOption[];
  /** Describes to load before the list can be complete. */
  missing: SchemaNeed[];
}

type Clause = 'select' | 'from' | 'where' | 'group' | 'order' | 'having' | 'limit' | 'offset' | 'other';

interface Frame {
  query: boolean;
  /** Index of the frame's `(` (-1 for the whole text). */
  open: number;
  clause: Clause;
  /** The clause of the enclosing query where this frame opened (a child subquery opens in SELECT). */
  parentClause: Clause | null;
}

const CLAUSE_WORDS: Record<string, Clause> = {
  SELECT: 'select',
  FROM: 'from',
  WHERE: 'where',
  GROUP: 'group',
  ORDER: 'order',
  HAVING: 'having',
  LIMIT: 'limit',
  OFFSET: 'offset',
  WITH: 'other',
  FOR: 'other',
  USING: 'other',
};

/**
 * The clause a word starts, if it starts one: Group and Order are also objects (`FROM Order`), so
 * they count only when BY follows (or nothing yet).
 */
function clauseOf(tokens: Token[], index: number): Clause | undefined {
  const word = tokens[index].text.toUpperCase();
  const clause = CLAUSE_WORDS[word];
  if (!clause || isWord(tokens[index - 1], 'FROM')) return undefined;
  if ((word === 'GROUP' || word === 'ORDER') && tokens[index + 1] && !isWord(tokens[index + 1], 'BY')) return undefined;
  return clause;
}

const lower = (text: string) => text.toLowerCase();
const same = (a: string, b: string) => lower(a) === lower(b);

/** The frames (the whole query, subqueries, plain parentheses) open at the end of `tokens`. */
function openFrames(tokens: Token[]): Frame[] {
  const stack: Frame[] = [{ query: true, open: -1, clause: 'select', parentClause: null }];
  const innermostQuery = () => [...stack].reverse().find((frame) => frame.query) ?? stack[0];
  tokens.forEach((token, index) => {
    if (token.type === 'open') {
      const query = isWord(tokens[index + 1], 'SELECT');
      stack.push({ query, open: index, clause: 'select', parentClause: innermostQuery().clause });
    } else if (token.type === 'close') {
      if (stack.length > 1) stack.pop();
    } else if (token.type === 'word') {
      const clause = clauseOf(tokens, index);
      if (clause) innermostQuery().clause = clause;
    }
  });
  return stack;
}

/** The word after a query's FROM at its own depth, found anywhere in the text (FROM may follow the cursor). */
function fromName(all: Token[], open: number): string | null {
  let depth = 0;
  for (let i = open + 1; i < all.length; i++) {
    const token = all[i];
    if (token.type === 'open') depth += 1;
    else if (token.type === 'close') {
      if (depth === 0) return null;
      depth -= 1;
    } else if (depth === 0 && isWord(token, 'FROM')) {
      const next = all[i + 1];
      return next?.type === 'word' ? next.text : null;
    }
  }
  return null;
}

interface Resolver {
  schema: SchemaLookup;
  missing: SchemaNeed[];
}

/** An object's describe by name in any case (the object list gives its exact spelling). */
function describe(resolver: Resolver, name: string): ObjectSchema | null {
  const exact = resolver.schema.objects()?.find((o) => same(o.name, name))?.name ?? name;
  const found = resolver.schema.object(exact);
  if (found === undefined) {
    if (!resolver.missing.some((need) => need.kind === 'object' && same(need.name, exact))) resolver.missing.push({ kind: 'object', name: exact });
    return null;
  }
  return found;
}

/**
 * The object a query frame reads: FROM's object, or for a child subquery (opened in its parent's
 * SELECT) the child object behind the relationship FROM names.
 */
function frameObject(resolver: Resolver, all: Token[], frames: Frame[], index: number): ObjectSchema | null {
  const frame = frames[index];
  const name = fromName(all, frame.open);
  if (!name) return null;
  const parentIndex = frames
    .slice(0, index)
    .map((f) => f.query)
    .lastIndexOf(true);
  if (frame.parentClause === 'select' && parentIndex >= 0) {
    const parent = frameObject(resolver, all, frames, parentIndex);
    const child = parent?.childRelationships.find((r) => same(r.relationshipName, name));
    return child ? describe(resolver, child.childSObject) : null;
  }
  return describe(resolver, name);
}

/** Follows `Account.Owner` from an object to the object at the end of the path. */
function followPath(resolver: Resolver, start: ObjectSchema, path: string[]): ObjectSchema | 'polymorphic' | null {
  let current = start;
  for (const step of path) {
    const field = current.fields.find((f) => f.relationshipName !== null && same(f.relationshipName, step));
    if (!field || field.referenceTo.length === 0) return null;
    if (field.referenceTo.length > 1) return 'polymorphic';
    const next = describe(resolver, field.referenceTo[0]);
    if (!next) return null;
    current = next;
  }
  return current;
}

/** The field a path names (`Account.Industry`), or null. */
function fieldAt(resolver: Resolver, start: ObjectSchema, path: string): SchemaField | null {
  const parts = path.split('.');
  const owner = followPath(resolver, start, parts.slice(0, -1));
  if (!owner || owner === 'polymorphic') return null;
  return owner.fields.find((f) => same(f.name, parts[parts.length - 1])) ?? null;
}

type FieldUse = 'select' | 'filter' | 'sort' | 'group';

function fieldOptions(object: ObjectSchema, use: FieldUse): SoqlOption[] {
  const allowed = (f: SchemaField) => use === 'select' || (use === 'filter' ? f.filterable : use === 'sort' ? f.sortable : f.groupable);
  const fields: SoqlOption[] = object.fields.filter(allowed).map((f) => ({ label: f.name, type: 'field', detail: `${f.label} · ${f.type}` }));
  const relationships: SoqlOption[] = object.fields
    .filter((f) => f.relationshipName && f.referenceTo.length > 0)
    .map((f) => ({
      label: f.relationshipName as string,
      type: 'relationship',
      detail: `→ ${f.referenceTo.join(', ')}`,
      apply: `${f.relationshipName}.`,
      reopen: true,
    }));
  return [...fields, ...relationships];
}

/** What a polymorphic relationship (What, Who, Owner of a queue-owned record) always has. */
const POLYMORPHIC_FIELDS: SoqlOption[] = ['Id', 'Name', 'Type'].map((name) => ({ label: name, type: 'field', detail: 'any of the related objects' }));

const keywords = (...words: string[]): SoqlOption[] => words.map((word) => ({ label: word, type: 'keyword' }));

function functionOptions(names: readonly string[], detail: string): SoqlOption[] {
  return names.map((name) => ({ label: name, type: 'function', detail, apply: `${name}(` }));
}

const COUNT_ROWS: SoqlOption = { label: 'COUNT()', type: 'function', detail: 'number of rows', apply: 'COUNT()' };

function dateLiteralOptions(): SoqlOption[] {
  return DATE_LITERALS.map((literal) =>
    literal.numbered
      ? { label: `${literal.name}:n`, type: 'literal', detail: 'date literal', apply: `${literal.name}:` }
      : { label: literal.name, type: 'literal', detail: 'date literal' },
  );
}

const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Values a field may be compared with: its picklist's values, date literals, TRUE/FALSE, NULL. */
function valueOptions(field: SchemaField | null, inString: boolean): SoqlOption[] {
  const picklist: SoqlOption[] = (field?.picklistValues ?? []).map((v) => ({
    label: quote(v.value),
    type: 'value',
    detail: v.label !== v.value ? v.label : undefined,
  }));
  if (inString) return picklist;
  const type = field?.type.toLowerCase() ?? '';
  const dated = type === 'date' || type === 'datetime' ? dateLiteralOptions() : [];
  const boolean = type === 'boolean' ? keywords('TRUE', 'FALSE') : [];
  return [...picklist, ...dated, ...boolean, ...keywords('NULL')];
}

/** The token the cursor is in or right after (a word, or a string being typed), if any. */
function tokenAtCursor(tokens: Token[], pos: number): { index: number; token: Token } | null {
  const index = tokens.findIndex((t) =>
    t.type === 'string' ? t.from < pos && (t.open || pos < t.to) : (t.type === 'word' || t.type === 'number') && t.from < pos && pos <= t.to,
  );
  return index < 0 ? null : { index, token: tokens[index] };
}

interface CursorContext {
  all: Token[];
  before: Token[];
  frames: Frame[];
  /** The innermost query frame's index in `frames`. */
  queryIndex: number;
  from: number;
  to: number;
  /** The word typed so far (up to the cursor), '' when none. */
  word: string;
  inString: boolean;
}

function cursorContext(text: string, pos: number): CursorContext {
  const all = tokenize(text);
  const at = tokenAtCursor(all, pos);
  const before = at ? all.slice(0, at.index) : all.filter((t) => t.to <= pos);
  const frames = openFrames(before);
  const queryIndex = frames.map((f) => f.query).lastIndexOf(true);
  const inString = at?.token.type === 'string';
  // Inside a closed string ('Pro|'): the suggestion replaces it whole, closing quote included.
  const to = inString && !at.token.open ? at.token.to : pos;
  return { all, before, frames, queryIndex, from: at ? at.token.from : pos, to, word: at ? text.slice(at.token.from, pos) : '', inString };
}

/** The field a value is being typed for: after `Field =` (any comparison) or LIKE, or inside `Field IN (`. */
function valueField(context: CursorContext): string | null {
  const { before, frames } = context;
  const prev = before[before.length - 1];
  const prev2 = before[before.length - 2];
  if ((prev?.type === 'op' || isWord(prev, 'LIKE')) && prev2?.type === 'word') return prev2.text;
  const frame = frames[frames.length - 1];
  if (frame.query || (prev?.type !== 'open' && prev?.type !== 'comma')) return null;
  let i = frame.open - 1;
  if (!isWord(before[i], 'IN', 'INCLUDES', 'EXCLUDES')) return null;
  i -= 1;
  if (isWord(before[i], 'NOT')) i -= 1;
  return before[i]?.type === 'word' ? before[i].text : null;
}

/** Fields of the object at the end of the typed path, relative to the frame's object. */
function pathOptions(resolver: Resolver, object: ObjectSchema | null, word: string, use: FieldUse): { from: number; options: SoqlOption[] } {
  const parts = word.split('.');
  const path = parts.slice(0, -1);
  const offset = word.length - parts[parts.length - 1].length;
  if (!object) return { from: offset, options: [] };
  if (path.length === 0) return { from: 0, options: fieldOptions(object, use) };
  const target = followPath(resolver, object, path);
  if (target === 'polymorphic') return { from: offset, options: POLYMORPHIC_FIELDS };
  // Across a relationship only fields make sense in SELECT and ORDER BY; WHERE takes them too.
  return { from: offset, options: target ? fieldOptions(target, use) : [] };
}

const AFTER_CONDITION = ['AND', 'OR', 'GROUP BY', 'ORDER BY', 'LIMIT'];

/** Suggestions for the clause the cursor is in, once it is known not to be a value. */
function clauseOptions(context: CursorContext, resolver: Resolver): { fieldUse: FieldUse | null; options: SoqlOption[] } {
  const frame = context.frames[context.queryIndex];
  const prev = context.before[context.before.length - 1];
  const startOfItem = !prev || prev.type === 'comma' || prev.type === 'open';
  switch (frame.clause) {
    case 'select': {
      if (!prev) return { fieldUse: null, options: keywords('SELECT') };
      if (startOfItem || isWord(prev, 'SELECT')) {
        const fns = [COUNT_ROWS, ...functionOptions(AGGREGATE_FUNCTIONS, 'aggregate'), ...functionOptions(DATE_FUNCTIONS, 'date function')];
        return { fieldUse: 'select', options: [...fns, ...functionOptions(VALUE_FUNCTIONS, 'function')] };
      }
      return { fieldUse: null, options: keywords('FROM') };
    }
    case 'from':
      return { fieldUse: null, options: isWord(prev, 'FROM') ? fromOptions(context, resolver) : keywords('WHERE', 'GROUP BY', 'ORDER BY', 'LIMIT', 'OFFSET') };
    case 'where':
    case 'having': {
      const having = frame.clause === 'having';
      if (startOfItem || isWord(prev, 'WHERE', 'HAVING', 'AND', 'OR', 'NOT')) {
        const fns = having ? functionOptions(AGGREGATE_FUNCTIONS, 'aggregate') : functionOptions(DATE_FUNCTIONS, 'date function');
        return { fieldUse: having ? 'group' : 'filter', options: [...fns, ...(isWord(prev, 'NOT') ? [] : keywords('NOT'))] };
      }
      const afterValue = prev.type !== 'word' || context.before[context.before.length - 2]?.type === 'op';
      if (afterValue) return { fieldUse: null, options: keywords(...(having ? ['AND', 'OR', 'ORDER BY', 'LIMIT'] : AFTER_CONDITION)) };
      return { fieldUse: null, options: keywords('LIKE', 'IN', 'NOT IN', 'INCLUDES', 'EXCLUDES') };
    }
    case 'group':
      if (isWord(prev, 'GROUP')) return { fieldUse: null, options: keywords('BY') };
      if (isWord(prev, 'BY') || startOfItem) return { fieldUse: 'group', options: functionOptions(DATE_FUNCTIONS, 'date function') };
      return { fieldUse: null, options: keywords('HAVING', 'ORDER BY', 'LIMIT') };
    case 'order':
      if (isWord(prev, 'ORDER')) return { fieldUse: null, options: keywords('BY') };
      if (isWord(prev, 'BY') || startOfItem) return { fieldUse: 'sort', options: [] };
      if (isWord(prev, 'NULLS')) return { fieldUse: null, options: keywords('FIRST', 'LAST') };
      return { fieldUse: null, options: keywords('ASC', 'DESC', 'NULLS FIRST', 'NULLS LAST', 'LIMIT', 'OFFSET') };
    case 'limit':
      return { fieldUse: null, options: prev?.type === 'number' ? keywords('OFFSET') : [] };
    default:
      return { fieldUse: null, options: [] };
  }
}

/** After FROM: every object, or in a child subquery the parent's child relationships. */
function fromOptions(context: CursorContext, resolver: Resolver): SoqlOption[] {
  const frame = context.frames[context.queryIndex];
  const parentIndex = context.frames
    .slice(0, context.queryIndex)
    .map((f) => f.query)
    .lastIndexOf(true);
  if (frame.parentClause === 'select' && parentIndex >= 0) {
    const parent = frameObject(resolver, context.all, context.frames, parentIndex);
    return (parent?.childRelationships ?? []).map((r) => ({ label: r.relationshipName, type: 'relationship', detail: `${r.childSObject} rows` }));
  }
  const objects = resolver.schema.objects();
  if (!objects) {
    resolver.missing.push({ kind: 'objects' });
    return [];
  }
  return objects.map((o) => ({ label: o.name, type: 'object', detail: o.cached ? `${o.label} · on this computer` : o.label }));
}

/** Suggestions at `pos` in `text`. */
export function completeSoql(text: string, pos: number, schema: SchemaLookup): SoqlCompletion {
  const resolver: Resolver = { schema, missing: [] };
  const context = cursorContext(text, pos);
  const object = () => frameObject(resolver, context.all, context.frames, context.queryIndex);
  const field = valueField(context);
  if (field !== null) {
    const owner = object();
    const options = valueOptions(owner ? fieldAt(resolver, owner, field) : null, context.inString);
    return { from: context.from, to: context.to, options, missing: resolver.missing };
  }
  if (context.inString) return { from: context.from, to: context.to, options: [], missing: [] };
  const { fieldUse, options } = clauseOptions(context, resolver);
  if (fieldUse === null) return { from: context.from, to: context.to, options, missing: resolver.missing };
  const fields = pathOptions(resolver, object(), context.word, fieldUse);
  // Inside a path (`Account.Na`) only the related object's fields apply, not functions.
  const extra = context.word.includes('.') ? [] : options;
  return { from: context.from + fields.from, to: context.to, options: [...fields.options, ...extra], missing: resolver.missing };
}
