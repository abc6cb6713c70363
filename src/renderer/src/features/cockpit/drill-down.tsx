/**
 * The deals behind a bar, a tile or a waterfall step (`analytics:deals`), in a panel at the right
 * edge. A cumulative forecast bar is several categories: one query each, listed together.
 */
import { useQueries } from '@tanstack/react-query';
import type { DealRow, DealsFilter, DealsQuery, PeriodInput, Scope } from '../../../../shared/ipc/analytics.contract';
import { Dialog } from '../../components/dialog';
import { ErrorState, PageLoading } from '../../components/feedback';
import { api, call } from '../../lib/api';
import { formatCount, formatCurrency } from '../../lib/format';
import { DealTable } from './deal-table';
import { cockpitKeys } from './use-cockpit';

export interface DrillRequest {
  title: string;
  period: PeriodInput;
  scope: Scope;
  /** The currency shown (null: a single-currency org's; undefined: every currency, as Home's lists). */
  currency?: string | null;
  filters: DealsFilter[];
}

const LIMIT = 200;

function useDrillDeals(request: DrillRequest | null) {
  const queries: DealsQuery[] = (request?.filters ?? []).map((filter) => ({
    period: request!.period,
    scope: request!.scope,
    ...(request!.currency !== undefined ? { currency: request!.currency } : {}),
    filter,
    limit: LIMIT,
  }));
  return useQueries({
    queries: queries.map((q) => ({ queryKey: cockpitKeys.deals(q), queryFn: () => call(api.getDeals(q)) })),
    combine: (results) => {
      const seen = new Set<string>();
      const deals: DealRow[] = [];
      for (const r of results) for (const d of r.data?.deals ?? []) if (!seen.has(d.id) && seen.add(d.id)) deals.push(d);
      return {
        deals,
        total: results.reduce((n, r) => n + (r.data?.total ?? 0), 0),
        pending: results.some((r) => r.isPending),
        error: results.find((r) => r.error)?.error ?? null,
        refetch: () => results.forEach((r) => void r.refetch()),
      };
    },
  });
}

export function DrillDownPanel({ request, onClose }: { request: DrillRequest | null; onClose: () => void }) {
  const result = useDrillDeals(request);
  const amount = result.deals.reduce((n, d) => n + (d.amount ?? 0), 0);
  return (
    <Dialog
      open={request !== null}
      title={request?.title ?? ''}
      onClose={onClose}
      variant="drawer"
      testId="drill-down"
      footer={
        <button type="button" className="button" onClick={onClose} autoFocus>
          Close
        </button>
      }
    >
      {result.error ? (
        <ErrorState error={result.error} onRetry={result.refetch} compact />
      ) : result.pending ? (
        <PageLoading label="Loading the deals…" />
      ) : (
        <>
          <p className="drill-summary" role="status">
            {formatCount(result.total)} deal{result.total === 1 ? '' : 's'}
            {result.deals.length > 0 &&
              request?.currency !== undefined &&
              `, ${formatCurrency(amount, request.currency)}${result.total > result.deals.length ? ' in those shown' : ''}`}
            {result.total > result.deals.length && ` · showing the first ${formatCount(result.deals.length)}`}
          </p>
          <DealTable
            deals={result.deals}
            caption={request?.title ?? 'Deals'}
            columns={
              request?.scope === 'all' ? ['account', 'owner', 'stage', 'amount', 'close', 'days'] : ['account', 'stage', 'amount', 'close', 'days', 'note']
            }
            empty={<p className="muted">No deals.</p>}
            testId="drill-down-deals"
          />
        </>
      )}
    </Dialog>
  );
}
