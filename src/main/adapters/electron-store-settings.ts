/**
 * SettingsStore on electron-store: a JSON file in userData, written atomically. Only non-secret
 * settings live here (the client secret, if any, goes through the core's encrypted vault).
 */
import ElectronStore from 'electron-store';

import type { SettingsStore } from '../core/settings/settings-store';

export function createElectronStoreSettings(options: { cwd?: string; name?: string } = {}): SettingsStore {
  const store = new ElectronStore<Record<string, unknown>>({
    name: options.name ?? 'settings',
    ...(options.cwd ? { cwd: options.cwd } : {}),
    // Same file layout as the core's `conf` store (src/main/core/settings/settings-store.ts):
    // dotted keys nest, and the file is readable by its owner only.
    configFileMode: 0o600,
    // A corrupt or hand-edited file resets to defaults instead of crashing the app at startup.
    clearInvalidConfig: true,
  });
  return {
    get: (key) => store.get(key),
    set: (key, value) => {
      // electron-store refuses undefined; the core means "forget it".
      if (value === undefined) store.delete(key);
      else store.set(key, value);
    },
    delete: (key) => store.delete(key),
  };
}
