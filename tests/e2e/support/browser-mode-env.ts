/**
 * Where the browser-mode specs find the app that tests/e2e/global-setup.ts started, and how they
 * keep screenshots of each main screen (under test-results/screenshots).
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');
const DOCS_SCREENSHOTS = path.resolve('docs', 'screenshots');
/**
 * The pictures the README shows (docs/screenshots/<name>.png): a spec that takes one of them with
 * `shot()` also refreshes the README's copy, so the front door shows the app as it is now.
 */
const README_PICTURES = new Set([...readFileSync(path.resolve('README.md'), 'utf8').matchAll(/\(docs\/screenshots\/([\w.-]+)\.png\)/g)].map((m) => m[1]));

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

/**
 * Waits (at most `timeout` ms, then goes on) until no skeleton or busy region is on the page.
 * A locator, not `page.waitForFunction('…')`: a string predicate is evaluated in the page, and
 * under our CSP (no 'unsafe-eval') Chromium reports that as a violation whenever the wait has to
 * poll — the page's console then shows an error the app never made.
 */
export async function settled(page: Page, timeout: number): Promise<void> {
  await expect(page.locator('.skeleton, .row-skeleton, [aria-busy="true"]'))
    .toHaveCount(0, { timeout })
    .catch(() => undefined);
}

export async function shot(page: Page, name: string): Promise<void> {
  // Let skeletons and loading lists settle so the picture shows the screen, not a transition. (Not
  // 'networkidle': the push channel's event stream keeps a request open for as long as the page lives.)
  await settled(page, 5_000);
  await page.waitForTimeout(200);
  // Created here, not at load time: Playwright empties test-results when a run starts.
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
  if (README_PICTURES.has(name)) copyFileSync(path.join(SCREENSHOTS, `${name}.png`), path.join(DOCS_SCREENSHOTS, `${name}.png`));
}
