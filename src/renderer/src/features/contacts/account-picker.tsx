/**
 * Account type-ahead (ARIA combobox): typing searches the org's accounts, arrows move, Enter
 * picks, Escape closes. The chosen account shows as a chip that can be cleared.
 */
import { useQuery } from '@tanstack/react-query';
import { useId, useState, type KeyboardEvent } from 'react';
import { CloseIcon } from '../../components/icons';
import { api, call } from '../../lib/api';
import { useDebouncedValue } from '../../lib/hooks';
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

export function AccountPicker({ id, value, onChange, invalid, describedBy }: AccountPickerProps) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [highlight, setHighlight] = useState(0);
  const search = useDebouncedValue(text.trim(), 250);
  const listId = useId();
  const results = useQuery({
    queryKey: queryKeys.accounts.lookup(search),
    queryFn: () => call(api.lookupAccounts({ search })),
    enabled: open && search.length >= 1,
    staleTime: 60_000,
  });
  const options = search.length >= 1 ? (results.data ?? []) : [];

  if (value) {
    return (
      <div className="picked" id={id} aria-describedby={describedBy}>
        <span className="picked-name">{value.Name}</span>
        <button
          type="button"
          className="icon-button"
          aria-label={`Remove account ${value.Name}`}
          onClick={() => {
            onChange(null);
            setText('');
            // Back to the search input, which replaces the chip under the same id.
            window.setTimeout(() => document.getElementById(id)?.focus(), 0);
          }}
        >
          <CloseIcon size={14} />
        </button>
      </div>
    );
  }

  const pick = (account: PickedAccount) => {
    onChange({ Id: account.Id, Name: account.Name });
    setOpen(false);
    setText('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setHighlight((h) => Math.min(h + 1, Math.max(options.length - 1, 0)));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setHighlight((h) => Math.max(h - 1, 0));
    } else if (event.key === 'Enter' && open && options[highlight]) {
      event.preventDefault();
      pick(options[highlight]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  };

  const showList = open && search.length >= 1;
  return (
    <div className="combobox">
      <input
        id={id}
        className="input"
        type="text"
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && options[highlight] ? `${listId}-${highlight}` : undefined}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        autoComplete="off"
        placeholder="Search accounts…"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setHighlight(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      {showList && (
        <ul id={listId} role="listbox" className="combobox-list" aria-label="Matching accounts">
          {results.isFetching && options.length === 0 && <li className="combobox-note">Searching…</li>}
          {results.isError && <li className="combobox-note">Couldn’t search accounts. Keep typing to try again.</li>}
          {!results.isFetching && results.isSuccess && options.length === 0 && <li className="combobox-note">No accounts match “{search}”</li>}
          {options.map((account, index) => (
            <li
              key={account.Id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === highlight}
              className={`combobox-option${index === highlight ? ' combobox-option-active' : ''}`}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(account);
              }}
              onMouseEnter={() => setHighlight(index)}
            >
              <span>{account.Name}</span>
              {account.BillingCity && <span className="muted">{account.BillingCity}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
