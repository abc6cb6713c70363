/** New account: the same pattern as the contact form, with Industry / Type / Rating picklists. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { AccountCreateInput } from '../../../../shared/ipc';
import { navigate } from '../../app/navigation';
import { TextAreaField, TextField } from '../../components/field';
import { PicklistField } from '../../components/form-bits';
import { RecordFormPage } from '../../components/record-form-page';
import { useToast } from '../../components/toast';
import { api, call } from '../../lib/api';
import { fieldErrorsFromIssues, type FieldErrors } from '../../lib/form-errors';
import { parseNumberInput } from '../../lib/numbers';
import { queryKeys } from '../../lib/query-keys';
import { useRecordForm, type Validation } from '../../lib/record-form';

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

/** Numbers are typed as text; a value that is not a number is an error on its field, not a NaN sent on. */
function validateAccount(values: Record<FieldName, string>): Validation<AccountCreateInput> {
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
  if (!parsed.success || Object.keys(numberErrors).length > 0) {
    const schemaErrors = parsed.success ? {} : fieldErrorsFromIssues(parsed.error.issues);
    return { ok: false, errors: { ...schemaErrors, ...numberErrors } };
  }
  return { ok: true, input: parsed.data };
}

export function AccountFormPage() {
  const queryClient = useQueryClient();
  const toast = useToast();
  const form = useRecordForm({
    initialValues: EMPTY,
    fieldOrder: FIELDS,
    noun: 'account',
    validate: validateAccount,
    save: (input) => call(api.createAccount(input)),
    onSaved: async (id) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.accounts.all });
      toast('Account created');
      navigate({ name: 'account', id });
    },
  });

  const picklists = useQuery({
    queryKey: queryKeys.picklists('Account'),
    queryFn: () => call(api.getFormPicklists({ object: 'Account' })),
    staleTime: 10 * 60_000,
  });
  const picklist = (name: 'Industry' | 'Type' | 'Rating', label: string) => (
    <PicklistField label={label} {...form.field(name)} options={picklists.data?.[name]} />
  );

  return (
    <RecordFormPage noun="account" list={{ label: 'Accounts', href: '#/accounts' }} cancelHref="#/accounts" form={form}>
      <h2 className="form-section-title">Company</h2>
      <div className="form-grid">
        <TextField label="Account name" {...form.field('Name')} required wide />
        {picklist('Industry', 'Industry')}
        {picklist('Type', 'Type')}
        {picklist('Rating', 'Rating')}
        <TextField label="Phone" {...form.field('Phone')} type="tel" inputMode="tel" />
        <TextField label="Website" {...form.field('Website')} inputMode="url" />
        <TextField label="Annual revenue (USD)" {...form.field('AnnualRevenue')} inputMode="decimal" />
        <TextField label="Employees" {...form.field('NumberOfEmployees')} inputMode="numeric" />
      </div>
      <h2 className="form-section-title">Billing address</h2>
      <div className="form-grid">
        <TextField label="Street" {...form.field('BillingStreet')} wide />
        <TextField label="City" {...form.field('BillingCity')} />
        <TextField label="State / province" {...form.field('BillingState')} />
        <TextField label="Postal code" {...form.field('BillingPostalCode')} />
        <TextField label="Country" {...form.field('BillingCountry')} />
      </div>
      <div className="form-grid">
        <TextAreaField label="Description" {...form.field('Description')} wide />
      </div>
    </RecordFormPage>
  );
}
