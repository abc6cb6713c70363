/**
 * The quick lookup (`#/quick-lookup`): a compact page with no sidebar or top bar, shown in the
 * desktop app's small always-on-top window (the global shortcut, the tray) and in browser mode in
 * its own tab or popup. A search box focused on load, the local cache's matches grouped by object
 * below it, and the highlighted record's actions under them.
 *
 * Keyboard: the box is the one Tab stop of the results (an ARIA combobox controlling a grouped
 * listbox; ↑/↓ move the highlight, aria-activedescendant follows), Enter opens the record in the
 * main window, Escape hides the window (desktop) or clears the box (browser), Alt+E and Alt+P copy
 * the email and the phone. The action buttons come next in the Tab order.
 */
import { useEffect, useId, useRef, type KeyboardEvent, type RefObject } from 'react';
import { SearchIcon } from '../../components/icons';
import { api, call, isAppError, transportMode } from '../../lib/api';
import { useActiveConnection } from '../connections/use-connections';
import { LookupActions, useCopy } from './lookup-actions';
import { LookupResults } from './lookup-results';
import { openFromLookup } from './open-record';
import { useQuickLookup, type LookupItem } from './use-quick-lookup';
import './quick-lookup.css';

/** Back in front (the desktop window shown again): the box takes the keys, its text selected to be typed over. */
function useFocusOnShow(input: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const focus = () => {
      input.current?.focus();
      input.current?.select();
    };
    focus();
    window.addEventListener('focus', focus);
    return () => window.removeEventListener('focus', focus);
  }, [input]);
}

function openItem(item: LookupItem): void {
  void openFromLookup(
    { object: item.object, id: item.record.id },
    {
      mode: transportMode,
      openInMain: async (target) => (await call(api.openRecordInMain(target))).opened,
      win: window,
    },
  );
}

export function QuickLookupPage() {
  const lookup = useQuickLookup();
  const copy = useCopy();
  const instanceUrl = useActiveConnection()?.instanceUrl;
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  useFocusOnShow(inputRef);
  const expanded = lookup.items.length > 0;

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const active = lookup.active;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      lookup.move(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (active) openItem(active);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (transportMode === 'electron') void api.hideQuickLookup();
      else lookup.setText('');
    } else if (event.altKey && !event.ctrlKey && !event.metaKey && (event.code === 'KeyE' || event.code === 'KeyP')) {
      // By key position, not character: Option+E on a Mac types a dead key, not "e".
      event.preventDefault();
      if (active && event.code === 'KeyE' && active.record.email) copy.copy('Email', active.record.email);
      if (active && event.code === 'KeyP' && active.record.phone) copy.copy('Phone', active.record.phone);
    }
  };

  return (
    <main className="ql">
      <h1 className="visually-hidden">Quick lookup</h1>
      <div className="ql-box">
        <SearchIcon size={18} />
        <input
          ref={inputRef}
          className="ql-input"
          type="text"
          role="combobox"
          aria-label="Look up a record"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={expanded && lookup.highlight >= 0 ? `${listId}-${lookup.highlight}` : undefined}
          placeholder="Name, email, phone or company…"
          maxLength={100}
          autoComplete="off"
          spellCheck={false}
          value={lookup.text}
          onChange={(event) => lookup.setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
      </div>
      {/* Which text the results on screen answer: the last one stays while the next is on its way. */}
      <div className="ql-results-frame" aria-busy={lookup.answered !== lookup.query} data-answered={lookup.answered}>
        <LookupResults
          listId={listId}
          groups={lookup.groups}
          items={lookup.items}
          highlight={lookup.highlight}
          onHighlight={lookup.setHighlight}
          onOpen={openItem}
        />
      </div>
      <LookupNote lookup={lookup} />
      {lookup.active && <LookupActions item={lookup.active} instanceUrl={instanceUrl} copy={copy} onOpen={openItem} />}
      <p className="ql-status" role="status">
        {copy.message}
      </p>
    </main>
  );
}

/** What the box's text found, when it is not a list of records: a hint, nothing, or why not. */
function LookupNote({ lookup }: { lookup: ReturnType<typeof useQuickLookup> }) {
  if (!lookup.query) return <p className="ql-note">Type a name, email, phone number or company. ↑↓ move, Enter opens, Esc closes.</p>;
  if (lookup.results.isError) {
    const error = lookup.results.error;
    if (isAppError(error) && error.code === 'NOT_CONNECTED') return <p className="ql-note">Connect an org in Atom to look records up.</p>;
    return <p className="ql-note ql-note-error">{error instanceof Error ? error.message : 'The lookup failed.'}</p>;
  }
  if (lookup.results.isSuccess && !lookup.results.isPlaceholderData && lookup.groups.length === 0) {
    return <p className="ql-note">Nothing on this computer matches “{lookup.query}”.</p>;
  }
  return null;
}
