/**
 * The convert dialog's choices, one fieldset each: the account (a new one named after the company,
 * or an existing one: the lookalikes or any found by search), the contact (a new one, or an
 * existing contact of that account), the opportunity (named, or none).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useId, type ReactNode } from 'react';
import type { ConvertOptions } from '../../../../shared/ipc/leads.contract';
import { RecordLookup } from '../../components/record-lookup';
import { cacheKeys, getRecord } from '../../lib/cache-records';
import { contactsOnOffer, type ConvertChoices, type PickedContact } from './convert-form';

function Choice({
  name,
  checked,
  onChange,
  disabled,
  describedBy,
  children,
}: {
  name: string;
  checked: boolean;
  onChange: () => void;
  disabled?: boolean;
  describedBy?: string;
  children: ReactNode;
}) {
  return (
    <label className={`radio-row${disabled ? ' radio-row-disabled' : ''}`}>
      <input type="radio" name={name} checked={checked} onChange={onChange} disabled={disabled} aria-describedby={describedBy} />
      <span>{children}</span>
    </label>
  );
}

function FieldsetError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <div id={id} className="field-error" role="alert">
      {error}
    </div>
  ) : null;
}

export function AccountChoice({
  options,
  choices,
  onChange,
  error,
}: {
  options: ConvertOptions;
  choices: ConvertChoices;
  onChange: (account: ConvertChoices['account']) => void;
  error?: string;
}) {
  const name = useId();
  const account = choices.account;
  const newName = options.lead.company || options.lead.name || 'the lead';
  const first = options.accountMatches[0];
  const picked = account.mode === 'existing' && account.id && !options.accountMatches.some((m) => m.id === account.id) ? account : null;
  return (
    <fieldset className="convert-fieldset" data-field="account" aria-describedby={error ? `${name}-error` : undefined}>
      <legend>Account</legend>
      <Choice name={name} checked={account.mode === 'new'} onChange={() => onChange({ mode: 'new' })}>
        Create a new account: <strong>{newName}</strong>
      </Choice>
      <Choice
        name={name}
        checked={account.mode === 'existing'}
        onChange={() => onChange(first ? { mode: 'existing', id: first.id, name: first.name } : { mode: 'existing', id: '', name: '' })}
      >
        Add to an existing account
      </Choice>
      {account.mode === 'existing' && (
        <div className="convert-existing">
          {options.accountMatches.length > 0 && (
            <div role="radiogroup" aria-label="Accounts like this lead’s company" className="convert-matches">
              {options.accountMatches.map((m) => (
                <Choice key={m.id} name={`${name}-match`} checked={account.id === m.id} onChange={() => onChange({ mode: 'existing', id: m.id, name: m.name })}>
                  {m.name}
                  {m.detail && <span className="muted"> · {m.detail}</span>}
                </Choice>
              ))}
            </div>
          )}
          <label className="field-label" htmlFor={`${name}-search`}>
            {options.accountMatches.length > 0 ? 'Or find another account' : 'Find the account'}
          </label>
          <RecordLookup
            id={`${name}-search`}
            objects={['Account']}
            noun="accounts"
            value={picked ? { id: picked.id, title: picked.name } : null}
            onChange={(hit) =>
              onChange(
                hit
                  ? { mode: 'existing', id: hit.id, name: hit.title }
                  : first
                    ? { mode: 'existing', id: first.id, name: first.name }
                    : { mode: 'existing', id: '', name: '' },
              )
            }
            invalid={Boolean(error)}
          />
        </div>
      )}
      <FieldsetError id={`${name}-error`} error={error} />
    </fieldset>
  );
}

export function ContactChoice({
  options,
  choices,
  onChange,
  error,
}: {
  options: ConvertOptions;
  choices: ConvertChoices;
  onChange: (contact: ConvertChoices['contact']) => void;
  error?: string;
}) {
  const name = useId();
  const queryClient = useQueryClient();
  const { account, contact } = choices;
  const offered = contactsOnOffer(options, choices);
  const canMerge = account.mode === 'existing' && Boolean(account.id);
  const picked = contact.mode === 'existing' && contact.id && !offered.some((c) => c.id === contact.id) ? contact : null;
  const none: ConvertChoices['contact'] = { mode: 'existing', id: '', name: '', accountId: undefined };
  // A contact found by search: its account is read from the cache before it can be checked.
  const pickBySearch = async (hit: { id: string; title: string } | null) => {
    if (!hit) return onChange(none);
    const chosen: PickedContact = { id: hit.id, name: hit.title, accountId: undefined };
    onChange({ mode: 'existing', ...chosen });
    const detail = await queryClient
      .fetchQuery({ queryKey: cacheKeys.record('Contact', hit.id), queryFn: () => getRecord('Contact', hit.id) })
      .catch(() => null);
    const accountId = detail && typeof detail.record.AccountId === 'string' ? detail.record.AccountId : null;
    onChange({ mode: 'existing', ...chosen, accountId });
  };
  return (
    <fieldset className="convert-fieldset" data-field="contact" aria-describedby={error ? `${name}-error` : undefined}>
      <legend>Contact</legend>
      <Choice name={name} checked={contact.mode === 'new'} onChange={() => onChange({ mode: 'new' })}>
        Create a new contact: <strong>{options.lead.name || 'the lead'}</strong>
      </Choice>
      <Choice
        name={name}
        checked={contact.mode === 'existing'}
        disabled={!canMerge}
        describedBy={`${name}-note`}
        onChange={() => onChange(offered[0] ? { mode: 'existing', id: offered[0].id, name: offered[0].name, accountId: offered[0].accountId } : none)}
      >
        Merge into an existing contact
      </Choice>
      <p id={`${name}-note`} className="field-hint">
        {canMerge
          ? `Only contacts of ${account.mode === 'existing' ? account.name : 'the account'} can take this lead${offered.length ? '.' : '; none of them looks like it.'}`
          : 'A lead merges only into a contact of the existing account it is added to: choose an existing account first.'}
      </p>
      {canMerge && contact.mode === 'existing' && (
        <div className="convert-existing">
          {offered.length > 0 && (
            <div role="radiogroup" aria-label="Contacts like this lead" className="convert-matches">
              {offered.map((c) => (
                <Choice
                  key={c.id}
                  name={`${name}-match`}
                  checked={contact.mode === 'existing' && contact.id === c.id}
                  onChange={() => onChange({ mode: 'existing', id: c.id, name: c.name, accountId: c.accountId })}
                >
                  {c.name}
                  {c.detail && <span className="muted"> · {c.detail}</span>}
                </Choice>
              ))}
            </div>
          )}
          <label className="field-label" htmlFor={`${name}-search`}>
            Find a contact of {account.mode === 'existing' ? account.name : 'the account'}
          </label>
          <RecordLookup
            id={`${name}-search`}
            objects={['Contact']}
            noun="contacts"
            value={picked ? { id: picked.id, title: picked.name } : null}
            onChange={(hit) => void pickBySearch(hit)}
            invalid={Boolean(error)}
          />
        </div>
      )}
      <FieldsetError id={`${name}-error`} error={error} />
    </fieldset>
  );
}

export function OpportunityChoice({
  choices,
  onChange,
  error,
}: {
  choices: ConvertChoices;
  onChange: (next: Pick<ConvertChoices, 'createOpportunity' | 'opportunityName'>) => void;
  error?: string;
}) {
  const name = useId();
  return (
    <fieldset className="convert-fieldset" data-field="opportunityName">
      <legend>Opportunity</legend>
      <Choice name={name} checked={choices.createOpportunity} onChange={() => onChange({ createOpportunity: true, opportunityName: choices.opportunityName })}>
        Create an opportunity
      </Choice>
      {choices.createOpportunity && (
        <div className="convert-existing">
          <label className="field-label" htmlFor={`${name}-name`}>
            Opportunity name
          </label>
          <input
            id={`${name}-name`}
            className="input"
            value={choices.opportunityName}
            aria-invalid={Boolean(error)}
            aria-describedby={error ? `${name}-error` : undefined}
            onChange={(e) => onChange({ createOpportunity: true, opportunityName: e.target.value })}
          />
          <FieldsetError id={`${name}-error`} error={error} />
        </div>
      )}
      <Choice
        name={name}
        checked={!choices.createOpportunity}
        onChange={() => onChange({ createOpportunity: false, opportunityName: choices.opportunityName })}
      >
        Don’t create an opportunity
      </Choice>
    </fieldset>
  );
}
