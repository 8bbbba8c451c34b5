/**
 * A paper's citation file (BibTeX, RIS), made on request rather than at build time: two small
 * files per paper and language were half the files of a build with 1,000 papers, and a
 * publish copied every one of them again.
 */
import type { APIRoute } from 'astro';
import { isLocale } from '../i18n/t.ts';
import type { Locale } from '../i18n/locale.ts';
import type { PaperInfo } from '../features/program/program.types.ts';
import { loadSite } from './content.ts';
import { baseUrl } from './paths.ts';

type Format = (paper: PaperInfo, options: { locale: Locale; baseUrl: string }) => string;

export function citationRoute(format: Format, contentType: string): APIRoute {
  return async ({ params, site }) => {
    const paper = isLocale(params.locale) ? (await loadSite()).papers.find((p) => p.id === params.id) : undefined;
    if (!paper || !isLocale(params.locale))
      return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    return new Response(format(paper, { locale: params.locale, baseUrl: baseUrl(site) }), { headers: { 'Content-Type': contentType } });
  };
}
