import { useId, type ReactNode } from 'react';

interface FieldProps {
  label: string;
  /** The form field name: also the target of `error.fields` from Salesforce. */
  name: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  wide?: boolean;
  children: (props: FieldControlProps) => ReactNode;
}

/**
 * What a Field hands its control. `required` (the forms set noValidate, so the browser never
 * blocks a submit on its own) and `aria-required` tell assistive technology what the visible
 * asterisk tells the eye.
 */
export interface FieldControlProps {
  id: string;
  name: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
  required?: boolean;
  'aria-required'?: boolean;
}

/** Label, control, hint and error wired together for screen readers. */
export function Field({ label, name, error, hint, required, wide, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}${wide ? ' field-wide' : ''}`} data-field={name}>
      <label htmlFor={id} className="field-label">
        {label}
        {required && (
          <span className="field-required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {children({
        id,
        name,
        'aria-invalid': Boolean(error),
        'aria-describedby': describedBy,
        ...(required ? { required: true, 'aria-required': true } : {}),
      })}
      {hint && !error && (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      )}
      {error && (
        <div id={errorId} className="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

interface BoundFieldProps {
  label: string;
  name: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
  hint?: ReactNode;
  required?: boolean;
  wide?: boolean;
}

/** A one-line text input in a Field; spread a form's `field(name)` into it. */
export function TextField({
  type = 'text',
  inputMode,
  autoComplete = 'off',
  value,
  onChange,
  ...field
}: BoundFieldProps & { type?: string; inputMode?: 'numeric' | 'decimal' | 'url' | 'tel'; autoComplete?: string }) {
  return (
    <Field {...field}>
      {(props) => (
        <input
          {...props}
          className="input"
          type={type}
          inputMode={inputMode}
          autoComplete={autoComplete}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** A multi-line text area in a Field. */
export function TextAreaField({ value, onChange, rows = 4, ...field }: BoundFieldProps & { rows?: number }) {
  return (
    <Field {...field}>{(props) => <textarea {...props} className="textarea" rows={rows} value={value} onChange={(e) => onChange(e.target.value)} />}</Field>
  );
}
