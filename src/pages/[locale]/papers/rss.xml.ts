import { type Locale, str } from '../../../i18n/locale.ts';
import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { loadSite } from '../../../site/content.ts';
import { localePaths } from '../../../site/paths.ts';
import { t } from '../../../i18n/t.ts';
import { routes } from '../../../lib/routes.ts';

export const getStaticPaths = localePaths;

/** Newest papers first; pubDate is the publication date, or 1 January of the paper's year. */
export const GET: APIRoute = async ({ params, site }) => {
  const locale = params.locale as Locale;
  const { event, papers } = await loadSite();
  const dated = papers
    .map((p) => ({ paper: p, date: new Date(`${p.published ?? `${p.year}-01-01`}T00:00:00Z`) }))
    .sort((a, b) => b.date.getTime() - a.date.getTime());
  return rss({
    title: `${str(event.shortName, locale)} · ${t(locale, 'papers.title')}`,
    description: t(locale, 'papers.intro'),
    site: site ?? 'http://localhost:4321',
    customData: `<language>${locale === 'en' ? 'en' : 'zh-cn'}</language>`,
    items: dated.map(({ paper, date }) => ({
      title: str(paper.title, locale),
      link: routes.paper(locale, paper.id),
      pubDate: date,
      description: str(paper.abstract, locale),
      categories: [str(paper.collection.title, locale)],
    })),
  });
};
