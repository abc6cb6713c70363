/**
 * Name resolution for one SELECT over the cache: SOQL field paths (`Name`, `account.name`,
 * `Account.Owner.Name`, `c.Email` with a FROM alias) become SQL over the `records` table, with
 * Salesforce's canonical spelling of the path.
 *
 * A path is answered, in order, by a field the object keeps (flattened relationship fields such as
 * Contact's `Account.Name` or every object's `Owner.Name` included), by the lookup itself for
 * `Rel.Id`, or by a LEFT JOIN to the parent's cached row (`Account.Industry` from a Contact). A
 * parent the local copy does not hold leaves such a value unknown: execute.ts checks for them.
 */
import type { ObjectDef } from '../../../../shared/objects/registry';
import type { CacheSchema, FieldInfo } from './cache-schema';
import { dayStartUtc, todayIn } from './date-literals';
import { refuse } from './errors';
import type { SoqlType } from './standard-fields';

/** Named SQL parameters of one statement: values typed by the user never enter the SQL text. */
export class Params {
  readonly values: Record<string, unknown> = {};
  private seq = 0;

  bind(value: unknown): string {
    const name = `p${this.seq++}`;
    this.values[name] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    return `@${name}`;
  }
}

export interface RunOptions {
  now: Date;
  /** The user's time zone (IANA), for date literals. */
  timeZone: string;
}

/** State shared by the SELECTs of one query (the top level, its subqueries and semi-joins). */
export class Context {
  readonly params = new Params();
  /** Every object the query reads rows of (FROM, subqueries, semi-joins, parent joins). */
  readonly objectsRead = new Set<string>();
  private aliasSeq = 0;
  private todayText?: string;

  constructor(
    readonly schema: CacheSchema,
    readonly options: RunOptions,
  ) {}

  nextAlias(): string {
    return `r${this.aliasSeq++}`;
  }

  /** The user's day now. */
  get today(): string {
    this.todayText ??= todayIn(this.options.now, this.options.timeZone);
    return this.todayText;
  }

  dayStart(day: string): string {
    return dayStartUtc(day, this.options.timeZone);
  }

  get fiscalStartMonth(): number {
    const month = this.schema.settings?.fiscalYearStartMonth;
    return Number.isInteger(month) && month! >= 1 && month! <= 12 ? month! : 1;
  }
}

export interface Join {
  alias: string;
  object: ObjectDef;
  /** The lookup's value on the child row. */
  fkSql: string;
  /** The canonical relationship path from the query's object (`Account`, `Contact.Account`). */
  path: string;
}

export interface Resolved {
  sql: string;
  type: SoqlType;
  /** The canonical name of the last segment (`Name`). */
  name: string;
  /** The canonical path (`Account.Owner.Name`). */
  path: string;
  /** The object and field the value is read from (picklist order, currency). */
  object: ObjectDef;
  field: string;
  /** The alias of the row holding the value. */
  rowAlias: string;
  joins: readonly Join[];
}

/** Rows the user deleted offline are gone from the local view (records/list-sql.ts NOT_DELETED). */
const notDeleted = (alias: string) => `${alias}.rid NOT IN (SELECT rid FROM records WHERE local_state <> 'synced' AND local_state = 'deleted')`;

export class Scope {
  readonly alias: string;
  private readonly joinByPath = new Map<string, Join>();
  /** Joins the resolutions since the last `track` touched. */
  private touched = new Set<Join>();
  /** False inside semi-joins and child subqueries, where only the object's own fields may be read. */
  joinsAllowed = true;

  constructor(
    readonly ctx: Context,
    readonly object: ObjectDef,
    readonly sObjectAlias?: string,
  ) {
    this.alias = ctx.nextAlias();
    ctx.objectsRead.add(object.name);
  }

  get schema(): CacheSchema {
    return this.ctx.schema;
  }

  get joins(): Join[] {
    return [...this.joinByPath.values()];
  }

  /** FROM with every parent join the resolutions needed. */
  get fromSql(): string {
    const joins = this.joins.map((j) => `LEFT JOIN records ${j.alias} ON ${j.alias}.object = '${j.object.name}' AND ${j.alias}.id = ${j.fkSql}`);
    return [`records ${this.alias}`, ...joins].join(' ');
  }

  /** The object's live rows (registry names are API-name shapes, safe to inline). */
  get baseWhere(): string[] {
    return [`${this.alias}.object = '${this.object.name}'`, notDeleted(this.alias)];
  }

  /** Runs `fn` and says which joins its resolutions used. */
  track<T>(fn: () => T): { value: T; joins: Join[] } {
    const outer = this.touched;
    this.touched = new Set();
    try {
      const value = fn();
      return { value, joins: [...this.touched] };
    } finally {
      for (const j of this.touched) outer.add(j);
      this.touched = outer;
    }
  }

  /** Resolves a written field path. */
  resolve(written: string): Resolved {
    return this.resolveParts(this.object, this.alias, this.pathParts(written), [], written, []);
  }

  /** Splits a path and drops a leading FROM alias or object name (`c.Name`, `Contact.Name`). */
  private pathParts(path: string): string[] {
    const parts = path.split('.');
    if (parts.length > 1) {
      const head = parts[0].toLowerCase();
      const isAlias = this.sObjectAlias !== undefined && head === this.sObjectAlias.toLowerCase();
      const isSelf = head === this.object.name.toLowerCase() && !this.schema.relationship(this.object, parts[0]);
      if (isAlias || isSelf) parts.shift();
    }
    return parts;
  }

  private resolveParts(object: ObjectDef, alias: string, parts: string[], canonical: string[], written: string, joins: Join[]): Resolved {
    const direct = this.schema.field(object, parts.join('.'));
    if (direct) return this.resolved(direct, object, alias, canonical, joins);
    if (parts.length === 1) refuse(`The local copy doesn't keep ${object.name}.${parts[0]}`);
    const lookup = this.schema.relationship(object, parts[0]);
    const reference = lookup?.reference;
    if (!lookup || !reference) refuse(`The local copy doesn't keep ${object.name}.${parts.join('.')}`);
    const relationship = reference.relationship;
    if (parts.length === 2 && parts[1].toLowerCase() === 'id') {
      // The parent's Id is the lookup's value: no join needed.
      return { ...this.resolved(lookup, object, alias, canonical, joins), type: 'id', name: 'Id', path: [...canonical, relationship, 'Id'].join('.') };
    }
    if (reference.targets.length > 1) {
      refuse(`${written} can't be answered offline: the local copy keeps only the Id and name of a ${object.name}'s ${relationship}`);
    }
    const target = this.schema.object(reference.targets[0]);
    if (!target) refuse(`The local copy doesn't keep ${written} (${reference.targets[0]} records aren't kept, only ${relationship}.Name)`);
    if (!this.joinsAllowed) refuse(`${written} can't be answered offline: a subquery reads only its own object's fields`);
    const join = this.ensureJoin([...canonical, relationship].join('.'), lookup.sql(alias), target);
    this.touched.add(join);
    return this.resolveParts(target, join.alias, parts.slice(1), [...canonical, relationship], written, [...joins, join]);
  }

  private resolved(field: FieldInfo, object: ObjectDef, alias: string, canonical: string[], joins: Join[]): Resolved {
    for (const j of joins) this.touched.add(j);
    const segments = field.name.split('.');
    return {
      sql: field.sql(alias),
      type: field.type,
      name: segments[segments.length - 1],
      path: [...canonical, field.name].join('.'),
      object,
      field: field.name,
      rowAlias: alias,
      joins,
    };
  }

  private ensureJoin(path: string, fkSql: string, object: ObjectDef): Join {
    const key = path.toLowerCase();
    let join = this.joinByPath.get(key);
    if (!join) {
      join = { alias: this.ctx.nextAlias(), object, fkSql, path };
      this.joinByPath.set(key, join);
      this.ctx.objectsRead.add(object.name);
    }
    return join;
  }
}
