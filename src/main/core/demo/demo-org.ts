/**
 * The Demo org: the embedded emulator, started on first use (once per process) on a free loopback
 * port, with its data in `<dataDir>/demo-org.sqlite` so demo records and sessions survive restarts.
 */
import { join } from 'node:path';
import type { RunningEmulator, StartEmulatorOptions } from '../../../emulator';
// Two constants, no code: the emulator itself still loads only when the Demo org is first used.
import { DEMO_PASSWORD, DEMO_USERNAME } from '../../../emulator/demo-app';
import type { Logger } from '../logger';
import { ensurePrivateDatabaseFile } from '../storage/private-files';

export const DEMO_ORG_FILE_NAME = 'demo-org.sqlite';

/** What the user types on the Demo org's login page (app:info carries it to the renderer). */
export const DEMO_ORG_SIGN_IN = { username: DEMO_USERNAME, password: DEMO_PASSWORD } as const;

/**
 * What the core uses of a running Demo org: where it answers, the consumer key its logins use, and
 * how to stop it. The embedded emulator is one; so is an emulator in another process that is
 * reached over loopback only (the sync benchmark runs it so, as a real org is).
 */
export type DemoOrgEndpoint = Pick<RunningEmulator, 'url' | 'consumerKey' | 'close'>;

export type StartEmulator = (options: StartEmulatorOptions) => Promise<DemoOrgEndpoint>;

export interface DemoOrgHost {
  /** Starts the emulator if needed; concurrent callers share one start. */
  ensure(): Promise<DemoOrgEndpoint>;
  /** The running emulator, if started. */
  current(): DemoOrgEndpoint | undefined;
  close(): Promise<void>;
}

export function createDemoOrgHost(deps: { dataDir: string; start?: StartEmulator; log: Logger }): DemoOrgHost {
  let starting: Promise<DemoOrgEndpoint> | undefined;
  let running: DemoOrgEndpoint | undefined;

  const start: StartEmulator =
    deps.start ??
    (async (options) => {
      // Loaded lazily: people who never open the Demo org never pay for the emulator.
      const { startEmulator } = await import('../../../emulator');
      return startEmulator(options);
    });

  return {
    ensure() {
      const dbFile = join(deps.dataDir, DEMO_ORG_FILE_NAME);
      starting ??= Promise.resolve()
        // The emulator opens its database itself; created owner-only here, like the app's own.
        .then(() => ensurePrivateDatabaseFile(dbFile, deps.dataDir))
        // No password grant, said explicitly: the Demo org's password is published in the app.
        .then(() => start({ port: 0, seed: 42, scale: 200, dbFile, allowPasswordGrant: false, log: (line) => deps.log.warn(`Demo org: ${line}`) }))
        .then(
          (emulator) => {
            running = emulator;
            deps.log.info(`Demo org running at ${emulator.url}`);
            return emulator;
          },
          (err: unknown) => {
            starting = undefined; // let the next attempt try again
            throw err;
          },
        );
      return starting;
    },
    current: () => running,
    async close() {
      const pending = starting;
      starting = undefined;
      running = undefined;
      if (pending) await pending.then((e) => e.close()).catch(() => undefined);
    },
  };
}
