import { expect, test, type Page } from '@playwright/test';

// The flows fixture is built with small search index shards (SEARCH_SHARD_PAGES in
// build:upcoming): its search page merges them. The site fixture has the same pages in one index.
const singleIndex = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 4329)}`;

/** Searches on the page's search form and shows every hit; their paths, sorted. */
async function allHits(page: Page, query: string): Promise<string[]> {
  await page.getByRole('searchbox').fill(query);
  await expect(page.getByRole('status')).toHaveText(new RegExp(`^\\d+ results for “${query}”\\.`), { timeout: 10_000 });
  const more = page.getByRole('button', { name: 'Show 10 more results' });
  const hits = page.locator('#search-results > li');
  while (await more.isVisible()) {
    const before = await hits.count();
    await more.click();
    await expect(hits).not.toHaveCount(before);
  }
  const total = Number((await page.getByRole('status').textContent())!.match(/^(\d+)/)![1]);
  await expect(hits).toHaveCount(total);
  const hrefs = await page
    .locator('#search-results h2 a')
    .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  return hrefs.sort();
}

/** Requests that failed and errors the page threw: printed when the test fails, to say why. */
const trouble: string[] = [];

// Playwright reads the fixtures from the first parameter's pattern: none are needed here.
// eslint-disable-next-line no-empty-pattern
test.afterEach(({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus && trouble.length) console.log(`${testInfo.title}:\n${trouble.join('\n')}`);
  trouble.length = 0;
});

test('test_search_merges_the_index_shards_and_finds_what_one_index_finds', async ({ page, context }) => {
  const shardChunks: string[] = [];
  context.on('request', (request) => {
    if (/\/pagefind\/shard-\d+\/index\//.test(request.url())) shardChunks.push(request.url());
  });
  context.on('requestfailed', (request) => trouble.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
  context.on('response', (response) => {
    if (response.status() >= 400) trouble.push(`${response.status()}: ${response.url()}`);
  });
  page.on('pageerror', (error) => trouble.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') trouble.push(`console: ${message.text()}`);
  });
  const listed = page.waitForResponse((response) => response.url().endsWith('/pagefind/shards.json'));
  await page.goto('/en/search/');
  expect(((await (await listed).json()) as string[]).length).toBeGreaterThan(1);

  const sharded = await allHits(page, 'hotline');
  // Every shard was searched, and the hits are the same pages as with one index.
  expect(new Set(shardChunks.map((url) => url.match(/shard-\d+/)![0])).size).toBeGreaterThan(1);
  expect(sharded.length).toBeGreaterThan(10);
  await page.goto(`${singleIndex}/en/search/`);
  expect(await allHits(page, 'hotline')).toEqual(sharded);
});
