import { expect, test } from '@playwright/test';
import { globSync, readFileSync } from 'node:fs';
import { SEARCH_PAGES } from '../../scripts/search-pages.mjs';

// The build gives Pagefind only the files SEARCH_PAGES names: a page with searchable content
// outside it would silently drop out of search.
test('test_every_built_page_with_searchable_content_is_given_to_the_search_index', () => {
  const searchable = globSync('dist/client/**/*.html')
    .filter((file) => !file.includes('/pagefind/'))
    .filter((file) => readFileSync(file, 'utf8').includes('data-pagefind-body'))
    .sort();
  expect(searchable.length).toBeGreaterThan(50);
  const given = new Set(globSync(`dist/client/${SEARCH_PAGES}`));
  expect(searchable.filter((file) => !given.has(file))).toEqual([]);
  // sessions, speakers and papers of all three languages
  for (const part of ['/en/papers/', '/zh/sessions/', '/zh-hant/speakers/']) {
    expect(
      searchable.some((file) => file.includes(part)),
      part,
    ).toBe(true);
  }
});
