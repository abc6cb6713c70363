/**
 * The top bar's search over the whole local cache (every object, as you type, offline too).
 * ↑/↓ move through the results, Enter opens one, Escape closes. Ctrl/⌘+K focuses it anywhere.
 * Results come grouped by object (Cases, Accounts…: a case is found by its number too); the last
 * option, "See all results", opens the search page (`#/search?q=…`) with every object's matches.
 * Text that looks like a record Id but is not a valid one gets a clear note, not silence.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { SearchHit } from '../../../../shared/ipc';
import { CloseIcon, SearchIcon } from '../../components/icons';
import { api, call } from '../../lib/api';
import { cacheKeys } from '../../lib/cache-records';
import { useDebouncedValue } from '../../lib/hooks';
import { OBJECTS, objectOfId, RECORD_REF, recordHref } from '../../lib/objects';
import { searchRoute } from '../../lib/router';
import { navigate } from '../../app/navigation';

/**
 * Puts the keys in the top bar's search box, its text selected (Ctrl/⌘+K, the desktop menu's
 * Search item); false when there is no usable box on screen.
 */
export function focusGlobalSearch(): boolean {
  const input = document.querySelector<HTMLInputElement>('input[data-global-search]');
  if (!input || input.disabled) return false;
  input.focus();
  input.select();
  return true;
}

/** Looks like someone pasted an Id (a known key prefix, Id-ish length) rather than a name. */
function idProblem(text: string): string | null {
  // A key prefix, 10–20 letters and digits, mostly digits: an Id with a character too many or few.
  if (!/^[a-zA-Z0-9]{10,20}$/.test(text) || (text.match(/\d/g) ?? []).length < 5) return null;
  const object = objectOfId(text);
  if (!object) return null;
  if (RECORD_REF.test(text)) return null;
  return `“${text}” is not a valid ${OBJECTS[object].label.one} Id: Ids are 15 or 18 letters and digits.`;
}

export interface HitGroup {
  object: SearchHit['object'];
  /** Each hit with its option index in the whole list. */
  hits: Array<{ hit: SearchHit; index: number }>;
}

/** Hits grouped by object, groups in the order of their best hit, hits in their order within a group. */
export function groupByObject(hits: readonly SearchHit[]): HitGroup[] {
  const groups = new Map<SearchHit['object'], HitGroup>();
  for (const hit of hits) {
    let group = groups.get(hit.object);
    if (!group) groups.set(hit.object, (group = { object: hit.object, hits: [] }));
    group.hits.push({ hit, index: 0 });
  }
  let index = 0;
  const ordered = [...groups.values()];
  for (const group of ordered) for (const item of group.hits) item.index = index++;
  return ordered;
}

export function GlobalSearch({ enabled }: { enabled: boolean }) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [highlight, setHighlight] = useState(0);
  const query = useDebouncedValue(text.trim(), 80);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const results = useQuery({
    queryKey: cacheKeys.search(query),
    queryFn: () => call(api.searchRecords({ text: query, limit: 12 })),
    enabled: enabled && query.length >= 1,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
  // Grouped by object (the group of the best hit first), so arrows and Enter follow the order on screen.
  const groups = groupByObject(query.length >= 1 ? (results.data?.hits ?? []) : []);
  const hits: SearchHit[] = groups.flatMap((g) => g.hits.map((h) => h.hit));
  const exactId = RECORD_REF.test(query) ? objectOfId(query) : undefined;
  const problem = idProblem(query);
  // Under the records found (none found, nothing more to see), for text a search link can carry.
  const allResults = hits.length > 0 && !problem ? searchRoute(query) : null;
  const seeAll = allResults && !allResults.problem ? allResults : null;
  const optionCount = hits.length + (seeAll ? 1 : 0);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        focusGlobalSearch();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const done = () => {
    setOpen(false);
    setText('');
    inputRef.current?.blur();
  };
  const openHit = (hit: SearchHit) => {
    window.location.hash = recordHref(hit.object, hit.id);
    done();
  };
  const openAll = () => {
    if (seeAll) navigate(seeAll);
    done();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setHighlight((h) => Math.min(h + 1, Math.max(optionCount - 1, 0)));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setHighlight((h) => Math.max(h - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (hits[highlight]) openHit(hits[highlight]);
      else if (exactId && hits.length === 0) openHit({ object: exactId, id: query, title: query, subtitle: null });
      else if (seeAll && highlight === hits.length) openAll();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (open) setOpen(false);
      else setText('');
    }
  };

  const showList = open && query.length >= 1;
  // The pointer highlights an option when it moves over it (onMouseMove), not when the list opens
  // under a pointer at rest (mouseenter), which would take the highlight from the arrow keys.
  return (
    <div className="global-search combobox" role="search" aria-label="All records">
      <SearchIcon size={16} />
      <input
        ref={inputRef}
        className="global-search-input"
        data-global-search
        type="search"
        role="combobox"
        aria-label="Search everything"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && highlight < optionCount ? `${listId}-${highlight}` : undefined}
        placeholder={enabled ? 'Search all records…' : 'Connect an org to search'}
        disabled={!enabled}
        maxLength={100}
        autoComplete="off"
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
      {text ? (
        <button type="button" className="icon-button" aria-label="Clear search" onClick={() => setText('')}>
          <CloseIcon size={14} />
        </button>
      ) : (
        <kbd className="search-kbd" aria-hidden="true">
          Ctrl K
        </kbd>
      )}
      {showList && (
        <ul id={listId} role="listbox" className="combobox-list global-search-list" aria-label="Search results">
          {problem && (
            <li className="combobox-note combobox-note-error" role="alert">
              {problem}
            </li>
          )}
          {results.isError && <li className="combobox-note">{results.error instanceof Error ? results.error.message : 'Search failed.'}</li>}
          {!problem && results.isSuccess && !results.isPlaceholderData && hits.length === 0 && (
            <li className="combobox-note">Nothing in this computer’s copy matches “{query}”</li>
          )}
          {groups.map((group) => (
            <li key={group.object} role="group" aria-labelledby={`${listId}-${group.object}`} className="search-group-options">
              <div id={`${listId}-${group.object}`} className="search-group-label" role="presentation">
                {OBJECTS[group.object].label.many}
              </div>
              <ul role="none">
                {group.hits.map(({ hit, index }) => (
                  <li
                    key={`${hit.object}-${hit.id}`}
                    id={`${listId}-${index}`}
                    role="option"
                    aria-selected={index === highlight}
                    className={`combobox-option search-hit${index === highlight ? ' combobox-option-active' : ''}`}
                    onMouseDown={(e) => {
                      e.preventDefault();
                      openHit(hit);
                    }}
                    onMouseMove={() => setHighlight(index)}
                  >
                    <span className="search-hit-title">{hit.title}</span>
                    {hit.subtitle && <span className="muted search-hit-sub">{hit.subtitle}</span>}
                  </li>
                ))}
              </ul>
            </li>
          ))}
          {seeAll && (
            <li
              id={`${listId}-${hits.length}`}
              role="option"
              aria-selected={highlight === hits.length}
              className={`combobox-option search-all${highlight === hits.length ? ' combobox-option-active' : ''}`}
              onMouseDown={(e) => {
                e.preventDefault();
                openAll();
              }}
              onMouseMove={() => setHighlight(hits.length)}
            >
              See all results for “{query}”
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
