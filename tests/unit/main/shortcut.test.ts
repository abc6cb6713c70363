/**
 * The quick lookup's global shortcut kept registered (src/main/desktop/shortcut.ts), against a
 * stand-in for Electron's globalShortcut where another application can hold a combination.
 */
import { describe, expect, it } from 'vitest';
import { wantsQuickLookup } from '../../../src/main/desktop/launch-args';
import { createShortcutKeeper, type GlobalShortcutApi } from '../../../src/main/desktop/shortcut';
import { readDesktopSettings, writeDesktopSettings } from '../../../src/main/core/settings/desktop-settings';
import { createMemorySettingsStore } from '../../../src/main/core/settings/settings-store';

function fakeGlobalShortcut(heldElsewhere: string[] = []) {
  const registered = new Map<string, () => void>();
  const api: GlobalShortcutApi = {
    register(accelerator, callback) {
      if (accelerator === 'Control+Hyper') throw new Error('Invalid accelerator');
      if (heldElsewhere.includes(accelerator) || registered.has(accelerator)) return false;
      registered.set(accelerator, callback);
      return true;
    },
    unregister: (accelerator) => void registered.delete(accelerator),
  };
  return { api, registered, press: (accelerator: string) => registered.get(accelerator)?.() };
}

describe('the shortcut keeper', () => {
  it('registers the shortcut, and a new one in its place; pressing it opens the quick lookup', () => {
    const fake = fakeGlobalShortcut();
    let opened = 0;
    const keeper = createShortcutKeeper(fake.api, () => opened++);
    expect(keeper.apply('ctrl+shift+space')).toBe('registered');
    expect(keeper.active).toBe('Control+Shift+Space');
    fake.press('Control+Shift+Space');
    expect(opened).toBe(1);
    expect(keeper.apply('Alt+Space')).toBe('registered');
    expect([...fake.registered.keys()]).toEqual(['Alt+Space']);
  });

  it('says when another application holds it, and keeps nothing registered then', () => {
    const fake = fakeGlobalShortcut(['CommandOrControl+Shift+Space']);
    const warnings: string[] = [];
    const keeper = createShortcutKeeper(fake.api, () => undefined, { warn: (message) => warnings.push(message) });
    keeper.apply('Alt+K');
    expect(keeper.apply('CommandOrControl+Shift+Space')).toBe('in-use');
    expect(keeper.state).toBe('in-use');
    expect(keeper.active).toBeNull();
    expect(fake.registered.size).toBe(0);
    expect(warnings).toEqual(['Another application holds the quick lookup shortcut']);
  });

  it('turns off, refuses what is not a shortcut (or what Electron cannot parse), and gives it back on dispose', () => {
    const fake = fakeGlobalShortcut();
    const keeper = createShortcutKeeper(fake.api, () => undefined);
    expect(keeper.apply('Alt+K')).toBe('registered');
    expect(keeper.apply(null)).toBe('off');
    expect(fake.registered.size).toBe(0);
    expect(keeper.apply('Shift+A')).toBe('invalid');
    expect(keeper.apply('Alt+K')).toBe('registered');
    keeper.dispose();
    expect(fake.registered.size).toBe(0);
    expect(keeper.state).toBe('off');
  });
});

describe('the desktop settings in the store', () => {
  it('default to Ctrl/Cmd+Shift+Space and not opening at login; keep an off shortcut off; ignore a hand-edited bad one', () => {
    const store = createMemorySettingsStore();
    expect(readDesktopSettings(store)).toEqual({ quickLookupShortcut: 'CommandOrControl+Shift+Space', openAtLogin: false });
    writeDesktopSettings(store, { quickLookupShortcut: 'Alt+K', openAtLogin: true });
    expect(readDesktopSettings(store)).toEqual({ quickLookupShortcut: 'Alt+K', openAtLogin: true });
    writeDesktopSettings(store, { quickLookupShortcut: null });
    expect(readDesktopSettings(store).quickLookupShortcut).toBeNull();
    store.set('desktop.quickLookupShortcut', 'Shift+A');
    store.set('desktop.openAtLogin', 'yes');
    expect(readDesktopSettings(store)).toEqual({ quickLookupShortcut: 'CommandOrControl+Shift+Space', openAtLogin: false });
  });
});

describe('--quick-lookup on the command line', () => {
  it('is asked for by the exact switch, or by what a second launch handed over', () => {
    expect(wantsQuickLookup(['/opt/atom/atom', '--quick-lookup'])).toBe(true);
    expect(wantsQuickLookup(['/opt/atom/atom'], { quickLookup: true })).toBe(true);
    expect(wantsQuickLookup(['/opt/atom/atom', '--quick-lookup=1', '--quick-lookups', 'quick-lookup'])).toBe(false);
    expect(wantsQuickLookup(['/opt/atom/atom'], { quickLookup: 'yes' })).toBe(false);
    expect(wantsQuickLookup(['/opt/atom/atom'], null)).toBe(false);
  });
});
