/**
 * Cache keys for incremental builds (astro.config.mjs `experimental.incrementalBuild`): Astro
 * reuses a prerendered page from the previous build when its key and its code are unchanged,
 * so a key must cover everything the page reads. Three scopes:
 * - 'all': every content entry (and the day of the build: some pages show what is upcoming);
 * - 'all-but-papers': every entry except papers, plus the page's own props (a paper's pages
 *   read that paper, its session, edition and collection, never another paper);
 * - 'props': only the props (a page drawn from its props alone, like an Open Graph picture).
 * `also` adds what else a page reads to the key (a list page: the facets of every paper).
 * A one-paper change then rebuilds that paper's pages and the pages listing it.
 */
import { createHash } from 'node:crypto';
import { getCollection } from 'astro:content';
import { collections } from '../content.config.ts';

export type CacheScope = 'all' | 'all-but-papers' | 'props';

const digests = new Map<string, Promise<string>>();

function entryText(entry: { id: string; digest?: string | number; data: unknown; body?: string }): string {
  return `${entry.id}\0${entry.digest ?? JSON.stringify(entry.data) + (entry.body ?? '')}`;
}

function contentDigest(skipPapers: boolean): Promise<string> {
  const name = skipPapers ? 'all-but-papers' : 'all';
  let digest = digests.get(name);
  if (!digest) {
    digest = (async () => {
      const hash = createHash('sha256').update(new Date().toISOString().slice(0, 10));
      for (const collection of Object.keys(collections).sort() as (keyof typeof collections)[]) {
        if (skipPapers && collection === 'papers') continue;
        const entries = await getCollection(collection);
        for (const entry of entries.map(entryText).sort()) hash.update(`${collection}\0${entry}\n`);
      }
      return hash.digest('hex');
    })();
    digests.set(name, digest);
  }
  return digest;
}

/** The paths with a `cacheKey` each, for the scope of what the page reads. */
export async function withCacheKeys<P extends { params: Record<string, string | undefined>; props?: unknown }>(
  paths: P[],
  scope: CacheScope,
  also = '',
): Promise<(P & { cacheKey: string })[]> {
  if (scope === 'all') {
    const key = await contentDigest(false);
    return paths.map((p) => ({ ...p, cacheKey: key }));
  }
  const base = scope === 'props' ? '' : await contentDigest(true);
  return paths.map((p) => ({
    ...p,
    cacheKey: createHash('sha256')
      .update(`${base}\0${JSON.stringify(p.params)}\0${JSON.stringify(p.props ?? null)}\0${also}`)
      .digest('hex'),
  }));
}
