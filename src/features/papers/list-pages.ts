/** Papers on one page of the papers index and of each facet page (the rest on /page/2/ …). */
export const papersPerPage = 50;

/** One page of a long list: its number (from 1), how many pages and items the list has, its items. */
export interface ListPage<T> {
  number: number;
  total: number;
  count: number;
  items: T[];
}

/** A list cut into pages of `perPage`; an empty list still has its (empty) first page. */
export function paginate<T>(items: readonly T[], perPage: number = papersPerPage): ListPage<T>[] {
  if (!Number.isInteger(perPage) || perPage < 1) throw new RangeError(`perPage must be a positive integer, not ${perPage}`);
  const total = Math.max(1, Math.ceil(items.length / perPage));
  return Array.from({ length: total }, (_, i) => ({
    number: i + 1,
    total,
    count: items.length,
    items: items.slice(i * perPage, (i + 1) * perPage),
  }));
}
