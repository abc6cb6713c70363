/**
 * What planning a query produces and execution runs: SQL over the `records` table, the named
 * parameters, and how each SQL column becomes a value of a result row.
 */
import type { QueryColumn } from '../../../../shared/ipc/query.contract';
import { wireDatetime } from './literals';
import type { Join, Scope } from './scope';
import { NUMBER_TYPES, type SoqlType } from './standard-fields';

export type Converter = (value: unknown) => unknown;

const identity: Converter = (v) => v;
const toBoolean: Converter = (v) => (v === null || v === undefined ? null : v === 1 || v === true);
const toNumber: Converter = (v) => (v === null || v === undefined ? null : typeof v === 'number' ? v : Number(v));

/** Values as Salesforce's JSON gives them: checkboxes true/false, numbers, datetimes `…+0000`. */
export function converterFor(type: SoqlType): Converter {
  if (type === 'boolean') return toBoolean;
  if (NUMBER_TYPES.has(type)) return toNumber;
  if (type === 'datetime') return wireDatetime;
  return identity;
}

/** One value of a result row: its key and the SQL column it is read from. */
export interface Output {
  key: string;
  col: number;
  convert: Converter;
}

/**
 * Rows whose lookups point at a parent the local copy does not hold, among the rows the query's
 * join-free WHERE terms keep: their parent fields are unknown offline.
 */
export interface ParentCheck {
  scope: Scope;
  joins: Join[];
  /** WHERE terms (object, not deleted, the query's terms that read no parent). */
  where: string[];
}

export interface ChildPlan {
  /** The relationship's name, the row's key (`Contacts`). */
  key: string;
  columns: string[];
  outputs: Output[];
  /** The column of the child's lookup to its parent. */
  fkCol: number;
  /** The rows of a set of parents (bound as `@__ids`, a JSON array), in the subquery's order. */
  sql: string;
}

export interface RecordPlan {
  kind: 'records';
  object: string;
  /** Every object it reads rows of. */
  objectsRead: string[];
  resultColumns: QueryColumn[];
  /** The matching rows' rowids, in order, LIMIT and OFFSET applied. */
  ridSql: string;
  /** The values of rows by rowid (bound as `@__rids`, a JSON array); column 0 is the rowid, 1 the Id. */
  rowSql: string;
  outputs: Output[];
  children: ChildPlan[];
  params: Record<string, unknown>;
  parentCheck: ParentCheck | null;
}

export interface AggregatePlan {
  kind: 'aggregate';
  object: string;
  /** Every object it reads rows of. */
  objectsRead: string[];
  resultColumns: QueryColumn[];
  sql: string;
  outputs: Output[];
  params: Record<string, unknown>;
  parentCheck: ParentCheck | null;
}

/** `SELECT COUNT() …`: Salesforce answers the count as totalSize, with no rows. */
export interface CountPlan {
  kind: 'count';
  object: string;
  /** Every object it reads rows of. */
  objectsRead: string[];
  sql: string;
  params: Record<string, unknown>;
  parentCheck: ParentCheck | null;
}

export type Plan = RecordPlan | AggregatePlan | CountPlan;
