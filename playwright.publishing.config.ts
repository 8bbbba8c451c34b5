import { defineConfig } from '@playwright/test';

/**
 * The web publishing browser test (tests/e2e-publishing/): it builds and serves its own copy
 * of the site (bench/lib/publish-site.mjs), so it needs none of the shared test servers.
 * Port: E2E_PORT + 2 (the main config uses E2E_PORT and E2E_PORT + 1).
 */
export default defineConfig({
  testDir: 'tests/e2e-publishing',
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 300_000,
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    },
    locale: 'en-US',
  },
});
