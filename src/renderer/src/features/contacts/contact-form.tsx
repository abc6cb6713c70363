/**
 * New contact. Checked against the shared schema before sending; Salesforce's own errors are
 * shown next to the field they name (`error.fields`). Nothing typed is lost on an error.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ContactCreateInput } from '../../../../shared/ipc';
import { navigate } from '../../app/navigation';
import { Field, TextAreaField, TextField } from '../../components/field';
import { PicklistField } from '../../components/form-bits';
import { RecordFormPage } from '../../components/record-form-page';
import { useToast } from '../../components/toast';
import { api, call } from '../../lib/api';
import { fieldErrorsFromIssues } from '../../lib/form-errors';
import { queryKeys } from '../../lib/query-keys';
import { useRecordForm } from '../../lib/record-form';
import { AccountPicker, type PickedAccount } from './account-picker';

const TEXT_FIELDS = ['FirstName', 'LastName', 'Email', 'Phone', 'MobilePhone', 'Title', 'Department', 'LeadSource', 'Description'] as const;
type TextFieldName = (typeof TEXT_FIELDS)[number];
const FIELD_ORDER = ['FirstName', 'LastName', 'Email', 'Phone', 'MobilePhone', 'Title', 'Department', 'AccountId', 'LeadSource', 'Description'] as const;

const EMPTY: Record<TextFieldName, string> = {
  FirstName: '',
  LastName: '',
  Email: '',
  Phone: '',
  MobilePhone: '',
  Title: '',
  Department: '',
  LeadSource: '',
  Description: '',
};

export function ContactFormPage({ accountId, accountName }: { accountId?: string; accountName?: string }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [account, setAccount] = useState<PickedAccount | null>(accountId ? { Id: accountId, Name: accountName || 'Selected account' } : null);
  const form = useRecordForm({
    initialValues: EMPTY,
    fieldOrder: FIELD_ORDER,
    noun: 'contact',
    validate: (values: Record<TextFieldName, string>) => {
      const parsed = ContactCreateInput.safeParse({ ...values, AccountId: account?.Id ?? '' });
      return parsed.success ? { ok: true, input: parsed.data } : { ok: false, errors: fieldErrorsFromIssues(parsed.error.issues) };
    },
    save: (input) => call(api.createContact(input)),
    onSaved: async (id) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.contacts.all }),
        account ? queryClient.invalidateQueries({ queryKey: queryKeys.accounts.detail(account.Id) }) : undefined,
      ]);
      toast('Contact created');
      navigate({ name: 'contact', id });
    },
  });

  const picklists = useQuery({
    queryKey: queryKeys.picklists('Contact'),
    queryFn: () => call(api.getFormPicklists({ object: 'Contact' })),
    staleTime: 10 * 60_000,
  });

  const cancelHref = account && accountId ? `#/accounts/${accountId}` : '#/contacts';
  return (
    <RecordFormPage noun="contact" list={{ label: 'Contacts', href: '#/contacts' }} cancelHref={cancelHref} form={form}>
      <h2 className="form-section-title">Name</h2>
      <div className="form-grid">
        <TextField label="First name" {...form.field('FirstName')} autoComplete="given-name" />
        <TextField label="Last name" {...form.field('LastName')} required autoComplete="family-name" />
        <TextField label="Title" {...form.field('Title')} autoComplete="organization-title" />
        <TextField label="Department" {...form.field('Department')} />
      </div>
      <h2 className="form-section-title">Reach</h2>
      <div className="form-grid">
        <TextField label="Email" {...form.field('Email')} type="email" autoComplete="email" />
        <TextField label="Phone" {...form.field('Phone')} type="tel" autoComplete="tel" />
        <TextField label="Mobile" {...form.field('MobilePhone')} type="tel" />
      </div>
      <h2 className="form-section-title">Relationship</h2>
      <div className="form-grid">
        <Field label="Account" name="AccountId" error={form.errors.AccountId} hint="Start typing a company name.">
          {(props) => (
            <AccountPicker
              id={props.id}
              value={account}
              invalid={props['aria-invalid']}
              describedBy={props['aria-describedby']}
              onChange={(next) => {
                setAccount(next);
                form.clearError('AccountId');
              }}
            />
          )}
        </Field>
        <PicklistField label="Lead source" {...form.field('LeadSource')} options={picklists.data?.LeadSource} />
        <TextAreaField label="Description" {...form.field('Description')} wide />
      </div>
    </RecordFormPage>
  );
}
