/**
 * The few parts of Pagefind's browser API (pagefind.js, written into the site by the build)
 * that the search page uses: search() returns every hit with its score at once, and data()
 * loads one hit's title and excerpt, so the page only fetches what it shows.
 */
export interface PagefindHit {
  id: string;
  data: () => Promise<PagefindPage>;
}

export interface PagefindPage {
  url: string;
  /** Text with the matching words in <mark> elements (HTML). */
  excerpt: string;
  meta: Record<string, string | undefined>;
  filters: Record<string, string[]>;
}

export interface PagefindResults {
  results: PagefindHit[];
  /** Hits per value of each filter, for this query without the filters applied. */
  totalFilters: Record<string, Record<string, number>>;
}

export interface Pagefind {
  options: (options: { excerptLength?: number }) => Promise<void>;
  init: () => Promise<void>;
  preload: (term: string) => Promise<void>;
  search: (term: string, options?: { filters?: Record<string, string> }) => Promise<PagefindResults | null>;
}

let loading: Promise<Pagefind> | undefined;

/** Loads /pagefind/pagefind.js once; it picks the index of the page's <html lang>. */
export function loadPagefind(bundle: string): Promise<Pagefind> {
  loading ??= (async () => {
    // A file of the built site, not of the bundle: Vite must leave the import as it is.
    const pagefind = (await import(/* @vite-ignore */ `${bundle}pagefind.js`)) as Pagefind;
    await pagefind.options({ excerptLength: 24 });
    await pagefind.init();
    return pagefind;
  })();
  return loading;
}
