/**
 * Convert a lead: the choices Salesforce offers, built from `leadConvertOptions`, and the result.
 * It says up front that converting needs the org (it is never queued: a retried conversion could
 * create twice) and cannot be undone. Salesforce's refusal is shown in its words, next to the
 * choice it is about when it names one.
 */
import { useId, useState } from 'react';
import type { ConvertOptions, ConvertResult } from '../../../../shared/ipc/leads.contract';
import { Dialog } from '../../components/dialog';
import { ErrorState, PageLoading } from '../../components/feedback';
import { FormBanner } from '../../components/form-bits';
import { AlertIcon } from '../../components/icons';
import { isAppError } from '../../lib/api';
import type { FieldErrors } from '../../lib/form-errors';
import { useActiveConnection } from '../connections/use-connections';
import { checkConvert, convertField, initialChoices, withAccount, type ConvertChoices } from './convert-form';
import { AccountChoice, ContactChoice, OpportunityChoice } from './convert-sections';
import { ConvertSuccess, type Converted } from './convert-success';
import { useConvertLead, useConvertOptions } from './use-leads';

export function ConvertDialog({ leadId, open, online, onClose }: { leadId: string; open: boolean; online: boolean; onClose: () => void }) {
  const options = useConvertOptions(leadId, open);
  const [done, setDone] = useState<Converted | null>(null);
  const close = () => {
    setDone(null);
    onClose();
  };
  let body;
  if (done) body = <ConvertSuccess converted={done} onClose={close} />;
  else if (options.isError) body = <ErrorState compact error={options.error} onRetry={() => void options.refetch()} />;
  else if (!options.data) body = <PageLoading label="Reading the lead…" />;
  else body = <ConvertForm options={options.data} online={online && options.data.online} onClose={close} onConverted={setDone} />;
  return (
    <Dialog
      open={open}
      title={done ? 'Lead converted' : `Convert ${options.data?.lead.name ?? 'lead'}`}
      onClose={close}
      size="wide"
      testId="convert-dialog"
      returnFocus={() => document.querySelector<HTMLElement>('main h1')}
    >
      {body}
    </Dialog>
  );
}

function ConvertForm({
  options,
  online,
  onClose,
  onConverted,
}: {
  options: ConvertOptions;
  online: boolean;
  onClose: () => void;
  onConverted: (c: Converted) => void;
}) {
  const formId = useId();
  const me = useActiveConnection();
  const [choices, setChoices] = useState<ConvertChoices>(() => initialChoices(options));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const convert = useConvertLead();
  const update = (next: ConvertChoices, touched: string) => {
    setChoices(next);
    if (errors[touched]) setErrors((e) => ({ ...e, [touched]: undefined }));
  };
  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setBanner(null);
    const checked = checkConvert(options.lead.id, choices);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    convert.mutate(checked.input, {
      onSuccess: (result: ConvertResult) => onConverted(convertedOf(options, choices, result)),
      onError: (error) => {
        const fields = isAppError(error) ? (error.fields ?? []).map(convertField) : [];
        const message = isAppError(error) ? error.message : 'The lead could not be converted. Please try again.';
        setErrors(Object.fromEntries(fields.map((f) => [f, message])));
        setBanner(message);
      },
    });
  };
  return (
    <form id={formId} className="convert-form" onSubmit={onSubmit} noValidate>
      <ConvertNotice online={online} />
      {banner && <FormBanner title="Not converted" message={banner} />}
      <AccountChoice options={options} choices={choices} onChange={(account) => update(withAccount(choices, account), 'account')} error={errors.account} />
      <ContactChoice options={options} choices={choices} onChange={(contact) => update({ ...choices, contact }, 'contact')} error={errors.contact} />
      <OpportunityChoice choices={choices} onChange={(o) => update({ ...choices, ...o }, 'opportunityName')} error={errors.opportunityName} />
      <StatusAndOwner options={options} choices={choices} me={me} errors={errors} onChange={(next, touched) => update({ ...choices, ...next }, touched)} />
      <div className="dialog-footer dialog-footer-inline">
        <button type="button" className="button" onClick={onClose} disabled={convert.isPending}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={!online || convert.isPending || options.convertedStatuses.length === 0}>
          {convert.isPending ? 'Converting…' : 'Convert'}
        </button>
      </div>
    </form>
  );
}

function ConvertNotice({ online }: { online: boolean }) {
  return (
    <div className={`callout ${online ? 'callout-warn' : 'callout-error'}`} data-testid="convert-notice">
      <AlertIcon size={18} />
      <div>
        {online ? null : <strong>The org isn’t answering: converting needs it, so it can’t be done offline. </strong>}
        Converting happens in Salesforce at once and <strong>can’t be undone</strong>: the lead then stays as it is, read-only, with links to its account,
        contact and opportunity.
      </div>
    </div>
  );
}

function StatusAndOwner({
  options,
  choices,
  me,
  errors,
  onChange,
}: {
  options: ConvertOptions;
  choices: ConvertChoices;
  me: { userId: string; displayName: string } | undefined;
  errors: FieldErrors;
  onChange: (next: Partial<ConvertChoices>, touched: string) => void;
}) {
  const id = useId();
  const leadOwner = options.lead.ownerName ? `${options.lead.ownerName} (the lead’s owner)` : 'The lead’s owner';
  return (
    <div className="form-grid">
      <div className="field" data-field="convertedStatus">
        <label className="field-label" htmlFor={`${id}-status`}>
          Converted status
        </label>
        <select
          id={`${id}-status`}
          className="select"
          value={choices.convertedStatus}
          aria-invalid={Boolean(errors.convertedStatus)}
          aria-describedby={errors.convertedStatus ? `${id}-status-error` : undefined}
          onChange={(e) => onChange({ convertedStatus: e.target.value }, 'convertedStatus')}
        >
          {options.convertedStatuses.length === 0 && <option value="">No converted status known — sync first</option>}
          {options.convertedStatuses.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        {errors.convertedStatus && (
          <div id={`${id}-status-error`} className="field-error" role="alert">
            {errors.convertedStatus}
          </div>
        )}
      </div>
      <div className="field" data-field="ownerId">
        <label className="field-label" htmlFor={`${id}-owner`}>
          Record owner
        </label>
        <select
          id={`${id}-owner`}
          className="select"
          value={choices.ownerId}
          aria-invalid={Boolean(errors.ownerId)}
          aria-describedby={errors.ownerId ? `${id}-owner-error` : undefined}
          onChange={(e) => onChange({ ownerId: e.target.value }, 'ownerId')}
        >
          <option value="">{leadOwner}</option>
          {me && me.userId !== options.lead.ownerId && <option value={me.userId}>{me.displayName || 'Me'} (me)</option>}
        </select>
        {errors.ownerId && (
          <div id={`${id}-owner-error`} className="field-error" role="alert">
            {errors.ownerId}
          </div>
        )}
      </div>
    </div>
  );
}

/** The result with the names the user chose, for the links. */
function convertedOf(options: ConvertOptions, choices: ConvertChoices, result: ConvertResult): Converted {
  return {
    leadId: result.leadId,
    account: {
      id: result.accountId,
      name: choices.account.mode === 'existing' ? choices.account.name : options.lead.company || options.lead.name || 'Account',
      existing: choices.account.mode === 'existing',
    },
    contact: {
      id: result.contactId,
      name: choices.contact.mode === 'existing' ? choices.contact.name : options.lead.name || 'Contact',
      existing: choices.contact.mode === 'existing',
    },
    opportunity: result.opportunityId ? { id: result.opportunityId, name: choices.opportunityName, existing: false } : null,
  };
}
