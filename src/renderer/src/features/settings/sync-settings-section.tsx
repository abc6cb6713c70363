/**
 * Settings → My data & sync: which records Atom keeps on this computer (the sync scope: mine, or
 * everything the user can see) and how often it checks Salesforce for changes (the schedule's
 * interval; 0 turns it off). Each choice is saved at once through `sync:settings-update`; the core
 * re-arms its schedule and the next sync uses them (a new scope reads each object again). The
 * Bulk API threshold is not a salesperson's choice and stays out of this screen.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SyncSettings, SyncStatus } from '../../../../shared/ipc';
import { errorMessage } from '../../components/feedback';
import { AlertIcon } from '../../components/icons';
import { useToast } from '../../components/toast';
import { api, call } from '../../lib/api';
import { cacheKeys } from '../../lib/cache-records';
import { pushInto } from '../../lib/pushed-state';
import { queryKeys } from '../../lib/query-keys';
import { useActiveConnection } from '../connections/use-connections';
import { useSyncNow } from '../workspace/use-sync-now';
import { ChoiceList } from './choice-list';
import { intervalLabel } from './sync-words';

const SYNC_SETTINGS_KEY = [...queryKeys.settings, 'sync'] as const;

type Scope = SyncSettings['scope'];
const SCOPES: ReadonlyArray<{ value: Scope; label: string; hint: string }> = [
  { value: 'mine', label: 'My records', hint: 'Accounts, contacts, deals, leads and cases you own, and the activities on them. Campaigns: all of them.' },
  { value: 'all', label: 'Everything I can see in the org', hint: 'Every record your Salesforce access lets you see. Takes longer and more space.' },
];

const INTERVALS = [5, 15, 30, 60, 240, 0];

export function SyncSettingsSection() {
  const queryClient = useQueryClient();
  const toast = useToast();
  const active = useActiveConnection();
  const { syncNow, isPending: starting } = useSyncNow();
  // The settings are the app's, not an org's: read here even with no org connected (or one whose
  // session ended), so a rep can choose the scope before the first sync.
  const settings = useQuery({ queryKey: SYNC_SETTINGS_KEY, queryFn: async () => (await call(api.syncStatus())).settings });
  // A change is written into this read and into the sync status the top bar holds: no re-read.
  const writeSettings = (next: SyncSettings) => {
    queryClient.setQueryData<SyncSettings>(SYNC_SETTINGS_KEY, next);
    pushInto<SyncStatus>(queryClient, cacheKeys.sync, (old) => (old ? { ...old, settings: next } : undefined));
  };
  const save = useMutation({
    mutationFn: (patch: Partial<Pick<SyncSettings, 'scope' | 'intervalMinutes'>>) => call(api.updateSyncSettings(patch)),
    // The choice shows at once; it goes back if the core refuses it.
    onMutate: (patch) => {
      const previous = queryClient.getQueryData<SyncSettings>(SYNC_SETTINGS_KEY);
      if (previous) writeSettings({ ...previous, ...patch });
      return { previous };
    },
    onError: (_error, _patch, context) => {
      if (context?.previous) writeSettings(context.previous);
    },
    onSuccess: (next, patch) => {
      writeSettings(next);
      toast(
        patch.scope
          ? `Saved. The next sync keeps ${patch.scope === 'mine' ? 'only your records' : 'everything you can see'} on this computer.`
          : `Saved. ${next.intervalMinutes === 0 ? 'Atom syncs only when you ask.' : `Atom checks Salesforce ${intervalLabel(next.intervalMinutes).toLowerCase()}.`}`,
      );
    },
  });
  const current = settings.data;
  const intervals = current && !INTERVALS.includes(current.intervalMinutes) ? [current.intervalMinutes, ...INTERVALS] : INTERVALS;
  return (
    <section className="card form-card" aria-labelledby="sync-settings-title" data-testid="sync-settings">
      <h2 id="sync-settings-title" className="form-section-title">
        My data &amp; sync
      </h2>
      <p className="muted">Atom keeps a copy of your Salesforce records on this computer, so lists and search are instant and work offline.</p>
      {(settings.isError || save.isError) && (
        <div className="callout callout-error" role="alert">
          <AlertIcon size={18} />
          <div>{errorMessage(settings.error ?? save.error)}</div>
        </div>
      )}
      {current && (
        <div className="settings-choices">
          <ChoiceList
            legend="Records kept on this computer"
            name="syncScope"
            value={current.scope}
            options={SCOPES}
            onChange={(scope) => save.mutate({ scope })}
            note="Changing this reads your records again at the next sync. Changes you have not sent yet are kept."
          />
          <div className="field">
            <label className="field-label" htmlFor="sync-interval">
              Check Salesforce for changes
            </label>
            <select
              id="sync-interval"
              className="select settings-select"
              value={current.intervalMinutes}
              aria-describedby="sync-interval-hint"
              onChange={(event) => save.mutate({ intervalMinutes: Number(event.target.value) })}
            >
              {intervals.map((minutes) => (
                <option key={minutes} value={minutes}>
                  {intervalLabel(minutes)}
                </option>
              ))}
            </select>
            <div id="sync-interval-hint" className="field-hint">
              Applies at once. Atom waits longer when your org is close to its daily API allowance.
            </div>
          </div>
          {active?.status === 'connected' && (
            <div className="settings-inline-action">
              <button type="button" className="button" disabled={starting} onClick={() => syncNow()}>
                Sync now
              </button>
              <span className="muted">as {active.username}</span>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
