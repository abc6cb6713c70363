/**
 * Settings, in the order a salesperson needs them: My data & sync (scope and interval), Appearance
 * (theme, density), Notifications, the desktop app's shortcut, then Connections & advanced — the
 * OAuth client for real orgs and the API share, which an admin sets once. Values coming from
 * environment variables are shown read-only (the environment wins); the client secret is
 * write-only and never displayed.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { SettingsUpdate, type Settings } from '../../../../shared/ipc';
import { ErrorState, PageLoading } from '../../components/feedback';
import { Field } from '../../components/field';
import { AlertIcon, CheckIcon, LockIcon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { useToast } from '../../components/toast';
import { api, call, isAppError, transportMode } from '../../lib/api';
import { fieldErrorsFromIssues, splitServerError, type FieldErrors } from '../../lib/form-errors';
import { queryKeys } from '../../lib/query-keys';
import { AppearanceSection } from './appearance-section';
import { DesktopSettingsSection } from './desktop-settings-section';
import { SyncSettingsSection } from './sync-settings-section';
import { NotificationSettingsSection } from '../notifications/notification-settings-section';

interface Draft {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  loopbackPort: string;
  apiVersion: string;
  apiSharePercent: string;
}

const FIELDS = ['clientId', 'clientSecret', 'redirectUri', 'loopbackPort', 'apiVersion', 'apiSharePercent'] as const;

function draftFrom(settings: Settings): Draft {
  return {
    clientId: settings.clientId,
    clientSecret: '',
    redirectUri: settings.redirectUri,
    loopbackPort: String(settings.loopbackPort),
    apiVersion: settings.apiVersion,
    apiSharePercent: String(settings.apiSharePercent),
  };
}

export function SettingsPage() {
  const settings = useQuery({ queryKey: queryKeys.settings, queryFn: () => call(api.getSettings()) });
  return (
    <div className="page page-narrow">
      <PageHeader
        title="Settings"
        subtitle="Which records Atom keeps on this computer, how it looks and what it tells you. Connection details for admins are last."
      />
      {settings.isPending && <PageLoading />}
      {settings.isError && <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />}
      <SyncSettingsSection />
      {settings.data && <AppearanceSection settings={settings.data} />}
      <NotificationSettingsSection />
      {settings.data && <DesktopSettingsSection settings={settings.data} />}
      {settings.data && <SettingsForm settings={settings.data} />}
      <AboutCard />
    </div>
  );
}

function SettingsForm({ settings }: { settings: Settings }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [draft, setDraft] = useState<Draft>(() => draftFrom(settings));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  useEffect(() => setDraft(draftFrom(settings)), [settings]);

  const locked = (key: keyof Settings['sources']) => settings.sources[key] === 'environment';

  const save = useMutation({
    mutationFn: (update: SettingsUpdate) => call(api.updateSettings(update)),
    onSuccess: (next) => {
      queryClient.setQueryData(queryKeys.settings, next);
      setErrors({});
      setBanner(null);
      toast('Settings saved');
    },
    onError: (error) => {
      if (isAppError(error)) {
        const split = splitServerError(error, FIELDS);
        setErrors(split.fieldErrors);
        setBanner(split.bannerMessage);
      } else setBanner('Settings could not be saved. Please try again.');
    },
  });

  const buildUpdate = (): Record<string, unknown> => {
    const update: Record<string, unknown> = {};
    if (!locked('clientId') && draft.clientId.trim() !== settings.clientId) update.clientId = draft.clientId;
    if (!locked('clientSecret') && draft.clientSecret.trim() !== '') update.clientSecret = draft.clientSecret;
    if (!locked('redirectUri') && draft.redirectUri.trim() !== settings.redirectUri) update.redirectUri = draft.redirectUri;
    if (draft.loopbackPort.trim() !== String(settings.loopbackPort)) {
      update.loopbackPort = /^\d+$/.test(draft.loopbackPort.trim()) ? Number(draft.loopbackPort.trim()) : Number.NaN;
    }
    if (!locked('apiVersion') && draft.apiVersion.trim() !== settings.apiVersion) update.apiVersion = draft.apiVersion;
    if (draft.apiSharePercent.trim() !== String(settings.apiSharePercent)) {
      update.apiSharePercent = /^\d+$/.test(draft.apiSharePercent.trim()) ? Number(draft.apiSharePercent.trim()) : Number.NaN;
    }
    return update;
  };
  const update = buildUpdate();
  const dirty = Object.keys(update).length > 0;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = SettingsUpdate.safeParse(update);
    if (!parsed.success) {
      const fieldErrors = fieldErrorsFromIssues(parsed.error.issues);
      if (Number.isNaN(update.loopbackPort)) fieldErrors.loopbackPort = 'Enter a port number between 1024 and 65535';
      if (fieldErrors.apiSharePercent || Number.isNaN(update.apiSharePercent)) fieldErrors.apiSharePercent = 'Enter a whole percentage from 1 to 100';
      setErrors(fieldErrors);
      return;
    }
    save.mutate(parsed.data);
  };

  const set = (key: keyof Draft) => (value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const lockedHint = 'Set by an environment variable, so it can’t be changed here.';

  return (
    <form className="card form-card" onSubmit={onSubmit} noValidate aria-labelledby="connection-settings-title">
      <h2 id="connection-settings-title" className="form-section-title">
        Connections &amp; advanced
      </h2>
      <p className="muted">How Atom logs in to your own Salesforce orgs, usually set once by an admin. The Demo org needs none of this.</p>
      {settings.problems.length > 0 ? (
        <div className="callout callout-warn" role="status">
          <AlertIcon size={18} />
          <div>
            <strong>Before you can connect a real org</strong>
            <ul>
              {settings.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        </div>
      ) : (
        <div className="callout callout-ok" role="status">
          <CheckIcon size={18} />
          <div>Ready to connect Production, Sandbox and My Domain orgs.</div>
        </div>
      )}
      {banner && (
        <div className="callout callout-error" role="alert">
          <AlertIcon size={18} />
          <div>{banner}</div>
        </div>
      )}

      <h3 className="form-subsection-title">Connected app</h3>
      <div className="form-grid">
        <Field
          label="Consumer key"
          name="clientId"
          error={errors.clientId}
          hint={locked('clientId') ? lockedHint : 'From your External Client App in Salesforce Setup.'}
          wide
        >
          {(props) => (
            <input
              {...props}
              className="input mono"
              spellCheck={false}
              autoComplete="off"
              readOnly={locked('clientId')}
              value={draft.clientId}
              onChange={(e) => set('clientId')(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Client secret"
          name="clientSecret"
          error={errors.clientSecret}
          wide
          hint={
            locked('clientSecret') ? (
              lockedHint
            ) : (
              <>
                <LockIcon size={13} />{' '}
                {settings.hasClientSecret ? 'A secret is stored encrypted. Type a new one to replace it.' : 'Optional. Stored encrypted, never shown again.'}
              </>
            )
          }
        >
          {(props) => (
            <div className="input-row">
              <input
                {...props}
                className="input mono"
                type="password"
                autoComplete="new-password"
                placeholder={settings.hasClientSecret ? '•••••••• (stored)' : 'Not set'}
                readOnly={locked('clientSecret')}
                value={draft.clientSecret}
                onChange={(e) => set('clientSecret')(e.target.value)}
              />
              {settings.hasClientSecret && !locked('clientSecret') && (
                <button type="button" className="button" disabled={save.isPending} onClick={() => save.mutate({ clientSecret: null })}>
                  Remove
                </button>
              )}
            </div>
          )}
        </Field>
        <Field
          label="Redirect URI"
          name="redirectUri"
          error={errors.redirectUri}
          wide
          hint={
            locked('redirectUri')
              ? lockedHint
              : transportMode === 'browser'
                ? 'Must match the callback URL registered in Salesforce exactly. In browser mode it follows Atom’s port: start with --port to keep it stable.'
                : 'Must match the callback URL registered in Salesforce exactly. Clear it to use the default.'
          }
        >
          {(props) => (
            <input
              {...props}
              className="input mono"
              spellCheck={false}
              readOnly={locked('redirectUri')}
              value={draft.redirectUri}
              onChange={(e) => set('redirectUri')(e.target.value)}
            />
          )}
        </Field>
        <Field label="Loopback port" name="loopbackPort" error={errors.loopbackPort} hint="Used when the desktop app falls back to a local callback.">
          {(props) => (
            <input {...props} className="input" inputMode="numeric" value={draft.loopbackPort} onChange={(e) => set('loopbackPort')(e.target.value)} />
          )}
        </Field>
        <Field label="API version" name="apiVersion" error={errors.apiVersion} hint={locked('apiVersion') ? lockedHint : 'Such as 62.0'}>
          {(props) => (
            <input {...props} className="input" readOnly={locked('apiVersion')} value={draft.apiVersion} onChange={(e) => set('apiVersion')(e.target.value)} />
          )}
        </Field>
      </div>
      <h3 className="form-subsection-title">API usage</h3>
      <div className="form-grid">
        <Field
          label="Share of the org's daily API allowance (%)"
          name="apiSharePercent"
          error={errors.apiSharePercent}
          hint="Atom may use at most this share of each org's daily API calls, which your other apps and integrations share. Past it, or when the org itself is nearly out, background syncs wait; syncs you start still run."
          wide
        >
          {(props) => (
            <input
              {...props}
              type="number"
              min={1}
              max={100}
              step={1}
              className="input"
              inputMode="numeric"
              value={draft.apiSharePercent}
              onChange={(e) => set('apiSharePercent')(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="button"
          disabled={!dirty || save.isPending}
          onClick={() => {
            setDraft(draftFrom(settings));
            setErrors({});
            setBanner(null);
          }}
        >
          Discard changes
        </button>
        <button type="submit" className="button button-primary" disabled={!dirty || save.isPending}>
          {save.isPending ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}

function AboutCard() {
  const info = useQuery({ queryKey: queryKeys.appInfo, queryFn: () => call(api.getAppInfo()), staleTime: Infinity });
  if (!info.data) return null;
  return (
    <section className="card about-card" aria-label="About">
      <dl className="facts facts-inline">
        <div>
          <dt>App</dt>
          <dd>{info.data.name}</dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>{info.data.version}</dd>
        </div>
        <div>
          <dt>Mode</dt>
          <dd>{info.data.mode === 'browser' ? 'Browser' : 'Desktop'}</dd>
        </div>
        <div>
          <dt>Platform</dt>
          <dd>{info.data.platform}</dd>
        </div>
      </dl>
    </section>
  );
}
