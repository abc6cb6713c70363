/**
 * A few mutually exclusive choices shown side by side: real radio buttons in a fieldset (arrow
 * keys move between them, a screen reader hears the legend and "1 of 2"), styled as a segmented
 * control. The analytics toolbars and the Query page's "Run on" share it.
 */
import { useId } from 'react';

export function Segmented<T extends string>({
  legend,
  value,
  options,
  onChange,
  className,
}: {
  legend: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange: (value: T) => void;
  className?: string;
}) {
  const name = useId();
  return (
    <fieldset className={className ? `segmented ${className}` : 'segmented'}>
      <legend className="toolbar-label">{legend}</legend>
      <div className="segmented-options">
        {options.map((o) => (
          <label key={o.value} className={`segmented-option${o.value === value ? ' segmented-on' : ''}`}>
            <input type="radio" name={name} value={o.value} checked={o.value === value} onChange={() => onChange(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
