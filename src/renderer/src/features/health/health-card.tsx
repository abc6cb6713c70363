import { useId, type ReactNode } from 'react';

/** One section of the Health page: a card with an h2 that names it for assistive technology. */
export function HealthCard({
  title,
  children,
  wide,
  actions,
  testId,
}: {
  title: string;
  children: ReactNode;
  wide?: boolean;
  actions?: ReactNode;
  testId?: string;
}) {
  const id = useId();
  return (
    <section className={`card health-card${wide ? ' health-card-wide' : ''}`} aria-labelledby={id} data-testid={testId}>
      <div className="health-card-head">
        <h2 id={id} className="section-title">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** A definition list of facts (label → value). */
export function Facts({ items }: { items: Array<[string, ReactNode]> }) {
  return (
    <dl className="facts health-facts">
      {items.map(([label, value]) => (
        <div key={label} className="fact">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
