/** Building blocks of record detail pages: a labelled facts list and its sections. */
import type { ReactNode } from 'react';
import { formatDate, formatDateTime } from '../lib/format';

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

export function Avatar({ text, tone = 'contact' }: { text: string; tone?: 'contact' | 'account' }) {
  return (
    <div className={`avatar avatar-${tone}`} aria-hidden="true">
      {text}
    </div>
  );
}

/** Joins address parts into lines, skipping the blanks. */
export function Address({ street, city, state, postalCode, country }: Record<'street' | 'city' | 'state' | 'postalCode' | 'country', string | null>) {
  const cityLine = [city, [state, postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const lines = [street, cityLine, country].filter((line): line is string => Boolean(line));
  if (lines.length === 0) return <span className="muted">—</span>;
  return (
    <address className="address">
      {lines.map((line) => (
        <span key={line}>{line}</span>
      ))}
    </address>
  );
}

/** The audit facts every record has: when it was created, changed and last worked on, and its Id. */
export function HistoryFacts({ record }: { record: { Id: string; CreatedDate: string; LastModifiedDate: string; LastActivityDate: string | null } }) {
  return (
    <>
      <Fact label="Created">{formatDateTime(record.CreatedDate)}</Fact>
      <Fact label="Last modified">{formatDateTime(record.LastModifiedDate)}</Fact>
      <Fact label="Last activity">{record.LastActivityDate && formatDate(record.LastActivityDate)}</Fact>
      <Fact label="Record Id">
        <span className="mono">{record.Id}</span>
      </Fact>
    </>
  );
}
