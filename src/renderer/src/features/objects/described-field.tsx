/**
 * One form field drawn from the org's describe: the control follows Salesforce's field type
 * (text, textarea, email, phone, url, picklist, date, number/currency/percent, checkbox,
 * lookup), with its label, required mark, length limit and help text.
 */
import { SYNC_OBJECTS } from '../../../../shared/ipc';
import type { FormField } from '../../../../shared/ipc/records.contract';
import { Field, TextAreaField, TextField } from '../../components/field';
import { PicklistField } from '../../components/form-bits';
import { RecordLookup, type PickedRecord } from '../../components/record-lookup';
import type { BoundField } from '../../lib/record-form';
import type { ObjectName } from '../../lib/objects';

const NUMERIC = new Set(['currency', 'double', 'percent', 'int']);

function hintOf(field: FormField) {
  if (field.inlineHelpText) return field.inlineHelpText;
  if (field.type === 'currency') return 'Amount in USD';
  if (field.type === 'percent') return 'Percent, 0–100';
  return undefined;
}

export function DescribedField({
  field,
  bound,
  lookup,
  onLookup,
}: {
  field: FormField;
  bound: BoundField;
  /** Reference fields: the picked record's name (the value is its Id). */
  lookup?: PickedRecord | null;
  onLookup?: (picked: PickedRecord | null) => void;
}) {
  const type = field.type;
  // Describe labels lookups "Account ID"; people call the field "Account".
  const label = type === 'reference' ? field.label.replace(/ ID$/, '') : field.label;
  const common = { ...bound, label, required: field.required, hint: hintOf(field) };

  if (type === 'textarea') return <TextAreaField {...common} wide rows={3} />;
  if (type === 'boolean') {
    return (
      <Field label={field.label} name={field.name} error={bound.error} hint={hintOf(field)}>
        {(props) => (
          <input
            {...props}
            type="checkbox"
            className="checkbox"
            checked={bound.value === 'true'}
            onChange={(e) => bound.onChange(e.target.checked ? 'true' : 'false')}
          />
        )}
      </Field>
    );
  }
  if (type === 'picklist') {
    const options = field.picklistValues.map((p) => ({ value: p.value, label: p.label }));
    // A value the org no longer offers stays visible (and is flagged by validation), never silently blanked.
    if (bound.value && !options.some((o) => o.value === bound.value)) options.push({ value: bound.value, label: `${bound.value} (not a current value)` });
    return (
      <PicklistField
        label={field.label}
        name={field.name}
        error={bound.error}
        required={field.required}
        value={bound.value}
        onChange={bound.onChange}
        options={options}
      />
    );
  }
  if (type === 'reference') {
    const targets = field.referenceTo.filter((o): o is ObjectName => (SYNC_OBJECTS as readonly string[]).includes(o));
    if (targets.length > 0 && onLookup) {
      const noun = targets.map((t) => (t === 'Opportunity' ? 'opportunities' : `${t.toLowerCase()}s`)).join(' or ');
      return (
        <Field label={label} name={field.name} error={bound.error} required={field.required} hint={hintOf(field)}>
          {(props) => (
            <RecordLookup
              id={props.id}
              objects={targets}
              noun={noun}
              value={lookup ?? (bound.value ? { id: bound.value, title: bound.value } : null)}
              invalid={props['aria-invalid']}
              describedBy={props['aria-describedby']}
              required={props.required}
              onChange={(picked) => {
                onLookup(picked);
                bound.onChange(picked?.id ?? '');
              }}
            />
          )}
        </Field>
      );
    }
  }
  if (type === 'date') return <TextField {...common} type="date" />;
  if (NUMERIC.has(type)) return <TextField {...common} inputMode={type === 'int' ? 'numeric' : 'decimal'} />;
  if (type === 'email') return <TextField {...common} type="email" />;
  if (type === 'phone') return <TextField {...common} type="tel" inputMode="tel" />;
  if (type === 'url') return <TextField {...common} type="url" inputMode="url" />;
  return <TextField {...common} />;
}
