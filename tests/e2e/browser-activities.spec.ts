/**
 * Activities and lead conversion end to end in browser mode, against the Demo org: a call logged
 * from a contact (its timeline, My tasks, the org), the quick actions' keyboard (Escape gives focus
 * back), a task created and completed from My tasks with the keyboard, a call logged while the org
 * does not answer (pending, then sent once), and a lead converted into an existing account with a
 * new opportunity (the links on the converted lead). What a write did is read from the emulated
 * org's own database, not from the screen.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { MyTasks, Timeline } from '../../src/shared/ipc/activities.contract';
import type { ConvertOptions } from '../../src/shared/ipc/leads.contract';
import { appUrl, dataDir, origin, shot } from './support/browser-mode-env';
import { bridgeCall } from './support/bridge';
import { collectPageErrors, connectDemoOrg, disconnectAllOrgs, setFaults } from './support/demo-org-login';

type Row = Record<string, string | number | null>;

/** Rows straight from the emulated org's database: what Salesforce "has". */
function orgRows(sql: string, ...params: unknown[]): Row[] {
  const db = new Database(path.join(dataDir(), 'demo-org.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as Row[];
  } finally {
    db.close();
  }
}

async function firstRecord(request: APIRequestContext, query: Record<string, unknown>): Promise<Row> {
  const page = await bridgeCall<{ rows: Row[] }>(request, 'records:list', { limit: 1, ...query });
  expect(page.rows.length, `a ${String(query.object)} in the Demo org`).toBeGreaterThan(0);
  return page.rows[0];
}

async function openFromNav(page: Page, label: string, heading = label): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: new RegExp(`^${label}`) })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

const stamp = () => new Date().toISOString().slice(11, 19).replace(/:/g, '');

test.describe.configure({ mode: 'serial' });

test.describe('activities and lead conversion', () => {
  let page: Page;
  let emulator = '';
  let consoleErrors: string[] = [];
  let contact: Row;
  let callComment = '';
  let callId = '';

  test.beforeAll(async ({ browser }) => {
    page = await (await browser.newContext({ viewport: { width: 1360, height: 860 } })).newPage();
    consoleErrors = collectPageErrors(page);
  });

  test.afterAll(async ({ request }) => {
    if (emulator) await setFaults(request, emulator, { resetRate: 0, latencyMs: 0 }).catch(() => undefined);
    await page.context().close();
    await disconnectAllOrgs(request, appUrl());
  });

  test("a call logged from a contact is in the contact's timeline, in the org and in My tasks' Recently completed", async ({ request }) => {
    emulator = await connectDemoOrg(page, appUrl());
    await expect(page.getByTestId('last-sync')).toHaveText(/^Synced /, { timeout: 120_000 });
    contact = await firstRecord(request, { object: 'Contact', filters: { ownedByMe: true } });
    await page.goto(`${origin()}/#/contacts/${contact.Id}`);
    await expect(page.getByRole('heading', { level: 1, name: String(contact.Name) })).toBeVisible();
    const timeline = page.getByTestId('activity-timeline');
    await expect(timeline.getByRole('heading', { level: 3, name: /Upcoming & overdue/ })).toBeVisible();
    await expect(timeline.getByTestId('activities-not-synced')).toHaveCount(0);

    // Escape cancels a quick action and gives focus back to its button.
    const newTask = page.getByRole('group', { name: 'Quick actions' }).getByRole('button', { name: 'New task' });
    await newTask.click();
    await expect(page.getByTestId('activity-dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('activity-dialog')).not.toBeVisible();
    await expect(newTask).toBeFocused();

    await page.getByRole('group', { name: 'Quick actions' }).getByRole('button', { name: 'Log a call' }).click();
    const dialog = page.getByTestId('activity-dialog');
    await expect(dialog.getByLabel('Subject')).toHaveValue('Call');
    await expect(dialog).toContainText(`With ${contact.Name}`);
    await dialog.getByLabel('Subject').fill('');
    await dialog.getByRole('button', { name: 'Log call' }).click();
    await expect(dialog.locator('[data-field="subject"] .field-error')).toHaveText('Give it a subject');
    // The org's own suggestion (Task Subject's values), and comments that tell this call apart.
    await dialog.getByLabel('Subject').fill('Call');
    callComment = `Walked through the renewal; they want a proposal next week (${stamp()}).`;
    await dialog.getByLabel('Comments').fill(callComment);
    await dialog.getByRole('button', { name: 'Log call' }).click();
    await expect(dialog).not.toBeVisible();
    await expect(page.getByText('Call logged in Salesforce')).toBeVisible();

    const inOrg = orgRows(`SELECT "Id", "WhoId", "Status", "TaskSubtype", "IsClosed" FROM "Task" WHERE "Description" = ?`, callComment);
    expect(inOrg).toHaveLength(1);
    expect(inOrg[0]).toMatchObject({ WhoId: contact.Id, Status: 'Completed', TaskSubtype: 'Call', IsClosed: 1 });
    callId = String(inOrg[0].Id);
    const logged = timeline.getByTestId('timeline-past').locator(`a[href="#/tasks/${callId}"]`);
    await expect(logged).toHaveText('Call');
    await shot(page, 'a01-contact-timeline');

    await openFromNav(page, 'My tasks');
    await expect(page.getByTestId('tasks-done').locator(`a[href="#/tasks/${callId}"]`)).toBeVisible();
  });

  test("a record link (#/record/<Id>, browser mode's form of the desktop app's link) opens the record; a bad or foreign Id gets a clear page", async () => {
    await page.goto(`${origin()}/#/record/${String(contact.Id).slice(0, 15)}`);
    await expect(page.getByRole('heading', { level: 1, name: String(contact.Name) })).toBeVisible();
    await page.goto(`${origin()}/#/record/003G000001SUbc4AAA`);
    await expect(page.getByRole('heading', { level: 1, name: 'That link doesn’t name a record' })).toBeVisible();
    await page.goto(`${origin()}/#/record/a0X000000000001`);
    await expect(page.getByRole('heading', { level: 1, name: 'Atom doesn’t keep this kind of record' })).toBeVisible();
  });

  test('My tasks: N starts a task due today, X completes it from the keyboard and it moves to Recently completed', async ({ request }) => {
    // G T from anywhere; the sidebar marks My tasks.
    await page.goto(`${origin()}/#/home`);
    await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
    await page.keyboard.press('g');
    await page.keyboard.press('t');
    await expect(page.getByRole('heading', { level: 1, name: 'My tasks' })).toBeVisible();
    await expect(page).toHaveURL(`${origin()}/#/tasks`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: /^My tasks/ })).toHaveAttribute('aria-current', 'page');
    const mine = await bridgeCall<MyTasks>(request, 'activities:my-tasks');
    expect(mine.synced).toBe(true);
    await expect(page.getByTestId('tasks-overdue').locator('.count-pill')).toHaveText(String(mine.overdue.length));
    await expect(page.getByTestId('tasks-done').locator('.count-pill')).toHaveText(String(mine.completed.length));

    await page.locator('body').press('n');
    const dialog = page.getByTestId('activity-dialog');
    await expect(dialog.getByRole('heading', { name: 'New task' })).toBeVisible();
    const comment = `Proposal for the renewal (${stamp()})`;
    await dialog.getByLabel('Subject').fill('Send Quote');
    await dialog.getByLabel('Due date').fill(mine.today);
    await dialog.getByLabel('Priority').selectOption('High');
    await dialog.getByLabel('Comments').fill(comment);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).not.toBeVisible();
    const created = orgRows(`SELECT "Id", "Status", "Priority", "ActivityDate" FROM "Task" WHERE "Description" = ?`, comment);
    expect(created).toEqual([{ Id: expect.stringMatching(/^00T/), Status: 'Not Started', Priority: 'High', ActivityDate: mine.today }]);
    const taskId = String(created[0].Id);
    const today = page.getByTestId('tasks-today');
    const row = today.locator(`[data-task-row][data-row-id="${taskId}"]`);
    await expect(row).toBeVisible();
    await expect(row).toContainText('High priority');

    // One Tab stop per list; j / k move between rows; X completes the focused task.
    await row.focus();
    await expect(row).toHaveAttribute('tabindex', '0');
    await page.keyboard.press('x');
    await expect(page.getByTestId('tasks-done').locator(`a[href="#/tasks/${taskId}"]`)).toBeVisible();
    await expect(row).toHaveCount(0);
    await expect(page.locator(':focus')).toHaveAttribute('data-task-row', '');
    await expect.poll(() => orgRows(`SELECT "Status", "IsClosed" FROM "Task" WHERE "Id" = ?`, taskId)).toEqual([{ Status: 'Completed', IsClosed: 1 }]);
    await shot(page, 'a02-my-tasks');

    // Everyone's tasks are the generic list, one click away, with My tasks still the section.
    await page.getByRole('link', { name: 'All tasks' }).click();
    await expect(page).toHaveURL(`${origin()}/#/tasks?all=1`);
    await expect(page.getByRole('heading', { level: 1, name: 'Tasks' })).toBeVisible();
    await expect(nav.getByRole('link', { name: /^My tasks/ })).toHaveAttribute('aria-current', 'page');
  });

  test("a call logged while the org doesn't answer waits as Pending, then reaches the org once", async ({ request }) => {
    await page.goto(`${origin()}/#/contacts/${contact.Id}`);
    const timeline = page.getByTestId('activity-timeline');
    await expect(timeline.getByTestId('timeline-past')).toBeVisible();
    await setFaults(request, emulator, { resetRate: 1 });
    const comment = `Left a voicemail (${stamp()})`;
    await page.getByRole('group', { name: 'Quick actions' }).getByRole('button', { name: 'Log a call' }).click();
    const dialog = page.getByTestId('activity-dialog');
    await dialog.getByLabel('Comments').fill(comment);
    await dialog.getByRole('button', { name: 'Log call' }).click();
    await expect(page.getByText(/Call logged on this computer — it will be sent to Salesforce when the org answers/)).toBeVisible({ timeout: 30_000 });
    // Offline, the call has a temporary id until the org has it.
    const row = timeline.locator('.activity-row', { has: page.locator('a[href^="#/tasks/local-"]') });
    await expect(row).toHaveCount(1);
    await expect(row.getByText('Pending')).toBeVisible();
    expect(orgRows(`SELECT "Id" FROM "Task" WHERE "Description" = ?`, comment)).toHaveLength(0);
    // Converting needs the org: the lead page's Convert says why it does nothing now.
    const lead = await firstRecord(request, { object: 'Lead', filters: { converted: false } });
    await page.goto(`${origin()}/#/leads/${lead.Id}`);
    await expect(page.getByText('Offline: converting needs the org')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('convert-lead')).toHaveAttribute('aria-disabled', 'true');

    // Back on the contact while the org still does not answer: the call waits there.
    await page.goto(`${origin()}/#/contacts/${contact.Id}`);
    await expect(row.getByText('Pending')).toBeVisible();

    // The org answers again: the outbox's probe sends the call, and the pushed outbox summary alone
    // refreshes the timeline (no navigation): the row gets its real Id and loses its badge.
    await setFaults(request, emulator, { resetRate: 0 });
    await expect(page.getByTestId('pending-count')).toHaveText('0 pending changes', { timeout: 60_000 });
    await expect.poll(() => orgRows(`SELECT "WhoId" FROM "Task" WHERE "Description" = ?`, comment)).toEqual([{ WhoId: contact.Id }]);
    const sentId = String(orgRows(`SELECT "Id" FROM "Task" WHERE "Description" = ?`, comment)[0].Id);
    const sent = timeline.locator('.activity-row', { has: page.locator(`a[href="#/tasks/${sentId}"]`) });
    await expect(sent).toBeVisible();
    await expect(sent.getByText('Pending')).toHaveCount(0);
    await expect(timeline.locator('a[href^="#/tasks/local-"]')).toHaveCount(0);
  });

  test('a lead converted into an existing account with a new opportunity links to all three', async ({ request }) => {
    const lead = await firstRecord(request, { object: 'Lead', filters: { converted: false }, sortBy: 'Name' });
    const options = await bridgeCall<ConvertOptions>(request, 'leads:convert-options', { leadId: lead.Id });
    expect(options.online).toBe(true);
    const account = options.accountMatches[0] ?? { id: String((await firstRecord(request, { object: 'Account' })).Id), name: '' };
    const accountName = account.name || String(orgRows(`SELECT "Name" FROM "Account" WHERE "Id" = ?`, account.id)[0].Name);
    await page.goto(`${origin()}/#/leads/${lead.Id}`);
    await expect(page.getByRole('heading', { level: 1, name: String(lead.Name) })).toBeVisible();
    await page.getByTestId('convert-lead').click();
    const dialog = page.getByTestId('convert-dialog');
    await expect(dialog.getByTestId('convert-notice')).toContainText('can’t be undone');
    await dialog.getByRole('radio', { name: 'Add to an existing account' }).check();
    if (options.accountMatches.length === 0) {
      await dialog.getByRole('combobox', { name: /Find the account/ }).fill(accountName);
      await dialog
        .getByRole('option', { name: new RegExp(accountName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })
        .first()
        .click();
    } else await dialog.getByRole('radio', { name: new RegExp(`^${accountName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).check();
    await expect(dialog.getByRole('radio', { name: 'Create an opportunity', exact: true })).toBeChecked();
    const opportunityName = `${accountName} — expansion ${stamp()}`;
    await dialog.getByLabel('Opportunity name').fill(opportunityName);
    await expect(dialog.getByLabel('Converted status')).toHaveValue(options.convertedStatuses[0]);
    await shot(page, 'a03-convert-dialog');
    await dialog.getByRole('button', { name: 'Convert' }).click();

    const success = dialog.getByTestId('convert-success');
    await expect(success).toContainText('The lead was converted in Salesforce');
    const converted = orgRows(
      `SELECT "IsConverted", "ConvertedAccountId", "ConvertedContactId", "ConvertedOpportunityId" FROM "Lead" WHERE "Id" = ?`,
      lead.Id,
    )[0];
    expect(converted).toMatchObject({ IsConverted: 1, ConvertedAccountId: account.id });
    expect(converted.ConvertedOpportunityId).toBeTruthy();
    expect(orgRows(`SELECT "Name", "AccountId" FROM "Opportunity" WHERE "Id" = ?`, converted.ConvertedOpportunityId)).toEqual([
      { Name: opportunityName, AccountId: account.id },
    ]);
    await expect(success.getByRole('link', { name: accountName, exact: true })).toHaveAttribute('href', `#/accounts/${account.id}`);
    await expect(success.getByRole('link', { name: opportunityName })).toHaveAttribute('href', `#/opportunities/${converted.ConvertedOpportunityId}`);
    await success.getByRole('button', { name: 'Done' }).click();

    const callout = page.getByTestId('converted-lead');
    await expect(callout.getByRole('heading', { name: /^Converted/ })).toBeVisible();
    await expect(callout.getByRole('link', { name: accountName, exact: true })).toHaveAttribute('href', `#/accounts/${account.id}`);
    await expect(callout.locator(`a[href="#/contacts/${converted.ConvertedContactId}"]`)).toBeVisible();
    await expect(callout.getByRole('link', { name: opportunityName })).toHaveAttribute('href', `#/opportunities/${converted.ConvertedOpportunityId}`);
    // A converted lead is read-only: no Edit, no Convert, no quick actions.
    await expect(page.getByRole('link', { name: 'Edit', exact: true })).toHaveCount(0);
    await expect(page.getByTestId('convert-lead')).toHaveCount(0);
    await expect(page.getByRole('group', { name: 'Quick actions' })).toHaveCount(0);
    await shot(page, 'a04-converted-lead');
  });

  test("screenshots of a contact with its timeline, Home's Today's tasks, My tasks and the convert dialog at 1360×860 and 1024×700, light and dark", async ({
    request,
  }) => {
    const lead = await firstRecord(request, { object: 'Lead', filters: { converted: false }, sortBy: 'Name' });
    const screens: Array<{ name: string; hash: string; heading: string; open?: () => Promise<void> }> = [
      { name: 'contact-timeline', hash: `#/contacts/${contact.Id}`, heading: String(contact.Name) },
      {
        name: 'home-todays-tasks',
        hash: '#/home',
        heading: 'Home',
        open: async () => {
          await page.getByTestId('home-tasks').scrollIntoViewIfNeeded();
        },
      },
      { name: 'my-tasks', hash: '#/tasks', heading: 'My tasks' },
      {
        name: 'convert-dialog',
        hash: `#/leads/${lead.Id}`,
        heading: String(lead.Name),
        open: async () => {
          await page.getByTestId('convert-lead').click();
          await expect(page.getByTestId('convert-dialog').getByRole('radio', { name: /Create a new account/ })).toBeVisible();
        },
      },
    ];
    for (const size of [
      { width: 1360, height: 860 },
      { width: 1024, height: 700 },
    ]) {
      await page.setViewportSize(size);
      for (const screen of screens) {
        await page.goto(`${origin()}/${screen.hash}`);
        await expect(page.getByRole('heading', { level: 1, name: screen.heading })).toBeVisible();
        if (screen.hash.startsWith('#/contacts')) await expect(page.getByTestId('timeline-past')).toBeVisible();
        if (screen.open) await screen.open();
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          await shot(page, `activities-${screen.name}-${size.width}x${size.height}-${scheme}`);
        }
        if (screen.open && screen.name === 'convert-dialog') await page.keyboard.press('Escape');
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1360, height: 860 });
    // The timeline the screenshots show is the core's.
    const timeline = await bridgeCall<Timeline>(request, 'activities:timeline', { recordId: contact.Id });
    expect(timeline.synced).toBe(true);
  });

  test('no unexpected errors were logged by the page', () => {
    expect(consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
