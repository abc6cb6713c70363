import { defineConfig } from '@playwright/test';

// The app under test talks to loopback servers only; a proxy in the environment must not interfere.
for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy']) {
  delete process.env[name];
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  projects: [
    {
      // Browser mode: the real renderer served by `npm run web`, driven in Chromium.
      name: 'browser-mode',
      testMatch: /(browser-.*|workspace.*|changes.*)\.spec\.ts$/,
      use: {
        headless: true,
        viewport: { width: 1360, height: 860 },
        colorScheme: 'light',
        launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
        screenshot: 'only-on-failure',
        trace: 'retain-on-failure',
      },
    },
    {
      // The desktop app through Playwright's _electron (tests/e2e/electron.spec.ts; skipped with the reason where no Electron binary is installed).
      name: 'electron',
      testMatch: /electron.*\.spec\.ts$/,
    },
  ],
  globalSetup: './tests/e2e/global-setup.ts',
});
