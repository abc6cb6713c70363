/**
 * Converting a lead, as data: the dialog's choices, how they start (Salesforce's defaults: a new
 * account named after the company, a new contact, an opportunity named "Company-", the first
 * converted status, the lead's owner), the rules between them, and the `convertLead` input they
 * make. An existing contact must belong to the existing account the lead goes to (Salesforce's
 * convertLead: "the contact must be associated with the specified account"), so the contacts on
 * offer are the chosen account's. No DOM: unit-tested.
 */
import { ConvertLeadInput, type ConvertOptions } from '../../../../shared/ipc/leads.contract';
import { fieldErrorsFromIssues, type FieldErrors } from '../../lib/form-errors';

export interface PickedAccount {
  id: string;
  name: string;
}
export interface PickedContact {
  id: string;
  name: string;
  /** null while not known (a contact picked by search, its record not read yet). */
  accountId: string | null | undefined;
}

export interface ConvertChoices {
  account: { mode: 'new' } | ({ mode: 'existing' } & PickedAccount);
  contact: { mode: 'new' } | ({ mode: 'existing' } & PickedContact);
  createOpportunity: boolean;
  opportunityName: string;
  convertedStatus: string;
  /** '' = the lead's owner (Salesforce's default). */
  ownerId: string;
}

export function initialChoices(options: ConvertOptions): ConvertChoices {
  return {
    account: { mode: 'new' },
    contact: { mode: 'new' },
    createOpportunity: true,
    opportunityName: options.opportunityName,
    convertedStatus: options.convertedStatuses[0] ?? '',
    ownerId: '',
  };
}

/** Choosing an account keeps the chosen contact only if it is that account's. */
export function withAccount(choices: ConvertChoices, account: ConvertChoices['account']): ConvertChoices {
  const keep = choices.contact.mode === 'existing' && account.mode === 'existing' && choices.contact.accountId === account.id;
  return { ...choices, account, contact: keep ? choices.contact : { mode: 'new' } };
}

/** The matching contacts that can take the lead: those of the chosen existing account. */
export function contactsOnOffer(options: ConvertOptions, choices: ConvertChoices): ConvertOptions['contactMatches'] {
  const account = choices.account;
  if (account.mode !== 'existing') return [];
  return options.contactMatches.filter((c) => c.accountId === account.id);
}

export function convertInput(leadId: string, choices: ConvertChoices): ConvertLeadInput {
  return {
    leadId,
    convertedStatus: choices.convertedStatus,
    account: choices.account.mode === 'existing' ? { mode: 'existing', id: choices.account.id } : { mode: 'new' },
    contact: choices.contact.mode === 'existing' ? { mode: 'existing', id: choices.contact.id } : { mode: 'new' },
    opportunity: choices.createOpportunity ? { create: true, name: choices.opportunityName } : { create: false },
    ...(choices.ownerId ? { ownerId: choices.ownerId } : {}),
  };
}

/** The form's field for a problem the schema or Salesforce names ("opportunity.name" → opportunityName). */
export function convertField(path: string): string {
  if (path.startsWith('opportunity')) return 'opportunityName';
  if (path.startsWith('account')) return 'account';
  if (path.startsWith('contact')) return 'contact';
  if (path === 'convertedStatus' || path === 'ConvertedStatus' || path === 'Status') return 'convertedStatus';
  if (path === 'ownerId' || path === 'OwnerId') return 'ownerId';
  return path;
}

export type ConvertCheck = { ok: true; input: ConvertLeadInput } | { ok: false; errors: FieldErrors };

/** The contract's checks, and what it cannot know: the picked contact's account. */
export function checkConvert(leadId: string, choices: ConvertChoices, accountName?: string): ConvertCheck {
  const errors: FieldErrors = {};
  const input = convertInput(leadId, choices);
  const parsed = ConvertLeadInput.safeParse(input);
  if (!parsed.success) {
    const found = fieldErrorsFromIssues(parsed.error.issues.map((i) => ({ ...i, path: [convertField(i.path.map(String).join('.'))] })));
    Object.assign(errors, found);
  }
  if (choices.account.mode === 'existing' && !choices.account.id) errors.account = 'Choose the account, or create a new one';
  const contact = choices.contact;
  if (contact.mode === 'existing' && !contact.id) errors.contact = 'Choose the contact, or create a new one';
  else if (contact.mode === 'existing' && choices.account.mode === 'existing') {
    if (contact.accountId === undefined) errors.contact ??= 'Reading this contact’s account… try again in a moment';
    else if (contact.accountId !== choices.account.id) {
      errors.contact ??= `${contact.name} is not a contact of ${accountName ?? choices.account.name}: choose one of its contacts, or create a new contact`;
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, input };
}
