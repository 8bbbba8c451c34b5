import { readdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

/** Policy violations the browser reports while the page loads and runs. */
function collectViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

const pageTypes = [
  '/en/',
  '/zh/',
  '/en/program/',
  '/en/sessions/parallel-1/',
  '/en/speakers/',
  '/en/papers/',
  '/en/visits/',
  '/en/register/',
  '/en/my/',
  '/zh/service-center/',
  '/en/no-such-page/',
];

test('test_every_page_type_sends_the_security_headers_and_runs_without_policy_violations', async ({ page }) => {
  for (const path of pageTypes) {
    const violations = collectViolations(page);
    const response = await page.goto(path);
    expect(response, path).not.toBeNull();
    const headers = response!.headers();
    const csp = headers['content-security-policy'] ?? '';
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toMatch(/script-src [^;]*'sha256-/);
    expect(csp, path).not.toMatch(/script-src [^;]*'unsafe-inline'/);
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toMatch(/^(strict-origin-when-cross-origin|same-origin|no-referrer)$/);
    expect(headers['permissions-policy'], path).toContain('microphone=()');
    await page.waitForLoadState('networkidle');
    expect(violations, path).toEqual([]);
    page.removeAllListeners('console');
  }
});

test('test_the_places_left_island_and_search_run_under_the_policy', async ({ page }) => {
  const violations = collectViolations(page);
  await page.goto('/en/visits/');
  // The server island (an inline module script) replaces its fallback with the live count (or, for
  // the past 2024 slots, "booking closed").
  await expect(page.locator('.seats, .slot-closed').first()).toBeVisible();
  await page.goto('/en/search/');
  await page.getByRole('searchbox').fill('hotline');
  await expect(page.locator('#search-results a[href*="/en/papers/"]').first()).toBeVisible({ timeout: 10_000 });
  expect(violations).toEqual([]);
});

test('test_personal_and_dynamic_pages_are_never_stored_while_hashed_assets_are_immutable', async ({ request }) => {
  for (const path of ['/en/my/', '/en/register/', '/api/health', '/en/no-such-page/']) {
    const response = await request.get(path);
    expect(response.headers()['cache-control'], path).toContain('no-store');
  }
  // Every hashed file of the build (small page scripts are inlined, so no public page has to link
  // one): the names are read from the build the server serves.
  const assets = readdirSync('dist/client/_astro').filter((name) => !/\.(br|gz)$/.test(name));
  expect(assets.length).toBeGreaterThan(0);
  for (const name of assets) {
    const response = await request.get(`/_astro/${name}`);
    expect(response.status(), name).toBe(200);
    expect(response.headers()['cache-control'], name).toBe('public, max-age=31536000, immutable');
  }
});
