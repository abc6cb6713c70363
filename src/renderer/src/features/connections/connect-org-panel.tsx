import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { OrgEnvironment } from '../../../../shared/ipc';
import { api, call } from '../../lib/api';
import { queryKeys } from '../../lib/query-keys';
import { Field } from '../../components/field';
import { CheckIcon, CopyIcon } from '../../components/icons';
import { useLoginFlow } from './login-flow';
import { normalizeMyDomain } from './my-domain';

const CHOICES: Array<{ environment: OrgEnvironment; title: string; description: string }> = [
  { environment: 'production', title: 'Production', description: 'login.salesforce.com — your company’s live org' },
  { environment: 'sandbox', title: 'Sandbox', description: 'test.salesforce.com — a copy for testing' },
  { environment: 'custom', title: 'My Domain', description: 'Your company’s own login address' },
  { environment: 'demo', title: 'Demo org', description: 'A local practice org with sample data — nothing leaves this computer' },
];

/**
 * Whether a real org (production, sandbox, My Domain) can be logged in to: the settings' problems
 * (a missing consumer key, mostly) are known before any login starts, so the panel says so and
 * points to Settings instead of starting a login that can only fail.
 */
function useRealOrgBlocked(): boolean {
  const settings = useQuery({ queryKey: queryKeys.settings, queryFn: () => call(api.getSettings()) });
  return (settings.data?.problems.length ?? 0) > 0;
}

export function ConnectOrgPanel() {
  const login = useLoginFlow();
  const [environment, setEnvironment] = useState<OrgEnvironment>('production');
  const [myDomain, setMyDomain] = useState('');
  const [myDomainError, setMyDomainError] = useState<string>();
  const busy = login.state.phase !== 'idle' && login.state.phase !== 'failed';
  const blocked = useRealOrgBlocked() && environment !== 'demo';

  const connect = () => {
    if (blocked) return;
    if (environment === 'custom') {
      const checked = normalizeMyDomain(myDomain);
      if (!checked.ok) {
        setMyDomainError(checked.message);
        document.getElementById('my-domain-input')?.focus();
        return;
      }
      void login.start({ environment, myDomain: checked.host });
      return;
    }
    void login.start({ environment });
  };

  return (
    <section className="section card connect-panel" aria-labelledby="connect-heading">
      <h2 id="connect-heading" className="section-title">
        Connect an org
      </h2>
      <p className="muted">You’ll log in on Salesforce’s own page. Atom never sees your password.</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          connect();
        }}
      >
        <fieldset className="choice-grid">
          <legend className="visually-hidden">Where do you log in?</legend>
          {CHOICES.map((choice) => (
            <label key={choice.environment} className={`choice${environment === choice.environment ? ' choice-selected' : ''}`}>
              <input
                type="radio"
                name="environment"
                value={choice.environment}
                checked={environment === choice.environment}
                onChange={() => setEnvironment(choice.environment)}
              />
              <span className="choice-title">{choice.title}</span>
              <span className="choice-description">{choice.description}</span>
            </label>
          ))}
        </fieldset>

        {environment === 'custom' && (
          <Field label="My Domain" name="myDomain" error={myDomainError} hint="For example acme.my.salesforce.com">
            {(props) => (
              <input
                {...props}
                id="my-domain-input"
                className="input"
                type="text"
                inputMode="url"
                autoComplete="url"
                spellCheck={false}
                placeholder="acme.my.salesforce.com"
                value={myDomain}
                onChange={(e) => {
                  setMyDomain(e.target.value);
                  setMyDomainError(undefined);
                }}
              />
            )}
          </Field>
        )}

        {environment === 'demo' && <DemoCredentials />}

        {blocked && (
          <div className="callout callout-warn needs-key" id="needs-key-note" role="status" data-testid="needs-consumer-key">
            <div>
              <strong>Atom needs your company’s consumer key first.</strong> A production, sandbox or My Domain login goes through your company’s connected app
              in Salesforce; its consumer key goes in Settings (your Salesforce admin has it). The Demo org works without one.
            </div>
            <a className="button button-small" href="#/settings">
              Add the consumer key
            </a>
          </div>
        )}

        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy || blocked} aria-describedby={blocked ? 'needs-key-note' : undefined}>
            {busy ? 'Connecting…' : environment === 'demo' ? 'Connect the Demo org' : 'Log in with Salesforce'}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The Demo org's sign-in, from the core (app:info): the renderer never imports the emulator. */
function DemoCredentials() {
  const info = useQuery({ queryKey: queryKeys.appInfo, queryFn: () => call(api.getAppInfo()), staleTime: Infinity });
  const demo = info.data?.demoOrg;
  if (!demo) return null;
  return (
    <div className="demo-credentials" aria-label="Demo org login">
      <p>The Demo org runs on this computer. On its login page, sign in with:</p>
      <dl>
        <CopyRow label="Username" value={demo.username} testId="demo-username" />
        <CopyRow label="Password" value={demo.password} testId="demo-password" />
      </dl>
    </div>
  );
}

function CopyRow({ label, value, testId }: { label: string; value: string; testId: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-row">
      <dt>{label}</dt>
      <dd>
        <code data-testid={testId}>{value}</code>
        <button
          type="button"
          className="icon-button"
          aria-label={`Copy ${label.toLowerCase()}`}
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(
              () => {
                setCopied(true);
                window.setTimeout(() => setCopied(false), 1500);
              },
              () => undefined,
            );
          }}
        >
          {copied ? <CheckIcon size={15} /> : <CopyIcon size={15} />}
        </button>
      </dd>
    </div>
  );
}
