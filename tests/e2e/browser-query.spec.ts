/**
 * The Query page end to end in browser mode, on the Demo org: a query written with the editor's
 * suggestions (an object after FROM, fields, a relationship's field, a picklist value), run on the
 * org and on this computer's copy with the rows each should have (the emulator's database is the
 * ground truth), saved in a folder and found again by search, its rows exported to CSV (the file
 * read back: the BOM, the header, a row), and the editor's styles applied under the app's CSP with
 * no console error. Screenshots of the page at 1360×860 and 1024×700, light and dark.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import type { SavedQueries } from '../../src/shared/ipc/query.contract';
import { collectPageErrors, connectDemoOrg, disconnectAllOrgs } from './support/demo-org-login';
import { appUrl, shot } from './support/browser-mode-env';
import { bridgeCall } from './support/bridge';
import { demoUserAndColleague, orgQuery } from './support/colleague';

test.describe.configure({ mode: 'serial' });

/** The query the first tests write with the editor's suggestions. */
const PROSPECTING = "SELECT Id, Name, StageName, Account.Name FROM Opportunity WHERE StageName = 'Prospecting' ORDER BY Name";

/** Empties the editor with its own keys (select all, then Backspace: CodeMirror's command). */
async function clear(page: Page): Promise<void> {
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  // CodeMirror applies the deletion from its DOM observer: the next keys wait until it has (on a
  // loaded machine the first key typed at once was read into the old selection and lost).
  // (Empty, the editor shows its placeholder.)
  await expect(page.getByRole('textbox', { name: 'SOQL query' }).locator('.cm-placeholder')).toBeVisible();
}

/** Picks the suggestion with exactly this label from the editor's open list. */
async function pick(page: Page, label: string): Promise<void> {
  const list = page.getByRole('listbox', { name: 'Completions' });
  await expect(list).toBeVisible();
  await list.locator('.cm-completionLabel').getByText(label, { exact: true }).click();
  await expect(list).toBeHidden();
}

test.describe('Query page', () => {
  let page: Page;
  let consoleErrors: string[] = [];
  const editor = () => page.getByRole('textbox', { name: 'SOQL query' });

  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, acceptDownloads: true });
    page = await context.newPage();
    consoleErrors = collectPageErrors(page);
  });

  test.afterAll(async ({ request }) => {
    await page.context().close();
    // The specs share one app: the next one starts from an empty Connections page.
    await disconnectAllOrgs(request, appUrl());
  });

  test('G then Q opens the page; the editor is styled under the app’s CSP', async () => {
    await connectDemoOrg(page, appUrl());
    await expect(page.getByTestId('last-sync')).toHaveText(/^Synced /, { timeout: 120_000 });
    await page.keyboard.press('g');
    await page.keyboard.press('q');
    await expect(page.getByRole('heading', { level: 1, name: 'Query' })).toBeVisible();
    await expect(editor()).toBeVisible();
    // CodeMirror's own rules reached its shadow root (a constructed sheet, not a <style> the CSP refuses).
    const sheets = await page.evaluate(`document.querySelector('[data-testid="soql-editor"]').shadowRoot.adoptedStyleSheets.length`);
    expect(sheets).toBeGreaterThan(0);
    await expect(editor()).toHaveCSS('font-family', /mono|Menlo|Consolas/i);
  });

  test('a query written with suggestions: an object, fields, a relationship’s field, a picklist value', async () => {
    await editor().click();
    await page.keyboard.type('SELECT Id FROM Opp');
    await pick(page, 'Opportunity');
    // Back after "SELECT Id" for more fields (FROM is known now).
    await page.keyboard.press('Home');
    for (let i = 0; i < 'SELECT Id'.length; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.type(', Na');
    await pick(page, 'Name');
    await page.keyboard.type(', StageN');
    await pick(page, 'StageName');
    await page.keyboard.type(', Account.Na');
    await pick(page, 'Name');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' WHERE StageName = ');
    // A quote opens the picklist's values (the editor closes the quote; the suggestion replaces both).
    await page.keyboard.type("'");
    await pick(page, "'Prospecting'");
    await page.keyboard.type(' ORDER BY Na');
    await pick(page, 'Name');
    await expect(editor()).toHaveText(PROSPECTING);
    await expect(page.getByTestId('query-check')).toContainText('Reads Opportunity.');
    await expect(page.getByTestId('query-check')).toContainText('This computer’s copy can answer it.');
  });

  test('a syntax error shows inline before anything is sent', async () => {
    await page.keyboard.type(' LIMT');
    await expect(page.getByTestId('query-check')).toContainText(/^Line 1, column \d+:/);
    await expect(page.locator('.cm-lintRange-error')).toBeVisible();
    for (let i = 0; i < ' LIMT'.length; i++) await page.keyboard.press('Backspace');
    await expect(editor()).toHaveText(PROSPECTING);
    await expect(page.getByTestId('query-check')).toContainText('Reads Opportunity.');
  });

  test('typing fast on a slow computer loses no key', async () => {
    // The page re-renders after each key; on a slow machine the next key lands before that render's
    // effects run. The editor must not then put back the text the render was about (CI lost a
    // Backspace, and the "E" of "SELECT", that way). Here each key is typed in the task after the
    // page's render, before its effects: the order a loaded machine produces by chance.
    const typed = ' LIMIT 25';
    // (A script string: the tests compile without the DOM's types.)
    await page.evaluate(`(async () => {
      const content = document.querySelector('[data-testid="soql-editor"]').shadowRoot.querySelector('.cm-content');
      content.focus();
      // The next task after the editor has read the last key (a microtask) and the page has queued its render.
      const nextTask = () => new Promise((resolve) => queueMicrotask(() => queueMicrotask(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(null);
      })));
      for (const char of ${JSON.stringify(typed)}) {
        document.execCommand('insertText', false, char);
        await nextTask();
      }
    })()`);
    await expect(editor()).toHaveText(PROSPECTING + typed);
    for (let i = 0; i < typed.length; i++) await page.keyboard.press('Backspace');
    await expect(editor()).toHaveText(PROSPECTING);
    await expect(page.getByTestId('query-check')).toContainText('Reads Opportunity.');
  });

  test('run on the org: every Prospecting deal, with the estimate, time and API calls', async () => {
    const [{ n }] = orgQuery<{ n: number }>(`SELECT COUNT(*) AS n FROM "Opportunity" WHERE "StageName" = 'Prospecting' AND "IsDeleted" = 0`);
    expect(n).toBeGreaterThan(0);
    await page.keyboard.press('Control+Enter');
    const summary = page.getByTestId('query-summary');
    await expect(summary).toContainText(new RegExp(`^${n.toLocaleString('en-US')} rows? · .* · 1 API call · on the org`));
    await expect(summary).toContainText('estimated');
    const table = page.getByRole('table', { name: 'Results from Opportunity' });
    for (const header of ['Id', 'Name', 'StageName', 'Account.Name'])
      await expect(table.getByRole('columnheader', { name: header, exact: true })).toBeVisible();
    await expect(table.locator('tbody tr').first()).toContainText('Prospecting');
    // An Id opens the record in the app.
    await expect(table.locator('tbody a.query-id-link').first()).toHaveAttribute('href', /^#\/opportunities\/006/);
  });

  test('run on this computer’s copy: my Prospecting deals, no API call', async () => {
    const { me } = demoUserAndColleague();
    const [{ n }] = orgQuery<{ n: number }>(
      `SELECT COUNT(*) AS n FROM "Opportunity" WHERE "StageName" = 'Prospecting' AND "IsDeleted" = 0 AND "OwnerId" = ?`,
      me,
    );
    await page.getByRole('group', { name: 'Run on' }).getByText('This computer').click();
    await expect(page.getByRole('checkbox', { name: 'Include deleted and archived rows' })).toBeDisabled();
    await page.getByRole('button', { name: 'Run on this computer' }).click();
    await expect(page.getByTestId('query-summary')).toContainText(new RegExp(`^${n.toLocaleString('en-US')} rows? · .* · no API calls · on this computer`));
    // The newest run first (earlier specs' runs of this org may be further down: the history is kept).
    const newest = page.getByRole('list', { name: 'Query history' }).getByRole('listitem').first();
    await expect(newest).toContainText('This computer');
    await expect(newest).toContainText(`${n.toLocaleString('en-US')} row`);
  });

  test('saved in a folder, found again by search', async ({ request }) => {
    await bridgeCall(request, 'query:saved-save', {
      name: 'Big accounts',
      folder: 'Accounts',
      description: '',
      soql: 'SELECT Id, Name FROM Account WHERE AnnualRevenue > 1000000',
    });
    await page.getByRole('button', { name: 'Save…' }).click();
    const dialog = page.getByTestId('save-query-dialog');
    await dialog.getByLabel('Name').fill('Prospecting deals');
    await dialog.getByLabel('Folder').fill('Pipeline checks');
    await dialog.getByLabel('Description').fill('Early-stage deals, everyone’s');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('tab', { name: 'Saved queries' })).toHaveAttribute('aria-selected', 'true');
    const folder = page.getByRole('region', { name: 'Pipeline checks' });
    await expect(folder.getByTestId('saved-query')).toContainText('Prospecting deals');
    await expect(page.getByRole('region', { name: 'Accounts' }).getByTestId('saved-query')).toContainText('Big accounts');

    await page.getByRole('searchbox', { name: 'Search saved queries' }).fill('early-stage');
    await expect(page.getByTestId('saved-query')).toHaveCount(1);
    await expect(page.getByTestId('saved-query')).toContainText('Prospecting deals');
    await page.getByRole('searchbox', { name: 'Search saved queries' }).fill('');
    await expect(page.getByTestId('saved-query')).toHaveCount(2);
  });

  test('the rows exported to CSV: a BOM for Excel, the header, the rows', async () => {
    await page.getByRole('group', { name: 'Run on' }).getByText('The org').click();
    await page.getByRole('button', { name: 'Run on the org' }).click();
    await expect(page.getByTestId('query-summary')).toContainText('on the org');
    const downloadPromise = page.waitForEvent('download');
    await page.getByLabel('Export as').selectOption('csv');
    await page.getByRole('button', { name: 'Export all rows' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const text = readFileSync(await download.path(), 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(text.slice(1)) as string[][];
    expect(rows[0]).toEqual(['Id', 'Name', 'StageName', 'Account.Name']);
    const deals = new Map(
      orgQuery<{ Id: string; Name: string }>(`SELECT "Id", "Name" FROM "Opportunity" WHERE "StageName" = 'Prospecting' AND "IsDeleted" = 0`).map((d) => [
        d.Id,
        d.Name,
      ]),
    );
    expect(rows.length - 1).toBe(deals.size);
    for (const [id, name, stage] of rows.slice(1)) {
      expect(deals.get(id)).toBe(name);
      expect(stage).toBe('Prospecting');
    }
    await expect(page.getByTestId('query-export-status')).toHaveAttribute('data-state', 'done');
  });

  test('screenshots at 1360×860 and 1024×700, light and dark', async () => {
    for (const [width, height] of [
      [1360, 860],
      [1024, 700],
    ] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme: scheme });
        await page.getByRole('tab', { name: 'History' }).click();
        await page.evaluate(`document.querySelector('main#main-content').scrollTo(0, 0)`);
        await shot(page, `query-console-${width}x${height}-${scheme}`);
        await page.getByRole('tab', { name: 'Saved queries' }).click();
        await editor().click();
        await page.keyboard.press('Control+End');
        await page.keyboard.type(' LIMIT 5 OFF');
        await expect(page.getByRole('listbox', { name: 'Completions' })).toBeVisible();
        await shot(page, `query-autocomplete-${width}x${height}-${scheme}`);
        await page.keyboard.press('Escape');
        for (let i = 0; i < ' LIMIT 5 OFF'.length; i++) await page.keyboard.press('Backspace');
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1360, height: 860 });
  });

  test('a child subquery’s rows open in a drawer; COUNT() shows the count; the query plan on demand', async () => {
    await editor().click();
    await clear(page);
    await page.keyboard.type('SELECT Name, (SELECT LastName FROM Contacts) FROM Account ORDER BY Name LIMIT 5');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Run on the org' }).click();
    const table = page.getByRole('table', { name: 'Results from Account' });
    await expect(table.getByRole('columnheader', { name: 'Contacts', exact: true })).toBeVisible();
    const [account] = orgQuery<{ Id: string; Name: string }>(
      `SELECT a."Id", a."Name" FROM "Account" a WHERE a."IsDeleted" = 0 AND EXISTS (SELECT 1 FROM "Contact" c WHERE c."AccountId" = a."Id" AND c."IsDeleted" = 0) ORDER BY a."Name" COLLATE NOCASE LIMIT 1`,
    );
    const contacts = orgQuery<{ LastName: string }>(`SELECT "LastName" FROM "Contact" WHERE "AccountId" = ? AND "IsDeleted" = 0`, account.Id);
    const row = table.locator('tbody tr', { hasText: account.Name });
    await row.getByRole('button', { name: /of Contacts in row \d+: show them$/ }).click();
    const drawer = page.getByTestId('query-child-rows');
    await expect(drawer.locator('tbody tr')).toHaveCount(contacts.length);
    await expect(drawer).toContainText(contacts[0].LastName);
    await drawer.getByRole('button', { name: 'Close' }).click();

    // Select all and type over it, as a rep does: the text is replaced, with no style attribute
    // tried behind the CSP's back (the last test reads the console).
    await editor().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('SELECT COUNT() FROM Account');
    await page.keyboard.press('Escape');
    await expect(editor()).toHaveText('SELECT COUNT() FROM Account');
    await page.getByRole('button', { name: 'Query plan' }).click();
    await expect(page.getByRole('table', { name: 'Query plans, cheapest first' }).locator('tbody tr').first()).toBeVisible();
    await page.getByRole('button', { name: 'Close the query plan' }).click();
    await page.getByRole('group', { name: 'Run on' }).getByText('This computer').click();
    await page.getByRole('button', { name: 'Run on this computer' }).click();
    await expect(page.getByTestId('query-count')).toBeVisible();
    const { me } = demoUserAndColleague();
    const [{ n }] = orgQuery<{ n: number }>(`SELECT COUNT(*) AS n FROM "Account" WHERE "IsDeleted" = 0 AND "OwnerId" = ?`, me);
    await expect(page.getByTestId('query-count')).toContainText(n.toLocaleString('en-US'));
  });

  test('a saved query loaded and changed is updated by Save…; Save as new keeps the original', async ({ request }) => {
    await page.getByRole('tab', { name: 'Saved queries' }).click();
    await page
      .getByRole('region', { name: 'Accounts' })
      .getByRole('button', { name: /^Big accounts/ })
      .click();
    await expect(editor()).toHaveText('SELECT Id, Name FROM Account WHERE AnnualRevenue > 1000000');
    await editor().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' ORDER BY Name');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Save…' }).click();
    const dialog = page.getByTestId('save-query-dialog');
    await expect(dialog.getByRole('heading', { name: 'Update saved query' })).toBeVisible();
    await expect(dialog.getByTestId('save-query-update')).toContainText('Big accounts');
    await expect(dialog.getByLabel('Name')).toHaveValue('Big accounts');
    await shot(page, 'query-update-saved');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog).toBeHidden();
    const saved = async () => (await bridgeCall<SavedQueries>(request, 'query:saved-list', {})).queries.filter((q) => q.name.startsWith('Big accounts'));
    await expect.poll(async () => (await saved()).map((q) => q.soql)).toEqual(['SELECT Id, Name FROM Account WHERE AnnualRevenue > 1000000 ORDER BY Name']);

    // Changed again, saved as new under another name: the first keeps its text.
    await editor().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' LIMIT 10');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Save…' }).click();
    await dialog.getByLabel('Name').fill('Big accounts, top 10');
    await dialog.getByRole('button', { name: 'Save as new' }).click();
    await expect(dialog).toBeHidden();
    await expect
      .poll(async () => (await saved()).map((q) => `${q.name}: ${q.soql}`).sort())
      .toEqual([
        'Big accounts, top 10: SELECT Id, Name FROM Account WHERE AnnualRevenue > 1000000 ORDER BY Name LIMIT 10',
        'Big accounts: SELECT Id, Name FROM Account WHERE AnnualRevenue > 1000000 ORDER BY Name',
      ]);
  });

  test('no page errors, and no style refused by the CSP', async () => {
    expect(consoleErrors).toEqual([]);
  });
});
