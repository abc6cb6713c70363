/**
 * What a salesperson meets on day one (issue 14), in browser mode against the Demo org: a tab
 * without the launch link says how to get in; a list opened with no org says why it landed on
 * Connections; a real org's login without a consumer key is guided to Settings before it starts;
 * the top bar keeps its shape while a sync starts and says what it does; search finds a case by
 * its number, grouped by object, with no subtitle repeating its title; the opportunity form marks
 * Stage required and refuses a probability of 150; a new record's cached copy is not older than its
 * creation; emails on record pages wrap only at @ and dots.
 *
 * Each changed screen is checked with axe-core (no serious or critical finding, light and dark).
 * Screenshots: test-results/screenshots/day-one-*.png on every run; with ATOM_DOC_SHOTS=1 also
 * docs/screenshots/day-one-<screen>-<WxH>-<theme>.png at 1360×860 and 1024×700, light and dark.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { collectPageErrors, connectDemoOrg, disconnectAllOrgs, setFaults } from './support/demo-org-login';
import { appUrl, origin, shot } from './support/browser-mode-env';
import { bridgeCall } from './support/bridge';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * No serious or critical axe-core finding on the screen, light and dark (axe comes in through the
 * page's init script, as in browser-a11y.spec.ts, under the app's real Content-Security-Policy).
 */
async function expectAccessible(page: Page, screen: string, include: string[] = ['html']): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // Colour transitions (0.12 s) must be over, also on a busy machine.
    await page.waitForTimeout(900);
    const found = (await page.evaluate(async (selectors) => {
      const axe = (
        globalThis as unknown as {
          axe: { run: (context: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }> }> };
        }
      ).axe;
      const { violations } = await axe.run({ include: selectors.map((selector) => [selector]) });
      return violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }, include)) as string[];
    expect(found, `${screen} (${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const SIZES = [
  { width: 1360, height: 860 },
  { width: 1024, height: 700 },
] as const;

/** The docs' screenshots of one screen, in both sizes and both themes (only with ATOM_DOC_SHOTS=1). */
async function docShots(page: Page, screen: string, inView?: Locator): Promise<void> {
  await shot(page, `day-one-${screen}`);
  if (process.env.ATOM_DOC_SHOTS !== '1') return;
  const dir = path.resolve('docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const before = page.viewportSize();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await inView?.scrollIntoViewIfNeeded();
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(dir, `day-one-${screen}-${size.width}x${size.height}-${theme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (before) await page.setViewportSize(before);
}

/** Records, in the page, every text the sync block shows (a sampled test could miss a short one). */
const WATCH_SYNC_TEXT = `
  window.__syncTexts = [];
  new MutationObserver(() => {
    const block = document.querySelector('[data-testid="sync-indicator"] .sync-text');
    if (!block) return;
    const text = Array.from(block.children).map((c) => c.textContent).join(' | ');
    if (window.__syncTexts.at(-1) !== text) window.__syncTexts.push(text);
  }).observe(document, { subtree: true, childList: true, characterData: true });
`;

test.describe.configure({ mode: 'serial' });

test.describe('day one', () => {
  let page: Page;
  let emulator = '';
  let errors: string[] = [];

  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    page = await context.newPage();
    await page.addInitScript({ path: AXE_PATH });
    errors = collectPageErrors(page);
  });

  test.afterAll(async ({ request }) => {
    if (emulator) await setFaults(request, emulator, { latencyMs: 0, resetRate: 0 }).catch(() => undefined);
    await page.context().close();
    await disconnectAllOrgs(request, appUrl());
  });

  test('a tab opened without the launch link explains how to get in, instead of a blank page', async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    const stranger = await context.newPage();
    await stranger.addInitScript({ path: AXE_PATH });
    await stranger.goto(`${origin()}/#/connections`);
    await expect(stranger.getByRole('heading', { level: 1, name: 'This tab isn’t linked to Atom' })).toBeVisible();
    await expect(stranger.getByTestId('not-linked')).toContainText('Open the link that npm run web printed in your terminal.');
    await expect(stranger.getByTestId('not-linked')).toContainText('works in the tab that opened it');
    // Nothing else is drawn that would load for ever.
    await expect(stranger.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
    await expectAccessible(stranger, 'not linked');
    await docShots(stranger, 'not-linked');
    await context.close();
  });

  test('a list opened with no org connected lands on Connections, which says why', async () => {
    await page.goto(appUrl());
    await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeVisible();
    await expect(page.getByTestId('connect-notice')).toHaveCount(0);
    await page.goto(`${origin()}/#/opportunities`);
    await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeVisible();
    await expect(page.getByTestId('connect-notice')).toContainText('Connect an org to see Opportunities');
    await expectAccessible(page, 'Connections with a notice');
    await docShots(page, 'connections-notice');
  });

  test('a production login without a consumer key is guided to Settings before it starts', async () => {
    // Production is the first choice: its login cannot start, and the page says why and where to go.
    await expect(page.getByRole('radio', { name: /Production/ })).toBeChecked();
    const logIn = page.getByRole('button', { name: 'Log in with Salesforce' });
    await expect(logIn).toBeDisabled();
    const note = page.getByTestId('needs-consumer-key');
    await expect(note).toContainText('consumer key');
    await expect(note).not.toContainText('SALESFORCE_CLIENT_ID');
    await page.getByText('Sandbox', { exact: true }).click();
    await expect(logIn).toBeDisabled();
    // No "Login didn't finish" for a login that never started.
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await page.getByText('Production', { exact: true }).click();
    await note.scrollIntoViewIfNeeded();
    await docShots(page, 'connections-needs-key', note);
    // The Demo org needs no key.
    await page.getByText('Demo org', { exact: true }).click();
    await expect(page.getByTestId('needs-consumer-key')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Connect the Demo org' })).toBeEnabled();

    await page.getByText('Production', { exact: true }).click();
    await page.getByRole('link', { name: 'Add the consumer key' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    const banner = page.getByRole('status').filter({ hasText: 'Before you can connect a real org' });
    await expect(banner).toContainText('consumer key');
    // On Settings itself the banner names neither Settings nor an environment variable.
    await expect(banner).not.toContainText('in Settings');
    await expect(banner).not.toContainText('SALESFORCE_CLIENT_ID');
    await expectAccessible(page, 'Settings without a consumer key');
    await docShots(page, 'settings-needs-key');
  });

  test('the top bar keeps its shape while a sync starts and says what it does', async ({ request }) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.addInitScript(WATCH_SYNC_TEXT);
    // The launch link from another of the app's pages would only change the fragment: load it afresh.
    await page.goto('about:blank');
    // Slow enough to watch the first sync start and run.
    emulator = await connectDemoOrg(page, appUrl(), (org) => setFaults(request, org, { latencyMs: 400, resetRate: 0 }));
    const indicator = page.getByTestId('sync-indicator');
    await expect(indicator.locator('progress.sync-progress')).toBeVisible({ timeout: 30_000 });
    const switcher = page.locator('.org-switcher');
    const during = await switcher.boundingBox();
    expect(during, 'the org switcher is on screen').not.toBeNull();
    expect(during!.x + during!.width).toBeLessThanOrEqual(1024);
    // The top bar (at 700 pixels high the sidebar's footer overlaps its last links: the sidebar's
    // collapse in narrow windows is another change's; the a11y spec checks whole screens at 1360).
    await expectAccessible(page, 'top bar while syncing', ['.topbar']);
    await docShots(page, 'topbar-syncing');

    await setFaults(request, emulator, { latencyMs: 0 });
    await expect(page.getByTestId('last-sync')).toHaveText(/^Synced /, { timeout: 90_000 });
    const after = await switcher.boundingBox();
    expect(Math.abs(after!.x - during!.x), 'the org switcher did not move when the sync ended').toBeLessThanOrEqual(1);

    const seen = (await page.evaluate('window.__syncTexts')) as string[];
    expect(seen.length, `sync texts seen: ${JSON.stringify(seen)}`).toBeGreaterThan(0);
    for (const text of seen) {
      expect(text).not.toMatch(/Starting sync\s*\|?\s*\d/);
      expect(text).toMatch(/^(Starting sync…|Syncing [A-Z][a-z]+( [A-Z][a-z]+)? \| [\d,]+( of [\d,]+)? records?)$/);
    }
    await page.setViewportSize({ width: 1360, height: 860 });
  });

  test('search finds a case by the number the Cases list shows, grouped by object, without repeated subtitles', async ({ request }) => {
    const cases = await bridgeCall<{ rows: Array<{ Id: string; CaseNumber: string; Subject: string | null }> }>(request, 'records:list', {
      object: 'Case',
      limit: 1,
    });
    const target = cases.rows[0];
    expect(target?.CaseNumber).toBeTruthy();
    const box = page.getByRole('combobox', { name: 'Search everything' });
    await box.fill(target.CaseNumber);
    const results = page.getByRole('listbox', { name: 'Search results' });
    const group = results.getByRole('group', { name: 'Cases' });
    await expect(group.getByRole('option').first()).toContainText(target.CaseNumber);
    await docShots(page, 'search-case-number');
    await box.press('Enter');
    await expect(page).toHaveURL(new RegExp(`#/cases/${target.Id}$`));

    // An account is its own company: its name is not repeated under it.
    const accounts = await bridgeCall<{ rows: Array<{ Name: string }> }>(request, 'records:list', { object: 'Account', limit: 1 });
    await box.fill(accounts.rows[0].Name);
    const accountGroup = results.getByRole('group', { name: 'Accounts' });
    await expect(accountGroup.getByRole('option').first()).toContainText(accounts.rows[0].Name);
    // Read at once in the page (the list may still be replaced while a test steps through it).
    // (A string: this project's types have no DOM.)
    const pairs = (await page.evaluate(`Array.from(document.querySelectorAll('[role="listbox"] [role="option"].search-hit')).map((o) => ({
      title: (o.querySelector('.search-hit-title')?.textContent ?? '').trim(),
      sub: o.querySelector('.search-hit-sub')?.textContent ?? '',
    }))`)) as Array<{ title: string; sub: string }>;
    expect(pairs.length).toBeGreaterThan(0);
    for (const { title, sub } of pairs) expect(sub.split(' · '), `subtitle of ${title}`).not.toContain(title);
    await box.press('Escape');
    await box.press('Escape');
  });

  test('the opportunity form marks Stage required and refuses a probability above 100', async ({ request }) => {
    await page.goto(`${origin()}/#/opportunities/new`);
    await expect(page.getByRole('heading', { level: 1, name: /New opportunity/i })).toBeVisible();
    const stage = page.getByRole('combobox', { name: 'Stage', exact: true });
    await expect(stage).toHaveAttribute('required', '');
    await expect(stage).toHaveAttribute('aria-required', 'true');
    await expect(page.locator('[data-field="StageName"] .field-required')).toBeVisible();
    for (const name of ['Name', 'CloseDate']) {
      await expect(page.locator(`[data-field="${name}"] :is(input, select)`)).toHaveAttribute('aria-required', 'true');
    }
    const name = `Day one ${Date.now().toString(36)}`;
    await page.locator('[data-field="Name"] input').fill(name);
    await stage.selectOption({ index: 1 });
    await page.getByLabel('Close Date').fill('2027-03-31');
    await page.getByLabel(/^Probability/).fill('150');
    await page.getByRole('button', { name: /^Save/ }).click();
    await expect(page.locator('[data-field="Probability"] .field-error')).toHaveText('Probability (%) must be between 0 and 100');
    await expectAccessible(page, 'opportunity form with an error');
    await docShots(page, 'form-probability');

    await page.getByLabel(/^Probability/).fill('40');
    await page.getByRole('button', { name: /^Save/ }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible({ timeout: 30_000 });
    const id = /#\/opportunities\/([A-Za-z0-9]{15,18})$/.exec(page.url())?.[1];
    expect(id, page.url()).toBeTruthy();
    // The cached copy is the one read back after the save: never before the record was created.
    const detail = await bridgeCall<{ record: { CreatedDate: string }; freshness: { cachedAt: string | null } }>(request, 'records:get', {
      object: 'Opportunity',
      id,
    });
    expect(detail.freshness.cachedAt).not.toBeNull();
    expect(Date.parse(detail.freshness.cachedAt!)).toBeGreaterThanOrEqual(Date.parse(detail.record.CreatedDate));
    await expect(page.locator('.fact', { hasText: 'Cached copy' })).not.toContainText('Not synced');
  });

  test('an email on a record page wraps only at @ and dots', async ({ request }) => {
    const contacts = await bridgeCall<{ rows: Array<{ Id: string; Email: string | null }> }>(request, 'records:list', {
      object: 'Contact',
      limit: 50,
    });
    const withEmail = contacts.rows.find((c) => c.Email);
    expect(withEmail, 'a contact with an email').toBeTruthy();
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.goto(`${origin()}/#/contacts/${withEmail!.Id}`);
    const email = page.locator('.email-value').first();
    await expect(email).toHaveText(withEmail!.Email!);
    await expect(email).toHaveAttribute('title', withEmail!.Email!);
    await expect(email).toHaveAttribute('href', `mailto:${withEmail!.Email!}`);
    expect(await email.locator('wbr').count()).toBeGreaterThan(0);
    await expect(email).not.toHaveCSS('overflow-wrap', 'anywhere');
    // The details card this change touches (an empty related list's scrolling table at 1024 pixels is
    // the lists' accessibility work, checked by browser-a11y.spec.ts at 1360).
    await expectAccessible(page, 'contact with an email', ['.topbar', 'section[aria-label="Details"]']);
    await docShots(page, 'record-email');
    await page.setViewportSize({ width: 1360, height: 860 });
    expect(errors).toEqual([]);
  });
});
