/**
 * Accounts of the active org: list (search on Name and BillingCity, sort, page), detail with
 * contact and open-opportunity counts, create, the type-ahead lookup, and form picklists.
 * Search uses SOQL LIKE for the reasons given in contacts.service.ts.
 */
import { AppError } from '../../../shared/errors';
import type { AccountDetail, AccountPage, AccountRow, ParsedInputOf, OutputOf } from '../../../shared/ipc';
import type { SalesforceSession } from '../salesforce/gateway';
import { soqlContainsPattern, soqlId } from '../salesforce/soql';
import { type Row, definedValues, int, listPage, num, parentField, text } from './records';

const LIST_FIELDS =
  'Id, Name, Industry, Type, Phone, Website, BillingCity, BillingCountry, AnnualRevenue, NumberOfEmployees, Owner.Name, LastModifiedDate';
const DETAIL_FIELDS = `${LIST_FIELDS}, Description, Rating, BillingStreet, BillingState, BillingPostalCode, ParentId, Parent.Name, CreatedDate, LastActivityDate`;
const LOOKUP_LIMIT = 10;

/** The create forms' picklist fields; values come from the org's describe. */
export const FORM_PICKLIST_FIELDS = {
  Account: ['Industry', 'Type', 'Rating'],
  Contact: ['LeadSource'],
} as const;

export interface AccountsService {
  list(query: ParsedInputOf<'accounts:list'>): Promise<AccountPage>;
  get(id: string): Promise<AccountDetail>;
  create(input: ParsedInputOf<'accounts:create'>): Promise<{ id: string }>;
  lookup(search: string): Promise<OutputOf<'accounts:lookup'>>;
  picklists(object: 'Account' | 'Contact'): Promise<OutputOf<'accounts:picklists'>>;
}

function toRow(r: Row): AccountRow {
  return {
    Id: String(r.Id),
    Name: text(r.Name) ?? '',
    Industry: text(r.Industry),
    Type: text(r.Type),
    Phone: text(r.Phone),
    Website: text(r.Website),
    BillingCity: text(r.BillingCity),
    BillingCountry: text(r.BillingCountry),
    AnnualRevenue: num(r.AnnualRevenue),
    NumberOfEmployees: num(r.NumberOfEmployees),
    OwnerName: parentField(r, 'Owner', 'Name'),
    LastModifiedDate: text(r.LastModifiedDate) ?? '',
  };
}

export function buildAccountWhere(search?: string): string {
  if (!search) return '';
  const pattern = soqlContainsPattern(search);
  return ` WHERE (Name LIKE ${pattern} OR BillingCity LIKE ${pattern})`;
}

export function createAccountsService(session: () => Promise<SalesforceSession>): AccountsService {
  return {
    async list(query) {
      return listPage(session, query, { object: 'Account', fields: LIST_FIELDS, where: buildAccountWhere(query.search), toRow });
    },

    async get(id) {
      const sf = await session();
      const quoted = soqlId(id);
      const [result, contactCount, openOpportunityCount] = await Promise.all([
        sf.query<Row>(`SELECT ${DETAIL_FIELDS} FROM Account WHERE Id = ${quoted} LIMIT 1`),
        sf.count(`SELECT COUNT() FROM Contact WHERE AccountId = ${quoted}`),
        sf.count(`SELECT COUNT() FROM Opportunity WHERE AccountId = ${quoted} AND IsClosed = false`),
      ]);
      const r = result.records[0];
      if (!r) throw new AppError('NOT_FOUND', "That account doesn't exist any more, or you can't see it.");
      return {
        ...toRow(r),
        Description: text(r.Description),
        Rating: text(r.Rating),
        BillingStreet: text(r.BillingStreet),
        BillingState: text(r.BillingState),
        BillingPostalCode: text(r.BillingPostalCode),
        ParentId: text(r.ParentId),
        ParentName: parentField(r, 'Parent', 'Name'),
        CreatedDate: text(r.CreatedDate) ?? '',
        LastActivityDate: text(r.LastActivityDate),
        contactCount: int(contactCount),
        openOpportunityCount: int(openOpportunityCount),
      };
    },

    async create(input) {
      const sf = await session();
      const id = await sf.create('Account', definedValues(input));
      return { id };
    },

    async lookup(search) {
      const sf = await session();
      const where = search ? ` WHERE Name LIKE ${soqlContainsPattern(search)}` : '';
      const result = await sf.query<Row>(`SELECT Id, Name, BillingCity FROM Account${where} ORDER BY Name ASC, Id ASC LIMIT ${LOOKUP_LIMIT}`);
      return result.records.map((r) => ({ Id: String(r.Id), Name: text(r.Name) ?? '', BillingCity: text(r.BillingCity) }));
    },

    async picklists(object) {
      const sf = await session();
      const describe = await sf.describe(object);
      const wanted = new Set<string>(FORM_PICKLIST_FIELDS[object]);
      const options: OutputOf<'accounts:picklists'> = {};
      for (const field of describe.fields ?? []) {
        if (!wanted.has(field.name) || !Array.isArray(field.picklistValues)) continue;
        options[field.name] = field.picklistValues
          .filter((p) => p.active !== false)
          .map((p) => ({ value: String(p.value), label: String(p.label ?? p.value) }));
      }
      return options;
    },
  };
}
