/**
 * The quick lookup's results: one listbox, a group per object (its name and how many records
 * match), the best few records of each as options. The options are never focused: the search box
 * keeps the focus and points at the highlighted one (aria-activedescendant), so the whole list is
 * one Tab stop. The list renders again only when the answer or the highlight changes, not on
 * every key typed (the next answer is a few milliseconds away, and the page stays light meanwhile).
 */
import { memo, useEffect } from 'react';
import type { LookupGroup } from '../../../../shared/ipc';
import { formatCount, formatCurrency } from '../../lib/format';
import { OBJECTS } from '../../lib/objects';
import { glanceParts } from './lookup-links';
import type { LookupItem } from './use-quick-lookup';

interface Props {
  listId: string;
  groups: LookupGroup[];
  items: LookupItem[];
  highlight: number;
  onHighlight(index: number): void;
  onOpen(item: LookupItem): void;
}

const money = (amount: number, currency: string | null) => formatCurrency(amount, currency);

export const LookupResults = memo(function LookupResults({ listId, groups, items, highlight, onHighlight, onOpen }: Props) {
  // The highlighted option stays in view as the arrows move it.
  useEffect(() => {
    document.getElementById(`${listId}-${highlight}`)?.scrollIntoView({ block: 'nearest' });
  }, [listId, highlight]);

  // Where each group's records start in reading order (the options' indexes).
  const starts = groups.map((_, g) => groups.slice(0, g).reduce((sum, group) => sum + group.records.length, 0));
  return (
    <div id={listId} className="ql-results" role="listbox" aria-label="Matching records" hidden={items.length === 0}>
      {groups.map((group, g) => {
        const info = OBJECTS[group.object];
        const headId = `${listId}-${group.object}`;
        return (
          <div key={group.object} role="group" aria-labelledby={headId} className="ql-group">
            <div id={headId} role="presentation" className="ql-group-head">
              <span>{info.label.many}</span>
              <span className="ql-count">
                {formatCount(group.total)}
                <span className="visually-hidden"> {group.total === 1 ? 'match' : 'matches'}</span>
              </span>
            </div>
            {group.records.map((record, r) => {
              const item = items[starts[g] + r];
              const active = item.index === highlight;
              return (
                <div
                  key={record.id}
                  id={`${listId}-${item.index}`}
                  role="option"
                  aria-selected={active}
                  className={`ql-option${active ? ' ql-option-active' : ''}`}
                  data-object={group.object}
                  onMouseDown={(event) => {
                    // Keep the focus in the box; the click opens the record.
                    event.preventDefault();
                    onOpen(item);
                  }}
                  onMouseMove={() => {
                    if (!active) onHighlight(item.index);
                  }}
                >
                  <span className="ql-title">{record.title}</span>
                  <span className="ql-glance">{glanceParts(record, money).join(' · ')}</span>
                </div>
              );
            })}
          </div>
        );
      })}
    </div>
  );
});
