import { describe, expect, it } from 'vitest';
import { paginate, papersPerPage } from '../../src/features/papers/list-pages.ts';
import { routes } from '../../src/lib/routes.ts';

describe('paginated lists', () => {
  it('test_a_list_is_cut_into_pages_that_keep_its_order_and_know_their_number_and_total', () => {
    const items = Array.from({ length: 120 }, (_, i) => i);
    const pages = paginate(items);
    expect(papersPerPage).toBe(50);
    expect(pages.map((p) => [p.number, p.total, p.count, p.items.length])).toEqual([
      [1, 3, 120, 50],
      [2, 3, 120, 50],
      [3, 3, 120, 20],
    ]);
    expect(pages.flatMap((p) => p.items)).toEqual(items);
  });

  it('test_a_short_or_empty_list_has_exactly_one_page', () => {
    expect(paginate([1, 2, 3], 50)).toEqual([{ number: 1, total: 1, count: 3, items: [1, 2, 3] }]);
    expect(paginate([], 50)).toEqual([{ number: 1, total: 1, count: 0, items: [] }]);
    expect(paginate([1, 2, 3, 4], 2).map((p) => p.items)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(() => paginate([1], 0)).toThrow(RangeError);
  });

  it('test_page_one_keeps_the_address_of_the_list_and_later_pages_sit_under_page', () => {
    expect(routes.papersPage('en', 1)).toBe(routes.papers('en'));
    expect(routes.papersPage('zh', 2)).toBe('/zh/papers/page/2/');
    expect(routes.paperFacetPage('en', 'year', 2024, 1)).toBe(routes.paperFacet('en', 'year', 2024));
    expect(routes.paperFacetPage('zh-hant', 'keyword', '热线', 3)).toBe('/zh-hant/papers/keyword/热线/page/3/');
  });
});
