/**
 * Change notifications in browser mode, in Chromium: the context grants the notifications
 * permission, a colleague changes the stage of one of the Demo user's opportunities in the Demo org
 * (signed in as themselves, so the org stamps the change with their user), a sync finds it, and the
 * page shows a Web Notification (observed through a stand-in for window.Notification installed
 * before the app loads: headless Chromium shows no pop-up to look at) that opens the record when
 * clicked; the bell counts it and its popover opens the record too; Settings → Notifications says
 * the browser allows them, and its choices persist.
 */
import { expect, test, type Page } from '@playwright/test';
import { bridgeCall } from './support/bridge';
import { appUrl, origin, shot } from './support/browser-mode-env';
import { colleagueUpdates, demoUserAndColleague, orgQuery } from './support/colleague';
import { collectPageErrors, connectDemoOrg, disconnectAllOrgs } from './support/demo-org-login';

interface Recorded {
  title: string;
  body: string | undefined;
  tag: string | undefined;
}

/**
 * Replaces window.Notification before the app runs: each construction is recorded (and can be
 * clicked), while `permission` stays the browser's own, so the context's grant is what decides.
 */
function installNotificationSpy(): void {
  const page = globalThis as unknown as { Notification?: { permission: string; requestPermission(): Promise<string> } };
  const real = page.Notification;
  const made: Array<{ title: string; body?: string; tag?: string; popup: { onclick: ((event: Event) => void) | null } }> = [];
  class RecordedNotification extends EventTarget {
    static get permission() {
      return real ? real.permission : 'denied';
    }
    static requestPermission() {
      return real ? real.requestPermission() : Promise.resolve('denied');
    }
    onclick: ((event: Event) => void) | null = null;
    constructor(title: string, options?: { body?: string; tag?: string }) {
      super();
      made.push({ title, body: options?.body, tag: options?.tag, popup: this });
    }
    close() {}
  }
  Object.assign(page, { Notification: RecordedNotification, __notifications: made });
}

const recorded = (page: Page) =>
  page.evaluate(() =>
    (globalThis as unknown as { __notifications: Array<{ title: string; body?: string; tag?: string }> }).__notifications.map(({ title, body, tag }) => ({
      title,
      body,
      tag,
    })),
  ) as Promise<Recorded[]>;

test.describe.configure({ mode: 'serial' });

test.describe('change notifications in browser mode', () => {
  let page: Page;
  let errors: string[] = [];
  let emulator = '';

  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    await context.grantPermissions(['notifications'], { origin: origin() });
    page = await context.newPage();
    await page.addInitScript(installNotificationSpy);
    errors = collectPageErrors(page);
  });

  test.afterAll(async ({ request }) => {
    await page.context().close();
    await disconnectAllOrgs(request, appUrl());
  });

  test("a colleague's change to my opportunity: a Web Notification that opens the record, and the bell", async ({ request }) => {
    emulator = await connectDemoOrg(page, appUrl());
    await expect(page.getByTestId('last-sync')).toHaveText(/^Synced /, { timeout: 120_000 });
    // The first sync announces nothing: every record was new to this computer.
    expect(await recorded(page)).toEqual([]);
    await expect(page.getByTestId('notification-count')).toHaveCount(0);

    const { me, colleague } = demoUserAndColleague();
    const [deal] = orgQuery<{ Id: string; Name: string; StageName: string }>(
      `SELECT "Id", "Name", "StageName" FROM "Opportunity" WHERE "OwnerId" = ? AND "IsClosed" = 0 AND "IsDeleted" = 0 ORDER BY "Id" LIMIT 1`,
      me,
    );
    const stage = deal.StageName === 'Negotiation/Review' ? 'Proposal/Price Quote' : 'Negotiation/Review';
    await colleagueUpdates(request, emulator, colleague, 'Opportunity', deal.Id, { StageName: stage });
    await bridgeCall(request, 'sync:start', {});

    await expect(page.getByTestId('notification-count')).toHaveText('1', { timeout: 30_000 });
    const [shown] = await recorded(page);
    expect(await recorded(page)).toHaveLength(1);
    expect(shown).toEqual({
      title: `${deal.Name} changed`,
      body: `Stage: ${deal.StageName} → ${stage} · by ${colleague.name}`,
      tag: expect.stringContaining(deal.Id),
    });
    await expect(page.getByTestId('notification-bell')).toHaveAccessibleName('Notifications, 1 unread');

    // Clicking the pop-up opens the record and marks it read.
    await page.evaluate(() => {
      const [first] = (globalThis as unknown as { __notifications: Array<{ popup: { onclick: ((event: Event) => void) | null } }> }).__notifications;
      first.popup.onclick?.(new Event('click'));
    });
    await expect(page.getByRole('heading', { level: 1, name: deal.Name })).toBeVisible();
    await expect(page.getByTestId('notification-count')).toHaveCount(0);
    const recent = await bridgeCall<{ unread: number; notifications: Array<{ recordId: string; read: boolean }> }>(request, 'notifications:recent');
    expect(recent).toMatchObject({ unread: 0, notifications: [{ recordId: deal.Id, read: true }] });

    // The bell's popover lists it; choosing it opens the record (from anywhere).
    await page.goto(`${origin()}/#/home`);
    await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
    await page.getByTestId('notification-bell').click();
    const popover = page.getByRole('dialog', { name: 'Notifications' });
    await expect(popover).toBeVisible();
    await expect(popover.getByRole('heading', { name: 'Notifications' })).toBeFocused();
    await expect(popover.getByTestId('notification-item')).toHaveCount(1);
    await expect(popover.getByTestId('notification-item')).toContainText(`Stage: ${deal.StageName} → ${stage}`);
    // Escape closes it and gives the bell its focus back.
    await page.keyboard.press('Escape');
    await expect(popover).toBeHidden();
    await expect(page.getByTestId('notification-bell')).toBeFocused();
    await page.keyboard.press('Enter');
    await popover.getByTestId('notification-item').click();
    await expect(page.getByRole('heading', { level: 1, name: deal.Name })).toBeVisible();
    await expect(popover).toBeHidden();
  });

  test('the notifications list and the bell, in screenshots', async () => {
    await page.goto(`${origin()}/#/notifications`);
    await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
    await expect(page.getByTestId('notification-item')).toHaveCount(1);
    for (const size of [
      { width: 1360, height: 860 },
      { width: 1024, height: 700 },
    ]) {
      await page.setViewportSize(size);
      await page.goto(`${origin()}/#/home`);
      await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
      await page.getByTestId('notification-bell').click();
      await expect(page.getByTestId('notification-popover')).toBeVisible();
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await shot(page, `notifications-bell-${size.width}x${size.height}-${scheme}`);
      }
      await page.keyboard.press('Escape');
      await page.goto(`${origin()}/#/settings`);
      await page.getByTestId('notification-settings').scrollIntoViewIfNeeded();
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await shot(page, `notifications-settings-${size.width}x${size.height}-${scheme}`);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1360, height: 860 });
  });

  test('Settings → Notifications: the browser allows them; the choices persist', async ({ request }) => {
    await page.goto(`${origin()}/#/settings`);
    const section = page.getByTestId('notification-settings');
    await expect(section.getByTestId('browser-notification-permission')).toHaveAttribute('data-permission', 'granted');
    await expect(section.getByRole('button', { name: 'Allow browser notifications' })).toHaveCount(0);

    const deals = section.getByRole('checkbox', { name: /My opportunity changes/ });
    await expect(deals).toBeChecked();
    await deals.uncheck();
    await expect(deals).not.toBeChecked();
    await section.getByRole('checkbox', { name: /No pop-ups between these times/ }).check();
    const from = section.getByTestId('quiet-hours-start');
    await expect(from).toBeEnabled();
    await from.fill('21:30');
    await from.blur();
    await expect.poll(async () => (await bridgeCall<{ quietHours: { start: string } }>(request, 'notifications:settings-get')).quietHours.start).toBe('21:30');

    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await expect(section.getByRole('checkbox', { name: /My opportunity changes/ })).not.toBeChecked();
    await expect(section.getByRole('checkbox', { name: /No pop-ups between these times/ })).toBeChecked();
    await expect(section.getByTestId('quiet-hours-start')).toHaveValue('21:30');
    expect(await bridgeCall(request, 'notifications:settings-get')).toMatchObject({
      kinds: { 'opportunity-changed': false, 'case-assigned': true },
      quietHours: { enabled: true, start: '21:30' },
    });
    // Back as they were, for the specs that follow (they share one app).
    await bridgeCall(request, 'notifications:settings-update', { kinds: { 'opportunity-changed': true }, quietHours: { enabled: false, start: '20:00' } });
  });

  test('no unexpected errors were logged by the page', () => {
    expect(errors).toEqual([]);
  });
});
