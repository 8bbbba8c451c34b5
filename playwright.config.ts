import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4329);
/** Where the server under test keeps its database and local mail outbox. */
export const e2eData = '.e2e-data';

// Debian's Chromium; Playwright never downloads a browser here (no network).
export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
    locale: 'en-US',
    timezoneId: 'America/New_York',
  },
  webServer: {
    // A fresh SQLite file and mail outbox for every run (embedded defaults, simulated payments).
    command: `rm -rf ${e2eData} && node server.mjs`,
    url: `http://127.0.0.1:${port}/api/health`,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      SITE_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: e2eData,
      DATABASE_URL: `sqlite:${e2eData}/forum.db`,
      JOBS_INTERVAL_SECONDS: '1',
      RATE_LIMIT_FORMS: '1000',
    },
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
