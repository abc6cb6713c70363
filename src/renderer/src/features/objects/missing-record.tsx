/**
 * A record that is not in the local copy — opened from a link, owned by someone else while Atom
 * keeps only the user's records, newer than the last sync, or deleted — is not a dead end: "Fetch
 * from Salesforce" reads it into the cache (`records:fetch`, online only) and shows it; "Open in
 * Salesforce" opens it in the org (a link to the org's https host, which the desktop app's
 * window-open gate checks before the system browser gets it). Offline, or when Salesforce has no
 * such record the user may see, the core's sentence says so.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { checkRecordId } from '../../../../shared/record-id';
import { errorMessage } from '../../components/feedback';
import { AlertIcon } from '../../components/icons';
import { api, call } from '../../lib/api';
import { cacheKeys } from '../../lib/cache-records';
import { OBJECTS, type ObjectName } from '../../lib/objects';
import { useActiveConnection } from '../connections/use-connections';
import { salesforceRecordUrl } from '../quick-lookup/lookup-links';

export function MissingRecord({ object, id }: { object: ObjectName; id: string }) {
  const info = OBJECTS[object];
  const noun = info.label.one.toLowerCase();
  const queryClient = useQueryClient();
  const active = useActiveConnection();
  const checked = checkRecordId(id);
  const fetch = useMutation({
    mutationFn: (recordId: string) => call(api.fetchRecord({ object, id: recordId })),
    onSuccess: (detail) => {
      // The page reads this key: the record shows at once, and it is in the lists from now on.
      queryClient.setQueryData(cacheKeys.record(object, id), detail);
      void queryClient.invalidateQueries({ queryKey: cacheKeys.lists(object) });
    },
  });
  const inSalesforce = checked.ok ? salesforceRecordUrl(active?.instanceUrl, object, checked.id) : null;
  return (
    <section className="card missing-record" aria-labelledby="missing-record-title" data-testid="missing-record">
      <h2 id="missing-record-title" className="section-title">
        This {noun} isn’t on this computer
      </h2>
      {checked.ok ? (
        <p className="missing-record-text">
          Atom keeps a copy of your own records. This one may belong to someone else, be newer than your last sync, or have been deleted in Salesforce. You can
          fetch it now or open it in Salesforce.
        </p>
      ) : (
        <p className="missing-record-text">
          This link does not carry a Salesforce record Id, so there is nothing to fetch. Open the {info.label.many} list to find it.
        </p>
      )}
      {fetch.isError && (
        <div className="callout callout-error" role="alert">
          <AlertIcon size={18} />
          <div>{errorMessage(fetch.error)}</div>
        </div>
      )}
      <div className="missing-record-actions">
        {checked.ok && (
          <button type="button" className="button button-primary" disabled={fetch.isPending} onClick={() => fetch.mutate(checked.id)}>
            {fetch.isPending ? 'Fetching…' : 'Fetch from Salesforce'}
          </button>
        )}
        {inSalesforce && (
          <a className="button" href={inSalesforce} target="_blank" rel="noreferrer noopener">
            Open in Salesforce
          </a>
        )}
        <a className="button" href={`#/${info.path}`}>
          Back to {info.label.many}
        </a>
      </div>
      {checked.ok && !inSalesforce && active?.environment === 'demo' && <p className="muted">The Demo org has no Salesforce pages to open.</p>}
    </section>
  );
}
