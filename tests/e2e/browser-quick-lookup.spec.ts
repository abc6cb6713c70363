/**
 * The quick lookup (`#/quick-lookup`) in browser mode, as the desktop app's small window shows it:
 * opened as a popup of the app's tab, it finds records as you type, grouped by object with their
 * totals (the core's own answer is the reference), ↑/↓ and Enter open a record in the tab that
 * opened it, the copy actions put the email and the phone on the clipboard and say so, Escape
 * clears the box; opened on its own, Enter shows the record in its own tab. axe finds no serious or
 * critical issue on it, light or dark. Settings' desktop section says what browser mode lacks.
 */
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import type { LookupGroup, LookupRecord } from '../../src/shared/ipc';
import { OBJECT_REGISTRY } from '../../src/shared/objects/registry';
import { bridgeCall } from './support/bridge';
import { appUrl, origin, shot } from './support/browser-mode-env';
import { collectPageErrors, connectDemoOrg, disconnectAllOrgs } from './support/demo-org-login';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PATHS: Record<string, string> = { Account: 'accounts', Contact: 'contacts', Opportunity: 'opportunities', Lead: 'leads', Case: 'cases' };

/** axe on the whole page in both themes; the serious and critical findings, described. */
async function axeFindings(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(300);
    const violations = (await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: unknown[] }> } }).axe;
      return (await axe.run({ include: [['html']] }, { resultTypes: ['violations'] })).violations;
    })) as Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }>;
    for (const v of violations) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue;
      for (const node of v.nodes) found.push(`[${scheme}] ${v.id} (${v.impact}) ${v.help}: ${node.target.join(' ')} — ${node.failureSummary ?? ''}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

test.describe.configure({ mode: 'serial' });

test.describe('quick lookup in browser mode', () => {
  let page: Page;
  let errors: string[] = [];
  /** A contact with both an email and a phone, and the text that finds it. */
  let person: { record: LookupRecord; text: string };

  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, permissions: ['clipboard-read', 'clipboard-write'] });
    page = await context.newPage();
    await page.addInitScript({ path: AXE_PATH });
    errors = collectPageErrors(page);
  });

  test.afterAll(async ({ request }) => {
    await page.context().close();
    await disconnectAllOrgs(request, appUrl());
  });

  test('the Demo org synced, a contact to look up', async ({ request }) => {
    await connectDemoOrg(page, appUrl());
    await expect(page.getByTestId('last-sync')).toHaveText(/^Synced /, { timeout: 120_000 });
    for (const text of ['jo', 'ma', 'an', 'da']) {
      const { groups } = await bridgeCall<{ groups: LookupGroup[] }>(request, 'search:lookup', { text, perObject: 20 });
      const contact = groups.find((g) => g.object === 'Contact')?.records.find((r) => r.email && r.phone);
      if (contact) {
        person = { record: contact, text: contact.title };
        break;
      }
    }
    expect(person, 'a Demo org contact with an email and a phone').toBeTruthy();
  });

  test('as a popup of the app: type, results grouped with their totals, arrows and Enter open the record in the app’s tab', async ({ request }) => {
    const popupPromise = page.waitForEvent('popup');
    // (Page code as text: this project's test types have no DOM.)
    await page.evaluate(`void window.open('/#/quick-lookup', 'atom-quick-lookup', 'popup,width=620,height=560')`);
    const popup = await popupPromise;
    collectPageErrors(popup).forEach((e) => errors.push(e));
    const box = popup.getByRole('combobox', { name: 'Look up a record' });
    await expect(box).toBeFocused();
    await expect(box).toHaveAttribute('aria-expanded', 'false');

    const text = 'ma';
    const expected = await bridgeCall<{ groups: LookupGroup[] }>(request, 'search:lookup', { text, perObject: 5 });
    await box.pressSequentially(text);
    const list = popup.getByRole('listbox', { name: 'Matching records' });
    const groups = list.getByRole('group');
    await expect(groups).toHaveCount(expected.groups.length);
    await expect(box).toHaveAttribute('aria-expanded', 'true');
    for (const [i, group] of expected.groups.entries()) {
      const total = group.total.toLocaleString('en-US');
      await expect(groups.nth(i)).toHaveAccessibleName(`${OBJECT_REGISTRY.get(group.object).label.many} ${total} ${group.total === 1 ? 'match' : 'matches'}`);
      await expect(groups.nth(i).getByRole('option')).toHaveText(group.records.map((r) => new RegExp(`^${r.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)));
    }
    // The first result is highlighted; ↓ moves to the second, which the box points at.
    const options = list.getByRole('option');
    await expect(options.first()).toHaveAttribute('aria-selected', 'true');
    await box.press('ArrowDown');
    await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(box).toHaveAttribute('aria-activedescendant', (await options.nth(1).getAttribute('id')) ?? 'missing');
    await expect(box).toBeFocused();

    const flat = expected.groups.flatMap((g) => g.records.map((r) => ({ object: g.object, record: r })));
    const second = flat[1];
    await box.press('Enter');
    // The app's tab shows it: its route, and the record's page.
    await expect(page).toHaveURL(new RegExp(`#/${PATHS[second.object]}/${second.record.id}$`));
    await expect(page.getByRole('heading', { level: 1, name: second.record.title })).toBeVisible();
    await shot(popup, 'quick-lookup-popup');

    // Escape clears the box (browser mode; the desktop window hides instead).
    await box.press('Escape');
    await expect(box).toHaveValue('');
    await expect(list).toBeHidden();
    await popup.close();
  });

  test('the copy actions put the email and the phone on the clipboard and say so; on its own, Enter opens the record in place', async () => {
    await page.goto(`${origin()}/#/quick-lookup`);
    const box = page.getByRole('combobox', { name: 'Look up a record' });
    await expect(box).toBeFocused();
    await box.fill(person.text);
    const option = page
      .getByRole('option')
      .filter({ hasText: person.record.email ?? '' })
      .first();
    await option.hover();
    await expect(option).toHaveAttribute('aria-selected', 'true');
    const actions = page.getByRole('group', { name: `Actions for ${person.record.title}` });
    // The page's own live region (the app's toasts have another, empty here).
    const status = page.locator('main').getByRole('status');

    await actions.getByRole('button', { name: 'Copy email' }).click();
    await expect(status).toHaveText(`Email copied: ${person.record.email}`);
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(person.record.email);

    await box.focus();
    await box.press('Alt+P');
    await expect(status).toHaveText(`Phone copied: ${person.record.phone}`);
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(person.record.phone);

    // Call and email hand the number and the address to the system's handlers.
    await expect(actions.getByRole('link', { name: 'Call' })).toHaveAttribute('href', /^tel:\+?\d{3,20}$/);
    await expect(actions.getByRole('link', { name: 'Email' })).toHaveAttribute('href', `mailto:${person.record.email}`);
    // The Demo org has no Salesforce pages to open.
    await expect(actions.getByRole('link', { name: 'Open in Salesforce' })).toHaveCount(0);

    const findings = await axeFindings(page);
    expect(findings, findings.join('\n')).toEqual([]);

    await box.press('Enter');
    await expect(page).toHaveURL(new RegExp(`#/contacts/${person.record.id}$`));
    await expect(page.getByRole('heading', { level: 1, name: person.record.title })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('screenshots: the quick lookup at its window size (620×560), light and dark, results and no results', async () => {
    await page.setViewportSize({ width: 620, height: 560 });
    await page.goto(`${origin()}/#/quick-lookup`);
    const box = page.getByRole('combobox', { name: 'Look up a record' });
    for (const [name, text] of [
      ['results', 'ma'],
      ['no-results', 'zzqx'],
    ] as const) {
      await box.fill(text);
      if (name === 'results') await expect(page.getByRole('listbox', { name: 'Matching records' }).getByRole('option').first()).toBeVisible();
      else await expect(page.getByText(/Nothing on this computer matches/)).toBeVisible();
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await shot(page, `quick-lookup-${name}-620x560-${scheme}`);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 820 });
  });

  test('Settings: the desktop section says the shortcut and opening at login belong to the desktop app', async () => {
    await page.goto(`${origin()}/#/settings`);
    const section = page.getByRole('region', { name: 'Desktop app' });
    await expect(section.getByTestId('shortcut-state')).toHaveText('The global shortcut, the tray icon and opening at login belong to the desktop app.');
    await expect(section.getByLabel('Quick lookup shortcut')).toBeDisabled();
    await expect(section.getByLabel('Quick lookup shortcut')).toHaveValue('Ctrl+Shift+Space');
    await expect(section.getByLabel('Open at login')).toBeDisabled();
    const findings = await axeFindings(page);
    expect(findings, findings.join('\n')).toEqual([]);
  });
});
