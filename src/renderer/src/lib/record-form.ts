/**
 * The plumbing of a "new record" form: the typed values, errors shown next to fields (from the
 * shared schema before sending, from Salesforce's `error.fields` after), the banner for errors no
 * field shows, focus on the first field to fix, and the create mutation. Nothing typed is lost
 * on an error. The feature supplies validation (values → input or field errors) and the save.
 */
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useFocusFirstError } from '../components/form-bits';
import { isAppError } from './api';
import { splitServerError, type FieldErrors } from './form-errors';

export type Validation<Input> = { ok: true; input: Input } | { ok: false; errors: FieldErrors };

export interface RecordFormOptions<Name extends string, Input> {
  initialValues: Record<Name, string>;
  /** Every field the form shows, in screen order: where server errors may land and focus goes. */
  fieldOrder: readonly string[];
  /** Lower case, for the fallback banner: "The account could not be saved." */
  noun: string;
  validate: (values: Record<Name, string>) => Validation<Input>;
  save: (input: Input) => Promise<{ id: string }>;
  onSaved: (id: string) => Promise<void> | void;
}

/** What a field component needs: wired to the form's value and error for `name`. */
export interface BoundField {
  name: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}

export function useRecordForm<Name extends string, Input>(options: RecordFormOptions<Name, Input>) {
  const [values, setValues] = useState(options.initialValues);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useFocusFirstError(errors, options.fieldOrder, attempt);

  const create = useMutation({
    mutationFn: options.save,
    onSuccess: ({ id }) => options.onSaved(id),
    onError: (error) => {
      setAttempt((a) => a + 1);
      if (isAppError(error)) {
        const split = splitServerError(error, options.fieldOrder);
        setErrors(split.fieldErrors);
        setBanner(split.bannerMessage ?? 'Fix the highlighted field and save again. Everything you typed is still here.');
      } else {
        setErrors({});
        setBanner(`The ${options.noun} could not be saved. Please try again.`);
      }
    },
  });

  /** Clears a field's error as soon as it is edited (fields outside `values`, like a picker, too). */
  const clearError = (name: string) => {
    if (errors[name]) setErrors((e) => ({ ...e, [name]: undefined }));
  };

  const set = (name: Name) => (value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    clearError(name);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    setBanner(null);
    const result = options.validate(values);
    if (!result.ok) {
      setErrors(result.errors);
      setAttempt((a) => a + 1);
      return;
    }
    setErrors({});
    create.mutate(result.input);
  };

  const field = (name: Name): BoundField => ({ name, value: values[name], error: errors[name], onChange: set(name) });

  return { values, errors, banner, saving: create.isPending, onSubmit, field, clearError };
}
