/**
 * Settings → Desktop app: the quick lookup's global shortcut and opening at login. The shortcut is
 * set by pressing it in its box (read by key position, src/shared/accelerator.ts) and saved at once;
 * the page then says how it stands — registered, held by another application (the system refused
 * it: choose another), turned off — rather than leaving a shortcut that silently does nothing.
 * Browser mode has no global shortcut, tray or login item: the section says so and is read-only.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type KeyboardEvent } from 'react';
import { acceleratorFromKeyPress, checkAccelerator, DEFAULT_QUICK_LOOKUP_SHORTCUT, formatAccelerator } from '../../../../shared/accelerator';
import type { Settings, SettingsUpdate } from '../../../../shared/ipc';
import { Field } from '../../components/field';
import { AlertIcon, CheckIcon } from '../../components/icons';
import { api, call, isAppError } from '../../lib/api';
import { queryKeys } from '../../lib/query-keys';

function shortcutSentence(desktop: Settings['desktop'], platform: string): { tone: 'ok' | 'warn' | 'info'; text: string } {
  const keys = desktop.quickLookupShortcut ? formatAccelerator(desktop.quickLookupShortcut, platform) : '';
  switch (desktop.shortcutState) {
    case 'registered':
      return { tone: 'ok', text: `Press ${keys} anywhere to open the quick lookup.` };
    case 'in-use':
      return { tone: 'warn', text: `Another application is using ${keys}, so it does nothing here. Choose another combination.` };
    case 'invalid':
      return { tone: 'warn', text: `This system does not take ${keys} as a shortcut. Choose another combination.` };
    case 'off':
      return { tone: 'info', text: 'No shortcut: open the quick lookup from the tray icon.' };
    case 'unavailable':
      return { tone: 'info', text: 'The global shortcut, the tray icon and opening at login belong to the desktop app.' };
  }
}

function useSaveDesktop(onError: (message: string) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (update: SettingsUpdate) => call(api.updateSettings(update)),
    onSuccess: (next) => queryClient.setQueryData(queryKeys.settings, next),
    onError: (error) => onError(isAppError(error) ? error.message : 'The setting could not be saved.'),
  });
}

export function DesktopSettingsSection({ settings }: { settings: Settings }) {
  const info = useQuery({ queryKey: queryKeys.appInfo, queryFn: () => call(api.getAppInfo()), staleTime: Infinity });
  const platform = info.data?.platform ?? 'linux';
  const desktop = settings.desktop;
  const available = desktop.shortcutState !== 'unavailable';
  const [pressed, setPressed] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  const save = useSaveDesktop(setError);
  const sentence = shortcutSentence(desktop, platform);
  const saveShortcut = (shortcut: string | null) => {
    setError(undefined);
    setPressed(null);
    save.mutate({ quickLookupShortcut: shortcut });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const bare = !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey;
    // Tab and Shift+Tab still move on; Escape leaves the box as it was.
    if (event.key === 'Tab' && !event.ctrlKey && !event.metaKey && !event.altKey) return;
    event.preventDefault();
    if (bare && event.key === 'Escape') return setPressed(null);
    const accelerator = acceleratorFromKeyPress(event, platform);
    if (!accelerator) return setPressed(event.ctrlKey || event.metaKey || event.altKey || event.shiftKey ? '…' : null);
    const check = checkAccelerator(accelerator);
    if (!check.ok) {
      setPressed(accelerator);
      return setError(check.reason);
    }
    if (check.accelerator !== desktop.quickLookupShortcut) saveShortcut(check.accelerator);
  };

  const shown =
    pressed && pressed !== '…'
      ? formatAccelerator(pressed, platform)
      : desktop.quickLookupShortcut
        ? formatAccelerator(desktop.quickLookupShortcut, platform)
        : 'None';
  return (
    <section className="card form-card" aria-labelledby="desktop-settings-title">
      <h2 id="desktop-settings-title" className="form-section-title">
        Desktop app
      </h2>
      <div
        className={`callout${sentence.tone === 'ok' ? ' callout-ok' : sentence.tone === 'warn' ? ' callout-warn' : ''}`}
        role="status"
        data-testid="shortcut-state"
      >
        {sentence.tone === 'ok' ? <CheckIcon size={18} /> : <AlertIcon size={18} />}
        <div>{sentence.text}</div>
      </div>
      <div className="form-grid">
        <Field
          label="Quick lookup shortcut"
          name="quickLookupShortcut"
          error={error}
          wide
          hint="Click the box, then press the keys together, such as Ctrl+Shift+Space."
        >
          {(props) => (
            <div className="input-row">
              <input {...props} className="input mono" readOnly disabled={!available || save.isPending} value={shown} onKeyDown={onKeyDown} />
              <button
                type="button"
                className="button"
                disabled={!available || save.isPending || desktop.quickLookupShortcut === DEFAULT_QUICK_LOOKUP_SHORTCUT}
                onClick={() => saveShortcut(DEFAULT_QUICK_LOOKUP_SHORTCUT)}
              >
                Use {formatAccelerator(DEFAULT_QUICK_LOOKUP_SHORTCUT, platform)}
              </button>
              <button
                type="button"
                className="button"
                disabled={!available || save.isPending || desktop.quickLookupShortcut === null}
                onClick={() => saveShortcut(null)}
              >
                No shortcut
              </button>
            </div>
          )}
        </Field>
        <Field
          label="Open at login"
          name="openAtLogin"
          hint={desktop.openAtLoginAvailable ? 'Start Atom for Salesforce when you log in to this computer.' : 'Only the desktop app can start at login.'}
        >
          {(props) => (
            <input
              {...props}
              type="checkbox"
              className="checkbox"
              disabled={!desktop.openAtLoginAvailable || save.isPending}
              checked={desktop.openAtLogin}
              onChange={(event) => {
                setError(undefined);
                save.mutate({ openAtLogin: event.target.checked });
              }}
            />
          )}
        </Field>
      </div>
    </section>
  );
}
