/**
 * Browser mode end to end: the real renderer, the real bridge and core, and the Demo org's real
 * emulator with its real login page. One serial story (connect → contacts → create → reload →
 * accounts → disconnect) plus the security checks of the page and the bridge.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USERNAME } from '../../src/emulator/demo-app';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');

function appUrl(): string {
  const url = process.env.ATOM_E2E_URL;
  if (!url) throw new Error('ATOM_E2E_URL is not set: run through playwright.config.ts (global setup starts browser mode)');
  return url;
}
const origin = () => process.env.ATOM_E2E_ORIGIN!;

async function shot(page: Page, name: string): Promise<void> {
  // Let skeletons and toasts settle so the picture shows the screen, not a transition.
  await page.waitForLoadState('networkidle').catch(() => undefined);
  // Created here, not at load time: Playwright empties test-results when a run starts.
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** Lists keep old rows on screen (dimmed, aria-busy) while the next page loads; wait for fresh rows. */
async function settled(table: Locator): Promise<void> {
  await expect(table).not.toHaveAttribute('aria-busy', 'true');
}

const unique = Date.now().toString(36).slice(-5);

test.describe.configure({ mode: 'serial' });

test.describe('browser mode', () => {
  let page: Page;
  const consoleErrors: string[] = [];

  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
  });

  test.afterAll(async () => {
    await page.context().close();
  });

  test('opens on Connections with no orgs, and strips the secret from the address bar', async () => {
    await page.goto(appUrl());
    await expect(page).toHaveURL(`${origin()}/#/connections`);
    expect(page.url()).not.toContain('secret');
    await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeVisible();
    await expect(page.getByText('No orgs connected yet')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Connect an org' })).toBeVisible();
    // A real org needs a consumer key first: the app says so and points to Settings.
    await page.getByRole('button', { name: 'Log in with Salesforce' }).click();
    const failed = page.getByRole('dialog', { name: 'Login didn’t finish' });
    await expect(failed).toBeVisible();
    await expect(failed.getByRole('link', { name: 'Open Settings' })).toBeVisible();
    await failed.getByRole('button', { name: 'Close' }).click();
    await expect(failed).toBeHidden();

    await page.getByText('Demo org', { exact: true }).click();
    await expect(page.getByTestId('demo-username')).toHaveText(DEMO_USERNAME);
    await expect(page.getByTestId('demo-password')).toHaveText(DEMO_PASSWORD);
    await shot(page, '01-connections');
  });

  test('a cancelled login cannot be finished later', async () => {
    const stalePromise = page.context().waitForEvent('page');
    await page.getByRole('button', { name: 'Connect the Demo org' }).click();
    const waiting = page.getByRole('dialog', { name: 'Log in to the Demo org' });
    await expect(waiting.getByText('Waiting for you to finish logging in…')).toBeVisible();
    const stale = await stalePromise;
    await waiting.getByRole('button', { name: 'Cancel' }).click();
    await expect(waiting).toBeHidden();

    // Finishing the abandoned login page must not connect anything.
    await stale.locator('#username').fill(DEMO_USERNAME);
    await stale.locator('#password').fill(DEMO_PASSWORD);
    await stale.locator('#Login').click();
    await stale.locator('#oaapprove').click();
    await expect(stale.locator('body')).toHaveClass(/failed/);
    await stale.close();
    await expect(page.getByText('No orgs connected yet')).toBeVisible();
  });

  test('connects the Demo org through its real login page in a new tab', async () => {
    const popupPromise = page.context().waitForEvent('page');
    await page.getByRole('button', { name: 'Connect the Demo org' }).click();
    await expect(page.getByText('Waiting for you to finish logging in…')).toBeVisible();

    const login = await popupPromise;
    await login.waitForLoadState('domcontentloaded');
    await expect(login.locator('#username')).toBeVisible();
    await shot(login, '02-demo-org-login-page');
    await login.locator('#username').fill(DEMO_USERNAME);
    await login.locator('#password').fill(DEMO_PASSWORD);
    await login.locator('#Login').click();
    await login.locator('#oaapprove').click();
    await expect(login).toHaveURL(new RegExp(`^${origin()}/oauth/callback\\?`));
    await expect(login.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(login.locator('body')).toHaveClass(/ok/);
    await shot(login, '03-callback-page');
    await login.close();

    // The app tab notices on its own and moves on to the data.
    await expect(page.getByRole('heading', { level: 1, name: 'Contacts' })).toBeVisible();
    await expect(page).toHaveURL(`${origin()}/#/contacts`);
    await expect(page.locator('#org-switcher-select')).toBeVisible();
    await expect(page.locator('.topbar .badge-env-demo')).toHaveText('Demo');
  });

  test('lists contacts with server-side sorting, search and paging', async () => {
    const table = page.getByRole('table', { name: 'Contacts' });
    const nameLinks = table.locator('tbody a.row-link');
    await expect(nameLinks.first()).toBeVisible();
    expect(await nameLinks.count()).toBe(50);
    await expect(page.locator('.pager-summary')).toHaveText(/^1–50 of [\d,]+$/);
    await shot(page, '04-contacts-list');

    // Sorting: Name ascending by default; clicking flips it and the first row changes.
    const nameHeader = table.getByRole('columnheader', { name: /Name/ }).first();
    await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
    const firstAscending = await nameLinks.first().textContent();
    await nameHeader.getByRole('button').click();
    await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(page).toHaveURL(/sort=Name&dir=desc/);
    await expect(nameLinks.first()).not.toHaveText(firstAscending ?? '');
    const firstDescending = (await nameLinks.first().textContent()) ?? '';
    expect(firstDescending.localeCompare(firstAscending ?? '', undefined, { sensitivity: 'base' })).toBeGreaterThan(0);

    // Another column: ascending on first click.
    const emailHeader = table.getByRole('columnheader', { name: /Email/ });
    await emailHeader.getByRole('button').click();
    await expect(emailHeader).toHaveAttribute('aria-sort', 'ascending');
    await expect(nameHeader).toHaveAttribute('aria-sort', 'none');

    // Paging.
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page.locator('.pager-summary')).toHaveText(/^51–100 of [\d,]+$/);
    await expect(page).toHaveURL(/page=1/);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect(page.locator('.pager-summary')).toHaveText(/^1–50 of /);
    await page.getByLabel('Rows per page').selectOption('25');
    await expect(page.locator('.pager-summary')).toHaveText(/^1–25 of /);
    await settled(table);
    expect(await nameLinks.count()).toBe(25);

    // Search (debounced, in the URL): the first contact's last name finds them.
    await nameHeader.getByRole('button').click();
    await settled(table);
    const someone = ((await nameLinks.nth(3).textContent()) ?? '').trim();
    const lastName = someone.split(' ').pop()!;
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill(lastName);
    await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(lastName)}`));
    await settled(table);
    await expect(table.locator('tbody a.row-link', { hasText: someone }).first()).toBeVisible();
    // Every row matches on name, email or account name (what the search covers).
    for (const rowText of await table.locator('tbody tr').allInnerTexts()) {
      expect(rowText.toLowerCase()).toContain(lastName.toLowerCase());
    }
    await expect(page.locator('.page-subtitle')).toContainText(`matching “${lastName}”`);

    // Keyboard: "/" focuses the search box.
    await page.locator('h1').click();
    await page.keyboard.press('/');
    await expect(page.getByRole('searchbox', { name: 'Search contacts' })).toBeFocused();
    await page.keyboard.press('Escape');
  });

  test('opens a contact from the list', async () => {
    await page.goto(`${origin()}/#/contacts`);
    const first = page.getByRole('table', { name: 'Contacts' }).locator('tbody a.row-link').first();
    const name = ((await first.textContent()) ?? '').trim();
    // Clicking the row (not the link) opens it too.
    await first.locator('xpath=ancestor::tr').locator('td').nth(1).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Contact information' })).toBeVisible();
  });

  const newLastName = `Lovelace${unique}`;

  test('creates a contact: Salesforce rejects a bad email on the Email field, then it saves', async () => {
    await page.goto(`${origin()}/#/contacts`);
    await page.getByRole('link', { name: 'New contact' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'New contact' })).toBeVisible();

    // Client-side check first: nothing is sent without a last name.
    await page.getByRole('button', { name: 'Save contact' }).click();
    await expect(page.locator('[data-field="LastName"] .field-error')).toHaveText('Last name is required');
    await expect(page.getByLabel('Last name')).toBeFocused();

    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill(newLastName);
    await page.getByLabel('Title').fill('Head of Analytics');
    // Passes the app's own email check but not Salesforce's (a domain label may not end in "-").
    await page.getByLabel('Email').fill('ada@analytical-.com');
    await page.getByLabel('Phone', { exact: true }).fill('+1 415 555 0100');

    const accountInput = page.getByRole('combobox', { name: 'Account' });
    await accountInput.fill('a');
    const option = page.getByRole('listbox', { name: 'Matching accounts' }).getByRole('option').first();
    await expect(option).toBeVisible();
    const accountName = ((await option.locator('span').first().textContent()) ?? '').trim();
    await accountInput.press('Enter');
    await expect(page.locator('.picked-name')).toHaveText(accountName);

    const leadSource = page.getByLabel('Lead source');
    const leadOptions = await leadSource.locator('option').allTextContents();
    expect(leadOptions.length).toBeGreaterThan(2);
    await leadSource.selectOption({ label: leadOptions[1] });

    const rejected = page.waitForResponse((r) => r.url().endsWith('/api/contacts:create'));
    await page.getByRole('button', { name: 'Save contact' }).click();
    // The error really came from Salesforce (the emulator), mapped to the Email field by the core.
    expect(await (await rejected).json()).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: ['Email'] } });
    const emailError = page.locator('[data-field="Email"] .field-error');
    await expect(emailError).toBeVisible();
    await expect(emailError).toContainText(/email/i);
    // Nothing typed is lost.
    await expect(page.getByLabel('First name')).toHaveValue('Ada');
    await expect(page.getByLabel('Last name')).toHaveValue(newLastName);
    await expect(page.getByLabel('Title')).toHaveValue('Head of Analytics');
    await expect(page.locator('.picked-name')).toHaveText(accountName);
    await expect(page.getByLabel('Email')).toBeFocused();
    await shot(page, '05-new-contact-with-error');

    await page.getByLabel('Email').fill(`ada.${unique}@analytical.example.com`);
    await expect(emailError).toHaveCount(0);
    await page.getByRole('button', { name: 'Save contact' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Ada ${newLastName}` })).toBeVisible();
    await expect(page).toHaveURL(/#\/contacts\/003[A-Za-z0-9]{12,15}$/);
    const info = page.getByRole('region', { name: 'Contact information' });
    await expect(info.getByRole('link', { name: `ada.${unique}@analytical.example.com` })).toBeVisible();
    await expect(info.getByRole('link', { name: accountName })).toBeVisible();
    await expect(info).toContainText(leadOptions[1]);
    await shot(page, '06-contact-detail');
  });

  test('after a reload the new contact is still there and can be found', async () => {
    const detailUrl = page.url();
    await page.reload();
    await expect(page).toHaveURL(detailUrl);
    await expect(page.getByRole('heading', { level: 1, name: `Ada ${newLastName}` })).toBeVisible();

    await page.getByRole('link', { name: 'Contacts', exact: true }).first().click();
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill(newLastName);
    const rows = page.getByRole('table', { name: 'Contacts' }).locator('tbody a.row-link');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveText(`Ada ${newLastName}`);
    await expect(page.locator('.pager-summary')).toHaveText('1–1 of 1');
  });

  test('accounts: list, detail with its contacts, and create', async () => {
    await page.getByRole('link', { name: /Accounts/ }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Accounts' })).toBeVisible();
    const table = page.getByRole('table', { name: 'Accounts' });
    const names = table.locator('tbody a.row-link');
    await expect(names.first()).toBeVisible();
    expect(await names.count()).toBeGreaterThan(5);
    await shot(page, '07-accounts-list');

    // Sort by revenue, descending: the biggest account first.
    const revenueHeader = table.getByRole('columnheader', { name: /Revenue/ });
    await revenueHeader.getByRole('button').click();
    await revenueHeader.getByRole('button').click();
    await expect(revenueHeader).toHaveAttribute('aria-sort', 'descending');
    // The old rows stay on screen (aria-busy) until the sorted page arrives: read the name after.
    await settled(table);

    const accountName = ((await names.first().textContent()) ?? '').trim();
    await names.first().click();
    await expect(page.getByRole('heading', { level: 1, name: accountName })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Details' })).toBeVisible();
    const contactsTable = page.getByRole('table', { name: `Contacts at ${accountName}` });
    await expect(contactsTable).toBeVisible();
    const contactCount = Number((await page.locator('.stat').first().locator('.stat-value').textContent())?.replace(/,/g, ''));
    if (contactCount > 0) await expect(contactsTable.locator('tbody a.row-link').first()).toBeVisible();
    else await expect(page.getByText('No contacts at this account yet')).toBeVisible();
    await shot(page, '08-account-detail');

    // Create an account.
    await page.getByRole('link', { name: 'Accounts', exact: true }).first().click();
    await page.getByRole('link', { name: 'New account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'New account' })).toBeVisible();
    await page.getByLabel('Annual revenue (USD)').fill('lots');
    await page.getByRole('button', { name: 'Save account' }).click();
    await expect(page.locator('[data-field="Name"] .field-error')).toHaveText('Account name is required');
    await expect(page.locator('[data-field="AnnualRevenue"] .field-error')).toBeVisible();

    const newAccount = `Analytical Engines ${unique}`;
    await page.getByLabel('Account name').fill(newAccount);
    const industry = page.getByLabel('Industry');
    const industries = await industry.locator('option').allTextContents();
    expect(industries.length).toBeGreaterThan(2);
    await industry.selectOption({ label: industries[2] });
    await page.getByLabel('Type').selectOption({ index: 1 });
    await page.getByLabel('Rating').selectOption({ index: 1 });
    await page.getByLabel('Annual revenue (USD)').fill('2,500,000');
    await page.getByLabel('Employees').fill('42');
    await page.getByLabel('City').fill('London');
    await page.getByRole('button', { name: 'Save account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: newAccount })).toBeVisible();
    await expect(page.locator('.stat').nth(3).locator('.stat-value')).toHaveText('42');
    await expect(page.getByRole('region', { name: 'Details' })).toContainText(industries[2]);

    // "Add contact" from the account pre-fills it.
    await page.getByRole('link', { name: 'Add contact' }).first().click();
    await expect(page.locator('.picked-name')).toHaveText(newAccount);
  });

  test('settings show the connected-app fields', async () => {
    await page.getByRole('link', { name: /Settings/ }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await expect(page.getByLabel('Consumer key')).toBeVisible();
    await expect(page.getByLabel('Client secret')).toHaveAttribute('type', 'password');
    await expect(page.getByLabel('Client secret')).toHaveValue('');
    await expect(page.getByLabel('API version')).toHaveValue(/^\d\d\.0$/);
    await expect(page.getByRole('button', { name: 'Save settings' })).toBeDisabled();
    await page.getByLabel('API version').fill('sixty');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.locator('[data-field="apiVersion"] .field-error')).toHaveText('API version looks like 62.0');
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await expect(page.locator('[data-field="apiVersion"] .field-error')).toHaveCount(0);
    await expect(page.getByLabel('API version')).not.toHaveAttribute('aria-invalid', 'true');
    await shot(page, '09-settings');
  });

  test('disconnecting the only org leaves an empty Connections page that says so', async () => {
    await page.getByRole('link', { name: /Connections/ }).first().click();
    const card = page.getByRole('listitem', { name: new RegExp(DEMO_USERNAME.replace(/[.@]/g, '\\$&')) });
    await expect(card).toBeVisible();
    await expect(card.getByText('Active')).toBeVisible();
    await shot(page, '10-connections-connected');
    await card.getByRole('button', { name: 'Disconnect' }).click();
    const dialog = page.getByRole('dialog', { name: /Disconnect/ });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Disconnect' }).click();
    await expect(page.getByText('No orgs connected yet')).toBeVisible();
    await expect(card).toHaveCount(0);
    await expect(page.locator('.topbar').getByRole('link', { name: 'Connect an org' })).toBeVisible();

    // Data screens now send the user back to Connections.
    await page.goto(`${origin()}/#/contacts`);
    await expect(page).toHaveURL(`${origin()}/#/connections`);
  });

  test('no unexpected errors were logged by the page', async () => {
    // Expected: the 403 of nothing; CSP reports only come from the dedicated test below.
    expect(consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});

test.describe('browser mode security', () => {
  // One tab for all checks: new browser contexts are slow to create on a busy machine.
  let page: Page;
  test.beforeAll(async ({ browser }) => {
    page = await (await browser.newContext()).newPage();
    await page.goto(appUrl());
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  });
  test.afterAll(async () => {
    await page.context().close();
  });

  test('the CSP blocks an injected inline script', async () => {
    const outcome = await page.evaluate(`new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve({ directive: e.effectiveDirective, ran: window.__pwned === true }), { once: true });
      const script = document.createElement('script');
      script.textContent = 'window.__pwned = true';
      document.body.appendChild(script);
      setTimeout(() => resolve({ directive: null, ran: window.__pwned === true }), 3000);
    })`);
    expect(outcome).toEqual({ directive: 'script-src-elem', ran: false });
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
  });

  test('the CSP header is strict and has no unsafe- sources', async ({ request }) => {
    const response = await request.get(`${origin()}/`);
    const csp = response.headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-');
    expect(response.headers()['x-content-type-options']).toBe('nosniff');
    expect(response.headers()['referrer-policy']).toBe('no-referrer');
  });

  test('no Node or Electron globals exist in browser mode', async () => {
    const globals = await page.evaluate('({ atom: typeof window.atom, require: typeof window.require, process: typeof window.process, module: typeof window.module })');
    expect(globals).toEqual({ atom: 'undefined', require: 'undefined', process: 'undefined', module: 'undefined' });
  });

  test('a bridge call without the secret fails, from the page and from outside', async ({ request }) => {
    const fromPage = await page.evaluate(`fetch('/api/connections:list', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
      .then(async (r) => ({ status: r.status, body: await r.json() }))`);
    expect(fromPage).toMatchObject({ status: 403, body: { ok: false, error: { code: 'FORBIDDEN' } } });

    const outside = await request.post(`${origin()}/api/connections:list`, { data: {}, headers: { 'X-Atom-Secret': 'guess' } });
    expect(outside.status()).toBe(403);

    const rebound = await request.post(`${origin()}/api/app:info`, { data: {}, headers: { Host: 'attacker.example' } });
    expect(rebound.status()).toBe(403);
  });

  test('a tab opened without the launch link explains what to do', async () => {
    // A new tab has its own (empty) sessionStorage, so it never saw the secret.
    const tab = await page.context().newPage();
    await tab.goto(`${origin()}/#/contacts`);
    await expect(tab.getByText('This window isn’t linked to Atom').first()).toBeVisible();
    await expect(tab.getByText(/npm run web/).first()).toBeVisible();
    await tab.close();
  });
});
