/**
 * "Copy link" on a record's page: puts the record's link on the clipboard and says so, visibly and
 * to screen readers (a polite live region beside the button), or says why it could not.
 *
 * In the desktop app it copies the app link (`com.atomforsalesforce.app:/record/<Id>`), which opens
 * the record in Atom on any computer that has it. In browser mode that link still only opens the
 * desktop app, so the button opens a small menu (a disclosure: two buttons, Escape closes it): the
 * app link, or the browser link, this page's address for the record, which opens it in a tab where
 * Atom's browser mode runs. A record created offline has no link yet: the button stays focusable,
 * marked unavailable, with the reason as its description and, when pressed, as the message.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { CopyIcon } from '../../components/icons';
import { transportMode } from '../../lib/api';
import { recordLinks } from '../../lib/record-links';
import { useCopy } from '../../lib/use-copy';

/** Copies a link and says so ("App link copied"), or why not; a failure stays longer, as it says what to do instead. */
function useCopyLink() {
  const { message, say, copy } = useCopy({ showMs: 6_000, failedShowMs: 8_000 });
  const copyLink = (text: string, what: string) =>
    copy(text, {
      copied: `${what} copied`,
      failed: `The ${what.toLowerCase()} could not be copied: this ${transportMode === 'browser' ? 'browser' : 'app'} did not allow the clipboard. Try again, or copy the record Id under System.`,
    });
  return { message, say, copy: copyLink };
}

/** The browser-mode page's address without its fragment (the router's routes follow `#`). */
const pageAddress = () => (transportMode === 'browser' ? `${window.location.origin}${window.location.pathname}` : null);

export function CopyLinkButton({ id }: { id: string }) {
  const links = recordLinks(id, pageAddress());
  const { message, say, copy } = useCopyLink();
  const reasonId = useId();
  const status = (
    <span className={`copy-link-status${message?.tone === 'error' ? ' copy-link-status-error' : ''}`} role="status" data-testid="copy-link-status">
      {message?.text}
    </span>
  );

  if (!links.ok) {
    return (
      <span className="copy-link">
        <button
          type="button"
          className="button"
          aria-disabled="true"
          aria-describedby={reasonId}
          title={links.reason}
          onClick={() => say({ tone: 'error', text: links.reason })}
        >
          <CopyIcon size={16} /> Copy link
        </button>
        <span id={reasonId} className="visually-hidden">
          {links.reason}
        </span>
        {status}
      </span>
    );
  }
  if (links.browser === null) {
    return (
      <span className="copy-link">
        <button type="button" className="button" onClick={() => copy(links.app, 'Link')}>
          <CopyIcon size={16} /> Copy link
        </button>
        {status}
      </span>
    );
  }
  return (
    <span className="copy-link">
      <CopyLinkMenu app={links.app} browser={links.browser} onCopy={copy} />
      {status}
    </span>
  );
}

/** Browser mode's choice of link: a button that shows two more, closed by Escape, a choice or a click elsewhere. */
function CopyLinkMenu({ app, browser, onCopy }: { app: string; browser: string; onCopy(text: string, what: string): void }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const trigger = useRef<HTMLButtonElement>(null);
  const root = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLButtonElement>('.copy-link-choice')?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = () => {
    setOpen(false);
    trigger.current?.focus();
  };
  const choose = (text: string, what: string) => {
    onCopy(text, what);
    close();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  };

  return (
    <span className="copy-link-menu-root" ref={root} onKeyDown={onKeyDown}>
      <button ref={trigger} type="button" className="button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
        <CopyIcon size={16} /> Copy link
      </button>
      <div id={panelId} className="copy-link-panel card" hidden={!open}>
        <button type="button" className="row-button copy-link-choice" onClick={() => choose(app, 'App link')}>
          <span className="copy-link-choice-title">Copy app link</span>
          <span className="copy-link-choice-note">Opens the record in the Atom desktop app</span>
        </button>
        <button type="button" className="row-button copy-link-choice" onClick={() => choose(browser, 'Browser link')}>
          <span className="copy-link-choice-title">Copy browser link</span>
          <span className="copy-link-choice-note">Opens it in a tab where Atom’s browser mode runs</span>
        </button>
      </div>
    </span>
  );
}
