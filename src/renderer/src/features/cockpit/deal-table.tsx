/**
 * Deals as the cockpit lists them (Home's lists, drill-downs, slipped and stale deals): each row
 * links to its record; amounts in the deal's own currency; an overdue close date says so in words,
 * not only in red; a change not yet sent to Salesforce is marked.
 */
import type { ReactNode } from 'react';
import type { DealRow } from '../../../../shared/ipc/analytics.contract';
import { localDate } from '../../../../shared/analytics/fiscal';
import { formatCurrency, formatDate, formatDays } from '../../lib/format';
import { recordHref } from '../../lib/objects';

export type DealColumn = 'account' | 'owner' | 'stage' | 'amount' | 'close' | 'days' | 'note';

const HEADINGS: Record<DealColumn, string> = {
  account: 'Account',
  owner: 'Owner',
  stage: 'Stage',
  amount: 'Amount',
  close: 'Close date',
  days: 'In stage',
  note: 'Why',
};

export function PendingBadge({ state }: { state: DealRow['localState'] }) {
  if (state === 'synced') return null;
  return (
    <span className="badge badge-pending" title="Saved on this computer, not yet in Salesforce">
      Pending
    </span>
  );
}

export function CloseDate({ date, isClosed, today }: { date: string | null; isClosed: boolean; today: string }) {
  const overdue = !isClosed && date !== null && date < today;
  return (
    <span className={overdue ? 'deal-overdue' : undefined}>
      <span className="nowrap">{formatDate(date)}</span>
      {overdue && <span className="deal-overdue-tag"> overdue</span>}
    </span>
  );
}

function cell(column: DealColumn, deal: DealRow, today: string): ReactNode {
  switch (column) {
    case 'account':
      return deal.accountId && deal.accountName ? <a href={recordHref('Account', deal.accountId)}>{deal.accountName}</a> : (deal.accountName ?? '—');
    case 'owner':
      return deal.ownerName ?? '—';
    case 'stage':
      return deal.stage ?? '—';
    case 'amount':
      return formatCurrency(deal.amount, deal.currency);
    case 'close':
      return <CloseDate date={deal.closeDate} isClosed={deal.isClosed} today={today} />;
    case 'days':
      return formatDays(deal.daysInStage);
    case 'note':
      return deal.note ?? '';
  }
}

export function DealTable({
  deals,
  caption,
  columns = ['account', 'stage', 'amount', 'close'],
  empty,
  testId,
}: {
  deals: readonly DealRow[];
  caption: string;
  columns?: DealColumn[];
  empty?: ReactNode;
  testId?: string;
}) {
  const today = localDate();
  if (deals.length === 0 && empty) return <>{empty}</>;
  return (
    <div className="deal-table-wrap">
      <table className="deal-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Opportunity</th>
            {columns.map((c) => (
              <th key={c} scope="col" className={c === 'amount' || c === 'days' ? 'col-number' : undefined}>
                {HEADINGS[c]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {deals.map((deal) => (
            <tr key={deal.id}>
              <th scope="row">
                <a href={recordHref('Opportunity', deal.id)}>{deal.name || '(no name)'}</a>
                <PendingBadge state={deal.localState} />
              </th>
              {columns.map((c) => (
                <td key={c} className={c === 'amount' || c === 'days' ? 'col-number' : undefined}>
                  {cell(c, deal, today)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
