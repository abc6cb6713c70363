/**
 * Lists a rep can shape (issue 14), end to end in browser mode against the Demo org: money and
 * dates never cut short and one format per column (1360 and 1024 px wide); a new record Salesforce
 * refused says so beside its name; Back from a record restores the list's scroll position and
 * selection; one tab stop per list, arrows and Enter; the Columns dialog and resizing, kept for the
 * org across reloads; the default views (my open deals by close date from today, the newest open
 * cases) and no Owner column when only my records are synced; Escape cancels a form (asking first
 * when something was typed); and the sidebar as an icon rail in narrow windows. Screenshots:
 * docs/screenshots/lists-*.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { connectDemoOrg, disconnectAllOrgs } from './support/demo-org-login';
import { appUrl, origin, settled } from './support/browser-mode-env';
import { bridgeCall } from './support/bridge';
import { orgQuery } from './support/colleague';

const DOCS_SHOTS = path.resolve('docs', 'screenshots');

/** What the page code reads of an element (this project's tests have no DOM types). */
interface El {
  querySelectorAll(selector: string): ArrayLike<El>;
  querySelector(selector: string): El | null;
  getAttribute(name: string): string | null;
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
  scrollTop: number;
}

async function settle(page: Page): Promise<void> {
  await settled(page, 10_000);
  await page.waitForTimeout(250);
}

/** lists-<screen>-<W>x<H>-<theme>.png in docs/screenshots, light and dark. */
async function docShots(page: Page, screen: string): Promise<void> {
  mkdirSync(DOCS_SHOTS, { recursive: true });
  const { width, height } = page.viewportSize() ?? { width: 0, height: 0 };
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await settle(page);
    await page.screenshot({ path: path.join(DOCS_SHOTS, `lists-${screen}-${width}x${height}-${theme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const table = (page: Page, name: string) => page.getByRole('table', { name });

/** Every money, number and date cell in view shows its whole value (nothing cut off). */
async function expectExactCellsWhole(grid: Locator): Promise<number> {
  const cut = await grid.evaluate((node) =>
    Array.from((node as unknown as El).querySelectorAll('tbody td.col-number .cell, tbody td.col-nowrap .cell'))
      .filter((cell) => cell.scrollWidth > cell.clientWidth + 0.5)
      .map((cell) => cell.textContent),
  );
  expect(cut, 'values cut short').toEqual([]);
  return grid.locator('tbody td.col-number .cell, tbody td.col-nowrap .cell').count();
}

test.describe.configure({ mode: 'serial' });

test.describe('lists a rep can shape', () => {
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    page = await context.newPage();
    await connectDemoOrg(page, appUrl());
    await expect(page.getByTestId('last-sync')).toHaveText(/^Synced /, { timeout: 120_000 });
  });

  test.afterAll(async ({ request }) => {
    await page.context().close();
    await disconnectAllOrgs(request, appUrl());
  });

  test('Opportunities open on my open deals by close date from today, without an Owner column (scope "mine"); Cases on the newest open ones', async ({
    request,
  }) => {
    await page.goto(`${origin()}/#/opportunities`);
    const deals = table(page, 'Opportunities');
    await expect(deals.locator('tbody a.row-link').first()).toBeVisible();
    await expect(page.getByLabel('Show')).toHaveValue('my-open');
    await expect(page.locator('.page-header')).toContainText('closing from today');
    await expect(deals.getByRole('columnheader', { name: 'Close Date' })).toHaveAttribute('aria-sort', 'ascending');
    await expect(deals.getByRole('columnheader', { name: 'Owner' })).toHaveCount(0);
    // What the core holds for the same question: my open deals closing today or later, nearest first.
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    const expected = await bridgeCall<{ rows: Array<{ Name: string; CloseDate: string }>; totalCount: number }>(request, 'records:list', {
      object: 'Opportunity',
      sortBy: 'CloseDate',
      sortDir: 'asc',
      limit: 3,
      filters: { ownedByMe: true, status: 'open', closeDateFrom: today },
    });
    expect(expected.totalCount).toBeGreaterThan(0);
    expect(expected.rows.every((r) => r.CloseDate >= today)).toBe(true);
    await expect(deals.locator('tbody a.row-link').first()).toHaveText(expected.rows[0].Name);
    await expect(page.locator('.page-header')).toContainText(`${expected.totalCount.toLocaleString('en-US')} opportunit`);
    // Every record is one choice away, and its address says so.
    await page.getByLabel('Show').selectOption('');
    await expect(page).toHaveURL(/#\/opportunities\?view=all$/);

    // Campaigns are synced whole whatever the scope: their Owner column stays.
    await page.goto(`${origin()}/#/campaigns`);
    await expect(table(page, 'Campaigns').getByRole('columnheader', { name: 'Owner' })).toHaveCount(1);

    await page.goto(`${origin()}/#/cases`);
    const cases = table(page, 'Cases');
    await expect(cases.locator('tbody a.row-link').first()).toBeVisible();
    await expect(page.getByLabel('Show')).toHaveValue('open');
    await expect(cases.getByRole('columnheader', { name: 'Opened' })).toHaveAttribute('aria-sort', 'descending');
    await expect(cases.getByRole('columnheader', { name: 'Owner' })).toHaveCount(0);
  });

  test('money and dates are never cut short, and a money column has one format (1360 and 1024 px)', async () => {
    for (const size of [
      { width: 1360, height: 860 },
      { width: 1024, height: 700 },
    ]) {
      await page.setViewportSize(size);
      for (const [hash, name] of [
        ['#/campaigns', 'Campaigns'],
        ['#/opportunities?view=all', 'Opportunities'],
        ['#/accounts', 'Accounts'],
      ] as const) {
        await page.goto(`${origin()}/${hash}`);
        const grid = table(page, name);
        await expect(grid.locator('tbody a.row-link').first()).toBeVisible();
        await settle(page);
        expect(await expectExactCellsWhole(grid)).toBeGreaterThan(0);
        const amounts = await grid.locator('tbody td.col-number .cell').allTextContents();
        // No compact "$4.4B" beside "$3,950,000": every amount in full.
        expect(amounts.filter((text) => /\d[KMBT]$/.test(text.trim()))).toEqual([]);
        if (name === 'Opportunities') {
          // Close dates keep their year.
          const dates = await grid.locator('tbody td.col-nowrap .cell').allTextContents();
          expect(dates.some((text) => /\b20\d\d\b/.test(text))).toBe(true);
        }
      }
      await page.goto(`${origin()}/#/opportunities`);
      await expect(table(page, 'Opportunities').locator('tbody a.row-link').first()).toBeVisible();
      await docShots(page, 'opportunities');
      await page.goto(`${origin()}/#/campaigns`);
      await expect(table(page, 'Campaigns').locator('tbody a.row-link').first()).toBeVisible();
      await docShots(page, 'campaigns');
    }
    await page.setViewportSize({ width: 1360, height: 860 });
  });

  test('a new record Salesforce refused says "refused" beside its name, never hidden by the ellipsis', async ({ request }) => {
    const name = `Refused deal with a very long name that the list has to cut short ${Date.now()}`;
    // Salesforce's validation rule (the Demo org's): Amount cannot be negative.
    const created = await bridgeCall<{ recordId: string; state: string }>(request, 'records:create', {
      object: 'Opportunity',
      values: { Name: name, StageName: 'Prospecting', CloseDate: '2031-01-15', Amount: -5 },
    });
    expect(created.state).toBe('needs-attention');
    await page.goto(`${origin()}/#/opportunities?q=${encodeURIComponent('Refused deal with')}&view=all`);
    const row = table(page, 'Opportunities').locator('tbody tr', { hasText: 'Refused deal with' }).first();
    const badge = row.getByTestId('row-state');
    await expect(badge).toHaveText('New · refused');
    await expect(badge).toBeVisible();
    const link = row.locator('a.row-link');
    // The name is cut short; the badge sits wholly inside its cell, beside it.
    expect(await link.evaluate((node) => (node as unknown as El).scrollWidth > (node as unknown as El).clientWidth)).toBe(true);
    const cell = await row.locator('td').first().boundingBox();
    const box = await badge.boundingBox();
    expect(cell && box && box.x + box.width <= cell.x + cell.width + 0.5).toBe(true);
    await docShots(page, 'refused-row');
    // Discarded again, so the other specs' Changes screen starts empty.
    const status = await bridgeCall<{ needsAttention: Array<{ id: number }> }>(request, 'outbox:status', {});
    for (const item of status.needsAttention) await bridgeCall(request, 'outbox:discard', { id: item.id });
  });

  test('one tab stop per list: arrows move the selection, Enter opens; Back restores the scroll position and the selection', async () => {
    await page.goto(`${origin()}/#/accounts`);
    const grid = page.getByTestId('virtual-table');
    await expect(table(page, 'Accounts').locator('tbody a.row-link').first()).toBeVisible();
    // Nothing in the rows is a tab stop of its own: the list is one.
    const tabStops = await grid
      .locator('tbody')
      .evaluate(
        (body) =>
          Array.from((body as unknown as El).querySelectorAll('a, button, input, select, [tabindex]')).filter((e) => e.getAttribute('tabindex') !== '-1')
            .length,
      );
    expect(tabStops).toBe(0);
    await expect(grid).toHaveAttribute('tabindex', '0');
    // The active row follows the keys; it is the one aria-activedescendant names.
    const activeName = async () =>
      grid.evaluate((node) => {
        const doc = (globalThis as unknown as { document: { getElementById(id: string): El | null } }).document;
        return doc.getElementById((node as unknown as El).getAttribute('aria-activedescendant') ?? '')?.querySelector('a.row-link')?.textContent ?? '';
      });
    await grid.focus();
    const top = await activeName();
    await page.keyboard.press('ArrowDown');
    await expect.poll(activeName).not.toBe(top);

    // As far down as the list goes (up to 1600 px): what the browser allows is what must come back.
    await grid.evaluate((node) => ((node as unknown as El).scrollTop = 1600));
    await page.waitForTimeout(300);
    const row = page.locator('tbody tr.vtable-row').nth(14);
    // Clicking scrolls a row into view first: the position to come back to is the one after that.
    await row.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    const scrolledTo = await grid.evaluate((node) => (node as unknown as El).scrollTop);
    expect(scrolledTo).toBeGreaterThan(300);
    const chosen = ((await row.locator('a.row-link').textContent()) ?? '').trim();
    expect(chosen).not.toBe(top);
    await row.locator('td').nth(2).click();
    await expect(page.getByRole('heading', { level: 1, name: chosen })).toBeVisible();
    await page.goBack();
    await expect(table(page, 'Accounts').locator('tbody a.row-link').first()).toBeVisible();
    await expect.poll(() => grid.evaluate((node) => (node as unknown as El).scrollTop)).toBeGreaterThan(scrolledTo - 20);
    await expect(page.locator('tbody tr[aria-selected="true"] a.row-link')).toHaveText(chosen);
    expect(await activeName()).toBe(chosen);
    // Enter opens the selected row.
    await grid.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: chosen })).toBeVisible();
  });

  test('Columns: choose and order them, resize by keyboard; kept for the org across reloads', async ({ request }) => {
    await page.goto(`${origin()}/#/opportunities`);
    const deals = table(page, 'Opportunities');
    await expect(deals.locator('tbody a.row-link').first()).toBeVisible();
    await page.getByRole('button', { name: 'Columns' }).click();
    const dialog = page.getByTestId('columns-dialog');
    await expect(dialog.getByRole('heading', { name: 'Columns of Opportunities' })).toBeVisible();
    await dialog.getByRole('checkbox', { name: 'Account' }).uncheck();
    await dialog.getByRole('checkbox', { name: 'Owner' }).check();
    // A synced field the list doesn't show by default, added from the dialog.
    await dialog.getByRole('checkbox', { name: 'Next Step' }).check();
    await dialog.getByRole('button', { name: 'Move Close Date up' }).click();
    await dialog.getByRole('button', { name: 'Move Close Date up' }).click();
    await docShots(page, 'columns-dialog');
    await dialog.getByRole('button', { name: 'Save columns' }).click();
    const headers = () => deals.getByRole('columnheader').allTextContents();
    await expect.poll(headers).toEqual(['Opportunity Name', 'Stage', 'Close Date', 'Amount', 'Probability', 'Last Modified', 'Owner', 'Next Step']);
    // The added column shows what the org has for the deal.
    const firstRow = deals
      .locator('tbody tr')
      .filter({ has: page.locator('a.row-link') })
      .first();
    const id = /#\/opportunities\/(\w+)/.exec((await firstRow.locator('a.row-link').first().getAttribute('href')) ?? '')?.[1];
    const [{ NextStep }] = orgQuery<{ NextStep: string | null }>(`SELECT "NextStep" FROM "Opportunity" WHERE "Id" = ?`, id);
    await expect(firstRow.getByRole('cell').last()).toHaveText(NextStep ?? '—');

    const handle = deals.getByRole('separator', { name: 'Resize Opportunity Name column' });
    const before = Number(await handle.getAttribute('aria-valuenow'));
    await handle.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(handle).toHaveAttribute('aria-valuenow', String(before + 32));
    // Dragging a header's edge resizes too.
    const stage = deals.getByRole('separator', { name: 'Resize Stage column' });
    const stageBefore = Number(await stage.getAttribute('aria-valuenow'));
    const edge = await stage.boundingBox();
    if (!edge) throw new Error('no resize handle for Stage');
    await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
    await page.mouse.down();
    await page.mouse.move(edge.x + edge.width / 2 + 30, edge.y + edge.height / 2, { steps: 4 });
    await page.mouse.move(edge.x + edge.width / 2 + 60, edge.y + edge.height / 2, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => Number(await stage.getAttribute('aria-valuenow'))).toBeGreaterThan(stageBefore + 50);
    // A money column is never made narrower than its amounts need.
    const amount = deals.getByRole('separator', { name: 'Resize Amount column' });
    await amount.focus();
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowLeft');
    expect(await expectExactCellsWhole(deals)).toBeGreaterThan(0);

    await expect
      .poll(async () => (await bridgeCall<{ widths: Record<string, number> }>(request, 'records:list-prefs', { object: 'Opportunity' })).widths.Name)
      .toBe(before + 32);
    await page.reload();
    await expect(deals.locator('tbody a.row-link').first()).toBeVisible();
    await expect.poll(headers).toEqual(['Opportunity Name', 'Stage', 'Close Date', 'Amount', 'Probability', 'Last Modified', 'Owner', 'Next Step']);
    await expect(deals.getByRole('separator', { name: 'Resize Opportunity Name column' })).toHaveAttribute('aria-valuenow', String(before + 32));

    await page.getByRole('button', { name: 'Columns' }).click();
    await dialog.getByRole('button', { name: 'Reset to defaults' }).click();
    await expect.poll(headers).toEqual(['Opportunity Name', 'Account', 'Stage', 'Amount', 'Probability', 'Close Date', 'Last Modified']);
  });

  test('Escape cancels a form, asking first when something was typed', async () => {
    await page.goto(`${origin()}/#/accounts/new`);
    await expect(page.getByRole('heading', { level: 1, name: 'New account' })).toBeVisible();
    await page.getByLabel('Account Name').focus();
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(/#\/accounts$/);

    await page.goto(`${origin()}/#/accounts/new`);
    await page.getByLabel('Account Name').fill('Half-typed account');
    await page.keyboard.press('Escape');
    const ask = page.getByRole('dialog', { name: 'Discard your changes?' });
    await expect(ask).toBeVisible();
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByLabel('Account Name')).toHaveValue('Half-typed account');
    await page.getByLabel('Account Name').press('Escape');
    await ask.getByRole('button', { name: 'Discard changes' }).click();
    await expect(page).toHaveURL(/#\/accounts$/);
  });

  test('narrow windows: the sidebar is a rail of icons with their names (1024 px); full labels at 1360 px', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.goto(`${origin()}/#/opportunities`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    const link = nav.getByRole('link', { name: /^Opportunities/ });
    await expect(link).toBeVisible();
    await expect(link).toHaveAttribute('title', /^Opportunities/);
    expect((await page.locator('.sidebar').boundingBox())?.width).toBeLessThan(80);
    expect((await link.locator('span').first().boundingBox())?.width ?? 0).toBeLessThanOrEqual(1);
    await docShots(page, 'rail');
    await page.setViewportSize({ width: 1360, height: 860 });
    expect((await page.locator('.sidebar').boundingBox())?.width).toBeGreaterThan(180);
    expect((await link.locator('span').first().boundingBox())?.width ?? 0).toBeGreaterThan(40);
  });
});
