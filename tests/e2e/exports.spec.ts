import { expect, test } from '@playwright/test';

test('test_paper_pages_carry_google_scholar_citation_tags_and_scholarlyarticle_json_ld', async ({ page }) => {
  await page.goto('/en/papers/grid-management-community-response/');
  const meta = (name: string) => page.locator(`meta[name="${name}"]`);
  await expect(meta('citation_title')).toHaveAttribute('content', /.+/);
  expect(await meta('citation_author').count()).toBeGreaterThan(0);
  await expect(meta('citation_pdf_url')).toHaveAttribute('content', /^http:\/\/.+\/papers\/grid-management-community-response\.pdf$/);
  await expect(meta('citation_publication_date')).toHaveAttribute('content', /^\d{4}/);
  const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
  expect(jsonLd['@type']).toBe('ScholarlyArticle');
  const pdf = await page.request.get('/papers/grid-management-community-response.pdf');
  expect(pdf.status()).toBe(200);
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
});

test('test_home_and_session_pages_carry_schema_org_event_json_ld_with_the_08_00_offset', async ({ page }) => {
  for (const path of ['/en/', '/zh/sessions/parallel-4/']) {
    await page.goto(path);
    const data = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
    expect(data['@type']).toBe('Event');
    expect(data.startDate).toMatch(/^2024-12-\d\dT\d\d:\d\d:00\+08:00$/);
  }
});

test('test_calendar_schedule_feed_and_sitemap_exports_are_served', async ({ request }) => {
  const ics = await request.get('/en/program.ics');
  expect(ics.headers()['content-type']).toContain('text/calendar');
  expect(await ics.text()).toContain('DTSTART;TZID=Asia/Shanghai:20241219T090000');
  const session = await request.get('/zh/sessions/parallel-1.ics');
  expect((await session.text()).match(/BEGIN:VEVENT/g)).toHaveLength(1);
  const frab = await (await request.get('/en/schedule.json')).json();
  expect(frab.schedule.conference.time_zone_name).toBe('Asia/Shanghai');
  const rss = await request.get('/zh/papers/rss.xml');
  expect(await rss.text()).toContain('<rss');
  const sitemap = await request.get('/sitemap-index.xml');
  expect(sitemap.status()).toBe(200);
  const robots = await request.get('/robots.txt');
  expect(await robots.text()).toMatch(/Sitemap: http:\/\/.+\/sitemap-index\.xml/);
});

test('test_the_sitemap_lists_only_public_pages_and_every_page_names_its_language_alternates', async ({ request, page }) => {
  const sitemap = await (await request.get('/sitemap-0.xml')).text();
  const listed = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
  expect(listed.length).toBeGreaterThan(100);
  expect(listed.filter((path) => path.startsWith('/dev/'))).toEqual([]);
  // A keyword page has no equivalent in the other language: it names itself.
  await page.goto('/en/papers/keyword/hotline/');
  await expect(page.locator('link[rel=alternate][hreflang="en"]')).toHaveAttribute('href', /\/en\/papers\/keyword\/hotline\/$/);
  await page.goto('/zh/program/');
  await expect(page.locator('link[rel=alternate][hreflang]')).toHaveCount(4); // en, zh-Hans, zh-Hant, x-default
});
