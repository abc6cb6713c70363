/**
 * The state of a quick action's form: its values, the errors next to its fields (the contract's
 * messages before sending, Salesforce's after), the banner for the rest, and the save through the
 * outbox. A change Salesforce refused is taken back out of the outbox (nothing of it reached the
 * org), so saving again sends the corrected values once.
 */
import { useState, type FormEvent } from 'react';
import { localDate } from '../../../../shared/analytics/fiscal';
import type { WriteOutcome } from '../../../../shared/ipc';
import type { NewActivity } from '../../../../shared/ipc/activities.contract';
import { useFocusFirstError } from '../../components/form-bits';
import { api, call, isAppError } from '../../lib/api';
import type { FieldErrors } from '../../lib/form-errors';
import {
  checkActivity,
  FORM_ORDER,
  initialValues,
  serverErrors,
  toggleAllDay,
  type ActivityFormValues,
  type ActivityLinks,
  type QuickKind,
} from './activity-input';
import { useCreateActivity } from './use-activities';

export function useActivityForm(kind: QuickKind, links: ActivityLinks, onSaved: (outcome: WriteOutcome, input: NewActivity) => void) {
  const [values, setValues] = useState<ActivityFormValues>(() => initialValues(kind, localDate(), new Date()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const create = useCreateActivity();
  useFocusFirstError(errors, FORM_ORDER[kind], attempt);

  const refuse = (error: { message: string; fields?: string[] }) => {
    const split = serverErrors(kind, error);
    setErrors(split.fieldErrors);
    setBanner(split.bannerMessage ?? 'Fix the highlighted field and save again. Everything you typed is still here.');
    setAttempt((a) => a + 1);
  };

  const save = async (input: NewActivity) => {
    try {
      const outcome = await create.mutateAsync(input);
      if (outcome.state === 'needs-attention') {
        if (outcome.outboxId !== undefined) await call(api.discardOutboxItem({ id: outcome.outboxId })).catch(() => undefined);
        refuse(outcome.error ?? { message: 'Salesforce refused it.' });
        return;
      }
      onSaved(outcome, input);
    } catch (error) {
      if (isAppError(error)) refuse(error);
      else refuse({ message: 'It could not be saved. Please try again.' });
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    setBanner(null);
    const checked = checkActivity(kind, values, links);
    if (!checked.ok) {
      setErrors(checked.errors);
      setAttempt((a) => a + 1);
      return;
    }
    setErrors({});
    void save(checked.input);
  };

  const set =
    <K extends keyof ActivityFormValues>(name: K) =>
    (value: ActivityFormValues[K]) => {
      setValues((v) => (name === 'allDay' ? toggleAllDay(v, value as boolean, new Date()) : { ...v, [name]: value }));
      if (errors[name]) setErrors((e) => ({ ...e, [name]: undefined }));
    };
  const clearError = (name: string) => errors[name] && setErrors((e) => ({ ...e, [name]: undefined }));

  return { values, errors, banner, saving: create.isPending, onSubmit, set, clearError };
}
