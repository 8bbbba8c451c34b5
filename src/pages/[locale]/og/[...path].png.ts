import { withCacheKeys } from '../../../site/cache-keys.ts';
import type { APIRoute } from 'astro';
import { locales, str, type Locale } from '../../../i18n/locale.ts';
import { t } from '../../../i18n/t.ts';
import { loadSite } from '../../../site/content.ts';
import { formatDay } from '../../../lib/zoned-time.ts';
import { renderOgPng, type OgCard } from '../../../features/og/og-image.ts';

/**
 * Open Graph pictures, drawn at build time: /{locale}/og/program.png,
 * /{locale}/og/sessions/{id}.png and /{locale}/og/papers/{id}.png (see routes.og*).
 */
export async function getStaticPaths() {
  const { event, sessions, papers } = await loadSite();
  // Benchmarks that do not look at these pictures (bench/search.mjs) skip them: at 10,000 papers
  // they are 30,000 PNGs, most of the build's time. Never set for a site that is published.
  const skipPictures = process.env.BENCH_SKIP_OG_IMAGES === '1';
  const paths = locales.flatMap((locale: Locale) => {
    const footer = `${str(event.shortName, locale)} · ${str(event.edition, locale)}`;
    const card = (path: string, c: Omit<OgCard, 'footer'>) => ({ params: { locale, path }, props: { ...c, footer } });
    return [
      card('program', { kicker: t(locale, 'program.title'), title: str(event.name, locale) }),
      ...(skipPictures ? [] : sessions).map((s) =>
        card(`sessions/${s.id}`, {
          kicker: `${formatDay(s.date, locale, event.timezone)} · ${s.start}–${s.end}`,
          title: str(s.title, locale),
        }),
      ),
      ...(skipPictures ? [] : papers).map((p) =>
        card(`papers/${p.id}`, { kicker: `${str(p.collection.title, locale)} · ${p.year}`, title: str(p.title, locale) }),
      ),
    ];
  });
  return withCacheKeys(paths, 'props');
}

export const GET: APIRoute = async ({ props }) => {
  const png = await renderOgPng(props as OgCard);
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
};
