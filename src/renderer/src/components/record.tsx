/** Building blocks of record detail pages: a labelled facts list and its sections. */
import type { ReactNode } from 'react';

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
