/**
 * My tasks' keyboard, as data: which key does what on a focused row. Arrow keys and j / k move
 * through every row of the page (from one list into the next), Home / End jump within a list,
 * Space or x completes an open task, Enter opens the row's record. No DOM: unit-tested.
 */
export type RowCommand = { kind: 'move'; to: number } | { kind: 'complete' } | { kind: 'open' } | null;

export interface RowPosition {
  /** The row's place among all rows of the page, in screen order. */
  index: number;
  count: number;
  /** The first and last index of the row's own list. */
  listStart: number;
  listEnd: number;
}

export function rowCommand(key: string, at: RowPosition): RowCommand {
  switch (key) {
    case 'ArrowDown':
    case 'j':
      return at.index + 1 < at.count ? { kind: 'move', to: at.index + 1 } : null;
    case 'ArrowUp':
    case 'k':
      return at.index > 0 ? { kind: 'move', to: at.index - 1 } : null;
    case 'Home':
      return { kind: 'move', to: at.listStart };
    case 'End':
      return { kind: 'move', to: at.listEnd };
    case ' ':
    case 'x':
    case 'X':
      return { kind: 'complete' };
    case 'Enter':
      return { kind: 'open' };
    default:
      return null;
  }
}

/**
 * Where focus goes when a row leaves its list (completed): the next row of the same list, else the
 * one before it, else the first row after the list, else nothing.
 */
export function focusAfterRemoval(ids: readonly string[], lists: readonly string[], removed: string): string | null {
  const at = ids.indexOf(removed);
  if (at < 0) return null;
  const list = lists[at];
  for (let i = at + 1; i < ids.length; i++) if (lists[i] === list) return ids[i];
  for (let i = at - 1; i >= 0; i--) if (lists[i] === list) return ids[i];
  for (let i = at + 1; i < ids.length; i++) if (lists[i] !== list) return ids[i];
  return at > 0 ? ids[at - 1] : null;
}
