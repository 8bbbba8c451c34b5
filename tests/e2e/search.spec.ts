import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, recordRequests } from './helpers.ts';

for (const { locale, query, lang } of [
  { locale: 'en', query: 'grid management', lang: 'en' },
  { locale: 'zh', query: '网格化管理', lang: 'zh-CN' },
  { locale: 'zh-hant', query: '網格化管理', lang: 'zh-Hant' },
]) {
  test(`test_search_finds_a_paper_by_keyword_in_${locale}`, async ({ page }) => {
    await page.goto(`/${locale}/search/`);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    // With JavaScript the form replaces the pointers to the lists.
    await expect(page.locator('#search-fallback')).toBeHidden();
    await page.getByRole('searchbox').fill(query);
    // The live region names the number of hits in the page's language.
    await expect(page.getByRole('status')).toContainText(/\d/, { timeout: 10_000 });
    const hit = page.locator(`#search-results a[href*="/${locale}/papers/"]`).first();
    await expect(hit).toBeVisible();
    await expect(page.locator('#search-results mark').first()).toBeVisible();
    await hit.click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/papers/[^/]+/$`));
    await expect(page.locator('main')).toContainText(query);
  });
}

test('test_search_shows_ten_hits_then_ten_more_and_announces_the_count', async ({ page }) => {
  await page.goto('/en/search/');
  await page.getByRole('searchbox').fill('hotline');
  const status = page.getByRole('status');
  await expect(status).toHaveText(/^(\d+) results for “hotline”\.$/, { timeout: 10_000 });
  const total = Number((await status.textContent())!.match(/^(\d+)/)![1]);
  expect(total).toBeGreaterThan(10);
  const hits = page.locator('#search-results > li');
  await expect(hits).toHaveCount(10);
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Show 10 more results' }).click();
  await expect(hits).toHaveCount(Math.min(20, total));
  // The keyboard continues at the first new hit, and the status says how many are shown.
  await expect(hits.nth(10).locator('a')).toBeFocused();
  await expect(status).toHaveText(`${total} results for “hotline”. Showing ${Math.min(20, total)} of ${total}.`);
  if (total <= 20) await expect(page.getByRole('button', { name: 'Show 10 more results' })).toBeHidden();
});

test('test_search_works_from_the_keyboard_and_keeps_the_words_in_the_address', async ({ page }) => {
  await page.goto('/zh/search/');
  await page.getByRole('searchbox').focus();
  await page.keyboard.type('热线');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText(/^“热线”共有 \d+ 条结果。$/, { timeout: 10_000 });
  await expect(page).toHaveURL(/\?q=%E7%83%AD%E7%BA%BF$/);
  await page.keyboard.press('Tab'); // the search button
  await page.keyboard.press('Tab'); // the first hit
  await expect(page.locator('#search-results a').first()).toBeFocused();

  // Reloading (or a shared link) repeats the search.
  await page.reload();
  await expect(page.getByRole('searchbox')).toHaveValue('热线');
  await expect(page.locator('#search-results > li').first()).toBeVisible({ timeout: 10_000 });
});

test('test_search_says_when_nothing_matches', async ({ page }) => {
  await page.goto('/zh-hant/search/');
  await page.getByRole('searchbox').fill('zzxqv');
  await expect(page.getByRole('status')).toHaveText('沒有找到“zzxqv”的結果。請換一個詞或減少搜索詞。', { timeout: 10_000 });
  await expect(page.locator('#search-results > li')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '再顯示 10 條結果' })).toBeHidden();
});

test('test_search_loads_only_from_this_site_and_not_the_default_ui', async ({ page }) => {
  const requests = recordRequests(page);
  await page.goto('/en/search/');
  await page.getByRole('searchbox').fill('hotline');
  await expect(page.locator('#search-results > li').first()).toBeVisible({ timeout: 10_000 });
  expect(requests.filter((url) => url.hostname !== '127.0.0.1').map(String)).toEqual([]);
  // Only the API and the index: the default UI's script and styles are never fetched.
  expect(requests.filter((url) => /pagefind-(component-)?ui/.test(url.pathname)).map(String)).toEqual([]);
  expect(requests.some((url) => url.pathname === '/pagefind/pagefind.js')).toBe(true);
  // and the list of the index's other shards (none for a site this small)
  expect(requests.some((url) => url.pathname === '/pagefind/shards.json')).toBe(true);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('test_search_page_without_javascript_links_to_the_lists_it_would_search', async ({ page }) => {
    await page.goto('/en/search/');
    await expect(page.getByRole('searchbox')).toBeHidden();
    await expect(page.getByText('Search needs JavaScript')).toBeVisible();
    for (const href of ['/en/papers/', '/en/program/', '/en/speakers/']) {
      await expect(page.locator(`main a[href="${href}"]`)).toBeVisible();
    }
  });
});

test('test_search_recovers_when_loading_the_search_engine_failed_once', async ({ page }) => {
  // The first request for the search engine is dropped (the venue's Wi-Fi): the page loads it
  // ahead of typing, and that failure must not leave the search broken.
  let dropped = 0;
  await page.route('**/pagefind/pagefind.js*', async (route) => {
    if (dropped++ === 0) await route.abort('connectionreset');
    else await route.continue();
  });
  await page.goto('/en/search/');
  await expect.poll(() => dropped, { timeout: 10_000 }).toBeGreaterThan(0);
  await page.getByRole('searchbox').fill('hotline');
  await expect(page.getByRole('status')).toHaveText(/^\d+ results for “hotline”\.$/, { timeout: 10_000 });
  expect(dropped).toBe(2);
});

test('test_search_says_it_could_not_load_when_the_engine_stays_unreachable', async ({ page }) => {
  await page.route('**/pagefind/pagefind.js*', (route) => route.abort('connectionreset'));
  await page.goto('/en/search/');
  await page.getByRole('searchbox').fill('hotline');
  await expect(page.getByRole('status')).toHaveText('Search could not load. Check your connection and try again.', { timeout: 10_000 });
});
