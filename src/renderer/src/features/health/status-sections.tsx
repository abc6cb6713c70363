/** The plain sections of the Health page: login, connectivity, sync, offline changes, cache, who am I, recent errors. */
import type { HealthSummary } from '../../../../shared/ipc';
import { formatCount, formatDateTime, formatRelative } from '../../lib/format';
import { OBJECTS } from '../../lib/objects';
import { Facts, HealthCard } from './health-card';
import { featureLabel, formatBytes, formatMs } from './health-format';

const when = (iso: string | null, never = 'Not yet') => (iso ? `${formatRelative(iso)} (${formatDateTime(iso)})` : never);

export function LoginSection({ login }: { login: HealthSummary['login'] }) {
  return (
    <HealthCard title="Login" testId="health-login">
      <Facts
        items={[
          ['Status', login.status === 'connected' ? 'Logged in' : 'Needs a new login'],
          ['Session started or last renewed', when(login.accessTokenIssuedAt, login.status === 'connected' ? 'Not known' : '—')],
          ['Renewed during this app session', when(login.lastRefreshAt, 'Not needed yet')],
          [
            'Failed renewals',
            login.refreshFailures === 0
              ? 'None'
              : `${login.refreshFailures}, last ${when(login.lastRefreshFailure?.at ?? null)}: ${login.lastRefreshFailure?.message ?? ''}`,
          ],
          ['Login kept', login.tokenStorage === 'encrypted' ? 'Encrypted on this computer' : 'In memory only (log in again after a restart)'],
        ]}
      />
      <p className="muted health-note">{login.expiryNote}</p>
    </HealthCard>
  );
}

export function ConnectivitySection({ connectivity }: { connectivity: HealthSummary['connectivity'] }) {
  const errors = Object.entries(connectivity.errorsByCode24h).sort((a, b) => b[1] - a[1]);
  return (
    <HealthCard title="Connectivity" testId="health-connectivity">
      <Facts
        items={[
          ['Salesforce reachable', connectivity.online ? 'Yes' : 'No — working offline'],
          ['Last successful request', when(connectivity.lastSuccessAt, 'None yet')],
          [
            'Response time, last hour',
            connectivity.callsLastHour === 0 ? 'No requests' : `${formatMs(connectivity.p50Ms)} typical, ${formatMs(connectivity.p95Ms)} slowest 5%`,
          ],
          ['Requests, last hour', formatCount(connectivity.callsLastHour)],
        ]}
      />
      <h3 className="health-subtitle">Errors in the last 24 hours</h3>
      {errors.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="feature-list">
          {errors.map(([code, n]) => (
            <li key={code}>
              <code>{code}</code>
              <span className="feature-count">{formatCount(n)}</span>
            </li>
          ))}
        </ul>
      )}
    </HealthCard>
  );
}

const OUTCOME_WORDS = { ok: 'Finished', partial: 'Finished with errors', cancelled: 'Cancelled', failed: 'Failed' } as const;

export function SyncSection({ sync }: { sync: HealthSummary['sync'] }) {
  const run = sync.lastRun;
  const schedule =
    sync.intervalMinutes === 0
      ? 'Off (sync only when you ask)'
      : sync.effectiveIntervalMinutes === null
        ? 'Held back to save API requests'
        : `About every ${sync.effectiveIntervalMinutes} minutes${sync.effectiveIntervalMinutes !== sync.intervalMinutes ? ` (your setting: ${sync.intervalMinutes})` : ''}`;
  return (
    <HealthCard title="Sync" testId="health-sync">
      <Facts
        items={[
          ['Last sync', sync.running ? 'Running now' : run ? `${OUTCOME_WORDS[run.outcome]} ${formatRelative(run.finishedAt)}` : 'Not yet this session'],
          ['API requests it used', run ? formatCount(run.apiCalls) : '—'],
          ['Next sync', schedule],
          ...(run?.error ? ([['What went wrong', run.error]] as Array<[string, string]>) : []),
        ]}
      />
      <table className="health-table">
        <caption className="visually-hidden">Records on this computer, by object</caption>
        <thead>
          <tr>
            <th scope="col">Object</th>
            <th scope="col" className="col-number">
              Records
            </th>
            <th scope="col">Last synced</th>
          </tr>
        </thead>
        <tbody>
          {sync.objects.map((o) => (
            <tr key={o.object}>
              <th scope="row">{OBJECTS[o.object].label.many}</th>
              <td className="col-number">{formatCount(o.count)}</td>
              <td className={o.failing ? 'sync-failed' : undefined}>
                {o.failing ? 'Failed last time' : o.lastSyncAt ? formatRelative(o.lastSyncAt) : 'Never'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </HealthCard>
  );
}

export function OutboxSection({ outbox }: { outbox: HealthSummary['outbox'] }) {
  return (
    <HealthCard title="Offline changes" testId="health-outbox" actions={<a href="#/changes">Open Changes</a>}>
      {!outbox ? (
        <p className="muted">The changes waiting on this computer can't be read right now.</p>
      ) : (
        <Facts
          items={[
            ['Waiting to be sent', formatCount(outbox.pending)],
            ['Refused by Salesforce', formatCount(outbox.needsAttention)],
            ['Conflicts', formatCount(outbox.conflicts)],
            ['Sending', outbox.paused ? 'Paused until you log in again' : outbox.online ? 'As soon as you save' : 'When Salesforce can be reached again'],
            ['All sent at', when(outbox.lastSentAt, 'Not this session')],
            ...(outbox.nextRetryAt ? ([['Next try', when(outbox.nextRetryAt)]] as Array<[string, string]>) : []),
          ]}
        />
      )}
    </HealthCard>
  );
}

export function CacheSection({ cache }: { cache: HealthSummary['cache'] }) {
  const check = cache.lastCheck;
  return (
    <HealthCard title="Local cache" testId="health-cache">
      <Facts
        items={[
          ['Size on disk', formatBytes(cache.sizeBytes)],
          ['Records kept', formatCount(cache.records)],
          [
            'Last integrity check',
            check ? `${check.outcome === 'ok' ? 'Passed' : 'Found damage and rebuilt'} ${formatRelative(check.at)}` : 'Runs when the cache is opened',
          ],
        ]}
      />
      {cache.notice && <p className={`note ${cache.notice.kind === 'damaged' ? 'note-error' : 'note-warn'}`}>{cache.notice.message}</p>}
    </HealthCard>
  );
}

export function WhoAmISection({ who }: { who: HealthSummary['whoAmI'] }) {
  const unknown = (v: string | null) => v ?? (who.source === 'connection' ? 'Not loaded yet' : '—');
  return (
    <HealthCard title="Who am I" testId="health-who-am-i">
      <Facts
        items={[
          ['Name', who.name],
          ['Username', who.username],
          ['Profile', unknown(who.profileName)],
          ['Org', unknown(who.orgName)],
          ['Org Id', <code key="org">{who.orgId}</code>],
          ['Edition', unknown(who.edition)],
          ['Instance', unknown(who.instance)],
          ['API version', who.apiVersion],
        ]}
      />
      {who.note && <p className="muted health-note">{who.note}</p>}
    </HealthCard>
  );
}

export function RecentErrorsSection({ errors }: { errors: HealthSummary['recentErrors'] }) {
  return (
    <HealthCard title="Recent errors" wide testId="health-errors">
      {errors.length === 0 ? (
        <p className="muted">No failed requests recorded.</p>
      ) : (
        <div className="health-scroll">
          <table className="health-table">
            <caption className="visually-hidden">The last {errors.length} failed requests, newest first (record Ids masked)</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Feature</th>
                <th scope="col">Request</th>
                <th scope="col">Answer</th>
              </tr>
            </thead>
            <tbody>
              {errors.map((e, i) => (
                <tr key={`${e.at}-${i}`}>
                  <td className="col-nowrap">{formatDateTime(e.at)}</td>
                  <td>{featureLabel(e.feature)}</td>
                  <td>
                    <code>
                      {e.method} {e.path}
                    </code>
                  </td>
                  <td>
                    {e.status ?? 'No answer'} {e.errorCode && <code>{e.errorCode}</code>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </HealthCard>
  );
}
