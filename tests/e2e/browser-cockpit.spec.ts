/**
 * The salesperson's cockpit end to end in browser mode, against the Demo org: Home after the first
 * sync, the Pipeline page's charts and drill-downs, the opportunity board (a move by drag, by
 * keyboard, from the Move dialog, and offline), the stage path and the form's probability, and lead
 * analytics. What a screen shows is compared with what the core answers; what a move writes is read
 * from the emulated org's own database, not from the screen.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import type { MyTasks } from '../../src/shared/ipc/activities.contract';
import type { Board, HomeSummary, LeadAnalytics, PipelineSummary, StageInfo } from '../../src/shared/ipc/analytics.contract';
import { stageChangeFields } from '../../src/shared/analytics/stages';
import { appUrl, dataDir, origin, shot } from './support/browser-mode-env';
import { bridgeCall } from './support/bridge';
import { collectPageErrors, connectDemoOrg, disconnectAllOrgs, otherClientAccessToken, setFaults } from './support/demo-org-login';

const digits = (text: string | null) => (text ?? '').replace(/[^\d]/g, '');

/** Reads an opportunity straight from the emulated org's database: what Salesforce "has". */
function orgOpportunity(id: string): { StageName: string; Probability: number | null } {
  const db = new Database(path.join(dataDir(), 'demo-org.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare(`SELECT "StageName", "Probability" FROM "Opportunity" WHERE Id = ?`).get(id) as
      { StageName: string; Probability: number | null } | undefined;
    if (!row) throw new Error(`no Opportunity ${id} in the org`);
    return row;
  } finally {
    db.close();
  }
}

/** How many stage changes to `stage` the org's history holds for a deal (a move that reached it twice would show two). */
function orgStageChanges(id: string, stage: string): number {
  const db = new Database(path.join(dataDir(), 'demo-org.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM "OpportunityHistory" WHERE OpportunityId = ? AND StageName = ?`).get(id, stage) as { n: number }).n;
  } finally {
    db.close();
  }
}

async function openFromNav(page: Page, label: string, heading = label): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: new RegExp(`^${label}`) })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

test.describe('the cockpit', () => {
  let page: Page;
  let emulator = '';
  let consoleErrors: string[] = [];

  test.beforeAll(async ({ browser }) => {
    page = await (await browser.newContext({ viewport: { width: 1360, height: 860 } })).newPage();
    consoleErrors = collectPageErrors(page);
  });

  test.afterAll(async ({ request }) => {
    if (emulator) await setFaults(request, emulator, { resetRate: 0, latencyMs: 0 }).catch(() => undefined);
    await page.context().close();
    await disconnectAllOrgs(request, appUrl());
  });

  test('a fresh login lands on Home, which shows my pipeline and the deals closing soon after the first sync', async ({ request }) => {
    emulator = await connectDemoOrg(page, appUrl());
    await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
    await expect(page).toHaveURL(`${origin()}/#/home`);
    await expect(page.getByTestId('last-sync')).toHaveText(/^Synced /, { timeout: 120_000 });

    const home = await bridgeCall<HomeSummary>(request, 'analytics:home');
    expect(home.basis.state).toBe('ready');
    expect(home.pipeline.length, 'the Demo org gives me open deals this quarter').toBeGreaterThan(0);
    const pipeline = page.getByTestId('home-pipeline');
    await expect(pipeline.getByRole('heading', { level: 2 })).toHaveText(`My pipeline, ${home.period.label}`);
    const amounts = pipeline.getByTestId('home-open-amount');
    await expect(amounts).toHaveCount(home.pipeline.length);
    for (const [i, slice] of home.pipeline.entries()) expect(digits(await amounts.nth(i).textContent())).toBe(String(Math.round(slice.open.amount)));
    for (const category of ['Commit', 'Best Case', 'Pipeline'])
      await expect(pipeline.getByRole('list', { name: /forecast category/ }).first()).toContainText(category);

    const closing = page.getByTestId('home-closing-this-week');
    if (home.closingThisWeek.length === 0) await expect(closing).toContainText('Nothing of yours closes this week.');
    else {
      const rows = closing.locator('tbody tr');
      await expect(rows).toHaveCount(home.closingThisWeek.length);
      await expect(rows.first().getByRole('link').first()).toHaveAttribute('href', `#/opportunities/${home.closingThisWeek[0].id}`);
    }
    await expect(page.getByTestId('home-overdue').locator('.count-pill')).toHaveText(String(home.overdueCount));
    // Today's tasks: my overdue tasks and those due today, as My tasks counts them.
    const tasks = await bridgeCall<MyTasks>(request, 'activities:my-tasks');
    expect(tasks.synced).toBe(true);
    const todays = page.getByTestId('home-tasks');
    await expect(todays.locator('h2 .count-pill')).toHaveText(String(tasks.overdue.length + tasks.dueToday.length));
    if (tasks.overdue.length + tasks.dueToday.length === 0) await expect(todays).toContainText('Nothing overdue and nothing due today.');
    else {
      // Due today first, then the overdue ones: the first six.
      const first = [...tasks.dueToday, ...tasks.overdue].slice(0, 6);
      const rows = todays.getByRole('list', { name: 'Tasks due today or overdue' }).getByRole('listitem');
      await expect(rows).toHaveCount(first.length);
      await expect(rows.first().locator('a.activity-subject')).toHaveAttribute('href', `#/tasks/${first[0].id}`);
    }
    await expect(todays.getByRole('link', { name: 'Open My tasks' })).toHaveAttribute('href', '#/tasks');
    await shot(page, 'k01-home');

    // A deal opened from Home is listed under "Recently viewed" when Home is back.
    const deal = home.closingThisWeek[0] ?? home.overdue[0] ?? home.stale[0];
    expect(deal, 'Home lists at least one deal').toBeTruthy();
    await page.getByRole('link', { name: deal.name, exact: true }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: deal.name })).toBeVisible();
    await openFromNav(page, 'Home');
    await expect(page.getByTestId('home-recent').getByRole('link', { name: deal.name })).toBeVisible();
  });

  test('the Pipeline page draws its charts, and a bar click lists its deals', async ({ request }) => {
    await openFromNav(page, 'Pipeline');
    const summary = await bridgeCall<PipelineSummary>(request, 'analytics:pipeline', { period: { kind: 'this-quarter' }, scope: 'mine' });
    const slice = summary.currencies[0];
    expect(slice.open.count).toBeGreaterThan(0);
    await expect(page.getByTestId('pipeline-open-amount')).toHaveText(new RegExp(`^\\D*${Math.round(slice.open.amount).toLocaleString('en-US')}`));

    // Pipeline by stage: an Amount bar per open stage that has any (recharts draws none for zero), in the org's order.
    const byStage = page.getByTestId('chart-by-stage');
    const amountBars = byStage.locator('.recharts-bar-rectangles').first().locator('.recharts-bar-rectangle');
    const drawn = slice.byStage.filter((s) => s.totals.amount > 0);
    await expect(amountBars).toHaveCount(drawn.length);
    const biggest = drawn.reduce((a, b) => (b.totals.amount > a.totals.amount ? b : a));
    await amountBars.nth(drawn.indexOf(biggest)).click();
    const drill = page.getByTestId('drill-down');
    await expect(drill.getByRole('heading', { level: 2 })).toHaveText(`${biggest.label}: open deals`);
    await expect(drill.getByRole('status')).toContainText(`${biggest.totals.count} deal`);
    await expect(drill.getByTestId('drill-down-deals').locator('tbody tr')).toHaveCount(Math.min(biggest.totals.count, 200));
    for (const link of await drill.getByTestId('drill-down-deals').locator('tbody th a').all())
      await expect(link).toHaveAttribute('href', /^#\/opportunities\/006/);
    await shot(page, 'k02-pipeline-drill-down');
    await drill.getByRole('button', { name: 'Close' }).click();
    await expect(drill).not.toBeVisible();

    // The forecast chart's cumulative view, as a table: Salesforce's rollups.
    const forecast = page.getByTestId('chart-by-forecast');
    await forecast.getByText('Cumulative', { exact: true }).click();
    await forecast.getByRole('button', { name: 'Table' }).click();
    const rows = forecast.getByRole('table').locator('tbody tr');
    await expect(rows).toHaveCount(4);
    await expect(rows.nth(1)).toContainText('Commit forecast (Closed + Commit)');
    await expect(rows.nth(3)).toContainText('Open pipeline (Commit + Best Case + Pipeline)');

    // The waterfall and days in stage are drawn; slipped and stale deals are listed (or said to be none).
    await expect(page.getByTestId('chart-waterfall').locator('.recharts-bar-rectangle').first()).toBeVisible();
    await expect(page.getByTestId('chart-days-in-stage').locator('.recharts-bar-rectangle').first()).toBeVisible();
    await expect(page.getByTestId('slipped-deals')).toContainText(/Slipped deals/);

    // Coverage once a quota is entered: kept with the settings, computed by the core.
    const coverage = page.getByTestId('coverage-tile');
    await coverage.getByLabel(/Quarterly quota/).fill(String(Math.round(slice.won.amount + slice.open.amount)));
    await coverage.getByRole('button', { name: 'Save' }).click();
    await expect(coverage.locator('.tile-value')).toHaveText(/^\d+\.\d×$/);
    const covered = await bridgeCall<PipelineSummary>(request, 'analytics:pipeline', { period: { kind: 'this-quarter' }, scope: 'mine' });
    await expect(coverage.locator('.tile-value')).toHaveText(`${covered.currencies[0].coverage!.ratio!.toFixed(1)}×`);
    expect((await bridgeCall<{ quarterlyQuota: Record<string, number> }>(request, 'analytics:settings-get')).quarterlyQuota).toEqual({
      [slice.currency ?? '']: Math.round(slice.won.amount + slice.open.amount),
    });
    await expect(page.getByTestId('stale-deals')).toContainText(/Stale deals/);
    await shot(page, 'k03-pipeline');
  });

  // Before the board's moves, so the pictures show the Demo org as it is generated.
  test('screenshots of each cockpit screen at 1360×860 and 1024×700, light and dark', async () => {
    const screens = [
      { name: 'home', hash: '#/home', heading: 'Home' },
      { name: 'pipeline', hash: '#/pipeline', heading: 'Pipeline' },
      { name: 'board', hash: '#/board', heading: 'Opportunity board' },
      { name: 'lead-analytics', hash: '#/lead-analytics', heading: 'Lead analytics' },
    ];
    // The pictures show the screens, not the last test's "Quota saved" toast or a hover under the pointer.
    for (const dismiss of await page.locator('.toasts').getByRole('button', { name: 'Dismiss' }).all()) await dismiss.click();
    await expect(page.locator('.toasts').getByRole('button', { name: 'Dismiss' })).toHaveCount(0);
    await page.mouse.move(0, 0);
    for (const size of [
      { width: 1360, height: 860 },
      { width: 1024, height: 700 },
    ]) {
      await page.setViewportSize(size);
      for (const screen of screens) {
        await page.goto(`${origin()}/${screen.hash}`);
        await expect(page.getByRole('heading', { level: 1, name: screen.heading })).toBeVisible();
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          await shot(page, `cockpit-${screen.name}-${size.width}x${size.height}-${scheme}`);
        }
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1360, height: 860 });
  });

  test("the board moves a card by drag, by keyboard and from its Move dialog; each move reaches the org with the stage's probability", async ({ request }) => {
    await openFromNav(page, 'Board', 'Opportunity board');
    const board = await bridgeCall<Board>(request, 'analytics:board', { owner: 'me' });
    const stages: StageInfo[] = board.stages;
    const from = board.columns.findIndex((c, i) => c.cards.length >= 3 && i + 1 < board.columns.length);
    expect(from, 'a column with three of my deals and a column after it').toBeGreaterThanOrEqual(0);
    const [a, b, c] = board.columns[from].cards;
    const next = board.columns[from + 1].stage;
    const column = (stage: string) => page.locator(`[data-testid="board-column"][data-stage="${stage}"]`);
    const card = (id: string) => page.locator(`[data-card-id="${id}"]`);
    const announcer = page.getByTestId('board-announcer');

    // By drag: the card leaves its column for the next one at once (where it sits in close-date order,
    // maybe below the fold), and the org gets the stage and its probability.
    const count = (stage: string) => column(stage).locator('.board-column-title .count-pill');
    const fromCount = board.columns[from].cards.length;
    const nextCount = board.columns[from + 1].cards.length;
    await card(a.id).dragTo(column(next));
    await expect(count(next)).toHaveText(String(nextCount + 1));
    await expect(count(board.columns[from].stage)).toHaveText(String(fromCount - 1));
    await expect(column(board.columns[from].stage).locator(`[data-card-id="${a.id}"]`)).toHaveCount(0);
    await expect(announcer).toHaveText(`Moved ${a.name} to ${stages.find((s) => s.name === next)?.label}. Saved to Salesforce.`);
    const expectedA = stageChangeFields(a, next, stages);
    await expect.poll(() => orgOpportunity(a.id)).toEqual({ StageName: next, Probability: expectedA.Probability ?? a.probability });

    // By keyboard: Alt+→ on the card's name moves it; focus stays on the card in its new column.
    await card(b.id).locator('.deal-card-name').focus();
    await page.keyboard.press('Alt+ArrowRight');
    await expect(column(next).locator(`[data-card-id="${b.id}"] .deal-card-name`)).toBeFocused();
    await expect(announcer).toContainText(`Moved ${b.name}`);
    await expect.poll(() => orgOpportunity(b.id).StageName).toBe(next);

    // From the Move dialog: closing the deal takes it off the board.
    const won = stages.find((s) => s.isWon);
    expect(won).toBeTruthy();
    await card(c.id)
      .getByRole('button', { name: `Move ${c.name} to another stage` })
      .click();
    await page
      .getByTestId('move-dialog')
      .getByRole('button', { name: new RegExp(`^${won!.label}`) })
      .click();
    await expect(card(c.id)).toHaveCount(0);
    await expect
      .poll(() => orgOpportunity(c.id))
      .toEqual({ StageName: won!.name, Probability: stageChangeFields(c, won!.name, stages).Probability ?? c.probability });
    await shot(page, 'k04-board');
  });

  test('a card dragged while the org does not answer waits on this computer, then reaches the org exactly once', async ({ request }) => {
    const board = await bridgeCall<Board>(request, 'analytics:board', { owner: 'me' });
    const from = board.columns.findIndex((c, i) => c.cards.length > 0 && i + 1 < board.columns.length);
    const deal = board.columns[from].cards[0];
    const to = board.columns[from + 1].stage;
    const changesBefore = orgStageChanges(deal.id, to);
    await setFaults(request, emulator, { resetRate: 1 });
    await page.locator(`[data-card-id="${deal.id}"]`).dragTo(page.locator(`[data-testid="board-column"][data-stage="${to}"]`));
    await expect(page.getByTestId('board-announcer')).toContainText('Saved on this computer', { timeout: 30_000 });
    await expect(page.locator(`[data-card-id="${deal.id}"]`).getByText('Pending')).toBeVisible();
    expect(orgOpportunity(deal.id).StageName).toBe(deal.stage);

    await setFaults(request, emulator, { resetRate: 0 });
    await page.getByTestId('pending-count').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Changes' })).toBeVisible();
    const send = page.getByRole('button', { name: 'Send now' });
    if (await send.isVisible()) await send.click();
    await expect(page.getByText('Everything is sent')).toBeVisible({ timeout: 30_000 });
    expect(orgOpportunity(deal.id).StageName).toBe(to);
    // One stage change in the org's history: the move was applied once, not lost and not doubled.
    expect(orgStageChanges(deal.id, to)).toBe(changesBefore + 1);
  });

  test('a deal someone else moved in the org meanwhile: the drag becomes a conflict on Changes, like any other edit', async ({ request }) => {
    await openFromNav(page, 'Board', 'Opportunity board');
    const board = await bridgeCall<Board>(request, 'analytics:board', { owner: 'me' });
    const from = board.columns.findIndex((c, i) => c.cards.length > 0 && i + 2 < board.columns.length);
    const deal = board.columns[from].cards[0];
    const mine = board.columns[from + 1].stage;
    const theirs = board.columns[from + 2].stage;
    // Another client of the org moves the deal after the board was read: the app's copy is older.
    const accessToken = await otherClientAccessToken(emulator);
    const patched = await request.patch(`${emulator}/services/data/v62.0/sobjects/Opportunity/${deal.id}`, {
      data: { StageName: theirs },
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    expect([200, 204]).toContain(patched.status());

    await page.locator(`[data-card-id="${deal.id}"]`).dragTo(page.locator(`[data-testid="board-column"][data-stage="${mine}"]`));
    // Nothing is overwritten: the change waits on Changes with both versions, as an edit from a form would.
    await expect(page.getByTestId('pending-count')).toHaveAttribute('title', /1 change need/, { timeout: 30_000 });
    await page.getByTestId('pending-count').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Changes' })).toBeVisible();
    const card = page.locator('article.change-card-conflict');
    await expect(card).toHaveCount(1);
    const stageRow = card.getByRole('row', { name: /^Stage/ });
    await expect(stageRow).toContainText(mine);
    await expect(stageRow).toContainText(theirs);
    expect(orgOpportunity(deal.id).StageName).toBe(theirs);
    await shot(page, 'k06-board-conflict');

    await card.getByRole('button', { name: 'Take theirs' }).click();
    await expect(card).toHaveCount(0);
    await expect(page.getByText('Everything is sent')).toBeVisible({ timeout: 30_000 });
    expect(orgOpportunity(deal.id).StageName).toBe(theirs);
  });

  test("the stage path moves a deal; the form proposes the new stage's probability", async ({ request }) => {
    const board = await bridgeCall<Board>(request, 'analytics:board', { owner: 'me' });
    const column = board.columns.find((c) => c.cards.length > 0 && board.columns.indexOf(c) + 1 < board.columns.length)!;
    const deal = column.cards[0];
    const next = board.columns[board.columns.indexOf(column) + 1].stage;
    const nextLabel = board.stages.find((s) => s.name === next)!.label;
    await page.goto(`${origin()}/#/opportunities/${deal.id}`);
    const path = page.getByRole('navigation', { name: 'Stage path' });
    await expect(path.getByRole('button', { name: `${board.stages.find((s) => s.name === deal.stage)!.label}, the current stage` })).toHaveAttribute(
      'aria-current',
      'step',
    );
    await path.getByRole('button', { name: `Move to ${nextLabel}` }).click();
    await expect(path.getByRole('button', { name: `${nextLabel}, the current stage` })).toBeVisible();
    await expect.poll(() => orgOpportunity(deal.id).StageName).toBe(next);
    await shot(page, 'k05-stage-path');

    // The edit form: picking a stage sets its default probability until the user types one.
    // The record page's stage path also has "stage" in its labels: wait for the form, match the field by its exact name.
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Edit ${deal.name}` })).toBeVisible();
    const target = board.stages.find((s) => !s.isClosed && s.name !== next && s.defaultProbability !== null)!;
    await page.getByRole('combobox', { name: 'Stage', exact: true }).selectOption(target.name);
    await expect(page.getByLabel('Probability')).toHaveValue(String(target.defaultProbability));
    await page.getByLabel('Probability').fill('33');
    const other = board.stages.find((s) => !s.isClosed && s.name !== target.name && s.defaultProbability !== null)!;
    await page.getByRole('combobox', { name: 'Stage', exact: true }).selectOption(other.name);
    await expect(page.getByLabel('Probability')).toHaveValue('33');
    await page.getByRole('link', { name: 'Cancel' }).click();
  });

  test('lead analytics shows the cohort, its funnel and conversion', async ({ request }) => {
    await openFromNav(page, 'Lead analytics');
    const leads = await bridgeCall<LeadAnalytics>(request, 'analytics:leads', { period: { kind: 'this-year' }, scope: 'mine' });
    await expect(page.getByTestId('leads-created')).toHaveText(leads.created.toLocaleString('en-US'));
    const funnel = page.getByTestId('chart-lead-funnel');
    await expect(funnel.locator('.recharts-bar-rectangle')).toHaveCount(leads.funnel.length);
    await funnel.getByRole('button', { name: 'Table' }).click();
    await expect(funnel.getByRole('table').locator('tbody tr')).toHaveCount(leads.funnel.length);
    await expect(funnel.getByRole('table').locator('tbody tr').first()).toContainText(leads.funnel[0].status);
    await expect(page.getByTestId('chart-lead-sources').locator('.recharts-bar-rectangle').first()).toBeVisible();
    await expect(page.getByTestId('leads-to-won')).toContainText(`Of ${leads.toWon.converted.toLocaleString('en-US')} converted`);
    await shot(page, 'k06-lead-analytics');
  });

  test('no unexpected errors were logged by the page', () => {
    expect(consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
