/**
 * A lookup field (ARIA combobox): typing searches, arrows move, Enter picks, Escape closes; the
 * chosen record shows as a chip that can be cleared. `Lookup` takes any search source; the
 * `RecordLookup` below searches the local cache (`search:query`: instant, works offline).
 */
import { useQuery } from '@tanstack/react-query';
import { useId, useState, type KeyboardEvent } from 'react';
import { api, call } from '../lib/api';
import { cacheKeys } from '../lib/cache-records';
import { useDebouncedValue } from '../lib/hooks';
import type { ObjectName } from '../lib/objects';
import { CloseIcon } from './icons';

export interface PickedRecord {
  id: string;
  title: string;
}

export interface LookupOption extends PickedRecord {
  subtitle: string | null;
}

/** Where a lookup's options come from: a query key prefix (the text is appended) and a search. */
export interface LookupSource {
  key: readonly unknown[];
  search: (text: string) => Promise<LookupOption[]>;
  /** Typing pause before searching: short for the local cache, longer for a live org. */
  debounceMs: number;
  staleTime: number;
}

interface LookupProps {
  id: string;
  source: LookupSource;
  /** e.g. "accounts": "Search accounts…", "Matching accounts". */
  noun: string;
  value: PickedRecord | null;
  onChange: (record: PickedRecord | null) => void;
  invalid?: boolean;
  describedBy?: string;
  required?: boolean;
}

export function Lookup({ id, source, noun, value, onChange, invalid, describedBy, required }: LookupProps) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [highlight, setHighlight] = useState(0);
  const search = useDebouncedValue(text.trim(), source.debounceMs);
  const listId = useId();
  const results = useQuery({
    queryKey: [...source.key, search],
    queryFn: () => source.search(search),
    enabled: open && search.length >= 1,
    staleTime: source.staleTime,
  });
  const options: LookupOption[] = search.length >= 1 ? (results.data ?? []) : [];

  if (value) {
    return (
      <div className="picked" id={id} aria-describedby={describedBy}>
        <span className="picked-name">{value.title}</span>
        <button
          type="button"
          className="icon-button"
          aria-label={`Remove ${value.title}`}
          onClick={() => {
            onChange(null);
            setText('');
            window.setTimeout(() => document.getElementById(id)?.focus(), 0);
          }}
        >
          <CloseIcon size={14} />
        </button>
      </div>
    );
  }

  const pick = (hit: LookupOption) => {
    onChange({ id: hit.id, title: hit.title });
    setOpen(false);
    setText('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setHighlight((h) => Math.min(h + 1, Math.max(options.length - 1, 0)));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setHighlight((h) => Math.max(h - 1, 0));
    } else if (event.key === 'Enter' && open && options[highlight]) {
      event.preventDefault();
      pick(options[highlight]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  };

  const showList = open && search.length >= 1;
  return (
    <div className="combobox">
      <input
        id={id}
        className="input"
        type="text"
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && options[highlight] ? `${listId}-${highlight}` : undefined}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        aria-required={required || undefined}
        required={required}
        autoComplete="off"
        placeholder={`Search ${noun}…`}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setHighlight(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      {showList && (
        <ul id={listId} role="listbox" className="combobox-list" aria-label={`Matching ${noun}`}>
          {results.isFetching && options.length === 0 && <li className="combobox-note">Searching…</li>}
          {results.isError && <li className="combobox-note">Couldn’t search. Keep typing to try again.</li>}
          {!results.isFetching && results.isSuccess && options.length === 0 && <li className="combobox-note">Nothing matches “{search}”</li>}
          {options.map((hit, index) => (
            <li
              key={hit.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === highlight}
              className={`combobox-option${index === highlight ? ' combobox-option-active' : ''}`}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(hit);
              }}
              onMouseEnter={() => setHighlight(index)}
            >
              <span>{hit.title}</span>
              {hit.subtitle && <span className="muted">{hit.subtitle}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A lookup over the cached records of the given objects. */
export function RecordLookup({ objects, ...props }: Omit<LookupProps, 'source'> & { objects: ObjectName[] }) {
  const source: LookupSource = {
    key: [...cacheKeys.search(''), objects],
    search: async (text) => (await call(api.searchRecords({ text, objects, limit: 10 }))).hits,
    debounceMs: 120,
    staleTime: 10_000,
  };
  return <Lookup {...props} source={source} />;
}
