/**
 * Builds an AppCore on a temporary data dir whose Demo org is a small, auto-approving emulator,
 * and drives a real OAuth login through it (authorize → 302 → core.completeLogin).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator, type StartEmulatorOptions } from '../../src/emulator';
import { createAppCore, type AppCore, type CoreDeps } from '../../src/main/core/app-core';
import { createFileKeyCipher, type TokenCipher } from '../../src/main/core/auth/token-cipher';
import { createMemorySettingsStore } from '../../src/main/core/settings/settings-store';
import type { CallbackConfig } from '../../src/main/core/settings/settings';
import type { LoginPageContext } from '../../src/main/core/connections/connections.service';
import type { Result } from '../../src/shared/errors';
import type { Channel, OutputOf } from '../../src/shared/ipc';

export const BRIDGE_CALLBACK = 'http://127.0.0.1:45999/oauth/callback';

export interface Harness {
  core: AppCore;
  dataDir: string;
  emulator(): RunningEmulator;
  /** Requests to the OAuth token endpoint, by grant type. */
  tokenRequests: { authorization_code: number; refresh_token: number };
  revokeRequests: number;
  logs: string[];
  call<C extends Channel>(channel: C, payload?: unknown): Promise<OutputOf<C>>;
  raw(channel: string, payload?: unknown): Promise<Result<unknown>>;
  /** Runs the whole Demo-org login and returns the new connection's id. */
  loginDemo(): Promise<string>;
  close(): Promise<void>;
}

export async function createHarness(
  options: {
    emulator?: Partial<StartEmulatorOptions>;
    cipher?: TokenCipher;
    dataDir?: string;
    keepDataDir?: boolean;
    callback?: CallbackConfig;
    settings?: Record<string, unknown>;
    scale?: number;
    openExternal?: (url: string, context: LoginPageContext) => Promise<void>;
    /** Extra core test hooks (e.g. the outbox's probe interval, the API meter). */
    core?: Pick<CoreDeps, 'outbox' | 'meter'>;
  } = {},
): Promise<Harness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'atom-core-it-'));
  let running: RunningEmulator | undefined;
  const tokenRequests = { authorization_code: 0, refresh_token: 0 };
  let revokeRequests = 0;
  const logs: string[] = [];
  const countingFetch: typeof fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.endsWith('/services/oauth2/token')) {
      const grant = new URLSearchParams(String(init?.body)).get('grant_type');
      if (grant === 'authorization_code' || grant === 'refresh_token') tokenRequests[grant]++;
    }
    if (url.endsWith('/services/oauth2/revoke')) revokeRequests++;
    return fetch(input, init);
  };
  const sink = (level: string) => (message: string, detail?: unknown) => logs.push(`${level} ${message} ${detail === undefined ? '' : JSON.stringify(detail)}`);
  const core = await createAppCore({
    dataDir,
    mode: 'browser',
    appVersion: '0.0.0-test',
    platform: process.platform,
    tokenCipher: options.cipher ?? createFileKeyCipher(dataDir),
    settingsStore: createMemorySettingsStore(options.settings),
    env: {},
    callback: options.callback ?? { kind: 'browser', callbackUrl: BRIDGE_CALLBACK },
    log: { debug: sink('debug'), info: sink('info'), warn: sink('warn'), error: sink('error') },
    fetch: countingFetch,
    openExternal: options.openExternal,
    salesforceRetry: { maxRetries: 0, minTimeout: 10 },
    ...options.core,
    demoOrg: {
      start: async (opts) => {
        running = await startEmulator({ ...opts, scale: options.scale ?? 5, seed: 7, autoApprove: true, log: () => {}, ...options.emulator });
        return running;
      },
    },
  });

  const raw = (channel: string, payload?: unknown) => core.invoke(channel, payload, { trusted: true });
  const call = async <C extends Channel>(channel: C, payload?: unknown): Promise<OutputOf<C>> => {
    const result = await raw(channel, payload);
    if (!result.ok) throw Object.assign(new Error(`${channel}: ${result.error.code} ${result.error.message}`), { appError: result.error });
    return result.data as OutputOf<C>;
  };

  return {
    core,
    dataDir,
    emulator: () => {
      if (!running) throw new Error('emulator not started yet');
      return running;
    },
    tokenRequests,
    get revokeRequests() {
      return revokeRequests;
    },
    logs,
    call,
    raw,
    async loginDemo() {
      const pending = await call('connections:start-login', { environment: 'demo' });
      const response = await fetch(pending.authorizeUrl, { redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status !== 302 || !location) throw new Error(`authorize answered ${response.status}`);
      const page = await core.completeLogin(location);
      if (!page.ok) throw new Error(`login failed: ${page.message}`);
      const status = await call('connections:await-login', { loginId: pending.loginId, waitMs: 0 });
      if (status.status !== 'completed' || !status.connection) throw new Error(`login status ${status.status}`);
      return status.connection.id;
    },
    async close() {
      await core.close();
      if (!options.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
