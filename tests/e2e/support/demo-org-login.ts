/**
 * Shared steps of the browser-mode tests and the first-paint bench: the Demo org's login page
 * (typed into like a user would) and the page's own errors.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { DEMO_CONSUMER_KEY, DEMO_PASSWORD, DEMO_USERNAME } from '../../../src/emulator/demo-app';

/**
 * Connects the Demo org the way a user does (the Connections screen, "Connect the Demo org", its
 * login page in a new tab, Allow) and brings the app's tab back to the front: a background tab's
 * frames are throttled. `beforeApprove` runs once the login page is open, with the Demo org's
 * origin (its emulator admin API), e.g. to inject faults before the first sync starts.
 * Returns that origin.
 */
export async function connectDemoOrg(page: Page, appUrl: string, beforeApprove?: (emulatorOrigin: string) => Promise<void>): Promise<string> {
  await page.goto(appUrl);
  await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor({ timeout: 15_000 });
  await page.getByText('Demo org', { exact: true }).click();
  const popupPromise = page.context().waitForEvent('page');
  await page.getByRole('button', { name: 'Connect the Demo org' }).click();
  const login = await popupPromise;
  await login.waitForLoadState('domcontentloaded');
  const emulatorOrigin = new URL(login.url()).origin;
  if (beforeApprove) await beforeApprove(emulatorOrigin);
  await approveOnDemoLoginPage(login);
  await login.close();
  await page.bringToFront();
  return emulatorOrigin;
}

/**
 * Logs in on the Demo org's login page, approves access and waits for the app's callback page.
 * Throws with the callback page's words when the app refused the login.
 */
export async function approveOnDemoLoginPage(login: Page): Promise<void> {
  await login.locator('#username').fill(DEMO_USERNAME);
  await login.locator('#password').fill(DEMO_PASSWORD);
  await login.locator('#Login').click();
  await login.locator('#oaapprove').click();
  await login.locator('body.ok, body.failed').waitFor();
  if (await login.locator('body.failed').count()) throw new Error(`The login was refused: ${await login.locator('body').innerText()}`);
}

/**
 * An access token for another client of the Demo org (someone else's integration), obtained the
 * only way the Demo org offers: the web-server flow through its login and consent pages, driven
 * over HTTP. (The Demo org refuses the username-password grant: its password is published.)
 * `username`: whose session it is (the Demo org's users share its password); by default the Demo user's.
 */
export async function otherClientAccessToken(emulatorOrigin: string, username: string = DEMO_USERNAME): Promise<string> {
  const redirectUri = 'http://127.0.0.1:17999/other-client/callback';
  const form = (fields: Record<string, string>): RequestInit => ({
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: emulatorOrigin },
    body: new URLSearchParams(fields).toString(),
  });
  const pendingOf = async (response: Response) => {
    const match = /name="pending" value="([^"]+)"/.exec(await response.text());
    if (!match) throw new Error(`no login or consent form (HTTP ${response.status})`);
    return match[1];
  };
  const authorize = new URLSearchParams({ response_type: 'code', client_id: DEMO_CONSUMER_KEY, redirect_uri: redirectUri });
  const loginPage = await fetch(`${emulatorOrigin}/services/oauth2/authorize?${authorize}`);
  const consentPage = await fetch(
    `${emulatorOrigin}/services/oauth2/authorize/login`,
    form({ pending: await pendingOf(loginPage), username, pw: DEMO_PASSWORD }),
  );
  const approved = await fetch(`${emulatorOrigin}/services/oauth2/authorize/consent`, form({ pending: await pendingOf(consentPage), decision: 'allow' }));
  const code = new URL(approved.headers.get('location') ?? '', emulatorOrigin).searchParams.get('code');
  if (!code) throw new Error(`the consent page answered ${approved.status} without a code`);
  const token = await fetch(
    `${emulatorOrigin}/services/oauth2/token`,
    form({ grant_type: 'authorization_code', code, client_id: DEMO_CONSUMER_KEY, redirect_uri: redirectUri }),
  );
  const body = (await token.json()) as { access_token?: string; error?: string };
  if (!body.access_token) throw new Error(`the token endpoint answered ${token.status}: ${body.error ?? 'no token'}`);
  return body.access_token;
}

/** Collects what the page logs as errors (console errors and uncaught exceptions). */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    // Where it came from, too: a CSP report names only the directive, not the code that tripped it.
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    errors.push(url ? `${message.text()} (at ${url}:${lineNumber})` : message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/**
 * Leaves browser mode as a spec found it, with no org connected (the specs share one app): every
 * connection is disconnected through the bridge, the way the app's own page calls it (the launch
 * link's secret in the header, the app's Origin), unsent changes discarded.
 */
export async function disconnectAllOrgs(request: APIRequestContext, launchUrl: string): Promise<void> {
  const url = new URL(launchUrl);
  const secret = new URLSearchParams(url.hash.slice(1)).get('secret') ?? '';
  const headers = { 'Content-Type': 'application/json', 'X-Atom-Secret': secret, Origin: url.origin };
  const call = async (channel: string, input?: unknown) => {
    const response = await request.post(`${url.origin}/api/${channel}`, { headers, data: input ?? {} });
    const result = (await response.json()) as { ok: boolean; data?: unknown; error?: { message: string } };
    if (!result.ok) throw new Error(`${channel}: ${result.error?.message ?? 'failed'}`);
    return result.data;
  };
  const connections = (await call('connections:list')) as Array<{ id: string }>;
  for (const { id } of connections) await call('connections:disconnect', { connectionId: id, discardUnsentChanges: true });
}

/** Sets the Demo org's emulator faults (refused connections, latency, …) through its loopback admin API. */
export async function setFaults(request: APIRequestContext, emulatorOrigin: string, settings: Record<string, unknown>): Promise<void> {
  const response = await request.post(`${emulatorOrigin}/__emulator/faults`, { data: settings });
  if (response.status() !== 200) throw new Error(`The emulator refused the fault settings: HTTP ${response.status()}`);
}
