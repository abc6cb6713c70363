/**
 * Modal dialogs on the native <dialog> element: focus is trapped and Escape closes it,
 * with no extra library.
 */
import { useEffect, useId, useLayoutEffect, useRef, type ReactNode } from 'react';

interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  /** For dialogs that must not be dismissed by Escape while something is in flight. */
  dismissible?: boolean;
  tone?: 'default' | 'danger';
  /** 'drawer': a tall panel at the right edge (drill-down lists) instead of a centred box. */
  variant?: 'box' | 'drawer';
  /** 'wide': a form with two columns of fields (the quick actions, converting a lead). */
  size?: 'default' | 'wide';
  testId?: string;
  /** Where focus goes when it closes (else the browser's choice: what had it before it opened). */
  returnFocus?: () => HTMLElement | null;
}

export function Dialog({
  open,
  title,
  onClose,
  children,
  footer,
  dismissible = true,
  tone = 'default',
  variant = 'box',
  size = 'default',
  testId,
  returnFocus,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const focusTarget = useRef(returnFocus);
  useLayoutEffect(() => {
    focusTarget.current = returnFocus;
  });
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) {
      dialog.close();
      focusTarget.current?.()?.focus();
    }
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${tone}${variant === 'drawer' ? ' dialog-drawer' : ''}${size === 'wide' ? ' dialog-wide' : ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        if (dismissible) onClose();
      }}
    >
      {open && (
        <>
          <h2 id={titleId} className="dialog-title">
            {title}
          </h2>
          <div className="dialog-body">{children}</div>
          {footer && <div className="dialog-footer">{footer}</div>}
        </>
      )}
    </dialog>
  );
}

interface ConfirmProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  /** Holds the confirm button back (e.g. while what it would do is still being checked). */
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ open, title, children, confirmLabel, busy, confirmDisabled, onConfirm, onCancel }: ConfirmProps) {
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onCancel}
      dismissible={!busy}
      tone="danger"
      footer={
        <>
          <button type="button" className="button" onClick={onCancel} disabled={busy} autoFocus>
            Cancel
          </button>
          <button type="button" className="button button-danger" onClick={onConfirm} disabled={busy || confirmDisabled}>
            {busy ? 'Working…' : confirmLabel}
          </button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
