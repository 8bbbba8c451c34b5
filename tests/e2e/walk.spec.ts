import { expect, test } from '@playwright/test';
import { recordRequests, switchLanguageAndBack } from './helpers.ts';

test('test_root_chooses_the_language_from_accept_language', async ({ browser }) => {
  const zh = await browser.newContext({ locale: 'zh-CN', extraHTTPHeaders: { 'Accept-Language': 'zh-CN,zh;q=0.9' } });
  const zhPage = await zh.newPage();
  await zhPage.goto('/');
  await expect(zhPage).toHaveURL(/\/zh\/?$/);
  await expect(zhPage.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await zh.close();

  const en = await browser.newContext({ extraHTTPHeaders: { 'Accept-Language': 'en-GB,en;q=0.8' } });
  const enPage = await en.newPage();
  await enPage.goto('/');
  await expect(enPage).toHaveURL(/\/en\/?$/);
  await en.close();
});

test('test_walk_home_to_program_to_parallel_session_to_speaker_to_paper_to_cite_switching_language_on_each', async ({ page }) => {
  const requests = recordRequests(page);
  await page.goto('/en/');
  await expect(page.locator('h1')).toContainText('Beijing Forum on Swift Response to Public Complaints');
  await switchLanguageAndBack(page);

  await page.getByRole('navigation', { name: 'Site menu' }).getByRole('link', { name: 'Program' }).click();
  await expect(page.locator('h1')).toHaveText('Program');
  await switchLanguageAndBack(page);
  await switchLanguageAndBack(page, 'zh-hant');

  await page.locator('.session-card', { hasText: 'P1' }).getByRole('link').click();
  await expect(page).toHaveURL(/\/en\/sessions\/[^/]+\/$/);
  await expect(page.locator('main')).toContainText('Parallel session');
  await switchLanguageAndBack(page);

  await page.locator('ol.agenda a[href*="/speakers/"]').first().click();
  await expect(page).toHaveURL(/\/en\/speakers\/[^/]+\/$/);
  await switchLanguageAndBack(page);

  await page.getByRole('navigation', { name: 'Site menu' }).getByRole('link', { name: 'Papers' }).click();
  await page.locator('.papers-list a').first().click();
  await expect(page).toHaveURL(/\/en\/papers\/[^/]+\/$/);
  await switchLanguageAndBack(page);

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('link', { name: 'BibTeX' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/\.bib$/);
  const bib = await (await download.createReadStream()).toArray();
  expect(Buffer.concat(bib).toString('utf8')).toMatch(/^@incollection\{/);

  const hosts = new Set(requests.map((u) => u.host));
  expect([...hosts]).toEqual([new URL(page.url()).host]);
});

test('test_citation_files_are_made_on_request_in_the_page_language_and_unknown_papers_get_404', async ({ request }) => {
  const ris = await request.get('/zh-hant/papers/hotline-evaluation-framework.ris');
  expect(ris.status()).toBe(200);
  expect(ris.headers()['content-type']).toBe('application/x-research-info-systems; charset=utf-8');
  expect(await ris.text()).toMatch(/^TY {2}- CHAP[\s\S]*熱線/);
  const bib = await request.get('/en/papers/hotline-evaluation-framework.bib');
  expect(await bib.text()).toContain('A Framework for Evaluating City Hotline Services');
  expect((await request.get('/en/papers/no-such-paper.bib')).status()).toBe(404);
  expect((await request.get('/xx/papers/hotline-evaluation-framework.ris')).status()).toBe(404);
});

test('test_times_stay_in_the_event_timezone_whatever_the_browser_zone', async ({ page }) => {
  // The browser runs in America/New_York (playwright.config.ts).
  await page.goto('/en/program/');
  await expect(page.locator('.lead')).toContainText('China Standard Time');
  await expect(page.locator('.slot-time').first()).toContainText('09:00');
  await page.goto('/zh/program/');
  await expect(page.locator('.lead')).toContainText('中国标准时间');
  await expect(page.locator('.slot-time').first()).toContainText('09:00');
});
