import { useEffect } from 'react';
import type { FieldErrors } from '../lib/form-errors';
import { Field, type FieldControlProps } from './field';
import { AlertIcon } from './icons';

/** After a failed submit, put the cursor in the first field that needs fixing. */
export function useFocusFirstError(errors: FieldErrors, order: readonly string[], attempt: number): void {
  useEffect(() => {
    if (attempt === 0) return;
    const first = order.find((name) => errors[name]);
    if (!first) return;
    document.querySelector<HTMLElement>(`[data-field="${first}"] :is(input, select, textarea, [tabindex])`)?.focus();
    // Only when a new submit attempt produced errors, not on every keystroke that clears one.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt]);
}

export function FormBanner({ title, message }: { title: string; message: string }) {
  return (
    <div className="callout callout-error" role="alert">
      <AlertIcon size={18} />
      <div>
        <strong>{title}</strong>
        <div>{message}</div>
      </div>
    </div>
  );
}

export interface PicklistOption {
  value: string;
  label: string;
}

/** A picklist as a select when the org told us its values, else free text. */
export function PicklistInput({
  options,
  value,
  onChange,
  fieldProps,
}: {
  options: PicklistOption[] | undefined;
  value: string;
  onChange: (value: string) => void;
  fieldProps: FieldControlProps;
}) {
  if (!options) {
    return <input {...fieldProps} className="input" value={value} onChange={(e) => onChange(e.target.value)} />;
  }
  return (
    <select {...fieldProps} className="select" value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">— None —</option>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

/** A picklist in a Field; spread a form's `field(name)` into it. */
export function PicklistField({
  label,
  name,
  error,
  value,
  onChange,
  options,
  required,
}: {
  label: string;
  name: string;
  error: string | undefined;
  value: string;
  onChange: (value: string) => void;
  options: PicklistOption[] | undefined;
  required?: boolean;
}) {
  return (
    <Field label={label} name={name} error={error} required={required}>
      {(props) => <PicklistInput fieldProps={props} options={options} value={value} onChange={onChange} />}
    </Field>
  );
}
