/**
 * The Columns dialog of a list: a checkbox per column (at least one stays), Move up / Move down to
 * order them, "Reset to defaults"; saved for this org (records:list-prefs-update).
 */
import { useState } from 'react';
import type { ListColumn } from '../../../../shared/ipc/records.contract';
import { Dialog } from '../../components/dialog';
import { moveColumn } from './list-layout';

interface ColumnsDialogProps {
  open: boolean;
  listLabel: string;
  /** Every column the list can show. */
  all: readonly ListColumn[];
  /** The ones shown now, in order. */
  shown: readonly ListColumn[];
  onSave: (fields: string[] | null) => void;
  onClose: () => void;
}

export function ColumnsDialog({ open, listLabel, all, shown, onSave, onClose }: ColumnsDialogProps) {
  return (
    <Dialog open={open} title={`Columns of ${listLabel}`} onClose={onClose} testId="columns-dialog">
      {open && <ColumnsForm all={all} shown={shown} onSave={onSave} onClose={onClose} />}
    </Dialog>
  );
}

function ColumnsForm({ all, shown, onSave, onClose }: Omit<ColumnsDialogProps, 'open' | 'listLabel'>) {
  // Shown columns first in their order, then the hidden ones in the object's order.
  const [order, setOrder] = useState(() => [...shown.map((c) => c.field), ...all.filter((c) => !shown.includes(c)).map((c) => c.field)]);
  const [checked, setChecked] = useState(() => new Set(shown.map((c) => c.field)));
  const labelOf = (field: string) => all.find((c) => c.field === field)?.label ?? field;
  const toggle = (field: string) =>
    setChecked((current) => {
      const next = new Set(current);
      if (next.has(field)) next.delete(field);
      else next.add(field);
      return next;
    });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSave(order.filter((field) => checked.has(field)));
      }}
    >
      <p className="muted">Choose the columns this list shows and their order. Kept for this org on this computer.</p>
      <ol className="columns-list">
        {order.map((field, index) => (
          <li key={field} className="columns-item">
            <label className="columns-check">
              <input type="checkbox" checked={checked.has(field)} onChange={() => toggle(field)} disabled={checked.has(field) && checked.size === 1} />
              {labelOf(field)}
            </label>
            <span className="columns-move">
              <button
                type="button"
                className="button button-small"
                aria-label={`Move ${labelOf(field)} up`}
                disabled={index === 0}
                onClick={() => setOrder(moveColumn(order, field, -1))}
              >
                ↑
              </button>
              <button
                type="button"
                className="button button-small"
                aria-label={`Move ${labelOf(field)} down`}
                disabled={index === order.length - 1}
                onClick={() => setOrder(moveColumn(order, field, 1))}
              >
                ↓
              </button>
            </span>
          </li>
        ))}
      </ol>
      <div className="dialog-footer">
        <button type="button" className="button columns-reset" onClick={() => onSave(null)}>
          Reset to defaults
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button-primary">
          Save columns
        </button>
      </div>
    </form>
  );
}
