/**
 * Settings → Notifications: each kind of change notification on or off, quiet hours (no pop-ups
 * between two times of day; the list behind the bell still gets them), and in browser mode whether
 * this browser may show pop-ups, with the button that asks. Each change is saved at once.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { NOTIFICATION_KINDS, type NotificationKind, type NotificationSettings, type NotificationSettingsUpdate } from '../../../../shared/ipc';
import { errorMessage } from '../../components/feedback';
import { AlertIcon, CheckIcon } from '../../components/icons';
import { api, call } from '../../lib/api';
import { queryKeys } from '../../lib/query-keys';
import { pageNotificationApi } from './browser-notifications';
import { browserPermission, type WebPermission } from './browser-popups';
import { useNotificationSettings, useUpdateNotificationSettings } from './use-notifications';

const KIND_CHOICES: Record<NotificationKind, { label: string; hint: string }> = {
  'case-assigned': { label: 'A case is assigned to me', hint: 'Someone else makes you the owner of a case.' },
  'lead-assigned': { label: 'A lead is assigned to me', hint: 'Someone else makes you the owner of a lead.' },
  'opportunity-changed': { label: 'My opportunity changes', hint: 'Someone else changes the stage, amount or close date of an opportunity you own.' },
  'task-assigned': { label: 'A task is assigned to me', hint: 'Someone else gives you an open task.' },
  'high-priority-case': { label: 'A high-priority case is opened on my account', hint: 'Someone else opens a case with priority High on an account you own.' },
};

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function NotificationSettingsSection() {
  const settings = useNotificationSettings();
  // Called here, beside the read of the settings: a change re-renders this component in its own
  // event, which reads the new choice from the cache (see useUpdateNotificationSettings).
  const save = useUpdateNotificationSettings();
  const info = useQuery({ queryKey: queryKeys.appInfo, queryFn: () => call(api.getAppInfo()), staleTime: Infinity });
  return (
    <section className="card form-card" aria-labelledby="notification-settings-title" data-testid="notification-settings">
      <h2 id="notification-settings-title" className="form-section-title">
        Notifications
      </h2>
      <p className="muted notification-settings-intro">
        After each sync Atom tells you what other people changed on your records. Your own changes never make a notification.
      </p>
      {settings.isError && (
        <div className="callout callout-error" role="alert">
          <AlertIcon size={18} />
          <div>{errorMessage(settings.error)}</div>
        </div>
      )}
      {settings.data && <SettingsForm settings={settings.data} save={save} />}
      {info.data?.mode === 'browser' && <BrowserPermission />}
      {info.data?.mode === 'electron' && <p className="muted">The desktop app shows them as your system’s notifications.</p>}
    </section>
  );
}

type Change = (update: NotificationSettingsUpdate) => void;

function SettingsForm({ settings, save }: { settings: NotificationSettings; save: ReturnType<typeof useUpdateNotificationSettings> }) {
  const change: Change = save.mutate;
  return (
    <>
      {save.isError && (
        <div className="callout callout-error" role="alert">
          <AlertIcon size={18} />
          <div>{errorMessage(save.error)}</div>
        </div>
      )}
      <fieldset className="convert-fieldset">
        <legend>Tell me when</legend>
        {NOTIFICATION_KINDS.map((kind) => (
          <label key={kind} className="checkbox-row notification-kind">
            <input
              type="checkbox"
              className="checkbox"
              checked={settings.kinds[kind]}
              onChange={(event) => change({ kinds: { [kind]: event.target.checked } })}
              aria-describedby={`notification-kind-${kind}`}
            />
            <span>
              {KIND_CHOICES[kind].label}
              <span id={`notification-kind-${kind}`} className="field-hint notification-kind-hint">
                {KIND_CHOICES[kind].hint}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <QuietHours quiet={settings.quietHours} change={change} />
    </>
  );
}

/** Quiet hours: on or off at once; a time is saved when its box is left holding a whole time. */
function QuietHours({ quiet, change }: { quiet: NotificationSettings['quietHours']; change: Change }) {
  const [start, setStart] = useState(quiet.start);
  const [end, setEnd] = useState(quiet.end);
  useEffect(() => {
    setStart(quiet.start);
    setEnd(quiet.end);
  }, [quiet.start, quiet.end]);
  const saveTime = (which: 'start' | 'end', value: string) => {
    if (TIME.test(value) && value !== quiet[which]) change({ quietHours: { [which]: value } });
  };
  const timeBox = (which: 'start' | 'end', label: string, value: string, set: (value: string) => void) => (
    <label className="quiet-hours-time">
      <span className="field-label">{label}</span>
      <input
        type="time"
        className="input"
        value={value}
        disabled={!quiet.enabled}
        onChange={(event) => set(event.target.value)}
        onBlur={() => saveTime(which, value)}
        data-testid={`quiet-hours-${which}`}
      />
    </label>
  );
  return (
    <fieldset className="convert-fieldset">
      <legend>Quiet hours</legend>
      <label className="checkbox-row">
        <input type="checkbox" className="checkbox" checked={quiet.enabled} onChange={(event) => change({ quietHours: { enabled: event.target.checked } })} />
        <span>No pop-ups between these times (they still reach the list)</span>
      </label>
      <div className="quiet-hours-times">
        {timeBox('start', 'From', start, setStart)}
        {timeBox('end', 'To', end, setEnd)}
        <span className="field-hint">This computer’s time. A span such as 20:00 to 07:00 runs overnight.</span>
      </div>
    </fieldset>
  );
}

const PERMISSION_WORDS: Record<WebPermission | 'unsupported', { tone: 'ok' | 'warn' | 'info'; text: string }> = {
  granted: { tone: 'ok', text: 'This browser shows Atom’s notifications.' },
  default: { tone: 'info', text: 'This browser has not been asked yet: until you allow them, notifications show only behind the bell.' },
  denied: {
    tone: 'warn',
    text: 'This browser blocks Atom’s notifications. Allow them in the site settings of the address bar; they still show behind the bell.',
  },
  unsupported: { tone: 'warn', text: 'This browser cannot show notifications; they show behind the bell.' },
};

/** Browser mode: whether the browser may show pop-ups, and the button that asks (a click is required to ask). */
function BrowserPermission() {
  const [permission, setPermission] = useState(() => browserPermission(pageNotificationApi()));
  const [asking, setAsking] = useState(false);
  const words = PERMISSION_WORDS[permission];
  const ask = async () => {
    setAsking(true);
    try {
      await window.Notification.requestPermission();
    } finally {
      setAsking(false);
      setPermission(browserPermission(pageNotificationApi()));
    }
  };
  return (
    <div className="browser-permission">
      <div
        className={`callout${words.tone === 'ok' ? ' callout-ok' : words.tone === 'warn' ? ' callout-warn' : ''}`}
        role="status"
        data-testid="browser-notification-permission"
        data-permission={permission}
      >
        {words.tone === 'ok' ? <CheckIcon size={18} /> : <AlertIcon size={18} />}
        <div>{words.text}</div>
      </div>
      {permission === 'default' && (
        <button type="button" className="button" disabled={asking} onClick={() => void ask()}>
          Allow browser notifications
        </button>
      )}
    </div>
  );
}
