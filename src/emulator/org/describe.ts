/**
 * Describe results in Salesforce's shapes: describeGlobal (GET /sobjects), the full sObject
 * describe (GET /sobjects/{T}/describe) and the basic info resource (GET /sobjects/{T}).
 */
import { SalesforceError } from '../errors';
import type { FieldDef, ObjectDef, OrgSchema } from './types';

/** The master record type every object has when no record types are defined. */
export const MASTER_RECORD_TYPE_ID = '012000000000000AAA';

const SOAP_TYPES: Record<FieldDef['type'], string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  picklist: 'xsd:string',
  combobox: 'xsd:string',
  multipicklist: 'xsd:string',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
};

const TEXT_TYPES = new Set(['id', 'reference', 'string', 'textarea', 'email', 'phone', 'url', 'picklist', 'combobox', 'multipicklist']);

function requireObject(schema: OrgSchema, name: string): ObjectDef {
  const object = schema.getObject(name);
  if (!object) throw new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');
  return object;
}

const base = (apiVersion: string) => `/services/data/v${apiVersion}`;

function objectUrls(object: ObjectDef, apiVersion: string): Record<string, string> {
  const root = `${base(apiVersion)}/sobjects/${object.name}`;
  return { rowTemplate: `${root}/{ID}`, defaultValues: `${root}/defaultValues?recordTypeId&fields`, describe: `${root}/describe`, sobject: root };
}

function fullObjectUrls(object: ObjectDef, apiVersion: string): Record<string, string> {
  const root = `${base(apiVersion)}/sobjects/${object.name}`;
  return {
    compactLayouts: `${root}/describe/compactLayouts`,
    rowTemplate: `${root}/{ID}`,
    approvalLayouts: `${root}/describe/approvalLayouts`,
    defaultValues: `${root}/defaultValues?recordTypeId&fields`,
    listviews: `${root}/listviews`,
    describe: `${root}/describe`,
    quickActions: `${root}/quickActions`,
    layouts: `${root}/describe/layouts`,
    sobject: root,
  };
}

/** Object-level properties shared by describeGlobal entries and the full describe. */
function objectSummary(object: ObjectDef, apiVersion: string) {
  const activityEnabled = ['Account', 'Contact', 'Opportunity', 'Lead', 'Case', 'Campaign'].includes(object.name);
  return {
    activateable: false,
    associateEntityType: null,
    associateParentEntity: null,
    createable: object.createable,
    custom: object.custom,
    customSetting: false,
    deepCloneable: false,
    deletable: object.deletable,
    deprecatedAndHidden: false,
    feedEnabled: activityEnabled,
    hasSubtypes: object.name === 'Task' || object.name === 'Event',
    isInterface: false,
    isSubtype: false,
    keyPrefix: object.keyPrefix,
    label: object.label,
    labelPlural: object.labelPlural,
    layoutable: object.createable,
    mergeable: ['Account', 'Contact', 'Lead', 'Case'].includes(object.name),
    mruEnabled: object.searchable,
    name: object.name,
    queryable: object.queryable,
    replicateable: true,
    retrieveable: true,
    searchable: object.searchable,
    triggerable: object.createable,
    undeletable: object.deletable,
    updateable: object.updateable,
    urls: objectUrls(object, apiVersion),
  };
}

export function describeGlobal(schema: OrgSchema, apiVersion: string) {
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: schema.objects.map((object) => objectSummary(object, apiVersion)),
  };
}

function isLongText(f: FieldDef): boolean {
  return f.type === 'textarea' && (f.length ?? 0) > 255;
}

/** One entry of describe's fields[], with every key Salesforce sends. */
export function describeField(f: FieldDef) {
  const text = TEXT_TYPES.has(f.type);
  const numeric = f.type === 'int' || f.type === 'double' || f.type === 'currency' || f.type === 'percent';
  const length = text ? (f.length ?? (f.type === 'id' || f.type === 'reference' ? 18 : 255)) : 0;
  const filterable = !isLongText(f);
  const sortable = filterable && f.type !== 'multipicklist';
  const groupable = sortable && !['double', 'currency', 'percent', 'datetime', 'textarea'].includes(f.type);
  const isAutoNumber = f.name === 'CaseNumber';
  return {
    aggregatable: f.type !== 'boolean' && !isLongText(f) && f.type !== 'multipicklist',
    aiPredictionField: false,
    autoNumber: isAutoNumber,
    byteLength: text ? length * (f.type === 'id' || f.type === 'reference' ? 1 : 3) : 0,
    calculated: false,
    calculatedFormula: null,
    cascadeDelete: false,
    caseSensitive: false,
    compoundFieldName: null,
    controllerName: null,
    createable: f.createable,
    custom: f.custom,
    // Checkboxes report their default; picklist defaults live in picklistValues[].defaultValue.
    defaultValue: f.type === 'boolean' ? f.name === 'IsActive' : null,
    defaultValueFormula: null,
    defaultedOnCreate: f.defaultedOnCreate,
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: f.type === 'int' ? (f.precision ?? 0) : 0,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: f.externalId,
    extraTypeInfo: f.type === 'textarea' ? 'plaintextarea' : null,
    filterable,
    filteredLookupInfo: null,
    formulaTreatNullNumberAsZero: false,
    groupable,
    highScaleNumber: false,
    htmlFormatted: false,
    idLookup: f.idLookup,
    inlineHelpText: null,
    label: f.label,
    length,
    mask: null,
    maskType: null,
    name: f.name,
    nameField: f.nameField,
    namePointing: f.type === 'reference' && (f.referenceTo?.length ?? 0) > 1,
    nillable: f.nillable,
    permissionable: f.nillable && f.createable && f.custom,
    picklistValues: (f.picklistValues ?? []).map((p) => ({
      active: p.active,
      defaultValue: p.defaultValue,
      label: p.label,
      validFor: null,
      value: p.value,
    })),
    polymorphicForeignKey: f.type === 'reference' && (f.referenceTo?.length ?? 0) > 1,
    precision: numeric && f.type !== 'int' ? (f.precision ?? 0) : 0,
    queryByDistance: false,
    referenceTargetField: null,
    referenceTo: f.type === 'reference' ? [...(f.referenceTo ?? [])] : [],
    relationshipName: f.type === 'reference' ? (f.relationshipName ?? null) : null,
    relationshipOrder: f.type === 'reference' && f.custom && f.cascadeDelete ? 0 : null,
    restrictedDelete: false,
    restrictedPicklist: false,
    scale: numeric && f.type !== 'int' ? (f.scale ?? 0) : 0,
    searchPrefilterable: f.type === 'reference',
    soapType: SOAP_TYPES[f.type],
    sortable,
    type: f.type,
    unique: f.unique,
    updateable: f.updateable,
    writeRequiresMasterRead: f.type === 'reference' && f.custom && !!f.cascadeDelete,
  };
}

/** Every reference to the object, named or not, as describe lists them. */
function describeChildRelationships(schema: OrgSchema, object: ObjectDef) {
  const out: Array<Record<string, unknown>> = [];
  for (const child of schema.objects) {
    for (const f of child.fields) {
      if (f.type !== 'reference' || !f.referenceTo?.includes(object.name)) continue;
      out.push({
        cascadeDelete: f.cascadeDelete ?? false,
        childSObject: child.name,
        deprecatedAndHidden: false,
        field: f.name,
        junctionIdListNames: [],
        junctionReferenceTo: [],
        relationshipName: f.childRelationshipName ?? null,
        restrictedDelete: false,
      });
    }
  }
  return out;
}

export function describeSObject(schema: OrgSchema, name: string, apiVersion: string) {
  const object = requireObject(schema, name);
  const summary = objectSummary(object, apiVersion);
  return {
    actionOverrides: [],
    ...summary,
    childRelationships: describeChildRelationships(schema, object),
    compactLayoutable: object.createable,
    defaultImplementation: null,
    extendedBy: null,
    extendsInterfaces: null,
    fields: object.fields.map(describeField),
    implementedBy: null,
    implementsInterfaces: null,
    listviewable: null,
    lookupLayoutable: null,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: [
      {
        active: true,
        available: true,
        defaultRecordTypeMapping: true,
        developerName: 'Master',
        master: true,
        name: 'Master',
        recordTypeId: MASTER_RECORD_TYPE_ID,
        urls: { layout: `${base(apiVersion)}/sobjects/${object.name}/describe/layouts/${MASTER_RECORD_TYPE_ID}` },
      },
    ],
    searchLayoutable: object.searchable,
    sobjectDescribeOption: 'FULL',
    supportedScopes: object.fields.some((f) => f.name === 'OwnerId')
      ? [
          { label: 'All ' + object.labelPlural.toLowerCase(), name: 'everything' },
          { label: 'My ' + object.labelPlural.toLowerCase(), name: 'mine' },
        ]
      : [{ label: 'All ' + object.labelPlural.toLowerCase(), name: 'everything' }],
    urls: fullObjectUrls(object, apiVersion),
  };
}

export function sobjectBasicInfo(schema: OrgSchema, name: string, apiVersion: string, recentItems: unknown[]) {
  const object = requireObject(schema, name);
  return { objectDescribe: objectSummary(object, apiVersion), recentItems };
}
