/**
 * A converted lead's page: it says "Converted" and links to the account, contact and opportunity
 * the lead became (Lead's ConvertedAccountId, ConvertedContactId and ConvertedOpportunityId, cached
 * with it), named from the cache when those records are there.
 */
import { useQueries } from '@tanstack/react-query';
import { useId } from 'react';
import type { RecordDetail } from '../../../../shared/ipc/records.contract';
import { CheckIcon } from '../../components/icons';
import { cacheKeys, getRecord } from '../../lib/cache-records';
import { formatDate } from '../../lib/format';
import { OBJECTS, recordHref, type ObjectName } from '../../lib/objects';

const LINKS: Array<{ field: string; object: ObjectName }> = [
  { field: 'ConvertedAccountId', object: 'Account' },
  { field: 'ConvertedContactId', object: 'Contact' },
  { field: 'ConvertedOpportunityId', object: 'Opportunity' },
];

export function isConvertedLead(detail: RecordDetail): boolean {
  return detail.object === 'Lead' && detail.record.IsConverted === true;
}

export function ConvertedLead({ detail }: { detail: RecordDetail }) {
  const headingId = useId();
  const r = detail.record;
  const links = LINKS.flatMap((l) => (typeof r[l.field] === 'string' && r[l.field] ? [{ ...l, id: String(r[l.field]) }] : []));
  const names = useQueries({
    queries: links.map((l) => ({ queryKey: cacheKeys.record(l.object, l.id), queryFn: () => getRecord(l.object, l.id), retry: false })),
  });
  const date = typeof r.ConvertedDate === 'string' ? r.ConvertedDate : null;
  return (
    <section className="callout callout-ok converted-lead" aria-labelledby={headingId} data-testid="converted-lead">
      <CheckIcon size={18} />
      <div>
        <h2 id={headingId} className="converted-title">
          Converted{date ? ` on ${formatDate(date)}` : ''}
        </h2>
        <p className="converted-note">This lead is read-only in Salesforce now. It became:</p>
        <ul className="converted-links">
          {links.map((l, i) => {
            const title = names[i].data?.record[OBJECTS[l.object].titleField];
            return (
              <li key={l.field}>
                <span className="convert-result-label">{OBJECTS[l.object].label.one}</span>
                <a href={recordHref(l.object, l.id)}>{typeof title === 'string' && title ? title : `${OBJECTS[l.object].label.one} ${l.id}`}</a>
              </li>
            );
          })}
          {!links.some((l) => l.object === 'Opportunity') && (
            <li>
              <span className="convert-result-label">Opportunity</span>
              <span>None was created</span>
            </li>
          )}
        </ul>
      </div>
    </section>
  );
}
