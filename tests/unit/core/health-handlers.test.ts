/**
 * The health channels through the real gate, without an org: the summary and limits say
 * NOT_CONNECTED in words, the diagnostics still answer (app facts, errors of every org), inputs are
 * strict, and the registry covers the three channels.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contract, DiagnosticsBundle } from '../../../src/shared/ipc';
import { createAppCore, type AppCore } from '../../../src/main/core/app-core';
import { createFileKeyCipher } from '../../../src/main/core/auth/token-cipher';
import { createMemorySettingsStore } from '../../../src/main/core/settings/settings-store';

let dir: string;
let core: AppCore;
const trusted = { trusted: true };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atom-health-gate-'));
  core = await createAppCore({
    dataDir: dir,
    mode: 'browser',
    appVersion: '4.5.6',
    platform: 'linux',
    tokenCipher: createFileKeyCipher(dir),
    settingsStore: createMemorySettingsStore(),
    env: {},
    callback: { kind: 'browser', callbackUrl: 'http://127.0.0.1:45999/oauth/callback' },
    log: { debug() {}, info() {}, warn() {}, error() {} },
    demoOrg: { start: async () => Promise.reject(new Error('not in this test')) },
  });
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('health channels', () => {
  it('are in the contract with their preload names', () => {
    expect(contract['health:summary'].method).toBe('healthSummary');
    expect(contract['health:usage-snapshot'].method).toBe('healthUsageSnapshot');
    expect(contract['health:limits'].method).toBe('orgLimits');
    expect(contract['health:diagnostics'].method).toBe('healthDiagnostics');
  });

  it('summary, usage snapshot and limits need an org, and say so plainly', async () => {
    for (const channel of ['health:summary', 'health:usage-snapshot', 'health:limits']) {
      expect(await core.invoke(channel, undefined, trusted)).toEqual({
        ok: false,
        error: { code: 'NOT_CONNECTED', message: 'Connect a Salesforce org first.' },
      });
    }
  });

  it('diagnostics answer without an org', async () => {
    const result = await core.invoke('health:diagnostics', {}, trusted);
    expect(result.ok).toBe(true);
    const bundle = DiagnosticsBundle.parse((result as { data: unknown }).data);
    expect(bundle).toMatchObject({ app: { version: '4.5.6', mode: 'browser', platform: 'linux' }, org: null, recentErrors: [] });
  });

  it('take no arguments', async () => {
    expect(await core.invoke('health:limits', { force: true }, trusted)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: ['force'] } });
  });
});
