import { z } from 'zod';
import { NoInput, type ChannelSpec } from './common';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** 'electron' in the desktop app, 'browser' when served by `npm run web`. */
  mode: z.enum(['electron', 'browser']),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appContract = {
  'app:info': { method: 'getAppInfo', input: NoInput, output: AppInfo },
} as const satisfies Record<string, ChannelSpec>;
