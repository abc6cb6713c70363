/**
 * The push channel end to end in browser mode, against the Demo org: the first sync's progress
 * bar moves and the pending-change count rises (a record created while the org refuses
 * connections) and falls (sent once it answers again) — and in all that time the page never asks
 * for the sync status or the outbox status: the bridge's event stream brings them.
 */
import { expect, test, type Page, type Request } from '@playwright/test';
import { collectPageErrors, connectDemoOrg, disconnectAllOrgs, setFaults } from './support/demo-org-login';
import { appUrl, shot } from './support/browser-mode-env';

/** The bridge calls the page makes (`POST /api/<channel>`, and the `GET /api/events` stream), in order. */
interface BridgeCall {
  channel: string;
  at: number;
  method: string;
  search: string;
  hasSecretHeader: boolean;
}
function recordBridgeCalls(page: Page): BridgeCall[] {
  const calls: BridgeCall[] = [];
  page.on('request', (request: Request) => {
    const url = new URL(request.url());
    if (!url.pathname.startsWith('/api/')) return;
    calls.push({
      channel: decodeURIComponent(url.pathname.slice('/api/'.length)),
      at: Date.now(),
      method: request.method(),
      search: url.search,
      hasSecretHeader: Boolean(request.headers()['x-atom-secret']),
    });
  });
  return calls;
}

/**
 * Records, in the page itself, every text the sync indicator's progress shows (a MutationObserver:
 * sampling from the test could miss values that last a few hundred milliseconds).
 */
const WATCH_PROGRESS = `
  window.__progressSeen = [];
  new MutationObserver(() => {
    const label = document.querySelector('.sync-indicator .sync-label');
    const count = document.querySelector('[data-testid="sync-progress-text"]');
    if (!label || !count) return;
    const text = label.textContent + ' ' + count.textContent;
    if (window.__progressSeen.at(-1) !== text) window.__progressSeen.push(text);
  }).observe(document, { subtree: true, childList: true, characterData: true });
`;

const STATUS_CHANNELS = ['sync:status', 'outbox:status'];
const statusCallsBetween = (calls: BridgeCall[], from: number, to: number) =>
  calls.filter((c) => STATUS_CHANNELS.includes(c.channel) && c.at >= from && c.at <= to).map((c) => c.channel);

test.describe.configure({ mode: 'serial' });

test.describe('Push channel', () => {
  let page: Page;
  let emulator = '';
  let consoleErrors: string[] = [];
  let calls: BridgeCall[] = [];

  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    consoleErrors = collectPageErrors(page);
    calls = recordBridgeCalls(page);
    await page.addInitScript(WATCH_PROGRESS);
  });

  test.afterAll(async ({ request }) => {
    if (emulator) await request.post(`${emulator}/__emulator/faults`, { data: { resetRate: 0, latencyMs: 0 } }).catch(() => undefined);
    await page.context().close();
    // The specs share one app: the next one starts from an empty Connections page.
    await disconnectAllOrgs(request, appUrl());
  });

  test('the first sync’s progress moves on pushed events, without a single status request', async ({ request }) => {
    // Slowed so the first sync takes several seconds: long enough for many progress events.
    emulator = await connectDemoOrg(page, appUrl(), (org) => setFaults(request, org, { latencyMs: 600, resetRate: 0 }));

    const indicator = page.getByTestId('sync-indicator');
    await expect(indicator.locator('progress.sync-progress')).toBeVisible({ timeout: 30_000 });
    const syncShown = Date.now();
    // One event stream, opened with a GET whose secret rides in a header, never in the URL.
    const streams = calls.filter((c) => c.channel === 'events');
    expect(streams).toHaveLength(1);
    expect(streams[0]).toMatchObject({ method: 'GET', search: '', hasSecretHeader: true });

    // Until the sync ends, the progress must take several values (objects and counts).
    await expect(page.getByTestId('last-sync')).toHaveText(/^Synced /, { timeout: 120_000 });
    const syncEnded = Date.now();
    const seen = (await page.evaluate('window.__progressSeen')) as string[];
    expect(new Set(seen).size, `progress seen: ${JSON.stringify(seen)}`).toBeGreaterThanOrEqual(3);
    expect(statusCallsBetween(calls, syncShown, syncEnded)).toEqual([]);
    await expect(page.getByTestId('network-state')).toHaveText('Online');
    await expect(page.getByTestId('pending-count')).toHaveText('0 pending changes');
    // One event stream for the whole run: a reconnect would have re-read the snapshots.
    expect(calls.filter((c) => c.channel === 'events')).toHaveLength(1);
  });

  test('the pending count rises while the org is unreachable and falls once the change is sent, all pushed', async ({ request }) => {
    await setFaults(request, emulator, { latencyMs: 0 });
    // The form is the org's describe: open it while the org answers.
    await page.getByRole('link', { name: 'Accounts', exact: true }).first().click();
    await page.getByRole('link', { name: 'New account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'New account' })).toBeVisible();
    const name = `Pushed Industries ${Date.now().toString(36)}`;
    await page.getByLabel('Account Name').fill(name);

    const from = Date.now();
    await setFaults(request, emulator, { resetRate: 1 });
    await page.getByRole('button', { name: 'Save account' }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('network-state')).toHaveText('Offline', { timeout: 30_000 });
    await expect(page.getByTestId('pending-count')).toHaveText('1 pending change');
    await shot(page, 'p01-offline-pending-pushed');

    // The org answers again: the outbox's probe finds it and sends the change; the count falls.
    await setFaults(request, emulator, { resetRate: 0 });
    await expect(page.getByTestId('pending-count')).toHaveText('0 pending changes', { timeout: 60_000 });
    await expect(page.getByTestId('network-state')).toHaveText('Online');
    expect(statusCallsBetween(calls, from, Date.now())).toEqual([]);
    expect(calls.filter((c) => c.channel === 'events')).toHaveLength(1);
    expect(consoleErrors).toEqual([]);
  });
});
