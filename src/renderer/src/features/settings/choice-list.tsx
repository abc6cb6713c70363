/** A fieldset of radio buttons, each with a sentence under it: a choice explained in a salesperson's words. */
import { useEffect, useId, useState } from 'react';

interface ChoiceListProps<T extends string> {
  legend: string;
  /** The radio group's name (tests and forms find it by it). */
  name: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string; hint?: string }>;
  onChange: (value: T) => void;
  disabled?: boolean;
  /** A sentence under the choices (what changing it does). */
  note?: string;
}

export function ChoiceList<T extends string>({ legend, name, value, options, onChange, disabled, note }: ChoiceListProps<T>) {
  const id = useId();
  // The click shows at once (a controlled radio would spring back until the saved value returns); the saved value then wins.
  const [shown, setShown] = useState(value);
  useEffect(() => setShown(value), [value]);
  return (
    <fieldset className="choice-list" aria-describedby={note ? `${id}-note` : undefined}>
      <legend className="field-label">{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className={`settings-choice${option.value === shown ? ' settings-choice-on' : ''}`}>
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={option.value === shown}
            disabled={disabled}
            aria-describedby={option.hint ? `${id}-${option.value}` : undefined}
            onChange={() => {
              setShown(option.value);
              onChange(option.value);
            }}
          />
          <span className="settings-choice-text">
            <span className="settings-choice-label">{option.label}</span>
            {option.hint && (
              <span id={`${id}-${option.value}`} className="settings-choice-hint">
                {option.hint}
              </span>
            )}
          </span>
        </label>
      ))}
      {note && (
        <p id={`${id}-note`} className="field-hint">
          {note}
        </p>
      )}
    </fieldset>
  );
}
