/**
 * The quick lookup's global shortcut, kept registered as the settings say. Electron's
 * `globalShortcut.register` returns false when another application holds the combination (the OS
 * refuses it): that is remembered as `in-use`, so Settings can say so instead of the shortcut
 * silently doing nothing. The API is passed in, so this is tested with a stand-in.
 */
import { checkAccelerator } from '../../shared/accelerator';

export type ShortcutState =
  /** Registered: pressing it anywhere opens the quick lookup. */
  | 'registered'
  /** Another application holds it (or the system refused it). */
  | 'in-use'
  /** Not a combination a global shortcut can be. */
  | 'invalid'
  /** Turned off in Settings. */
  | 'off';

export interface GlobalShortcutApi {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface ShortcutKeeper {
  /** Registers `accelerator` instead of the current one (null: none) and says how it went. */
  apply(accelerator: string | null): ShortcutState;
  readonly state: ShortcutState;
  /** The registered accelerator, or null. */
  readonly active: string | null;
  dispose(): void;
}

export function createShortcutKeeper(api: GlobalShortcutApi, onPress: () => void, log?: { warn(message: string, details?: unknown): void }): ShortcutKeeper {
  let active: string | null = null;
  let state: ShortcutState = 'off';

  const release = () => {
    if (active) api.unregister(active);
    active = null;
  };

  return {
    apply(accelerator) {
      release();
      if (accelerator === null) return (state = 'off');
      const check = checkAccelerator(accelerator);
      if (!check.ok) return (state = 'invalid');
      let registered: boolean;
      try {
        registered = api.register(check.accelerator, onPress);
      } catch (error) {
        // Electron throws for an accelerator it cannot parse on this system.
        log?.warn('The quick lookup shortcut could not be registered', error instanceof Error ? error.message : String(error));
        return (state = 'invalid');
      }
      if (!registered) {
        log?.warn('Another application holds the quick lookup shortcut', { accelerator: check.accelerator });
        return (state = 'in-use');
      }
      active = check.accelerator;
      return (state = 'registered');
    },
    get state() {
      return state;
    },
    get active() {
      return active;
    },
    dispose() {
      release();
      state = 'off';
    },
  };
}
