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

/**
 * Semi-join and anti-join restrictions (SOQL and SOSL Reference, "Semi-Join and Anti-Join
 * Restrictions": "No more than two IN or NOT IN statements per WHERE clause", "You can't use the
 * NOT operator as a conjunction with semi-joins and anti-joins", "You can't nest a semi-join or
 * anti-join statement in another", subqueries can't be combined with OR, Task and Event aren't
 * supported in subqueries). The wordings are the MALFORMED_QUERY messages Salesforce answers with,
 * as integrations quote them.
 */
export const SEMI_JOIN_WITH_OR = "Semi join sub-selects are not allowed with the 'OR' operator";
export const SEMI_JOIN_NOT_TOP_LEVEL = 'Semi join sub-selects are only allowed at the top level WHERE expressions and not in nested WHERE expressions.';
export const SEMI_JOIN_NESTED = 'Nesting of semi join sub-selects is not supported';
export const MAX_SEMI_JOINS = 2;
export const TOO_MANY_SEMI_JOINS = `Maximum ${MAX_SEMI_JOINS} semi join sub-selects are allowed`;
export const semiJoinEntity = (name: string): string => `Entity '${name}' is not supported for semi join inner selects`;
/** Objects a semi-join's subquery may not select from (the reference's list, for the objects the org has). */
export const NO_SEMI_JOIN_OBJECTS: ReadonlySet<string> = new Set(['Task', 'Event']);
