/** Salesforce's wording for query errors, kept in one place so tests and code agree. */

export const noSuchColumn = (field: string, entity: string): string =>
  `No such column '${field}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`;

export const unsupportedType = (name: string): string =>
  `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`;

export const unknownRelationshipInPath = (name: string): string =>
  `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`;

export const unknownRelationshipInFrom = (name: string): string =>
  `Didn't understand relationship '${name}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`;

export const mustBeGrouped = (field: string): string => `Field must be grouped or aggregated: ${field}`;

export const aggregateNotSupported = (field: string, fn: string): string => `field ${field} does not support aggregate operator ${fn}`;

export const cannotGroup = (field: string): string => `field '${field}' can not be grouped in a query call`;

export const filterValueType = (field: string, type: string, quoted: boolean): string =>
  `value of filter criterion for field '${field}' must be of type ${type} and should ${quoted ? '' : 'not '}be enclosed in quotes`;

export const FIELDS_LIMIT = 'The SOQL FIELDS function must have a LIMIT of at most 200';
export const MAX_OFFSET = 2000;
export const OFFSET_TOO_LARGE = `Maximum SOQL offset allowed is ${MAX_OFFSET}`;
