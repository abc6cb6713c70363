/**
 * Contacts of the active org: list (search, sort, page), detail, create.
 *
 * Search uses SOQL `LIKE '%text%'` on Name, Email and Account.Name rather than SOSL: the same WHERE
 * clause then drives the page and the COUNT() total, any length of text works (SOSL needs 2+
 * characters), sorting and paging stay exact, and a record created a second ago is found at once
 * (SOSL's index lags). The trade-off — a non-selective scan on very large orgs — is acceptable
 * for a salesperson's list capped at 2,000 reachable rows.
 */
import { AppError } from '../../../shared/errors';
import type { ContactDetail, ContactPage, ContactRow, ParsedInputOf } from '../../../shared/ipc';
import type { SalesforceSession } from '../salesforce/gateway';
import { soqlContainsPattern, soqlId } from '../salesforce/soql';
import { type Row, definedValues, listPage, parentField, text } from './records';

const LIST_FIELDS = 'Id, Name, FirstName, LastName, Title, Email, Phone, AccountId, Account.Name, Owner.Name, LastModifiedDate';
const DETAIL_FIELDS = `${LIST_FIELDS}, MobilePhone, Department, LeadSource, Description, MailingStreet, MailingCity, MailingState, MailingPostalCode, MailingCountry, CreatedDate, LastActivityDate`;

export interface ContactsService {
  list(query: ParsedInputOf<'contacts:list'>): Promise<ContactPage>;
  get(id: string): Promise<ContactDetail>;
  create(input: ParsedInputOf<'contacts:create'>): Promise<{ id: string }>;
}

function toRow(r: Row): ContactRow {
  return {
    Id: String(r.Id),
    Name: text(r.Name) ?? '',
    FirstName: text(r.FirstName),
    LastName: text(r.LastName) ?? '',
    Title: text(r.Title),
    Email: text(r.Email),
    Phone: text(r.Phone),
    AccountId: text(r.AccountId),
    AccountName: parentField(r, 'Account', 'Name'),
    OwnerName: parentField(r, 'Owner', 'Name'),
    LastModifiedDate: text(r.LastModifiedDate) ?? '',
  };
}

export function buildContactWhere(query: { search?: string; accountId?: string }): string {
  const clauses: string[] = [];
  if (query.accountId) clauses.push(`AccountId = ${soqlId(query.accountId)}`);
  if (query.search) {
    const pattern = soqlContainsPattern(query.search);
    clauses.push(`(Name LIKE ${pattern} OR Email LIKE ${pattern} OR Account.Name LIKE ${pattern})`);
  }
  return clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '';
}

export function createContactsService(session: () => Promise<SalesforceSession>): ContactsService {
  return {
    async list(query) {
      return listPage(session, query, { object: 'Contact', fields: LIST_FIELDS, where: buildContactWhere(query), toRow });
    },

    async get(id) {
      const sf = await session();
      const result = await sf.query<Row>(`SELECT ${DETAIL_FIELDS} FROM Contact WHERE Id = ${soqlId(id)} LIMIT 1`);
      const r = result.records[0];
      if (!r) throw new AppError('NOT_FOUND', "That contact doesn't exist any more, or you can't see it.");
      return {
        ...toRow(r),
        MobilePhone: text(r.MobilePhone),
        Department: text(r.Department),
        LeadSource: text(r.LeadSource),
        Description: text(r.Description),
        MailingStreet: text(r.MailingStreet),
        MailingCity: text(r.MailingCity),
        MailingState: text(r.MailingState),
        MailingPostalCode: text(r.MailingPostalCode),
        MailingCountry: text(r.MailingCountry),
        CreatedDate: text(r.CreatedDate) ?? '',
        LastActivityDate: text(r.LastActivityDate),
      };
    },

    async create(input) {
      const sf = await session();
      const id = await sf.create('Contact', definedValues(input));
      return { id };
    },
  };
}
