/**
 * VirtualTable's memory of where a list was left: its scroll position and active row, kept this
 * session by the list's address, so Back from a record lands on the row the user opened. A new
 * sort or filter starts again at the top.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';

/** Scroll position and active row of each list left this session, by restoreKey. */
const remembered = new Map<string, { scrollTop: number; active: number }>();

/**
 * `restoreKey`: where the list is remembered (none: it is not); `listKey`: which rows and in what
 * order (a change resets to the top); `total`: the row count, once known (the saved offset can
 * only hold once the rows' spacers exist). The scroll element's `onScroll` must call `onScroll`.
 */
export function useScrollRestore(scrollRef: RefObject<HTMLDivElement | null>, restoreKey: string | undefined, listKey: string, total: number | undefined) {
  const restoring = useRef(restoreKey ? remembered.get(restoreKey) : undefined);
  const [active, setActiveState] = useState(restoring.current?.active ?? 0);
  const setActive = (index: number) => {
    setActiveState(index);
    if (restoreKey) remembered.set(restoreKey, { scrollTop: scrollRef.current?.scrollTop ?? 0, active: index });
  };

  // A new sort or filter: back to the top; coming back to a list: where the user left it.
  const skipReset = useRef(restoring.current !== undefined);
  useEffect(() => {
    if (skipReset.current) {
      skipReset.current = false;
      return;
    }
    setActive(0);
    scrollRef.current?.scrollTo({ top: 0 });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new list resets
  }, [listKey]);
  useEffect(() => {
    const saved = restoring.current;
    if (!saved || total === undefined) return;
    // The rows' spacers get their height over the next frames: set the offset until it holds.
    let frames = 0;
    let handle = 0;
    const apply = () => {
      const el = scrollRef.current;
      if (!el) return;
      el.scrollTop = saved.scrollTop;
      if (Math.abs(el.scrollTop - saved.scrollTop) > 1 && ++frames < 30) handle = requestAnimationFrame(apply);
      else restoring.current = undefined;
    };
    apply();
    return () => cancelAnimationFrame(handle);
    // The ref object never changes: only the total starts a restore.
  }, [total, scrollRef]);
  const onScroll = () => {
    if (restoreKey && !restoring.current) remembered.set(restoreKey, { scrollTop: scrollRef.current?.scrollTop ?? 0, active });
  };

  return { active, setActive, onScroll };
}
