import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, recordRequests } from './helpers.ts';

/** One page of every type; each is checked in all three languages. */
const pageTypes = {
  home: '/en/',
  program: '/en/program/',
  session: '/en/sessions/parallel-1/',
  'main forum': '/en/sessions/main-forum/',
  speakers: '/en/speakers/',
  speaker: '/en/speakers/speaker-c/',
  papers: '/en/papers/',
  'papers by facet': '/en/papers/year/2024/',
  paper: '/en/papers/grid-management-community-response/',
  'paper with fallback abstract': '/en/papers/satisfaction-measurement-methods/',
  publication: '/en/publications/research-papers/',
  'prose page': '/en/service-center/',
  search: '/en/search/',
  archive: '/en/editions/',
};

for (const [name, enPath] of Object.entries(pageTypes)) {
  for (const locale of ['en', 'zh', 'zh-hant'] as const) {
    const path = enPath.replace(/^\/en\//, `/${locale}/`);
    test(`test_${name}_${locale}_axe_finds_no_wcag_2_2_aa_violation_no_third_party_request`, async ({ page }) => {
      const requests = recordRequests(page);
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      await expect(page.locator('html')).toHaveAttribute('lang', { en: 'en', zh: 'zh-CN', 'zh-hant': 'zh-Hant' }[locale]);
      await expect(page.locator('h1')).toHaveCount(1);
      await expectNoAxeViolations(page);
      const foreign = requests.filter((u) => u.hostname !== '127.0.0.1');
      expect(foreign.map(String)).toEqual([]);
    });
  }
}

test('test_404_page_status_404_both_languages_no_axe_violations', async ({ page }) => {
  const response = await page.goto('/en/no-such-page/');
  expect(response?.status()).toBe(404);
  await expect(page.locator('h1')).toHaveText('Page not found');
  await expect(page.locator('[lang="zh-CN"] h2')).toHaveText('页面未找到');
  await expect(page.locator('[lang="zh-Hant"] h2')).toHaveText('頁面未找到');
  await expectNoAxeViolations(page);
});

test('test_hreflang_alternates_and_canonical_on_every_localized_page', async ({ page }) => {
  await page.goto('/zh/sessions/parallel-1/');
  const alternates = await page
    .locator('link[rel=alternate][hreflang]')
    .evaluateAll((els) => els.map((e) => [e.getAttribute('hreflang'), new URL(e.getAttribute('href')!).pathname]));
  expect(alternates).toEqual([
    ['en', '/en/sessions/parallel-1/'],
    ['zh-Hans', '/zh/sessions/parallel-1/'],
    ['zh-Hant', '/zh-hant/sessions/parallel-1/'],
    ['x-default', '/en/sessions/parallel-1/'],
  ]);
  await expect(page.locator('link[rel=canonical]')).toHaveAttribute('href', /\/zh\/sessions\/parallel-1\/$/);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', /.+/);
});

test('test_a_missing_translation_falls_back_visibly_to_the_other_language', async ({ page }) => {
  await page.goto('/en/papers/satisfaction-measurement-methods/');
  const abstract = page.locator('article p[lang="zh-CN"]');
  await expect(abstract).toBeVisible();
  await expect(abstract.locator('.fallback-note')).toHaveText('Not yet available in English; shown in Chinese.');
});

test('test_sample_entries_are_labelled_as_sample_content', async ({ page }) => {
  await page.goto('/en/sessions/parallel-1/');
  await expect(page.locator('.sample-note')).toContainText('Sample content');
  await page.goto('/zh/speakers/');
  await expect(page.locator('.badge-sample').first()).toHaveText('示例内容');
});

test('test_the_program_page_ships_only_the_worker_registration_and_stays_under_10_kb_as_served', async ({ page }) => {
  const client = await page.context().newCDPSession(page);
  await client.send('Network.enable');
  const sizes = new Map<string, { type: string; bytes: number }>();
  client.on('Network.responseReceived', (e) => sizes.set(e.requestId, { type: e.type, bytes: 0 }));
  client.on('Network.loadingFinished', (e) => {
    const entry = sizes.get(e.requestId);
    if (entry) entry.bytes = e.encodedDataLength;
  });
  await page.goto('/en/program/', { waitUntil: 'networkidle' });
  const all = [...sizes.values()];
  expect(all.filter((r) => r.type === 'Script')).toEqual([]);
  // The one script: it registers the offline app's service worker, inline, under 1 KB.
  const scripts = await page.locator('script:not([type="application/ld+json"])').allTextContents();
  expect(scripts).toHaveLength(1);
  expect(scripts[0]).toContain("navigator.serviceWorker.register('/sw.js')");
  expect(Buffer.byteLength(scripts[0])).toBeLessThanOrEqual(1024);
  const total = all.reduce((sum, r) => sum + r.bytes, 0);
  expect(total).toBeGreaterThan(1000);
  expect(total).toBeLessThan(10 * 1024);
});
