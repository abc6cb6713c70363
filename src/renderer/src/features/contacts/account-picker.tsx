/**
 * The contact form's account field: the shared lookup, searching the org's accounts live
 * (`accounts:lookup`), so it works before the first sync too.
 */
import { Lookup, type LookupSource } from '../../components/record-lookup';
import { api, call } from '../../lib/api';
import { queryKeys } from '../../lib/query-keys';

export interface PickedAccount {
  Id: string;
  Name: string;
}

interface AccountPickerProps {
  id: string;
  value: PickedAccount | null;
  onChange: (account: PickedAccount | null) => void;
  invalid?: boolean;
  describedBy?: string;
}

const orgAccounts: LookupSource = {
  key: queryKeys.accounts.lookup(''),
  search: async (search) =>
    (await call(api.lookupAccounts({ search }))).map((a) => ({ id: a.Id, title: a.Name, subtitle: a.BillingCity })),
  debounceMs: 250,
  staleTime: 60_000,
};

export function AccountPicker({ value, onChange, ...props }: AccountPickerProps) {
  return (
    <Lookup
      {...props}
      source={orgAccounts}
      noun="accounts"
      value={value && { id: value.Id, title: value.Name }}
      onChange={(picked) => onChange(picked && { Id: picked.id, Name: picked.title })}
    />
  );
}
