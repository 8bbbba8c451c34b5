/**
 * /{locale}/og/program.png, /{locale}/og/sessions/{id}.png and /{locale}/og/papers/{id}.png
 * (routes.ogImage): the card is made from the published content, the picture drawn on the
 * first request and then read from DATA_DIR/og (features/og/og-cache.ts). An unknown path is a
 * 404 before anything is drawn.
 */
import type { APIRoute } from 'astro';
import { str, type Locale } from '../i18n/locale.ts';
import { isLocale, t } from '../i18n/t.ts';
import { formatDay } from '../lib/zoned-time.ts';
import type { OgCard } from '../features/og/og-image.ts';
import { ogFolder, ogPicture } from '../features/og/og-cache.ts';
import { settings } from '../server/config.ts';
import { loadSite } from './content.ts';
import { notFound } from './not-found.ts';

type Site = Awaited<ReturnType<typeof loadSite>>;

/** The card a path names, or undefined for a path that names no page. */
export function ogCard({ event, sessions, papers }: Site, locale: Locale, path: string): OgCard | undefined {
  const footer = `${str(event.shortName, locale)} · ${str(event.edition, locale)}`;
  if (path === 'program') return { kicker: t(locale, 'program.title'), title: str(event.name, locale), footer };
  const [kind, id, ...rest] = path.split('/');
  if (rest.length) return undefined;
  if (kind === 'sessions') {
    const s = sessions.find((session) => session.id === id);
    return s && { kicker: `${formatDay(s.date, locale, event.timezone)} · ${s.start}–${s.end}`, title: str(s.title, locale), footer };
  }
  if (kind === 'papers') {
    const p = papers.find((paper) => paper.id === id);
    return p && { kicker: `${str(p.collection.title, locale)} · ${p.year}`, title: str(p.title, locale), footer };
  }
  return undefined;
}

export const ogRoute: APIRoute = async ({ params, request }) => {
  const { locale, path } = params;
  if (!isLocale(locale) || !path) return notFound();
  const card = ogCard(await loadSite(), locale, path);
  if (!card) return notFound();
  const { png, etag } = await ogPicture(ogFolder(settings.dataDir), card);
  // Not immutable: the address stays when a title changes, so link previews revalidate.
  const headers = { 'Content-Type': 'image/png', 'Cache-Control': 'public, max-age=3600', ETag: etag };
  const ifNoneMatch = request.headers.get('if-none-match');
  if (ifNoneMatch?.split(',').some((tag) => tag.trim() === etag)) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(png), { headers });
};
