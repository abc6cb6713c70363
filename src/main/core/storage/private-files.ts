/**
 * Owner-only permissions for everything the app keeps in its data folder: the folder itself
 * (0700), and its databases with their -wal/-shm side files and the key file (0600). They hold
 * an org's records and the encrypted tokens; on a shared computer other users must not read them.
 *
 * `mkdirSync(…, { mode })` and `open(…, mode)` only apply to what they create, and SQLite creates
 * its files 0644 (less the umask), so existing folders and files are tightened explicitly, and a
 * database file is created empty at 0600 before SQLite opens it: SQLite then gives its -wal and
 * -shm files the database file's own mode.
 *
 * A key file is not tightened here: token-cipher.ts creates it 0600 and refuses one others can
 * read, since its key may already have been copied. (Browser mode keeps its key outside the data
 * folder altogether: web/key-file.ts.)
 *
 * Only what this process's user owns is changed: a folder someone else owns (a shared mount, a
 * directory another account set up) is left as it is rather than failing the start. Windows has
 * ACLs instead of modes, so nothing is done there.
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
const SQLITE_SIDE_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

const posix = process.platform !== 'win32';

/** Sets `mode` on an existing path this user owns when it allows more than that; missing paths are ignored. */
function tighten(path: string, mode: number): void {
  if (!posix) return;
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (stat.uid !== process.getuid?.()) return;
  if ((stat.mode & 0o777 & ~mode) !== 0) chmodSync(path, mode);
}

/** Creates the folder (and missing parents) owner-only, and tightens it if it already existed. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(dir, PRIVATE_DIR_MODE);
}

/**
 * Makes sure a SQLite database file and its side files are owner-only before SQLite opens them:
 * creates the folder and an empty database file at 0600 if missing (SQLite reads an empty file as
 * a new database), and tightens files left looser by an older version of the app.
 */
export function ensurePrivateDatabaseFile(file: string, dir: string): void {
  ensurePrivateDir(dir);
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  tighten(file, PRIVATE_FILE_MODE);
  for (const suffix of SQLITE_SIDE_SUFFIXES) tighten(`${file}${suffix}`, PRIVATE_FILE_MODE);
}
