/**
 * Shared steps of the browser-mode tests and the first-paint bench: the Demo org's login page
 * (typed into like a user would) and the page's own errors.
 */
import type { Page } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USERNAME } from '../../../src/emulator/demo-app';

/**
 * Logs in on the Demo org's login page, approves access and waits for the app's callback page.
 * Throws with the callback page's words when the app refused the login.
 */
export async function approveOnDemoLoginPage(login: Page): Promise<void> {
  await login.locator('#username').fill(DEMO_USERNAME);
  await login.locator('#password').fill(DEMO_PASSWORD);
  await login.locator('#Login').click();
  await login.locator('#oaapprove').click();
  await login.locator('body.ok, body.failed').waitFor();
  if (await login.locator('body.failed').count()) throw new Error(`The login was refused: ${await login.locator('body').innerText()}`);
}

/** Collects what the page logs as errors (console errors and uncaught exceptions). */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
