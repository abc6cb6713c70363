/**
 * Saving a query: name, folder (an existing one or a new one) and description. Updating the
 * loaded saved query with the editor's text, and editing one from the list (rename, move,
 * describe), use the same dialog; "Save as new" keeps the original.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import type { SavedQuery } from '../../../../shared/ipc';
import { Dialog } from '../../components/dialog';
import { errorMessage } from '../../components/feedback';
import { Field, TextAreaField, TextField } from '../../components/field';
import { useToast } from '../../components/toast';
import { api, call, isAppError } from '../../lib/api';
import { splitServerError } from '../../lib/form-errors';
import { saveModeOf, type SaveTarget } from './save-target';
import { queryConsoleKeys } from './use-query-console';

interface SaveQueryDialogProps {
  target: SaveTarget | null;
  folders: string[];
  onClose(): void;
  onSaved(query: SavedQuery): void;
}

/** The form's values, reset from the query being saved or edited, and saving them. */
function useSaveForm(target: SaveTarget | null, onSaved: (query: SavedQuery) => void) {
  const [name, setName] = useState('');
  const [folder, setFolder] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [busy, setBusy] = useState(false);
  const queryClient = useQueryClient();
  const toast = useToast();

  useEffect(() => {
    if (!target) return;
    setName(target.existing?.name ?? '');
    setFolder(target.existing?.folder ?? '');
    setDescription(target.existing?.description ?? '');
    setErrors({});
  }, [target]);

  const save = async (asNew: boolean) => {
    if (!target) return;
    if (!name.trim()) return setErrors({ name: 'Give it a name' });
    setBusy(true);
    try {
      const id = asNew ? undefined : target.existing?.id;
      const saved = await call(api.saveQuery({ id, name: name.trim(), folder: folder.trim(), description: description.trim(), soql: target.soql }));
      await queryClient.invalidateQueries({ queryKey: queryConsoleKeys.savedAll });
      toast(`Saved “${saved.name}”${saved.folder ? ` in ${saved.folder}` : ''}`);
      onSaved(saved);
    } catch (error) {
      if (isAppError(error)) {
        const { fieldErrors, bannerMessage } = splitServerError(error, ['name', 'folder', 'description']);
        setErrors({ ...fieldErrors, form: bannerMessage ?? undefined });
      } else setErrors({ form: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };
  return { name, setName, folder, setFolder, description, setDescription, errors, busy, save };
}

const TITLES = { new: 'Save query', update: 'Update saved query', edit: 'Edit saved query' } as const;

export function SaveQueryDialog({ target, folders, onClose, onSaved }: SaveQueryDialogProps) {
  const { name, setName, folder, setFolder, description, setDescription, errors, busy, save } = useSaveForm(target, onSaved);
  const listId = useId();
  const mode = target ? saveModeOf(target) : 'new';
  const existing = target?.existing;
  return (
    <Dialog
      open={target !== null}
      title={TITLES[mode]}
      onClose={onClose}
      dismissible={!busy}
      testId="save-query-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          {existing && (
            <button type="button" className="button" onClick={() => void save(true)} disabled={busy}>
              Save as new
            </button>
          )}
          <button type="button" className="button button-primary" onClick={() => void save(false)} disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </>
      }
    >
      <form
        className="form-grid query-save-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save(false);
        }}
      >
        {mode === 'update' && existing && (
          <p className="query-muted field-wide" data-testid="save-query-update">
            Saving replaces the query saved as “{existing.name}” with the one in the editor. Save as new keeps “{existing.name}” as it is.
          </p>
        )}
        <TextField label="Name" name="name" value={name} onChange={setName} error={errors.name} required wide />
        <Field label="Folder" name="folder" error={errors.folder} hint="Pick one or type a new one; leave it empty for none." wide>
          {(props) => <input {...props} className="input" list={listId} autoComplete="off" value={folder} onChange={(e) => setFolder(e.target.value)} />}
        </Field>
        <datalist id={listId}>
          {folders.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
        <TextAreaField label="Description" name="description" value={description} onChange={setDescription} error={errors.description} rows={3} wide />
        {errors.form && (
          <p className="query-check-problem" role="alert">
            {errors.form}
          </p>
        )}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
