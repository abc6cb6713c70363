/**
 * `npm run emulator -- [--port N] [--seed N] [--scale N] [--auto-approve] [--api-limit N] [--db FILE] [--allow-password-grant]
 *   [--fiscal-year-start-month N] [--fiscal-year-name-by-start] [--currencies USD,EUR,GBP]`
 *
 * Prints, in this order: the listening line, the consumer key, then the demo user's username and
 * password. Bad flags print the usage and exit with status 2.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_API_LIMIT, DEFAULT_SCALE, DEFAULT_SEED, startEmulator, type StartEmulatorOptions } from './index';
import { validateCurrencies } from './org/currencies';

/** A fixed default so bookmarks and saved logins keep working between runs. */
const DEFAULT_CLI_PORT = 8484;

const USAGE = `Usage: npm run emulator -- [options]

Runs a local Salesforce org (OAuth 2.0, REST, Bulk API 2.0) on 127.0.0.1.

Options:
  --port N          TCP port on 127.0.0.1 (default ${DEFAULT_CLI_PORT}; 0 picks a free port)
  --seed N          seed of the generated org (default ${DEFAULT_SEED})
  --scale N         number of Accounts to generate; the rest scales with it (default ${DEFAULT_SCALE})
  --auto-approve    skip the login and consent pages (log the demo user in at once)
  --api-limit N     daily API request allocation (default ${DEFAULT_API_LIMIT})
  --db FILE         keep the org in this SQLite file; an org already in it is reused
  --allow-password-grant
                    answer the OAuth username-password grant (off by default, as in
                    Salesforce orgs created since Summer '23)
  --fiscal-year-start-month N
                    month (1-12) the org's fiscal year starts in (default 1)
  --fiscal-year-name-by-start
                    name fiscal years after the year they start in (default: end)
  --currencies LIST multi-currency org with these ISO codes, corporate first
                    (e.g. USD,EUR,GBP; default: single-currency)
  -h, --help        show this help
`;

class UsageError extends Error {}

function integer(name: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name} must be an integer, got '${value}'`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${value}`);
  return n;
}

function parseCliArgs(argv: string[]): { help: true } | { help: false; options: StartEmulatorOptions } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        seed: { type: 'string' },
        scale: { type: 'string' },
        'auto-approve': { type: 'boolean' },
        'api-limit': { type: 'string' },
        db: { type: 'string' },
        'allow-password-grant': { type: 'boolean' },
        'fiscal-year-start-month': { type: 'string' },
        'fiscal-year-name-by-start': { type: 'boolean' },
        currencies: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) return { help: true };
  if (values.db !== undefined && values.db.trim() === '') throw new UsageError('--db needs a file name');
  const currencies = values.currencies === undefined ? undefined : values.currencies.split(',').map((c) => c.trim().toUpperCase());
  if (currencies) {
    try {
      validateCurrencies(currencies);
    } catch (err) {
      throw new UsageError(`--currencies: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return {
    help: false,
    options: {
      port: integer('port', values.port, 0, 65_535) ?? DEFAULT_CLI_PORT,
      seed: integer('seed', values.seed, Number.MIN_SAFE_INTEGER),
      scale: integer('scale', values.scale, 0, 1_000_000),
      autoApprove: values['auto-approve'] ?? false,
      apiLimit: integer('api-limit', values['api-limit'], 1),
      dbFile: values.db,
      allowPasswordGrant: values['allow-password-grant'] ?? false,
      fiscalYearStartMonth: integer('fiscal-year-start-month', values['fiscal-year-start-month'], 1, 12),
      usesStartDateAsFiscalYearName: values['fiscal-year-name-by-start'] ?? false,
      currencies,
    },
  };
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`Error: ${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    throw err;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return;
  }
  const emulator = await startEmulator(parsed.options);
  process.stdout.write(
    [
      `Salesforce emulator listening on ${emulator.url}`,
      `Consumer key: ${emulator.consumerKey}`,
      `Username: ${emulator.username}`,
      `Password: ${emulator.password}`,
      parsed.options.dbFile
        ? `Org: ${emulator.reusedExistingOrg ? 'reused' : 'generated into'} ${parsed.options.dbFile} (${emulator.orgId})`
        : `Org: generated in memory (${emulator.orgId})`,
      parsed.options.autoApprove ? 'Login: auto-approve (no login page)' : 'Login: login and consent pages',
      parsed.options.allowPasswordGrant ? 'Password grant: allowed (--allow-password-grant)' : 'Password grant: refused',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  const code = (err as NodeJS.ErrnoException)?.code;
  const message =
    code === 'EADDRINUSE' ? 'the port is already in use; pick another with --port (0 picks a free one)' : err instanceof Error ? err.message : String(err);
  process.stderr.write(`Salesforce emulator failed to start: ${message}\n`);
  process.exit(1);
});
