/**
 * Browser mode: the app core behind a loopback HTTP bridge instead of Electron IPC.
 * Same core, same gate, same contract; only the transport and the key storage differ: a plain
 * Node process cannot reach the OS keychain, so logins stay in memory unless the user asks to
 * remember them, and then the key lives outside the data folder (key-file.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BROWSER_MODE_CALLBACK_PATH } from '../../shared/app-identity';
import { createAppCore } from '../core/app-core';
import { createConfSettingsStore } from '../core/settings/settings-store';
import { ensurePrivateDir } from '../core/storage/private-files';
import { PROJECT_ROOT, RENDERER_OUT_DIR } from './build-renderer';
import { openWebLoginStorage } from './key-file';
import { startBridgeServer } from './server';

export interface WebModeOptions {
  /** 0 or undefined: a free port. */
  port?: number;
  dataDir: string;
  env?: Record<string, string | undefined>;
  /** Defaults to dist/renderer (build it first with ensureRendererBuilt). */
  staticDir?: string;
  /**
   * Keep logins across restarts (`--remember-logins`): refresh tokens encrypted in the data folder
   * with the key in `keyFile`, which must be outside it. Without it, logins stay in memory.
   */
  rememberLogins?: { keyFile: string; isDefault?: boolean };
}

export interface WebMode {
  /** Open this: it carries the per-launch secret in the fragment. */
  url: string;
  origin: string;
  secret: string;
  /** Where logins are kept, in one line for the terminal. */
  loginStorage: string;
  close(): Promise<void>;
}

function readAppVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export async function startWebMode(options: WebModeOptions): Promise<WebMode> {
  const dataDir = path.resolve(options.dataDir);
  // A --data-dir the user passes may already exist with looser permissions: tighten it too.
  ensurePrivateDir(dataDir);
  // Checked before the bridge listens: a key file inside the data folder is refused.
  const logins = openWebLoginStorage({ dataDir, rememberLogins: options.rememberLogins });
  const bridge = await startBridgeServer({ staticDir: options.staticDir ?? RENDERER_OUT_DIR, port: options.port });
  try {
    const core = await createAppCore({
      dataDir,
      mode: 'browser',
      appVersion: readAppVersion(),
      platform: process.platform,
      tokenCipher: logins.cipher,
      settingsStore: createConfSettingsStore(dataDir),
      env: options.env ?? process.env,
      callback: { kind: 'browser', callbackUrl: `${bridge.origin}${BROWSER_MODE_CALLBACK_PATH}` },
    });
    bridge.attachCore(core);
    return {
      url: bridge.url,
      origin: bridge.origin,
      secret: bridge.secret,
      loginStorage: logins.summary,
      async close() {
        await bridge.close();
        await core.close();
      },
    };
  } catch (error) {
    await bridge.close();
    throw error;
  }
}
