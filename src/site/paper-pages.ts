/**
 * getStaticPaths of the paginated papers index and facet pages: page 1 keeps its address
 * (/en/papers/, /en/papers/year/2024/), the pages after it sit under …/page/2/. Every one lists
 * papers: its cache key covers the content other than papers, the papers it lists (its props)
 * and the facets of every paper (the facet list and the keyword pairs read them), so a paper's
 * new title rebuilds only the pages that list that paper.
 */
import { locales } from '../i18n/locale.ts';
import { t } from '../i18n/t.ts';
import type { PaperInfo } from '../features/program/program.types.ts';
import { facetNames, facetValues, type FacetName } from '../features/papers/facets.ts';
import { paginate, papersPerPage, type ListPage } from '../features/papers/list-pages.ts';
import { loadSite } from './content.ts';
import { createHash } from 'node:crypto';
import { withCacheKeys } from './cache-keys.ts';

/** PAPERS_PER_PAGE (build time) lets a small test forum show several pages. */
const perPage = Number(process.env.PAPERS_PER_PAGE) || papersPerPage;

export interface PapersIndexProps {
  page: ListPage<PaperInfo>;
}
export interface PaperFacetProps {
  label: string;
  page: ListPage<PaperInfo>;
}

/** What every list page reads of the papers it does not list: their facets, in list order. */
async function facetsKey(): Promise<string> {
  const { papers } = await loadSite();
  const facets = papers.map((p) => [p.id, p.collection, p.keywords, p.year, p.language]);
  return createHash('sha256').update(JSON.stringify(facets)).digest('hex');
}

const pageParam = (page: ListPage<unknown>) => ({ page: String(page.number) });

async function indexPages() {
  const { papers } = await loadSite();
  return locales.flatMap((locale) => paginate(papers, perPage).map((page) => ({ locale, page })));
}

async function facetPages() {
  const { papers } = await loadSite();
  return locales.flatMap((locale) =>
    facetNames.flatMap((facet: FacetName) =>
      facetValues(papers, facet, locale, (l) => t(locale, `lang.${l}` as const)).flatMap((v) =>
        paginate(v.papers, perPage).map((page) => ({ locale, facet, value: v.slug, label: v.label, page })),
      ),
    ),
  );
}

/** /[locale]/papers/ */
export async function papersIndexPaths() {
  return withCacheKeys(
    (await indexPages()).filter((p) => p.page.number === 1).map(({ locale, page }) => ({ params: { locale }, props: { page } })),
    'all-but-papers',
    await facetsKey(),
  );
}

/** /[locale]/papers/page/[page]/ */
export async function papersIndexLaterPaths() {
  return withCacheKeys(
    (await indexPages())
      .filter((p) => p.page.number > 1)
      .map(({ locale, page }) => ({ params: { locale, ...pageParam(page) }, props: { page } })),
    'all-but-papers',
    await facetsKey(),
  );
}

/** /[locale]/papers/[facet]/[value]/ */
export async function paperFacetPaths() {
  return withCacheKeys(
    (await facetPages())
      .filter((p) => p.page.number === 1)
      .map(({ locale, facet, value, label, page }) => ({ params: { locale, facet, value }, props: { label, page } })),
    'all-but-papers',
    await facetsKey(),
  );
}

/** /[locale]/papers/[facet]/[value]/page/[page]/ */
export async function paperFacetLaterPaths() {
  return withCacheKeys(
    (await facetPages())
      .filter((p) => p.page.number > 1)
      .map(({ locale, facet, value, label, page }) => ({ params: { locale, facet, value, ...pageParam(page) }, props: { label, page } })),
    'all-but-papers',
    await facetsKey(),
  );
}
