/**
 * The SOQL editor's suggestions at a set of cursor positions (`|` marks the cursor), over a small
 * describe: objects after FROM, fields per clause, relationship paths, child relationships in a
 * subquery, picklist values after `=` and in `IN (`, date literals, functions and keywords, and
 * what must be loaded first.
 */
import { describe, expect, it } from 'vitest';
import { completeSoql, type ObjectSchema, type SchemaLookup } from '../../../src/renderer/src/features/query/soql-complete';
import { tokenize } from '../../../src/renderer/src/features/query/soql-tokens';
import { schemaField } from '../../fixtures/schema-field';

const field = schemaField;

const lookup = (name: string, relationshipName: string, referenceTo: string[]) => field(name, 'reference', { relationshipName, referenceTo });
const picklist = (name: string, values: string[]) => field(name, 'picklist', { picklistValues: values.map((value) => ({ value, label: value })) });

const OBJECTS: Record<string, ObjectSchema> = {
  Account: {
    name: 'Account',
    label: 'Account',
    fields: [
      field('Id', 'id'),
      field('Name', 'string'),
      picklist('Industry', ['Banking', 'Retail', "Farmers' Market"]),
      lookup('OwnerId', 'Owner', ['User']),
      field('CreatedDate', 'datetime'),
      field('IsDeleted', 'boolean'),
      field('Description', 'textarea', { filterable: false, sortable: false, groupable: false }),
    ],
    childRelationships: [
      { relationshipName: 'Contacts', childSObject: 'Contact', field: 'AccountId' },
      { relationshipName: 'Opportunities', childSObject: 'Opportunity', field: 'AccountId' },
    ],
    cachedFields: ['Id', 'Name', 'Industry'],
  },
  Contact: {
    name: 'Contact',
    label: 'Contact',
    fields: [field('Id', 'id'), field('LastName', 'string'), field('Email', 'email'), lookup('AccountId', 'Account', ['Account'])],
    childRelationships: [],
    cachedFields: [],
  },
  Opportunity: {
    name: 'Opportunity',
    label: 'Opportunity',
    fields: [
      field('Id', 'id'),
      field('Name', 'string'),
      picklist('StageName', ['Prospecting', 'Closed Won']),
      field('CloseDate', 'date'),
      field('Amount', 'currency'),
      lookup('AccountId', 'Account', ['Account']),
    ],
    childRelationships: [],
    cachedFields: [],
  },
  User: {
    name: 'User',
    label: 'User',
    fields: [field('Id', 'id'), field('Name', 'string'), field('Email', 'email')],
    childRelationships: [],
    cachedFields: [],
  },
  Task: {
    name: 'Task',
    label: 'Task',
    fields: [field('Id', 'id'), field('Subject', 'string'), lookup('WhatId', 'What', ['Account', 'Opportunity'])],
    childRelationships: [],
    cachedFields: [],
  },
};

const OBJECT_LIST = Object.values(OBJECTS).map((o) => ({ name: o.name, label: o.label, cached: o.name !== 'Task' }));

/** Everything loaded, or only what `loaded` names (the rest undefined: not yet fetched). */
function schema(loaded?: string[]): SchemaLookup {
  return {
    objects: () => OBJECT_LIST,
    object: (name) => (loaded && !loaded.includes(name) ? undefined : (OBJECTS[name] ?? null)),
  };
}

function at(marked: string, lookupSchema = schema()) {
  const pos = marked.indexOf('|');
  const text = marked.slice(0, pos) + marked.slice(pos + 1);
  const result = completeSoql(text, pos, lookupSchema);
  return { ...result, labels: result.options.map((o) => o.label), replaced: text.slice(result.from, result.to), pos };
}

describe('SOQL autocomplete at the cursor', () => {
  it('an empty editor suggests SELECT', () => {
    expect(at('|').labels).toEqual(['SELECT']);
  });

  it('after FROM: every object, the cached ones said so; the typed word is replaced', () => {
    const result = at('SELECT Id FROM Acc|');
    expect(result.labels).toEqual(['Account', 'Contact', 'Opportunity', 'User', 'Task']);
    expect(result.replaced).toBe('Acc');
    expect(result.options.find((o) => o.label === 'Account')?.detail).toContain('on this computer');
    expect(result.options.find((o) => o.label === 'Task')?.detail).toBe('Task');
  });

  it('in SELECT: the FROM object’s fields (FROM written after the cursor), relationships and functions', () => {
    const result = at('SELECT Na| FROM Account');
    expect(result.labels).toEqual(expect.arrayContaining(['Name', 'Industry', 'OwnerId', 'Owner', 'COUNT()', 'COUNT', 'SUM', 'CALENDAR_YEAR', 'toLabel']));
    expect(result.replaced).toBe('Na');
    const owner = result.options.find((o) => o.label === 'Owner');
    expect(owner).toMatchObject({ type: 'relationship', apply: 'Owner.', reopen: true });
    expect(result.options.find((o) => o.label === 'SUM')?.apply).toBe('SUM(');
  });

  it('after a comma in SELECT, and with lower-case keywords and object names', () => {
    expect(at('select Id, | from account').labels).toContain('Industry');
  });

  it('a relationship path: `Account.` gives Account’s fields, two levels down too', () => {
    const one = at('SELECT Account.| FROM Contact');
    expect(one.labels).toEqual(expect.arrayContaining(['Name', 'Industry', 'Owner']));
    expect(one.labels).not.toContain('LastName');
    expect(one.labels).not.toContain('COUNT');
    expect(one.from).toBe(one.pos);
    const two = at('SELECT Account.Owner.Em| FROM Contact');
    expect(two.labels).toEqual(['Id', 'Name', 'Email']);
    expect(two.replaced).toBe('Em');
  });

  it('a polymorphic relationship offers the fields every target has', () => {
    expect(at('SELECT What.| FROM Task').labels).toEqual(['Id', 'Name', 'Type']);
  });

  it('WHERE offers filterable fields only; ORDER BY sortable ones; GROUP BY groupable ones and date functions', () => {
    const where = at('SELECT Id FROM Account WHERE |');
    expect(where.labels).toEqual(expect.arrayContaining(['Name', 'Industry', 'CALENDAR_YEAR', 'NOT']));
    expect(where.labels).not.toContain('Description');
    expect(at("SELECT Id FROM Account WHERE Name = 'a' AND |").labels).toContain('Industry');
    const order = at('SELECT Id FROM Account ORDER BY |');
    expect(order.labels).toContain('CreatedDate');
    expect(order.labels).not.toContain('Description');
    const group = at('SELECT Industry, COUNT(Id) FROM Account GROUP BY |');
    expect(group.labels).toEqual(expect.arrayContaining(['Industry', 'CALENDAR_YEAR']));
    expect(group.labels).not.toContain('CreatedDate');
  });

  it('picklist values after `=`, quoted (a quote inside escaped), and inside a string being typed', () => {
    const eq = at('SELECT Id FROM Account WHERE Industry = |');
    expect(eq.labels).toEqual(expect.arrayContaining(["'Banking'", "'Retail'", "'Farmers\\' Market'", 'NULL']));
    const typing = at("SELECT Id FROM Account WHERE Industry = 'Ba|");
    expect(typing.labels).toEqual(["'Banking'", "'Retail'", "'Farmers\\' Market'"]);
    expect(typing.replaced).toBe("'Ba");
    // The closing quote the editor added is replaced too.
    expect(at("SELECT Id FROM Account WHERE Industry = 'Ba|'").replaced).toBe("'Ba'");
  });

  it('picklist values in `IN (`, after a comma, NOT IN, and across a relationship', () => {
    expect(at('SELECT Id FROM Opportunity WHERE StageName IN (|').labels).toContain("'Closed Won'");
    expect(at("SELECT Id FROM Opportunity WHERE StageName NOT IN ('Prospecting', |)").labels).toContain("'Closed Won'");
    expect(at('SELECT Id FROM Contact WHERE Account.Industry = |').labels).toContain("'Retail'");
  });

  it('date literals for date and datetime fields (`:n` ones insert up to the colon); TRUE/FALSE for checkboxes', () => {
    const date = at('SELECT Id FROM Opportunity WHERE CloseDate >= |');
    expect(date.labels).toEqual(expect.arrayContaining(['TODAY', 'THIS_FISCAL_QUARTER', 'LAST_N_DAYS:n', 'N_FISCAL_YEARS_AGO:n']));
    expect(date.options.find((o) => o.label === 'LAST_N_DAYS:n')?.apply).toBe('LAST_N_DAYS:');
    expect(at('SELECT Id FROM Account WHERE CreatedDate = LAST|').labels).toContain('LAST_90_DAYS');
    expect(at('SELECT Id FROM Account WHERE IsDeleted = |').labels).toEqual(['TRUE', 'FALSE', 'NULL']);
    expect(at('SELECT Id FROM Account WHERE Name = |').labels).toEqual(['NULL']);
  });

  it('the keywords that may come next', () => {
    expect(at('SELECT Id |').labels).toEqual(['FROM']);
    expect(at('SELECT Id FROM Account |').labels).toEqual(['WHERE', 'GROUP BY', 'ORDER BY', 'LIMIT', 'OFFSET']);
    expect(at('SELECT Id FROM Account WHERE Name |').labels).toEqual(['LIKE', 'IN', 'NOT IN', 'INCLUDES', 'EXCLUDES']);
    expect(at("SELECT Id FROM Account WHERE Name = 'a' |").labels).toEqual(['AND', 'OR', 'GROUP BY', 'ORDER BY', 'LIMIT']);
    expect(at('SELECT Id FROM Account WHERE CreatedDate = TODAY |').labels).toContain('AND');
    expect(at('SELECT Id FROM Account ORDER BY Name |').labels).toEqual(['ASC', 'DESC', 'NULLS FIRST', 'NULLS LAST', 'LIMIT', 'OFFSET']);
    expect(at('SELECT Id FROM Account ORDER BY Name DESC NULLS |').labels).toEqual(['FIRST', 'LAST']);
    expect(at('SELECT Id FROM Account LIMIT 10 |').labels).toEqual(['OFFSET']);
  });

  it('a child subquery: FROM offers the parent’s child relationships, SELECT the child object’s fields', () => {
    expect(at('SELECT Name, (SELECT Id FROM |) FROM Account').labels).toEqual(['Contacts', 'Opportunities']);
    const fields = at('SELECT Name, (SELECT La| FROM Contacts) FROM Account');
    expect(fields.labels).toContain('LastName');
    expect(fields.labels).not.toContain('Industry');
    // After the subquery, the outer query's fields again.
    expect(at('SELECT (SELECT Id FROM Contacts), | FROM Account').labels).toContain('Industry');
  });

  it('a semi-join reads its own FROM object', () => {
    const inner = at('SELECT Id FROM Account WHERE Id IN (SELECT | FROM Opportunity)');
    expect(inner.labels).toContain('StageName');
    expect(inner.labels).not.toContain('Industry');
  });

  it('the objects Order and Group are not taken for ORDER BY and GROUP BY', () => {
    expect(at('SELECT Id FROM Order |').labels).toEqual(['WHERE', 'GROUP BY', 'ORDER BY', 'LIMIT', 'OFFSET']);
    expect(at('SELECT Id FROM Group |').labels).toEqual(['WHERE', 'GROUP BY', 'ORDER BY', 'LIMIT', 'OFFSET']);
    expect(at('SELECT Id FROM Account ORDER |').labels).toEqual(['BY']);
  });

  it('names the describes it lacks, and completes once they are loaded', () => {
    const first = at('SELECT Account.| FROM Contact', schema([]));
    expect(first.missing).toEqual([{ kind: 'object', name: 'Contact' }]);
    const second = at('SELECT Account.| FROM Contact', schema(['Contact']));
    expect(second.missing).toEqual([{ kind: 'object', name: 'Account' }]);
    expect(at('SELECT Account.| FROM Contact', schema(['Contact', 'Account'])).labels).toContain('Industry');
    const noList = completeSoql('SELECT Id FROM ', 15, { objects: () => undefined, object: () => undefined });
    expect(noList.missing).toEqual([{ kind: 'objects' }]);
  });

  it('nothing inside a string that is not a value, and no fields of an unknown object', () => {
    expect(at("SELECT Id FROM Account WHERE Name LIKE 'Acme|").labels).toEqual([]);
    expect(at('SELECT Na| FROM Nothing').labels).not.toContain('Name');
  });
});

describe('the tokenizer', () => {
  it('keeps paths and numbered date literals whole, reads operators and unfinished strings', () => {
    const tokens = tokenize("SELECT Account.Name FROM Contact WHERE CreatedDate = LAST_N_DAYS:30 AND Name != 'O\\'Br");
    expect(tokens.map((t) => t.text)).toEqual([
      'SELECT',
      'Account.Name',
      'FROM',
      'Contact',
      'WHERE',
      'CreatedDate',
      '=',
      'LAST_N_DAYS:30',
      'AND',
      'Name',
      '!=',
      "'O\\'Br",
    ]);
    expect(tokens[tokens.length - 1].open).toBe(true);
  });
});
