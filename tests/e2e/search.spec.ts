import { expect, test } from '@playwright/test';

for (const { locale, query, lang } of [
  { locale: 'en', query: 'grid management', lang: 'en' },
  { locale: 'zh', query: '网格化管理', lang: 'zh-CN' },
  { locale: 'zh-hant', query: '網格化管理', lang: 'zh-Hant' },
]) {
  test(`test_search_finds_a_paper_by_keyword_in_${locale}`, async ({ page }) => {
    await page.goto(`/${locale}/search/`);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    const input = page.locator('pagefind-input input');
    await input.fill(query);
    const hit = page.locator(`pagefind-results a[href*="/${locale}/papers/"]`).first();
    await expect(hit).toBeVisible({ timeout: 10_000 });
    await hit.click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/papers/[^/]+/$`));
    await expect(page.locator('main')).toContainText(query);
  });
}
