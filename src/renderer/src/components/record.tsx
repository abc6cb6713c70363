/** Building blocks of record detail pages: a labelled facts list and its sections. */
import type { ReactNode } from 'react';

export function FactSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card fact-section" aria-label={title}>
      <h2 className="section-title">{title}</h2>
      <dl className="facts">{children}</dl>
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
