/**
 * Where browser mode keeps logins. A plain Node process cannot reach the OS keychain, so:
 *
 * - By default, nowhere: tokens stay in the process's memory and the user logs in again after a
 *   restart (the Connections screen says so).
 * - With `--remember-logins`, refresh tokens are stored encrypted in the data folder, and the key
 *   that opens them is kept OUTSIDE that folder (the user's config folder, or `--key-file`), so a
 *   copy of the data folder (a backup, a synced folder, a support bundle) does not carry the means
 *   to read its tokens. A key file inside the data folder is refused.
 *
 * Versions before this one kept the key at `<data folder>/token-key`; that file is retired here
 * (moved to the new place when logins are remembered, deleted otherwise).
 */
import { chmodSync, copyFileSync, constants as fsConstants, existsSync, mkdirSync, realpathSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKeyFileCipher, createMemoryOnlyCipher, KEY_FILE_NAME, type TokenCipher } from '../core/auth/token-cipher';
import { ensurePrivateDir, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../core/storage/private-files';

export const APP_CONFIG_FOLDER = 'atom-for-salesforce';
export const WEB_KEY_FILE_NAME = 'browser-mode-token-key';

export const MEMORY_ONLY_REASON = 'Browser mode keeps logins in memory only unless it is started with --remember-logins (npm run web -- --remember-logins).';

/** The user's config folder: $XDG_CONFIG_HOME, %APPDATA% on Windows, else ~/.config. */
function configHome(env: Record<string, string | undefined>, platform: NodeJS.Platform, home: string): string {
  const xdg = env.XDG_CONFIG_HOME?.trim();
  if (xdg && path.isAbsolute(xdg)) return xdg;
  if (platform === 'win32') return env.APPDATA?.trim() || path.join(home, 'AppData', 'Roaming');
  return path.join(home, '.config');
}

/** Where `--remember-logins` keeps its key when `--key-file` does not say: `<config>/atom-for-salesforce/browser-mode-token-key`. */
export function defaultWebKeyFile(env: Record<string, string | undefined> = process.env, platform = process.platform, home = os.homedir()): string {
  return path.join(configHome(env, platform, home), APP_CONFIG_FOLDER, WEB_KEY_FILE_NAME);
}

/** The real path of `p` as far as it exists, with the part that does not exist yet appended (symlinks resolved). */
function realPathSoFar(p: string): string {
  const missing: string[] = [];
  let current = path.resolve(p);
  for (;;) {
    try {
      return path.join(realpathSync(current), ...missing.reverse());
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(p);
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Throws when the key file would sit in the data folder (or one of its subfolders), symlinks included. */
export function assertKeyOutsideDataDir(keyFile: string, dataDir: string): void {
  const inside = isInside(path.resolve(keyFile), path.resolve(dataDir)) || isInside(realPathSoFar(keyFile), realPathSoFar(dataDir));
  if (inside) {
    throw new Error(
      `The key file ${keyFile} is inside the data folder ${dataDir}: a copy of that folder would carry the key that opens its logins. ` +
        'Choose a --key-file outside it.',
    );
  }
}

/** Creates the key's folder owner-only (0700); the default one is ours and tightened too, a folder the user named is left as it is. */
function prepareKeyFolder(keyFile: string, ours: boolean): void {
  const folder = path.dirname(keyFile);
  if (ours) ensurePrivateDir(folder);
  else mkdirSync(folder, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * The key of an earlier version, kept in the data folder. Remembering logins with no key at the
 * new place yet: it moves there (logins saved with it stay readable). Otherwise it is deleted, so
 * the data folder holds no key; the tokens it opened are wiped by the vault at start anyway
 * (memory mode) or cannot be read with the other key (needs-login).
 */
function retireLegacyKey(dataDir: string, keyFile: string | undefined): 'moved' | 'deleted' | 'none' {
  const legacy = path.join(dataDir, KEY_FILE_NAME);
  if (!existsSync(legacy)) return 'none';
  let outcome: 'moved' | 'deleted' = 'deleted';
  if (keyFile && !existsSync(keyFile)) {
    copyFileSync(legacy, keyFile, fsConstants.COPYFILE_EXCL);
    chmodSync(keyFile, PRIVATE_FILE_MODE);
    outcome = 'moved';
  }
  unlinkSync(legacy);
  return outcome;
}

export interface WebLoginStorage {
  cipher: TokenCipher;
  /** One line for the terminal: where logins are kept. */
  summary: string;
}

/**
 * The token cipher for browser mode: memory only unless `rememberLogins` names a key file, which
 * must lie outside the data folder (checked here, with symlinks resolved, before anything is written).
 */
export function openWebLoginStorage(options: { dataDir: string; rememberLogins?: { keyFile: string; isDefault?: boolean } }): WebLoginStorage {
  const { dataDir, rememberLogins } = options;
  if (!rememberLogins) {
    const retired = retireLegacyKey(dataDir, undefined);
    const note = retired === 'deleted' ? ' (the key an earlier version left in the data folder was deleted)' : '';
    return {
      cipher: createMemoryOnlyCipher(MEMORY_ONLY_REASON),
      summary: `Logins: in memory only; you'll log in again after restarting (start with --remember-logins to keep them)${note}.`,
    };
  }
  const keyFile = path.resolve(rememberLogins.keyFile);
  assertKeyOutsideDataDir(keyFile, dataDir);
  prepareKeyFolder(keyFile, rememberLogins.isDefault ?? false);
  const retired = retireLegacyKey(dataDir, keyFile);
  const note = retired === 'moved' ? ' (moved there from the data folder)' : retired === 'deleted' ? ' (an old key in the data folder was deleted)' : '';
  return {
    cipher: createKeyFileCipher(keyFile),
    summary: `Logins: remembered, encrypted with the key in ${keyFile}${note}.`,
  };
}
