/**
 * The desktop settings through the settings service and the contract: the quick lookup's shortcut
 * (checked and normalised by the schema, applied by the host at once, its registration state
 * reported — a shortcut another application holds says so) and opening at login; browser mode,
 * which has no host, refuses both and says they are unavailable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileKeyCipher } from '../../../src/main/core/auth/token-cipher';
import type { DesktopHost, ShortcutState } from '../../../src/main/core/desktop/desktop-host';
import { silentLogger } from '../../../src/main/core/logger';
import type { DesktopSettings } from '../../../src/main/core/settings/desktop-settings';
import { createSettingsService } from '../../../src/main/core/settings/settings';
import { createMemorySettingsStore } from '../../../src/main/core/settings/settings-store';
import { AppError } from '../../../src/shared/errors';
import { SettingsUpdate } from '../../../src/shared/ipc';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atom-desktop-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A host whose shortcut another application may hold, recording what it was asked to apply. */
function fakeHost(heldElsewhere: string[] = []) {
  let state: ShortcutState = 'registered';
  const applied: Array<[DesktopSettings, { shortcut: boolean; openAtLogin: boolean }]> = [];
  const host: Pick<DesktopHost, 'applyDesktopSettings' | 'desktopStatus'> = {
    applyDesktopSettings(settings, changed) {
      applied.push([settings, changed]);
      if (changed.shortcut)
        state = settings.quickLookupShortcut === null ? 'off' : heldElsewhere.includes(settings.quickLookupShortcut) ? 'in-use' : 'registered';
    },
    desktopStatus: () => ({ shortcutState: state, openAtLoginAvailable: true }),
  };
  return { host, applied };
}

const serviceWith = (desktop?: Pick<DesktopHost, 'applyDesktopSettings' | 'desktopStatus'>) =>
  createSettingsService({
    store: createMemorySettingsStore(),
    cipher: createFileKeyCipher(dir),
    env: {},
    callback: { kind: 'desktop', deepLinkRegistered: true },
    log: silentLogger,
    desktop,
  });

describe('the desktop settings', () => {
  it('a new shortcut is stored normalised, applied at once, and reported registered', async () => {
    const { host, applied } = fakeHost();
    const settings = serviceWith(host);
    expect((await settings.view()).desktop).toEqual({
      quickLookupShortcut: 'CommandOrControl+Shift+Space',
      shortcutState: 'registered',
      openAtLogin: false,
      openAtLoginAvailable: true,
    });
    const next = await settings.update(SettingsUpdate.parse({ quickLookupShortcut: 'ctrl+alt+k' }));
    expect(next.desktop).toMatchObject({ quickLookupShortcut: 'Control+Alt+K', shortcutState: 'registered' });
    expect(applied).toEqual([
      [
        { quickLookupShortcut: 'Control+Alt+K', openAtLogin: false },
        { shortcut: true, openAtLogin: false },
      ],
    ]);
  });

  it('a shortcut another application holds is kept, and Settings says it is in use; none turns it off', async () => {
    const { host } = fakeHost(['Alt+Space']);
    const settings = serviceWith(host);
    expect((await settings.update({ quickLookupShortcut: 'Alt+Space' })).desktop).toMatchObject({ quickLookupShortcut: 'Alt+Space', shortcutState: 'in-use' });
    expect((await settings.update({ quickLookupShortcut: null })).desktop).toMatchObject({ quickLookupShortcut: null, shortcutState: 'off' });
    // Other settings leave the shortcut alone.
    const watched = fakeHost();
    await serviceWith(watched.host).update({ apiSharePercent: 20 });
    expect(watched.applied).toEqual([]);
  });

  it('opening at login is stored and applied, alone', async () => {
    const { host, applied } = fakeHost();
    const settings = serviceWith(host);
    expect((await settings.update({ openAtLogin: true })).desktop.openAtLogin).toBe(true);
    expect(applied).toEqual([
      [
        { quickLookupShortcut: 'CommandOrControl+Shift+Space', openAtLogin: true },
        { shortcut: false, openAtLogin: true },
      ],
    ]);
  });

  it('the schema refuses what is not a global shortcut, with the reason', () => {
    const refused = SettingsUpdate.safeParse({ quickLookupShortcut: 'Shift+A' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ['quickLookupShortcut'], message: expect.stringMatching(/Add Ctrl/) });
    expect(SettingsUpdate.safeParse({ quickLookupShortcut: 'Ctrl+Nope' }).success).toBe(false);
    expect(SettingsUpdate.safeParse({ openAtLogin: 'yes' }).success).toBe(false);
  });

  it('browser mode (no host): unavailable, and an update of either is refused naming its field', async () => {
    const settings = serviceWith(undefined);
    expect((await settings.view()).desktop).toMatchObject({ shortcutState: 'unavailable', openAtLoginAvailable: false });
    const refusal = await settings.update({ quickLookupShortcut: 'Alt+K', openAtLogin: true }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'INVALID_INPUT', fields: ['quickLookupShortcut', 'openAtLogin'] });
    expect((await settings.view()).desktop.quickLookupShortcut).toBe('CommandOrControl+Shift+Space');
  });
});
