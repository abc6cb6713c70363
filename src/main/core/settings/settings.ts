/**
 * The effective Salesforce settings: environment variables win (and cannot be edited on screen),
 * then what the user saved, then defaults. The client secret is optional, stored only encrypted,
 * and never leaves the core.
 */
import { AppError } from '../../../shared/errors';
import { DEEP_LINK_REDIRECT_URI, DEFAULT_API_VERSION, DEFAULT_LOOPBACK_PORT, LOOPBACK_CALLBACK_PATH } from '../../../shared/app-identity';
import { ApiSharePercent, DEFAULT_API_SHARE_PERCENT, type DesktopSettingsView, type Settings, type SettingsUpdate } from '../../../shared/ipc';
import { secretContext, type TokenCipher } from '../auth/token-cipher';
import type { DesktopHost } from '../desktop/desktop-host';
import type { Logger } from '../logger';
import { readAppearanceSettings, writeAppearanceSettings } from './appearance-settings';
import { readDesktopSettings, writeDesktopSettings } from './desktop-settings';
import type { SettingsStore } from './settings-store';

/**
 * Said on Settings (beside the field itself) and at a refused login: so it names no place and no
 * environment variable, only what is missing and who has it.
 */
export const MISSING_CLIENT_ID_PROBLEM = 'A real org needs the consumer key of your company’s connected app. Your Salesforce admin can give it to you.';

const KEYS = {
  clientId: 'salesforce.clientId',
  /** The client secret sealed for this setting (see TokenCipher). */
  clientSecret: 'salesforce.clientSecretSealed',
  /** Where earlier versions kept it, not sealed for a context: read once, then moved to clientSecret. */
  unboundClientSecret: 'salesforce.clientSecretEncrypted',
  redirectUri: 'salesforce.redirectUri',
  loopbackPort: 'salesforce.loopbackPort',
  apiVersion: 'salesforce.apiVersion',
  apiSharePercent: 'usage.apiSharePercent',
} as const;

export type SettingSource = 'environment' | 'settings' | 'default';

export type CallbackConfig = { kind: 'desktop'; deepLinkRegistered: boolean } | { kind: 'browser'; callbackUrl: string };

/** How the callback of a login reaches the app. */
export type RedirectTarget =
  | { kind: 'deep-link'; uri: string }
  | { kind: 'loopback'; uri: string; port: number; path: string }
  /** Browser mode: the bridge serves the callback itself. */
  | { kind: 'bridge'; uri: string }
  /** Configured, but the app could not receive callbacks there (see the problem). */
  | { kind: 'invalid'; uri: string; problem: string };

export interface ResolvedSettings {
  clientId: string;
  clientSecret?: string;
  redirect: RedirectTarget;
  loopbackPort: number;
  apiVersion: string;
  sources: { clientId: SettingSource; clientSecret: SettingSource; redirectUri: SettingSource; apiVersion: SettingSource };
  problems: string[];
}

export interface SettingsService {
  resolve(): Promise<ResolvedSettings>;
  /** What the renderer may see. */
  view(): Promise<Settings>;
  update(patch: SettingsUpdate): Promise<Settings>;
  /** The redirect to use for the Demo org (its connected app accepts the deep link and any loopback). */
  demoRedirect(): Promise<RedirectTarget>;
  /** The share (1–100%) of each org's daily API allowance Atom may use (the budget guard reads it often: synchronous, no decryption). */
  apiSharePercent(): number;
}

const API_VERSION = /^[1-9]\d\.0$/;

const CLIENT_SECRET_CONTEXT = secretContext('settings', 'client_secret');

/** The share of an org's daily API allowance Atom may use (stored setting, else the default). */
export function readApiSharePercent(store: SettingsStore): number {
  const parsed = ApiSharePercent.safeParse(store.get(KEYS.apiSharePercent));
  return parsed.success ? parsed.data : DEFAULT_API_SHARE_PERCENT;
}
const CLIENT_ID = /^[\x21-\x7e]{1,255}$/;

/** Accepts `62`, `v62.0`, `62.0`; returns `62.0` or undefined. */
export function normalizeApiVersion(raw: string): string | undefined {
  const text = raw.trim().replace(/^v/i, '');
  const candidate = /^\d+$/.test(text) ? `${text}.0` : text;
  return API_VERSION.test(candidate) ? candidate : undefined;
}

export function loopbackRedirectUri(port: number): string {
  return `http://127.0.0.1:${port}${LOOPBACK_CALLBACK_PATH}`;
}

/** Classifies a redirect URI, or explains why the app could not receive callbacks on it. */
export function classifyRedirect(uri: string, callback: CallbackConfig): Exclude<RedirectTarget, { kind: 'invalid' }> | { problem: string } {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { problem: `The callback URL "${uri}" is not a valid URL.` };
  }
  if (callback.kind === 'browser') {
    const bridge = new URL(callback.callbackUrl);
    const sameLoopback = ['127.0.0.1', 'localhost'].includes(url.hostname) && url.protocol === 'http:';
    if (sameLoopback && url.port === bridge.port && url.pathname === bridge.pathname) return { kind: 'bridge', uri };
    return { problem: `In browser mode the callback URL must be ${callback.callbackUrl} (add it to your connected app).` };
  }
  if (uri === DEEP_LINK_REDIRECT_URI) {
    if (!callback.deepLinkRegistered) {
      return {
        problem: `This system did not let the app register ${DEEP_LINK_REDIRECT_URI} links. Use the loopback callback ${loopbackRedirectUri(DEFAULT_LOOPBACK_PORT)} instead.`,
      };
    }
    return { kind: 'deep-link', uri };
  }
  if (url.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname) && !url.search && !url.hash) {
    const port = Number(url.port);
    if (!url.port || port < 1024 || port > 65_535) {
      return { problem: 'A loopback callback URL needs an explicit port between 1024 and 65535, e.g. http://127.0.0.1:17017/oauth/callback.' };
    }
    return { kind: 'loopback', uri, port, path: url.pathname || '/' };
  }
  return {
    problem: `The app cannot receive logins at "${uri}". Use ${DEEP_LINK_REDIRECT_URI} or a loopback URL such as ${loopbackRedirectUri(DEFAULT_LOOPBACK_PORT)}.`,
  };
}

export function createSettingsService(deps: {
  store: SettingsStore;
  cipher: TokenCipher;
  env: Record<string, string | undefined>;
  callback: CallbackConfig;
  log: Logger;
  /** Told after every saved update (the budget guard re-announces its snapshots when the share changes). */
  onUpdated?: () => void;
  /** The desktop app's shortcut and login item (absent in browser mode, which has neither). */
  desktop?: Pick<DesktopHost, 'applyDesktopSettings' | 'desktopStatus'>;
}): SettingsService {
  const { store, cipher, env, callback, log } = deps;
  /** Used when the OS has no safe key store: the secret lives only as long as the process. */
  let memorySecret: string | undefined;

  const envValue = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const storedString = (key: string): string | undefined => {
    const v = store.get(key);
    return typeof v === 'string' && v.trim() ? v.trim() : undefined;
  };

  /** The saved client secret; one saved by an earlier version is sealed for this setting on first read. */
  const readStoredSecret = async (): Promise<string> => {
    const sealed = storedString(KEYS.clientSecret);
    if (sealed) return cipher.decrypt(Buffer.from(sealed, 'base64'), CLIENT_SECRET_CONTEXT);
    const unbound = storedString(KEYS.unboundClientSecret) ?? '';
    if (!cipher.decryptUnbound) throw new Error('This key store cannot read a secret saved by an earlier version');
    const plain = await cipher.decryptUnbound(Buffer.from(unbound, 'base64'));
    try {
      store.set(KEYS.clientSecret, (await cipher.encrypt(plain, CLIENT_SECRET_CONTEXT)).toString('base64'));
      store.delete(KEYS.unboundClientSecret);
    } catch (err) {
      log.warn('The saved client secret could not be sealed again; it stays as it was', err);
    }
    return plain;
  };

  const storedLoopbackPort = (): number => {
    const v = store.get(KEYS.loopbackPort);
    return typeof v === 'number' && Number.isInteger(v) && v >= 1024 && v <= 65_535 ? v : DEFAULT_LOOPBACK_PORT;
  };

  /** A hand-edited or damaged value falls back to the default rather than failing the guard. */
  const apiSharePercent = (): number => readApiSharePercent(store);

  const defaultRedirect = (port: number): RedirectTarget => {
    if (callback.kind === 'browser') return { kind: 'bridge', uri: callback.callbackUrl };
    if (callback.deepLinkRegistered) return { kind: 'deep-link', uri: DEEP_LINK_REDIRECT_URI };
    return { kind: 'loopback', uri: loopbackRedirectUri(port), port, path: LOOPBACK_CALLBACK_PATH };
  };

  const resolve = async (): Promise<ResolvedSettings> => {
    const problems: string[] = [];

    const envClientId = envValue('SALESFORCE_CLIENT_ID');
    const clientId = envClientId ?? storedString(KEYS.clientId) ?? '';
    const clientIdSource: SettingSource = envClientId ? 'environment' : clientId ? 'settings' : 'default';
    if (!clientId) problems.push(MISSING_CLIENT_ID_PROBLEM);
    else if (!CLIENT_ID.test(clientId)) {
      problems.push("The consumer key contains spaces or unusual characters. Copy it again from your connected app's settings.");
    }

    const envSecret = envValue('SALESFORCE_CLIENT_SECRET');
    let clientSecret = envSecret;
    let secretSource: SettingSource = envSecret ? 'environment' : 'default';
    if (!clientSecret) {
      if (storedString(KEYS.clientSecret) || storedString(KEYS.unboundClientSecret)) {
        try {
          clientSecret = await readStoredSecret();
          secretSource = 'settings';
        } catch (err) {
          log.warn('The stored client secret could not be decrypted', err);
          problems.push('The saved client secret could not be read (the encryption key changed). Enter it again.');
        }
      } else if (memorySecret) {
        clientSecret = memorySecret;
        secretSource = 'settings';
      }
    }

    const port = storedLoopbackPort();
    const envRedirect = envValue('SALESFORCE_REDIRECT_URI');
    const storedRedirect = storedString(KEYS.redirectUri);
    const chosenRedirect = envRedirect ?? storedRedirect;
    let redirect = defaultRedirect(port);
    let redirectSource: SettingSource = envRedirect ? 'environment' : storedRedirect ? 'settings' : 'default';
    if (chosenRedirect) {
      const classified = classifyRedirect(chosenRedirect, callback);
      if ('problem' in classified) {
        problems.push(classified.problem);
        redirectSource = envRedirect ? 'environment' : 'settings';
        // Keep showing what was configured, so the user sees what to fix.
        redirect = { kind: 'invalid', uri: chosenRedirect, problem: classified.problem };
      } else {
        redirect = classified;
      }
    }

    const envVersion = envValue('SALESFORCE_API_VERSION');
    const storedVersion = storedString(KEYS.apiVersion);
    let apiVersion = DEFAULT_API_VERSION;
    let versionSource: SettingSource = 'default';
    if (envVersion) {
      const v = normalizeApiVersion(envVersion);
      if (v) {
        apiVersion = v;
        versionSource = 'environment';
      } else {
        problems.push(`SALESFORCE_API_VERSION "${envVersion}" is not an API version. Use something like ${DEFAULT_API_VERSION}.`);
      }
    } else if (storedVersion) {
      const v = normalizeApiVersion(storedVersion);
      if (v) {
        apiVersion = v;
        versionSource = 'settings';
      }
    }

    return {
      clientId,
      clientSecret,
      redirect,
      loopbackPort: port,
      apiVersion,
      sources: { clientId: clientIdSource, clientSecret: secretSource, redirectUri: redirectSource, apiVersion: versionSource },
      problems,
    };
  };

  const desktopView = (): DesktopSettingsView => {
    const stored = readDesktopSettings(store);
    const status = deps.desktop?.desktopStatus();
    return {
      ...stored,
      shortcutState: status ? status.shortcutState : 'unavailable',
      openAtLoginAvailable: status?.openAtLoginAvailable ?? false,
    };
  };

  const view = async (): Promise<Settings> => {
    const s = await resolve();
    return {
      clientId: s.clientId,
      hasClientSecret: Boolean(s.clientSecret),
      redirectUri: s.redirect.uri,
      loopbackPort: s.loopbackPort,
      apiVersion: s.apiVersion,
      apiSharePercent: apiSharePercent(),
      sources: s.sources,
      problems: s.problems,
      desktop: desktopView(),
      appearance: readAppearanceSettings(store),
    };
  };

  const fromEnvironment = (field: keyof ResolvedSettings['sources'], envName: string) =>
    new AppError('INVALID_INPUT', `This value comes from the ${envName} environment variable and can't be changed here.`, [field]);

  return {
    resolve,
    view,
    apiSharePercent,

    async update(patch) {
      const current = await resolve();
      if (patch.clientId !== undefined) {
        if (current.sources.clientId === 'environment') throw fromEnvironment('clientId', 'SALESFORCE_CLIENT_ID');
        if (patch.clientId && !CLIENT_ID.test(patch.clientId)) {
          throw new AppError('INVALID_INPUT', 'The consumer key cannot contain spaces or unusual characters.', ['clientId']);
        }
      }
      if (patch.clientSecret !== undefined && current.sources.clientSecret === 'environment') {
        throw fromEnvironment('clientSecret', 'SALESFORCE_CLIENT_SECRET');
      }
      if (patch.redirectUri !== undefined) {
        if (current.sources.redirectUri === 'environment') throw fromEnvironment('redirectUri', 'SALESFORCE_REDIRECT_URI');
        if (patch.redirectUri) {
          const classified = classifyRedirect(patch.redirectUri, callback);
          if ('problem' in classified) throw new AppError('INVALID_INPUT', classified.problem, ['redirectUri']);
        }
      }
      if (patch.apiVersion !== undefined && current.sources.apiVersion === 'environment') {
        throw fromEnvironment('apiVersion', 'SALESFORCE_API_VERSION');
      }
      const desktopChange = { shortcut: patch.quickLookupShortcut !== undefined, openAtLogin: patch.openAtLogin !== undefined };
      if ((desktopChange.shortcut || desktopChange.openAtLogin) && !deps.desktop) {
        const fields = [...(desktopChange.shortcut ? ['quickLookupShortcut'] : []), ...(desktopChange.openAtLogin ? ['openAtLogin'] : [])];
        throw new AppError('INVALID_INPUT', 'The global shortcut and opening at login belong to the desktop app.', fields);
      }

      // Encrypt before writing anything, so a failure leaves the settings unchanged.
      let secretBlob: string | null | undefined;
      let secretInMemory = false;
      if (patch.clientSecret) {
        const availability = await cipher.availability();
        if (availability.persist) secretBlob = (await cipher.encrypt(patch.clientSecret, CLIENT_SECRET_CONTEXT)).toString('base64');
        else secretInMemory = true;
      } else if (patch.clientSecret !== undefined) {
        secretBlob = null; // null or '' clears it
      }

      if (patch.clientId !== undefined) {
        if (patch.clientId) store.set(KEYS.clientId, patch.clientId);
        else store.delete(KEYS.clientId);
      }
      if (secretBlob !== undefined || secretInMemory) store.delete(KEYS.unboundClientSecret);
      if (secretBlob) {
        store.set(KEYS.clientSecret, secretBlob);
        memorySecret = undefined;
      } else if (secretInMemory) {
        store.delete(KEYS.clientSecret);
        memorySecret = patch.clientSecret ?? undefined;
      } else if (secretBlob === null) {
        store.delete(KEYS.clientSecret);
        memorySecret = undefined;
      }
      if (patch.redirectUri !== undefined) {
        if (patch.redirectUri) store.set(KEYS.redirectUri, patch.redirectUri);
        else store.delete(KEYS.redirectUri);
      }
      if (patch.loopbackPort !== undefined) store.set(KEYS.loopbackPort, patch.loopbackPort);
      if (patch.apiVersion !== undefined) store.set(KEYS.apiVersion, patch.apiVersion);
      if (patch.apiSharePercent !== undefined) store.set(KEYS.apiSharePercent, patch.apiSharePercent);
      writeAppearanceSettings(store, { theme: patch.theme, density: patch.density });
      if (deps.desktop && (desktopChange.shortcut || desktopChange.openAtLogin)) {
        writeDesktopSettings(store, { quickLookupShortcut: patch.quickLookupShortcut, openAtLogin: patch.openAtLogin });
        // Registered (or refused) now; view() below says how it went.
        deps.desktop.applyDesktopSettings(readDesktopSettings(store), desktopChange);
      }
      try {
        deps.onUpdated?.();
      } catch (err) {
        log.warn('A settings listener failed', err instanceof Error ? err.message : String(err));
      }
      return view();
    },

    async demoRedirect() {
      const s = await resolve();
      // A configured loopback or deep link works for the Demo org too; anything broken falls back.
      return s.redirect.kind === 'invalid' ? defaultRedirect(s.loopbackPort) : s.redirect;
    },
  };
}
