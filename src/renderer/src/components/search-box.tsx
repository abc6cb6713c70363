import { useEffect, useRef, useState } from 'react';
import { useDebouncedValue } from '../lib/hooks';
import { CloseIcon, SearchIcon } from './icons';

interface SearchBoxProps {
  label: string;
  placeholder: string;
  /** The search currently applied (from the URL). */
  value: string;
  onSearch: (text: string) => void;
  delayMs?: number;
}

/** Debounced: the list updates shortly after typing stops, not on every key. */
export function SearchBox({ label, placeholder, value, onSearch, delayMs = 300 }: SearchBoxProps) {
  const [text, setText] = useState(value);
  const debounced = useDebouncedValue(text, delayMs);
  const applied = useRef(value);
  // Only a change of the debounced text may trigger a search, never a re-render with a new callback.
  const onSearchRef = useRef(onSearch);
  onSearchRef.current = onSearch;

  // The URL changed from elsewhere (back button, "Clear search"): show it.
  useEffect(() => {
    if (value !== applied.current) {
      applied.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    const next = debounced.trim();
    if (next !== applied.current) {
      applied.current = next;
      onSearchRef.current(next);
    }
  }, [debounced]);

  return (
    <div className="search-box" role="search" aria-label={label}>
      <SearchIcon size={16} />
      <input
        className="search-input"
        type="search"
        aria-label={label}
        placeholder={placeholder}
        maxLength={100}
        value={text}
        data-search-input
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && text) {
            e.preventDefault();
            setText('');
          }
          if (e.key === 'Enter') {
            const next = text.trim();
            if (next !== applied.current) {
              applied.current = next;
              onSearch(next);
            }
          }
        }}
      />
      {text && (
        <button type="button" className="icon-button" aria-label="Clear search" onClick={() => setText('')}>
          <CloseIcon size={14} />
        </button>
      )}
      <kbd className="search-kbd" aria-hidden="true">
        /
      </kbd>
    </div>
  );
}
