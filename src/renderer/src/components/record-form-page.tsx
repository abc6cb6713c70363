/**
 * The page around a "new record" form: header with the breadcrumb back to the list, the error
 * banner, the form's sections (children) and the Cancel / Save actions. Escape cancels, as the
 * Cancel link does; with unsaved edits (`dirty`) it first asks whether to discard them.
 */
import { useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { ConfirmDialog } from './dialog';
import { FormBanner } from './form-bits';
import { PageHeader } from './page-header';

interface RecordFormPageProps {
  /** Lower case, e.g. "account": titles read "New account", "Save account". */
  noun: string;
  list: { label: string; href: string };
  cancelHref: string;
  form: { banner: string | null; saving: boolean; onSubmit: (event: FormEvent) => void };
  children: ReactNode;
  /** Edit forms: "Edit Acme" rather than "New account". */
  title?: string;
  subtitle?: ReactNode;
  bannerTitle?: string;
  /** The user changed something: Escape asks before throwing it away. */
  dirty?: boolean;
}

export function RecordFormPage({
  noun,
  list,
  cancelHref,
  form,
  children,
  title = `New ${noun}`,
  subtitle = 'Saved straight to Salesforce.',
  bannerTitle,
  dirty = false,
}: RecordFormPageProps) {
  const [asking, setAsking] = useState(false);
  const leave = () => window.location.assign(cancelHref);
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    // A picker or lookup that handled Escape itself (closing its list) keeps the form open.
    if (event.key !== 'Escape' || event.defaultPrevented || form.saving) return;
    event.preventDefault();
    if (dirty) setAsking(true);
    else leave();
  };
  return (
    <div className="page page-narrow">
      <PageHeader title={title} breadcrumb={list} subtitle={subtitle} />
      <ConfirmDialog open={asking} title="Discard your changes?" confirmLabel="Discard changes" onConfirm={leave} onCancel={() => setAsking(false)}>
        What you typed in this form has not been saved. Discard it and leave the form?
      </ConfirmDialog>
      <form className="card form-card" onSubmit={form.onSubmit} onKeyDown={onKeyDown} noValidate aria-label={title}>
        {form.banner && <FormBanner title={bannerTitle ?? `Salesforce couldn’t save this ${noun}`} message={form.banner} />}
        {children}
        <div className="form-actions">
          <a className="button" href={cancelHref}>
            Cancel
          </a>
          <button type="submit" className="button button-primary" disabled={form.saving}>
            {form.saving ? 'Saving…' : `Save ${noun}`}
          </button>
        </div>
      </form>
    </div>
  );
}
