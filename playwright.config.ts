import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4329);
const flowsPort = port + 1;
/** Where the server under test for registration and visits keeps its database and mail outbox. */
export const e2eData = '.e2e-data';

const chromium = {
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
};

// Debian's Chromium; Playwright never downloads a browser here (no network).
// Specs that need the two-edition fixture (registration open): the 'flows' project runs them.
const flowSpecs =
  /(registration|visits|hardening|limits|access|editions|questions|admin|admin-exports|admin-figures|admin-registrations|checkin|papers-pages|editor|publishing-access|search-shards)\.spec\.ts/;

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    launchOptions: chromium,
    locale: 'en-US',
    // Times must stay in the event's zone whatever the browser's zone is.
    timezoneId: 'America/New_York',
  },
  projects: [
    {
      // The public site exactly as built from the example content (the 2024 edition).
      name: 'site',
      testIgnore: flowSpecs,
      use: { baseURL: `http://127.0.0.1:${port}` },
    },
    {
      // Registration, visits and access need a forum that lies ahead: the same content, dates moved
      // by whole years (npm run build:upcoming), on a fresh SQLite file and mail outbox.
      name: 'flows',
      testMatch: flowSpecs,
      use: { baseURL: `http://127.0.0.1:${flowsPort}` },
    },
  ],
  webServer: [
    {
      command: 'node server.mjs',
      url: `http://127.0.0.1:${port}/api/health`,
      env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: `${e2eData}/site`, DATABASE_URL: `sqlite:${e2eData}/site/forum.db` },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `rm -rf ${e2eData}/flows && node server.mjs`,
      url: `http://127.0.0.1:${flowsPort}/api/health`,
      env: {
        DIST_DIR: '.upcoming/dist',
        PORT: String(flowsPort),
        HOST: '127.0.0.1',
        SITE_URL: `http://127.0.0.1:${flowsPort}`,
        // the published revision the web editor reads and publishing writes (the build's content)
        CONTENT_DIR: '.upcoming/content',
        DATA_DIR: `${e2eData}/flows`,
        DATABASE_URL: `sqlite:${e2eData}/flows/forum.db`,
        JOBS_INTERVAL_SECONDS: '1',
        RATE_LIMIT_FORMS: '1000',
        RATE_LIMIT_EMAIL: '5',
        // The browser tests stand in for the reverse proxy: limits.spec.ts sends X-Forwarded-For.
        TRUSTED_PROXIES: '127.0.0.1, ::1',
      },
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
