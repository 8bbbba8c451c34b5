/**
 * The few parts of Pagefind's browser API (pagefind.js, written into the site by the build)
 * that the search page uses: search() returns every hit with its score at once, and data()
 * loads one hit's title and excerpt, so the page only fetches what it shows. The index is built
 * in shards (scripts/search-index.mjs): /pagefind/ and the folders listed in shards.json, merged
 * here into one search.
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

interface IndexOptions {
  excerptLength?: number;
}

export interface Pagefind {
  options: (options: IndexOptions) => Promise<void>;
  init: () => Promise<void>;
  mergeIndex: (path: string, options?: IndexOptions) => Promise<void>;
  preload: (term: string) => Promise<void>;
  search: (term: string, options?: { filters?: Record<string, string> }) => Promise<PagefindResults | null>;
}

/** Words around the first match in an excerpt (Pagefind's default is 30). */
const OPTIONS: IndexOptions = { excerptLength: 24 };

let loading: Promise<Pagefind> | undefined;
let attempts = 0;

/** The other shards of the index; none when the build wrote a single index. */
async function shardPaths(bundle: string): Promise<string[]> {
  const response = await fetch(`${bundle}shards.json`);
  if (!response.ok) return [];
  const paths: unknown = await response.json();
  return Array.isArray(paths) ? paths.filter((path): path is string => typeof path === 'string') : [];
}

/**
 * Loads /pagefind/pagefind.js once and merges the shards; each picks the index of the page's
 * <html lang>. A load that failed (a request dropped by the venue's Wi-Fi) is forgotten, so the
 * next search loads again instead of failing for as long as the page is open.
 */
export function loadPagefind(bundle: string): Promise<Pagefind> {
  if (!loading) {
    const attempt = load(bundle, attempts++);
    loading = attempt;
    attempt.catch(() => {
      if (loading === attempt) loading = undefined;
    });
  }
  return loading;
}

async function load(bundle: string, attempt: number): Promise<Pagefind> {
  // The browser keeps a failed module import under its address: a new attempt asks under another
  // (Pagefind finds its files next to pagefind.js whatever the query string).
  const script = `${bundle}pagefind.js${attempt ? `?attempt=${attempt}` : ''}`;
  // A file of the built site, not of the bundle: Vite must leave the import as it is.
  const [pagefind, shards] = await Promise.all([import(/* @vite-ignore */ script) as Promise<Pagefind>, shardPaths(bundle)]);
  await pagefind.options(OPTIONS);
  await pagefind.init();
  // .options() reaches the first index only: each merged shard gets them here.
  await Promise.all(shards.map((path) => pagefind.mergeIndex(path, OPTIONS)));
  return pagefind;
}
