import type { ReactNode } from 'react';
import { useDocumentTitle } from '../lib/hooks';

interface PageHeaderProps {
  title: string;
  subtitle?: ReactNode;
  breadcrumb?: { label: string; href: string };
  actions?: ReactNode;
  leading?: ReactNode;
}

export function PageHeader({ title, subtitle, breadcrumb, actions, leading }: PageHeaderProps) {
  useDocumentTitle(title);
  return (
    <header className="page-header">
      {breadcrumb && (
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <a href={breadcrumb.href}>{breadcrumb.label}</a>
          <span aria-hidden="true"> / </span>
        </nav>
      )}
      <div className="page-header-row">
        {leading}
        <div className="page-header-text">
          <h1 tabIndex={-1}>{title}</h1>
          {subtitle && <div className="page-subtitle">{subtitle}</div>}
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
    </header>
  );
}
