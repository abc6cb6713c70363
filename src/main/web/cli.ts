/**
 * `npm run web -- [--port N] [--data-dir DIR] [--remember-logins [--key-file FILE]]`: runs Atom in
 * a normal browser tab. Bad flags print the usage and exit with status 2.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureRendererBuilt } from './build-renderer';
import { assertKeyOutsideDataDir, defaultWebKeyFile } from './key-file';
import { startWebMode } from './web-mode';

export const USAGE = `Usage: npm run web -- [--port N] [--data-dir DIR] [--remember-logins [--key-file FILE]]

  --port N           Port on 127.0.0.1 to serve on (1024-65535; default: any free port)
  --data-dir DIR     Where browser mode keeps its data (default: ~/.atom-for-salesforce-web)
  --remember-logins  Keep logins across restarts: refresh tokens are stored encrypted in the data
                     folder, with the key kept outside it (default: logins stay in memory and you
                     log in again after a restart)
  --key-file FILE    With --remember-logins: where the key is kept; must be outside the data
                     folder (default: ${defaultWebKeyFile()})
  --help             Show this help`;

export const DEFAULT_WEB_DATA_DIR = path.join(os.homedir(), '.atom-for-salesforce-web');

export type CliOptions = { help: true } | { help: false; port: number; dataDir: string; rememberLogins?: { keyFile: string; isDefault: boolean } };

/** Throws an Error with a human message on any bad flag. */
export function parseCliArgs(argv: string[]): CliOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'remember-logins': { type: 'boolean' },
      'key-file': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) return { help: true };
  if (positionals.length > 0) throw new Error(`Unexpected argument: ${positionals[0]}`);
  let port = 0;
  if (values.port !== undefined) {
    if (!/^\d{1,5}$/.test(values.port)) throw new Error(`--port must be a number, got "${values.port}"`);
    port = Number(values.port);
    if (port < 1024 || port > 65_535) throw new Error('--port must be between 1024 and 65535');
  }
  const dataDirFlag = values['data-dir'];
  if (dataDirFlag !== undefined && dataDirFlag.trim() === '') throw new Error('--data-dir must not be empty');
  const dataDir = path.resolve(dataDirFlag ?? DEFAULT_WEB_DATA_DIR);
  const keyFileFlag = values['key-file'];
  if (keyFileFlag !== undefined && !values['remember-logins']) throw new Error('--key-file only goes with --remember-logins');
  if (keyFileFlag !== undefined && keyFileFlag.trim() === '') throw new Error('--key-file must not be empty');
  if (!values['remember-logins']) return { help: false, port, dataDir };
  const keyFile = path.resolve(keyFileFlag ?? defaultWebKeyFile());
  assertKeyOutsideDataDir(keyFile, dataDir);
  return { help: false, port, dataDir, rememberLogins: { keyFile, isDefault: keyFileFlag === undefined } };
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  // Files this process creates are owner-only (the data folder holds org records and, with
  // --remember-logins, encrypted tokens); startWebMode also tightens a --data-dir that already exists.
  process.umask(0o077);
  await ensureRendererBuilt({ log: (line) => process.stdout.write(`${line}\n`) });
  const web = await startWebMode({ port: options.port, dataDir: options.dataDir, rememberLogins: options.rememberLogins });
  process.stdout.write(`Atom for Salesforce (browser mode): ${web.url}\n`);
  process.stdout.write(`Data: ${options.dataDir}\n${web.loginStorage}\nPress Ctrl+C to stop.\n`);

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    web.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main().catch((error: unknown) => {
    process.stderr.write(`Atom could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
