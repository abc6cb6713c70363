/**
 * Accessibility is part of done: axe-core checks every screen of browser mode, in the light and
 * the dark theme, and the run fails on any serious or critical finding (rule, impact, what to do
 * and where, so a failure says what to fix).
 *
 * How axe gets into the page: the app's Content-Security-Policy (script-src 'self', no inline
 * scripts) refuses `page.addScriptTag`, with a path or with content, since both add an inline
 * <script>. `page.addInitScript` is injected by the browser itself (the DevTools protocol), which
 * CSP does not govern, so axe runs in the page under the app's real policy: nothing is weakened,
 * neither in the app nor with the context's bypassCSP (which would check a page that never ships).
 * It is the page's, not the context's, init script, so the Demo org's login tab stays untouched.
 */
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { connectDemoOrg, disconnectAllOrgs } from './support/demo-org-login';
import { appUrl, origin, settled } from './support/browser-mode-env';
import { bridgeCall } from './support/bridge';
import { colleagueUpdates, demoUserAndColleague, orgQuery } from './support/colleague';
import { ROUTE_EXAMPLES, type RouteExample } from '../../src/renderer/src/lib/router';
import { OBJECT_NAMES } from '../../src/shared/objects/registry';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** What the spec reads of axe's results (this project has no DOM types; the page code is typed by hand). */
interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/** One element a serious or critical rule failed on, on one screen in one theme. */
interface Finding {
  rule: string;
  impact: string;
  help: string;
  helpUrl: string;
  target: string;
  /** axe's first lines on why (for colour contrast: the two colours and the ratio). */
  why: string;
  where: string;
}

/**
 * Findings a rule would report that are not the app's to fix. Each entry is the narrowest selector
 * with the reason; none yet.
 */
const EXCLUDE: string[] = [];

const findings: Finding[] = [];
const MAX_TARGETS_PER_RULE = 8;
const audited: string[] = [];

/** Lets skeletons, busy lists and the theme's colour transitions settle so axe checks the screen, not a transition. */
async function settle(page: Page): Promise<void> {
  await settled(page, 10_000);
  await page.waitForTimeout(350);
}

/** Runs axe on the whole page in the light and the dark theme; records serious and critical findings. */
async function audit(page: Page, screen: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await settle(page);
    const violations = (await page.evaluate(
      async ({ exclude }) => {
        const axe = (globalThis as unknown as { axe?: { run: (context: unknown, options: unknown) => Promise<{ violations: unknown[] }> } }).axe;
        if (!axe) throw new Error('axe-core is not in the page: the init script did not run');
        const context = exclude.length ? { include: [['html']], exclude: exclude.map((selector) => [selector]) } : { include: [['html']] };
        return (await axe.run(context, { resultTypes: ['violations'] })).violations;
      },
      { exclude: EXCLUDE },
    )) as AxeViolation[];
    audited.push(`${screen} (${scheme})`);
    for (const v of violations) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue;
      for (const node of v.nodes) {
        findings.push({
          rule: v.id,
          impact: v.impact,
          help: v.help,
          helpUrl: v.helpUrl,
          target: node.target.map(String).join(' >>> '),
          why: (node.failureSummary ?? '').split('\n').slice(1, 3).join(' ').trim(),
          where: `${screen} (${scheme})`,
        });
      }
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/**
 * Per rule: its impact and help, then the first few elements (a selector, why, and every screen and
 * theme it failed on: the sidebar's would otherwise repeat on each screen).
 */
function report(list: Finding[]): string {
  const rules = new Map<string, Map<string, Finding[]>>();
  for (const f of list) {
    const targets = rules.get(f.rule) ?? new Map<string, Finding[]>();
    targets.set(f.target, [...(targets.get(f.target) ?? []), f]);
    rules.set(f.rule, targets);
  }
  const lines: string[] = [];
  for (const [rule, targets] of rules) {
    const first = [...targets.values()][0][0];
    lines.push(`\n[${first.impact}] ${rule}: ${first.help} (${first.helpUrl})`);
    for (const [target, hits] of [...targets].slice(0, MAX_TARGETS_PER_RULE)) {
      lines.push(`  ${target}`, `      ${hits[0].why}`, `      on ${hits.map((h) => h.where).join(', ')}`);
    }
    if (targets.size > MAX_TARGETS_PER_RULE) lines.push(`  … and ${targets.size - MAX_TARGETS_PER_RULE} more element(s)`);
  }
  return lines.join('\n');
}

async function openFromNav(page: Page, label: string, heading = label): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: new RegExp(`^${label}`) })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

test.describe('accessibility (axe-core), light and dark', () => {
  let page: Page;
  /** The Demo org's origin (a colleague changes a record there for the notifications' screens). */
  let emulator = '';
  // Note: the mouse stays where Playwright last clicked, so the hovered main-navigation link (its
  // shortcut keys show on hover) is checked too.

  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    page = await context.newPage();
    await page.addInitScript({ path: AXE_PATH });
  });

  test.afterAll(async ({ request }) => {
    await page.context().close();
    // The specs share one app: the next one starts from an empty Connections page.
    await disconnectAllOrgs(request, appUrl());
  });

  test('Connections, with no org and with the Demo org chosen', async () => {
    const response = await page.goto(appUrl());
    // axe runs under the app's own policy, the one that refuses inline scripts.
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeVisible();
    await expect(page.getByText('No orgs connected yet')).toBeVisible();
    await audit(page, 'Connections (no org)');
    await page.getByText('Demo org', { exact: true }).click();
    await expect(page.getByTestId('demo-username')).toBeVisible();
    await audit(page, 'Connections (Demo org chosen)');
  });

  test('the object lists after the first sync', async () => {
    // The first sync and six lists in two themes: more than the default two minutes on a busy machine.
    test.setTimeout(300_000);
    // connectDemoOrg loads the launch link afresh (a fragment change alone would not take the secret).
    await page.goto('about:blank');
    emulator = await connectDemoOrg(page, appUrl());
    await expect(page.getByTestId('last-sync')).toHaveText(/^Synced /, { timeout: 120_000 });
    for (const label of ['Contacts', 'Accounts', 'Opportunities', 'Leads', 'Cases', 'Campaigns']) {
      await openFromNav(page, label);
      await expect(page.getByRole('table', { name: label }).locator('tbody a.row-link').first()).toBeVisible();
      await audit(page, label);
    }
  });

  let opportunityName = '';

  test('an opportunity, its edit form, and global search with results', async () => {
    await page.goto(`${origin()}/#/opportunities`);
    const first = page.getByRole('table', { name: 'Opportunities' }).locator('tbody a.row-link').first();
    opportunityName = ((await first.textContent()) ?? '').replace(/Pending$/, '').trim();
    await first.click();
    await expect(page.getByRole('heading', { level: 1, name: opportunityName })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Details' })).toBeVisible();
    await audit(page, 'Opportunity detail');

    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Edit ${opportunityName}` })).toBeVisible();
    await audit(page, 'Opportunity edit form');
    // The form refusing input: the fields' error messages and their colours.
    await page.getByLabel('Amount').fill('a lot');
    await page.getByRole('button', { name: 'Save opportunity' }).click();
    await expect(page.locator('[data-field="Amount"] .field-error')).toContainText('number');
    await audit(page, 'Opportunity edit form with errors');
    await page.getByRole('link', { name: 'Cancel' }).click();
    await expect(page.getByRole('heading', { level: 1, name: opportunityName })).toBeVisible();

    await page.keyboard.press('Control+K');
    const search = page.getByRole('combobox', { name: 'Search everything' });
    await expect(search).toBeFocused();
    await search.fill(opportunityName.split(/\s+/).filter((w) => /\w/.test(w))[0] ?? 'a');
    await expect(page.getByRole('listbox', { name: 'Search results' }).getByRole('option').first()).toBeVisible();
    await audit(page, 'Global search with results');
    await search.press('Escape');
    await search.press('Escape');
  });

  test('Changes, Health (with the org limits) and Settings (with Notifications)', async () => {
    await openFromNav(page, 'Changes');
    await audit(page, 'Changes');

    await openFromNav(page, 'Health');
    await expect(page.getByTestId('health-status')).toBeVisible();
    await audit(page, 'Health');
    const limits = page.getByTestId('health-org-limits');
    await limits.getByRole('button', { name: 'Check org limits' }).click();
    await expect(limits.getByTestId('limit-gauge').first()).toBeVisible();
    await audit(page, 'Health (org limits checked)');

    await openFromNav(page, 'Settings');
    await audit(page, 'Settings');
  });

  test("change notifications: the bell's popover with one, and the list", async ({ request }) => {
    // A colleague changes the amount of one of my opportunities; the next sync finds it.
    const { me, colleague } = demoUserAndColleague();
    const [deal] = orgQuery<{ Id: string; Amount: number | null }>(
      `SELECT "Id", "Amount" FROM "Opportunity" WHERE "OwnerId" = ? AND "IsClosed" = 0 AND "IsDeleted" = 0 ORDER BY "Id" DESC LIMIT 1`,
      me,
    );
    await colleagueUpdates(request, emulator, colleague, 'Opportunity', deal.Id, { Amount: (deal.Amount ?? 0) + 1_000 });
    await bridgeCall(request, 'sync:start', {});
    await expect(page.getByTestId('notification-count')).toHaveText('1', { timeout: 30_000 });
    await page.getByTestId('notification-bell').click();
    await expect(page.getByRole('dialog', { name: 'Notifications' }).getByTestId('notification-item')).toHaveCount(1);
    await audit(page, 'Notifications popover');
    await page.keyboard.press('Escape');
    await page.goto(`${origin()}/#/notifications`);
    await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
    await expect(page.getByTestId('notification-item')).toHaveCount(1);
    await audit(page, 'Notifications list');
  });

  test('the search page (results, a refused link), a record’s Copy link choice and its message, the keyboard shortcuts', async () => {
    const word = opportunityName.split(/\s+/).filter((w) => /\w/.test(w))[0] ?? 'a';
    await page.goto(`${origin()}/#/search?q=${encodeURIComponent(word)}`);
    await expect(page.locator(`[data-answered="${word}"]`).getByRole('region').first()).toBeVisible();
    await audit(page, 'Search page with results');
    await page.goto(`${origin()}/#/search?q=%2e%2e`);
    await expect(page.getByTestId('search-link-problem')).toBeVisible();
    await audit(page, 'Search page (a refused link)');

    await page.goto(`${origin()}/#/opportunities`);
    await page.getByRole('table', { name: 'Opportunities' }).locator('tbody a.row-link').first().click();
    await expect(page.getByRole('heading', { level: 1, name: opportunityName })).toBeVisible();
    const copy = page.getByRole('button', { name: 'Copy link' });
    await copy.click();
    await page.getByRole('button', { name: /^Copy app link/ }).click();
    // Copied, or refused (this context has no clipboard permission): either way the message is up.
    await expect(page.getByTestId('copy-link-status')).not.toBeEmpty();
    await copy.click();
    await expect(page.getByRole('button', { name: /^Copy browser link/ })).toBeVisible();
    await audit(page, 'Copy link (its choice open, its message shown)');
    await page.keyboard.press('Escape');

    await page.keyboard.press('Shift+?');
    await expect(page.getByRole('heading', { level: 1, name: 'Keyboard shortcuts' })).toBeVisible();
    await audit(page, 'Keyboard shortcuts');
  });

  test('the cockpit: Home, Pipeline (charts, tables, a drill-down, the thresholds), the board and its Move dialog, lead analytics', async () => {
    await openFromNav(page, 'Home');
    await expect(page.getByTestId('home-pipeline')).toBeVisible();
    await audit(page, 'Home');

    await openFromNav(page, 'Pipeline');
    const byStage = page.getByTestId('chart-by-stage');
    await expect(byStage.locator('.recharts-bar-rectangle').first()).toBeVisible();
    await audit(page, 'Pipeline');
    for (const chart of ['chart-by-stage', 'chart-by-forecast', 'chart-waterfall', 'chart-days-in-stage']) {
      await page.getByTestId(chart).getByRole('button', { name: 'Table' }).click();
    }
    await page.getByTestId('stale-deals').getByRole('button', { name: 'Thresholds' }).click();
    await expect(page.getByRole('form', { name: 'Stale deal thresholds' })).toBeVisible();
    await audit(page, 'Pipeline as tables, thresholds open');
    // The keyboard's way to a drill-down: a table row's button.
    await byStage
      .getByRole('button', { name: /^List .* deals$/ })
      .and(page.locator(':enabled'))
      .first()
      .click();
    await expect(page.getByTestId('drill-down').locator('tbody tr').first()).toBeVisible();
    await audit(page, 'Pipeline drill-down');
    await page.getByTestId('drill-down').getByRole('button', { name: 'Close' }).click();

    await openFromNav(page, 'Board', 'Opportunity board');
    const firstCard = page.getByTestId('deal-card').first();
    await expect(firstCard).toBeVisible();
    await audit(page, 'Board');
    await firstCard.getByRole('button', { name: /^Move .* to another stage$/ }).click();
    await expect(page.getByTestId('move-dialog')).toBeVisible();
    await audit(page, 'Board Move dialog');
    await page.getByTestId('move-dialog').getByRole('button', { name: 'Cancel' }).click();

    await openFromNav(page, 'Lead analytics');
    await expect(page.getByTestId('chart-lead-funnel').locator('.recharts-bar-rectangle').first()).toBeVisible();
    await audit(page, 'Lead analytics');
  });

  test('activities and conversion: a contact with its timeline, the Log a call dialog, My tasks, a lead and its convert dialog', async () => {
    await page.goto(`${origin()}/#/contacts`);
    await page.getByRole('table', { name: 'Contacts' }).locator('tbody a.row-link').first().click();
    await expect(page.getByTestId('activity-timeline').getByRole('heading', { level: 3 }).first()).toBeVisible();
    await audit(page, 'Contact with its activity timeline');
    await page.getByRole('group', { name: 'Quick actions' }).getByRole('button', { name: 'Log a call' }).click();
    await expect(page.getByTestId('activity-dialog')).toBeVisible();
    await page.getByTestId('activity-dialog').getByLabel('Subject').fill('');
    await page.getByTestId('activity-dialog').getByRole('button', { name: 'Log call' }).click();
    await expect(page.getByTestId('activity-dialog').locator('.field-error')).toBeVisible();
    await audit(page, 'Log a call dialog with an error');
    await page.keyboard.press('Escape');

    await openFromNav(page, 'My tasks');
    await expect(page.getByTestId('tasks-done')).toBeVisible();
    await audit(page, 'My tasks');

    await openFromNav(page, 'Leads');
    const open = page.getByRole('table', { name: 'Leads' }).locator('tbody tr', { hasNotText: 'Closed - Converted' }).locator('a.row-link').first();
    await open.click();
    await expect(page.getByTestId('convert-lead')).toBeVisible();
    await audit(page, 'Lead with its timeline');
    await page.getByTestId('convert-lead').click();
    await page.getByTestId('convert-dialog').getByRole('radio', { name: 'Add to an existing account' }).check();
    await audit(page, 'Convert lead dialog');
    await page.keyboard.press('Escape');
  });

  test('every route of the router: each example screen, for every object, in both themes', async ({ request }) => {
    // About fifty screens in two themes: a few minutes on an idle machine, far more on a loaded one.
    test.setTimeout(1_200_000);
    // One record of each object (the first of its list in the cache) for the record and edit screens.
    const ids: Partial<Record<(typeof OBJECT_NAMES)[number], string>> = {};
    for (const object of OBJECT_NAMES) {
      const page1 = await bridgeCall<{ rows: Array<{ Id: string }> }>(request, 'records:list', { object, limit: 1 });
      if (page1.rows[0]) ids[object] = page1.rows[0].Id;
    }
    const screens: Array<{ route: string; href: string }> = [];
    for (const [route, examples] of Object.entries(ROUTE_EXAMPLES) as Array<[string, readonly RouteExample[]]>) {
      for (const example of examples) {
        if (typeof example === 'string') screens.push({ route, href: example });
        else {
          for (const object of OBJECT_NAMES) {
            const id = ids[object];
            // An object with no record in the Demo org has no record screens to check.
            if (example.length < 2 || id) screens.push({ route, href: example(object, id ?? '') });
          }
        }
      }
    }
    const routesSeen = new Set(screens.map((s) => s.route));
    expect([...routesSeen].sort(), 'every route has a screen to check').toEqual(Object.keys(ROUTE_EXAMPLES).sort());
    for (const screen of screens) {
      await page.goto(`${origin()}/${screen.href}`);
      // The screen drew something (not a blank page) before axe looks at it.
      await expect(page.locator('#root')).not.toBeEmpty();
      await page.locator('h1, [role="search"], input').first().waitFor({ timeout: 15_000 });
      await audit(page, `${screen.route} ${screen.href}`);
    }
  });

  test('the Query page: the editor with its suggestions open, a result, the saved queries and the save dialog', async () => {
    await openFromNav(page, 'Query');
    await page.getByRole('textbox', { name: 'SOQL query' }).click();
    await page.keyboard.type('SELECT Id, Name FROM Account ORDER BY Na');
    await expect(page.getByRole('listbox', { name: 'Completions' })).toBeVisible();
    await audit(page, 'Query (suggestions open)');
    await page.getByRole('listbox', { name: 'Completions' }).locator('.cm-completionLabel').getByText('Name', { exact: true }).click();
    await page.getByRole('group', { name: 'Run on' }).getByText('This computer').click();
    await page.getByRole('button', { name: 'Run on this computer' }).click();
    await expect(page.getByTestId('query-summary')).toBeVisible();
    await audit(page, 'Query with results');
    await page.getByRole('tab', { name: 'Saved queries' }).click();
    await page.getByRole('button', { name: 'Save…' }).click();
    await expect(page.getByTestId('save-query-dialog')).toBeVisible();
    await audit(page, 'Query save dialog');
    await page.keyboard.press('Escape');
  });

  test('no serious or critical finding on any screen', () => {
    expect(audited.length, 'screens checked').toBeGreaterThanOrEqual(2 * 34);
    expect(findings.length, `axe-core found ${findings.length} serious or critical issue(s):${report(findings)}\n`).toBe(0);
  });
});
