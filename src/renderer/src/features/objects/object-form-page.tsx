/**
 * Create and edit forms for the six objects, driven by `describe:form`: the org's labels, types,
 * picklist values, required fields and lengths. Values are checked with the shared validator
 * before anything is sent; writes go through the outbox, so a save is "saved" (Salesforce has it)
 * or "queued" (offline: it is sent when the org answers). Salesforce's refusal lands on the field
 * it names, with everything typed kept; saving again retries that same queued change.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { OutboxStatus, WriteOutcome } from '../../../../shared/ipc';
import type { FormField, FormMeta, RecordDetail } from '../../../../shared/ipc/records.contract';
import { validateRecordValues } from '../../../../shared/forms/record-validation';
import { navigate } from '../../app/navigation';
import { ErrorState, PageLoading } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import type { PickedRecord } from '../../components/record-lookup';
import { RecordFormPage } from '../../components/record-form-page';
import { useToast } from '../../components/toast';
import { AppError, api, call } from '../../lib/api';
import { cacheKeys, describeForm, getRecord } from '../../lib/cache-records';
import { OBJECTS, type ObjectName } from '../../lib/objects';
import { queryKeys } from '../../lib/query-keys';
import { useRecordForm } from '../../lib/record-form';
import { DescribedField } from './described-field';

/** Where a saved record is shown: Contacts and Accounts keep their own detail screens. */
export function detailRoute(object: ObjectName, id: string) {
  if (object === 'Contact' && !id.startsWith('local-')) return { name: 'contact', id } as const;
  if (object === 'Account' && !id.startsWith('local-')) return { name: 'account', id } as const;
  if (object === 'Contact' || object === 'Account') return { name: 'object-edit', object, id } as const;
  return { name: 'object-record', object, id } as const;
}

function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

export function ObjectFormPage({ object, id, prefill }: { object: ObjectName; id?: string; prefill?: Record<string, string> }) {
  const info = OBJECTS[object];
  const meta = useQuery({ queryKey: cacheKeys.form(object), queryFn: () => describeForm(object), staleTime: 10 * 60_000 });
  const record = useQuery({ queryKey: cacheKeys.record(object, id ?? ''), queryFn: () => getRecord(object, id ?? ''), enabled: Boolean(id) });
  const breadcrumb = { label: info.label.many, href: `#/${info.path}` };
  const title = id ? `Edit ${info.label.one.toLowerCase()}` : `New ${info.label.one.toLowerCase()}`;

  const failed = meta.isError ? meta : record.isError ? record : null;
  if (failed) {
    return (
      <div className="page page-narrow">
        <PageHeader title={title} breadcrumb={breadcrumb} />
        <ErrorState error={failed.error} onRetry={() => void failed.refetch()} />
      </div>
    );
  }
  if (!meta.data || (id && !record.data)) {
    return (
      <div className="page page-narrow">
        <PageHeader title={title} breadcrumb={breadcrumb} />
        <PageLoading label="Loading the form…" />
      </div>
    );
  }
  return <LoadedForm key={`${object}-${id ?? 'new'}`} object={object} meta={meta.data} detail={record.data} prefill={prefill} />;
}

function LoadedForm({ object, meta, detail, prefill }: { object: ObjectName; meta: FormMeta; detail?: RecordDetail; prefill?: Record<string, string> }) {
  const info = OBJECTS[object];
  const queryClient = useQueryClient();
  const toast = useToast();
  const mode = detail ? 'update' : 'create';
  const fields = meta.fields.filter((f) => (mode === 'create' ? f.createable : f.updateable));
  const fieldOrder = fields.map((f) => f.name);

  const initial: Record<string, string> = {};
  for (const field of fields) {
    const current = detail ? detail.record[field.name] : field.type === 'boolean' ? false : (prefill?.[field.name] ?? defaultPicklist(field));
    initial[field.name] = field.type === 'boolean' ? (current === true || current === 'true' ? 'true' : 'false') : toText(current);
  }
  // Lookups show the related record's name, not its Id.
  const [lookups, setLookups] = useState<Record<string, PickedRecord | null>>(() => {
    const out: Record<string, PickedRecord | null> = {};
    for (const field of fields) {
      if (field.type !== 'reference' || !initial[field.name]) continue;
      const relation = field.name.replace(/Id$/, '');
      const name = detail?.record[`${relation}.Name`];
      out[field.name] = { id: initial[field.name], title: typeof name === 'string' ? name : initial[field.name] };
    }
    return out;
  });
  /** The outbox change Salesforce refused on the last save: saving again retries it with the corrected values. */
  const refused = useRef<{ outboxId: number; recordId: string } | null>(null);
  const outcome = useRef<WriteOutcome['state']>('saved');

  const refusal = (error: { message: string; fields?: string[] }) => new AppError('VALIDATION', error.message, error.fields);

  const form = useRecordForm<string, Record<string, string | number | boolean | null>>({
    initialValues: initial,
    fieldOrder,
    noun: info.label.one.toLowerCase(),
    validate: (values) => {
      // An edit sends only what changed, so a concurrent edit of other fields is no conflict.
      const changed = mode === 'update' ? Object.fromEntries(Object.entries(values).filter(([k, v]) => v !== initial[k])) : withoutBlanks(values, fields);
      const result = validateRecordValues(meta, changed, mode);
      if (result.ok) return { ok: true, input: result.values };
      const errors: Record<string, string> = {};
      for (const issue of result.issues) errors[issue.field] ??= issue.message;
      return { ok: false, errors };
    },
    save: async (values) => {
      if (refused.current) {
        const status = await call(api.retryOutbox({ id: refused.current.outboxId, values }));
        return afterRetry(status, refused.current);
      }
      if (mode === 'update' && Object.keys(values).length === 0) return { id: detail!.id };
      const result =
        mode === 'create'
          ? await call(api.createRecord({ object, values }))
          : await call(api.updateRecord({ object, id: detail!.id, values, lastModifiedDate: toText(detail!.record.LastModifiedDate) || undefined }));
      outcome.current = result.state;
      if (result.state === 'needs-attention' && result.outboxId !== undefined) {
        refused.current = { outboxId: result.outboxId, recordId: result.recordId };
        throw refusal(result.error ?? { message: 'Salesforce refused this change.' });
      }
      return { id: result.recordId };
    },
    onSaved: async (recordId) => {
      await queryClient.invalidateQueries({ queryKey: cacheKeys.all });
      await queryClient.invalidateQueries({ queryKey: cacheKeys.outbox });
      if (object === 'Contact') await queryClient.invalidateQueries({ queryKey: queryKeys.contacts.all });
      if (object === 'Account') await queryClient.invalidateQueries({ queryKey: queryKeys.accounts.all });
      const noun = info.label.one;
      if (outcome.current === 'queued') toast(`${noun} saved on this computer — it will be sent to Salesforce when the org answers`, 'info');
      else if (outcome.current === 'conflict') {
        toast(`${noun} was changed in Salesforce too: choose which values to keep`, 'error');
        navigate({ name: 'changes' });
        return;
      } else toast(`${noun} saved to Salesforce`);
      navigate(detailRoute(object, recordId));
    },
  });

  function afterRetry(status: OutboxStatus, item: { outboxId: number; recordId: string }) {
    const stillRefused = status.needsAttention.find((i) => i.id === item.outboxId);
    if (stillRefused) throw refusal(stillRefused.error ?? { message: 'Salesforce refused this change again.' });
    const conflict = status.conflicts.some((i) => i.id === item.outboxId);
    outcome.current = conflict ? 'conflict' : status.pending.some((i) => i.id === item.outboxId) ? 'queued' : 'saved';
    refused.current = null;
    const created = status.pending.find((i) => i.id === item.outboxId)?.recordId;
    return { id: created ?? item.recordId };
  }

  const name = detail ? toText(detail.record[info.titleField]) || info.label.one : '';
  const cancelHref = detail ? `#/${info.path}/${detail.id}` : `#/${info.path}`;
  return (
    <RecordFormPage
      noun={info.label.one.toLowerCase()}
      title={detail ? `Edit ${name}` : undefined}
      subtitle={
        meta.source === 'cache-offline'
          ? 'Offline: the form uses the org’s last known fields. Saved changes are sent when the org answers.'
          : 'Saved to Salesforce at once when online; kept and sent later when offline.'
      }
      bannerTitle={refused.current ? `Salesforce refused this ${info.label.one.toLowerCase()}` : undefined}
      list={{ label: info.label.many, href: `#/${info.path}` }}
      cancelHref={object === 'Contact' || object === 'Account' ? (detail ? `#/${info.path}/${detail.id}` : `#/${info.path}`) : cancelHref}
      form={form}
    >
      <div className="form-grid">
        {fields.map((field) => (
          <DescribedField
            key={field.name}
            field={field}
            bound={form.field(field.name)}
            lookup={lookups[field.name]}
            onLookup={(picked) => setLookups((l) => ({ ...l, [field.name]: picked }))}
          />
        ))}
      </div>
    </RecordFormPage>
  );
}

function defaultPicklist(field: FormField): string {
  return field.type === 'picklist' ? (field.picklistValues.find((p) => p.default)?.value ?? '') : '';
}

/** A create sends the fields the user filled (booleans always: unchecked is a value). */
function withoutBlanks(values: Record<string, string>, fields: readonly FormField[]): Record<string, string> {
  const booleans = new Set(fields.filter((f) => f.type === 'boolean').map((f) => f.name));
  return Object.fromEntries(Object.entries(values).filter(([k, v]) => booleans.has(k) || v.trim() !== ''));
}
