/**
 * `query?q=...&columns=true` (and queryAll): the column metadata Salesforce answers instead of
 * rows, which the Salesforce CLI asks for after every `data query` to lay out its table.
 *
 * Shape: `{ columnMetadata, entityName, groupBy, idSelected, keyPrefix }`. A parent relationship
 * (`Owner.Name`) is one column named after the relationship whose `joinColumns` hold the fields
 * read through it, paths sharing a relationship merged into one column; a child subquery is a
 * column marked `aggregate: true` with the subquery's columns as `joinColumns`; aggregate and
 * grouping functions are `aggregate: true` columns named by their alias or `exprN`.
 */
import type { FieldFunctionExpression, FieldType as SelectItem, Query } from '@jetstreamapp/soql-parser-js';
import type { FieldDef, FieldType, ObjectDef, OrgSchema } from '../../org/types';
import { NUMBER_TYPES, isTextType } from '../../soql/compiler';
import { parseSoql } from '../../soql/parse';
import { QueryText } from '../../soql/query-text';

export interface ColumnMetadata {
  aggregate: boolean;
  apexType: string | null;
  booleanType: boolean;
  columnName: string;
  custom: boolean;
  displayName: string;
  foreignKeyName: string | null;
  insertable: boolean;
  joinColumns: ColumnMetadata[];
  numberType: boolean;
  textType: boolean;
  updatable: boolean;
}

export interface QueryColumns {
  columnMetadata: ColumnMetadata[];
  entityName: string;
  groupBy: boolean;
  idSelected: boolean;
  keyPrefix: string | null;
}

/** Apex's name for a field's type, as the columns' `apexType` reports it. */
const APEX_TYPES: Partial<Record<FieldType, string>> = {
  id: 'Id',
  reference: 'Id',
  boolean: 'Boolean',
  int: 'Integer',
  double: 'Double',
  currency: 'Decimal',
  percent: 'Decimal',
  date: 'Date',
  datetime: 'Datetime',
};

/** Functions that change how a field's value is shown but keep it a plain field column. */
const FIELD_FORMATTERS = new Set(['TOLABEL', 'FORMAT', 'CONVERTCURRENCY']);

/** Date functions in a grouped SELECT (CALENDAR_YEAR(CloseDate)) answer numbers. */
const DATE_PART_FUNCTIONS = /^(CALENDAR_|DAY_|FISCAL_|HOUR_|WEEK_)/;

function fieldColumn(field: FieldDef, columnName = field.name): ColumnMetadata {
  return {
    aggregate: false,
    apexType: APEX_TYPES[field.type] ?? 'String',
    booleanType: field.type === 'boolean',
    columnName,
    custom: field.custom,
    displayName: columnName,
    foreignKeyName: null,
    insertable: field.createable,
    joinColumns: [],
    numberType: NUMBER_TYPES.has(field.type),
    textType: isTextType(field.type),
    updatable: field.updateable,
  };
}

function structuralColumn(columnName: string, extra: Partial<ColumnMetadata>): ColumnMetadata {
  return {
    aggregate: false,
    apexType: null,
    booleanType: false,
    columnName,
    custom: false,
    displayName: columnName,
    foreignKeyName: null,
    insertable: false,
    joinColumns: [],
    numberType: false,
    textType: false,
    updatable: false,
    ...extra,
  };
}

/** Builds the columns of one SELECT list (top level or subquery) against its object. */
class ColumnBuilder {
  private exprIndex = 0;
  readonly columns: ColumnMetadata[] = [];

  constructor(
    private readonly schema: OrgSchema,
    private readonly object: ObjectDef,
    private readonly alias: string | undefined,
  ) {}

  add(item: SelectItem): void {
    switch (item.type) {
      case 'Field':
        this.addPath(this.withoutAlias([item.field]), item.alias);
        return;
      case 'FieldRelationship':
        this.addPath(this.withoutAlias([...item.relationships, item.field]), (item as { alias?: string }).alias);
        return;
      case 'FieldFunctionExpression':
        this.addFunction(item);
        return;
      case 'FieldSubquery':
        this.addSubquery(item.subquery.relationshipName, item.subquery.fields ?? []);
        return;
      case 'FieldTypeof':
        this.addTypeof(
          item.field,
          item.conditions.flatMap((c) => c.fieldList),
        );
        return;
    }
  }

  /** `a.Name` with `FROM Account a` is `Name`. */
  private withoutAlias(path: string[]): string[] {
    return this.alias && path.length > 1 && path[0].toLowerCase() === this.alias.toLowerCase() ? path.slice(1) : path;
  }

  private addPath(path: string[], alias: string | undefined): void {
    let object: ObjectDef | undefined = this.object;
    let siblings = this.columns;
    for (const name of path.slice(0, -1)) {
      const reference: FieldDef | undefined = object ? this.schema.getRelationshipField(object.name, name) : undefined;
      const relationshipName = reference?.relationshipName ?? name;
      let column = siblings.find((c) => c.columnName.toLowerCase() === relationshipName.toLowerCase() && c.foreignKeyName !== null);
      if (!column) {
        column = structuralColumn(relationshipName, { custom: reference?.custom ?? false, foreignKeyName: reference?.name ?? name });
        siblings.push(column);
      }
      object = reference ? this.targetOf(reference, path[path.length - 1]) : undefined;
      siblings = column.joinColumns;
    }
    const leaf = path[path.length - 1];
    const field = object ? this.schema.getField(object.name, leaf) : undefined;
    siblings.push(field ? fieldColumn(field, path.length === 1 && alias ? alias : field.name) : structuralColumn(leaf, { apexType: 'String', textType: true }));
  }

  /** The object a reference points to; for a polymorphic one, the first that has the next field. */
  private targetOf(reference: FieldDef, nextField: string): ObjectDef | undefined {
    const targets = reference.referenceTo ?? [];
    const withField = targets.find((name) => this.schema.getField(name, nextField));
    return this.schema.getObject(withField ?? targets[0] ?? '');
  }

  private addFunction(fn: FieldFunctionExpression): void {
    const name = fn.functionName.toUpperCase();
    const argument = typeof fn.parameters[0] === 'string' ? fn.parameters[0] : undefined;
    if (name === 'FIELDS') {
      this.addFieldsFunction(argument?.toUpperCase() ?? 'ALL');
      return;
    }
    if (FIELD_FORMATTERS.has(name) && argument) {
      this.addPath(this.withoutAlias(argument.split('.')), fn.alias);
      return;
    }
    const field = argument && !argument.includes('.') ? this.schema.getField(this.object.name, argument) : undefined;
    const numeric = name === 'COUNT' || name === 'COUNT_DISTINCT' || name === 'SUM' || name === 'AVG' || (!!field && NUMBER_TYPES.has(field.type));
    const columnName = fn.alias ?? `expr${this.exprIndex++}`;
    // Salesforce writes the function in lower case with its argument as given: avg(Amount).
    const displayName = `${fn.functionName.toLowerCase()}(${fn.parameters.filter((p) => typeof p === 'string').join(', ')})`;
    this.columns.push(
      structuralColumn(columnName, {
        aggregate: true,
        displayName,
        numberType: numeric || (!!field && DATE_PART_FUNCTIONS.test(name)),
        textType: !numeric && !!field && isTextType(field.type),
        booleanType: !numeric && field?.type === 'boolean',
      }),
    );
  }

  private addFieldsFunction(kind: string): void {
    for (const field of this.object.fields) {
      if ((kind === 'CUSTOM' && !field.custom) || (kind === 'STANDARD' && field.custom)) continue;
      this.columns.push(fieldColumn(field));
    }
  }

  private addSubquery(relationshipName: string, items: SelectItem[]): void {
    const relationship = this.schema.getChildRelationship(this.object.name, relationshipName);
    const child = relationship ? this.schema.getObject(relationship.childSObject) : undefined;
    const nested = child ? new ColumnBuilder(this.schema, child, undefined) : undefined;
    for (const item of items) nested?.add(item);
    this.columns.push(structuralColumn(relationship?.relationshipName ?? relationshipName, { aggregate: true, joinColumns: nested?.columns ?? [] }));
  }

  /** TYPEOF reads fields through a polymorphic relationship: one relationship column. */
  private addTypeof(relationshipName: string, fieldNames: string[]): void {
    for (const name of new Set(fieldNames.map((f) => f.toLowerCase()))) {
      const original = fieldNames.find((f) => f.toLowerCase() === name) ?? name;
      this.addPath([relationshipName, original], undefined);
    }
  }
}

function selectsId(query: Query): boolean {
  return (query.fields ?? []).some(
    (f) => (f.type === 'Field' && f.field.toLowerCase() === 'id') || (f.type === 'FieldFunctionExpression' && f.functionName.toUpperCase() === 'FIELDS'),
  );
}

/**
 * The column metadata of a SOQL statement the engine has already run (so every name in it
 * resolves and every error has been answered exactly as for a normal query).
 */
export function queryColumns(schema: OrgSchema, soql: string): QueryColumns {
  const query = parseSoql(new QueryText(soql));
  const object = schema.getObject(query.sObject ?? '');
  if (!object) throw new Error(`query columns: unknown object ${query.sObject ?? ''}`);
  const builder = new ColumnBuilder(schema, object, query.sObjectAlias);
  const fields = query.fields ?? [];
  // A lone COUNT() answers a size, not rows: it has no columns.
  const countOnly = fields.every((f) => f.type === 'FieldFunctionExpression' && f.functionName.toUpperCase() === 'COUNT' && f.parameters.length === 0);
  if (!countOnly) for (const item of fields) builder.add(item);
  return {
    columnMetadata: builder.columns,
    entityName: object.name,
    groupBy: !!query.groupBy,
    idSelected: selectsId(query),
    keyPrefix: object.keyPrefix || null,
  };
}
