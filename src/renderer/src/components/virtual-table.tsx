/**
 * A virtualized table for lists of up to 100,000+ cached rows. Only the rows in view are in the
 * DOM (TanStack Virtual); the rows themselves are fetched by window (offset/limit pages through
 * TanStack Query) as the user scrolls, so a huge list costs one small page to open. Sorting and
 * filtering happen core-side where the rows live: the table only renders and asks.
 *
 * Keyboard: the body is one tab stop (links in the rows are not tab stops of their own); ↑/↓ move
 * the active row, PageUp/PageDown by a screen, Home/End to the ends, Enter opens the active row.
 *
 * Columns with a pixel width (`meta.widthPx`) are sized: the user's width if set, never narrower
 * than the widest loaded value of a `meta.fitText` column (money and dates are never cut short);
 * a handle on each header's edge resizes by drag or arrow keys. With `restoreKey`, the scroll
 * position and the active row are kept for when the user comes back (Back from a record).
 */
import { keepPreviousData, useQuery, type QueryKey } from '@tanstack/react-query';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { columnWidth, fittedWidth } from '../lib/column-width';
import { textWidth } from '../lib/text-width';
import type { SortDir } from '../lib/router';
import { useRowHeight } from '../lib/appearance';
import { useStableVirtualizer } from '../lib/use-stable-virtualizer';
import type { ColumnMeta } from './data-table';
import { useScrollRestore } from './virtual-table-scroll-restore';
import { ErrorState, Skeleton } from './feedback';
import { SortIcon } from './icons';

export const VIRTUAL_PAGE_SIZE = 100;
/** The sticky header's height (CSS: .data-table th); measured once mounted. */
const HEADER_HEIGHT = 38;
/** Below this width per column the table scrolls sideways rather than cutting every value short. */
const MIN_COLUMN_WIDTH = 106;

export interface WindowPage<T> {
  rows: T[];
  total: number;
}

interface VirtualTableProps<T> {
  label: string;
  columns: Array<ColumnDef<T, unknown>>;
  /** Everything that changes which rows exist or their order (object, sort, filter): pages are cached under it. */
  queryKey: QueryKey;
  fetchPage: (offset: number, limit: number) => Promise<WindowPage<T>>;
  sort?: { sortBy: string; sortDir: SortDir };
  onSort?: (field: string) => void;
  getRowId: (row: T) => string;
  onRowOpen: (row: T) => void;
  empty: ReactNode;
  /** Height of the scrolling area; the page's own layout decides otherwise. */
  height?: number | string;
  onTotal?: (total: number | undefined) => void;
  /** Widths the user set, in pixels, by column id (columns with `meta.widthPx`). */
  widths?: Record<string, number>;
  /** A header's handle was dragged or keyed to a new width (pixels, not yet clamped to the value's need). */
  onResize?: (columnId: string, width: number) => void;
  /** Where the scroll position and active row are remembered (the list's address). */
  restoreKey?: string;
}

const RESIZE_STEP = 16;

export function VirtualTable<T>({
  label,
  columns,
  queryKey,
  fetchPage,
  sort,
  onSort,
  getRowId,
  onRowOpen,
  empty,
  height,
  onTotal,
  widths,
  onResize,
  restoreKey,
}: VirtualTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const idPrefix = useId();
  // Settings → Appearance → Density: 40 px rows, or 32 px when compact.
  const rowHeight = useRowHeight();

  // The first page decides the total; it is also the page shown first, so it is never wasted.
  const first = useQuery({
    queryKey: [...queryKey, 'page', 0],
    queryFn: () => fetchPage(0, VIRTUAL_PAGE_SIZE),
    placeholderData: keepPreviousData,
  });
  const total = first.data?.total;
  const stale = first.isPlaceholderData;
  useEffect(() => onTotal?.(stale ? undefined : total), [total, stale, onTotal]);

  // The header scrolls with the rows' container: the virtualizer must count it, or its idea of
  // the end of the list disagrees with the browser's and it keeps correcting the scroll.
  const [headerHeight, setHeaderHeight] = useState(HEADER_HEIGHT);
  const headRef = useRef<HTMLTableSectionElement>(null);
  useLayoutEffect(() => {
    const height = headRef.current?.getBoundingClientRect().height;
    if (height && Math.abs(height - headerHeight) > 0.5) setHeaderHeight(height);
  }, [headerHeight]);
  const virtualizer = useStableVirtualizer<HTMLTableRowElement>({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    paddingStart: headerHeight,
    scrollPaddingStart: headerHeight,
    overscan: 12,
  });
  // The virtualizer keeps the sizes it computed: a new density places every row again.
  useLayoutEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);
  const items = virtualizer.getVirtualItems();

  // The pages under the rows in view (plus overscan): a screen is far smaller than a page, so
  // at most two pages are ever needed — two fixed queries, cached by TanStack Query.
  const firstIndex = items.length ? items[0].index : 0;
  const lastIndex = items.length ? items[items.length - 1].index : 0;
  const startPage = Math.floor(firstIndex / VIRTUAL_PAGE_SIZE);
  const endPage = Math.floor(lastIndex / VIRTUAL_PAGE_SIZE);
  const pageA = useQuery({
    queryKey: [...queryKey, 'page', startPage],
    queryFn: () => fetchPage(startPage * VIRTUAL_PAGE_SIZE, VIRTUAL_PAGE_SIZE),
    enabled: startPage !== 0,
  });
  const pageB = useQuery({
    queryKey: [...queryKey, 'page', endPage],
    queryFn: () => fetchPage(endPage * VIRTUAL_PAGE_SIZE, VIRTUAL_PAGE_SIZE),
    enabled: endPage !== 0 && endPage !== startPage,
  });
  const rowAt = (index: number): T | undefined => {
    const page = Math.floor(index / VIRTUAL_PAGE_SIZE);
    const data = page === 0 ? first.data : page === startPage ? pageA.data : page === endPage ? pageB.data : undefined;
    return data?.rows[index - page * VIRTUAL_PAGE_SIZE];
  };

  // A new sort or filter: back to the top; coming back to a list (restoreKey): where the user left it.
  const keyText = JSON.stringify(queryKey);
  const { active, setActive, onScroll } = useScrollRestore(scrollRef, restoreKey, keyText, total);

  // TanStack Table renders the cells of the loaded rows in view (the only rows in the DOM).
  const visible = items.map((item) => ({ index: item.index, row: rowAt(item.index) }));
  // The same rows must be the same array: TanStack Table recomputes (and would reset its state)
  // whenever `data` changes identity.
  const freshRows = visible.flatMap((v) => (v.row ? [v.row] : []));
  const rowsRef = useRef<T[]>([]);
  if (freshRows.length !== rowsRef.current.length || freshRows.some((row, i) => row !== rowsRef.current[i])) rowsRef.current = freshRows;
  const loadedRows = rowsRef.current;
  const table = useReactTable({
    data: loadedRows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => getRowId(row),
    manualSorting: true,
    manualPagination: true,
    autoResetPageIndex: false,
  });
  const leafColumns = table.getAllLeafColumns();
  const tableRows = table.getRowModel().rows;
  const columnWidths = useColumnWidths(scrollRef, leafColumns, loadedRows, keyText, widths);

  /**
   * Keeps the active row in view. Rows sit below the sticky header at fixed heights, so the
   * offsets are plain arithmetic; setting scrollTop lets the virtualizer follow the scroll event.
   */
  const move = (next: number) => {
    const el = scrollRef.current;
    if (!total || !el) return;
    const clamped = Math.max(0, Math.min(total - 1, next));
    setActive(clamped);
    const top = clamped * rowHeight;
    const bottom = top + rowHeight + headerHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = bottom - el.clientHeight;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!total || (event.target as HTMLElement).closest('thead')) return;
    const perScreen = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / rowHeight) - 2);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + perScreen),
      PageUp: () => move(active - perScreen),
      Home: () => move(0),
      End: () => move(total - 1),
      Enter: () => {
        const row = rowAt(active);
        if (row) onRowOpen(row);
      },
    };
    const action = keys[event.key];
    if (!action) return;
    // A focused link handles its own Enter.
    if (event.key === 'Enter' && (event.target as HTMLElement).closest('a')) return;
    event.preventDefault();
    action();
  };

  const onRowClick = (event: MouseEvent<HTMLTableRowElement>, row: T | undefined, index: number) => {
    setActive(index);
    if (!row || (event.target as HTMLElement).closest('a, button')) return;
    if (window.getSelection()?.toString()) return;
    onRowOpen(row);
  };

  const loading = first.isPending;
  const showEmpty = !loading && total === 0;
  const paddingTop = items.length ? items[0].start - headerHeight : 0;
  const paddingBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;

  return (
    <div
      ref={scrollRef}
      className={`table-wrap vtable-scroll${stale ? ' table-stale' : ''}`}
      style={height !== undefined ? { height } : undefined}
      tabIndex={0}
      // A group, not a region: ARIA allows aria-activedescendant (the active row) on a group, not on a landmark.
      role="group"
      aria-label={`${label} (use arrow keys to move, Enter to open)`}
      aria-activedescendant={total ? `${idPrefix}-row-${active}` : undefined}
      onKeyDown={onKeyDown}
      onScroll={onScroll}
      data-testid="virtual-table"
    >
      <table
        className="data-table vtable"
        style={{ minWidth: columnWidths.total ?? leafColumns.length * MIN_COLUMN_WIDTH }}
        aria-label={label}
        aria-rowcount={total !== undefined ? total + 1 : undefined}
        aria-busy={loading || stale || undefined}
      >
        <colgroup>
          {leafColumns.map((column) => {
            const width = (column.columnDef.meta as ColumnMeta | undefined)?.width;
            const px = columnWidths.byId[column.id];
            return <col key={column.id} className={width ? `w-${width}` : undefined} style={px ? { width: px } : undefined} />;
          })}
        </colgroup>
        <thead ref={headRef}>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={1}>
              {group.headers.map((header) => {
                const meta = header.column.columnDef.meta as ColumnMeta | undefined;
                const field = meta?.sortField;
                const isActive = field !== undefined && sort?.sortBy === field;
                const ariaSort = isActive ? (sort?.sortDir === 'asc' ? 'ascending' : 'descending') : field ? 'none' : undefined;
                const content = flexRender(header.column.columnDef.header, header.getContext());
                const headerText = typeof header.column.columnDef.header === 'string' ? header.column.columnDef.header : undefined;
                return (
                  <th key={header.id} scope="col" className={meta?.className} aria-sort={ariaSort} title={headerText}>
                    {field && onSort ? (
                      <button type="button" className={`sort-button${isActive ? ' sort-active' : ''}`} onClick={() => onSort(field)}>
                        <span className="sort-label">{content}</span>
                        <SortIcon dir={isActive ? (sort?.sortDir ?? null) : null} />
                      </button>
                    ) : (
                      content
                    )}
                    {onResize && columnWidths.byId[header.column.id] !== undefined && (
                      <ResizeHandle
                        label={headerText ?? header.column.id}
                        width={columnWidths.byId[header.column.id]}
                        onResize={(px) => onResize(header.column.id, px)}
                      />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {loading &&
            Array.from({ length: 8 }, (_, i) => (
              <tr key={`skeleton-${i}`} className="row-skeleton" aria-hidden="true">
                {leafColumns.map((column, c) => (
                  <td key={column.id}>
                    <Skeleton className={c === 0 ? 'skeleton-cell-wide' : 'skeleton-cell'} />
                  </td>
                ))}
              </tr>
            ))}
          {paddingTop > 0 && (
            <tr aria-hidden="true" className="vtable-spacer">
              <td colSpan={leafColumns.length} style={{ height: paddingTop }} />
            </tr>
          )}
          {!loading &&
            visible.map((item) => {
              const row = item.row;
              const tableRow = row ? tableRows[loadedRows.indexOf(row)] : undefined;
              const isActive = item.index === active;
              return (
                <tr
                  key={row ? getRowId(row) : `pending-${item.index}`}
                  id={`${idPrefix}-row-${item.index}`}
                  aria-rowindex={item.index + 2}
                  aria-selected={isActive}
                  className={`row-clickable vtable-row${isActive ? ' row-active' : ''}`}
                  style={{ height: rowHeight }}
                  onClick={(event) => onRowClick(event, row, item.index)}
                >
                  {tableRow
                    ? tableRow.getVisibleCells().map((cell) => (
                        <td key={cell.id} className={(cell.column.columnDef.meta as ColumnMeta | undefined)?.className}>
                          <div className="cell">{flexRender(cell.column.columnDef.cell, cell.getContext())}</div>
                        </td>
                      ))
                    : leafColumns.map((column, c) => (
                        <td key={column.id} aria-hidden="true">
                          <Skeleton className={c === 0 ? 'skeleton-cell-wide' : 'skeleton-cell'} />
                        </td>
                      ))}
                </tr>
              );
            })}
          {paddingBottom > 0 && (
            <tr aria-hidden="true" className="vtable-spacer">
              <td colSpan={leafColumns.length} style={{ height: paddingBottom }} />
            </tr>
          )}
        </tbody>
      </table>
      {showEmpty && <div className="table-empty">{empty}</div>}
      {first.isError && !first.data && (
        <div className="table-empty">
          <ErrorState error={first.error} onRetry={() => void first.refetch()} compact />
        </div>
      )}
    </div>
  );
}

/**
 * Pixel widths of the columns that have one: the user's, else the base, and never narrower than
 * the widest loaded value of a fitText column (grown as rows load; a new list starts again).
 */
function useColumnWidths<T>(
  scrollRef: React.RefObject<HTMLDivElement | null>,
  leafColumns: Array<{ id: string; columnDef: ColumnDef<T, unknown> }>,
  rows: T[],
  keyText: string,
  chosen: Record<string, number> | undefined,
): { byId: Record<string, number>; total: number | undefined } {
  const [fitted, setFitted] = useState<Record<string, number>>({});
  const fittedKey = useRef(keyText);
  useLayoutEffect(() => {
    const cell = scrollRef.current?.querySelector('tbody td');
    const font = cell ? getComputedStyle(cell).font : '';
    if (!font || rows.length === 0) return;
    const reset = fittedKey.current !== keyText;
    fittedKey.current = keyText;
    const next: Record<string, number> = reset ? {} : { ...fitted };
    let changed = reset;
    const headers = [...(scrollRef.current?.querySelectorAll<HTMLElement>('thead th') ?? [])];
    leafColumns.forEach((column, index) => {
      const fit = (column.columnDef.meta as ColumnMeta | undefined)?.fitText;
      if (!fit) return;
      // The header's label too, as drawn (upper case, spaced) with its sort arrow: "AMOU…" is no better than "$370,7…".
      const headWidth = headerNeed(headers[index]);
      const widest = Math.max(headWidth, ...rows.map((row) => textWidth(fit(row), font)));
      if (widest > (next[column.id] ?? 0)) {
        next[column.id] = widest;
        changed = true;
      }
    });
    if (changed) setFitted(next);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- measured when the loaded rows change
  }, [rows, keyText]);
  const byId: Record<string, number> = {};
  let total = 0;
  let all = true;
  for (const column of leafColumns) {
    const meta = column.columnDef.meta as ColumnMeta | undefined;
    if (meta?.widthPx === undefined) {
      all = false;
      continue;
    }
    const fit = fittedWidth(meta.widthPx, [meta.fitText ? (fitted[column.id] ?? 0) : 0]);
    byId[column.id] = columnWidth(fit, chosen?.[column.id], meta.fitText !== undefined);
    total += byId[column.id];
  }
  return { byId, total: all && leafColumns.length > 0 ? total : undefined };
}

/**
 * The edge of a column header: drag it, or focus it and press ←/→ (Shift: bigger steps). A
 * focusable separator with its value is ARIA's way to say "a splitter you can move".
 */
function ResizeHandle({ label, width, onResize }: { label: string; width: number; onResize: (px: number) => void }) {
  const [dragging, setDragging] = useState<number | null>(null);
  const onPointerDown = (event: React.PointerEvent<HTMLSpanElement>) => {
    event.preventDefault();
    event.stopPropagation();
    const startX = event.clientX;
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    const move = (e: PointerEvent) => setDragging(Math.max(40, width + e.clientX - startX));
    const up = (e: PointerEvent) => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
      setDragging(null);
      onResize(width + e.clientX - startX);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLSpanElement>) => {
    const step = event.shiftKey ? RESIZE_STEP * 4 : RESIZE_STEP;
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    event.stopPropagation();
    onResize(width + (event.key === 'ArrowRight' ? step : -step));
  };
  return (
    <span
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${label} column`}
      aria-valuenow={Math.round(dragging ?? width)}
      aria-valuemin={56}
      aria-valuemax={900}
      tabIndex={0}
      title={`Drag, or press ← →, to resize ${label}`}
      className={`col-resize${dragging !== null ? ' col-resizing' : ''}`}
      style={dragging !== null ? { transform: `translateX(${dragging - width}px)` } : undefined}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      onClick={(e) => e.stopPropagation()}
      data-testid="col-resize"
    />
  );
}

/** The width a header's content needs uncut: its label's full width plus the sort arrow beside it. */
function headerNeed(th: HTMLElement | undefined): number {
  if (!th) return 0;
  const label = th.querySelector<HTMLElement>('.sort-label');
  if (!label) {
    const style = getComputedStyle(th);
    return th.scrollWidth - (Number.parseFloat(style.paddingLeft) || 0) - (Number.parseFloat(style.paddingRight) || 0);
  }
  const icon = th.querySelector('svg')?.getBoundingClientRect().width ?? 0;
  // The button's gap and a few pixels of rounding: a label one pixel short still ends in "…".
  return label.scrollWidth + icon + 10;
}
