/**
 * The quick actions' dialog: Log a call, New task, New event. Linked to the record it was opened
 * from (a contact or lead as "Name", anything else as "Related to"); an opportunity's may name a
 * contact too. Saved through the outbox, so it works offline (then it says it will be sent later).
 * Escape cancels.
 */
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { WriteOutcome } from '../../../../shared/ipc';
import { Dialog } from '../../components/dialog';
import { Field, TextAreaField, TextField } from '../../components/field';
import { FormBanner } from '../../components/form-bits';
import { RecordLookup, type PickedRecord } from '../../components/record-lookup';
import { useToast } from '../../components/toast';
import { cacheKeys, describeForm } from '../../lib/cache-records';
import { OBJECTS, type ObjectName } from '../../lib/objects';
import type { ActivityFormValues, QuickKind } from './activity-input';
import { useActivityForm } from './use-activity-form';

export interface ActivityTarget {
  object: ObjectName;
  id: string;
  name: string;
}

const TITLES: Record<QuickKind, string> = { call: 'Log a call', task: 'New task', event: 'New event' };
const NOUNS: Record<QuickKind, string> = { call: 'Call logged', task: 'Task created', event: 'Event created' };

/** What the user is told once it is saved: at once, or on this computer until the org answers. */
export function savedMessage(kind: QuickKind, outcome: WriteOutcome): { text: string; tone: 'success' | 'info' } {
  if (outcome.state === 'queued') return { text: `${NOUNS[kind]} on this computer — it will be sent to Salesforce when the org answers`, tone: 'info' };
  return { text: `${NOUNS[kind]} in Salesforce`, tone: 'success' };
}

export function ActivityDialog({
  kind,
  target,
  onClose,
  returnFocus,
}: {
  kind: QuickKind | null;
  target?: ActivityTarget;
  onClose: () => void;
  returnFocus?: () => HTMLElement | null;
}) {
  return (
    <Dialog open={kind !== null} title={kind ? TITLES[kind] : ''} onClose={onClose} testId="activity-dialog" size="wide" returnFocus={returnFocus}>
      {kind && <ActivityForm key={kind} kind={kind} target={target} onClose={onClose} />}
    </Dialog>
  );
}

function ActivityForm({ kind, target, onClose }: { kind: QuickKind; target?: ActivityTarget; onClose: () => void }) {
  const toast = useToast();
  const formId = useId();
  const [contact, setContact] = useState<PickedRecord | null>(null);
  const form = useActivityForm(kind, { record: target, contactId: contact?.id }, (outcome) => {
    const message = savedMessage(kind, outcome);
    toast(message.text, message.tone);
    onClose();
  });
  const { values, errors, set } = form;
  const text = (name: 'location') => ({ name, value: values[name], error: errors[name], onChange: set(name) });
  return (
    <form id={formId} className="activity-form" onSubmit={form.onSubmit} noValidate aria-describedby={target ? `${formId}-target` : undefined}>
      {form.banner && <FormBanner title="Not saved" message={form.banner} />}
      {target && <TargetLine id={`${formId}-target`} target={target} />}
      <SubjectField kind={kind} value={values.subject} error={errors.subject} onChange={set('subject')} />
      {kind === 'call' && <DateField label="Date" name="date" value={values.date} error={errors.date} onChange={set('date')} />}
      {kind === 'task' && <TaskFields values={values} errors={errors} set={set} />}
      {kind === 'event' && <EventFields values={values} errors={errors} set={set} />}
      {kind === 'event' && <TextField label="Location" {...text('location')} />}
      {target?.object === 'Opportunity' && (
        <Field label="Contact (optional)" name="whoId" error={errors.whoId} hint="Who the call, task or event was with.">
          {(props) => (
            <RecordLookup
              id={props.id}
              objects={['Contact']}
              noun="contacts"
              value={contact}
              onChange={(picked) => {
                setContact(picked);
                form.clearError('whoId');
              }}
              invalid={props['aria-invalid']}
              describedBy={props['aria-describedby']}
            />
          )}
        </Field>
      )}
      <TextAreaField label="Comments" name="comments" value={values.comments} error={errors.comments} onChange={set('comments')} rows={3} />
      <div className="dialog-footer dialog-footer-inline">
        <button type="button" className="button" onClick={onClose} disabled={form.saving}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={form.saving}>
          {form.saving ? 'Saving…' : kind === 'call' ? 'Log call' : 'Save'}
        </button>
      </div>
    </form>
  );
}

/**
 * Subject is a combobox in Salesforce: the org's suggestions (Call, Send Letter, Send Quote…) as a
 * list to pick from, and any text.
 */
function SubjectField({ kind, value, error, onChange }: { kind: QuickKind; value: string; error?: string; onChange: (v: string) => void }) {
  const object = kind === 'event' ? 'Event' : 'Task';
  const meta = useQuery({ queryKey: cacheKeys.form(object), queryFn: () => describeForm(object), staleTime: 10 * 60_000, retry: false });
  const suggestions = meta.data?.fields.find((f) => f.name === 'Subject')?.picklistValues ?? [];
  const listId = useId();
  return (
    <Field label="Subject" name="subject" error={error} required>
      {(props) => (
        <>
          <input
            {...props}
            className="input"
            value={value}
            autoComplete="off"
            list={suggestions.length ? listId : undefined}
            onChange={(e) => onChange(e.target.value)}
          />
          {suggestions.length > 0 && (
            <datalist id={listId}>
              {suggestions.map((s) => (
                <option key={s.value} value={s.value} />
              ))}
            </datalist>
          )}
        </>
      )}
    </Field>
  );
}

function TargetLine({ id, target }: { id: string; target: ActivityTarget }) {
  const person = target.object === 'Contact' || target.object === 'Lead';
  return (
    <p id={id} className="activity-target muted">
      {person ? 'With' : 'Related to'} <strong>{target.name}</strong> ({OBJECTS[target.object].label.one.toLowerCase()})
    </p>
  );
}

type Setter = <K extends keyof ActivityFormValues>(name: K) => (value: ActivityFormValues[K]) => void;

function DateField({
  label,
  name,
  value,
  error,
  onChange,
  type = 'date',
}: {
  label: string;
  name: string;
  value: string;
  error?: string;
  onChange: (v: string) => void;
  type?: 'date' | 'datetime-local';
}) {
  return (
    <Field label={label} name={name} error={error}>
      {(props) => <input {...props} className="input" type={type} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

function TaskFields({ values, errors, set }: { values: ActivityFormValues; errors: Partial<Record<string, string>>; set: Setter }) {
  return (
    <div className="form-grid">
      <DateField label="Due date" name="dueDate" value={values.dueDate} error={errors.dueDate} onChange={set('dueDate')} />
      <Field label="Priority" name="priority" error={errors.priority}>
        {(props) => (
          <select {...props} className="select" value={values.priority} onChange={(e) => set('priority')(e.target.value as ActivityFormValues['priority'])}>
            <option value="High">High</option>
            <option value="Normal">Normal</option>
            <option value="Low">Low</option>
          </select>
        )}
      </Field>
    </div>
  );
}

function EventFields({ values, errors, set }: { values: ActivityFormValues; errors: Partial<Record<string, string>>; set: Setter }) {
  const type = values.allDay ? 'date' : 'datetime-local';
  return (
    <>
      <label className="checkbox-row" data-field="allDay">
        <input type="checkbox" className="checkbox" checked={values.allDay} onChange={(e) => set('allDay')(e.target.checked)} />
        All-day event
      </label>
      <div className="form-grid">
        <DateField label={values.allDay ? 'First day' : 'Start'} name="start" type={type} value={values.start} error={errors.start} onChange={set('start')} />
        <DateField label={values.allDay ? 'Last day' : 'End'} name="end" type={type} value={values.end} error={errors.end} onChange={set('end')} />
      </div>
    </>
  );
}
