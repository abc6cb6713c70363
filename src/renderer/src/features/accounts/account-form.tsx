/** New account: the same pattern as the contact form, with Industry / Type / Rating picklists. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { AccountCreateInput } from '../../../../shared/ipc';
import { navigate } from '../../app/navigation';
import { Field } from '../../components/field';
import { FormBanner, PicklistInput, useFocusFirstError } from '../../components/form-bits';
import { PageHeader } from '../../components/page-header';
import { useToast } from '../../components/toast';
import { api, call, isAppError } from '../../lib/api';
import { fieldErrorsFromIssues, splitServerError, type FieldErrors } from '../../lib/form-errors';
import { parseNumberInput } from '../../lib/numbers';
import { queryKeys } from '../../lib/query-keys';

const FIELDS = [
  'Name',
  'Industry',
  'Type',
  'Rating',
  'Phone',
  'Website',
  'AnnualRevenue',
  'NumberOfEmployees',
  'BillingStreet',
  'BillingCity',
  'BillingState',
  'BillingPostalCode',
  'BillingCountry',
  'Description',
] as const;
type FieldName = (typeof FIELDS)[number];

const EMPTY = Object.fromEntries(FIELDS.map((f) => [f, ''])) as Record<FieldName, string>;

export function AccountFormPage() {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useFocusFirstError(errors, FIELDS, attempt);

  const picklists = useQuery({
    queryKey: queryKeys.picklists('Account'),
    queryFn: () => call(api.getFormPicklists({ object: 'Account' })),
    staleTime: 10 * 60_000,
  });

  const create = useMutation({
    mutationFn: (input: AccountCreateInput) => call(api.createAccount(input)),
    onSuccess: async ({ id }) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.accounts.all });
      toast('Account created');
      navigate({ name: 'account', id });
    },
    onError: (error) => {
      setAttempt((a) => a + 1);
      if (isAppError(error)) {
        const split = splitServerError(error, FIELDS);
        setErrors(split.fieldErrors);
        setBanner(split.bannerMessage ?? 'Fix the highlighted field and save again. Everything you typed is still here.');
      } else {
        setErrors({});
        setBanner('The account could not be saved. Please try again.');
      }
    },
  });

  const set = (field: FieldName) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    setBanner(null);
    const revenue = parseNumberInput(values.AnnualRevenue);
    const employees = parseNumberInput(values.NumberOfEmployees);
    const numberErrors: FieldErrors = {};
    if (Number.isNaN(revenue)) numberErrors.AnnualRevenue = 'Enter an amount, such as 2500000';
    if (Number.isNaN(employees)) numberErrors.NumberOfEmployees = 'Enter a whole number';
    const { AnnualRevenue: _r, NumberOfEmployees: _e, ...text } = values;
    const parsed = AccountCreateInput.safeParse({
      ...text,
      ...(revenue !== undefined && !Number.isNaN(revenue) ? { AnnualRevenue: revenue } : {}),
      ...(employees !== undefined && !Number.isNaN(employees) ? { NumberOfEmployees: employees } : {}),
    });
    const schemaErrors = parsed.success ? {} : fieldErrorsFromIssues(parsed.error.issues);
    const allErrors = { ...schemaErrors, ...numberErrors };
    if (!parsed.success || Object.keys(numberErrors).length > 0) {
      setErrors(allErrors);
      setAttempt((a) => a + 1);
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  };

  const text = (field: FieldName, label: string, options: { required?: boolean; type?: string; inputMode?: 'numeric' | 'decimal' | 'url' | 'tel'; wide?: boolean } = {}) => (
    <Field label={label} name={field} error={errors[field]} required={options.required} wide={options.wide}>
      {(props) => (
        <input
          {...props}
          className="input"
          type={options.type ?? 'text'}
          inputMode={options.inputMode}
          autoComplete="off"
          value={values[field]}
          onChange={(e) => set(field)(e.target.value)}
        />
      )}
    </Field>
  );
  const picklist = (field: 'Industry' | 'Type' | 'Rating', label: string) => (
    <Field label={label} name={field} error={errors[field]}>
      {(props) => <PicklistInput fieldProps={props} options={picklists.data?.[field]} value={values[field]} onChange={set(field)} />}
    </Field>
  );

  return (
    <div className="page page-narrow">
      <PageHeader title="New account" breadcrumb={{ label: 'Accounts', href: '#/accounts' }} subtitle="Saved straight to Salesforce." />
      <form className="card form-card" onSubmit={onSubmit} noValidate aria-label="New account">
        {banner && <FormBanner title="Salesforce couldn’t save this account" message={banner} />}
        <h2 className="form-section-title">Company</h2>
        <div className="form-grid">
          {text('Name', 'Account name', { required: true, wide: true })}
          {picklist('Industry', 'Industry')}
          {picklist('Type', 'Type')}
          {picklist('Rating', 'Rating')}
          {text('Phone', 'Phone', { type: 'tel', inputMode: 'tel' })}
          {text('Website', 'Website', { inputMode: 'url' })}
          {text('AnnualRevenue', 'Annual revenue (USD)', { inputMode: 'decimal' })}
          {text('NumberOfEmployees', 'Employees', { inputMode: 'numeric' })}
        </div>
        <h2 className="form-section-title">Billing address</h2>
        <div className="form-grid">
          {text('BillingStreet', 'Street', { wide: true })}
          {text('BillingCity', 'City')}
          {text('BillingState', 'State / province')}
          {text('BillingPostalCode', 'Postal code')}
          {text('BillingCountry', 'Country')}
        </div>
        <div className="form-grid">
          <Field label="Description" name="Description" error={errors.Description} wide>
            {(props) => <textarea {...props} className="textarea" rows={4} value={values.Description} onChange={(e) => set('Description')(e.target.value)} />}
          </Field>
        </div>
        <div className="form-actions">
          <a className="button" href="#/accounts">
            Cancel
          </a>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? 'Saving…' : 'Save account'}
          </button>
        </div>
      </form>
    </div>
  );
}
