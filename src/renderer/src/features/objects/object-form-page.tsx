/**
 * Create and edit forms for the cached objects, driven by `describe:form`: the org's labels, types,
 * picklist values, required fields and lengths. Values are checked with the shared validator
 * before anything is sent; writes go through the outbox, so a save is "saved" (Salesforce has it)
 * or "queued" (offline: it is sent when the org answers). Salesforce's refusal lands on the field
 * it names, with everything typed kept; saving again sends the corrected change (an edit retries
 * the queued one, a create replaces it).
 */
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
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
import { useRecordForm, type BoundField } from '../../lib/record-form';
import { useStages } from '../cockpit/use-cockpit';
import { DescribedField } from './described-field';
import { probabilityAfterStageChange } from './stage-steps';

function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

export function ObjectFormPage({ object, id, prefill }: { object: ObjectName; id?: string; prefill?: Record<string, string> }) {
  const info = OBJECTS[object];
  const meta = useQuery({ queryKey: cacheKeys.form(object), queryFn: () => describeForm(object), staleTime: 10 * 60_000 });
  const record = useQuery({ queryKey: cacheKeys.record(object, id ?? ''), queryFn: () => getRecord(object, id ?? ''), enabled: Boolean(id) });
  const prefillNames = usePrefillNames(prefill);
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
  if (!meta.data || (id && !record.data) || prefillNames.loading) {
    return (
      <div className="page page-narrow">
        <PageHeader title={title} breadcrumb={breadcrumb} />
        <PageLoading label="Loading the form…" />
      </div>
    );
  }
  return (
    <LoadedForm key={`${object}-${id ?? 'new'}`} object={object} meta={meta.data} detail={record.data} prefill={prefill} prefillNames={prefillNames.names} />
  );
}

/**
 * The names of the records a "new" link pre-selects (a new contact of an account shows the
 * account's name, not its Id), read from the cache. A record the cache lacks keeps its Id.
 */
function usePrefillNames(prefill: Record<string, string> | undefined): { loading: boolean; names: Record<string, string> } {
  // The prefill keys name their object (AccountId → Account), which also covers offline-created parents.
  const refs = Object.entries(prefill ?? {}).flatMap(([field, id]) => {
    const object = Object.keys(OBJECTS).find((name) => `${name}Id` === field) as ObjectName | undefined;
    return object ? [{ field, id, object }] : [];
  });
  const results = useQueries({
    queries: refs.map((ref) => ({ queryKey: cacheKeys.record(ref.object, ref.id), queryFn: () => getRecord(ref.object, ref.id), retry: false })),
  });
  const names: Record<string, string> = {};
  refs.forEach((ref, i) => {
    const detail = results[i].data;
    const title = detail?.record[OBJECTS[ref.object].titleField];
    if (typeof title === 'string' && title) names[ref.field] = title;
  });
  return { loading: results.some((r) => r.isPending), names };
}

function LoadedForm({
  object,
  meta,
  detail,
  prefill,
  prefillNames,
}: {
  object: ObjectName;
  meta: FormMeta;
  detail?: RecordDetail;
  prefill?: Record<string, string>;
  prefillNames: Record<string, string>;
}) {
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
      const name = detail ? detail.record[`${relation}.Name`] : prefillNames[field.name];
      out[field.name] = { id: initial[field.name], title: typeof name === 'string' && name ? name : initial[field.name] };
    }
    return out;
  });
  /** The outbox change Salesforce refused on the last save: saving again sends it with the corrected values. */
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
      if (refused.current && mode === 'update') {
        const status = await call(api.retryOutbox({ id: refused.current.outboxId, values }));
        return afterRetry(status, refused.current);
      }
      if (refused.current) {
        // Nothing of a refused create reached Salesforce: it is dropped and created again with the
        // corrected values, whose answer carries the new record's Id (a retry knows only the temporary one).
        await call(api.discardOutboxItem({ id: refused.current.outboxId }));
        refused.current = null;
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
      const noun = info.label.one;
      if (outcome.current === 'queued') toast(`${noun} saved on this computer — it will be sent to Salesforce when the org answers`, 'info');
      else if (outcome.current === 'conflict') {
        toast(`${noun} was changed in Salesforce too: choose which values to keep`, 'error');
        navigate({ name: 'changes' });
        return;
      } else toast(`${noun} saved to Salesforce`);
      navigate({ name: 'object-record', object, id: recordId });
    },
  });

  function afterRetry(status: OutboxStatus, item: { outboxId: number; recordId: string }) {
    const stillRefused = status.needsAttention.find((i) => i.id === item.outboxId);
    if (stillRefused) throw refusal(stillRefused.error ?? { message: 'Salesforce refused this change again.' });
    const conflict = status.conflicts.some((i) => i.id === item.outboxId);
    outcome.current = conflict ? 'conflict' : status.pending.some((i) => i.id === item.outboxId) ? 'queued' : 'saved';
    refused.current = null;
    return { id: item.recordId };
  }

  const bind = useProbabilityFollowsStage(object, form, fieldOrder, mode);
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
      cancelHref={cancelHref}
      form={form}
      dirty={fieldOrder.some((name) => (form.values[name] ?? '') !== (initial[name] ?? ''))}
    >
      <div className="form-grid">
        {fields.map((field) => (
          <DescribedField
            key={field.name}
            field={field}
            bound={bind(field.name)}
            lookup={lookups[field.name]}
            onLookup={(picked) => setLookups((l) => ({ ...l, [field.name]: picked }))}
          />
        ))}
      </div>
    </RecordFormPage>
  );
}

/**
 * An opportunity's Probability follows its Stage as in Salesforce's own form: picking a stage sets
 * the stage's default probability, until the user types a probability of their own. A new
 * opportunity starts with its preselected stage's default.
 */
function useProbabilityFollowsStage(
  object: ObjectName,
  form: { values: Record<string, string>; field: (name: string) => BoundField },
  fieldOrder: string[],
  mode: 'create' | 'update',
): (name: string) => BoundField {
  const applies = object === 'Opportunity' && fieldOrder.includes('StageName') && fieldOrder.includes('Probability');
  const { stages } = useStages(applies);
  const touched = useRef(false);
  const stage = form.values.StageName;
  const probability = form.values.Probability;
  const setProbability = form.field('Probability').onChange;
  useEffect(() => {
    if (!applies || mode !== 'create' || probability !== '' || !stage) return;
    const proposed = probabilityAfterStageChange(stage, stages, touched.current);
    if (proposed !== undefined) setProbability(proposed);
  }, [applies, mode, stage, probability, stages, setProbability]);
  return (name) => {
    const bound = form.field(name);
    if (!applies) return bound;
    if (name === 'Probability') {
      return {
        ...bound,
        onChange: (value) => {
          touched.current = true;
          bound.onChange(value);
        },
      };
    }
    if (name === 'StageName') {
      return {
        ...bound,
        onChange: (value) => {
          bound.onChange(value);
          const proposed = probabilityAfterStageChange(value, stages, touched.current);
          if (proposed !== undefined) form.field('Probability').onChange(proposed);
        },
      };
    }
    return bound;
  };
}

function defaultPicklist(field: FormField): string {
  return field.type === 'picklist' ? (field.picklistValues.find((p) => p.default)?.value ?? '') : '';
}

/** A create sends the fields the user filled (booleans always: unchecked is a value). */
function withoutBlanks(values: Record<string, string>, fields: readonly FormField[]): Record<string, string> {
  const booleans = new Set(fields.filter((f) => f.type === 'boolean').map((f) => f.name));
  return Object.fromEntries(Object.entries(values).filter(([k, v]) => booleans.has(k) || v.trim() !== ''));
}
