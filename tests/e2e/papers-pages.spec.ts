import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './helpers.ts';
import { expectValidHtml } from './valid-html.ts';

// The two-edition fixture is built with PAPERS_PER_PAGE=6 (package.json build:upcoming):
// its 15 papers make three pages of the index, and facet pages with more than six papers paginate too.

test('test_the_papers_index_is_paginated_with_rel_links_and_the_current_page_marked', async ({ page }) => {
  await page.goto('/en/papers/');
  const nav = page.getByRole('navigation', { name: 'Pages of the list' });
  await expect(page.locator('.papers-list > li')).toHaveCount(6);
  await expect(nav.locator('a[aria-current="page"]')).toHaveText('1');
  await expect(page.locator('head link[rel="next"]')).toHaveAttribute('href', '/en/papers/page/2/');
  await expect(page.locator('head link[rel="prev"]')).toHaveCount(0);
  await nav.locator('a[rel="next"]').click();

  await expect(page).toHaveURL(/\/en\/papers\/page\/2\/$/);
  await expect(page).toHaveTitle(/page 2 of 3/);
  await expect(page.locator('.papers-list > li')).toHaveCount(6);
  await expect(nav.locator('a[aria-current="page"]')).toHaveAccessibleName('Page 2');
  await expect(page.locator('head link[rel="prev"]')).toHaveAttribute('href', '/en/papers/');
  await expect(page.locator('head link[rel="next"]')).toHaveAttribute('href', '/en/papers/page/3/');
  await expectNoAxeViolations(page);
  await expectValidHtml(await page.content());

  await nav.getByRole('link', { name: 'Page 3' }).click();
  await expect(page.locator('.papers-list > li')).toHaveCount(3);
  await expect(nav.locator('a[rel="next"]')).toHaveCount(0);
  await expect(page.locator('head link[rel="next"]')).toHaveCount(0);
});

test('test_every_paper_appears_once_across_the_pages_in_each_language', async ({ request }) => {
  for (const locale of ['en', 'zh', 'zh-hant']) {
    const links: string[] = [];
    for (const path of [`/${locale}/papers/`, `/${locale}/papers/page/2/`, `/${locale}/papers/page/3/`]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(200);
      const html = await response.text();
      await expectValidHtml(html);
      const list = html.slice(html.indexOf('class="papers-list"'), html.indexOf('</ul>', html.indexOf('class="papers-list"')));
      links.push(...[...list.matchAll(/href="([^"]+)"/g)].map((m) => m[1]));
    }
    expect(links, locale).toHaveLength(15);
    expect(new Set(links).size, locale).toBe(15);
    expect((await request.get(`/${locale}/papers/page/4/`)).status()).toBe(404);
  }
});

test('test_a_facet_page_with_more_papers_than_a_page_is_paginated', async ({ page }) => {
  await page.goto('/zh/papers/year/2024/');
  const nav = page.getByRole('navigation', { name: '列表分页' });
  await expect(nav.locator('a[aria-current="page"]')).toHaveText('1');
  await nav.locator('a[rel="next"]').click();
  await expect(page).toHaveURL(/\/zh\/papers\/year\/2024\/page\/2\/$/);
  await expect(page.locator('head link[rel="prev"]')).toHaveAttribute('href', '/zh/papers/year/2024/');
  await expect(nav.locator('a[aria-current="page"]')).toHaveText('2');
  await expectNoAxeViolations(page);
  await expectValidHtml(await page.content());
});
