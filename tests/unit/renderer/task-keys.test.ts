import { describe, expect, it } from 'vitest';
import { focusAfterRemoval, rowCommand } from '../../../src/renderer/src/features/activities/task-keys';

describe('My tasks keyboard', () => {
  const at = { index: 2, count: 6, listStart: 2, listEnd: 4 };

  it('moves through every row with the arrows or j / k, and within a list with Home / End', () => {
    expect(rowCommand('ArrowDown', at)).toEqual({ kind: 'move', to: 3 });
    expect(rowCommand('j', at)).toEqual({ kind: 'move', to: 3 });
    expect(rowCommand('ArrowUp', at)).toEqual({ kind: 'move', to: 1 });
    expect(rowCommand('k', at)).toEqual({ kind: 'move', to: 1 });
    expect(rowCommand('Home', { ...at, index: 3 })).toEqual({ kind: 'move', to: 2 });
    expect(rowCommand('End', at)).toEqual({ kind: 'move', to: 4 });
    expect(rowCommand('ArrowDown', { ...at, index: 5 })).toBeNull();
    expect(rowCommand('k', { ...at, index: 0 })).toBeNull();
  });

  it('completes with Space or X, opens with Enter, ignores other keys', () => {
    expect(rowCommand(' ', at)).toEqual({ kind: 'complete' });
    expect(rowCommand('x', at)).toEqual({ kind: 'complete' });
    expect(rowCommand('X', at)).toEqual({ kind: 'complete' });
    expect(rowCommand('Enter', at)).toEqual({ kind: 'open' });
    expect(rowCommand('a', at)).toBeNull();
    expect(rowCommand('Tab', at)).toBeNull();
  });

  it('gives focus after a completion to the next row of the list, else the one before, else the next list', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const lists = ['overdue', 'overdue', 'today', 'done', 'done'];
    expect(focusAfterRemoval(ids, lists, 'a')).toBe('b');
    expect(focusAfterRemoval(ids, lists, 'b')).toBe('a');
    expect(focusAfterRemoval(ids, lists, 'c')).toBe('d');
    expect(focusAfterRemoval(['a'], ['today'], 'a')).toBeNull();
    expect(focusAfterRemoval(['z', 'a'], ['overdue', 'today'], 'a')).toBe('z');
    expect(focusAfterRemoval(ids, lists, 'missing')).toBeNull();
  });
});
