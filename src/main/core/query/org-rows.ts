/**
 * Salesforce's query records as the console's rows, the same shape the cache engine gives:
 * relationship fields flattened to `Account.Owner.Name` (null when a parent on the way is null,
 * as Salesforce answers `"Account": null`), a child subquery's rows under its relationship name as
 * an array of rows flattened the same way (null when the parent has none, as Salesforce answers).
 *
 * The columns come from the SELECT list in its order (what the query asked for, even when no row
 * has a value), spelled as Salesforce spells the keys in its answer (`account.name` asked, `Account.Name`
 * answered). An aggregate without an alias is `expr0`, `expr1`… in order; a grouped field is its
 * field's name. Anything in the answer the SELECT list does not account for (TYPEOF's fields) is
 * appended as it comes.
 */
import type { FieldType, Query, Subquery } from '@jetstreamapp/soql-parser-js';
import type { QueryColumn, QueryRow } from '../../../shared/ipc/query.contract';
import { isAggregateFunction } from './soql-guard';

type Json = Record<string, unknown>;

/** A child subquery's answer inside a parent record. */
export interface ChildResult {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: Json[];
}

export function isChildResult(value: unknown): value is ChildResult {
  return typeof value === 'object' && value !== null && Array.isArray((value as Json).records) && typeof (value as Json).done === 'boolean';
}

/** The columns the SELECT list asks for, as typed (the answer's spelling is applied later). */
export function columnsOfQuery(query: Query | Subquery, aggregate = false): QueryColumn[] {
  const columns: QueryColumn[] = [];
  let expr = 0;
  for (const field of query.fields ?? []) {
    const column = columnOf(field, () => `expr${expr++}`, aggregate);
    if (column && !columns.some((c) => c.path.toLowerCase() === column.path.toLowerCase())) columns.push(column);
  }
  return columns;
}

/** In an aggregate query a grouped relationship field is keyed by its own name (`Account.Name` → `Name`). */
function columnOf(field: FieldType, nextExpr: () => string, aggregate: boolean): QueryColumn | null {
  switch (field.type) {
    case 'Field':
      return { path: field.alias ?? field.field, kind: 'field' };
    case 'FieldRelationship':
      if ('alias' in field && typeof field.alias === 'string') return { path: field.alias, kind: 'field' };
      return { path: aggregate ? field.field : [...field.relationships, field.field].join('.'), kind: 'field' };
    case 'FieldSubquery':
      return { path: field.subquery.relationshipName, kind: 'subquery' };
    case 'FieldTypeof':
      // Its fields depend on each row's type: they are appended as the answer brings them.
      return null;
    case 'FieldFunctionExpression': {
      if (isAggregateFunction(field.functionName)) {
        // COUNT() alone answers totalSize and no rows: no column.
        if (field.functionName.toUpperCase() === 'COUNT' && field.parameters.length === 0) return null;
        return { path: field.alias ?? nextExpr(), kind: 'aggregate' };
      }
      // toLabel(Status), FORMAT(Amount), convertCurrency(Amount): keyed by the field they wrap.
      const inner = field.parameters.find((p): p is string => typeof p === 'string');
      return { path: field.alias ?? inner ?? field.functionName, kind: 'field' };
    }
    default:
      return null;
  }
}

/** The value at a dotted path, keys matched without case; `found` false when a key is absent. */
function walk(record: Json, path: string): { value: unknown; spelled: string | null } {
  let value: unknown = record;
  const spelled: string[] = [];
  for (const part of path.split('.')) {
    if (value === null || value === undefined) return { value: null, spelled: null };
    const obj = value as Json;
    const key = part in obj ? part : Object.keys(obj).find((k) => k.toLowerCase() === part.toLowerCase());
    if (key === undefined) return { value: null, spelled: null };
    spelled.push(key);
    value = obj[key];
  }
  return { value: value === undefined ? null : value, spelled: spelled.join('.') };
}

/** Every leaf of a record as dotted paths (nested parents walked, `attributes` left out). */
function leafPaths(record: Json, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (key === 'attributes') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (isChildResult(value)) out.push(path);
    else if (value && typeof value === 'object' && !Array.isArray(value) && 'attributes' in value) out.push(...leafPaths(value as Json, path));
    else out.push(path);
  }
  return out;
}

/**
 * The columns for these records: the SELECT list's, spelled as the answer spells them, then any
 * leaf the answer has that none of them covers.
 */
export function resolveColumns(asked: readonly QueryColumn[], records: readonly Json[]): QueryColumn[] {
  const columns = asked.map((column) => {
    for (const record of records) {
      const { spelled } = walk(record, column.path);
      if (spelled) return { ...column, path: spelled };
    }
    return column;
  });
  const known = new Set(columns.map((c) => c.path.toLowerCase()));
  for (const record of records.slice(0, 200)) {
    for (const path of leafPaths(record)) {
      const lower = path.toLowerCase();
      // A null parent (`Account: null`) is covered by the columns under it.
      if (known.has(lower) || [...known].some((k) => k.startsWith(`${lower}.`))) continue;
      known.add(lower);
      columns.push({ path, kind: isChildResult(record[path]) ? 'subquery' : 'field' });
    }
  }
  return columns;
}

/** One record as a row of these columns; a subquery's rows flattened with its own columns. */
export function flattenRecord(record: Json, columns: readonly QueryColumn[], childColumns: ReadonlyMap<string, readonly QueryColumn[]>): QueryRow {
  const row: QueryRow = {};
  for (const column of columns) {
    const { value } = walk(record, column.path);
    if (column.kind !== 'subquery') {
      row[column.path] = value;
      continue;
    }
    if (!isChildResult(value)) {
      row[column.path] = null;
      continue;
    }
    const asked = childColumns.get(column.path.toLowerCase()) ?? [];
    const resolved = resolveColumns(asked, value.records);
    row[column.path] = value.records.map((child) => flattenRecord(child, resolved, new Map()));
  }
  return row;
}

/** The SELECT list's subqueries' columns, by relationship name (lower case). */
export function subqueryColumns(query: Query): Map<string, QueryColumn[]> {
  const out = new Map<string, QueryColumn[]>();
  for (const field of query.fields ?? []) {
    if (field.type === 'FieldSubquery') out.set(field.subquery.relationshipName.toLowerCase(), columnsOfQuery(field.subquery));
  }
  return out;
}
