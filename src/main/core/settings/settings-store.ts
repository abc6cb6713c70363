/**
 * Where non-secret settings live. The desktop app uses electron-store (src/main/adapters);
 * browser mode and tests use `conf` (same API, plain Node) in the data directory.
 */
import Conf from 'conf';

export interface SettingsStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/** `<dataDir>/settings.json`, written atomically, owner-only. */
export function createConfSettingsStore(dataDir: string): SettingsStore {
  const conf = new Conf<Record<string, unknown>>({
    cwd: dataDir,
    configName: 'settings',
    configFileMode: 0o600,
    // Settings are a handful of strings; no migrations or schema versions needed here.
    clearInvalidConfig: true,
  });
  return {
    get: (key) => conf.get(key),
    set: (key, value) => conf.set(key, value),
    delete: (key) => conf.delete(key),
  };
}

/** A settings store in memory, for tests and for hosts that do not persist settings. */
export function createMemorySettingsStore(initial: Record<string, unknown> = {}): SettingsStore {
  const values = new Map(Object.entries(initial));
  return {
    get: (key) => values.get(key),
    set: (key, value) => void values.set(key, value),
    delete: (key) => void values.delete(key),
  };
}
