/**
 * The Health panel end to end in browser mode, on the Demo org: after the first sync it shows
 * who the user is (read from the org), the org's used/limit and this app's calls by feature, the
 * 30-day chart, the limit gauges after "Check org limits", and exports a diagnostics file without
 * tokens or usernames. Then the org's API allowance is spent (the emulator's exhaust-limit control)
 * and, after an action that makes a call, the panel turns red and says what to do.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_USERNAME } from '../../src/emulator/demo-app';
import { collectPageErrors, connectDemoOrg, disconnectAllOrgs } from './support/demo-org-login';
import { appUrl, shot } from './support/browser-mode-env';

/** The page scrolls inside the app's main area, not the window (page code as text: this project has no DOM types). */
async function scrollToTop(page: Page): Promise<void> {
  await page.evaluate(`document.querySelector('main#main-content').scrollTo(0, 0)`);
}

/** Scrolls the main area (only it: scrollIntoView would move the window too) so a section starts at its top. */
async function scrollToSection(page: Page, testId: string): Promise<void> {
  await page.evaluate(`(() => {
    const main = document.querySelector('main#main-content');
    const target = main.querySelector('[data-testid="${testId}"]');
    if (target) main.scrollTo(0, target.getBoundingClientRect().top - main.getBoundingClientRect().top + main.scrollTop - 16);
  })()`);
}

test.describe.configure({ mode: 'serial' });

test.describe('Health panel', () => {
  let page: Page;
  let emulator = '';
  let consoleErrors: string[] = [];

  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, acceptDownloads: true });
    page = await context.newPage();
    consoleErrors = collectPageErrors(page);
  });

  test.afterAll(async ({ request }) => {
    if (emulator) await request.post(`${emulator}/__emulator/reset`).catch(() => undefined);
    await page.context().close();
    // The specs share one app: the next one starts from an empty Connections page.
    await disconnectAllOrgs(request, appUrl());
  });

  test('after the first sync, Health says all is well and who the user is', async () => {
    emulator = await connectDemoOrg(page, appUrl());
    await expect(page.getByTestId('last-sync')).toHaveText(/^Synced /, { timeout: 120_000 });

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /^Health/ })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Health' })).toBeVisible();
    const status = page.getByTestId('health-status');
    await expect(status).toHaveAttribute('data-level', 'healthy');
    await expect(status).toContainText('Everything is working');

    const who = page.getByTestId('health-who-am-i');
    await expect(who.getByRole('heading', { level: 2, name: 'Who am I' })).toBeVisible();
    for (const text of ['System Administrator', 'Atom Demo Org', 'Developer Edition', 'EMU1', DEMO_USERNAME]) await expect(who).toContainText(text);
    await expect(page.getByTestId('health-sync')).toContainText('Finished');
    await expect(page.getByTestId('health-cache')).toContainText(/Passed/);
    // Every section is a region named by its heading.
    for (const name of ['API usage', 'Org limits', 'Login', 'Connectivity', 'Sync', 'Offline changes', 'Local cache', 'Who am I', 'Recent errors']) {
      await expect(page.getByRole('region', { name })).toBeVisible();
    }
  });

  test('the 30-day chart has a caption and a table alternative', async () => {
    const chart = page.getByTestId('usage-chart');
    await expect(chart.locator('figcaption')).toContainText(/in the last 30 days/);
    await expect(chart.locator('.recharts-wrapper > svg.recharts-surface')).toBeVisible();
    await chart.getByText('Show the figures as a table').click();
    await expect(chart.getByRole('table')).toBeVisible();
    await expect(chart.getByRole('table').locator('tbody tr')).toHaveCount(30);
    await chart.getByText('Show the figures as a table').click();
  });

  test("the org's used/limit, this app's calls by feature and the chart's bars", async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByTestId('org-usage')).toHaveText(/^[\d,]+ of [\d,]+$/);
    await expect(page.getByTestId('calls-by-feature')).toContainText('Sync');
    await expect(page.getByTestId('app-calls-today')).not.toHaveText('0');
    await expect(page.getByTestId('usage-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
    await expect(page.getByTestId('api-usage-indicator')).toHaveText(/^API \d+%|^API <1%/);
  });

  test('Check org limits shows gauges, most used first, each a labelled meter', async () => {
    const limits = page.getByTestId('health-org-limits');
    await limits.getByRole('button', { name: 'Check org limits' }).click();
    await expect(limits.getByTestId('limit-gauge').first()).toBeVisible();
    const meters = limits.getByRole('meter');
    expect(await meters.count()).toBeGreaterThanOrEqual(8);
    await expect(limits.getByRole('meter', { name: 'API requests (rolling 24 hours)' })).toHaveAttribute('aria-valuetext', /of [\d,]+ used/);
    await limits.getByRole('button', { name: /Show all \d+ limits/ }).click();
    await expect(limits.getByRole('meter', { name: 'Data storage (MB)' })).toBeVisible();
    await limits.getByRole('button', { name: 'Show the most used only' }).click();
  });

  test('screenshots at 1360×860 and 1024×700, light and dark', async () => {
    for (const [width, height] of [
      [1360, 860],
      [1024, 700],
    ] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme: scheme });
        await expect(page.getByTestId('health-status')).toBeVisible();
        await scrollToTop(page);
        await shot(page, `h01-health-${width}x${height}-${scheme}`);
        // The sections below the fold, in the same size and theme.
        await scrollToSection(page, 'health-org-limits');
        await shot(page, `h02-health-limits-${width}x${height}-${scheme}`);
        await scrollToSection(page, 'health-sync');
        await shot(page, `h03-health-sections-${width}x${height}-${scheme}`);
      }
    }
    await scrollToTop(page);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1360, height: 860 });
  });

  test('Export diagnostics saves a JSON file without tokens or usernames', async () => {
    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export diagnostics' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/^atom-diagnostics-.*\.json$/);
    const text = readFileSync(await download.path(), 'utf8');
    const bundle = JSON.parse(text) as { format: string; app: { mode: string }; org: { edition: string } };
    expect(bundle).toMatchObject({ format: 'atom-diagnostics/1', app: { mode: 'browser' }, org: { edition: 'Developer Edition' } });
    expect(text).not.toContain(DEMO_USERNAME);
    expect(text).not.toMatch(/access_token|refresh_token|Bearer /i);
  });

  test('with the allowance spent, "Check org limits" answers in plain words', async ({ request }) => {
    expect((await request.post(`${emulator}/__emulator/exhaust-limit`)).status()).toBe(200);
    const limits = page.getByTestId('health-org-limits');
    await limits.getByRole('button', { name: /Check (again|org limits)/ }).click();
    await expect(limits.getByTestId('limits-refused')).toContainText('daily API allowance');
  });

  test('after a call is refused, the panel turns red and says what to do', async () => {
    // An action that makes a call: a sync the user starts (refused with REQUEST_LIMIT_EXCEEDED).
    await page.getByTestId('sync-indicator').getByRole('button', { name: 'Sync now' }).click();
    await page.getByRole('button', { name: 'Refresh' }).click();
    const status = page.getByTestId('health-status');
    await expect(status).toHaveAttribute('data-level', 'blocked', { timeout: 30_000 });
    await expect(page.getByTestId('reason-api-blocked')).toContainText(/allowance/);
    await expect(page.getByTestId('api-usage-indicator')).toHaveAttribute('data-tone', 'danger');
    await scrollToTop(page);
    await shot(page, 'h04-health-blocked');
  });

  test('no page errors along the way', async () => {
    // The refused calls of the last two steps are expected; nothing else may have failed in the page.
    expect(consoleErrors.filter((e) => !/403|REQUEST_LIMIT_EXCEEDED|Failed to load resource/.test(e))).toEqual([]);
  });
});
