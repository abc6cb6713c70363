/**
 * A server-driven table on TanStack Table: the server sorts and pages, the table renders
 * headers (sortable ones are buttons with aria-sort), skeleton rows while loading, and rows
 * that open on click. Arrow keys move between rows' links.
 */
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import type { KeyboardEvent, MouseEvent, ReactNode } from 'react';
import type { SortDir } from '../lib/router';
import { SortIcon } from './icons';
import { Skeleton } from './feedback';

export interface ColumnMeta {
  /** The server-side sort field this column sorts by, if it is sortable. */
  sortField?: string;
  className?: string;
  /** Share of the table width, in percent (the table uses a fixed layout so cells truncate). */
  width?: number;
  /** The virtual table's base width in pixels (it grows to fit `fitText`, or takes the user's). */
  widthPx?: number;
  /** A value that must never be cut short (money, dates): the column widens to the widest one loaded. */
  fitText?: (row: unknown) => string;
}

interface DataTableProps<T> {
  label: string;
  columns: Array<ColumnDef<T, unknown>>;
  rows: T[] | undefined;
  loading: boolean;
  /** Refetching with old rows on screen (paging, sorting): dim rather than blank. */
  stale?: boolean;
  sort?: { sortBy: string; sortDir: SortDir };
  onSort?: (field: string) => void;
  getRowId: (row: T) => string;
  onRowOpen: (row: T) => void;
  empty: ReactNode;
  skeletonRows?: number;
}

export function DataTable<T>({ label, columns, rows, loading, stale, sort, onSort, getRowId, onRowOpen, empty, skeletonRows = 8 }: DataTableProps<T>) {
  const table = useReactTable({
    data: rows ?? [],
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => getRowId(row),
    manualSorting: true,
    manualPagination: true,
  });

  const onRowClick = (event: MouseEvent<HTMLTableRowElement>, row: T) => {
    // Links and buttons inside the row do their own thing; a text selection is not a click.
    if ((event.target as HTMLElement).closest('a, button')) return;
    if (window.getSelection()?.toString()) return;
    onRowOpen(row);
  };

  const onBodyKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const current = (event.target as HTMLElement).closest('tr');
    const next = event.key === 'ArrowDown' ? current?.nextElementSibling : current?.previousElementSibling;
    const link = next?.querySelector<HTMLElement>('[data-row-link]');
    if (link) {
      event.preventDefault();
      link.focus();
    }
  };

  const headerGroups = table.getHeaderGroups();
  const showEmpty = !loading && rows !== undefined && rows.length === 0;

  return (
    <div className={`table-wrap${stale ? ' table-stale' : ''}`}>
      <table className="data-table" aria-label={label} aria-busy={loading || stale || undefined}>
        <colgroup>
          {table.getAllLeafColumns().map((column) => {
            const width = (column.columnDef.meta as ColumnMeta | undefined)?.width;
            return <col key={column.id} className={width ? `w-${width}` : undefined} />;
          })}
        </colgroup>
        <thead>
          {headerGroups.map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const meta = header.column.columnDef.meta as ColumnMeta | undefined;
                const field = meta?.sortField;
                const active = field !== undefined && sort?.sortBy === field;
                const ariaSort = active ? (sort?.sortDir === 'asc' ? 'ascending' : 'descending') : field ? 'none' : undefined;
                const content = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <th key={header.id} scope="col" className={meta?.className} aria-sort={ariaSort}>
                    {field && onSort ? (
                      <button type="button" className={`sort-button${active ? ' sort-active' : ''}`} onClick={() => onSort(field)}>
                        <span className="sort-label">{content}</span>
                        <SortIcon dir={active ? (sort?.sortDir ?? null) : null} />
                      </button>
                    ) : (
                      content
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody onKeyDown={onBodyKeyDown}>
          {loading &&
            Array.from({ length: skeletonRows }, (_, i) => (
              <tr key={`skeleton-${i}`} className="row-skeleton" aria-hidden="true">
                {columns.map((_, c) => (
                  <td key={c}>
                    <Skeleton className={c === 0 ? 'skeleton-cell-wide' : 'skeleton-cell'} />
                  </td>
                ))}
              </tr>
            ))}
          {!loading &&
            table.getRowModel().rows.map((row) => (
              <tr key={row.id} className="row-clickable" onClick={(event) => onRowClick(event, row.original)}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={(cell.column.columnDef.meta as ColumnMeta | undefined)?.className}>
                    <div className="cell">{flexRender(cell.column.columnDef.cell, cell.getContext())}</div>
                  </td>
                ))}
              </tr>
            ))}
        </tbody>
      </table>
      {showEmpty && <div className="table-empty">{empty}</div>}
    </div>
  );
}
