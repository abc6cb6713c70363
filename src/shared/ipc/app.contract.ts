import { z } from 'zod';
import { NoInput, type ChannelSpec } from './common';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** 'electron' in the desktop app, 'browser' when served by `npm run web`. */
  mode: z.enum(['electron', 'browser']),
  platform: z.string(),
  /**
   * How to sign in on the Demo org's login page (a local, generated org: the password protects
   * nothing else). Served by the core so the renderer never imports the emulator.
   */
  demoOrg: z.object({ username: z.string(), password: z.string() }),
  /**
   * Where logins are kept, so the Connections screen can say it: 'encrypted' (remembered across
   * restarts, encrypted on this computer) or 'memory' (gone when the app stops; `reason` says why:
   * no safe key store, or browser mode not started with --remember-logins).
   */
  loginStorage: z.object({ kind: z.enum(['encrypted', 'memory']), reason: z.string().optional() }),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appContract = {
  'app:info': { method: 'getAppInfo', input: NoInput, output: AppInfo },
} as const satisfies Record<string, ChannelSpec>;
