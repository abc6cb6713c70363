/**
 * A list's Columns button with its dialog, and what the list says when its columns go wrong: the
 * stored choice could not be read (so Columns waits), or a change could not be kept (so it was undone).
 */
import { useState } from 'react';
import { errorMessage } from '../../components/feedback';
import { AlertIcon, ColumnsIcon } from '../../components/icons';
import { ColumnsDialog } from './columns-dialog';
import type { ListColumnsState } from './use-list-columns';

/** Unavailable until the stored choice is loaded: the dialog would start from the wrong columns. */
export function ColumnsButton({ listLabel, list }: { listLabel: string; list: ListColumnsState }) {
  const [choosing, setChoosing] = useState(false);
  return (
    <>
      <button type="button" className="button toolbar-columns" onClick={() => setChoosing(true)} disabled={!list.ready}>
        <ColumnsIcon size={16} /> Columns
      </button>
      <ColumnsDialog
        open={choosing}
        listLabel={listLabel}
        all={list.choices}
        shown={list.shown}
        onClose={() => setChoosing(false)}
        onSave={(fields) => {
          setChoosing(false);
          list.choose(fields);
        }}
      />
    </>
  );
}

export function ColumnsProblem({ list }: { list: ListColumnsState }) {
  if (!list.loadError && !list.saveError) return null;
  return (
    <div className="callout callout-error" role="alert" data-testid="columns-problem">
      <AlertIcon size={18} />
      {list.loadError ? (
        <div>
          <strong>Your column choices couldn’t be loaded:</strong> {errorMessage(list.loadError)} Until they are, the list shows its standard columns and
          Columns is unavailable.{' '}
          <button type="button" className="link-button" onClick={list.retryLoad}>
            Try again
          </button>
        </div>
      ) : (
        <div>
          <strong>Your column changes couldn’t be saved:</strong> {errorMessage(list.saveError)}{' '}
          <button type="button" className="link-button" onClick={list.dismissSaveError}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
