/**
 * The page around a "new record" form: header with the breadcrumb back to the list, the error
 * banner, the form's sections (children) and the Cancel / Save actions.
 */
import type { FormEvent, ReactNode } from 'react';
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
}: RecordFormPageProps) {
  return (
    <div className="page page-narrow">
      <PageHeader title={title} breadcrumb={list} subtitle={subtitle} />
      <form className="card form-card" onSubmit={form.onSubmit} noValidate aria-label={title}>
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
