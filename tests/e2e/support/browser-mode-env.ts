/**
 * Where the browser-mode specs find the app that tests/e2e/global-setup.ts started, and how they
 * keep screenshots of each main screen (under test-results/screenshots).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');

function fromSetup(name: 'ATOM_E2E_URL' | 'ATOM_E2E_ORIGIN' | 'ATOM_E2E_DATA_DIR'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through playwright.config.ts (global setup starts browser mode)`);
  return value;
}

/** The launch link, with the bridge secret in its fragment. */
export const appUrl = () => fromSetup('ATOM_E2E_URL');
export const origin = () => fromSetup('ATOM_E2E_ORIGIN');
/** Browser mode's data folder (the Demo org's database and the per-org caches live there). */
export const dataDir = () => fromSetup('ATOM_E2E_DATA_DIR');

export async function shot(page: Page, name: string): Promise<void> {
  // Let skeletons and loading lists settle so the picture shows the screen, not a transition. (Not
  // 'networkidle': the push channel's event stream keeps a request open for as long as the page lives.)
  await page.waitForFunction('!document.querySelector(\'.skeleton, .row-skeleton, [aria-busy="true"]\')', null, { timeout: 5_000 }).catch(() => undefined);
  await page.waitForTimeout(200);
  // Created here, not at load time: Playwright empties test-results when a run starts.
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
}
