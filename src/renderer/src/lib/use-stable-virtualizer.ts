/**
 * TanStack Virtual's core with a React binding that re-renders only when the rendered range (or
 * the list's size) changes. The stock hook re-renders on every notification, and at the clamped
 * end of a list the core notifies after every layout — a render loop that freezes the page.
 * Used by the virtual table and the board's columns.
 */
import { elementScroll, observeElementOffset, observeElementRect, Virtualizer, type VirtualizerOptions } from '@tanstack/react-virtual';
import { useLayoutEffect, useReducer, useRef, useState } from 'react';

export type StableVirtualizerOptions<TItem extends Element> = Pick<
  VirtualizerOptions<HTMLDivElement, TItem>,
  'count' | 'getScrollElement' | 'estimateSize' | 'paddingStart' | 'paddingEnd' | 'scrollPaddingStart' | 'overscan' | 'getItemKey' | 'gap'
>;

export function useStableVirtualizer<TItem extends Element>(options: StableVirtualizerOptions<TItem>): Virtualizer<HTMLDivElement, TItem> {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const shown = useRef('');
  const resolved: VirtualizerOptions<HTMLDivElement, TItem> = {
    ...options,
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    onChange: (instance) => {
      const range = instance.range;
      const key = `${range?.startIndex}:${range?.endIndex}:${instance.getTotalSize()}`;
      if (key === shown.current) return;
      shown.current = key;
      rerender();
    },
  };
  const [virtualizer] = useState(() => new Virtualizer(resolved));
  virtualizer.setOptions(resolved);
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => {
    virtualizer._willUpdate();
  });
  return virtualizer;
}
