import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './helpers.ts';

/** The element lies wholly inside the visible viewport (no scrolling needed to see it). */
async function expectInViewport(page: Page, locator: Locator): Promise<void> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  expect(box, 'element is rendered').not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
  expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
}

for (const locale of ['en', 'zh'] as const) {
  test.describe(`phone ${locale}`, () => {
    test.use({ viewport: { width: 375, height: 667 } });

    test(`test_header_${locale}_at_375px_shows_register_search_and_language_without_scrolling`, async ({ page }) => {
      await page.goto(`/${locale}/program/`);
      const header = page.locator('header.site-header');
      await expectInViewport(page, header.locator('a.register-button'));
      await expectInViewport(page, header.locator('a.search-link'));
      // One link per other language (three locales: two links), each in view.
      const languages = header.locator('a.lang-switch');
      expect(await languages.count()).toBe(2);
      for (const link of await languages.all()) await expectInViewport(page, link);
      // Nothing in the header scrolls sideways or sticks out.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(overflow).toBeLessThanOrEqual(375);
      await expect(header.locator('a.register-button')).toHaveAttribute('href', `/${locale}/register/`);
      await expect(header.locator('a.search-link')).toHaveAttribute('href', `/${locale}/search/`);
    });

    test(`test_more_menu_${locale}_opens_with_the_keyboard_and_lists_prose_pages`, async ({ page }) => {
      await page.goto(`/${locale}/`);
      const more = page.locator('.site-nav details.more');
      await more.locator('summary').focus();
      await page.keyboard.press('Enter');
      await expect(more).toHaveAttribute('open', '');
      const links = more.locator('ul a');
      expect(await links.count()).toBeGreaterThan(0);
      await expectInViewport(page, links.first());
      await expectNoAxeViolations(page);
    });

    test(`test_papers_page_${locale}_lists_the_first_paper_before_the_filters`, async ({ page }) => {
      await page.goto(`/${locale}/papers/`);
      const firstPaper = await page.locator('.papers-list li').first().boundingBox();
      const filters = await page.locator('.facets-block').boundingBox();
      expect(firstPaper!.y).toBeLessThan(filters!.y);
      // The filters are one closed block; keywords beyond the top ones sit behind "more".
      await expect(page.locator('.facets-block > details')).not.toHaveAttribute('open');
      await page.locator('.facets-block > details > summary').click();
      const keywords = page.locator('#facet-keyword + ul > li');
      expect(await keywords.count()).toBeLessThanOrEqual(10);
      await expectNoAxeViolations(page);
    });
  });
}

test.describe('desktop header', () => {
  test.use({ viewport: { width: 1280, height: 800 } });
  for (const locale of ['en', 'zh'] as const) {
    test(`test_header_${locale}_at_1280px_is_one_line`, async ({ page }) => {
      await page.goto(`/${locale}/`);
      const brand = await page.locator('header .brand').boundingBox();
      for (const selector of ['.site-nav', 'a.register-button', 'a.search-link', 'a.lang-switch']) {
        const box = await page.locator(`header ${selector}`).first().boundingBox();
        // Same line: every item overlaps the brand's vertical band.
        expect(box!.y, selector).toBeLessThan(brand!.y + brand!.height);
        expect(box!.y + box!.height, selector).toBeGreaterThan(brand!.y);
      }
    });
  }
});

test.describe('dark colour scheme', () => {
  test.use({ colorScheme: 'dark' });
  for (const path of [
    '/en/',
    '/zh/program/',
    '/en/sessions/parallel-1/',
    '/zh/papers/',
    '/en/papers/grid-management-community-response/',
    '/en/register/',
    '/zh/speakers/speaker-c/',
  ]) {
    test(`test_dark_scheme_${path.replaceAll('/', '_')}_axe_finds_no_violation`, async ({ page }) => {
      await page.goto(path);
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).not.toBe('rgb(255, 255, 255)');
      await expectNoAxeViolations(page);
    });
  }
});

test('test_print_program_hides_the_menu_and_starts_each_day_on_a_page', async ({ page }) => {
  await page.emulateMedia({ media: 'print' });
  await page.goto('/en/program/');
  await expect(page.locator('header.site-header')).toBeHidden();
  await expect(page.locator('footer.site-footer')).toBeHidden();
  const breaks = await page.locator('section.day').evaluateAll((days) => days.map((d) => getComputedStyle(d).breakBefore));
  expect(breaks.length).toBeGreaterThan(1);
  expect(breaks.slice(1).every((b) => b === 'page')).toBe(true);
});

test('test_keyword_page_names_its_translation_in_hreflang_and_the_switch_goes_there', async ({ page }) => {
  await page.goto('/en/papers/keyword/accountability/');
  const zh = page.locator('link[rel="alternate"][hreflang="zh-Hans"]');
  await expect(zh).toHaveAttribute('href', /\/zh\/papers\/keyword\/%E9%97%AE%E8%B4%A3\/$/);
  await page.locator('a.lang-switch[lang="zh-CN"]').click();
  await expect(page.locator('link[rel="alternate"][hreflang="en"]')).toHaveAttribute('href', /\/en\/papers\/keyword\/accountability\/$/);
});

for (const path of ['/en/program/', '/zh/sessions/parallel-1/', '/en/papers/grid-management-community-response/']) {
  test(`test_open_graph_picture_of_${path.replaceAll('/', '_')}_is_a_1200x630_png_of_this_site`, async ({ page, request }) => {
    await page.goto(path);
    const image = await page.locator('meta[property="og:image"]').getAttribute('content');
    expect(image).toMatch(/\/og\/.+\.png$/);
    // SITE_URL of the build names the host; the picture itself is served by this server.
    const response = await request.get(new URL(image!).pathname);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('image/png');
    const png = await response.body();
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
  });
}

test('test_open_graph_pictures_are_drawn_on_request_revalidate_with_their_etag_and_unknown_pages_are_404', async ({ request }) => {
  const first = await request.get('/zh/og/papers/grid-management-community-response.png');
  expect(first.status()).toBe(200);
  const etag = first.headers()['etag'];
  expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
  expect(first.headers()['cache-control']).toBe('public, max-age=3600');
  const again = await request.get('/zh/og/papers/grid-management-community-response.png', { headers: { 'If-None-Match': etag } });
  expect(again.status()).toBe(304);
  // Each language draws its own card.
  const en = await request.get('/en/og/papers/grid-management-community-response.png');
  expect(en.headers()['etag']).not.toBe(etag);
  for (const path of [
    '/en/og/papers/no-such-paper.png',
    '/en/og/sessions/no-such-session.png',
    '/en/og/speakers/speaker-a.png',
    '/xx/og/program.png',
  ]) {
    expect((await request.get(path)).status(), path).toBe(404);
  }
});

// WCAG 1.4.10 (reflow): at 320 CSS px nothing scrolls sideways, in every language (the English
// header's actions are the widest: they wrap onto a second row).
test('test_every_page_type_at_320px_has_no_sideways_scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  const pages = [
    '/',
    '/program/',
    '/sessions/parallel-1/',
    '/speakers/',
    '/speakers/speaker-a/',
    '/papers/',
    '/papers/grid-management-community-response/',
    '/papers/year/2024/',
    '/register/',
    '/search/',
    '/visits/',
    '/venue/',
  ];
  for (const locale of ['en', 'zh', 'zh-hant']) {
    for (const path of pages) {
      await page.goto(`/${locale}${path}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `/${locale}${path}`).toBeLessThanOrEqual(320);
    }
  }
});

test('test_speakers_without_a_photo_show_the_neutral_placeholder', async ({ page }) => {
  await page.goto('/zh/speakers/');
  const cards = page.locator('li.speaker-card');
  // The example speakers are samples: none has a photo, so none gets an invented one.
  await expect(cards.first().locator('svg.speaker-photo-none')).toBeVisible();
  expect(await page.locator('li.speaker-card img').count()).toBe(0);
  await page.goto('/en/speakers/speaker-c/');
  await expect(page.locator('.speaker-head svg.speaker-photo-none')).toHaveAttribute('aria-hidden', 'true');
  await expectNoAxeViolations(page);
});
