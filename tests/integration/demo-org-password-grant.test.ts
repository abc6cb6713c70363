/**
 * The app's Demo org refuses the OAuth username-password grant: its password is published in the
 * app (app:info, the emulator's output), so with the grant on, any program on this computer could
 * take a token without the login page. It answers as Salesforce does where the flow is blocked
 * (400 invalid_grant "authentication failure"); the web-server flow the app uses still works.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CONSUMER_SECRET, startEmulator, type StartEmulatorOptions } from '../../src/emulator';
import { createDemoOrgHost, DEMO_ORG_SIGN_IN, type DemoOrgHost } from '../../src/main/core/demo/demo-org';
import { silentLogger } from '../../src/main/core/logger';

let host: DemoOrgHost | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

function tokenRequest(url: string, params: Record<string, string>) {
  return fetch(`${url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
}

describe('the Demo org', () => {
  it('refuses the password grant with the published credentials, and still logs in through its pages', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'atom-demo-grant-'));
    const seen: StartEmulatorOptions[] = [];
    // The host's own options, with a smaller org so the test starts quickly.
    host = createDemoOrgHost({
      dataDir,
      log: silentLogger,
      start: (options) => {
        seen.push(options);
        return startEmulator({ ...options, scale: 2 });
      },
    });
    const demo = await host.ensure();
    expect(seen[0]).toMatchObject({ allowPasswordGrant: false });

    const refused = await tokenRequest(demo.url, {
      grant_type: 'password',
      client_id: demo.consumerKey,
      client_secret: DEMO_CONSUMER_SECRET,
      username: DEMO_ORG_SIGN_IN.username,
      password: DEMO_ORG_SIGN_IN.password,
    });
    expect(refused.status).toBe(400);
    const body = await refused.text();
    expect(JSON.parse(body)).toEqual({ error: 'invalid_grant', error_description: 'authentication failure' });
    expect(body).not.toContain('access_token');

    // The flow the app uses is untouched: login page, consent, code, token.
    const redirectUri = 'http://127.0.0.1:17999/callback';
    const form = (fields: Record<string, string>) => ({
      method: 'POST',
      redirect: 'manual' as const,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: demo.url },
      body: new URLSearchParams(fields).toString(),
    });
    const pendingOf = (html: string) => /name="pending" value="([^"]+)"/.exec(html)![1];
    const authorize = new URLSearchParams({ response_type: 'code', client_id: demo.consumerKey, redirect_uri: redirectUri });
    const loginPage = await (await fetch(`${demo.url}/services/oauth2/authorize?${authorize}`)).text();
    const consentPage = await (
      await fetch(
        `${demo.url}/services/oauth2/authorize/login`,
        form({ pending: pendingOf(loginPage), username: DEMO_ORG_SIGN_IN.username, pw: DEMO_ORG_SIGN_IN.password }),
      )
    ).text();
    const approved = await fetch(`${demo.url}/services/oauth2/authorize/consent`, form({ pending: pendingOf(consentPage), decision: 'allow' }));
    const code = new URL(approved.headers.get('location')!).searchParams.get('code')!;
    const exchanged = await tokenRequest(demo.url, { grant_type: 'authorization_code', code, client_id: demo.consumerKey, redirect_uri: redirectUri });
    expect(exchanged.status).toBe(200);
    expect(((await exchanged.json()) as { access_token?: string }).access_token).toBeTruthy();
  });
});
