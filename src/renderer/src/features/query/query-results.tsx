/**
 * A run's result: the summary (rows, time, API calls, where), the rows in the app's virtualized
 * table (relationship fields as columns; a child subquery's cell opens its rows in a drawer; an Id
 * of an object the app keeps opens the record), or the count of a COUNT() query.
 */
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { QueryResult } from '../../../../shared/ipc';
import { navigate } from '../../app/navigation';
import { DataTable } from '../../components/data-table';
import { Dialog } from '../../components/dialog';
import { VirtualTable } from '../../components/virtual-table';
import { formatCount } from '../../lib/format';
import { recordHref } from '../../lib/objects';
import { cellText, childColumns, childRows, isCountOnly, plural, recordOf } from './query-format';

type Row = Record<string, unknown>;

interface ChildView {
  relationship: string;
  rowNumber: number;
  rows: Row[];
}

function ValueCell({ column, value }: { column: string; value: unknown }) {
  const object = recordOf(column, value);
  const text = cellText(value);
  if (object) {
    return (
      <a href={recordHref(object, text)} className="query-id-link" title={`Open this record in Atom`}>
        {text}
      </a>
    );
  }
  return <span title={text.length > 30 ? text : undefined}>{text}</span>;
}

function SubqueryCell({ relationship, value, rowNumber, onOpen }: { relationship: string; value: unknown; rowNumber: number; onOpen(view: ChildView): void }) {
  const rows = childRows(value);
  if (!rows || rows.length === 0) return <span className="query-muted">None</span>;
  return (
    <button
      type="button"
      className="link-button"
      onClick={() => onOpen({ relationship, rowNumber, rows })}
      aria-label={`${plural(rows.length, 'row')} of ${relationship} in row ${rowNumber}: show them`}
    >
      {plural(rows.length, 'row')} ▸
    </button>
  );
}

function useColumns(result: QueryResult, rowNumbers: WeakMap<Row, number>, onOpenChild: (view: ChildView) => void): Array<ColumnDef<Row, unknown>> {
  return useMemo(
    () =>
      result.columns.map((column) => ({
        id: column.path,
        header: column.path,
        cell: ({ row }) =>
          column.kind === 'subquery' ? (
            <SubqueryCell
              relationship={column.path}
              value={row.original[column.path]}
              rowNumber={(rowNumbers.get(row.original) ?? 0) + 1}
              onOpen={onOpenChild}
            />
          ) : (
            <ValueCell column={column.path} value={row.original[column.path]} />
          ),
      })),
    [result, rowNumbers, onOpenChild],
  );
}

function ChildRowsDrawer({ view, onClose }: { view: ChildView | null; onClose(): void }) {
  const columns = useMemo<Array<ColumnDef<Row, unknown>>>(
    () =>
      childColumns(view?.rows ?? []).map((key) => ({
        id: key,
        header: key,
        cell: ({ row }) => <ValueCell column={key} value={row.original[key]} />,
      })),
    [view],
  );
  return (
    <Dialog
      open={view !== null}
      title={view ? `${view.relationship} of row ${view.rowNumber}` : ''}
      onClose={onClose}
      variant="drawer"
      testId="query-child-rows"
      footer={
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      }
    >
      {view && (
        <DataTable
          label={`${view.relationship} of row ${view.rowNumber}`}
          columns={columns}
          rows={view.rows}
          loading={false}
          getRowId={(row) => String(view.rows.indexOf(row))}
          onRowOpen={() => undefined}
          empty="No rows"
        />
      )}
    </Dialog>
  );
}

export function QueryResultTable({ result }: { result: QueryResult }) {
  const [child, setChild] = useState<ChildView | null>(null);
  const rowNumbers = useMemo(() => new WeakMap(result.rows.map((row, index) => [row, index])), [result]);
  const columns = useColumns(result, rowNumbers, setChild);
  if (isCountOnly(result)) {
    return (
      <div className="query-count" data-testid="query-count">
        <span className="query-count-figure">{formatCount(result.totalSize)}</span>
        <span className="query-count-label">{result.totalSize === 1 ? 'row counted' : 'rows counted'}</span>
      </div>
    );
  }
  const openRow = (row: Row) => {
    const id = row.Id;
    const object = recordOf('Id', id);
    if (object && typeof id === 'string') navigate({ name: 'object-record', object, id });
  };
  return (
    <>
      <VirtualTable<Row>
        label={`Results from ${result.object}`}
        columns={columns}
        queryKey={['query-result', result.historyId]}
        fetchPage={(offset, limit) => Promise.resolve({ rows: result.rows.slice(offset, offset + limit), total: result.rows.length })}
        getRowId={(row) => String(rowNumbers.get(row) ?? 0)}
        onRowOpen={openRow}
        empty={<p className="query-muted">No rows match.</p>}
        height="min(60vh, 520px)"
      />
      <ChildRowsDrawer view={child} onClose={() => setChild(null)} />
    </>
  );
}
