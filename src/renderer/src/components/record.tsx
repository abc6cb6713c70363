/** Building blocks of record detail pages: a labelled facts list and its sections. */
import type { ReactNode } from 'react';
import { emailBreakParts } from '../lib/email-breaks';

/** `inline`: its facts side by side in one row (the System facts under a record's details). */
export function FactSection({ title, children, inline }: { title: string; children: ReactNode; inline?: boolean }) {
  return (
    <section className="card fact-section" aria-label={title}>
      <h2 className="section-title">{title}</h2>
      <dl className={`facts${inline ? ' facts-inline' : ''}`}>{children}</dl>
    </section>
  );
}

export function Fact({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  const empty = children === null || children === undefined || children === '';
  return (
    <div className={`fact${wide ? ' fact-wide' : ''}`}>
      <dt>{label}</dt>
      <dd>{empty ? <span className="muted">—</span> : children}</dd>
    </div>
  );
}

/** An email address as a mailto: link that wraps only at @ and dots; the full address in its title. */
export function EmailLink({ email }: { email: string }) {
  const parts = emailBreakParts(email);
  return (
    <a className="email-value" href={`mailto:${email}`} title={email}>
      {parts.map((part, i) => (
        <span key={i}>
          {i > 0 && <wbr />}
          {part}
        </span>
      ))}
    </a>
  );
}
