/**
 * The command line: `npx tsx src/emulator/cli.ts` prints the listening URL (the real port when
 * asked for port 0), the consumer key and the demo credentials first; bad flags exit 2 with the
 * usage; `--db FILE` reuses the org already in the file; the password grant is answered only with
 * `--allow-password-grant`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_PASSWORD, DEMO_USERNAME } from '../../src/emulator/demo-app';

const ROOT = join(import.meta.dirname, '..', '..');
/** Starting tsx takes seconds on a busy machine; these tests spawn it. */
const SPAWN_TIMEOUT_MS = 120_000;
const running: ChildProcess[] = [];
const tempDir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));

/**
 * Runs the CLI as `npx tsx src/emulator/cli.ts` (how the npm script runs it), or through the
 * local tsx binary directly where only the program's behaviour matters (npx adds seconds).
 */
function startCli(args: string[], via: 'npx' | 'tsx' = 'tsx'): ChildProcess {
  const [command, prefix] = via === 'npx' ? ['npx', ['tsx']] : [join(ROOT, 'node_modules', '.bin', 'tsx'), []];
  // Own process group, so the test stops exactly the processes it started (npx → tsx → node).
  const child = spawn(command as string, [...(prefix as string[]), 'src/emulator/cli.ts', ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  return child;
}

function stopCli(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}

/** The first `count` stdout lines, or a rejection with stderr if the process ends first. */
function firstLines(child: ChildProcess, count: number, timeoutMs = 90_000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`timed out; stdout=${out} stderr=${err}`)), timeoutMs);
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split('\n');
      if (lines.length > count) {
        clearTimeout(timer);
        resolve(lines.slice(0, count));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}; stdout=${out} stderr=${err}`));
    });
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

async function passwordGrant(url: string): Promise<{ status: number; body: Record<string, string> }> {
  const res = await fetch(`${url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: DEMO_CONSUMER_KEY,
      client_secret: DEMO_CONSUMER_SECRET,
      username: DEMO_USERNAME,
      password: DEMO_PASSWORD,
    }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

/** A token from the password grant (the CLI must have been started with --allow-password-grant). */
async function passwordLogin(url: string): Promise<string> {
  const { status, body } = await passwordGrant(url);
  if (status !== 200) throw new Error(`password grant answered ${status}: ${body.error}`);
  return body.access_token;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map(stopCli));
});
afterAll(() => {
  rmSync(tempDir, { recursive: true, force: true });
});

describe('emulator CLI', () => {
  it(
    'prints the URL with the real port, the consumer key and the demo credentials first',
    async () => {
      const child = startCli(['--port', '0', '--scale', '3', '--seed', '5', '--auto-approve', '--api-limit', '500', '--allow-password-grant'], 'npx');
      const lines = await firstLines(child, 4);
      const match = /^Salesforce emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(lines[0]);
      expect(match, lines[0]).not.toBeNull();
      expect(Number(match![2])).toBeGreaterThan(0);
      expect(lines[1]).toBe(`Consumer key: ${DEMO_CONSUMER_KEY}`);
      expect(lines[2]).toBe(`Username: ${DEMO_USERNAME}`);
      expect(lines[3]).toBe(`Password: ${DEMO_PASSWORD}`);
      const url = match![1];
      const versions = await fetch(`${url}/services/data`);
      expect(versions.status).toBe(200);
      // --auto-approve: authorize redirects at once.
      const authorize = await fetch(
        `${url}/services/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: DEMO_CONSUMER_KEY, redirect_uri: 'http://127.0.0.1:1/cb' })}`,
        { redirect: 'manual' },
      );
      expect(authorize.status).toBe(302);
      // --api-limit is applied.
      const token = await passwordLogin(url);
      const limits = await fetch(`${url}/services/data/v62.0/limits`, { headers: { Authorization: `Bearer ${token}` } });
      expect(limits.headers.get('sforce-limit-info')).toBe('api-usage=1/500');
      await stopCli(child);
      expect(child.exitCode === 0 || child.signalCode !== null).toBe(true);
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'exits 2 with the usage for bad flags',
    async () => {
      const cases = [
        ['--port', 'abc'],
        ['--bogus'],
        ['--api-limit', '0'],
        ['--fiscal-year-start-month', '13'],
        ['--currencies', 'USD,XXX'],
        ['--currencies', 'EUR,EUR'],
      ];
      const results = await Promise.all(cases.map((args) => exitOf(startCli(args))));
      results.forEach(({ code, stderr }, i) => {
        expect(code, cases[i].join(' ')).toBe(2);
        expect(stderr).toContain('Usage: npm run emulator -- [options]');
        expect(stderr).toMatch(/^Error: /);
      });
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'sets up the fiscal year and the currencies the flags ask for',
    async () => {
      const child = startCli([
        '--port',
        '0',
        '--scale',
        '3',
        '--fiscal-year-start-month',
        '4',
        '--fiscal-year-name-by-start',
        '--currencies',
        'eur,usd',
        '--allow-password-grant',
      ]);
      const lines = await firstLines(child, 4);
      const url = /listening on (\S+)$/.exec(lines[0])![1];
      const token = await passwordLogin(url);
      const query = async (soql: string) => {
        const res = await fetch(`${url}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, { headers: { Authorization: `Bearer ${token}` } });
        const { records } = (await res.json()) as { records: Array<Record<string, unknown>> };
        return records.map((r) => Object.fromEntries(Object.entries(r).filter(([key]) => key !== 'attributes')));
      };
      expect(await query('SELECT FiscalYearStartMonth, UsesStartDateAsFiscalYearName FROM Organization')).toEqual([
        { FiscalYearStartMonth: 4, UsesStartDateAsFiscalYearName: true },
      ]);
      expect(await query('SELECT IsoCode, IsCorporate FROM CurrencyType ORDER BY IsoCode')).toEqual([
        { IsoCode: 'EUR', IsCorporate: true },
        { IsoCode: 'USD', IsCorporate: false },
      ]);
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'keeps the org in --db FILE and reuses it on the next start',
    async () => {
      const file = join(tempDir, 'org.sqlite');
      const first = startCli(['--port', '0', '--scale', '4', '--db', file, '--allow-password-grant']);
      const firstOut = await firstLines(first, 7);
      expect(firstOut[4]).toContain(`generated into ${file}`);
      expect(firstOut[6]).toBe('Password grant: allowed (--allow-password-grant)');
      const url1 = /listening on (\S+)$/.exec(firstOut[0])![1];
      const token1 = await passwordLogin(url1);
      const created = await fetch(`${url1}/services/data/v62.0/sobjects/Account`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token1}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ Name: 'Survives Restart' }),
      });
      const { id } = (await created.json()) as { id: string };
      await stopCli(first);

      // Without the flag the same org refuses the grant (as Salesforce does where it is blocked).
      const refusing = startCli(['--port', '0', '--db', file]);
      const refusingOut = await firstLines(refusing, 7);
      expect(refusingOut[6]).toBe('Password grant: refused');
      const refusal = await passwordGrant(/listening on (\S+)$/.exec(refusingOut[0])![1]);
      expect(refusal).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'authentication failure' } });
      await stopCli(refusing);

      const second = startCli(['--port', '0', '--scale', '50', '--seed', '9', '--db', file, '--allow-password-grant']);
      const secondOut = await firstLines(second, 5);
      expect(secondOut[4]).toContain(`reused ${file}`);
      const url2 = /listening on (\S+)$/.exec(secondOut[0])![1];
      const token2 = await passwordLogin(url2);
      const row = await fetch(`${url2}/services/data/v62.0/sobjects/Account/${id}`, { headers: { Authorization: `Bearer ${token2}` } });
      expect(row.status).toBe(200);
      expect(((await row.json()) as { Name: string }).Name).toBe('Survives Restart');
      const count = await fetch(`${url2}/services/data/v62.0/query?q=${encodeURIComponent('SELECT COUNT() FROM Account')}`, {
        headers: { Authorization: `Bearer ${token2}` },
      });
      // Scale 4 plus the one created: the second start's --scale 50 was not applied.
      expect(((await count.json()) as { totalSize: number }).totalSize).toBe(5);
    },
    SPAWN_TIMEOUT_MS,
  );
});
