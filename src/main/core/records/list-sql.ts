/**
 * SQL for `records:list` over the org cache's `records` table.
 *
 * Everything interpolated into SQL comes from whitelists: the object name (the registry's,
 * inlined as a literal so the partial indexes of migration 0003 apply), sort expressions from
 * `sortExpression` and filter fragments built here; user values (search text, filter values,
 * offset/limit) are always bound parameters. Statements are prepared once per distinct shape.
 */
import type { ParsedListQuery } from './types';
import { OBJECT_REGISTRY, type ObjectDef, type ObjectRegistry } from '../cache/objects';
import { ftsPrefixQuery, scanMatch } from '../cache/records.read';
import type { ExtractedColumns } from '../../../shared/objects/registry';

/**
 * Extracted columns in the order they win when two map the same field (Account: name = company = Name).
 * Also the cache's SOQL engine's typed columns (query/cache-query/cache-schema.ts), with the flags.
 */
export const EXTRACTED: ReadonlyArray<[keyof ExtractedColumns, string]> = [
  ['name', 'name'],
  ['email', 'email'],
  ['phone', 'phone'],
  ['company', 'company'],
  ['accountName', 'account_name'],
  ['status', 'status'],
  ['amount', 'amount'],
  ['closeDate', 'close_date'],
  ['accountId', 'account_id'],
  ['contactId', 'contact_id'],
  ['campaignId', 'campaign_id'],
  ['textA', 'text_a'],
  ['textB', 'text_b'],
  ['numberA', 'number_a'],
  ['dateA', 'date_a'],
  ['dateB', 'date_b'],
]; // flag_a and flag_b hold 1/0, not the JSON's true/false, so lists keep reading booleans from the JSON.

export interface SortExpression {
  /** The SQL of the sorted value, exactly as the index that serves it is written. */
  sql: string;
  /** Text is compared without case (the indexes are COLLATE NOCASE). */
  nocase: boolean;
  /** The tie-break on id runs against the sort direction (the LastModifiedDate index is DESC, id ASC). */
  idAgainst: boolean;
}

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)?$/;

/** The SQL value of a field: its extracted column when it has one, else the JSON value. */
export function fieldExpression(def: ObjectDef, field: string): string {
  if (field === 'Id') return 'id';
  if (field === 'OwnerId') return 'owner_id';
  if (field === 'Owner.Name') return 'owner_name';
  if (field === 'LastModifiedDate') return 'last_modified';
  if (field === 'CreatedDate') return 'created_date';
  for (const [key, column] of EXTRACTED) if (def.columns[key] === field) return column;
  if (!FIELD_NAME.test(field)) throw new Error(`Not a field name: ${field}`);
  return field.includes('.') ? `json_extract(fields, '$."${field}"')` : `json_extract(fields, '$.${field}')`;
}

export function sortExpression(def: ObjectDef, field: string): SortExpression {
  const sql = fieldExpression(def, field);
  const kind = def.fields.find((f) => f.name === field)?.kind ?? 'text';
  return { sql, nocase: kind === 'text' && sql !== 'id', idAgainst: sql === 'last_modified' };
}

/**
 * Hides rows the user deleted offline. Tested on the rowid (which every index carries) against the
 * few deleted rows, so skipping to a deep offset or counting reads only the sort index, never the
 * table; `local_state <> 'synced'` lets the subquery use the records_pending partial index.
 */
export const NOT_DELETED = `rid NOT IN (SELECT rid FROM records WHERE local_state <> 'synced' AND local_state = 'deleted')`;

export interface BuiltQuery {
  /** Distinct per statement shape (the prepared-statement cache key). */
  key: string;
  where: string;
  orderBy: string;
  params: unknown[];
}

const DAY_MS = 86_400_000;

/**
 * WHERE and ORDER BY of a list query; `userId` answers ownedByMe, `now` anchors modifiedWithinDays.
 * The object's name comes from `registry`, which admits only API-name shapes (safe to inline).
 */
export function buildListQuery(
  query: ParsedListQuery,
  userId: string | null,
  now: Date = new Date(),
  registry: ObjectRegistry = OBJECT_REGISTRY,
  /** False while a first full load defers the FTS index (cache/deferred-indexes.ts): search scans instead. */
  searchIndexReady = true,
): BuiltQuery {
  const object = query.object;
  const def = registry.get(object);
  const clauses = [`object = '${def.name}'`, NOT_DELETED];
  const params: unknown[] = [];
  const keyParts: string[] = [];
  const expr = (field: string) => fieldExpression(def, field);
  const inList = (field: string, values: readonly string[] | undefined, name: string) => {
    if (!values?.length) return;
    clauses.push(`${expr(field)} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
    keyParts.push(`${name}${values.length}`);
  };
  const flag = (field: string, value: boolean | undefined, name: string) => {
    if (value === undefined) return;
    // Booleans are JSON true/false (1/0 from json_extract); a missing value counts as false.
    clauses.push(value ? `${expr(field)} IS 1` : `${expr(field)} IS NOT 1`);
    keyParts.push(`${name}${value ? 1 : 0}`);
  };
  const equals = (field: string, value: string | undefined, name: string) => {
    if (value === undefined) return;
    clauses.push(`${expr(field)} = ?`);
    params.push(value);
    keyParts.push(name);
  };

  const filters = (query.filters ?? {}) as Record<string, unknown>;
  if (filters.ownedByMe) {
    // No known user (should not happen for a connected org): nothing is "mine".
    clauses.push('owner_id = ?');
    params.push(userId ?? '');
    keyParts.push('mine');
  }
  if (typeof filters.modifiedWithinDays === 'number') {
    // A range on last_modified, served by records_by_modified (object, last_modified DESC, id) of
    // migration 0001; the cache keeps datetimes in one ISO form (canonicalDatetime), so text compares.
    clauses.push('last_modified >= ?');
    params.push(new Date(now.getTime() - filters.modifiedWithinDays * DAY_MS).toISOString());
    keyParts.push('modified');
  }
  switch (query.object) {
    case 'Account': {
      const f = query.filters ?? {};
      inList('Type', f.type, 'type');
      inList('Industry', f.industry, 'industry');
      break;
    }
    case 'Contact':
      equals('AccountId', query.filters?.accountId, 'account');
      break;
    case 'Opportunity': {
      const f = query.filters ?? {};
      inList('StageName', f.stage, 'stage');
      if (f.status === 'open') flag('IsClosed', false, 'closed');
      if (f.status === 'closed') flag('IsClosed', true, 'closed');
      if (f.status === 'won' || f.status === 'lost') {
        flag('IsClosed', true, 'closed');
        flag('IsWon', f.status === 'won', 'won');
      }
      if (f.closeDateFrom) {
        clauses.push(`${expr('CloseDate')} >= ?`);
        params.push(f.closeDateFrom);
        keyParts.push('from');
      }
      if (f.closeDateTo) {
        clauses.push(`${expr('CloseDate')} <= ?`);
        params.push(f.closeDateTo);
        keyParts.push('to');
      }
      equals('AccountId', f.accountId, 'account');
      break;
    }
    case 'Lead': {
      const f = query.filters ?? {};
      inList('Status', f.status, 'status');
      flag('IsConverted', f.converted, 'converted');
      break;
    }
    case 'Case': {
      const f = query.filters ?? {};
      inList('Status', f.status, 'status');
      inList('Priority', f.priority, 'priority');
      if (f.open !== undefined) flag('IsClosed', !f.open, 'closed');
      equals('AccountId', f.accountId, 'account');
      equals('ContactId', f.contactId, 'contact');
      break;
    }
    case 'Campaign': {
      const f = query.filters ?? {};
      inList('Status', f.status, 'status');
      flag('IsActive', f.active, 'active');
      break;
    }
  }

  const scan = query.search && !searchIndexReady ? scanMatch(query.search) : null;
  if (scan) {
    clauses.push(`(${scan.sql})`);
    params.push(...scan.params);
    keyParts.push(`scan${scan.params.length}`);
  }
  const match = query.search && searchIndexReady ? ftsPrefixQuery(query.search) : '';
  if (match) {
    clauses.push('rid IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)');
    params.push(match);
    keyParts.push('search');
  }

  const sort = sortExpression(def, query.sortBy);
  const dir = query.sortDir === 'desc' ? 'DESC' : 'ASC';
  const idDir = sort.idAgainst ? (dir === 'ASC' ? 'DESC' : 'ASC') : dir;
  const orderBy = `${sort.sql}${sort.nocase ? ' COLLATE NOCASE' : ''} ${dir}, id ${idDir}`;
  return { key: `${object}|${keyParts.join(',')}|${orderBy}`, where: clauses.join(' AND '), orderBy, params };
}
