/**
 * Starts browser mode once for the whole run: `src/main/web/cli.ts` in a child process (the same
 * entry point as `npm run web`, which also builds the renderer when it is stale), on a free port,
 * with a fresh temporary data dir. Tests read the URL from ATOM_E2E_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FullConfig } from '@playwright/test';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const URL_LINE = /Atom for Salesforce \(browser mode\): (http:\/\/127\.0\.0\.1:\d+)\/#secret=([A-Za-z0-9_-]+)/;

function waitForUrl(child: ChildProcess, timeoutMs: number): Promise<{ origin: string; secret: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`browser mode did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = URL_LINE.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ origin: match[1], secret: match[2] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser mode exited with ${code}:\n${output}`));
    });
  });
}

export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  const browserProject = config.projects.some((p) => p.name === 'browser-mode');
  if (!browserProject) return async () => undefined;

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'atom-e2e-'));
  const env = { ...process.env };
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy']) delete env[name];
  // The Demo org must not depend on a real org's settings from the developer's environment.
  for (const name of ['SALESFORCE_CLIENT_ID', 'SALESFORCE_CLIENT_SECRET', 'SALESFORCE_REDIRECT_URI', 'SALESFORCE_API_VERSION']) delete env[name];

  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'src/main/web/cli.ts'), '--data-dir', dataDir], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { origin, secret } = await waitForUrl(child, 120_000);
  process.env.ATOM_E2E_ORIGIN = origin;
  process.env.ATOM_E2E_URL = `${origin}/#secret=${secret}`;
  process.env.ATOM_E2E_DATA_DIR = dataDir;
  // Keep draining output so a chatty server never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[web] ${chunk.toString()}`));

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await rm(dataDir, { recursive: true, force: true });
  };
}
