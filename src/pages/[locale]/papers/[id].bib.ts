import { withCacheKeys } from '../../../site/cache-keys.ts';
import type { Locale } from '../../../i18n/locale.ts';
import type { APIRoute } from 'astro';
import type { PaperInfo } from '../../../features/program/program.types.ts';
import { toBibTeX } from '../../../features/papers/citation.ts';
import { loadSite } from '../../../site/content.ts';
import { baseUrl, localeItemPaths } from '../../../site/paths.ts';

export async function getStaticPaths() {
  const { papers } = await loadSite();
  return withCacheKeys(
    localeItemPaths(papers, (p) => ({ id: p.id })),
    'all-but-papers',
  );
}

export const GET: APIRoute<{ item: PaperInfo }> = ({ params, props, site }) =>
  new Response(toBibTeX(props.item, { locale: params.locale as Locale, baseUrl: baseUrl(site) }), {
    headers: { 'Content-Type': 'application/x-bibtex; charset=utf-8' },
  });
