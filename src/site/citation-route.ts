/**
 * A paper's citation file (BibTeX, RIS), made on request rather than at build time: two small
 * files per paper and language were half the files of a build with 1,000 papers, and a
 * publish copied every one of them again.
 */
import type { APIRoute } from 'astro';
import { isLocale } from '../i18n/t.ts';
import type { CitationContext } from '../features/papers/citation.ts';
import type { PaperInfo } from '../features/program/program.types.ts';
import { loadSite } from './content.ts';
import { notFound } from './not-found.ts';
import { baseUrl } from './paths.ts';

export function citationRoute(format: (paper: PaperInfo, ctx: CitationContext) => string, contentType: string): APIRoute {
  return async ({ params, site }) => {
    const { locale } = params;
    if (!isLocale(locale)) return notFound();
    const paper = (await loadSite()).papers.find((p) => p.id === params.id);
    if (!paper) return notFound();
    return new Response(format(paper, { locale, baseUrl: baseUrl(site) }), { headers: { 'Content-Type': contentType } });
  };
}
