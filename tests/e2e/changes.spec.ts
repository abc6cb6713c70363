/**
 * The Changes screen end to end in browser mode, against the Demo org: a concurrent edit made in
 * the org behind the app's back becomes a conflict showing mine and theirs, resolved per field or
 * by taking theirs; a change Salesforce refuses at replay (its validation rule: Amount cannot be
 * negative) keeps the user's values and Salesforce's message, and is fixed or discarded; and the
 * disconnect warning for unsent changes, with the export file; and an org whose session ended for
 * good keeps showing its waiting changes with "Needs login" and a "Log in again" that sends them.
 * What the org ends up with is read from the org's own database, not from the screen.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { approveOnDemoLoginPage, collectPageErrors, connectDemoOrg, disconnectAllOrgs, otherClientAccessToken, setFaults } from './support/demo-org-login';
import { appUrl, origin, dataDir, shot } from './support/browser-mode-env';
import { DEMO_USERNAME } from '../../src/emulator/demo-app';

/**
 * The org's refresh tokens are revoked (as an admin would) and every access token expires: the
 * app's session ends and cannot be refreshed. Written straight into the emulated org's database.
 */
async function endSessionForGood(request: APIRequestContext, emulator: string): Promise<void> {
  const db = new Database(path.join(dataDir(), 'demo-org.sqlite'), { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    expect(db.prepare(`DELETE FROM "_emulator_refresh_token"`).run().changes).toBeGreaterThan(0);
  } finally {
    db.close();
  }
  expect((await request.post(`${emulator}/__emulator/expire-tokens`)).status()).toBe(200);
}

/** Reads a record straight from the emulated org's database: what Salesforce "has". */
function orgRecord(id: string, fields: string[]): Record<string, unknown> {
  const db = new Database(path.join(dataDir(), 'demo-org.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare(`SELECT ${fields.map((f) => `"${f}"`).join(', ')} FROM "Opportunity" WHERE Id = ?`).get(id) as Record<string, unknown> | undefined;
    if (!row) throw new Error(`no Opportunity ${id} in the org`);
    return row;
  } finally {
    db.close();
  }
}

/** Someone else edits the record in Salesforce: another client of the org's REST API, with its own token. */
async function editInOrg(request: APIRequestContext, emulator: string, id: string, values: Record<string, unknown>): Promise<void> {
  const accessToken = await otherClientAccessToken(emulator);
  const response = await request.patch(`${emulator}/services/data/v62.0/sobjects/Opportunity/${id}`, {
    data: values,
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  expect([200, 204]).toContain(response.status());
}

test.describe.configure({ mode: 'serial' });

test.describe('Changes screen', () => {
  let page: Page;
  let emulator = '';
  /** Opportunity ids from the list, one per scenario so none sees another's edits. */
  let ids: string[] = [];
  let consoleErrors: string[] = [];

  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    consoleErrors = collectPageErrors(page);
  });

  test.afterAll(async ({ request }) => {
    if (emulator) await request.post(`${emulator}/__emulator/faults`, { data: { resetRate: 0, latencyMs: 0 } }).catch(() => undefined);
    await page.context().close();
    // The specs share one app: the next one starts from an empty Connections page, even after a failure here.
    await disconnectAllOrgs(request, appUrl());
  });

  /** Opens the edit form of an opportunity, waits until it shows the record, and returns its name. */
  async function openEdit(id: string): Promise<string> {
    await page.goto(`${origin()}/#/opportunities/${id}/edit`);
    await expect(page.getByRole('heading', { level: 1, name: /^Edit / })).toBeVisible();
    const name = page.locator('[data-field="Name"] input');
    await expect(name).not.toHaveValue('');
    return name.inputValue();
  }

  test('connects the Demo org and syncs it', async () => {
    emulator = await connectDemoOrg(page, process.env.ATOM_E2E_URL!);
    await expect(page.getByTestId('last-sync')).toHaveText(/^Synced /, { timeout: 90_000 });
    await expect(page.getByTestId('network-state')).toHaveText('Online');

    await page.goto(`${origin()}/#/opportunities`);
    const links = page.getByRole('table', { name: 'Opportunities' }).locator('tbody a.row-link');
    await expect(links.nth(6)).toBeVisible();
    ids = (await links.evaluateAll((as) => as.map((a) => (a as unknown as { getAttribute(n: string): string | null }).getAttribute('href') ?? ''))).map(
      (href) => href.split('/').pop()!,
    );
    ids = [...new Set(ids)].slice(0, 7);
    expect(ids).toHaveLength(7);
    for (const id of ids) expect(id).toMatch(/^006[A-Za-z0-9]{12,15}$/);
  });

  test('a record changed in the org behind the app’s back: a conflict with mine and theirs, resolved field by field', async ({ request }) => {
    const id = ids[0];
    await openEdit(id);
    // Someone else changes the same fields in Salesforce while the form is open.
    await editInOrg(request, emulator, id, { NextStep: 'Theirs: send the contract', Amount: 99_000 });

    await page.getByLabel('Next Step').fill('Mine: book the demo');
    await page.getByLabel('Amount').fill('12345');
    await page.getByRole('button', { name: 'Save opportunity' }).click();

    // Nothing is overwritten: the app takes the user to Changes to choose.
    await expect(page.getByRole('heading', { level: 1, name: 'Changes' })).toBeVisible();
    const card = page.locator('article.change-card-conflict');
    await expect(card).toHaveCount(1);
    // Rows are named by the org's field labels (from the cached describe).
    const nextStepRow = card.getByRole('row', { name: /^Next Step/ });
    const amountRow = card.getByRole('row', { name: /^Amount/ });
    await expect(nextStepRow).toContainText('Mine: book the demo');
    await expect(nextStepRow).toContainText('Theirs: send the contract');
    await expect(amountRow).toContainText('12345');
    await expect(amountRow).toContainText('99000');
    await expect(page.getByTestId('pending-count')).toHaveAttribute('title', /1 change need/);
    // Not "everything sent": the conflict is not.
    await expect(page.locator('.page-subtitle')).toContainText('1 waiting for you');
    await expect(page.locator('.page-subtitle')).not.toContainText('everything sent');
    await shot(page, 'c01-conflict-mine-theirs');
    expect(orgRecord(id, ['NextStep', 'Amount'])).toEqual({ NextStep: 'Theirs: send the contract', Amount: 99_000 });

    // Keep mine for Next Step, take theirs for Amount.
    await expect(card.getByRole('radio', { name: 'Next Step: mine, Mine: book the demo' })).toBeChecked();
    await card.getByRole('radio', { name: 'Amount: theirs, 99000' }).check();
    await card.getByRole('button', { name: 'Save my picks' }).click();
    await expect(page.getByText('Conflict resolved')).toBeVisible();
    await expect(card).toHaveCount(0);
    await expect(page.getByText('Everything is sent')).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => orgRecord(id, ['NextStep', 'Amount'])).toEqual({ NextStep: 'Mine: book the demo', Amount: 99_000 });

    // The record in the app shows what the org has.
    await page.goto(`${origin()}/#/opportunities/${id}`);
    // Next step and amount are a deal's key facts, at the top of its page.
    const details = page.getByRole('region', { name: 'Key facts' });
    await expect(details).toContainText('Mine: book the demo');
    await expect(details).toContainText('99,000');
  });

  test('“Take theirs” drops my edit and keeps what the org has', async ({ request }) => {
    const id = ids[1];
    const before = orgRecord(id, ['Amount']);
    await openEdit(id);
    await editInOrg(request, emulator, id, { NextStep: 'Theirs only' });
    await page.getByLabel('Next Step').fill('Mine, to be dropped');
    await page.getByRole('button', { name: 'Save opportunity' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Changes' })).toBeVisible();
    const card = page.locator('article.change-card-conflict');
    await expect(card).toHaveCount(1);
    await card.getByRole('button', { name: 'Take theirs' }).click();
    await expect(card).toHaveCount(0);
    await expect(page.getByText('Everything is sent')).toBeVisible({ timeout: 30_000 });
    expect(orgRecord(id, ['NextStep', 'Amount'])).toEqual({ NextStep: 'Theirs only', Amount: before.Amount });
    await page.goto(`${origin()}/#/opportunities/${id}`);
    await expect(page.getByRole('region', { name: 'Key facts' })).toContainText('Theirs only');
  });

  test('a change made offline that Salesforce refuses at replay keeps my values and its message; fixed, it reaches the org', async ({ request }) => {
    const id = ids[2];
    await openEdit(id);
    await setFaults(request, emulator, { resetRate: 1 });
    await page.getByLabel('Amount').fill('-250');
    await page.getByLabel('Next Step').fill('Negotiate offline');
    await page.getByRole('button', { name: 'Save opportunity' }).click();
    await expect(page.getByRole('region', { name: 'Details' })).toBeVisible();
    await expect(page.getByTestId('network-state')).toHaveText('Offline', { timeout: 30_000 });
    await expect(page.getByTestId('pending-count')).toHaveText('1 pending change');

    // The org answers again; the user sends at once from Changes and Salesforce's rule refuses it.
    await setFaults(request, emulator, { resetRate: 0 });
    await page.getByTestId('pending-count').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Changes' })).toBeVisible();
    const send = page.getByRole('button', { name: 'Send now' });
    if (await send.isVisible()) await send.click();
    const card = page.getByRole('article', { name: 'Opportunity change needing attention' });
    await expect(card).toBeVisible({ timeout: 30_000 });
    await expect(card.getByRole('alert')).toContainText('Amount cannot be negative.');
    await expect(card.getByRole('alert')).toContainText('FIELD_CUSTOM_VALIDATION_EXCEPTION');
    await expect(card.getByRole('row', { name: /^Amount/ })).toContainText('-250');
    await expect(card.getByRole('row', { name: /^Next Step/ })).toContainText('Negotiate offline');
    await expect(page.getByTestId('network-state')).toHaveText('Online');
    await shot(page, 'c02-needs-attention');
    expect(orgRecord(id, ['NextStep'])).not.toEqual({ NextStep: 'Negotiate offline' });

    await card.getByRole('button', { name: 'Edit' }).click();
    await card.getByLabel('Amount').fill('2500');
    await card.getByRole('button', { name: 'Retry with these values' }).click();
    await expect(card).toHaveCount(0);
    await expect(page.getByText('Everything is sent')).toBeVisible({ timeout: 30_000 });
    expect(orgRecord(id, ['NextStep', 'Amount'])).toEqual({ NextStep: 'Negotiate offline', Amount: 2500 });
  });

  test('a refused change can be discarded: its values are shown to copy, the org keeps its own', async ({ request }) => {
    const id = ids[3];
    const before = orgRecord(id, ['NextStep', 'Amount']);
    await openEdit(id);
    await setFaults(request, emulator, { resetRate: 1 });
    await page.getByLabel('Amount').fill('-1');
    await page.getByLabel('Next Step').fill('Never mind');
    await page.getByRole('button', { name: 'Save opportunity' }).click();
    // The save ends on the record's page: wait for it, or it could land after the move to Changes below
    // (the pushed pending count can show before the form has finished).
    await expect(page.getByRole('region', { name: 'Details' })).toBeVisible();
    await expect(page.getByTestId('pending-count')).toHaveText('1 pending change', { timeout: 30_000 });
    await setFaults(request, emulator, { resetRate: 0 });
    await page.goto(`${origin()}/#/changes`);
    const send = page.getByRole('button', { name: 'Send now' });
    if (await send.isVisible()) await send.click();
    const card = page.getByRole('article', { name: 'Opportunity change needing attention' });
    await expect(card).toBeVisible({ timeout: 30_000 });

    await card.getByRole('button', { name: 'Discard' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change discarded' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('discarded-values')).toContainText('Amount: -1');
    await expect(dialog.getByTestId('discarded-values')).toContainText('NextStep: Never mind');
    await shot(page, 'c03-discarded');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(card).toHaveCount(0);
    await expect(page.getByText('Everything is sent')).toBeVisible();
    expect(orgRecord(id, ['NextStep', 'Amount'])).toEqual(before);
    // The app shows the org's values again, not the discarded ones.
    await page.goto(`${origin()}/#/opportunities/${id}`);
    await expect(page.getByRole('region', { name: 'Key facts' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Key facts' })).not.toContainText('Never mind');
  });

  test('a session that ended for good: the top bar keeps the waiting change and asks for a login, which sends it', async ({ request }) => {
    const id = ids[6];
    const name = await openEdit(id);
    await endSessionForGood(request, emulator);
    await page.getByLabel('Next Step').fill('Written while logged out');
    await page.getByRole('button', { name: 'Save opportunity' }).click();
    // The save ends on the record's page (the change is queued): wait for it before moving on.
    await expect(page.getByRole('region', { name: 'Details' })).toBeVisible({ timeout: 30_000 });

    // The change waits on this computer; the bar says why and how to get going again.
    await expect(page.getByTestId('network-state')).toHaveText('Needs login', { timeout: 30_000 });
    await expect(page.getByTestId('pending-count')).toHaveText('1 pending change');
    const again = page.getByTestId('log-in-again');
    await expect(again).toBeVisible();
    await expect(page.getByTestId('network-state')).toHaveAttribute('title', /1 change waits on this computer until you log in again/);
    // The rest of the app knows too: no sync button, and Connections offers the login.
    await expect(page.getByTestId('sync-indicator')).toHaveCount(0);
    await page.goto(`${origin()}/#/connections`);
    await expect(
      page.getByRole('listitem', { name: new RegExp(DEMO_USERNAME.replace(/[.@]/g, '\\$&')) }).getByRole('button', { name: 'Log in again' }),
    ).toBeVisible();
    await expect(page.getByTestId('pending-count')).toHaveText('1 pending change');
    await shot(page, 'c05-needs-login');
    // The records are still on this computer: the cache answers searches and lists without a session.
    const search = page.getByRole('combobox', { name: 'Search everything' });
    await expect(search).toBeEnabled();
    await search.fill(
      name
        .split(/\s+/)
        .filter((w) => /\w/.test(w))
        .slice(0, 3)
        .join(' '),
    );
    await expect(page.getByRole('listbox', { name: 'Search results' }).getByRole('option').first()).toBeVisible();
    await search.press('Escape');
    await search.press('Escape');
    expect(orgRecord(id, ['NextStep']).NextStep).not.toBe('Written while logged out');

    // "Log in again" from the top bar: after the login the change is sent.
    const popupPromise = page.context().waitForEvent('page');
    await again.click();
    const login = await popupPromise;
    await login.waitForLoadState('domcontentloaded');
    await approveOnDemoLoginPage(login);
    await login.close();
    await page.bringToFront();
    await expect(page.getByTestId('network-state')).toHaveText('Online', { timeout: 30_000 });
    await expect(page.getByTestId('pending-count')).toHaveText('0 pending changes', { timeout: 30_000 });
    await expect(page.getByTestId('log-in-again')).toHaveCount(0);
    await expect.poll(() => orgRecord(id, ['NextStep']).NextStep).toBe('Written while logged out');
  });

  test('disconnecting with unsent changes warns with the count, exports them, and disconnects only when told to', async ({ request }) => {
    // One change Salesforce refused (online), one waiting while the org is unreachable.
    const refusedName = await openEdit(ids[4]);
    await page.getByLabel('Amount').fill('-3');
    await page.getByRole('button', { name: 'Save opportunity' }).click();
    await expect(page.getByText('Amount cannot be negative.').first()).toBeVisible({ timeout: 30_000 });
    await setFaults(request, emulator, { resetRate: 1 });
    const waitingName = await openEdit(ids[5]);
    await page.getByLabel('Next Step').fill('Unsent work');
    await page.getByRole('button', { name: 'Save opportunity' }).click();
    // The save ends on the record's page: wait for it, or it could land after the move to Connections
    // below (the pushed Offline state can show before the form has finished).
    await expect(page.getByRole('region', { name: 'Details' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('network-state')).toHaveText('Offline', { timeout: 30_000 });

    await page.goto(`${origin()}/#/connections`);
    const card = page.getByRole('listitem', { name: new RegExp(DEMO_USERNAME.replace(/[.@]/g, '\\$&')) });
    await card.getByRole('button', { name: 'Disconnect' }).click();
    const dialog = page.getByRole('dialog', { name: /Disconnect/ });
    await expect(dialog.getByTestId('unsent-warning')).toContainText('2 changes haven’t reached Salesforce yet');
    const list = dialog.getByRole('list', { name: 'Unsent changes' });
    await expect(list.getByRole('listitem')).toHaveCount(2);
    await expect(list.getByRole('listitem').filter({ hasText: refusedName })).toContainText('needs attention: Amount cannot be negative.');
    await expect(list.getByRole('listitem').filter({ hasText: waitingName })).toContainText('waiting to be sent');
    await shot(page, 'c04-disconnect-warning');

    // Cancel keeps everything.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(card).toBeVisible();

    await card.getByRole('button', { name: 'Disconnect' }).click();
    await expect(dialog.getByTestId('unsent-warning')).toBeVisible();
    const downloadPromise = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export the changes' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/^atom-unsent-changes-.*\.json$/);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      org: { username: string };
      counts: { total: number };
      changes: Array<{
        object: string;
        recordId: string;
        recordName: string | null;
        state: string;
        values: Record<string, unknown>;
        salesforceMessage: string | null;
      }>;
    };
    expect(exported.org.username).toBe(DEMO_USERNAME);
    expect(exported.counts.total).toBe(2);
    expect(exported.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          object: 'Opportunity',
          recordId: ids[4],
          recordName: refusedName,
          state: 'needs-attention',
          values: { Amount: -3 },
          salesforceMessage: 'Amount cannot be negative.',
        }),
        expect.objectContaining({ object: 'Opportunity', recordId: ids[5], recordName: waitingName, state: 'pending', values: { NextStep: 'Unsent work' } }),
      ]),
    );
    await expect(dialog.getByRole('status')).toContainText(download.suggestedFilename());

    await dialog.getByRole('button', { name: 'Disconnect anyway' }).click();
    await expect(page.getByText('No orgs connected yet')).toBeVisible();
    await expect(page.getByText(/2 unsent changes were discarded/)).toBeVisible();
    // The local copy of the org is gone from disk, and nothing was sent behind the user's back.
    const caches = readdirSync(path.join(dataDir(), 'cache')).filter((name) => name.endsWith('.sqlite'));
    expect(caches).toEqual([]);
    await setFaults(request, emulator, { resetRate: 0 });
    expect(orgRecord(ids[5], ['NextStep']).NextStep).not.toBe('Unsent work');
    expect(orgRecord(ids[4], ['Amount']).Amount).not.toBe(-3);
  });

  test('no unexpected errors were logged by the page', async () => {
    expect(consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
