import { PAGE_SIZES } from '../lib/router';
import { formatCount } from '../lib/format';
import { ChevronLeftIcon, ChevronRightIcon } from './icons';

interface PagerProps {
  page: number;
  pageSize: number;
  totalSize: number | undefined;
  hasMore: boolean;
  rowCount: number;
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
  noun: string;
}

export function Pager({ page, pageSize, totalSize, hasMore, rowCount, onPage, onPageSize, noun }: PagerProps) {
  const first = rowCount === 0 ? 0 : page * pageSize + 1;
  const last = page * pageSize + rowCount;
  const pages = totalSize !== undefined ? Math.max(1, Math.ceil(totalSize / pageSize)) : undefined;
  return (
    <nav className="pager" aria-label={`${noun} pages`}>
      <div className="pager-summary" aria-live="polite">
        {totalSize === undefined ? '\u00a0' : totalSize === 0 ? `No ${noun}` : `${formatCount(first)}–${formatCount(last)} of ${formatCount(totalSize)}`}
      </div>
      <label className="pager-size">
        Rows per page
        <select className="select select-small" value={pageSize} onChange={(e) => onPageSize(Number(e.target.value))}>
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
      <div className="pager-buttons">
        {pages !== undefined && (
          <span className="pager-page">
            Page {formatCount(page + 1)} of {formatCount(pages)}
          </span>
        )}
        <button type="button" className="button button-icon" aria-label="Previous page" disabled={page === 0} onClick={() => onPage(page - 1)}>
          <ChevronLeftIcon />
        </button>
        <button type="button" className="button button-icon" aria-label="Next page" disabled={!hasMore} onClick={() => onPage(page + 1)}>
          <ChevronRightIcon />
        </button>
      </div>
    </nav>
  );
}
