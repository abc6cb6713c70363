/**
 * New contact. Checked against the shared schema before sending; Salesforce's own errors are
 * shown next to the field they name (`error.fields`). Nothing typed is lost on an error.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ContactCreateInput } from '../../../../shared/ipc';
import { navigate } from '../../app/navigation';
import { Field } from '../../components/field';
import { FormBanner, PicklistInput, useFocusFirstError } from '../../components/form-bits';
import { PageHeader } from '../../components/page-header';
import { useToast } from '../../components/toast';
import { api, call, isAppError } from '../../lib/api';
import { fieldErrorsFromIssues, splitServerError, type FieldErrors } from '../../lib/form-errors';
import { queryKeys } from '../../lib/query-keys';
import { AccountPicker, type PickedAccount } from './account-picker';

const TEXT_FIELDS = ['FirstName', 'LastName', 'Email', 'Phone', 'MobilePhone', 'Title', 'Department', 'LeadSource', 'Description'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
const FIELD_ORDER = ['FirstName', 'LastName', 'Email', 'Phone', 'MobilePhone', 'Title', 'Department', 'AccountId', 'LeadSource', 'Description'] as const;

const EMPTY: Record<TextField, string> = {
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
  const [values, setValues] = useState(EMPTY);
  const [account, setAccount] = useState<PickedAccount | null>(accountId ? { Id: accountId, Name: accountName || 'Selected account' } : null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useFocusFirstError(errors, FIELD_ORDER, attempt);

  const picklists = useQuery({
    queryKey: queryKeys.picklists('Contact'),
    queryFn: () => call(api.getFormPicklists({ object: 'Contact' })),
    staleTime: 10 * 60_000,
  });

  const create = useMutation({
    mutationFn: (input: ContactCreateInput) => call(api.createContact(input)),
    onSuccess: async ({ id }) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.contacts.all }),
        account ? queryClient.invalidateQueries({ queryKey: queryKeys.accounts.detail(account.Id) }) : undefined,
      ]);
      toast('Contact created');
      navigate({ name: 'contact', id });
    },
    onError: (error) => {
      setAttempt((a) => a + 1);
      if (isAppError(error)) {
        const split = splitServerError(error, FIELD_ORDER);
        setErrors(split.fieldErrors);
        setBanner(split.bannerMessage ?? 'Fix the highlighted field and save again. Everything you typed is still here.');
      } else {
        setErrors({});
        setBanner('The contact could not be saved. Please try again.');
      }
    },
  });

  const set = (field: TextField) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    setBanner(null);
    const parsed = ContactCreateInput.safeParse({ ...values, AccountId: account?.Id ?? '' });
    if (!parsed.success) {
      setErrors(fieldErrorsFromIssues(parsed.error.issues));
      setAttempt((a) => a + 1);
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  };

  const text = (field: TextField, label: string, options: { required?: boolean; type?: string; autoComplete?: string; hint?: string } = {}) => (
    <Field label={label} name={field} error={errors[field]} required={options.required} hint={options.hint}>
      {(props) => (
        <input
          {...props}
          className="input"
          type={options.type ?? 'text'}
          autoComplete={options.autoComplete ?? 'off'}
          value={values[field]}
          onChange={(e) => set(field)(e.target.value)}
        />
      )}
    </Field>
  );

  const cancelHref = account && accountId ? `#/accounts/${accountId}` : '#/contacts';
  return (
    <div className="page page-narrow">
      <PageHeader title="New contact" breadcrumb={{ label: 'Contacts', href: '#/contacts' }} subtitle="Saved straight to Salesforce." />
      <form className="card form-card" onSubmit={onSubmit} noValidate aria-label="New contact">
        {banner && <FormBanner title="Salesforce couldn’t save this contact" message={banner} />}
        <h2 className="form-section-title">Name</h2>
        <div className="form-grid">
          {text('FirstName', 'First name', { autoComplete: 'given-name' })}
          {text('LastName', 'Last name', { required: true, autoComplete: 'family-name' })}
          {text('Title', 'Title', { autoComplete: 'organization-title' })}
          {text('Department', 'Department')}
        </div>
        <h2 className="form-section-title">Reach</h2>
        <div className="form-grid">
          {text('Email', 'Email', { type: 'email', autoComplete: 'email' })}
          {text('Phone', 'Phone', { type: 'tel', autoComplete: 'tel' })}
          {text('MobilePhone', 'Mobile', { type: 'tel' })}
        </div>
        <h2 className="form-section-title">Relationship</h2>
        <div className="form-grid">
          <Field label="Account" name="AccountId" error={errors.AccountId} hint="Start typing a company name.">
            {(props) => (
              <AccountPicker
                id={props.id}
                value={account}
                invalid={props['aria-invalid']}
                describedBy={props['aria-describedby']}
                onChange={(next) => {
                  setAccount(next);
                  setErrors((e) => ({ ...e, AccountId: undefined }));
                }}
              />
            )}
          </Field>
          <Field label="Lead source" name="LeadSource" error={errors.LeadSource}>
            {(props) => <PicklistInput fieldProps={props} options={picklists.data?.LeadSource} value={values.LeadSource} onChange={set('LeadSource')} />}
          </Field>
          <Field label="Description" name="Description" error={errors.Description} wide>
            {(props) => <textarea {...props} className="textarea" rows={4} value={values.Description} onChange={(e) => set('Description')(e.target.value)} />}
          </Field>
        </div>
        <div className="form-actions">
          <a className="button" href={cancelHref}>
            Cancel
          </a>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? 'Saving…' : 'Save contact'}
          </button>
        </div>
      </form>
    </div>
  );
}
