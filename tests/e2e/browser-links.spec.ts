/**
 * Links in browser mode, against the Demo org: a search link (`#/search?q=…`, the desktop app's
 * `com.atomforsalesforce.app:/search?q=…`) opens the search page with its text and the core's own
 * grouped answer; a refused one says why; the top bar's "See all results" goes there too. "Copy
 * link" on a record's page puts the app link or this page's address on the clipboard and says so,
 * and the browser link opens the record; a record created offline has no link and says why. "?"
 * shows the keyboard shortcuts, Shift+S syncs. Screenshots at 1360×860 and 1024×700, light and dark.
 */
import { expect, test, type Page } from '@playwright/test';
import type { LookupGroup } from '../../src/shared/ipc';
import { OBJECT_REGISTRY } from '../../src/shared/objects/registry';
import { bridgeCall } from './support/bridge';
import { appUrl, origin, shot } from './support/browser-mode-env';
import { collectPageErrors, connectDemoOrg, disconnectAllOrgs, setFaults } from './support/demo-org-login';

type Row = Record<string, string | number | null>;

test.describe.configure({ mode: 'serial' });

test.describe('search links and Copy link in browser mode', () => {
  let page: Page;
  let errors: string[] = [];
  let emulator = '';
  let contact: Row;
  /** A word of the contact's name: what the search link looks for. */
  let word = '';

  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, permissions: ['clipboard-read', 'clipboard-write'] });
    page = await context.newPage();
    errors = collectPageErrors(page);
  });

  test.afterAll(async ({ request }) => {
    if (emulator) await setFaults(request, emulator, { resetRate: 0, latencyMs: 0 }).catch(() => undefined);
    await page.context().close();
    await disconnectAllOrgs(request, appUrl());
  });

  test('the Demo org synced, a contact to link to', async ({ request }) => {
    emulator = await connectDemoOrg(page, appUrl());
    await expect(page.getByTestId('last-sync')).toHaveText(/^Synced /, { timeout: 120_000 });
    const list = await bridgeCall<{ rows: Row[] }>(request, 'records:list', { object: 'Contact', limit: 1, sortBy: 'Name' });
    contact = list.rows[0];
    word = String(contact.Name).split(/\s+/).at(-1) ?? String(contact.Name);
  });

  test('a search link opens the search page with its text and every object’s matches, as the core answers', async ({ request }) => {
    const expected = await bridgeCall<{ groups: LookupGroup[] }>(request, 'search:lookup', { text: word, perObject: 10 });
    expect(expected.groups.length).toBeGreaterThan(0);
    await page.goto(`${origin()}/#/search?q=${encodeURIComponent(word)}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Search' })).toBeVisible();
    await expect(page.getByRole('searchbox', { name: 'Search all records' })).toHaveValue(word);
    const answered = page.locator(`[data-answered="${word}"]`);
    await expect(answered).toBeVisible();
    const groups = answered.getByRole('region');
    await expect(groups).toHaveCount(expected.groups.length);
    for (const [i, group] of expected.groups.entries()) {
      await expect(groups.nth(i).getByRole('heading', { level: 2 })).toHaveText(
        `${OBJECT_REGISTRY.get(group.object).label.many} ${group.total.toLocaleString('en-US')}`,
      );
      await expect(groups.nth(i).getByRole('listitem')).toHaveCount(group.records.length);
    }
    const contacts = answered.getByRole('region', { name: /^Contacts/ });
    await contacts
      .getByRole('link', { name: String(contact.Name), exact: true })
      .first()
      .click();
    await expect(page.getByRole('heading', { level: 1, name: String(contact.Name) })).toBeVisible();
    await page.goBack();
    await expect(page.getByRole('searchbox', { name: 'Search all records' })).toHaveValue(word);

    // Typing another text keeps the address in step (a link to copy), without a new history entry each key.
    const box = page.getByRole('searchbox', { name: 'Search all records' });
    await box.fill(`${word} zzzznothing`);
    await expect(page).toHaveURL(new RegExp(`#/search\\?q=${encodeURIComponent(word)}%20zzzznothing$`));
    await expect(page.getByText(`Nothing on this computer matches “${word} zzzznothing”.`)).toBeVisible();
  });

  test('a search link the desktop app would refuse says why, with an empty box, and nothing breaks', async () => {
    for (const [link, reason] of [
      ['%2e%2e', 'The search text escapes a dot'],
      ['a%00b', 'The search text contains control or invisible characters'],
      ['x&sort=Name', 'A search link takes only q'],
    ]) {
      await page.goto(`${origin()}/#/search?q=${link}`);
      await expect(page.getByRole('heading', { level: 1, name: 'Search' })).toBeVisible();
      await expect(page.getByTestId('search-link-problem')).toHaveText(`That search link can’t be used. ${reason}. Type what you are looking for instead.`);
      await expect(page.getByRole('searchbox', { name: 'Search all records' })).toHaveValue('');
    }
    // Text a link could not carry, typed here: said beside the box, the address left alone.
    await page.getByRole('searchbox', { name: 'Search all records' }).fill('..');
    await expect(page.getByRole('alert').filter({ hasText: 'That can’t be searched for.' })).toContainText('.. segment');
    await page.getByRole('searchbox', { name: 'Search all records' }).fill(word);
    await expect(page).toHaveURL(new RegExp(`#/search\\?q=${encodeURIComponent(word)}$`));
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('the top bar’s search ends with “See all results”, which opens the search page', async () => {
    await page.goto(`${origin()}/#/home`);
    await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
    await page.keyboard.press('Control+K');
    const search = page.getByRole('combobox', { name: 'Search everything' });
    await search.fill(word);
    const all = page.getByRole('listbox', { name: 'Search results' }).getByRole('option', { name: `See all results for “${word}”` });
    await expect(all).toBeVisible();
    // ↓ through the hits reaches it last; Enter opens the page.
    const options = page.getByRole('listbox', { name: 'Search results' }).getByRole('option');
    // The records first (the contact among them), the link to the page last.
    await expect(options.filter({ hasText: String(contact.Name) }).first()).toBeVisible();
    const count = await options.count();
    await expect(options.last()).toHaveText(`See all results for “${word}”`);
    for (let i = 1; i < count; i++) await search.press('ArrowDown');
    await expect(all).toHaveAttribute('aria-selected', 'true');
    await search.press('Enter');
    await expect(page).toHaveURL(new RegExp(`#/search\\?q=${encodeURIComponent(word)}$`));
    await expect(page.getByRole('searchbox', { name: 'Search all records' })).toHaveValue(word);
  });

  test('Copy link offers the app link and the browser link, says “copied”, and the browser link opens the record', async () => {
    await page.goto(`${origin()}/#/contacts/${contact.Id}`);
    await expect(page.getByRole('heading', { level: 1, name: String(contact.Name) })).toBeVisible();
    const trigger = page.getByRole('button', { name: 'Copy link' });
    const status = page.getByTestId('copy-link-status');
    await expect(status).toHaveAttribute('role', 'status');
    await expect(trigger).toHaveAttribute('aria-expanded', 'false');

    // Escape closes the choice and gives the focus back.
    await trigger.click();
    await expect(trigger).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByRole('button', { name: /^Copy app link/ })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('button', { name: /^Copy app link/ })).toBeHidden();
    await expect(trigger).toBeFocused();

    await trigger.click();
    await page.getByRole('button', { name: /^Copy app link/ }).click();
    await expect(status).toHaveText('App link copied');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(`com.atomforsalesforce.app:/record/${contact.Id}`);
    await expect(trigger).toBeFocused();

    await trigger.click();
    await page.getByRole('button', { name: /^Copy browser link/ }).click();
    await expect(status).toHaveText('Browser link copied');
    const browserLink = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(browserLink).toBe(`${origin()}/#/record/${contact.Id}`);
    await trigger.click();
    await shot(page, 'links-copy-link-menu');
    await page.keyboard.press('Escape');

    await page.goto(`${origin()}/#/home`);
    await page.goto(browserLink);
    await expect(page.getByRole('heading', { level: 1, name: String(contact.Name) })).toBeVisible();
  });

  test('a record created offline has no link yet: the button says why', async ({ request }) => {
    await setFaults(request, emulator, { resetRate: 1 });
    const name = `Offline link test ${Date.now()}`;
    const created = await bridgeCall<{ recordId: string; state: string }>(request, 'records:create', { object: 'Account', values: { Name: name } });
    expect(created.state).toBe('queued');
    expect(created.recordId).toMatch(/^local-/);
    await page.goto(`${origin()}/#/accounts/${created.recordId}`);
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    const button = page.getByRole('button', { name: 'Copy link' });
    await expect(button).toHaveAttribute('aria-disabled', 'true');
    await expect(button).toHaveAccessibleDescription(/created offline: it gets a link once it has been sent to Salesforce/);
    // Still focusable (marked unavailable, not disabled), so the keyboard reaches it and hears why.
    await button.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('copy-link-status')).toHaveText(/created offline/);
    // The org answers again: the account is sent, so later specs find the outbox empty.
    await setFaults(request, emulator, { resetRate: 0 });
    await expect(page.getByTestId('pending-count')).toHaveText('0 pending changes', { timeout: 60_000 });
  });

  test('“?” shows every keyboard shortcut; Shift+S syncs now', async () => {
    await page.goto(`${origin()}/#/home`);
    await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
    await page.keyboard.press('Shift+?');
    await expect(page.getByRole('heading', { level: 1, name: 'Keyboard shortcuts' })).toBeVisible();
    const goTo = page.getByRole('region', { name: 'Go to' });
    await expect(goTo.getByRole('row', { name: /My tasks/ })).toContainText('G then T');
    await expect(page.getByRole('region', { name: 'Everywhere' }).getByRole('row', { name: /Sync now/ })).toContainText('Shift+S');
    await page.keyboard.press('Shift+S');
    await expect(page.getByText('Syncing now')).toBeVisible();
    await expect(page.getByTestId('last-sync')).toHaveText(/^Synced /, { timeout: 120_000 });
  });

  test('screenshots of the search page, the Copy link choice and its message, and the keyboard shortcuts at 1360×860 and 1024×700, light and dark', async () => {
    test.setTimeout(240_000);
    const screens: Array<{ name: string; hash: string; heading: string; open?: () => Promise<void> }> = [
      { name: 'search', hash: `#/search?q=${encodeURIComponent(word)}`, heading: 'Search' },
      {
        name: 'copy-link',
        hash: `#/contacts/${contact.Id}`,
        heading: String(contact.Name),
        open: async () => {
          await page.getByRole('button', { name: 'Copy link' }).click();
          await expect(page.getByRole('button', { name: /^Copy app link/ })).toBeVisible();
        },
      },
      {
        name: 'link-copied',
        hash: `#/contacts/${contact.Id}`,
        heading: String(contact.Name),
        open: async () => {
          // The same address as the screen before: the page stays, its choice perhaps still open.
          const trigger = page.getByRole('button', { name: 'Copy link' });
          if ((await trigger.getAttribute('aria-expanded')) !== 'true') await trigger.click();
          await page.getByRole('button', { name: /^Copy browser link/ }).click();
          await expect(page.getByTestId('copy-link-status')).toHaveText('Browser link copied');
        },
      },
      { name: 'shortcuts', hash: '#/shortcuts', heading: 'Keyboard shortcuts' },
    ];
    for (const size of [
      { width: 1360, height: 860 },
      { width: 1024, height: 700 },
    ]) {
      await page.setViewportSize(size);
      for (const screen of screens) {
        await page.goto(`${origin()}/${screen.hash}`);
        await expect(page.getByRole('heading', { level: 1, name: screen.heading })).toBeVisible();
        if (screen.open) await screen.open();
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          // The message fades after a few seconds: said again for the second picture.
          if (scheme === 'dark' && screen.name === 'link-copied' && screen.open) await screen.open();
          await shot(page, `links-${screen.name}-${size.width}x${size.height}-${scheme}`);
        }
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1360, height: 860 });
  });

  test('no unexpected errors were logged by the page', () => {
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
